// The batched exports (`reward export numpy|torch`, LANGUAGE.md section 11) against `reward
// eval`, to 1e-9 (torch in float64): every example with every trajectory beside it and every
// reward block, and at least 200 random spec/trajectory pairs per run, with the episodes dealt
// to the environments of one BatchReward (different lengths, autoreset between them, idle
// environments inactive) in representations drawn at random (batch_driver.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/analysis/analyze';
import { exportBatch } from '../../server/src/export/batch/module';
import type { Backend } from '../../server/src/export/batch/runtime-backends';
import { generateCase, Rng } from './spec-gen';
import { compareRuns, difference, PYTHON, runPythonScript, tempDir, tsEval } from './harness';
import { exportPython } from '../../server/src/export/python/module';
import { spawn } from 'node:child_process';

const ROOT = join(import.meta.dirname, '..', '..');
const EXAMPLES = [join(ROOT, 'examples'), join(ROOT, 'examples', 'gymnasium')];
const DRIVER = join(import.meta.dirname, 'batch_driver.py');
const PAIRS = 200;
const BASE = Number(process.env.EXPORT_SEED ?? Date.now() % 1_000_000);

interface Case {
  readonly name: string;
  readonly spec: string;
  readonly files: readonly string[];
  readonly reward: string;
  readonly seed: number;
  /** The most guards of a machine looked up densely (machine-tables.ts); default 10. */
  readonly denseGuards?: number;
}

interface BatchOut {
  readonly crash?: string;
  readonly steps: Record<string, { reward: number | null; components: Record<string, number | null>; machines?: Record<string, string>; ltl?: Record<string, string> }>;
  readonly episodes: Record<string, { steps: number; return: number | null; discounted_return: number | null; terminated: boolean }>;
}

function exampleCases(): Case[] {
  const cases: Case[] = [];
  for (const dir of EXAMPLES) {
    const names = readdirSync(dir);
    for (const specName of names.filter((n) => n.endsWith('.reward'))) {
      const stem = specName.slice(0, -'.reward'.length);
      const spec = join(dir, specName);
      const a = analyze(readFileSync(spec, 'utf8'));
      if (a.hasErrors) continue;
      const files = names.filter((n) => n.startsWith(stem + '.') && /\.(jsonl|json|csv)$/.test(n)).map((n) => join(dir, n));
      if (files.length === 0) continue;
      for (const r of a.model.rewards) cases.push({ name: `${specName} --reward ${r.name.text}`, spec, files, reward: r.name.text, seed: cases.length });
    }
  }
  return cases;
}

function randomCases(dir: string, count: number): Case[] {
  const cases: Case[] = [];
  for (let seed = BASE; cases.length < count; seed++) {
    const c = generateCase(seed);
    if (analyze(c.spec).hasErrors) continue;
    const caseDir = join(dir, `r${seed}`);
    mkdirSync(caseDir);
    const spec = join(caseDir, 'spec.reward');
    writeFileSync(spec, c.spec);
    const files = c.files.map((f) => {
      const path = join(caseDir, f.name);
      writeFileSync(path, f.text);
      return path;
    });
    // Every other spec steps its machines in the gathered form (the dense one has a bit per guard).
    const denseGuards = seed % 2 ? 0 : undefined;
    cases.push({ name: `random spec, EXPORT_SEED=${seed} replays it`, spec, files, reward: new Rng(seed).pick(c.rewards), seed, denseGuards });
  }
  return cases;
}

// NumPy's and PyTorch's SIMD routines for exp, log, tanh, pow, sin, ... (AVX2, AVX-512) differ
// from the C library's (and JavaScript's) in the last bit for many inputs. That is invisible
// unless a spec magnifies the last bit (a division by a difference near zero, as random specs
// do), so the random specs run on the libraries' C-library paths; the examples run as users
// run them.
const LIBM_ENV = {
  NPY_DISABLE_CPU_FEATURES: 'SSSE3 SSE41 POPCNT SSE42 AVX F16C FMA3 AVX2 AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL',
  ATEN_CPU_CAPABILITY: 'default',
};

function runDriver(cases: readonly object[], dir: string, tag: string, libm: boolean): Promise<BatchOut[]> {
  const input = join(dir, `${tag}-cases.json`);
  const output = join(dir, `${tag}-results.json`);
  writeFileSync(input, JSON.stringify(cases));
  return new Promise((resolve, reject) => {
    const env = libm ? { ...process.env, ...LIBM_ENV } : process.env;
    const child = spawn(PYTHON, [DRIVER, input, output], { stdio: ['ignore', 'ignore', 'pipe'], env });
    let err = '';
    child.stderr.on('data', (d) => (err += String(d)));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`batch driver failed (${code}): ${err}`));
      else resolve(JSON.parse(readFileSync(output, 'utf8')) as BatchOut[]);
    });
  });
}

