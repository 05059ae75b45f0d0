// Reading a trajectory file of any supported format (LANGUAGE.md section 9).

import { extname } from 'node:path';
import { batched, type Batched } from './batches';
import { readCsvBatches } from './csv';
import { datasetFormat, readDatasetBatches } from './datasets';
import { readEpisodeJsonBatches } from './episode-json';
import { readJsonlBatches } from './jsonl';
import { labelsPath, withLabelsFrom } from './labels-from';
import type { PathSegment } from './path';
import type { ReadItem } from './record';

export type { RawRecord, ReadItem } from './record';

export type TrajectoryFormat = 'jsonl' | 'json' | 'csv';

export { datasetFormat, type DatasetFormat } from './datasets';

export interface ReadOptions {
  /**
   * A field path (`info.labels`) whose value becomes each record's `labels`: the external
   * labels of datasets that keep them in their infos. Default: the records' own `labels`.
   */
  readonly labelsFrom?: string;
  /**
   * The fields a spec must find (its signals and actions without a default, and `labels` when
   * it has external labels): a CSV whose header holds none of them is one problem on line 1,
   * and its rows are skipped without a problem each (LANGUAGE.md section 13, "CSV headers").
   */
  readonly expect?: readonly ExpectedField[];
}

/** A field a spec reads: its path (a column inside it counts, `obs[3]` for `obs`) and its name as written. */
export interface ExpectedField {
  readonly path: readonly PathSegment[];
  readonly text: string;
}

const FORMATS: Readonly<Record<string, TrajectoryFormat>> = {
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'json',
  '.csv': 'csv',
};

/**
 * The text format a file's extension names (case-insensitive), or undefined for any other
 * extension; datasets (HDF5, Parquet, dataset folders) are `datasetFormat`'s.
 */
export function trajectoryFormat(file: string): TrajectoryFormat | undefined {
  return FORMATS[extname(file).toLowerCase()];
}

/** The message for a file whose extension names no trajectory format. */
export function unsupportedFormat(file: string): string {
  return `cannot read ${file}: a trajectory file must end in .jsonl, .json, .csv, .hdf5, .h5 or .parquet, or be a Minari or LeRobot dataset folder`;
}

/**
 * The records of a trajectory file, with the problems met on the way, in file order.
 * Iterating it throws an Error with a one-line message only when the file cannot be read at
 * all (missing, unreadable, unsupported extension); bad data is always a problem item.
 * The result also offers the same items in batches (`.batches`), the fast way through.
 */
export function readTrajectory(file: string, options: ReadOptions = {}): Batched<ReadItem> {
  return batched(readTrajectoryBatches(file, options));
}

/** readTrajectory's items, in batches (one per chunk read). */
export function readTrajectoryBatches(file: string, options: ReadOptions = {}): AsyncIterable<readonly ReadItem[]> {
  if (options.labelsFrom === undefined) return readFormat(file, options.expect);
  try {
    const from = labelsPath(options.labelsFrom);
    // The labels come from another field: that field is what a CSV header must hold.
    const expect = options.expect?.map((f) => (f.text === 'labels' ? { path: from, text: options.labelsFrom! } : f));
    return withLabelsFrom(readFormat(file, expect), from);
  } catch (err) {
    return failing(err as Error);
  }
}

function readFormat(file: string, expect: readonly ExpectedField[] | undefined): AsyncIterable<readonly ReadItem[]> {
  switch (trajectoryFormat(file)) {
    case 'jsonl':
      return readJsonlBatches(file);
    case 'json':
      return readEpisodeJsonBatches(file);
    case 'csv':
      return readCsvBatches(file, expect);
    default:
      return datasetFormat(file) !== undefined ? readDatasetBatches(file) : failing(new Error(unsupportedFormat(file)));
  }
}

async function* failing(err: Error): AsyncGenerator<ReadItem[]> {
  throw err;
}
