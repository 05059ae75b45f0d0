// Typed values of one step record for one spec (LANGUAGE.md sections 2, 9, 10 and 13): the
// data typing rules, missing fields and their defaults, non-finite numbers, declared ranges,
// vectors (whole arrays, slices, arrays of arrays flattened row by row) and external labels.

import { describeValue, quote } from './describe';
import { lookup, pathText, type PathSegment } from './path';
import { dataProblem, type DataProblem } from './problem';
import type { RawRecord } from './record';

export type FieldType =
  | { readonly kind: 'number' }
  | { readonly kind: 'int' }
  | { readonly kind: 'bool' }
  | { readonly kind: 'enum'; readonly members: readonly string[] };

export interface FieldSpec {
  /** The signal/action name, for messages. */
  readonly name: string;
  readonly path: readonly PathSegment[];
  readonly type: FieldType;
  readonly range?: readonly [number, number];
  /** Action fields are not required on an episode's last record. */
  readonly isAction: boolean;
  /** Version 2: 0 (or absent) for a scalar, N for `vector[N]`, whose elements fill N slots. */
  readonly shape?: number;
  /**
   * For a vector read from a slice `path[a:b:s]` of the (flattened) array at `path`: the
   * first element read and the step; `text` is the slice as written (`[15:29]`). Absent: the
   * whole array, which must hold exactly N elements.
   */
  readonly slice?: { readonly start: number; readonly step: number; readonly text: string };
  /** Version 2, `default`: the slots' values when the record lacks the field, encoded (enum index, bool 0/1). */
  readonly default?: readonly number[];
}

/** The slots a field occupies: one for a scalar, N for a vector of N. */
export const fieldLength = (f: FieldSpec): number => Math.max(1, f.shape ?? 0);

/** The first slot of each field, fields in order; labels follow at the returned `width`. */
export function fieldSlots(fields: readonly FieldSpec[]): { readonly slots: readonly number[]; readonly width: number } {
  const slots: number[] = [];
  let width = 0;
  for (const f of fields) {
    slots.push(width);
    width += fieldLength(f);
  }
  return { slots, width };
}

export interface Decoder {
  /** Values of `fields` (each at its slots, `fieldSlots`) then one 0/1 flag per label name,
   *  written into `out`. bool -> 0/1, enum -> member index, numbers as is, a vector's elements
   *  in order; action fields of a record that needs no action -> NaN. A missing field with a
   *  default reads the default. Returns false when the record must be skipped (problems
   *  reported through `report`). Out-of-range values are reported and kept. */
  decode(record: RawRecord, needActions: boolean, out: Float64Array, report: (p: DataProblem) => void): boolean;
}

/** A field's number, or the message saying why the value does not fit its type. */
type Convert = (v: unknown) => number | string;

interface CompiledField {
  readonly slot: number;
  /** 0 for a scalar, N for a vector. */
  readonly shape: number;
  readonly slice: FieldSpec['slice'];
  readonly default: readonly number[] | undefined;
  /** CSV: a vector whose cells are all empty is missing (LANGUAGE.md section 10). */
  readonly emptyIsMissing: boolean;
  readonly path: readonly PathSegment[];
  readonly field: string;
  /** Set for an action read from its default path: `action.NAME` when `action` is an object. */
  readonly memberName: string | undefined;
  readonly memberPath: readonly PathSegment[];
  readonly convert: Convert;
  readonly range: readonly [number, number] | undefined;
  readonly isAction: boolean;
}

const LABELS_EXPECTED = 'expected an array of names or a string of one-character names';

