// Issue 16, performance: `reward compare` on 100,000 steps, 5 variants, 512 samples takes within
// 1.2x of the evaluations it must make (variants x samples x distinct states, at the
// evaluator's own steps/s measured in the same run), and its memory is bounded by the samples,
// not the steps (peak RSS at 10x the steps).
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../server/src/analysis/analyze';
import { compareFiles } from '../../../server/src/compare/compare-files';
import { makeDecoder } from '../../../server/src/data/decode';
import type { EpisodeEnd } from '../../../server/src/data/episodes';
import { compileProgram, type Program } from '../../../server/src/eval/program';
import { Runner } from '../../../server/src/eval/runner';
import { BENCH_SPEC } from '../gen/bench-spec';
import { jsonlLines, writeJsonl } from '../gen/trajectory';
import { runNode } from '../measure-process';
import { CLI, tmpDir } from '../paths';
import { emit, isQuick, row } from '../row';
import { median, timeRuns } from '../stats';

const quick = isQuick();
const SUITE = 'compare';
const STEPS = quick ? 5_000 : 100_000;
const SAMPLES = quick ? 64 : 512;
const dir = tmpDir('compare');

// The benchmark spec with four more variants: five in all, of different costs.
const SPEC = `${BENCH_SPEC}
reward sparse { task; careful }
reward shaped_task { task; shaping phi }
reward control { task; -0.2 * ctrl; 0.05 * speed; -0.02 }
reward negated { -1 * task; -1 * careful; 0.1 * ctrl }
`;
const specFile = join(dir, 'compare.reward');
writeFileSync(specFile, SPEC);
const a = analyze(SPEC);
const errors = a.diagnostics.filter((d) => d.severity === 'error');
if (errors.length > 0) throw new Error(`the compare benchmark spec has errors: ${errors.map((d) => d.message).join('; ')}`);
const names = a.model.rewards.map((r) => r.name.text);
const programs = names.map((n) => compileProgram(a.model, n));

async function trajectory(steps: number): Promise<string> {
  const file = join(dir, `traj-${steps}.jsonl`);
  const done = `${file}.done`;
  if (existsSync(done) && existsSync(file) && Number(readFileSync(done, 'utf8')) === statSync(file).size) return file;
  const bytes = await writeJsonl(file, { steps, episodeSteps: 1000, seed: 16 });
  writeFileSync(done, String(bytes));
  return file;
}

// The reference: each variant's evaluator steps/s over the same records, decoded once.
const records = [...jsonlLines({ steps: STEPS, episodeSteps: 1000, seed: 16 })].map((l) => JSON.parse(l) as Record<string, unknown>);
const rows = decode(programs[0], records);
const rates = programs.map((p) => {
  const ms = median(timeRuns(quick ? 2 : 3, () => void evaluateRows(p, rows)));
  return rows.steps / (ms / 1000);
});

// The measured run, in this process (CPU time of the whole run: reading, evaluating, drawing).
const file = await trajectory(STEPS);
const cpu0 = process.cpuUsage();
const { result, counts } = await compareFiles(a.model, specFile, SPEC, [file], { samples: SAMPLES, seed: 0 });
const cpu = process.cpuUsage(cpu0);
const compareMs = (cpu.user + cpu.system) / 1000;
if (result.steps !== STEPS) throw new Error(`reward compare read ${result.steps} steps, expected ${STEPS}`);
// Evaluations it must make: N per distinct state and variant, and N for the constant term.
const evaluations = counts.distinctStates.map((d) => (d + 1) * SAMPLES);
const referenceMs = evaluations.reduce((s, n, v) => s + (n / rates[v]) * 1000, 0);
const shaped = result.pairs.find((p) => p.a === 'sparse' && p.b === 'shaped_task');

emit(row({
  suite: SUITE,
  what: `reward compare, ${STEPS.toLocaleString('en-US')} steps, ${names.length} variants, ${SAMPLES} samples (CPU time)`,
  figure: compareMs,
  unit: 'ms',
  reference: referenceMs,
  referenceWhat: `the evaluations it must make (variants x samples x distinct states = ${evaluations.reduce((x, y) => x + y, 0).toLocaleString('en-US')}) at the evaluator's steps/s (Runner.step, same run)`,
  target: { on: 'ratio', op: '<=', value: 1.2 },
  why: () => 'The draws are evaluated through Runner.rewardFrom, which copies the machine and formula states of the drawn state before every transition and reaches the closures through one more call than Runner.step; the rest of the time is the passes over the file (count, collect, one per variant). Closing it: evaluate the N draws of one state in one loop of the generated evaluator, from one copy of the state.',
  detail: { steps: STEPS, samples: SAMPLES, variants: names, distinctStates: counts.distinctStates, stepsUsed: counts.stepsUsed, evaluatorStepsPerSecond: rates, evaluations, epicSparseVsShaped: shaped?.epic ?? null },
}));

