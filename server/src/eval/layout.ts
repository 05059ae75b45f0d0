import { fieldLength, fieldSlots, type FieldSpec, type FieldType } from '../data/decode';
import type { PathSegment } from '../data/path';
import type { Model } from '../names/model';
import type * as A from '../syntax/ast';

/**
 * Where each value of a decoded record sits (CONTRACTS.md item 4): signals, then actions, in
 * declaration order, each at `slot` for `length` slots (1 for a number, a bool as 0/1, an
 * enum as its member index; N consecutive slots for a `vector[N]`), then one 0/1 flag per
 * external label. One record = one Float64Array of `width` numbers. `prev` values are the
 * evaluator's, not the record's.
 */
export interface RecordLayout {
  readonly fields: readonly FieldSpec[];
  /** The first slot of `fields[i]`. */
  readonly slots: readonly number[];
  readonly labels: readonly string[];
  /** Name of a signal, action or external label -> its first slot. */
  readonly index: ReadonlyMap<string, number>;
  readonly width: number;
}

/** The slots of one signal or action: [slot, slot + length). */
export interface FieldSlots {
  readonly slot: number;
  readonly length: number;
}

function fieldType(d: A.SignalDecl): FieldType {
  const t = d.type;
  // A vector holds numbers (LANGUAGE.md section 10); its length is the field's shape.
  if (!t || t.kind === 'number' || t.kind === 'vector') return { kind: 'number' };
  if (t.kind === 'enum') return { kind: 'enum', members: t.members.map((m) => m.text) };
  return { kind: t.kind };
}

function sourcePath(d: A.SignalDecl): readonly PathSegment[] {
  if (d.source) return d.source.segments;
  // LANGUAGE.md section 2: a signal reads the field of its own name, an action reads `action`
  // (the decoder falls back to `action.NAME` when the action value is an object).
  return d.kind === 'action' ? ['action'] : [d.name.text];
}

const shapeOfDecl = (d: A.SignalDecl): number => (d.type?.kind === 'vector' ? d.type.length : 0);

/** A source slice `[a:b:s]` as the decoder reads it: the first element and the step. */
function sliceOf(d: A.SignalDecl, shape: number): FieldSpec['slice'] {
  const b = d.source?.slice;
  if (!b) return undefined;
  const start = b.start ?? 0;
  const step = b.step ?? 1;
  // An omitted end reads as many elements as the vector needs (syntax/ast.ts SourcePath).
  const end = b.end ?? start + Math.max(1, shape) * step;
  return { start, step, text: `[${start}:${end}${step === 1 ? '' : `:${step}`}]` };
}

/**
 * The encoded value of `default LIT` (LANGUAGE.md section 13), one number per slot, or
 * undefined when there is none or it does not fit the type (the checker reports that).
 */
export function encodedDefault(d: A.SignalDecl): readonly number[] | undefined {
  const lit = d.default;
  if (!lit) return undefined;
  const t = d.type;
  const n = Math.max(1, shapeOfDecl(d));
  switch (lit.kind) {
    case 'number':
      if (t?.kind === 'bool') return lit.value === 1 || lit.value === 0 ? [lit.value] : undefined;
      if (t?.kind === 'enum') return Number.isInteger(lit.value) && lit.value >= 0 && lit.value < t.members.length ? [lit.value] : undefined;
      return new Array<number>(n).fill(lit.value);
    case 'bool':
      return t?.kind === 'bool' ? [lit.value ? 1 : 0] : undefined;
    case 'member': {
      if (t?.kind !== 'enum') return undefined;
      const i = t.members.findIndex((m) => m.text === lit.name.text);
      return i >= 0 ? [i] : undefined;
    }
    case 'vector':
      return t?.kind === 'vector' && lit.elements.length === n ? lit.elements.map((e) => e.value) : undefined;
  }
}

export function recordLayout(model: Model): RecordLayout {
  const fields: FieldSpec[] = [...model.signals, ...model.actions].map((d) => {
    const shape = shapeOfDecl(d);
    const numeric = !d.type || d.type.kind === 'number' || d.type.kind === 'int' || d.type.kind === 'vector';
    const spec: FieldSpec = {
      name: d.name.text,
      path: sourcePath(d),
      type: fieldType(d),
      range: d.range && numeric ? [d.range.lo, d.range.hi] as const : undefined,
      isAction: d.kind === 'action',
      shape,
      slice: sliceOf(d, shape),
      default: encodedDefault(d),
    };
    return spec;
  });
  const labels = model.props.filter((p) => !p.body).map((p) => p.name.text);
  const { slots, width } = fieldSlots(fields);
  const index = new Map<string, number>();
  fields.forEach((f, i) => index.set(f.name, slots[i]));
  labels.forEach((l, i) => index.set(l, width + i));
  return { fields, slots, labels, index, width: width + labels.length };
}

/** The slots of a signal or action by name, undefined for any other name. */
export function slotsOf(layout: RecordLayout, name: string): FieldSlots | undefined {
  const i = layout.fields.findIndex((f) => f.name === name);
  return i < 0 ? undefined : { slot: layout.slots[i], length: fieldLength(layout.fields[i]) };
}
