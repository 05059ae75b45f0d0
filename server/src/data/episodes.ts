// Episode boundaries (LANGUAGE.md section 9). An episode ends at a record whose `terminated`
// or `truncated` is true, before a record whose `episode` differs (or that belongs to another
// episode object, or another file), and at the end of the input. It is terminated only on
// `terminated: true`. Deciding whether a record is the last of its episode needs the next
// record, so one record is held back; problems met meanwhile wait behind it to keep file order.

import { describeValue } from './describe';
import { dataProblem, type DataProblem } from './problem';
import type { RawRecord, ReadItem } from './record';

export type EpisodeEnd = 'terminated' | 'truncated';

export type EpisodeItem =
  | { readonly kind: 'record'; readonly record: RawRecord; readonly end: EpisodeEnd | null }
  | { readonly kind: 'problem'; readonly problem: DataProblem; readonly skipped: boolean };

type ProblemItem = Extract<ReadItem, { kind: 'problem' }>;

export async function* splitEpisodes(items: AsyncIterable<ReadItem>): AsyncIterable<EpisodeItem> {
  let held: RawRecord | undefined;
  let heldEnd: EpisodeEnd | null = null;
  let waiting: ProblemItem[] = [];
  for await (const item of items) {
    if (item.kind === 'problem') {
      if (held === undefined) yield item;
      else waiting.push(item);
      continue;
    }
    const record = item.record;
    const flags = readFlags(record);
    if (flags !== null && typeof flags === 'object') {
      const problem: ProblemItem = { kind: 'problem', problem: flags, skipped: true };
      if (held === undefined) yield problem;
      else waiting.push(problem);
      continue;
    }
    if (held !== undefined) {
      yield { kind: 'record', record: held, end: heldEnd ?? (sameEpisode(held, record) ? null : 'truncated') };
      if (waiting.length > 0) {
        yield* waiting;
        waiting = [];
      }
    }
    held = record;
    heldEnd = flags;
  }
  if (held !== undefined) yield { kind: 'record', record: held, end: heldEnd ?? 'truncated' };
  yield* waiting;
}

/**
 * The end a record's own flags call for, or the problem with them. A flag is true or false;
 * 1 and 0 are taken too (CSV writes them, and so do int casts of numpy booleans); missing
 * or null is false. A flag of another type is a wrong type: the record is skipped.
 */
function readFlags(record: RawRecord): EpisodeEnd | null | DataProblem {
  const terminated = flag(record.value.terminated);
  if (terminated === undefined) return flagProblem(record, 'terminated');
  const truncated = flag(record.value.truncated);
  if (truncated === undefined) return flagProblem(record, 'truncated');
  return terminated ? 'terminated' : truncated ? 'truncated' : null;
}

function flag(v: unknown): boolean | undefined {
  if (v === true || v === 1) return true;
  if (v === false || v === 0 || v === undefined || v === null) return false;
  return undefined;
}

function flagProblem(record: RawRecord, field: 'terminated' | 'truncated'): DataProblem {
  return dataProblem(record.file, record.line, field, `expected true or false, got ${describeValue(record.value[field])}`);
}

function sameEpisode(a: RawRecord, b: RawRecord): boolean {
  if (a.file !== b.file || a.group !== b.group) return false;
  const x = a.value.episode;
  const y = b.value.episode;
  // Episode ids are numbers or strings; 3 and "3" name the same episode (CSV reads numbers).
  return x === y || (x !== undefined && y !== undefined && String(x) === String(y) && typeof x !== 'object' && typeof y !== 'object');
}
