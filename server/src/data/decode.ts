// Typed values of one step record for one spec (LANGUAGE.md sections 2 and 9): the data
// typing rules, missing fields, non-finite numbers, declared ranges and external labels.

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
}

export interface Decoder {
  /** Values of `fields` then one 0/1 flag per label name, written into `out`
   *  (length fields.length + labels.length). bool -> 0/1, enum -> member index, numbers as is;
   *  action fields of a record that needs no action -> NaN. Returns false when the record
   *  must be skipped (problems reported through `report`). Out-of-range values are reported
   *  and kept. */
  decode(record: RawRecord, needActions: boolean, out: Float64Array, report: (p: DataProblem) => void): boolean;
}

/** A field's number, or the message saying why the value does not fit its type. */
type Convert = (v: unknown) => number | string;

interface CompiledField {
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
  const compiled = fields.map((f) => compile(f, format));
  const labelIndex = new Map<string, number>();
  labels.forEach((name, i) => {
    if (!labelIndex.has(name)) labelIndex.set(name, i);
  });
  const base = fields.length;

  return {
    decode(record, needActions, out, report) {
      let ok = true;
      for (let i = 0; i < compiled.length; i++) {
        const f = compiled[i];
        if (f.isAction && !needActions) {
          out[i] = NaN;
          continue;
        }
        let raw = lookup(record.value, f.path);
        let field = f.field;
        if (f.memberName !== undefined && isPlainObject(raw)) {
          raw = lookup(raw, f.memberPath);
          field = `${f.field}.${f.memberName}`;
        }
        const v = raw === undefined ? 'missing field' : f.convert(raw);
        if (typeof v === 'string') {
          report(dataProblem(record.file, record.line, field, v));
          out[i] = NaN;
          ok = false;
          continue;
        }
        out[i] = v;
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

function compile(f: FieldSpec, format: 'jsonl' | 'json' | 'csv'): CompiledField {
  const byDefault = f.isAction && f.path.length === 1 && f.path[0] === 'action';
  return {
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
