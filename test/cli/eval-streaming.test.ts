import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

// `reward eval` holds bounded memory whatever its input and whoever reads its output
// (docs/trajectories.md, "Memory"): a slow reader slows the evaluation down instead of
// filling the memory, and problems are kept whole only up to a bound. Memory is measured as
// the child's own peak RSS, against the same command writing into a file.

const dir = mkdtempSync(join(tmpdir(), 'reward-eval-streaming-'));
after(() => rmSync(dir, { recursive: true, force: true }));
before(() => {
  const b = spawnSync(process.execPath, ['scripts/build.mjs'], { encoding: 'utf8' });
  assert.equal(b.status, 0, b.stderr);
});

// Preloaded into the child: its peak RSS (kB) written to a file at exit.
const preload = join(dir, 'maxrss.cjs');
writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(process.env.MAXRSS_FILE, String(process.resourceUsage().maxRSS)));\n`);

const spec = join(dir, 'walk.reward');
writeFileSync(spec, [
  'signal x: number in [0, 10] = obs[0]',
  'signal y: number in [0, 10] = obs[1]',
  'action a: number in [-1, 1] = action',
  'prop near = x < 1',
  'prop far = x > 9',
  'machine reach {',
  '  initial start',
  '  terminal done',
  '  start -> done when near',
  '}',
  'term move = x\' - x',
  'reward main {',
  '  reach',
  '  0.5 * move',
  '  -0.01 * a',
  '  -0.001',
  '}',
  '',
].join('\n'));

function writeSteps(file: string, steps: number): void {
  const lines: string[] = [];
  for (let i = 0; i <= steps; i++) {
    const last = i === steps || i % 1000 === 999;
    lines.push(`{"obs": [${(i % 97) / 9.7}, ${(i % 13) / 1.3}]${last ? ', "truncated": true' : `, "action": ${(i % 3) - 1}`}}`);
  }
  writeFileSync(file, lines.join('\n') + '\n');
}

/** Runs `reward ARGS` with stdout into a file or a pipe read only after `pauseMs`; peak RSS in MB. */
function run(args: string[], stdout: 'file' | 'slow pipe', pauseMs = 0): Promise<{ rssMb: number; bytes: number; status: number | null; stderr: string }> {
  const rssFile = join(dir, `rss-${Math.random()}.txt`);
  const env = { ...process.env, MAXRSS_FILE: rssFile };
  const argv = ['-r', preload, 'bin/reward.cjs', ...args];
  if (stdout === 'file') {
    const out = join(dir, 'out.txt');
    const fd = openSync(out, 'w');
    const r = spawnSync(process.execPath, argv, { env, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
    closeSync(fd);
    return Promise.resolve({ rssMb: Number(readFileSync(rssFile, 'utf8')) / 1024, bytes: readFileSync(out).length, status: r.status, stderr: r.stderr });
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let bytes = 0;
    let stderr = '';
    child.stdout.pause();
    child.stdout.on('data', (b: Buffer) => (bytes += b.length));
    child.stderr.on('data', (b: Buffer) => (stderr += b));
    setTimeout(() => child.stdout.resume(), pauseMs);
    child.on('close', (status) => resolve({ rssMb: Number(readFileSync(rssFile, 'utf8')) / 1024, bytes, status, stderr }));
  });
}

test('eval into a pipe that is read slowly waits for the reader: memory as when writing a file', async () => {
  const traj = join(dir, 'long.jsonl');
  writeSteps(traj, 300_000);
  const args = ['eval', spec, traj, '--format', 'jsonl'];
  const file = await run(args, 'file');
  assert.equal(file.status, 0, file.stderr);
  const piped = await run(args, 'slow pipe', 3000);
  assert.equal(piped.status, 0, piped.stderr);
  assert.equal(piped.bytes, file.bytes, 'the pipe gets the whole output');
  // Without back-pressure the ~80 MB of output queue in the child while the reader sleeps.
  assert.ok(piped.rssMb < file.rssMb + 40, `peak RSS ${piped.rssMb.toFixed(0)} MB into a slow pipe, ${file.rssMb.toFixed(0)} MB into a file`);
  assert.doesNotMatch(piped.stderr, /MaxListenersExceeded/);
});

test('problems are kept whole up to 1,000, then counted by file, field and kind; skipped stays exact', async () => {
  const traj = join(dir, 'bad.jsonl');
  const lines = ['{"obs": [1, 1], "action": 0}'];
  for (let i = 0; i < 3000; i++) lines.push(i % 2 === 0 ? `{"obs": ["x${i}", 1], "action": 0}` : `{broken ${i}`);
  lines.push('{"obs": [2, 2], "truncated": true}');
  writeFileSync(traj, lines.join('\n') + '\n');

  const json = spawnSync(process.execPath, ['bin/reward.cjs', 'eval', spec, traj, '--format', 'json'], { encoding: 'utf8' });
  assert.equal(json.status, 0, json.stderr);
  const o = JSON.parse(json.stdout);
  assert.equal(o.skipped, 3000);
  assert.equal(o.problems.length, 1000);
  assert.deepEqual(o.problems[0], { file: traj, line: 2, field: 'obs[0]', message: 'expected a number, got the string "x0"' });
  assert.deepEqual(o.more_problems.map((g: { field: string; kind: string; count: number }) => [g.field, g.kind, g.count]), [
    ['obs[0]', 'expected a number, got the string ...', 1000],
    ['', "malformed JSON (column N): expected a key in double quotes, found ...", 1000],
  ]);
  assert.equal(o.more_problems[0].first_line, 1002);
  assert.equal(o.episodes.length, 1);

  // The other formats print the same on stderr: 1,000 problems whole, then the counts.
  const table = spawnSync(process.execPath, ['bin/reward.cjs', 'eval', spec, traj], { encoding: 'utf8' });
  assert.equal(table.status, 0, table.stderr);
  const err = table.stderr.trim().split('\n');
  assert.equal(err.length, 1000 + 2 + 1);
  assert.equal(err[1000], `${traj}:1002: obs[0]: 1000 more problems of the kind: expected a number, got the string ...`);
  assert.match(err[1002], /^\(3000 problems in all; the first 1000 are shown whole/);
  assert.match(table.stdout, /1 episode, 1 step, 3000 records skipped/);
});

test('the episode objects of a file of many episodes come after the steps, in order', async () => {
  const traj = join(dir, 'short-episodes.jsonl');
  const lines: string[] = [];
  for (let e = 0; e < 20_000; e++) lines.push(`{"obs": [1, 1], "action": 1, "episode": ${e}}`, `{"obs": [2, 2], "episode": ${e}, "terminated": true}`);
  writeFileSync(traj, lines.join('\n') + '\n');
  const r = spawnSync(process.execPath, ['bin/reward.cjs', 'eval', spec, traj, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, r.stderr);
  const o = JSON.parse(r.stdout);
  assert.equal(o.steps.length, 20_000);
  assert.equal(o.episodes.length, 20_000);
  assert.ok(o.episodes.every((e: { episode: number; end: string }, i: number) => e.episode === i && e.end === 'terminated'));
});

test('eval --format csv names its columns by kind: the machine item and the machine state differ', () => {
  const traj = join(dir, 'two.jsonl');
  writeFileSync(traj, '{"obs": [1, 1], "action": 0}\n{"obs": [0.5, 2], "terminated": true}\n');
  const r = spawnSync(process.execPath, ['bin/reward.cjs', 'eval', spec, traj, '--format', 'csv'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const [header, row] = r.stdout.split('\n');
  assert.equal(header, 'episode,t,reward,reach,0.5 * move,-0.01 * a,-0.001,machine:reach,prop:near,prop:far');
  assert.equal(row, '0,0,-0.251,0,-0.25,0,-0.001,done,true,false');
});

test('eval --format csv prints every number as JSON does; the table rounds to 10 digits and never turns a value into another', () => {
  const big = join(dir, 'big.reward');
  writeFileSync(big, 'signal x = obs[0]\nreward main {\n  x * 1e300\n  1e-12 * x\n  0.1 * x + 0.2 * x\n}\n');
  const traj = join(dir, 'big.jsonl');
  writeFileSync(traj, '{"obs": [1], "action": 0}\n{"obs": [2], "terminated": true}\n');
  const csv = spawnSync(process.execPath, ['bin/reward.cjs', 'eval', big, traj, '--format', 'csv'], { encoding: 'utf8' });
  assert.equal(csv.status, 0, csv.stderr);
  const row = csv.stdout.split('\n')[1].split(',');
  assert.deepEqual(row.slice(3), ['1e+300', '1e-12', String(0.1 * 1 + 0.2 * 1)]);
  const table = spawnSync(process.execPath, ['bin/reward.cjs', 'eval', big, traj], { encoding: 'utf8' });
  assert.equal(table.status, 0, table.stderr);
  const cells = table.stdout.split('\n')[1].trim().split(/\s+/);
  assert.deepEqual(cells.slice(3), ['1e+300', '1e-12', '0.3']);
});
