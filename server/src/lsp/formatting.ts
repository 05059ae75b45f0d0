import type { TextEdit } from 'vscode-languageserver';
import { LineIndex } from '../base/line-index';
import { format } from '../syntax/print';

// Formatting is `reward fmt`'s formatter; the editor gets the few edits that turn the text
// into its output, so that the cursor, folds and marks elsewhere stay where they were.

/** The edits that format `text`; none when it is already formatted or does not parse. */
export function formatEdits(text: string): TextEdit[] {
  const result = format(text);
  return result.changed ? minimalEdits(text, result.text) : [];
}

/** Line-level edits from `before` to `after` (a longest-common-subsequence diff of lines). */
export function minimalEdits(before: string, after: string): TextEdit[] {
  if (before === after) return [];
  const a = splitLines(before);
  const b = splitLines(after);
  const index = new LineIndex(before);
  // Common head and tail first: formatting usually touches a few lines of a long file.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const am = a.slice(head, a.length - tail);
  const bm = b.slice(head, b.length - tail);
  const pairs = am.length * bm.length <= 4_000_000 ? lcs(am, bm) : [];
  const edits: TextEdit[] = [];
  const lineStarts = a.reduce((acc, l) => [...acc, acc[acc.length - 1] + l.length], [0]);
  const offsetOfLine = (k: number) => lineStarts[k];
  let i = 0;
  let j = 0;
  for (const [pi, pj] of [...pairs, [am.length, bm.length] as const]) {
    if (pi > i || pj > j) {
      const start = offsetOfLine(head + i);
      const end = offsetOfLine(head + pi);
      edits.push({ range: index.range({ start, end }), newText: bm.slice(j, pj).join('') });
    }
    i = pi + 1;
    j = pj + 1;
  }
  return edits;
}

/** Lines with their line breaks, so that joining them gives the text back. */
function splitLines(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

/** Index pairs of a longest common subsequence, in order. */
function lcs(a: readonly string[], b: readonly string[]): [number, number][] {
  const n = a.length;
  const m = b.length;
  const table = new Uint32Array((n + 1) * (m + 1));
  for (let x = n - 1; x >= 0; x--) {
    for (let y = m - 1; y >= 0; y--) {
      table[x * (m + 1) + y] = a[x] === b[y] ? table[(x + 1) * (m + 1) + y + 1] + 1 : Math.max(table[(x + 1) * (m + 1) + y], table[x * (m + 1) + y + 1]);
    }
  }
  const out: [number, number][] = [];
  let x = 0;
  let y = 0;
  while (x < n && y < m) {
    if (a[x] === b[y]) {
      out.push([x, y]);
      x++;
      y++;
    } else if (table[(x + 1) * (m + 1) + y] >= table[x * (m + 1) + y + 1]) x++;
    else y++;
  }
  return out;
}
