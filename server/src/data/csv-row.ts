// RFC 4180 rows: cells separated by commas, a cell in double quotes may hold commas, line
// breaks and doubled quotes. Rows arrive a line at a time, since a quoted cell may span lines.
// Leniency where the RFC forbids: a quote inside an unquoted cell is a plain character, and
// text after a closing quote joins the cell.

const QUOTE = 34;
const COMMA = 44;

const enum State { CellStart, Unquoted, Quoted, QuoteInQuoted }

export class CsvRowParser {
  private cells: string[] = [];
  private cell = '';
  private state = State.CellStart;

  /** True while a quoted cell is open at the end of the last line given. */
  get open(): boolean {
    return this.state === State.Quoted;
  }

  /** Adds one line; returns the row's cells when it ends with this line, else undefined. */
  push(line: string): string[] | undefined {
    if (this.state === State.CellStart && this.cells.length === 0 && line.indexOf('"') < 0) return line.split(',');
    let state = this.state;
    let cell = this.cell;
    let from = 0; // start of the run of plain characters not yet added to `cell`
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i);
      switch (state) {
        case State.CellStart:
          if (c === QUOTE) {
            state = State.Quoted;
            from = i + 1;
          } else if (c === COMMA) {
            this.cells.push('');
            from = i + 1;
          } else state = State.Unquoted;
          break;
        case State.Unquoted:
          if (c === COMMA) {
            this.cells.push(cell + line.slice(from, i));
            cell = '';
            from = i + 1;
            state = State.CellStart;
          }
          break;
        case State.Quoted:
          if (c === QUOTE) {
            cell += line.slice(from, i);
            from = i + 1;
            state = State.QuoteInQuoted;
          }
          break;
        case State.QuoteInQuoted:
          if (c === QUOTE) {
            // A doubled quote: keep one; the second starts the next run.
            from = i;
            state = State.Quoted;
          } else if (c === COMMA) {
            this.cells.push(cell + line.slice(from, i));
            cell = '';
            from = i + 1;
            state = State.CellStart;
          } else state = State.Unquoted;
          break;
      }
    }
    if (state === State.Quoted) {
      this.cell = cell + line.slice(from) + '\n';
      this.state = state;
      return undefined;
    }
    const cells = this.cells;
    cells.push(cell + line.slice(from));
    this.reset();
    return cells;
  }

  /** Forgets a row in progress. */
  reset(): void {
    this.cells = [];
    this.cell = '';
    this.state = State.CellStart;
  }
}
