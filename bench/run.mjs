// `npm run bench` (full) and `npm run bench -- --quick` (smoke run for CI): builds the suites
// and the product bundles into bench/tmp/, runs every suite in its own process (one at a time:
// they measure), collects their rows, writes bench/results.json and prints the table.
// `--only=a,b` runs some suites. A full run also keeps its results in bench/last-full-run.json.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { buildAll } from './lib/build.mjs';
import { markdownTable, missed, textTable } from './lib/table.mjs';

const SUITES = ['evaluator', 'streaming', 'parser', 'analysis', 'lsp', 'automata', 'preview', 'compare', 'batch'];
const ROW_PREFIX = '@@row '; // bench/src/row.ts

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const unknown = (only ?? []).filter((s) => !SUITES.includes(s));
if (unknown.length) {
  console.error(`bench: no suite named ${unknown.join(', ')} (suites: ${SUITES.join(', ')})`);
  process.exit(1);
}
const suites = only ?? SUITES;

process.chdir(join(import.meta.dirname, '..'));
const TMP = join('bench', 'tmp');
mkdirSync(TMP, { recursive: true });
const started = Date.now();
const machine = {
  nproc: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  memoryGB: Math.round(totalmem() / 2 ** 30),
  freeMemoryGB: Math.round(freemem() / 2 ** 30),
  loadAverageAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
  python: pythonVersion(),
  mona: 'MONA v1.4 (Debian package mona)',
};

console.log(`bench: ${quick ? 'quick' : 'full'} run of ${suites.join(', ')} on ${machine.nproc} x ${machine.cpu}, Node ${machine.node} (load ${machine.loadAverageAtStart.join(' ')})`);
await buildAll(suites, join(TMP, 'dist'), join(TMP, 'build'));

const rows = [];
const results = [];
for (const name of suites) {
  const t = Date.now();
  const outcome = await runSuite(name);
  rows.push(...outcome.rows);
  results.push({ name, ok: outcome.ok, elapsedMs: Date.now() - t, ...(outcome.ok ? {} : { error: outcome.error }) });
  console.log(`bench: ${name} ${outcome.ok ? 'done' : 'FAILED'} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

const report = {
  version: 1,
  quick,
  startedAt: new Date(started).toISOString(),
  elapsedMs: Date.now() - started,
  machine: { ...machine, loadAverageAtEnd: loadavg().map((x) => Math.round(x * 100) / 100) },
  suites: results,
  rows,
};
const json = JSON.stringify(report, null, 2) + '\n';
writeFileSync(join('bench', 'results.json'), json);
if (!quick && !only) writeFileSync(join('bench', 'last-full-run.json'), json);
writeFileSync(join(TMP, 'results.md'), markdownTable(rows) + '\n\n' + missed(rows).join('\n') + '\n');

console.log('\n' + textTable(rows));
const misses = missed(rows);
if (misses.length) console.log(`\nMissed targets:\n${misses.join('\n')}`);
console.log(`\nbench: ${rows.length} rows in ${((Date.now() - started) / 1000).toFixed(0)} s; bench/results.json written${results.some((r) => !r.ok) ? `; FAILED: ${results.filter((r) => !r.ok).map((r) => r.name).join(', ')}` : ''}`);
process.exit(results.every((r) => r.ok) ? 0 : 1);

/** Runs one suite's bundle; its rows come on stdout, its other output passes through. */
function runSuite(name) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(TMP, 'build', `${name}.mjs`), ...(quick ? ['--quick'] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
    const found = [];
    let stderr = '';
    let rest = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop();
      for (const line of lines) {
        if (line.startsWith(ROW_PREFIX)) found.push(JSON.parse(line.slice(ROW_PREFIX.length)));
        else if (line.trim()) console.log(`  ${name}: ${line}`);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => {
      if (code === 0) resolve({ ok: true, rows: found });
      else {
        const error = `exit ${code}: ${stderr.trim().split('\n').slice(0, 6).join(' | ')}`;
        console.error(`  ${name}: ${error}`);
        resolve({ ok: false, rows: found, error });
      }
    });
  });
}

function pythonVersion() {
  const r = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() || r.stderr.trim() : 'python3 not found';
}
