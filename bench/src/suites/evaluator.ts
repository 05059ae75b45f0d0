// Issue 8, item 1: evaluator throughput on 1M steps held in memory, against a hand-written
// typed-array loop (same numbers required) and against the exported Python module.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDecoder } from '../../../server/src/data/decode';
import type { RawRecord } from '../../../server/src/data/record';
import type { EpisodeEnd } from '../../../server/src/data/episodes';
import type { Program } from '../../../server/src/eval/program';
import { Runner } from '../../../server/src/eval/runner';
import { importRewardMachine } from '../../../server/src/interop/rm-import';
import { handLoop } from '../baseline/hand-loop';
import { toColumns, type Columns } from '../baseline/columns';
import { BENCH_SPEC, FIELDS } from '../gen/bench-spec';
import { jsonlLines } from '../gen/trajectory';
import { CLI, tmpDir } from '../paths';
import { emit, isQuick, row } from '../row';
import { compileSpec } from '../spec';
import { median, timePaired, timeRuns } from '../stats';

const quick = isQuick();
const STEPS = quick ? 20_000 : 1_000_000;
const PY_STEPS = quick ? 5_000 : 100_000;
const PY_RUNS = 3;
const RUNS = quick ? 3 : 5;
const SUITE = 'evaluator';

// Loads the records untimed, then times (CPU time) Reward.step over all of them, `runs` times.
const PY_DRIVER = `import importlib.util, json, sys, time
spec = importlib.util.spec_from_file_location("bench_reward", sys.argv[1])
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
with open(sys.argv[2]) as f:
    records = [json.loads(line) for line in f if line.strip()]
ms = []
total = 0.0
for run in range(int(sys.argv[3])):
    reward = mod.Reward()
    total = 0.0
    t = time.process_time()
    for rec in records:
        out = reward.step(rec)
        if out is not None:
            total += out[0]
    ms.append((time.process_time() - t) * 1000)
print(json.dumps({"ms": ms, "total": total, "version": sys.version.split()[0]}))
`;

const WHY_HAND_LOOP = 'From node --cpu-prof of this loop and from variants of the generated step timed in one run: the hand loop is one loop that keeps the machine state, the verdict and every value in registers; the evaluator makes one call of the generated step per step (the same generated body placed inside the loop ran 1.25x faster), loads and stores the machine and formula states through the state arrays, and stores what section 8 prints (7 components, 4 prop labels, the reward: about 15 percent, from a variant without those stores). The outputs nobody read (each machine\'s and formula\'s emitted value, the state before the step) are gone and machines step by one table lookup (eval/machine-table.ts); on a loaded machine the ratio then moves between 0.42 and 0.6 from run to run. Closing the rest: an entry point that runs the generated body over many records (a loop generated around it) for callers that hold them, such as compare\'s drawn transitions, or a step without outputs for callers that read only the reward.';
const WHY_PYTHON = 'Both sides decode each record object and step; the JavaScript side now runs the generated evaluator, so the decoder (generic path lookups per field) is most of its time. Closing it: decoding fields by precompiled accessors.';

const lines = [...jsonlLines({ steps: STEPS, episodeSteps: 1000, seed: 8 })];
const values = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
const columns = toColumns(values);
const program = compileSpec(BENCH_SPEC);

// Records decoded once into rows of the evaluator's layout: the timed loop only evaluates.
const rows = decodedRows(program, columns);

/** Runs the evaluator over every episode; writes r_t into `out`, returns the sum. */
function evaluate(p: Program, c: Columns, rs: readonly Float64Array[], out: Float64Array): number {
  const runner = new Runner(p);
  let k = 0;
  let total = 0;
  for (let e = 0; e + 1 < c.start.length; e++) {
    const first = c.start[e];
    const last = c.start[e + 1] - 1;
    const end: EpisodeEnd = c.terminated[e] ? 'terminated' : 'truncated';
    runner.reset();
    for (let t = first; t < last; t++) {
      const r = runner.step(rs[t], rs[t + 1], t + 1 === last ? end : null);
      out[k++] = r;
      total += r;
    }
  }
  return total;
}

