// Issue 14, benchmarks: environment steps per CPU second of BatchReward (the numpy module, and the
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

// Why lines from the profiles (cProfile of the step under /usr/bin/python3, torch.profiler for
// the operations, A/B runs in CPU time), not guesses.
const WHY_NUMPY = 'At N = 1024 a NumPy step is a fixed cost of about 75 to 160 microseconds (cProfile): some 50 to 80 NumPy calls of 1 to 3 microseconds each (reading and checking each field, one call per instruction of the kernel, the machine and DFA table lookups, the episode bookkeeping and autoreset), against well under a microsecond of arithmetic per call on 1,024 elements. The ratio is lowest where the scalar loop is cheapest (office-coffee: a machine over labels, about 4 microseconds a step in the scalar module); it is met at N = 4096.';
const WHY_TORCH = 'PyTorch 1.13 (Debian, CPU) costs more per operation than NumPy at these sizes; on 4,096 float64 values: a comparison 5 to 10 microseconds (NumPy 0.8), where 10 to 12 (NumPy 6 to 8), indexing 17 to 24 (NumPy 4; the kernels use index_select, 8), bool to float 7; a step is 40 to 100 such operations (torch.profiler). Two threads were slower here (OpenMP threads contend on the shared 2-core machine, and ATen splits an operation only above 32,768 elements). On a GPU the same kernel runs on the device; not measured here (no GPU).';

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
      why: () => WHY_NUMPY,
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
