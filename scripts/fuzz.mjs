// `npm run fuzz`: the fuzzers of test/fuzz, the soak and the reliability tests, for longer than
// `npm test` runs them (FUZZ_SCALE times the inputs; default 20, or `npm run fuzz -- 50`). Each
// property adds its figures to a results file; this script sums them and writes them to
// docs/reliability-results.json and into docs/reliability.md (between the results markers).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const scale = Number(process.argv[2] ?? process.env.FUZZ_SCALE ?? 20);
if (!Number.isFinite(scale) || scale <= 0) {
  console.error(`npm run fuzz: the scale must be a positive number, got ${process.argv[2]}`);
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), 'rewardsmith-fuzz-results-'));
const results = join(dir, 'results.jsonl');
const started = Date.now();
const run = spawnSync(process.execPath, ['scripts/test.mjs', 'test/fuzz/', 'test/soak/', 'test/reliability/'], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, FUZZ_SCALE: String(scale), FUZZ_RESULTS: results },
  encoding: 'utf8',
  maxBuffer: 1 << 28,
});
process.stdout.write(run.stdout ?? '');
const figure = (name) => Number(new RegExp(`^ℹ ${name} (\\d+)$`, 'm').exec(run.stdout ?? '')?.[1] ?? NaN);
const rows = existsSync(results) ? readFileSync(results, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
rmSync(dir, { recursive: true, force: true });

const failed = figure('fail');
const records = rows.reduce((n, r) => n + (r.records ?? 0), 0);
const accounted = rows.reduce((n, r) => n + (r.accounted ?? 0), 0);
const summary = {
  date: new Date().toISOString().slice(0, 10),
  scale,
  minutes: Math.round((Date.now() - started) / 6000) / 10,
  tests: figure('tests'),
  passed: figure('pass'),
  failed,
  todo: figure('todo'),
  inputs: rows.reduce((n, r) => n + r.inputs, 0),
  // A crash (an exception) or a hang (a step over its time limit) fails its test.
  crashes_and_hangs: failed,
  records,
  records_lost: records - accounted,
  targets: rows,
};
writeFileSync('docs/reliability-results.json', JSON.stringify(summary, null, 2) + '\n');

const table = [
  `Last run: ${summary.date}, \`npm run fuzz\` at scale ${scale} (${summary.minutes} minutes): ${summary.tests} tests, ${summary.passed} passed, ${failed} failed, ${summary.todo} todo (known defects, above).`,
  '',
  '| target | inputs tried | records in files | records lost |',
  '|---|---:|---:|---:|',
  ...rows.map((r) => `| ${r.target} | ${r.inputs} | ${r.records ?? ''} | ${r.records === undefined ? '' : r.records - r.accounted} |`),
  `| **total** | **${summary.inputs}** | **${records}** | **${summary.records_lost}** |`,
  '',
  `Crashes: ${failed === 0 ? 0 : `${failed} failing tests`}. Hangs: ${failed === 0 ? 0 : 'see the failing tests'}. Records lost: ${summary.records_lost}.`,
].join('\n');
const doc = 'docs/reliability.md';
const text = readFileSync(doc, 'utf8');
const begin = '<!-- fuzz-results:begin -->';
const end = '<!-- fuzz-results:end -->';
const at = text.indexOf(begin);
const until = text.indexOf(end);
if (at < 0 || until < at) {
  console.error(`${doc} has no ${begin} ... ${end} markers: the figures are only in docs/reliability-results.json`);
} else {
  writeFileSync(doc, text.slice(0, at + begin.length) + '\n' + table + '\n' + text.slice(until));
}
console.log(`\n${summary.inputs} inputs tried, ${failed} failed tests, ${summary.records_lost} records lost; written to docs/reliability-results.json and ${doc}`);
process.exit(run.status ?? 1);
