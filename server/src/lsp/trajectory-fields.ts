import { readTrajectory } from '../data/read';
import { pathText, type PathSegment } from '../data/path';
import { firstMatch } from './glob';

// Source-path completion reads what the data offers: the fields of the first record of the
// first trajectory file the user's globs match.

/** Fields every record may carry that are not signals (LANGUAGE.md section 9). */
const BOOKKEEPING = new Set(['episode', 'terminated', 'truncated', 'labels']);

export interface TrajectoryFields {
  readonly file?: string;
  readonly fields: readonly { readonly path: string; readonly example: string }[];
}

export async function trajectoryFields(globs: readonly string[], roots: readonly string[]): Promise<TrajectoryFields> {
  if (globs.length === 0) return { fields: [] };
  const file = await firstMatch(globs, roots);
  if (!file) return { fields: [] };
  for await (const item of readTrajectory(file)) {
    if (item.kind === 'record') return { file, fields: fieldPaths(item.record.value) };
  }
  return { file, fields: [] };
}

/** Every leaf of a record as a source path, with its value as an example. */
export function fieldPaths(record: Readonly<Record<string, unknown>>, maxFields = 500): { path: string; example: string }[] {
  const out: { path: string; example: string }[] = [];
  const visit = (value: unknown, path: PathSegment[], depth: number) => {
    if (out.length >= maxFields) return;
    if (depth < 6 && Array.isArray(value)) {
      value.slice(0, 64).forEach((v, i) => visit(v, [...path, i], depth + 1));
    } else if (depth < 6 && typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) visit(v, [...path, k], depth + 1);
    } else if (path.length > 0) out.push({ path: pathText(path), example: JSON.stringify(value) ?? String(value) });
  };
  for (const [k, v] of Object.entries(record)) {
    if (!BOOKKEEPING.has(k) && /^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) visit(v, [k], 0);
  }
  return out;
}
