// LeRobot datasets (`meta/info.json`, `data/chunk-*/*.parquet`) and other Parquet files of one
// row per frame. A row is the state s_t with the action a_t taken from it; each column becomes
// a field of the record at the path its dotted name spells (`observation.state` ->
// `observation.state`, `next.reward` -> `next.reward`), plus three aliases that make specs
// portable between formats: `obs` (= observation.state), `reward` (= next.reward, the reward
// for a_t) and `episode` (= episode_index). LeRobot keeps no state after an episode's last
// action, so an episode of N frames is N records and N - 1 steps, ending truncated (the
// splitter ends it where episode_index changes). See docs/trajectories.md.

import { BATCH_SIZE } from './batches';
import { setPath } from './dataset-mapping';
import { openParquet, reason, type ParquetFile } from './parquet';
import { dataProblem } from './problem';
import { problemItem, recordItem, type ReadItem } from './record';

const ALIASES: readonly (readonly [string, string])[] = [
  ['observation.state', 'obs'],
  ['next.reward', 'reward'],
  ['episode_index', 'episode'],
];

/** One frame as a step record. */
export function frameRecord(row: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(row)) {
    if (v === undefined || v === null) continue;
    // A column whose dotted path collides with another column keeps its name as one key.
    if (!setPath(value, name.split('.'), v)) value[name] = v;
  }
  for (const [from, to] of ALIASES) {
    const v = row[from];
    if (v !== undefined && v !== null && value[to] === undefined) value[to] = v;
  }
  return value;
}

/** The items of Parquet files of frames, file after file, in batches of at most BATCH_SIZE rows. */
export async function* readFrameBatches(files: readonly string[]): AsyncGenerator<ReadItem[]> {
  for (const file of files) {
    const opened = await openParquet(file);
    if (!opened.ok) {
      yield [problemItem(dataProblem(file, 1, '', `${opened.message}; expected a LeRobot-style Parquet file (one row per frame: observation.state, action, next.reward, episode_index, ...)`), false)];
      continue;
    }
    yield* frameBatches(opened.parquet);
  }
}

async function* frameBatches(parquet: ParquetFile): AsyncGenerator<ReadItem[]> {
  if (parquet.rows === 0) {
    yield [problemItem(dataProblem(parquet.file, 1, '', 'empty trajectory: the Parquet file has no rows'), false)];
    return;
  }
  for (let start = 0; start < parquet.rows; start += BATCH_SIZE) {
    const end = Math.min(parquet.rows, start + BATCH_SIZE);
    let rows: Record<string, unknown>[];
    try {
      rows = await parquet.read(start, end);
    } catch (err) {
      yield [problemItem(dataProblem(parquet.file, start + 1, '', `cannot read rows ${start + 1} to ${parquet.rows} (${reason(err)}): the rest of the file is left out`), false)];
      return;
    }
    yield rows.map((row, i) => recordItem(parquet.file, start + i + 1, frameRecord(row)));
  }
}
