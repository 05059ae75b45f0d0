// Building step records (LANGUAGE.md section 9) out of dataset columns: values from a binary
// format become JSON-like values, and a column lands at a field path of the record.

import type { PathSegment } from './path';

/**
 * Sets `path` in a record under construction, creating the objects (or, before a numeric
 * segment, the arrays) on the way. A path that runs into a value already there is left alone
 * and reported by returning false: two columns claim one field.
 */
export function setPath(target: Record<string, unknown>, path: readonly PathSegment[], value: unknown): boolean {
  let at: Record<string | number, unknown> = target;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i];
    let next = at[seg];
    if (next === undefined) {
      next = typeof path[i + 1] === 'number' ? [] : {};
      at[seg] = next;
    }
    if (typeof next !== 'object' || next === null) return false;
    at = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1];
  if (at[last] !== undefined) return false;
  at[last] = value;
  return true;
}

/**
 * A value read from Parquet as plain data: 64-bit integers as numbers, typed arrays as arrays,
 * nested lists and structs converted throughout. Binary columns (encoded images) carry nothing
 * a spec can read and become undefined, so that the field is simply absent.
 */
export function plainValue(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Uint8Array) return undefined;
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number | bigint>, (x) => (typeof x === 'bigint' ? Number(x) : x));
  if (Array.isArray(v)) return v.map(plainValue);
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const p = plainValue(x);
      if (p !== undefined) out[k] = p;
    }
    return out;
  }
  return v;
}

/** A dataset's flag column (bool, or 0/1 as numbers) as a boolean; anything else is false. */
export function truthy(v: unknown): boolean {
  return v === true || (typeof v === 'number' && v !== 0);
}

/** Sorts names as people number them: chunk-2 before chunk-10. */
export function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