export function makeDecoder(fields: readonly FieldSpec[], labels: readonly string[], format: 'jsonl' | 'json' | 'csv'): Decoder {
  const { slots, width } = fieldSlots(fields);
  const compiled = fields.map((f, i) => compile(f, slots[i], format));
  const labelIndex = new Map<string, number>();
  labels.forEach((name, i) => {
    if (!labelIndex.has(name)) labelIndex.set(name, i);
  });
  const base = width;

  return {
    decode(record, needActions, out, report) {
      let ok = true;
      for (let i = 0; i < compiled.length; i++) {
        const f = compiled[i];
        const slot = f.slot;
        if (f.isAction && !needActions) {
          if (f.shape === 0) out[slot] = NaN;
          else out.fill(NaN, slot, slot + f.shape);
          continue;
        }
        let raw = lookup(record.value, f.path);
        let field = f.field;
        if (f.memberName !== undefined && isPlainObject(raw)) {
          raw = lookup(raw, f.memberPath);
          field = `${f.field}.${f.memberName}`;
        }
        if (f.shape > 0) {
          if (!readVector(f, raw, field, record, out, report)) ok = false;
          continue;
        }
        if (raw === undefined && f.default !== undefined) {
          out[slot] = f.default[0];
          continue;
        }
        const v = raw === undefined ? 'missing field' : f.convert(raw);
        if (typeof v === 'string') {
          report(dataProblem(record.file, record.line, field, v));
          out[slot] = NaN;
          ok = false;
          continue;
        }
        out[slot] = v;
        if (f.range !== undefined && outsideRange(v, f.range[0], f.range[1])) {
          report(dataProblem(record.file, record.line, field, `value ${v} is outside the declared range [${f.range[0]}, ${f.range[1]}]`));
        }
      }
      if (labels.length > 0) {
        out.fill(0, base, base + labels.length);
        const message = readLabels(record.value.labels, labelIndex, out, base);
        if (message !== undefined) {
          report(dataProblem(record.file, record.line, 'labels', message));
          ok = false;
        }
      }
      return ok;
    },
  };
}

/**
 * Reads a vector field into its slots: the elements of the array at the field's path (or of
 * its slice), an array of arrays flattened row by row. Each element is read by its index, with
 * no path lookup per element. False (problems reported) when the record must be skipped.
 */
function readVector(f: CompiledField, raw: unknown, field: string, record: RawRecord, out: Float64Array, report: (p: DataProblem) => void): boolean {
  const n = f.shape;
  const slot = f.slot;
  const fail = (message: string, at = field) => {
    report(dataProblem(record.file, record.line, at, message));
    out.fill(NaN, slot, slot + n);
    return false;
  };
  if (raw === undefined) {
    if (f.default !== undefined) {
      for (let k = 0; k < n; k++) out[slot + k] = f.default[k];
      return true;
    }
    return fail('missing field');
  }
  if (!Array.isArray(raw)) return fail(`expected an array of ${f.slice ? 'numbers to slice' : `${n} numbers`}, got ${describeValue(raw)}`);
  let arr: readonly unknown[] = raw;
  if (arr.length > 0 && Array.isArray(arr[0])) {
    const flat: unknown[] = [];
    if (!flatten(arr, flat, 0)) return fail('expected an array of numbers, or of arrays of numbers (read row by row), got arrays nested in another way');
    arr = flat;
  }
  const start = f.slice ? f.slice.start : 0;
  const step = f.slice ? f.slice.step : 1;
  if (f.emptyIsMissing) {
    // CSV: the elements are cells; a vector with every cell empty is missing, and a cell left
    // empty among others is reported by its own column below.
    let any = false;
    for (let k = 0, i = start; k < n; k++, i += step) {
      if (arr[i] !== undefined) {
        any = true;
        break;
      }
    }
    if (!any) {
      if (f.default !== undefined) {
        for (let k = 0; k < n; k++) out[slot + k] = f.default[k];
        return true;
      }
      return fail('missing field (every cell of the vector is empty)');
    }
    if (f.slice === undefined && arr.length > n) return fail(`expected ${n} columns ${field}[0] to ${field}[${n - 1}], got a column ${field}[${arr.length - 1}]`);
  } else if (f.slice === undefined) {
    if (arr.length !== n) return fail(`expected an array of ${n} numbers, got ${arr.length === 0 ? 'an empty array' : `an array of ${arr.length}`}`);
  } else {
    const needed = start + (n - 1) * step + 1;
    if (arr.length < needed) return fail(`the slice ${f.slice.text} needs an array of at least ${needed} elements, got an array of ${arr.length}`);
  }
  let ok = true;
  const range = f.range;
  for (let k = 0, i = start; k < n; k++, i += step) {
    const v = arr[i];
    if (typeof v === 'number' && v - v === 0) {
      out[slot + k] = v;
      if (range !== undefined && outsideRange(v, range[0], range[1])) {
        report(dataProblem(record.file, record.line, `${field}[${i}]`, `value ${v} is outside the declared range [${range[0]}, ${range[1]}]`));
      }
      continue;
    }
    const message = v === undefined ? 'missing field' : typeof v === 'number' ? `not a finite number (got ${v})` : `expected a number, got ${describeValue(v)}`;
    report(dataProblem(record.file, record.line, `${field}[${i}]`, message));
    out[slot + k] = NaN;
    ok = false;
  }
  return ok;
}

