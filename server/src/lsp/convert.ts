import type { Position, Range } from 'vscode-languageserver';
import type { LineIndex } from '../base/line-index';
import type { Span } from '../base/span';

// Positions from clients are not trusted: a line or character out of range, negative or not a
// number at all is clamped into the document instead of failing the request.

export function toOffset(lines: LineIndex, p: Position | undefined): number {
  const line = finite(p?.line);
  const character = finite(p?.character);
  if (line < 0) return 0;
  return lines.offset({ line, character: Math.max(0, character) });
}

export function toSpan(lines: LineIndex, r: Range | undefined): Span {
  const start = toOffset(lines, r?.start);
  const end = toOffset(lines, r?.end);
  return start <= end ? { start, end } : { start: end, end: start };
}

export function toRange(lines: LineIndex, s: Span): Range {
  return lines.range(s);
}

const finite = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) ? Math.floor(x) : 0);
