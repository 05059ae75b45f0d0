/** A source range as UTF-16 offsets into the document text, end exclusive (LSP counts UTF-16 too). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface Position {
  /** 0-based line. */
  readonly line: number;
  /** 0-based UTF-16 column. */
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

export const span = (start: number, end: number): Span => ({ start, end });

export const cover = (a: Span, b: Span): Span => ({ start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) });

export const contains = (s: Span, offset: number): boolean => offset >= s.start && offset <= s.end;