function decodedRows(p: Program, c: Columns): Float64Array[] {
  const width = p.layout.width;
  const buffer = new Float64Array(width * c.records);
  const at = FIELDS.map((f) => p.layout.index.get(f));
  if (at.some((i) => i === undefined)) throw new Error('the benchmark spec and FIELDS disagree');
  const out: Float64Array[] = [];
  for (let i = 0; i < c.records; i++) {
    const r = buffer.subarray(i * width, (i + 1) * width);
    FIELDS.forEach((f, j) => (r[at[j]!] = c.values[f][i]));
    out.push(r);
  }
  return out;
}

const ours = new Float64Array(columns.steps);
const theirs = new Float64Array(columns.steps);
let oursTotal = 0;
let handTotal = 0;
const paired = timePaired(RUNS, () => void (oursTotal = evaluate(program, columns, rows, ours)), () => void (handTotal = handLoop(columns, theirs)));
const evalMs = paired.a;
const handMs = paired.b;
let maxDiff = 0;
for (let i = 0; i < columns.steps; i++) maxDiff = Math.max(maxDiff, Math.abs(ours[i] - theirs[i]));
if (!(maxDiff <= 1e-9)) throw new Error(`the hand-written loop and the evaluator disagree: max |diff| ${maxDiff}`);

const perSecond = (ms: number, steps = columns.steps) => steps / (ms / 1000);
emit(row({
  suite: SUITE,
  what: `evaluator (Runner.step), ${columns.steps.toLocaleString('en-US')} steps in memory`,
  figure: perSecond(median(evalMs)),
  unit: 'steps/s',
  reference: perSecond(median(handMs)),
  referenceWhat: 'hand-written loop over typed arrays',
  target: { on: 'ratio', op: '>=', value: 0.5 },
  why: () => WHY_HAND_LOOP,
  detail: { steps: columns.steps, runs: RUNS, evalMs, handMs, maxAbsDiff: maxDiff, sumOfRewards: oursTotal, handSum: handTotal },
}));

// Against the exported Python module: both sides decode the same records from objects and
// step, as each does when fed one record at a time.
const pyRecords = pyPrefix(values, PY_STEPS);
const pySteps = toColumns(pyRecords).steps;
const decodeMs = timeRuns(RUNS, () => void decodeAndStep(program, pyRecords));
const jsDecodeTotal = decodeAndStep(program, pyRecords);
const py = runPython(pyRecords);
const pyDiff = Math.abs(py.total - jsDecodeTotal);
if (!(pyDiff <= 1e-6 * Math.max(1, Math.abs(jsDecodeTotal)))) throw new Error(`the Python module and the evaluator disagree: ${py.total} vs ${jsDecodeTotal}`);
emit(row({
  suite: SUITE,
  what: `evaluator from record objects (decode + step), ${pySteps.toLocaleString('en-US')} steps`,
  figure: perSecond(median(decodeMs), pySteps),
  unit: 'steps/s',
  reference: perSecond(median(py.ms), pySteps),
  referenceWhat: 'exported Python module (Reward.step), python3',
  target: { on: 'ratio', op: '>=', value: 30 },
  why: () => WHY_PYTHON,
  detail: { steps: pySteps, runs: RUNS, jsMs: decodeMs, pythonMs: py.ms, sumOfRewards: jsDecodeTotal, pythonSum: py.total, python: py.version },
}));

/** The records of the first whole episodes that hold at least `steps` steps (or all of them). */
function pyPrefix(all: readonly Record<string, unknown>[], steps: number): Record<string, unknown>[] {
  let ends = 0;
  for (let i = 0; i < all.length; i++) {
    if (all[i].terminated || all[i].truncated) {
      ends++;
      if (i + 1 - ends >= steps) return all.slice(0, i + 1);
    }
  }
  return [...all];
}

