// Minari's Parquet storage (`data/N/*.parquet`, one folder per episode): T+1 rows per episode
// with columns `observations`, `actions`, `rewards`, `terminations`, `truncations` (the last
// row of these four is padding) and `infos` (a struct, or one JSON string per row). Mapped as
// the HDF5 storage is (minari.ts): `obs`, `action` and `reward` (absent on the last record),
// `info`, `episode` = N, and the flags of the last step on the last record.

import { BATCH_SIZE } from './batches';
import { truthy } from './dataset-mapping';
import { openParquet, reason, type ParquetFile } from './parquet';
import { dataProblem } from './problem';
import { problemItem, recordItem, type ReadItem } from './record';

export const MINARI_COLUMNS = ['observations', 'actions', 'rewards', 'terminations', 'truncations'] as const;

export interface MinariParquetEpisode {
  readonly id: number;
  readonly files: readonly string[];
}

/** True when a Parquet file has Minari's columns. */
export function hasMinariColumns(columns: readonly string[]): boolean {
  return MINARI_COLUMNS.every((c) => columns.includes(c));
}

/** The items of Minari Parquet episodes, in order, in batches of at most BATCH_SIZE rows. */
export async function* readMinariParquetBatches(episodes: readonly MinariParquetEpisode[]): AsyncGenerator<ReadItem[]> {
  for (const episode of episodes) {
    const parts: ParquetFile[] = [];
    for (const file of episode.files) {
      const opened = await openParquet(file);
      if (!opened.ok) {
        yield [problem(file, 1, `${opened.message}; expected a Minari Parquet episode file`)];
        continue;
      }
      const missing = MINARI_COLUMNS.filter((c) => !opened.parquet.columns.includes(c));
      if (missing.length > 0) {
        yield [problem(file, 1, `not a Minari Parquet episode file: no column ${missing.map((c) => `'${c}'`).join(', ')} (expected ${MINARI_COLUMNS.join(', ')})`)];
        continue;
      }
      parts.push(opened.parquet);
    }
    yield* episodeBatches(episode.id, parts);
  }
}

async function* episodeBatches(id: number, parts: readonly ParquetFile[]): AsyncGenerator<ReadItem[]> {
  const total = parts.reduce((n, p) => n + p.rows, 0);
  if (total === 0) return;
  const steps = total - 1;
  let t = 0;
  let previous: { terminated: boolean; truncated: boolean } = { terminated: false, truncated: false };
  for (const part of parts) {
    for (let start = 0; start < part.rows; start += BATCH_SIZE) {
      const end = Math.min(part.rows, start + BATCH_SIZE);
      let rows: Record<string, unknown>[];
      try {
        rows = await part.read(start, end);
      } catch (err) {
        yield [problem(part.file, start + 1, `episode ${id}: cannot read rows ${start + 1} to ${part.rows} (${reason(err)}): the rest of the episode is left out`)];
        return;
      }
      const out: ReadItem[] = [];
      for (let i = 0; i < rows.length; i++, t++) {
        const row = rows[i];
        const line = start + i + 1;
        const value: Record<string, unknown> = { obs: row.observations };
        if (t < steps) {
          value.action = row.actions;
          value.reward = row.rewards;
        }
        const info = infoValue(row.infos);
        if (typeof info === 'string') out.push(problem(part.file, line, `episode ${id} step ${t}: ${info}`, 'info'));
        else if (info !== undefined) value.info = info;
        value.episode = id;
        if (t === steps) {
          value.terminated = previous.terminated;
          value.truncated = previous.truncated;
        }
        previous = { terminated: truthy(row.terminations), truncated: truthy(row.truncations) };
        out.push(recordItem(part.file, line, value));
      }
      yield out;
    }
  }
}

/** The info of one row: a struct as is, a JSON string parsed; a string result is the problem. */
function infoValue(v: unknown): unknown {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') return v;
  try {
    const parsed: unknown = JSON.parse(v);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : 'expected the info dict as a JSON object';
  } catch {
    return 'the info is not valid JSON';
  }
}

function problem(file: string, line: number, message: string, field = ''): ReadItem {
  return problemItem(dataProblem(file, line, field, message), false);
}
