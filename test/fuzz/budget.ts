// The budget of the fuzz tests and the figures they report. `npm test` runs each property a
// bounded number of times; `npm run fuzz` (scripts/fuzz.mjs) multiplies that by FUZZ_SCALE
// and collects the figures of every property in the file named by FUZZ_RESULTS.
import { appendFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const scale = Number(process.env.FUZZ_SCALE ?? '1');

/** Runs of a property: `base` under npm test, scaled under npm run fuzz. */
export const runs = (base: number): number => Math.max(1, Math.round(base * (Number.isFinite(scale) && scale > 0 ? scale : 1)));

/** A fresh seed every run explores new inputs; FUZZ_SEED replays one (fast-check prints it on failure). */
export const seed = (): number => (process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : Date.now() % 2_147_483_647);

/** The time a step may take on a small input. */
export const LIMIT_MS = 1000;

/**
 * Runs `f` and fails when it takes longer than `limitMs`. The machine running the tests may
 * be busy: a slow run is timed once more, and only an input slow twice is a hang.
 */
export function timed<T>(what: string, f: () => T, limitMs = LIMIT_MS): T {
  const t0 = performance.now();
  const result = f();
  const first = performance.now() - t0;
  if (first <= limitMs) return result;
  const t1 = performance.now();
  f();
  const second = performance.now() - t1;
  if (second > limitMs) throw new Error(`${what} took ${Math.round(first)} ms, then ${Math.round(second)} ms (limit ${limitMs} ms)`);
  return result;
}

/** The async twin of `timed`. */
export async function timedAsync<T>(what: string, f: () => Promise<T>, limitMs = LIMIT_MS): Promise<T> {
  const t0 = performance.now();
  const result = await f();
  const first = performance.now() - t0;
  if (first <= limitMs) return result;
  const t1 = performance.now();
  await f();
  const second = performance.now() - t1;
  if (second > limitMs) throw new Error(`${what} took ${Math.round(first)} ms, then ${Math.round(second)} ms (limit ${limitMs} ms)`);
  return result;
}

export interface Figures {
  /** What was fuzzed (one line of the results table). */
  readonly target: string;
  readonly inputs: number;
  /** Records in the files evaluated, and records read + skipped (equal when nothing is lost). */
  readonly records?: number;
  readonly accounted?: number;
}

/** Adds one property's figures to the results file of `npm run fuzz` (nothing under npm test). */
export function report(f: Figures): void {
  const file = process.env.FUZZ_RESULTS;
  if (file) appendFileSync(file, JSON.stringify(f) + '\n');
}
