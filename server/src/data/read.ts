// Reading a trajectory file of any supported format (LANGUAGE.md section 9).

import { extname } from 'node:path';
import { readCsv } from './csv';
import { readEpisodeJson } from './episode-json';
import { readJsonl } from './jsonl';
import type { ReadItem } from './record';

export type { RawRecord, ReadItem } from './record';

export type TrajectoryFormat = 'jsonl' | 'json' | 'csv';

const FORMATS: Readonly<Record<string, TrajectoryFormat>> = {
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'json',
  '.csv': 'csv',
};

/** The format a file's extension names (case-insensitive), or undefined for any other extension. */
export function trajectoryFormat(file: string): TrajectoryFormat | undefined {
  return FORMATS[extname(file).toLowerCase()];
}

/** The message for a file whose extension names no trajectory format. */
export function unsupportedFormat(file: string): string {
  return `cannot read ${file}: a trajectory file must end in .jsonl, .json or .csv`;
}

/**
 * The records of a trajectory file, with the problems met on the way, in file order.
 * Iterating it throws an Error with a one-line message only when the file cannot be read at
 * all (missing, unreadable, unsupported extension); bad data is always a problem item.
 */
export function readTrajectory(file: string): AsyncIterable<ReadItem> {
  switch (trajectoryFormat(file)) {
    case 'jsonl':
      return readJsonl(file);
    case 'json':
      return readEpisodeJson(file);
    case 'csv':
      return readCsv(file);
    default:
      return failing(new Error(unsupportedFormat(file)));
  }
}

async function* failing(err: Error): AsyncGenerator<ReadItem> {
  throw err;
}