async function differential(t: { diagnostic: (s: string) => void }, cases: readonly Case[], dir: string, tag: string, libm: boolean): Promise<void> {
  const modules = new Map<string, Record<Backend, string>>();
  const driverCases: object[] = [];
  for (const backend of ['numpy', 'torch'] as const) {
    cases.forEach((c, i) => {
      let m = modules.get(c.spec);
      if (!m) {
        const model = analyze(readFileSync(c.spec, 'utf8')).model;
        const base = join(dir, `${tag}m${modules.size}`);
        m = { numpy: `${base}_np.py`, torch: `${base}_torch.py` };
        const options = { specName: 'spec.reward', denseGuards: c.denseGuards };
        writeFileSync(m.numpy, exportBatch(model, 'numpy', options));
        writeFileSync(m.torch, exportBatch(model, 'torch', options));
        modules.set(c.spec, m);
      }
      const rng = new Rng(c.seed * 7 + (backend === 'torch' ? 1 : 0));
      driverCases.push({ index: driverCases.length, module: m[backend], files: c.files, reward: c.reward, backend, num_envs: rng.int(1, 7), seed: c.seed, name: c.name, case: i });
    });
  }
  // Python runs while the evaluator runs here.
  const half = driverCases.length / 2;
  const runs = Promise.all([runDriver(driverCases.slice(0, half), dir, `${tag}-numpy`, libm), runDriver(driverCases.slice(half), dir, `${tag}-torch`, libm)]);
  const evals: Awaited<ReturnType<typeof tsEval>>[] = [];
  for (const c of cases) evals.push(await tsEval(c.spec, c.files, c.reward));
  const [numpyOut, torchOut] = await runs;
  let steps = 0;
  let episodes = 0;
  for (const [backend, outs] of [['numpy', numpyOut], ['torch', torchOut]] as const) {
    cases.forEach((c, i) => {
      const out = outs[i];
      assert.equal(out.crash, undefined, `${backend}, ${c.name}: ${out.crash}\n${readFileSync(c.spec, 'utf8')}`);
      const ev = JSON.parse(evals[i].out) as {
        steps: { reward: number | null; components: Record<string, number | null>; machines: Record<string, string>; ltl: Record<string, string> }[];
        episodes: { steps: number; return: number | null; discounted_return: number | null; end: string }[];
      };
      assert.equal(Object.keys(out.steps).length, ev.steps.length, `${backend}, ${c.name}: transitions`);
      ev.steps.forEach((s, k) => {
        const b = out.steps[String(k)];
        const where = `${backend}, ${c.name}, step ${k}`;
        assert.equal(difference(s.reward, b.reward), undefined, `${where}: reward ${s.reward} vs ${b.reward}\n${readFileSync(c.spec, 'utf8')}`);
        const d = difference(s.components, b.components);
        assert.equal(d, undefined, `${where}: components ${d}`);
        if (b.machines) assert.deepEqual(b.machines, s.machines, `${where}: machine states`);
        if (b.ltl) assert.deepEqual(b.ltl, s.ltl, `${where}: verdicts`);
      });
      ev.episodes.forEach((e, id) => {
        if (e.steps === 0) return;
        const b = out.episodes[String(id)];
        const where = `${backend}, ${c.name}, episode ${id}`;
        assert.ok(b, `${where}: no episode_sums() entry`);
        assert.equal(b.steps, e.steps, where);
        assert.equal(b.terminated, e.end === 'terminated', where);
        assert.equal(difference(e.return, b.return), undefined, `${where}: return ${e.return} vs ${b.return}`);
        assert.equal(difference(e.discounted_return, b.discounted_return), undefined, `${where}: discounted return`);
        episodes++;
      });
      steps += ev.steps.length;
    });
  }
  assert.ok(steps > cases.length, `${steps} steps compared`);
  t.diagnostic(`${cases.length} cases x 2 backends: ${steps} transitions and ${episodes} episodes compared`);
}

test('BatchReward (numpy and torch) pays what reward eval pays on every example, every reward block', async (t) => {
  const dir = tempDir('rewardsmith-batch-');
  await differential(t, exampleCases(), dir, 'ex', false);
});

test(`BatchReward (numpy and torch) agrees with reward eval on ${PAIRS} random specs and trajectories`, async (t) => {
  const dir = tempDir('rewardsmith-batch-');
  await differential(t, randomCases(dir, PAIRS), dir, 'rnd', true);
});