function decodeAndStep(p: Program, records: readonly Record<string, unknown>[]): number {
  const decoder = makeDecoder(p.layout.fields, p.layout.labels, 'jsonl');
  const runner = new Runner(p);
  let a = new Float64Array(p.layout.width);
  let b = new Float64Array(p.layout.width);
  let have = false;
  let total = 0;
  const report = () => {
    throw new Error('unexpected data problem in the benchmark trajectory');
  };
  for (let i = 0; i < records.length; i++) {
    const value = records[i];
    const end: EpisodeEnd | null = value.terminated ? 'terminated' : value.truncated ? 'truncated' : null;
    const record: RawRecord = { file: 'bench', line: i + 1, value };
    decoder.decode(record, end === null, b, report);
    if (have) total += runner.step(a, b, end);
    [a, b] = [b, a];
    have = true;
    if (end !== null) {
      runner.reset();
      have = false;
    }
  }
  return total;
}

interface PythonResult {
  readonly ms: number[];
  readonly total: number;
  readonly version: string;
}

function runPython(records: readonly Record<string, unknown>[]): PythonResult {
  const dir = tmpDir('evaluator');
  const spec = join(dir, 'bench.reward');
  const module = join(dir, 'bench_reward.py');
  const data = join(dir, 'records.jsonl');
  writeFileSync(spec, BENCH_SPEC);
  writeFileSync(data, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const exported = spawnSync(process.execPath, [CLI, 'export', 'python', spec, '-o', module], { encoding: 'utf8' });
  if (exported.status !== 0) throw new Error(`reward export python failed: ${exported.stderr}`);
  const driver = join(dir, 'driver.py');
  writeFileSync(driver, PY_DRIVER);
  const r = spawnSync('python3', [driver, module, data, String(PY_RUNS)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`the Python driver failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as PythonResult;
}

// Issue 12: machine-only stepping on the reward_machines office t4 machine (imported with
// `reward import rm`), the same label sequence on both sides, against a Python dictionary
// stepper written like reward_machines' RewardMachine.step: the next state and the reward
// looked up in dictionaries, delta_u[u][true_props], precomputed untimed from the task file.
const T4_FILE = join('test', 'fixtures', 'reward_machines', 'office', 't4.txt');
const MACHINE_STEPS = quick ? 20_000 : 1_000_000;
const MACHINE_EPISODE = 1000;

const PY_MACHINE = `import json, re, sys, time
lines = [l.split('#')[0].strip() for l in open(sys.argv[1]) if l.split('#')[0].strip()]
initial = int(lines[0])
terminal = set(json.loads(lines[1]))
trans = []
for l in lines[2:]:
    m = re.match(r"\\((\\d+),\\s*(\\d+),\\s*'([^']*)',\\s*ConstantRewardFunction\\(([-0-9.e]+)\\)\\)", l)
    trans.append((int(m.group(1)), int(m.group(2)), m.group(3), float(m.group(4))))
def holds(guard, props):
    # reward_machines' evaluate_dnf: | of & of possibly negated one-character props.
    return any(all((p[1] not in props) if p.startswith('!') else (p in props) for p in conj.split('&')) for conj in guard.split('|'))
labels = json.load(open(sys.argv[2]))
alphabet = sorted(set(labels))
states = sorted(set([t[0] for t in trans] + [t[1] for t in trans]))
delta_u = {u: {} for u in states}
delta_r = {u: {} for u in states}
for u in states:
    for tp in alphabet:
        nxt = -1  # no guard holds: reward_machines ends the episode (terminal_u)
        for (u1, u2, g, r) in trans:
            if u1 == u and holds(g, tp):
                nxt = u2
                delta_r[u][u2] = r
                break
        delta_u[u][tp] = nxt
ms = []
for run in range(int(sys.argv[3])):
    total = 0.0
    t0 = time.process_time()
    u = initial
    for i, tp in enumerate(labels):
        if i % ${MACHINE_EPISODE} == 0:
            u = initial
        if u == -1 or u in terminal:
            continue
        u2 = delta_u[u][tp]
        if u2 != -1:
            total += delta_r[u][u2]
        u = u2
    ms.append((time.process_time() - t0) * 1000)
print(json.dumps({"ms": ms, "total": total}))
`;

{
  const source = readFileSync(T4_FILE, 'utf8');
  const machineProgram = compileSpec(importRewardMachine(source, 't4').text);
  // Labels as an agent walking the office sees them: mostly nothing, now and then a room (a to
  // d), rarely the plant (n), so that most steps are taken in a non-terminal state.
  let seed = 12;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  const rooms = ['a', 'b', 'c', 'd'];
  const labels = Array.from({ length: MACHINE_STEPS }, () => { const r = rand(); return r < 0.0002 ? 'n' : r < 0.01 ? rooms[Math.floor(rand() * 4)] : ''; });
  const width = machineProgram.layout.width;
  // Record t + 1 carries the label of step t (read on the state reached). The records are
  // views of one buffer, as the readers fill reused buffers: a million separately allocated
  // arrays would measure how scattered they are in the heap (1.7x slower stepping) while
  // the Python side's label strings are a handful of shared objects.
  const buffer = new Float64Array(width * (MACHINE_STEPS + 1));
  for (let t = 1; t <= MACHINE_STEPS; t++) if (labels[t - 1] !== '') buffer[t * width + machineProgram.layout.index.get(labels[t - 1])!] = 1;
  const records = Array.from({ length: MACHINE_STEPS + 1 }, (_, t) => buffer.subarray(t * width, (t + 1) * width));
  const stepAll = (): number => {
    const runner = new Runner(machineProgram);
    let total = 0;
    for (let t = 0; t < MACHINE_STEPS; t++) {
      if (t % MACHINE_EPISODE === 0) runner.reset();
      total += runner.step(records[t], records[t + 1], null);
    }
    return total;
  };
  const jsMs = timeRuns(RUNS, () => void stepAll());
  const jsTotal = stepAll();
  const dir = tmpDir('evaluator-machine');
  const labelFile = join(dir, 'labels.json');
  writeFileSync(labelFile, JSON.stringify(labels));
  const driver = join(dir, 'machine.py');
  writeFileSync(driver, PY_MACHINE);
  const r = spawnSync('python3', [driver, T4_FILE, labelFile, String(PY_RUNS)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`the Python machine stepper failed: ${r.stderr}`);
  const py = JSON.parse(r.stdout) as { ms: number[]; total: number };
  if (py.total !== jsTotal) throw new Error(`the Python stepper and the evaluator disagree on office t4: ${py.total} vs ${jsTotal}`);
  emit(row({
    suite: SUITE,
    what: `machine-only stepping, reward_machines office t4, ${MACHINE_STEPS.toLocaleString('en-US')} labels`,
    figure: perSecond(median(jsMs), MACHINE_STEPS),
    unit: 'steps/s',
    reference: perSecond(median(py.ms), MACHINE_STEPS),
    referenceWhat: 'Python dictionary stepper (delta_u[u][true_props], as reward_machines RewardMachine.step)',
    target: { on: 'ratio', op: '>=', value: 10 },
    why: () => 'The machine steps by one lookup in a table indexed by state and letter (eval/machine-table.ts: the five props a, b, c, d, n make 32 letters), measured 10.5x and 12.5x (50 and 54 Msteps/s against 4.8 and 4.3) in two runs alone under load. What is left per step (node --cpu-prof): storing the five labels for the props output of section 8 and the component, Runner.step\'s return and discounted-return bookkeeping, and the call of the generated step; the Python stepper does two dictionary lookups and skips terminal states. Closing it: a step without the props output for callers that do not read it.',
    detail: { steps: MACHINE_STEPS, runs: RUNS, jsMs, pythonMs: py.ms, sumOfRewards: jsTotal },
  }));
}

// Issue 13: a reward over a 100-element action vector (and a 100-element observation), against
// the hand-written loop over the same Float64Array records: the evaluator's vector code is
// loops over the record's slots, with no array allocated per step.
{
  const N = 100;
  const VECTOR_STEPS = quick ? 20_000 : 200_000;
  const EPISODE = 1000;
  const vectorProgram = compileSpec(`action a: vector[${N}] in [-1, 1]
signal v: vector[${N}] in [-1, 1] = obs
term ctrl = sum(a^2)
term track = norm(v - a)
reward main {
  -0.1 * ctrl
  -track
  1
}
`);
  const width = vectorProgram.layout.width;
  const aSlot = vectorProgram.layout.index.get('a')!;
  const vSlot = vectorProgram.layout.index.get('v')!;
  let seed = 13;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296) * 2 - 1;
  const buffer = new Float64Array(width * (VECTOR_STEPS + 1));
  for (let i = 0; i < buffer.length; i++) buffer[i] = rand();
  const records = Array.from({ length: VECTOR_STEPS + 1 }, (_, t) => buffer.subarray(t * width, (t + 1) * width));
  const ours = new Float64Array(VECTOR_STEPS);
  const theirs = new Float64Array(VECTOR_STEPS);
  const evaluateVectors = () => {
    const runner = new Runner(vectorProgram);
    for (let t = 0; t < VECTOR_STEPS; t++) {
      if (t % EPISODE === 0) runner.reset();
      ours[t] = runner.step(records[t], records[t + 1], (t + 1) % EPISODE === 0 ? 'truncated' : null);
    }
  };
  // The same reward written by hand over the records' slots.
  const handVectors = () => {
    for (let t = 0; t < VECTOR_STEPS; t++) {
      const r = records[t];
      let ctrl = 0;
      let track = 0;
      for (let k = 0; k < N; k++) {
        const a = r[aSlot + k];
        const d = r[vSlot + k] - a;
        ctrl += a * a;
        track += d * d;
      }
      theirs[t] = -0.1 * ctrl - Math.sqrt(track) + 1;
    }
  };
  const t = timePaired(RUNS, evaluateVectors, handVectors);
  let maxDiff = 0;
  for (let i = 0; i < VECTOR_STEPS; i++) maxDiff = Math.max(maxDiff, Math.abs(ours[i] - theirs[i]));
  if (!(maxDiff <= 1e-9)) throw new Error(`the hand-written vector loop and the evaluator disagree: max |diff| ${maxDiff}`);
  emit(row({
    suite: SUITE,
    what: `evaluator (Runner.step) on vector[${N}] action and observation, ${VECTOR_STEPS.toLocaleString('en-US')} steps in memory`,
    figure: perSecond(median(t.a), VECTOR_STEPS),
    unit: 'steps/s',
    reference: perSecond(median(t.b), VECTOR_STEPS),
    referenceWhat: 'hand-written loop over the same typed-array records',
    target: { on: 'ratio', op: '>=', value: 0.5 },
    why: () => 'Before element-wise chains read once were fused into the loop of their reduction (eval/generate.ts inlinedVectors) this row measured 0.44: the generated code (see generateSource for this spec) filled a Float64Array per vector instruction (a^2, v - a) and summed it in a second loop, where the hand loop makes one pass. After it the loops are the hand loop\'s (two instead of one: ctrl and track are separate reductions) plus storing the components and keeping the returns; the ratio then measured 0.62 to 0.80 under load. Below target means the machine was loaded during the pair of runs: compare with the other evaluator rows of the same run.',
    detail: { steps: VECTOR_STEPS, n: N, runs: RUNS, evalMs: t.a, handMs: t.b, maxAbsDiff: maxDiff },
  }));
}
