// Reads a text file in chunks and hands out its lines, so that a file of any size is never
// held whole. Lines come in batches (one per chunk) to keep the per-line cost to a string.

import { open } from 'node:fs/promises';
import { cannotRead } from './io-error';

export interface LineBatch {
  /** Lines without their `\n` or `\r\n`; the byte-order mark of the first line removed. */
  readonly lines: readonly string[];
  /** 1-based number of lines[0]. */
  readonly firstLine: number;
}

const CHUNK = 1 << 20;

/** Throws a one-line Error when the file cannot be opened or read. */
export async function* readLines(file: string): AsyncGenerator<LineBatch> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    throw cannotRead(file, err);
  }
  try {
    const stream = handle.createReadStream({ encoding: 'utf8', highWaterMark: CHUNK, autoClose: false });
    // The pieces of a line that is not finished yet. Gluing each chunk to a growing carry would
    // copy the carry again for every chunk: a 100 MB line would take minutes.
    const pending: string[] = [];
    let next = 1;
    let first = true;
    try {
      for await (let chunk of stream as AsyncIterable<string>) {
        if (first) {
          if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
          first = false;
        }
        if (chunk.indexOf('\n') < 0) {
          pending.push(chunk);
          continue;
        }
        const text = pending.length > 0 ? pending.join('') + chunk : chunk;
        pending.length = 0;
        const lines = text.split('\n');
        pending.push(lines.pop() ?? '');
        stripCarriageReturns(lines);
        yield { lines, firstLine: next };
        next += lines.length;
      }
    } catch (err) {
      throw cannotRead(file, err);
    }
    const carry = pending.join('');
    if (carry.length > 0) {
      const lines = [carry];
      stripCarriageReturns(lines);
      yield { lines, firstLine: next };
    }
  } finally {
    await handle.close();
  }
}

function stripCarriageReturns(lines: string[]): void {
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.length > 0 && l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
  }
}

/** True for a line of nothing but spaces and tabs (after `\r` removal). */
export function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}
