// Episode JSON trajectories: {"episode": id, "steps": [record, ...]} or an array of them
// (LANGUAGE.md section 9). The file is read in chunks: a window of text holds what is not read
// yet, each step record is cut out of it by a scan of its brackets and parsed on its own
// (JSON.parse; the lenient parser for NaN tokens and for the message of a syntax error), and
// carries the line where it starts. Memory holds one chunk and one record, whatever the file.

import { open } from 'node:fs/promises';
import { BATCH_SIZE } from './batches';
import { describeValue } from './describe';
import { emptyTrajectory } from './empty';
import { cannotRead } from './io-error';
import { JsonCursor, JsonSyntaxError, parseLenient } from './lenient-json';
import { dataProblem } from './problem';
import { isRecordValue, problemItem, recordItem, type ReadItem } from './record';

const SHAPE = '{"episode": id, "steps": [record, ...]}';
const CHUNK = 1 << 20;

/** What the walk yields when it needs more of the file before it can go on. */
const NEED: unique symbol = Symbol('need more text');
type Walk = Generator<ReadItem | typeof NEED, void, void>;

/** The items of an episode JSON file, in batches. */
export async function* readEpisodeJsonBatches(file: string): AsyncGenerator<ReadItem[]> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    throw cannotRead(file, err);
  }
  try {
    const chunks = handle.createReadStream({ encoding: 'utf8', highWaterMark: CHUNK, autoClose: false })[Symbol.asyncIterator]() as AsyncIterator<string>;
    const window = new TextWindow();
    const walk = episodeJsonWalk(file, window);
    let batch: ReadItem[] = [];
    let first = true;
    for (;;) {
      const r = walk.next();
      if (r.done) break;
      if (r.value !== NEED) {
        batch.push(r.value);
        if (batch.length >= BATCH_SIZE) {
          yield batch;
          batch = [];
        }
        continue;
      }
      let chunk: IteratorResult<string>;
      try {
        chunk = await chunks.next();
      } catch (err) {
        throw cannotRead(file, err);
      }
      if (chunk.done) window.finish();
      else {
        let text = chunk.value;
        if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
        window.append(text);
      }
    }
    if (batch.length > 0) yield batch;
  } finally {
    await handle.close();
  }
}

/** The items of an episode JSON text held whole (tests, small inputs), in file order. */
export function* episodeJsonItems(file: string, source: string): Generator<ReadItem> {
  const window = new TextWindow();
  window.append(source.charCodeAt(0) === 0xfeff ? source.slice(1) : source);
  window.finish();
  for (const item of episodeJsonWalk(file, window)) if (item !== NEED) yield item;
}

/**
 * The part of the file not read yet, and line numbers for any offset from the start of the
 * file. Offsets inside `text` are relative; `base` is the absolute offset of `text[0]`.
 */
class TextWindow {
  text = '';
  pos = 0;
  base = 0;
  eof = false;
  /** Lines are counted up to the absolute offset `counted`. */
  private counted = 0;
  private line = 1;
  private lineStart = 0;

  append(chunk: string): void {
    // Drop what has been read; the value being scanned starts at `pos` and is kept.
    if (this.pos > 0) {
      this.countTo(this.base + this.pos);
      this.text = this.text.slice(this.pos);
      this.base += this.pos;
      this.pos = 0;
    }
    this.text = this.text.length === 0 ? chunk : this.text + chunk;
  }

  finish(): void {
    this.eof = true;
  }

  /** Skips JSON whitespace; the next character code, or -1 at the end of the text at hand. */
  skipSpace(): number {
    const { text } = this;
    let p = this.pos;
    while (p < text.length) {
      const c = text.charCodeAt(p);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
      p++;
    }
    this.pos = p;
    return p < text.length ? text.charCodeAt(p) : -1;
  }

  /** 1-based line of a relative offset (asked in increasing order, as the walk does). */
  lineAt(offset: number): number {
    this.countTo(this.base + offset);
    return this.line;
  }

  /** 1-based column of a relative offset within its line. */
  columnAt(offset: number): number {
    this.countTo(this.base + offset);
    return this.base + offset - this.lineStart + 1;
  }

