// Text edits of the analyses' quick fixes: removing a machine statement, or one name from a
// list (`a, b -> c`, `terminal a, b`), leaving the rest of the text as the user wrote it.
import type { Span } from '../base/span';
import type { Ident } from '../syntax/ast';

export interface Edit {
  readonly span: Span;
  readonly newText: string;
}

/**
 * Deletes a statement: its whole line (comment included) when it stands alone on it, else the
 * statement and the `;` that separates it from its neighbour.
 */
export function deleteStatement(text: string, s: Span): Edit {
  const lineStart = text.lastIndexOf('\n', s.start - 1) + 1;
  const newline = text.indexOf('\n', s.end);
  const lineEnd = newline < 0 ? text.length : newline + 1;
  const before = text.slice(lineStart, s.start);
  const after = text.slice(s.end, newline < 0 ? text.length : newline);
  if (/^\s*$/.test(before) && /^\s*(\/\/.*)?\r?$/.test(after)) return { span: { start: lineStart, end: lineEnd }, newText: '' };
  const following = /^[ \t]*;[ \t]*/.exec(after);
  if (following) return { span: { start: s.start, end: s.end + following[0].length }, newText: '' };
  const preceding = /;[ \t]*$/.exec(before);
  if (preceding) return { span: { start: s.start - preceding[0].length, end: s.end }, newText: '' };
  return { span: s, newText: '' };
}

/** Deletes `list[i]` from a comma-separated list of two or more names, with one comma. */
export function deleteListEntry(list: readonly Ident[], i: number): Edit {
  if (i < list.length - 1) return { span: { start: list[i].span.start, end: list[i + 1].span.start }, newText: '' };
  return { span: { start: list[i - 1].span.end, end: list[i].span.end }, newText: '' };
}

/** The edits in text order, without any that overlaps an earlier one (LSP forbids overlaps). */
export function disjoint(edits: readonly Edit[]): Edit[] {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const out: Edit[] = [];
  for (const e of sorted) {
    const last = out[out.length - 1];
    if (last && e.span.start < last.span.end) continue;
    out.push(e);
  }
  return out;
}

/** Applies non-overlapping edits to a text (tests and the CLI preview fixes this way). */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}
