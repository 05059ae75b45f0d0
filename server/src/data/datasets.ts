// Which dataset reader a path calls for: an HDF5 file (Minari or D4RL), a Parquet file
// (LeRobot-style frames or one Minari episode), or a dataset folder (Minari with HDF5 or
// Parquet storage, LeRobot). docs/trajectories.md describes each mapping.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { naturalCompare } from './dataset-mapping';
import { readHdf5Batches } from './hdf5-dataset';
import { readFrameBatches } from './lerobot';
import { hasMinariColumns, readMinariParquetBatches, type MinariParquetEpisode } from './minari-parquet';
import { openParquet } from './parquet';
import { cannotRead } from './io-error';
import type { ReadItem } from './record';

export type DatasetFormat = 'hdf5' | 'parquet' | 'folder';

const EXTENSIONS: Readonly<Record<string, DatasetFormat>> = {
  '.hdf5': 'hdf5',
  '.h5': 'hdf5',
  '.hdf': 'hdf5',
  '.parquet': 'parquet',
};

const FOLDER_EXPECTED = 'a dataset folder must hold a Minari dataset (data/main_data.hdf5, or data/N/*.parquet) or a LeRobot dataset (meta/info.json and data/chunk-*/*.parquet)';

/** The dataset format a path names: by extension, or a folder; undefined for anything else. */
export function datasetFormat(path: string): DatasetFormat | undefined {
  const byExtension = EXTENSIONS[extname(path).toLowerCase()];
  if (byExtension !== undefined) return byExtension;
  try {
    return statSync(path).isDirectory() ? 'folder' : undefined;
  } catch {
    return undefined;
  }
}

/** The items of a dataset. Throws a one-line Error only when the path cannot be read at all. */
export async function* readDatasetBatches(path: string): AsyncGenerator<ReadItem[]> {
  switch (datasetFormat(path)) {
    case 'hdf5':
      yield* readHdf5Batches(path);
      return;
    case 'parquet':
      yield* readParquetFile(path);
      return;
    case 'folder':
      yield* readFolder(path);
      return;
    default:
      throw cannotRead(path, Object.assign(new Error(''), { code: 'ENOENT' }));
  }
}

/** One Parquet file: a Minari episode when it has Minari's columns, LeRobot-style frames otherwise. */
async function* readParquetFile(file: string): AsyncGenerator<ReadItem[]> {
  const opened = await openParquet(file);
  if (opened.ok && hasMinariColumns(opened.parquet.columns)) {
    yield* readMinariParquetBatches([{ id: episodeIdOfFolder(dirname(file)) ?? 0, files: [file] }]);
  } else {
    yield* readFrameBatches([file]);
  }
}

async function* readFolder(folder: string): AsyncGenerator<ReadItem[]> {
  for (const base of [join(folder, 'data'), folder]) {
    const h5 = join(base, 'main_data.hdf5');
    if (existsSync(h5)) {
      yield* readHdf5Batches(h5);
      return;
    }
  }
  if (existsSync(join(folder, 'meta', 'info.json'))) {
    const files = parquetFilesUnder(join(folder, 'data'));
    if (files.length === 0) throw new Error(`cannot read ${folder}: the LeRobot dataset has no Parquet file under data/ (expected data/chunk-*/*.parquet)`);
    yield* readFrameBatches(files);
    return;
  }
  for (const base of [join(folder, 'data'), folder]) {
    const episodes = minariParquetEpisodes(base);
    if (episodes === 'arrow') {
      throw new Error(`cannot read ${folder}: Minari's arrow storage (.arrow files) cannot be read; ask Minari for its hdf5 or parquet storage instead`);
    }
    if (episodes.length > 0) {
      yield* readMinariParquetBatches(episodes);
      return;
    }
  }
  throw new Error(`cannot read ${folder}: ${FOLDER_EXPECTED}`);
}

/** Every .parquet file below `dir`, in natural order (chunk-000/episode_000002 before ..._000010). */
function parquetFilesUnder(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort(naturalCompare);
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return [];
    throw cannotRead(dir, err);
  }
  const out: string[] = [];
  for (const name of entries) {
    const p = join(dir, name);
    if (isDirectory(p)) out.push(...parquetFilesUnder(p));
    else if (name.toLowerCase().endsWith('.parquet')) out.push(p);
  }
  return out;
}

/** Minari's Parquet storage: a folder per episode, named `N` (or `episode_id=N`), of Parquet files. */
function minariParquetEpisodes(base: string): MinariParquetEpisode[] | 'arrow' {
  let names: string[];
  try {
    names = readdirSync(base);
  } catch {
    return [];
  }
  const episodes: MinariParquetEpisode[] = [];
  let arrow = false;
  for (const name of names) {
    const id = episodeIdOfFolder(name);
    const dir = join(base, name);
    if (id === undefined || !isDirectory(dir)) continue;
    const files = readdirSync(dir).sort(naturalCompare);
    const parquet = files.filter((f) => f.toLowerCase().endsWith('.parquet')).map((f) => join(dir, f));
    if (parquet.length > 0) episodes.push({ id, files: parquet });
    else if (files.some((f) => f.toLowerCase().endsWith('.arrow'))) arrow = true;
  }
  if (episodes.length === 0 && arrow) return 'arrow';
  return episodes.sort((a, b) => a.id - b.id);
}

function episodeIdOfFolder(path: string): number | undefined {
  const m = /^(?:episode_id=)?(\d+)$/.exec(basename(path));
  return m ? Number(m[1]) : undefined;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
