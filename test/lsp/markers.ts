// Cursor positions marked inline in a test text with `<|>` (Langium's convention).

export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Marked {
  /** The text without markers. */
  readonly text: string;
  /** The position of each marker, in order. */
  readonly positions: readonly Position[];
  readonly offsets: readonly number[];
}

export const MARKER = '<|>';

export function markers(source: string): Marked {
  const offsets: number[] = [];
  let text = '';
  let rest = source;
  for (let at = rest.indexOf(MARKER); at >= 0; at = rest.indexOf(MARKER)) {
    text += rest.slice(0, at);
    offsets.push(text.length);
    rest = rest.slice(at + MARKER.length);
  }
  text += rest;
  return { text, offsets, positions: offsets.map((o) => positionAt(text, o)) };
}

export function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** The text a range covers (for readable assertions). */
export function textOf(text: string, range: { start: Position; end: Position }): string {
  return text.slice(offsetAt(text, range.start), offsetAt(text, range.end));
}

export function offsetAt(text: string, p: Position): number {
  const lines = text.split('\n');
  return lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
}

/** Applies LSP text edits (non-overlapping) to a text. */
export function applyEdits(text: string, edits: readonly { range: { start: Position; end: Position }; newText: string }[]): string {
  const sorted = [...edits].sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offsetAt(out, e.range.start)) + e.newText + out.slice(offsetAt(out, e.range.end));
  return out;
}
