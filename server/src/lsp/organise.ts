import { LineIndex } from '../base/line-index';
import type * as A from '../syntax/ast';
import { parse } from '../syntax/parse';

// "Organise declarations": the conventional order of a spec (LANGUAGE.md section 2's overview),
// each declaration moving with the comments above it and on its lines. Only whole lines move,
// so nothing inside a declaration changes.

const RANK: Record<A.Declaration['kind'], number> = {
  discount: 0, horizon: 1, continuing: 1, signal: 2, action: 3, def: 4, prop: 5, exclusive: 6,
  term: 7, potential: 8, machine: 9, ltl: 10, reward: 11,
};

interface Unit {
  readonly rank: number;
  /** First line of the declaration itself and last line (trailing comments included). */
  readonly first: number;
  readonly last: number;
  /** Comment lines above it, without the blank lines around them. */
  readonly leading: string[];
  readonly lines: string[];
}

/** The organised text, or undefined when the text has syntax errors or is in order already. */
export function organiseDeclarations(text: string): string | undefined {
  const parsed = parse(text);
  if (parsed.diagnostics.length > 0 || parsed.file.declarations.length < 2) return undefined;
  const index = new LineIndex(text);
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const allLines = Array.from({ length: index.lineCount }, (_, i) => text.slice(index.offset({ line: i, character: 0 }), index.offset({ line: i + 1, character: 0 })).replace(/\r?\n$|\r$/, ''));
  const lineOf = (o: number) => index.position(o).line;

  // Declarations that share a line (`discount 0.9; horizon 100`) move together.
  const spans: { rank: number; first: number; last: number }[] = [];
  for (const d of parsed.file.declarations) {
    const first = lineOf(d.span.start);
    let last = lineOf(Math.max(d.span.start, d.span.end - 1));
    for (const c of parsed.file.comments) if (lineOf(c.span.start) >= first && lineOf(c.span.start) <= last) last = Math.max(last, lineOf(c.span.end - 1));
    const prev = spans[spans.length - 1];
    if (prev && first <= prev.last) prev.last = Math.max(prev.last, last);
    else spans.push({ rank: RANK[d.kind], first, last });
  }

  const isBlank = (l: string) => l.trim() === '';
  const trim = (ls: string[]) => {
    let s = 0;
    let e = ls.length;
    while (s < e && isBlank(ls[s])) s++;
    while (e > s && isBlank(ls[e - 1])) e--;
    return ls.slice(s, e);
  };
  // The file's header comment stays on top: everything above the first declaration except the
  // comment lines directly above it.
  const firstGap = allLines.slice(0, spans[0].first);
  let attach = firstGap.length;
  while (attach > 0 && !isBlank(firstGap[attach - 1])) attach--;
  const header = trim(firstGap.slice(0, attach));
  const units: Unit[] = spans.map((s, i) => {
    const gapStart = i === 0 ? attach : spans[i - 1].last + 1;
    return { ...s, leading: trim(allLines.slice(gapStart, s.first)), lines: allLines.slice(s.first, s.last + 1) };
  });
  const trailing = trim(allLines.slice(spans[spans.length - 1].last + 1));

  const sorted = [...units].sort((a, b) => a.rank - b.rank);
  if (sorted.every((u, i) => u === units[i])) return undefined;

  const out: string[] = [...header];
  if (header.length) out.push('');
  sorted.forEach((u, i) => {
    const prev = sorted[i - 1];
    const tall = (x: Unit) => x.lines.length > 1 || x.leading.length > 0;
    if (prev && (groupOf(prev.rank) !== groupOf(u.rank) || tall(prev) || tall(u))) out.push('');
    out.push(...u.leading, ...u.lines);
  });
  if (trailing.length) out.push('', ...trailing);
  const result = out.join(eol) + eol;

  // Moving whole lines cannot change a declaration, but a formatter-like tool must be sure.
  const again = parse(result);
  const texts = (f: A.SpecFile) => f.declarations.map((d) => f.text.slice(d.span.start, d.span.end)).sort();
  if (again.diagnostics.length > 0 || JSON.stringify(texts(again.file)) !== JSON.stringify(texts(parsed.file))) return undefined;
  return result;
}

const groupOf = (rank: number) => (rank <= 1 ? 0 : rank);