  private countTo(absolute: number): void {
    const { text, base } = this;
    const stop = Math.min(absolute, base + text.length);
    for (let p = Math.max(this.counted, base); p < stop; p++) {
      if (text.charCodeAt(p - base) === 10) {
        this.line++;
        this.lineStart = p + 1;
      }
    }
    if (stop > this.counted) this.counted = stop;
  }
}

/** Thrown inside the walk once a problem has been reported after which nothing can be read. */
class Unreadable extends Error {}

/** Where a scan of one value stands, so that it resumes where the text at hand ended. */
class ValueScan {
  /** Characters of the value scanned so far. */
  at = 0;
  readonly closers: number[] = [];
  inString = false;
  escape = false;
  /** Relative offset of a closing bracket that does not match, once found. */
  bad = -1;
}

const INCOMPLETE = -1;
const MISMATCH = -2;

/**
 * The relative end (exclusive) of the JSON value starting at `start`: a container by its
 * brackets (strings skipped), a string by its closing quote, anything else up to the next
 * `,` `]` `}` or whitespace. INCOMPLETE when the text at hand ends first (at the end of the
 * file: an atom ends there, a container or string never does); MISMATCH for a closing bracket
 * of the wrong kind (`scan.bad`).
 */
function scanValue(text: string, start: number, eof: boolean, scan: ValueScan): number {
  const first = text.charCodeAt(start);
  let i = start + scan.at;
  const n = text.length;
  if (first === 123 || first === 91 || first === 34) {
    const closers = scan.closers;
    let inString = scan.inString;
    let escape = scan.escape;
    if (scan.at === 0) {
      if (first === 34) inString = true;
      else closers.push(first === 123 ? 125 : 93);
      i++;
    }
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (inString) {
        if (escape) escape = false;
        else if (c === 92) escape = true;
        else if (c === 34) {
          inString = false;
          if (closers.length === 0) return i + 1;
        }
      } else if (c === 34) inString = true;
      else if (c === 123) closers.push(125);
      else if (c === 91) closers.push(93);
      else if (c === 125 || c === 93) {
        if (closers.pop() !== c) {
          scan.bad = i;
          return MISMATCH;
        }
        if (closers.length === 0) return i + 1;
      }
    }
    scan.inString = inString;
    scan.escape = escape;
    scan.at = i - start;
    return INCOMPLETE;
  }
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 44 || c === 93 || c === 125 || c === 32 || c === 10 || c === 13 || c === 9) return i;
  }
  scan.at = i - start;
  return eof ? n : INCOMPLETE;
}

/** Parses text[start, end): JSON.parse first, the lenient parser for NaN tokens and errors. */
function parseSlice(text: string, start: number, end: number): unknown {
  try {
    return JSON.parse(text.slice(start, end));
  } catch {
    return parseLenient(text, start, end);
  }
}

