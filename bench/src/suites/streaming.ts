// Issue 8, item 2: `reward eval` streaming a large JSONL file, steps per second and peak RSS,
// at 1M and (full run only) 10M steps; the reference reads and JSON.parses every line.
import { createWriteStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { makeDecoder } from '../../../server/src/data/decode';
import type { RawRecord } from '../../../server/src/data/record';
import { BENCH_SPEC } from '../gen/bench-spec';
import { writeJsonl } from '../gen/trajectory';
import { runNode, runNodePiped } from '../measure-process';
import { CLI, ROOT, tmpDir } from '../paths';
import { emit, isQuick, row } from '../row';
import { median, timePaired } from '../stats';

const quick = isQuick();
const SUITE = 'streaming';
const dir = tmpDir('streaming');
const spec = join(dir, 'bench.reward');
writeFileSync(spec, BENCH_SPEC);
const SIZES = quick ? [50_000] : [1_000_000, 10_000_000];
const RSS_LIMIT_MB = 300;

/** The trajectory of `steps` steps, generated once and kept (bench/tmp is gitignored). */
async function trajectory(steps: number): Promise<{ file: string; bytes: number }> {
  const file = join(dir, `traj-${steps}.jsonl`);
  const done = `${file}.done`;
  if (existsSync(done) && existsSync(file) && Number(readFileSync(done, 'utf8')) === statSync(file).size) return { file, bytes: statSync(file).size };
  const bytes = await writeJsonl(file, { steps, episodeSteps: 1000, seed: 10 });
  writeFileSync(done, String(bytes));
  return { file, bytes };
}

const results: { steps: number; rss: number; rate: number }[] = [];
for (const steps of SIZES) {
  const { file, bytes } = await trajectory(steps);
  // Runs alternate between the two, so both see the same load; fewer runs on the largest file.
  const runs = quick || steps < 10_000_000 ? 2 : 1;
  const evalRuns = [];
  const refRuns = [];
  for (let i = 0; i < runs; i++) {
    evalRuns.push(runNode([CLI, 'eval', spec, file, '--format', 'jsonl']));
    refRuns.push(runNode([join(ROOT, 'bench', 'lib', 'parse-lines.cjs'), file], true));
  }
  const records = JSON.parse(refRuns[0].stdout).records as number;
  if (records !== steps + Math.ceil(steps / 1000)) throw new Error(`unexpected record count ${records} in ${file}`);
  const rate = steps / (median(evalRuns.map((r) => r.cpuMs)) / 1000);
  const rss = Math.max(...evalRuns.map((r) => r.maxRssMb));
  results.push({ steps, rss, rate });
  const label = steps.toLocaleString('en-US');
  emit(row({
    suite: SUITE,
    what: `reward eval --format jsonl, ${label}-step JSONL (${(bytes / 1e6).toFixed(0)} MB), throughput (CPU time)`,
    figure: rate,
    unit: 'steps/s',
    reference: steps / (median(refRuns.map((r) => r.cpuMs)) / 1000),
    referenceWhat: 'read lines + JSON.parse each (Node, same file)',
    target: { on: 'ratio', op: '>=', value: 0.5 },
    why: () => 'From node --cpu-prof of this command (400,000 steps), after the step lines went straight into the output chunk as bytes (eval/step-bytes.ts: no string per line, keys and states encoded once, repeated components and the machines/verdicts/props tail copied as bytes; 0.20 to 0.25 of the reference): V8\'s shortest round-trip digits of the doubles (String(x): about 5 a step, the reward and the components that changed, mostly 16 or 17 digits) 23 percent, copying the line\'s bytes 17, JSON.parse of the input line (all of the reference) 14, the garbage collector 13 (the parsed objects, the line and number strings), the decoder 7, the evaluator 1. An output line is six times its input line (about 420 bytes against 70). Closing it needs both ends: a double-to-digits routine without a string (Ryu or Schubfach over integers; String(x) costs about 130 ns) and a JSONL record scanner that reads the layout\'s fields from the bytes without JSON.parse and its objects, each exact and falling back to today\'s path on anything unusual.',
    detail: { steps, bytes, runs, evalCpuMs: evalRuns.map((r) => r.cpuMs), evalWallMs: evalRuns.map((r) => r.ms), referenceCpuMs: refRuns.map((r) => r.cpuMs), referenceWallMs: refRuns.map((r) => r.ms), referenceRssMb: refRuns.map((r) => r.maxRssMb) },
  }));
  emit(row({
    suite: SUITE,
    what: `reward eval, ${label}-step JSONL, peak RSS`,
    figure: rss,
    unit: 'MB',
    reference: Math.max(...refRuns.map((r) => r.maxRssMb)),
    referenceWhat: 'peak RSS of the line reader',
    target: { on: 'figure', op: '<=', value: RSS_LIMIT_MB },
    why: () => `Peak RSS ${rss.toFixed(0)} MB is over ${RSS_LIMIT_MB} MB: something holds per-step data (the episode summaries or problems are kept for the final output). Closing it: keep only what the output format needs after the last step.`,
    detail: { steps, runs, rssMb: evalRuns.map((r) => r.maxRssMb) },
  }));
}

// The same command with its output going into a pipe that a slow consumer reads, as in
// `reward eval ... | consumer`: the output must wait for the reader instead of piling up in
// memory, at every size.
const piped: { steps: number; rss: number }[] = [];
for (const steps of SIZES) {
  const { file } = await trajectory(steps);
  const run = runNodePiped([CLI, 'eval', spec, file, '--format', 'jsonl'], true);
  piped.push({ steps, rss: run.maxRssMb });
  emit(row({
    suite: SUITE,
    what: `reward eval, ${steps.toLocaleString('en-US')}-step JSONL, stdout a slowly read pipe, peak RSS`,
    figure: run.maxRssMb,
    unit: 'MB',
    reference: results.find((r) => r.steps === steps)!.rss,
    referenceWhat: 'same, stdout a file',
    target: { on: 'figure', op: '<=', value: RSS_LIMIT_MB },
    why: () => `Through a pipe the output is not throttled: the evaluation does not wait for the reader (cli/output.ts BufferedWriter, EvalSink.backpressure) and the output queues in memory.`,
    detail: { steps, cpuMs: run.cpuMs, wallMs: run.ms, reader: 'bench/lib/slow-reader.cjs' },
  }));
}
if (piped.length >= 2) {
  const [small, large] = [piped[0], piped[piped.length - 1]];
  emit(row({
    suite: SUITE,
    what: `peak RSS growth into a slowly read pipe, ${large.steps.toLocaleString('en-US')} vs ${small.steps.toLocaleString('en-US')} steps`,
    figure: large.rss,
    unit: 'MB',
    reference: small.rss,
    referenceWhat: `peak RSS at ${small.steps.toLocaleString('en-US')} steps`,
    target: { on: 'ratio', op: '<=', value: 1.25 },
    why: () => 'Memory into a pipe grows with the output: something waits for the reader only part of the time.',
    detail: {},
  }));
}

// A file of nothing but bad records: every line a problem, kept whole only up to a bound.
{
  const lines = quick ? 200_000 : 10_000_000;
  const file = join(dir, `bad-${lines}.jsonl`);
  const done = `${file}.done`;
  if (!(existsSync(done) && existsSync(file) && Number(readFileSync(done, 'utf8')) === statSync(file).size)) {
    const out = createWriteStream(file);
    const block: string[] = [];
    for (let i = 0; i < lines; i++) {
      block.push(i % 2 === 0 ? `{"obs":["bad ${i}",1,0,0],"action":[0,0]}\n` : `{"obs":[1,2,0,0],"action":"none ${i}"}\n`);
      if (block.length === 10_000) {
        if (!out.write(block.join(''))) await once(out, 'drain');
        block.length = 0;
      }
    }
    out.end(block.join(''));
    await once(out, 'finish');
    writeFileSync(done, String(statSync(file).size));
  }
  const run = runNode([CLI, 'eval', spec, file, '--format', 'json']);
  const reference = runNode([join(ROOT, 'bench', 'lib', 'parse-lines.cjs'), file], true);
  emit(row({
    suite: SUITE,
    what: `reward eval --format json, ${lines.toLocaleString('en-US')}-line JSONL of bad records (${(statSync(file).size / 1e6).toFixed(0)} MB), peak RSS`,
    figure: run.maxRssMb,
    unit: 'MB',
    reference: reference.maxRssMb,
    referenceWhat: 'peak RSS of the line reader',
    target: { on: 'figure', op: '<=', value: RSS_LIMIT_MB },
    why: () => 'Every problem is kept: the problem log (data/problem-log.ts) must keep 1,000 whole and count the rest.',
    detail: { lines, cpuMs: run.cpuMs, wallMs: run.ms },
  }));
}

if (results.length >= 2) {
  const [small, large] = [results[0], results[results.length - 1]];
  emit(row({
    suite: SUITE,
    what: `peak RSS growth, ${large.steps.toLocaleString('en-US')} vs ${small.steps.toLocaleString('en-US')} steps`,
    figure: large.rss,
    unit: 'MB',
    reference: small.rss,
    referenceWhat: `peak RSS at ${small.steps.toLocaleString('en-US')} steps`,
    target: { on: 'ratio', op: '<=', value: 1.25 },
    why: () => 'Memory grows with the file: the CLI keeps every episode summary (one object per episode) until the end, and 10x the steps gives 10x the episodes. Closing it: stream the episode objects as they end (jsonl already could).',
    detail: {},
  }));
}

// Issue 13: reading a `vector[84]` field costs no path lookup per element. The same JSONL
// records (84-number observations) decoded for one vector signal and for 84 scalar signals
// `obs[0]` ... `obs[83]`; parsing is left out (it is the same for both).
{
  const records = quick ? 5_000 : 50_000;
  const N = 84;
  const next = (() => {
    let s = 12345;
    return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  })();
  const raw: RawRecord[] = [];
  for (let i = 0; i < records; i++) {
    const obs = Array.from({ length: N }, () => Math.round((next() * 2 - 1) * 1000) / 1000);
    raw.push({ file: 'vector.jsonl', line: i + 1, value: JSON.parse(JSON.stringify({ obs, action: [0, 0] })) });
  }
  const number = { kind: 'number' } as const;
  const vector = makeDecoder([{ name: 'o', path: ['obs'], type: number, isAction: false, shape: N, range: [-1, 1] }], [], 'jsonl');
  const scalars = makeDecoder(Array.from({ length: N }, (_, k) => ({ name: `o${k}`, path: ['obs', k], type: number, isAction: false, range: [-1, 1] as const })), [], 'jsonl');
  const out = new Float64Array(N);
  let sumV = 0;
  let sumS = 0;
  const none = () => undefined;
  const t = timePaired(quick ? 3 : 7, () => {
    for (const r of raw) if (vector.decode(r, true, out, none)) sumV += out[N - 1];
  }, () => {
    for (const r of raw) if (scalars.decode(r, true, out, none)) sumS += out[N - 1];
  });
  const perRecord = (ms: number[]) => (median(ms) * 1e6) / records;
  emit(row({
    suite: SUITE,
    what: `decode a vector[${N}] field from JSONL records, ${records.toLocaleString('en-US')} records`,
    figure: perRecord(t.a),
    unit: 'ns/record',
    reference: perRecord(t.b),
    referenceWhat: `the same records as ${N} scalar signals obs[0] ... obs[${N - 1}]`,
    target: { on: 'ratio', op: '<=', value: 1 },
    why: () => 'The vector read costs more than 84 path lookups: data/decode.ts readVector should index the array once per element, with no per-element lookup or allocation.',
    detail: { records, vectorMs: t.a, scalarMs: t.b, same: sumV === sumS },
  }));
}
