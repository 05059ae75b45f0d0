// Episode boundaries (LANGUAGE.md section 9). An episode ends at a record whose `terminated`
// or `truncated` is true, before a record whose `episode` differs (or that belongs to another
// episode object, or another file), and at the end of the input. It is terminated only on
// `terminated: true`. A missing action never ends an episode. Deciding whether a record is the
// last of its episode needs the next record, so one record is held back; problems met
// meanwhile wait behind it, to keep file order (up to a bound: behind one good record, a
// million bad lines pass on at once rather than wait in memory).

import { batched, isBatched, type Batched } from './batches';
import { describeValue } from './describe';
import { dataProblem, type DataProblem } from './problem';
import type { RawRecord, ReadItem } from './record';

export type EpisodeEnd = 'terminated' | 'truncated';

export type EpisodeItem =
  | { readonly kind: 'record'; readonly record: RawRecord; readonly end: EpisodeEnd | null }
  | { readonly kind: 'problem'; readonly problem: DataProblem; readonly skipped: boolean }
  | { readonly kind: 'skipped'; readonly count: number };

type ProblemItem = Extract<ReadItem, { kind: 'problem' | 'skipped' }>;

/** Problems that may wait behind a held record; more pass it (only its own come later). */
const MAX_WAITING = 1024;

/** `end` is set on the last record of each episode. */
export function splitEpisodes(items: AsyncIterable<ReadItem>): Batched<EpisodeItem> {
  return batched(splitEpisodeBatches(isBatched(items) ? items.batches : single(items)));
}

/** splitEpisodes over batches: the same items, in batches. */
export async function* splitEpisodeBatches(batches: AsyncIterable<readonly ReadItem[]>): AsyncGenerator<EpisodeItem[]> {
  const splitter = new EpisodeSplitter();
  for await (const batch of batches) {
    const out: EpisodeItem[] = [];
    for (let i = 0; i < batch.length; i++) splitter.push(batch[i], out);
    if (out.length > 0) yield out;
  }
  const out: EpisodeItem[] = [];
  splitter.finish(out);
  if (out.length > 0) yield out;
}

async function* single<T>(items: AsyncIterable<T>): AsyncGenerator<T[]> {
  for await (const item of items) yield [item];
}

/** The splitting itself, one item at a time. */
export class EpisodeSplitter {
  private held: RawRecord | undefined;
  private heldEnd: EpisodeEnd | null = null;
  private waiting: ProblemItem[] = [];

  push(item: ReadItem, out: EpisodeItem[]): void {
    if (item.kind !== 'record') {
      this.problem(item, out);
      return;
    }
    const record = item.record;
    const flags = readFlags(record);
    if (flags !== null && typeof flags === 'object') {
      this.problem({ kind: 'problem', problem: flags, skipped: true }, out);
      return;
    }
    const held = this.held;
    if (held !== undefined) {
      out.push({ kind: 'record', record: held, end: this.heldEnd ?? (sameEpisode(held, record) ? null : 'truncated') });
      this.flushWaiting(out);
    }
    this.held = record;
    this.heldEnd = flags;
  }

  finish(out: EpisodeItem[]): void {
    if (this.held !== undefined) out.push({ kind: 'record', record: this.held, end: this.heldEnd ?? 'truncated' });
    this.held = undefined;
    this.flushWaiting(out);
  }

  private problem(item: ProblemItem, out: EpisodeItem[]): void {
    if (this.held === undefined) out.push(item);
    else if (this.waiting.length < MAX_WAITING) this.waiting.push(item);
    else {
      this.flushWaiting(out);
      out.push(item);
    }
  }

  private flushWaiting(out: EpisodeItem[]): void {
    if (this.waiting.length === 0) return;
    for (const p of this.waiting) out.push(p);
    this.waiting = [];
  }
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
  if (x === y) return true;
  // Ids are numbers or strings; 3 and "3" name the same episode (CSV turns ids into numbers).
  return (typeof x === 'number' || typeof x === 'string') && (typeof y === 'number' || typeof y === 'string') && String(x) === String(y);
}