/** The walk over the file's structure; yields NEED when the window must grow. */
function* episodeJsonWalk(file: string, w: TextWindow): Walk {
  let yielded = false;

  const malformed = (err: JsonSyntaxError): ReadItem =>
    problemItem(dataProblem(file, w.lineAt(err.offset), err.field, `malformed JSON (column ${w.columnAt(err.offset)}): ${err.message}`), true);
  const fail = (message: string): never => new JsonCursor(w.text, w.pos).fail(message);

  /** The next character code after whitespace, -1 at the end of the file. */
  function* peek(): Generator<typeof NEED, number, void> {
    for (;;) {
      const c = w.skipSpace();
      if (c !== -1 || w.eof) return c;
      yield NEED;
    }
  }

  /**
   * The end of the value at `w.pos` once all of it is at hand. A value that never ends, or
   * ends with the wrong bracket, is reported (the lenient parser says what is wrong where)
   * and nothing after it can be read.
   */
  function* valueEnd(): Generator<ReadItem | typeof NEED, number, void> {
    yield* peek();
    if (w.pos >= w.text.length) fail('expected a value');
    const scan = new ValueScan();
    for (;;) {
      const end = scanValue(w.text, w.pos, w.eof, scan);
      if (end >= 0) return end;
      if (end === INCOMPLETE && !w.eof) {
        yield NEED;
        continue;
      }
      try {
        parseLenient(w.text, w.pos, end === MISMATCH ? scan.bad + 1 : w.text.length);
        w.pos = end === MISMATCH ? scan.bad : w.text.length;
        fail('expected a value');
      } catch (err) {
        if (!(err instanceof JsonSyntaxError)) throw err;
        yielded = true;
        yield malformed(err);
      }
      throw new Unreadable();
    }
  }

  /** A whole value (an id, a key, a wrong shape); a syntax error in it ends the file. */
  function* value(): Generator<ReadItem | typeof NEED, unknown, void> {
    const end = yield* valueEnd();
    const v = parseSlice(w.text, w.pos, end);
    w.pos = end;
    return v;
  }

  function* key(): Generator<ReadItem | typeof NEED, string, void> {
    if ((yield* peek()) !== 34) fail('expected a key in double quotes');
    const k = (yield* value()) as string;
    if ((yield* peek()) !== 58 /* : */) fail("expected ':' after a key");
    w.pos++;
    return k;
  }

  function* steps(group: number): Walk {
    const c = yield* peek();
    const at = w.lineAt(w.pos);
    if (c !== 91 /* [ */) {
      const v = yield* value();
      yield problemItem(dataProblem(file, at, 'steps', `expected an array of step records, got ${describeValue(v)}`), true);
      return;
    }
    w.pos++;
    if ((yield* peek()) === 93) {
      w.pos++;
      return;
    }
    for (;;) {
      yield* peek();
      const line = w.lineAt(w.pos);
      const end = yield* valueEnd();
      let v: unknown;
      let ok = true;
      try {
        v = parseSlice(w.text, w.pos, end);
      } catch (err) {
        if (!(err instanceof JsonSyntaxError)) throw err;
        // The broken record is stepped over; the records after it are still read.
        yield malformed(err);
        ok = false;
      }
      w.pos = end;
      if (ok) {
        if (isRecordValue(v)) yield recordItem(file, line, v, group);
        else yield problemItem(dataProblem(file, line, '', `expected a record (a JSON object), got ${describeValue(v)}`), true);
      }
      const next = yield* peek();
      if (next === 44) {
        w.pos++;
        continue;
      }
      if (next === 93) {
        w.pos++;
        return;
      }
      fail("expected ',' or ']' after a step record");
    }
  }

  function* episode(group: number): Walk {
    const c = yield* peek();
    const line = w.lineAt(w.pos);
    if (c !== 123 /* { */) {
      const v = yield* value();
      yield problemItem(dataProblem(file, line, '', `expected an episode object ${SHAPE}, got ${describeValue(v)}`), true);
      return;
    }
    w.pos++;
    let sawSteps = false;
    if ((yield* peek()) === 125) w.pos++;
    else {
      for (;;) {
        const k = yield* key();
        if (k === 'steps' && !sawSteps) {
          sawSteps = true;
          yield* steps(group);
        } else yield* value(); // the id and anything else: boundaries come from the object itself
        const next = yield* peek();
        if (next === 44) {
          w.pos++;
          continue;
        }
        if (next === 125) {
          w.pos++;
          break;
        }
        fail("expected ',' or '}' in an episode object");
      }
    }
    if (!sawSteps) yield problemItem(dataProblem(file, line, 'steps', `missing field: an episode object is ${SHAPE}`), false);
  }

  function* whole(): Walk {
    const c = yield* peek();
    if (c === -1) return;
    if (c === 91 /* [ */) {
      w.pos++;
      if ((yield* peek()) === 93) w.pos++;
      else {
        let group = 0;
        for (;;) {
          yield* episode(group++);
          const next = yield* peek();
          if (next === 44) {
            w.pos++;
            continue;
          }
          if (next === 93) {
            w.pos++;
            break;
          }
          fail("expected ',' or ']' after an episode object");
        }
      }
    } else if (c === 123 /* { */) yield* episode(0);
    else fail(`expected an episode object ${SHAPE} or an array of them`);
    if ((yield* peek()) !== -1) fail('unexpected text after the trajectory');
  }

  try {
    for (const item of whole()) {
      if (item !== NEED) yielded = true;
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