// A machine as a table lookup: 20 states, three guarded transitions each over 57 distinct
// guards, expression rewards and \`otherwise\` (a dense table over every combination of guard
// values would have 2^57 columns; the state's own guards are gathered instead).
function ladderSpec(): string {
  const lines = ['discount 0.95', 'signal x: number = obs[0]', 'signal y: number = obs[1]', 'prop p', 'prop q', 'machine ladder {', '  initial s0', '  terminal s19'];
  for (let i = 0; i < 19; i++) {
    lines.push(`  s${i} -> s${i + 1} when x > ${i / 4} && p reward ${i}`);
    lines.push(`  s${i} -> s0 when x < ${-i / 5} reward y`);
    lines.push(`  s${i} -> s${Math.min(19, i + 2)} when q && y > ${i / 10} reward x - y`);
    if (i % 2 === 0) lines.push(`  s${i} -> s${i} when otherwise reward -0.01`);
  }
  lines.push('}', 'reward main {', '  ladder', '  shaping ladder', '}');
  return lines.join('\n') + '\n';
}

test('a machine of 20 states and 57 distinct guards: numpy and torch pay what reward eval pays', async (t) => {
  const dir = tempDir('rewardsmith-batch-');
  const spec = join(dir, 'ladder.reward');
  writeFileSync(spec, ladderSpec());
  const rng = new Rng(11);
  const lines: string[] = [];
  for (let e = 0; e < 6; e++) {
    const n = rng.int(20, 60);
    for (let k = 0; k <= n; k++) {
      const labels = [rng.chance(0.6) ? 'p' : '', rng.chance(0.3) ? 'q' : ''].filter(Boolean);
      const r: Record<string, unknown> = { episode: e, obs: [rng.int(-400, 600) / 100, rng.int(-100, 300) / 100], labels };
      if (k === n) r.terminated = rng.chance(0.5);
      lines.push(JSON.stringify(r));
    }
  }
  const file = join(dir, 'ladder.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');
  const ev = JSON.parse((await tsEval(spec, [file], 'main')).out) as { steps: { machines: Record<string, string> }[] };
  const reached = new Set(ev.steps.map((s) => s.machines.ladder));
  assert.ok(reached.size >= 6, `the trajectories reach ${reached.size} states`);
  await differential(t, [{ name: 'ladder', spec, files: [file], reward: 'main', seed: 11 }], dir, 'ladder', false);
});

// Version 2 (LANGUAGE.md section 13) in all three Python modules: the new functions, pi,
// items as expressions, prev (of an action and of a term), clip and replace.
const V2_SPEC = `discount 0.9
signal x: number in [-5, 5] = obs[0]
signal y: number in [-2, 2] = obs[1]
action a: number in [-1, 1] = action[0]
prop crashed = abs(x) >= 4
term wave = 0.5 * sin(x) + cos(y) * atan2(y, x) - tan(a) + asin(a) * acos(a / 2) + atan(y)
term rate = (a - prev(a))^2
reward main {
  wave
  (mod(x, 3) + mod(-x, -2) + pi)
  (x % 2)
  -0.1 * rate + 0.01 * prev(wave)
  clip [-1, 3]
  -0.01
  replace -100 when crashed'
}
`;

test('version 2 functions, pi, prev, clip and replace: the scalar, numpy and torch modules pay what reward eval pays', async (t) => {
  const dir = tempDir('rewardsmith-batch-');
  const spec = join(dir, 'v2.reward');
  writeFileSync(spec, V2_SPEC);
  const rng = new Rng(7);
  const lines: string[] = [];
  for (let e = 0; e < 4; e++) {
    const n = rng.int(2, 9);
    for (let k = 0; k <= n; k++) {
      const r: Record<string, unknown> = { obs: [rng.int(-500, 500) / 100, rng.int(-200, 200) / 100] };
      if (k < n) r.action = [rng.int(-100, 100) / 100];
      else r.terminated = true;
      lines.push(JSON.stringify(r));
    }
  }
  const file = join(dir, 'v2.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');
  await differential(t, [{ name: 'v2 functions', spec, files: [file], reward: 'main', seed: 7 }], dir, 'v2', false);
  const module = join(dir, 'v2_scalar.py');
  writeFileSync(module, exportPython(analyze(V2_SPEC).model));
  const ts = await tsEval(spec, [file]);
  const py = runPythonScript(module, [file]);
  assert.equal(compareRuns(ts, py), undefined);
  assert.ok(!py.out.includes('null'), 'every step is finite');
});
