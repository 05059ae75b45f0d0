// Summaries of repeated measurements. The machines are shared and noisy (2 cores, often many
// runnable processes): in-process timings are CPU time of this process (user + system), which
// the load of other processes does not inflate; every figure is a median of several runs.

export function median(xs: readonly number[]): number {
  return percentile(xs, 50);
}

/** Nearest-rank percentile (p in [0, 100]) of a non-empty sample. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) throw new Error('percentile of an empty sample');
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** The exponent k of the least-squares fit time = c * size^k on a log-log scale. */
export function fitExponent(sizes: readonly number[], times: readonly number[]): number {
  if (sizes.length !== times.length || sizes.length < 2) throw new Error('fitExponent needs two or more (size, time) pairs');
  const xs = sizes.map(Math.log);
  const ys = times.map(Math.log);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return num / den;
}

/** CPU milliseconds (user + system) of this process spent in `f`. */
export function cpuMs(f: () => void): number {
  const start = process.cpuUsage();
  f();
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

/** CPU milliseconds of each of `runs` calls of `f`, after `warmup` untimed calls. */
export function timeRuns(runs: number, f: () => void, warmup = 1): number[] {
  for (let i = 0; i < warmup; i++) f();
  return Array.from({ length: runs }, () => cpuMs(f));
}

/**
 * CPU milliseconds of `a` and `b`, called alternately `runs` times each (after one untimed call
 * of each), so that both see the same state of the machine.
 */
export function timePaired(runs: number, a: () => void, b: () => void): { a: number[]; b: number[] } {
  a();
  b();
  const out = { a: [] as number[], b: [] as number[] };
  for (let i = 0; i < runs; i++) {
    out.a.push(cpuMs(a));
    out.b.push(cpuMs(b));
  }
  return out;
}
