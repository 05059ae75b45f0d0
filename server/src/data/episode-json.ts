// Episode JSON trajectories: {"episode": id, "steps": [record, ...]} or an array of them
// (LANGUAGE.md section 9). The file is read whole; each step record carries its start line.

import { readFile } from 'node:fs/promises';
import { BATCH_SIZE, chunked } from './batches';
import { describeValue } from './describe';
import { emptyTrajectory } from './empty';
import { cannotRead } from './io-error';
import { elementEnd, JsonCursor, JsonSyntaxError } from './lenient-json';
import { LineCounter } from './line-counter';
import { dataProblem } from './problem';
import { isRecordValue, problemItem, recordItem, type ReadItem } from './record';

const SHAPE = '{"episode": id, "steps": [record, ...]}';

/** The items of an episode JSON file, in batches. */
export async function* readEpisodeJsonBatches(file: string): AsyncGenerator<ReadItem[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw cannotRead(file, err);
  }
  yield* chunked(episodeJsonItems(file, text), BATCH_SIZE);
}

/** Thrown inside the walk once a problem has been reported after which nothing can be read. */
class Unreadable extends Error {}

/** The items of an episode JSON text, in file order. */
export function* episodeJsonItems(file: string, source: string): Generator<ReadItem> {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const cur = new JsonCursor(text);
  const lines = new LineCounter(text);
  let yielded = false;

  const malformed = (err: JsonSyntaxError): ReadItem =>
    problemItem(dataProblem(file, lines.lineAt(err.offset), err.field,
      `malformed JSON (column ${lines.columnAt(err.offset)}): ${err.message}`), true);

  function* steps(group: number): Generator<ReadItem> {
    const at = lines.lineAt(cur.pos);
    if (cur.skipSpace() !== 91 /* [ */) {
      const v = cur.value();
      yield problemItem(dataProblem(file, at, 'steps', `expected an array of step records, got ${describeValue(v)}`), true);
      return;
    }
    cur.pos++;
    if (cur.accept(']')) return;
    do {
      cur.skipSpace();
      const start = cur.pos;
      const line = lines.lineAt(start);
      let value: unknown;
      try {
        value = cur.value();
      } catch (err) {
        if (!(err instanceof JsonSyntaxError)) throw err;
        yield malformed(err);
        // Step over the broken record so that the records after it are still read.
        const end = elementEnd(text, start);
        if (end < 0) throw new Unreadable();
        cur.pos = end;
        continue;
      }
      if (isRecordValue(value)) yield recordItem(file, line, value, group);
      else yield problemItem(dataProblem(file, line, '', `expected a record (a JSON object), got ${describeValue(value)}`), true);
    } while (cur.accept(','));
    cur.expect(']', "expected ',' or ']' after a step record");
  }

  function* episode(group: number): Generator<ReadItem> {
    const c = cur.skipSpace();
    const line = lines.lineAt(cur.pos);
    if (c !== 123 /* { */) {
      const v = cur.value();
      yield problemItem(dataProblem(file, line, '', `expected an episode object ${SHAPE}, got ${describeValue(v)}`), true);
      return;
    }
    cur.pos++;
    let sawSteps = false;
    if (!cur.accept('}')) {
      do {
        const key = cur.key();
        if (key === 'steps' && !sawSteps) {
          sawSteps = true;
          yield* steps(group);
        } else cur.value(); // the id and anything else: boundaries come from the object itself
      } while (cur.accept(','));
      cur.expect('}', "expected ',' or '}' in an episode object");
    }
    if (!sawSteps) yield problemItem(dataProblem(file, line, 'steps', `missing field: an episode object is ${SHAPE}`), false);
  }

  function* whole(): Generator<ReadItem> {
    const c = cur.skipSpace();
    if (c === -1) return;
    if (c === 91 /* [ */) {
      cur.pos++;
      if (!cur.accept(']')) {
        let group = 0;
        do yield* episode(group++);
        while (cur.accept(','));
        cur.expect(']', "expected ',' or ']' after an episode object");
      }
    } else if (c === 123 /* { */) yield* episode(0);
    else cur.fail(`expected an episode object ${SHAPE} or an array of them`);
    if (cur.skipSpace() !== -1) cur.fail('unexpected text after the trajectory');
  }

  try {
    for (const item of whole()) {
      yielded = true;
      yield item;
    }
  } catch (err) {
    if (err instanceof JsonSyntaxError) {
      yielded = true;
      yield malformed(err);
    } else if (!(err instanceof Unreadable)) throw err;
  }
  if (!yielded) yield emptyTrajectory(file);
}
