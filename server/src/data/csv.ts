// CSV trajectories (LANGUAGE.md section 9): a header row of field paths, then one step record
// per row. Read line by line; a quoted cell may span lines, and the record keeps the line
// where it starts.

import { BATCH_SIZE } from './batches';
import { readHeader, rowRecord, type Header } from './csv-columns';
import { CsvRowParser } from './csv-row';
import { emptyTrajectory } from './empty';
import { isBlank, readLines } from './lines';
import { dataProblem } from './problem';
import { parsePath, type PathSegment } from './path';
import { quote } from './describe';
import type { ExpectedField } from './read';
import { problemItem, recordItem, type ReadItem } from './record';

/**
 * A quoted cell still open after this many characters is taken as a stray quote rather than
 * a cell: it is reported and the lines after its start are read again, so that one bad quote
 * costs one row, not the rest of the file (and never holds the whole file in memory).
 */
const MAX_OPEN_CELL = 1 << 20;

/** The items of a CSV file, in batches of about BATCH_SIZE. `expect`: see ReadOptions. */
export async function* readCsvBatches(file: string, expect?: readonly ExpectedField[]): AsyncGenerator<ReadItem[]> {
  const reader = new CsvReader(file, expect);
  let batch: ReadItem[] = [];
  for await (const { lines, firstLine } of readLines(file)) {
    for (let i = 0; i < lines.length; i++) {
      reader.line(lines[i], firstLine + i, batch);
      if (batch.length >= BATCH_SIZE) {
        yield batch;
        batch = [];
      }
    }
  }
  reader.end(batch);
  if (batch.length > 0) yield batch;
}

/** Turns lines into items, one line at a time. */
class CsvReader {
  private header: Header | undefined;
  private readonly row = new CsvRowParser();
  /** Lines of a row whose quoted cell is still open, kept to be read again if it never closes. */
  private pending: { text: string; line: number }[] = [];
  private pendingChars = 0;
  private seen = false;
  /** Rows skipped because the header has none of the expected columns (reported once). */
  private unmatched: number | undefined;

  constructor(private readonly file: string, private readonly expect?: readonly ExpectedField[]) {}

  line(text: string, line: number, out: ReadItem[]): void {
    if (this.pending.length === 0) {
      if (text.length === 0 || isBlank(text)) return;
      const cells = this.row.push(text);
      if (cells) this.complete(cells, line, out);
      else this.hold(text, line);
      return;
    }
    this.hold(text, line);
    const cells = this.row.push(text);
    if (cells) {
      const start = this.pending[0].line;
      this.release();
      this.complete(cells, start, out);
    } else if (this.pendingChars > MAX_OPEN_CELL) this.unterminated(out);
  }

  end(out: ReadItem[]): void {
    while (this.pending.length > 0) this.unterminated(out);
    if (this.unmatched !== undefined && this.unmatched > 0) out.push({ kind: 'skipped', count: this.unmatched });
    if (!this.seen) out.push(emptyTrajectory(this.file));
  }

  private hold(text: string, line: number): void {
    this.pending.push({ text, line });
    this.pendingChars += text.length + 1;
  }

  private release(): void {
    this.pending = [];
    this.pendingChars = 0;
  }

  /** Reports the open quote at the row's first line and reads the lines after it again. */
  private unterminated(out: ReadItem[]): void {
    const [first, ...rest] = this.pending;
    this.release();
    this.row.reset();
    this.seen = true;
    out.push(problemItem(dataProblem(this.file, first.line, '',
      'unterminated quoted cell: a `"` opens a cell that never closes; the row is skipped'), true));
    for (const l of rest) this.line(l.text, l.line, out);
  }

  private complete(cells: string[], line: number, out: ReadItem[]): void {
    const header = this.header;
    if (header === undefined) {
      this.header = readHeader(cells);
      for (const name of this.header.conflicts) {
        this.seen = true;
        out.push(problemItem(dataProblem(this.file, line, name,
          'this column collides with an earlier one (the same field twice, or a field that is both a value and a container); it is ignored'), false));
      }
      const read = this.header;
      const missing = this.expect !== undefined && this.expect.length > 0 && !this.expect.some((f) => read.columns.some((c) => startsWith(c.path, f.path)));
      if (missing) {
        this.seen = true;
        this.unmatched = 0;
        out.push(problemItem(dataProblem(this.file, line, '',
          `the header has none of the columns this spec reads: expected ${names(this.expect!.map((f) => f.text))}; found ${read.columns.length === 0 ? 'no named column' : names(read.columns.map((c) => shownColumn(c.name)))}`), false));
      }
      return;
    }
    this.seen = true;
    if (this.unmatched !== undefined) {
      this.unmatched++;
      return;
    }
    if (cells.length > header.width && cells.slice(header.width).some((c) => !isBlank(c))) {
      out.push(problemItem(dataProblem(this.file, line, '',
        `malformed row: ${cells.length} cells, but the header names ${header.width} columns`), true));
      return;
    }
    out.push(recordItem(this.file, line, rowRecord(header.columns, cells)));
  }
}

/** Whether `path` lies inside (or is) `prefix`: the column `obs[3]` is inside the field `obs`. */
function startsWith(path: readonly PathSegment[], prefix: readonly PathSegment[]): boolean {
  if (path.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (path[i] !== prefix[i]) return false;
  return true;
}

/** A found column as a message shows it: a path as written, anything else quoted and cut. */
function shownColumn(name: string): string {
  return parsePath(name) !== undefined ? name : quote(name);
}

/** Names for a message: the first ten, then how many more. */
function names(list: readonly string[]): string {
  const shown = list.slice(0, 10).join(', ');
  return list.length > 10 ? `${shown} and ${list.length - 10} more` : shown;
}
