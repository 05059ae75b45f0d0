import type { DataProblem } from './problem';

/** One step record as read from a trajectory file, before any spec looks at it. */
export interface RawRecord {
  readonly file: string;
  /** 1-based line where the record starts. */
  readonly line: number;
  readonly value: Readonly<Record<string, unknown>>;
  /**
   * Episode JSON only: the 0-based ordinal of the episode object holding the record. Its
   * change is an episode boundary even when two episode objects share an id.
   */
  readonly group?: number;
}

/**
 * What a reader hands out: a record, a problem (`skipped` when a record was lost to it), or
 * `count` records lost to a problem already reported once for all of them (the rows of a CSV
 * whose header has none of the spec's columns).
 */
export type ReadItem =
  | { readonly kind: 'record'; readonly record: RawRecord }
  | { readonly kind: 'problem'; readonly problem: DataProblem; readonly skipped: boolean }
  | { readonly kind: 'skipped'; readonly count: number };

export function recordItem(file: string, line: number, value: Readonly<Record<string, unknown>>, group?: number): ReadItem {
  return { kind: 'record', record: group === undefined ? { file, line, value } : { file, line, value, group } };
}

export function problemItem(problem: DataProblem, skipped: boolean): ReadItem {
  return { kind: 'problem', problem, skipped };
}

export function isRecordValue(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
