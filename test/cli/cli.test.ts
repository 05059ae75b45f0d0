import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';

// LANGUAGE.md section 8: the `reward` command as users run it (the built bundle).

const reward = (...args: string[]) => spawnSync(process.execPath, ['bin/reward.cjs', ...args], { encoding: 'utf8' });
before(() => {
  const b = spawnSync(process.execPath, ['scripts/build.mjs'], { encoding: 'utf8' });
  assert.equal(b.status, 0, b.stderr);
});

test('--help of the command and of every subcommand exits 0', () => {
  assert.equal(reward('--help').status, 0);
  for (const c of ['check', 'eval', 'preview', 'export', 'import', 'fmt', 'lsp']) {
    const r = reward(c, '--help');
    assert.equal(r.status, 0, c);
    assert.match(r.stdout, new RegExp(`reward ${c}`));
  }
});

test('bad arguments and missing files: exit 1, one line on stderr, no stack trace', () => {
  for (const args of [['frobnicate'], ['check'], ['check', 'no-such.reward'], ['eval', 'examples/patrol.reward'], ['eval', 'examples/patrol.reward', 'missing.jsonl'], ['eval', 'examples/patrol.reward', 'examples/patrol.accepted.jsonl', '--format', 'xml'], ['eval', 'examples/patrol.reward', 'examples/patrol.accepted.jsonl', '--reward', 'nope']]) {
    const r = reward(...args);
    assert.equal(r.status, 1, args.join(' '));
    assert.equal(r.stderr.trim().split('\n').length, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    assert.equal(r.stdout, '', args.join(' '));
  }
});

test('check --format json prints {file, range, severity, code, message} with 0-based positions; exit 1 on an error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'reward-cli-'));
  const file = join(dir, 'bad.reward');
  writeFileSync(file, 'signal x: number\nreward main {\n  (y + x)\n}\n');
  const r = reward('check', file, '--format', 'json');
  assert.equal(r.status, 1);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out, [{
    file, range: { start: { line: 2, character: 3 }, end: { line: 2, character: 4 } }, severity: 'error', code: 'undefined-name',
    message: out[0].message,
  }]);
  writeFileSync(file, 'signal x: number\nreward main { x }\n');
  const ok = reward('check', file, '--format', 'json');
  assert.equal(ok.status, 0);
  const sarif = JSON.parse(reward('check', file, '--format', 'sarif').stdout);
  assert.equal(sarif.version, '2.1.0');
});

test('eval --format json prints the object of section 8', () => {
  const r = reward('eval', 'examples/office-coffee.reward', 'examples/office-coffee.success.jsonl', 'examples/office-coffee.truncated.jsonl', '--format', 'json');
  assert.equal(r.status, 0, r.stderr);
  const o = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(o), ['reward', 'steps', 'episodes', 'skipped', 'problems']);
  assert.deepEqual(Object.keys(o.steps[0]), ['episode', 't', 'reward', 'components', 'machines', 'ltl', 'props']);
  assert.deepEqual(Object.keys(o.episodes[0]), ['episode', 'steps', 'return', 'discounted_return', 'end']);
  assert.deepEqual(o.episodes.map((e: { episode: number; end: string }) => [e.episode, e.end]), [[0, 'terminated'], [1, 'truncated']]);
  for (const s of o.steps) {
    const sum = Object.values(s.components as Record<string, number>).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - s.reward) < 1e-9);
  }
});

test('eval --format jsonl prints the steps, then the episodes with "kind": "episode"', () => {
  const r = reward('eval', 'examples/patrol.reward', 'examples/patrol.accepted.jsonl', '--format', 'jsonl');
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  const last = lines[lines.length - 1];
  assert.equal(last.kind, 'episode');
  assert.equal(lines.filter((l) => l.kind === 'episode').length, 1);
  assert.ok(lines[0].components !== undefined);
});

test('data problems never change the exit status of eval', () => {
  const dir = mkdtempSync(join(tmpdir(), 'reward-cli-'));
  const file = join(dir, 't.jsonl');
  writeFileSync(file, '{"x": 1, "action": 0}\n{broken\n{"x": 2, "terminated": true}\n');
  const spec = join(dir, 's.reward');
  writeFileSync(spec, 'signal x: number\nreward main { x }\n');
  const r = reward('eval', spec, file, '--format', 'json');
  assert.equal(r.status, 0);
  const o = JSON.parse(r.stdout);
  assert.equal(o.skipped, 1);
  assert.deepEqual(o.problems.map((p: { line: number; file: string }) => [p.file, p.line]), [[file, 2]]);
});

test('fmt rewrites a file, --check exits 1 on an unformatted one, a broken file is left alone', () => {
  const dir = mkdtempSync(join(tmpdir(), 'reward-cli-'));
  const file = join(dir, 'a.reward');
  writeFileSync(file, 'signal  x:number\nreward main {x}\n');
  assert.equal(reward('fmt', '--check', file).status, 1);
  assert.equal(reward('fmt', file).status, 0);
  assert.equal(reward('fmt', '--check', file).status, 0);
  assert.match(readFileSync(file, 'utf8'), /^signal x: number\n/);
  writeFileSync(file, 'def a = (\n');
  assert.equal(reward('fmt', file).status, 1);
  assert.equal(readFileSync(file, 'utf8'), 'def a = (\n');
});
