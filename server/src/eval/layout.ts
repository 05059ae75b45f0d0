import type { FieldSpec, FieldType } from '../data/decode';
import type { PathSegment } from '../data/path';
import type { Model } from '../names/model';
import type * as A from '../syntax/ast';

/** Where each value of a decoded record sits: signals, then actions, then one 0/1 flag per
 *  external label. One record = one Float64Array of `width` numbers. */
export interface RecordLayout {
  readonly fields: readonly FieldSpec[];
  readonly labels: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly width: number;
}

function fieldType(d: A.SignalDecl): FieldType {
  const t = d.type;
  if (!t || t.kind === 'number') return { kind: 'number' };
  if (t.kind === 'enum') return { kind: 'enum', members: t.members.map((m) => m.text) };
  // Version 2: refused by the checker until records carry vectors.
  if (t.kind === 'vector') return { kind: 'number' };
  return { kind: t.kind };
}

function sourcePath(d: A.SignalDecl): readonly PathSegment[] {
  if (d.source) return d.source.segments;
  // LANGUAGE.md section 2: a signal reads the field of its own name, an action reads `action`
  // (the decoder falls back to `action.NAME` when the action value is an object).
  return d.kind === 'action' ? ['action'] : [d.name.text];
}

export function recordLayout(model: Model): RecordLayout {
  const fields: FieldSpec[] = [...model.signals, ...model.actions].map((d) => ({
    name: d.name.text,
    path: sourcePath(d),
    type: fieldType(d),
    range: d.range && (!d.type || d.type.kind === 'number' || d.type.kind === 'int') ? [d.range.lo, d.range.hi] as const : undefined,
    isAction: d.kind === 'action',
  }));
  const labels = model.props.filter((p) => !p.body).map((p) => p.name.text);
  const index = new Map<string, number>();
  fields.forEach((f, i) => index.set(f.name, i));
  labels.forEach((l, i) => index.set(l, fields.length + i));
  return { fields, labels, index, width: fields.length + labels.length };
}
