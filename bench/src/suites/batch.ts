// Issue 14, benchmarks: environment steps per second of BatchReward (the numpy module, and the
// torch module on the CPU) at N = 1, 64, 1024, 4096 on the examples' rewards, against N scalar
// Reward objects stepped in a Python loop (the dependency-free module, Reward.transition), and
// the memory a numpy step allocates per environment (flat in N).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, ROOT, tmpDir } from '../paths';
import { emit, isQuick, row } from '../row';

const SUITE = 'batch';
const quick = isQuick();
const SIZES = [1, 64, 1024, 4096];
/** Milliseconds of timed batch stepping per backend and size. */
const STEPS = quick ? 200 : 1500;
const SCALAR_STEPS = quick ? 2_000 : 20_000;
const PYTHON = '/usr/bin/python3';

// A machine with machine shaping, an ltl item, potential shaping; a vector reward once the
// examples have one (contract version 2).
const SPECS = [
  ['office-coffee', join(ROOT, 'examples', 'office-coffee.reward')],
  ['patrol (ltl)', join(ROOT, 'examples', 'patrol.reward')],
  ['gridworld-shaping', join(ROOT, 'examples', 'gridworld-shaping.reward')],
  ['halfcheetah-v5', join(ROOT, 'examples', 'gymnasium', 'halfcheetah-v5.reward')],
] as const;

const WHY_SMALL = 'At N = 1 and 64 a batch step is fixed Python overhead (decoding the record dict, one call per instruction, bookkeeping: about 100 to 300 microseconds), which only large batches amortise.';
const WHY_TORCH = 'On the CPU PyTorch pays a dispatch cost per operation (a few microseconds) that NumPy pays less of, and the kernel is one operation per instruction; with one thread at N = 4096 the arrays are too small for either to be bound by arithmetic. On a GPU the same kernel runs on the device; that was not measured here (no GPU on this machine).';

interface Sizes {
  readonly sizes: Record<string, { numpy: number; torch: number; scalar: number; numpy_peak_bytes_per_env: number; batch_steps: number[] }>;
  readonly numpy: string;
  readonly torch: string;
}

for (const [name, spec] of SPECS) {
  if (!existsSync(spec)) continue;
  const dir = tmpDir(`batch-${name.replace(/[^a-z0-9]/gi, '_')}`);
  const modules = (['numpy', 'torch', 'python'] as const).map((target) => {
    const out = join(dir, `bench_${target}.py`);
    const r = spawnSync(process.execPath, [CLI, 'export', target, spec, '-o', out], { encoding: 'utf8' });
    return r.status === 0 ? out : undefined;
  });
  // A spec this build cannot export (a version-2 example before its constructs land) is skipped.
  if (modules.some((m) => m === undefined)) continue;
  const r = spawnSync(PYTHON, [join(ROOT, 'bench', 'lib', 'batch-runs.py'), ...(modules as string[]), SIZES.join(','), String(STEPS), String(SCALAR_STEPS)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`batch-runs.py failed on ${name}: ${r.stderr}`);
  const res = JSON.parse(r.stdout) as Sizes;
  for (const n of SIZES) {
    const s = res.sizes[String(n)];
    emit(row({
      suite: SUITE,
      what: `BatchReward numpy, ${name}, N = ${n}`,
      figure: s.numpy,
      unit: 'env-steps/s',
      reference: s.scalar,
      referenceWhat: `${Math.min(n, 1024)} scalar Reward objects in a Python loop`,
      target: n === 1024 ? { on: 'ratio', op: '>=', value: 50 } : undefined,
      why: () => WHY_SMALL,
      detail: { batchSteps: s.batch_steps, numpy: res.numpy },
    }));
    emit(row({
      suite: SUITE,
      what: `BatchReward torch (CPU, 1 thread), ${name}, N = ${n}`,
      figure: s.torch,
      unit: 'env-steps/s',
      reference: s.numpy,
      referenceWhat: `BatchReward numpy, N = ${n}`,
      target: n === 4096 ? { on: 'ratio', op: '>=', value: 1 } : undefined,
      why: () => WHY_TORCH,
      detail: { batchSteps: s.batch_steps, torch: res.torch },
    }));
  }
  const big = res.sizes['4096'];
  const small = res.sizes['64'];
  emit(row({
    suite: SUITE,
    what: `BatchReward numpy peak memory of a step per environment, ${name}, N = 4096 against N = 64`,
    figure: big.numpy_peak_bytes_per_env,
    unit: 'bytes/env',
    reference: small.numpy_peak_bytes_per_env,
    referenceWhat: 'the same at N = 64',
    target: { on: 'ratio', op: '<=', value: 1.5 },
    why: () => 'A step allocates a fixed set of arrays per instruction (tracemalloc); at small N the fixed part weighs more per environment.',
    detail: Object.fromEntries(SIZES.map((n) => [`N=${n}`, res.sizes[String(n)].numpy_peak_bytes_per_env])),
  }));
}
