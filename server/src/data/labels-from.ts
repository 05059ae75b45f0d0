// `--labels-from info.KEY`: external labels (LANGUAGE.md section 3) taken from another field of
// each record, for datasets whose environment wrote its labelling function's output into the
// infos. The field's value then reads as `labels` does: an array of names, or a string of
// one-character names.

import { lookup, parsePath, type PathSegment } from './path';
import type { ReadItem } from './record';

/** The path `text` names; throws a one-line Error (a bad option) when it is not a source path. */
export function labelsPath(text: string): readonly PathSegment[] {
  const path = parsePath(text);
  if (path === undefined) throw new Error(`--labels-from: '${text}' is not a field path (expected e.g. info.labels or info.true_props)`);
  return path;
}

/**
 * The items with `labels` of each record replaced by the value at `path` (a record without that
 * field keeps its own `labels`, if any: no label holds there).
 */
export async function* withLabelsFrom(batches: AsyncIterable<readonly ReadItem[]>, path: readonly PathSegment[]): AsyncGenerator<ReadItem[]> {
  for await (const batch of batches) {
    yield batch.map((item) => {
      if (item.kind !== 'record') return item;
      const labels = lookup(item.record.value, path);
      if (labels === undefined) return item;
      return { kind: 'record', record: { ...item.record, value: { ...item.record.value, labels } } };
    });
  }
}
