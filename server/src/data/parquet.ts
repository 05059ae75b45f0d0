// Parquet access for the dataset readers (LeRobot, Minari's Parquet storage) through hyparquet,
// which reads the footer and then only the byte ranges of the rows asked for. hyparquet is
// ESM-only: it stays external to the CommonJS bundles and is loaded with import().

import { statSync } from 'node:fs';
import * as zlib from 'node:zlib';
import type { AsyncBuffer, Compressors, FileMetaData } from 'hyparquet';
import { plainValue } from './dataset-mapping';
import { cannotRead } from './io-error';

export interface ParquetFile {
  readonly file: string;
  readonly rows: number;
  /** Top-level column names, as written (`observation.state`, `next.reward`). */
  readonly columns: readonly string[];
  /** Rows `start` (inclusive) to `end` (exclusive), as plain objects keyed by column name. */
  read(start: number, end: number): Promise<Record<string, unknown>[]>;
}

/** An open Parquet file, or the one-line reason it is not one (a data problem, not a failure). */
export type ParquetOpen = { readonly ok: true; readonly parquet: ParquetFile } | { readonly ok: false; readonly message: string };

/** Opens `file`. A missing or unreadable file throws; a file that is not Parquet, or is cut short, is a message. */
export async function openParquet(file: string): Promise<ParquetOpen> {
  try {
    if (statSync(file).isDirectory()) throw Object.assign(new Error(''), { code: 'EISDIR' });
  } catch (err) {
    throw cannotRead(file, err);
  }
  const hp = await import('hyparquet');
  let buffer: AsyncBuffer;
  let metadata: FileMetaData;
  try {
    buffer = await hp.asyncBufferFromFile(file);
    metadata = await hp.parquetMetadataAsync(buffer);
  } catch (err) {
    return { ok: false, message: `not a readable Parquet file (${reason(err)}): it is truncated, damaged or of another format` };
  }
  const columns = hp.parquetSchema(metadata).children.map((c) => c.element.name);
  const parquet: ParquetFile = {
    file,
    rows: Number(metadata.num_rows),
    columns,
    async read(start, end) {
      const rows = await hp.parquetReadObjects({ file: buffer, metadata, rowStart: start, rowEnd: end, compressors: COMPRESSORS });
      return rows.map((row) => plainValue(row) as Record<string, unknown>);
    },
  };
  return { ok: true, parquet };
}

/**
 * The codecs Node decompresses itself, beside hyparquet's own (uncompressed, Snappy): gzip and
 * Brotli always, zstd where this Node has it (22.15 and later). Others are a problem naming them.
 */
const zstd = (zlib as unknown as { zstdDecompressSync?: (b: Uint8Array) => Buffer }).zstdDecompressSync;
const COMPRESSORS: Compressors = {
  GZIP: (input) => new Uint8Array(zlib.gunzipSync(input)),
  BROTLI: (input) => new Uint8Array(zlib.brotliDecompressSync(input)),
  ...(zstd === undefined ? {} : { ZSTD: (input: Uint8Array) => new Uint8Array(zstd(input)) }),
};

/** A short reason from a hyparquet error ("parquet file invalid (footer != PAR1)"). */
export function reason(err: unknown): string {
  return String((err as Error | null)?.message ?? err).split('\n')[0].replace(/^parquet /, '');
}
