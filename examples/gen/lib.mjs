// Shared helpers of the trajectory generators: a seeded random source and the file writers.
// Every generator is deterministic: the same seed gives byte-identical files.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const examplesDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** mulberry32: small, fast and good enough for plausible data. Returns floats in [0, 1). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const uniform = (rand, lo, hi) => lo + (hi - lo) * rand();

/** A standard normal sample (Box-Muller). */
export const normal = (rand) => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());

/** Rounds to `digits` decimals and turns -0 into 0, so that files stay small and stable. */
export const round = (v, digits = 6) => {
  const r = Number(v.toFixed(digits));
  return Object.is(r, -0) ? 0 : r;
};

export const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));

export function writeJsonl(relPath, records) {
  writeFileSync(join(examplesDir, relPath), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  console.log(`${relPath}: ${records.length} records`);
}

/** Writes a CSV; `columns` are field paths, `rows` objects keyed by them (missing = empty cell). */
export function writeCsv(relPath, columns, rows) {
  const cell = (v) => (v === undefined || v === null ? '' : String(v));
  const lines = [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))];
  writeFileSync(join(examplesDir, relPath), lines.join('\n') + '\n');
  console.log(`${relPath}: ${rows.length} rows`);
}

/** Marks the last record of an episode as terminated or truncated, and drops its action. */
export function endEpisode(records, how) {
  const last = { ...records[records.length - 1] };
  delete last.action;
  last[how] = true;
  return [...records.slice(0, -1), last];
}

export function check(condition, message) {
  if (!condition) throw new Error(`generator check failed: ${message}`);
}
