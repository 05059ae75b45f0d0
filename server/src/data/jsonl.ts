// JSONL trajectories: one step record per line (LANGUAGE.md section 9).

import { describeValue } from './describe';
import { BATCH_SIZE } from './batches';
import { emptyTrajectory } from './empty';
import { JsonSyntaxError, parseLenient } from './lenient-json';
import { isBlank, readLines } from './lines';
import { dataProblem } from './problem';
import { isRecordValue, problemItem, recordItem, type ReadItem } from './record';

/** The items of a JSONL file, in batches of at most BATCH_SIZE. */
export async function* readJsonlBatches(file: string): AsyncGenerator<ReadItem[]> {
  let seen = false;
  let batch: ReadItem[] = [];
  for await (const { lines, firstLine } of readLines(file)) {
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i];
      if (text.length === 0 || isBlank(text)) continue;
      batch.push(parseLine(file, firstLine + i, text));
      if (batch.length >= BATCH_SIZE) {
        seen = true;
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
  else if (!seen) yield [emptyTrajectory(file)];
}

/** One non-blank line as a record, or the problem that costs it. */
export function parseLine(file: string, line: number, text: string): ReadItem {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Slow path: NaN/Infinity tokens (kept as numbers; the decoder reports the fields that
    // hold them) or a real syntax error, which the lenient parser locates and names.
    try {
      value = parseLenient(text);
    } catch (err) {
      if (!(err instanceof JsonSyntaxError)) throw err;
      return problemItem(dataProblem(file, line, err.field, `malformed JSON (column ${err.offset + 1}): ${err.message}`), true);
    }
  }
  if (!isRecordValue(value)) {
    return problemItem(dataProblem(file, line, '', `expected a record (a JSON object), got ${describeValue(value)}`), true);
  }
  return recordItem(file, line, value);
}