/** Appends the numbers of nested arrays row by row; false when rows mix arrays and values. */
function flatten(rows: readonly unknown[], into: unknown[], depth: number): boolean {
  if (depth > 32) return false;
  const nested = Array.isArray(rows[0]);
  for (const r of rows) {
    if (Array.isArray(r) !== nested) return false;
    if (nested) {
      if (!flatten(r as unknown[], into, depth + 1)) return false;
    } else into.push(r);
  }
  return true;
}

function compile(f: FieldSpec, slot: number, format: 'jsonl' | 'json' | 'csv'): CompiledField {
  const byDefault = f.isAction && f.path.length === 1 && f.path[0] === 'action';
  return {
    slot,
    shape: f.shape ?? 0,
    slice: f.slice,
    default: f.default,
    emptyIsMissing: format === 'csv',
    path: f.path,
    field: pathText(f.path),
    memberName: byDefault ? f.name : undefined,
    memberPath: [f.name],
    convert: finite(converter(f.type, format)),
    range: f.range,
    isAction: f.isAction,
  };
}

function finite(convert: Convert): Convert {
  return (v) => (typeof v === 'number' && !Number.isFinite(v) ? `not a finite number (got ${v})` : convert(v));
}

function converter(type: FieldType, format: 'jsonl' | 'json' | 'csv'): Convert {
  switch (type.kind) {
    case 'number':
      return (v) => (typeof v === 'number' ? v : `expected a number, got ${describeValue(v)}`);
    case 'int':
      return (v) => (typeof v === 'number' && Number.isInteger(v) ? v : `expected an integer, got ${describeValue(v)}`);
    case 'bool':
      return format === 'csv' ? csvBool : jsonBool;
    case 'enum':
      return enumConverter(type.members);
  }
}

function jsonBool(v: unknown): number | string {
  if (v === true) return 1;
  if (v === false) return 0;
  return `expected true or false, got ${describeValue(v)}`;
}

/** CSV cells hold no booleans: `true`/`false` (any case, as pandas writes `True`) and 1/0. */
function csvBool(v: unknown): number | string {
  if (v === 1 || v === 0) return v;
  if (typeof v === 'string') {
    const lower = v.toLowerCase();
    if (lower === 'true') return 1;
    if (lower === 'false') return 0;
  }
  return `expected true, false, 1 or 0, got ${describeValue(v)}`;
}

function enumConverter(members: readonly string[]): Convert {
  const index = new Map<string, number>();
  members.forEach((m, i) => index.set(m, i));
  const expected = `expected one of ${members.join(', ')} (or an index 0..${members.length - 1})`;
  return (v) => {
    if (typeof v === 'string') {
      const i = index.get(v);
      return i !== undefined ? i : `${expected}, got ${quote(v)}`;
    }
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < members.length) return v;
    return `${expected}, got ${describeValue(v)}`;
  };
}

/** Sets the flags of the declared names listed in `labels`; the message when it has the wrong type. */
function readLabels(labels: unknown, index: ReadonlyMap<string, number>, out: Float64Array, base: number): string | undefined {
  if (labels === undefined) return undefined;
  if (typeof labels === 'string') {
    for (let k = 0; k < labels.length; k++) {
      const i = index.get(labels[k]);
      if (i !== undefined) out[base + i] = 1;
    }
    return undefined;
  }
  if (!Array.isArray(labels)) return `${LABELS_EXPECTED}, got ${describeValue(labels)}`;
  for (const name of labels) {
    if (typeof name !== 'string') return `${LABELS_EXPECTED}, got an array holding ${describeValue(name)}`;
    const i = index.get(name);
    if (i !== undefined) out[base + i] = 1;
  }
  return undefined;
}

function isPlainObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A value outside its declared range, allowing for float32 logs: Gymnasium's Box bounds are
 * float32, so a logged `-1.2000000476837158` is MountainCar's `low` of `-1.2`. A value that
 * rounds to the same float32 as a bound is at that bound (docs/language.md).
 */
export function outsideRange(v: number, lo: number, hi: number): boolean {
  return (v < lo && Math.fround(v) !== Math.fround(lo)) || (v > hi && Math.fround(v) !== Math.fround(hi));
}