// Memory: peak RSS of the command on 1x and 10x the steps, the same samples (full run: 100,000
// and 1,000,000 steps; two variants, few samples, to keep the run short), against `reward eval`
// on the same files: the same readers and evaluator, which hold no trajectory either.
const small = quick ? 2_000 : 100_000;
const large = quick ? 20_000 : 1_000_000;
const rss: number[] = [];
const evalRss: number[] = [];
for (const steps of [small, large]) {
  const f = await trajectory(steps);
  const r = runNode([CLI, 'compare', specFile, f, '--rewards', 'main,sparse', '--samples', '16', '--format', 'json'], true);
  const o = JSON.parse(r.stdout) as { steps: number };
  if (o.steps !== steps) throw new Error(`reward compare read ${o.steps} steps, expected ${steps}`);
  rss.push(r.maxRssMb);
  evalRss.push(runNode([CLI, 'eval', specFile, f, '--format', 'jsonl']).maxRssMb);
}
const label = (n: number) => n.toLocaleString('en-US');
emit(row({
  suite: SUITE,
  what: `reward compare, ${label(large)} steps, peak RSS (16 samples, 2 variants)`,
  figure: rss[1],
  unit: 'MB',
  reference: evalRss[1],
  referenceWhat: `reward eval --format jsonl on the same ${label(large)} steps`,
  target: { on: 'ratio', op: '<=', value: 1.5 },
  why: () => 'reward compare holds more than the readers and the evaluator: the draws, at most 100,000 canonical values per variant and the states remembered for m(x) (at most 65,536 per variant) should cost a few tens of MB; more means something per step is kept.',
  detail: { steps: large, compareRssMb: rss[1], evalRssMb: evalRss[1] },
}));
emit(row({
  suite: SUITE,
  what: `reward compare, peak RSS growth from ${label(small)} to ${label(large)} steps`,
  figure: rss[1] - rss[0],
  unit: 'MB',
  reference: evalRss[1] - evalRss[0],
  referenceWhat: 'the growth of reward eval over the same two files (the readers and the heap)',
  target: { on: 'ratio', op: '<=', value: 1.5 },
  why: () => 'Peak RSS grows with the steps faster than the readers do: something per step or per episode is held (the returns are one number per episode and variant; the canonical values at most 100,000 per variant).',
  detail: { smallSteps: small, largeSteps: large, compareRssMb: rss, evalRssMb: evalRss },
}));

interface Rows {
  readonly rows: Float64Array[];
  readonly ends: (EpisodeEnd | null)[];
  readonly steps: number;
}

/** Records decoded once into the evaluator's layout, with each record's episode end. */
function decode(p: Program, recs: readonly Record<string, unknown>[]): Rows {
  const decoder = makeDecoder(p.layout.fields, p.layout.labels, 'jsonl');
  const out: Float64Array[] = [];
  const ends: (EpisodeEnd | null)[] = [];
  let steps = 0;
  for (let i = 0; i < recs.length; i++) {
    const value = recs[i];
    const end: EpisodeEnd | null = value.terminated ? 'terminated' : value.truncated ? 'truncated' : null;
    const r = new Float64Array(p.layout.width);
    decoder.decode({ file: 'bench', line: i + 1, value }, end === null, r, () => {
      throw new Error('unexpected data problem in the benchmark trajectory');
    });
    out.push(r);
    ends.push(end);
    if (end === null) steps++;
  }
  return { rows: out, ends, steps };
}

function evaluateRows(p: Program, r: Rows): number {
  const runner = new Runner(p);
  let total = 0;
  for (let i = 0; i + 1 < r.rows.length; i++) {
    if (r.ends[i] !== null) {
      runner.reset();
      continue;
    }
    total += runner.step(r.rows[i], r.rows[i + 1], r.ends[i + 1]);
  }
  return total;
}
