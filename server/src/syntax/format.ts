import type * as A from './ast';
import { allExpressions } from './walk';

// The layout decisions of `reward fmt`, read off the syntax tree: which token starts a
// statement or a block, which operators are binary, where a bracket hugs what precedes it,
// and the columns aligned across lines. print.ts walks the tokens and applies them.

/** A token of the source as the formatter sees it: code, comment or line break. */
export interface Tok {
  readonly image: string;
  readonly start: number;
  /** chevrotain's token type name (`Identifier`, `LParen`, `LineComment`, `Newline`, ...). */
  readonly type: string;
}

export const isComment = (t: Tok): boolean => t.type.endsWith('Comment');

/** Columns aligned within a run of lines: a transition's `->`, `when` and `reward`, and trailing comments. */
export type Mark = 'arrow' | 'when' | 'reward' | 'comment';

export interface Roles {
  /** First token of every declaration. */
  readonly declStarts: ReadonlySet<number>;
  /** First token of every machine statement and reward item. */
  readonly stmtStarts: ReadonlySet<number>;
  /** `{` and `}` of machine and reward blocks (not of enum types). */
  readonly blockOpens: ReadonlySet<number>;
  readonly blockCloses: ReadonlySet<number>;
  /** Operators with two operands; any other `-`, `+` or `!` is a prefix (a sign or a unary operator). */
  readonly binaryOps: ReadonlySet<number>;
  /** `(` of a call, `[` of an ltl bound or of a source path: no space before. */
  readonly tightOpens: ReadonlySet<number>;
  /** The `:` of `signal x: number`: no space before (the `:` of `c ? a : b` has one). */
  readonly typeColons: ReadonlySet<number>;
  /** The `:` of a slice `v[a:b:s]`: no space on either side. */
  readonly sliceColons: ReadonlySet<number>;
  readonly marks: ReadonlyMap<number, Mark>;
}

/** The roles of the code tokens (`code`: no comments, no line breaks) of a file that parsed without errors. */
export function roles(file: A.SpecFile, code: readonly Tok[]): Roles {
  const index = new Map(code.map((t, i) => [t.start, i]));
  const after = (offset: number): Tok | undefined => {
    const i = index.get(offset);
    return i === undefined ? undefined : code[i + 1];
  };
  const before = (offset: number): Tok | undefined => {
    const i = index.get(offset);
    return i === undefined ? undefined : code[i - 1];
  };
  const add = (set: Set<number>, t: Tok | undefined, image: string) => {
    if (t && t.image === image) set.add(t.start);
  };

  const declStarts = new Set<number>();
  const stmtStarts = new Set<number>();
  const blockOpens = new Set<number>();
  const blockCloses = new Set<number>();
  const binaryOps = new Set<number>();
  const tightOpens = new Set<number>();
  const typeColons = new Set<number>();
  const sliceColons = new Set<number>();
  const marks = new Map<number, Mark>();
  /** The first code token at or after `offset`. */
  const firstFrom = (offset: number): Tok | undefined => {
    let lo = 0;
    let hi = code.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (code[mid].start < offset) lo = mid + 1;
      else hi = mid;
    }
    return code[lo];
  };
  const colonsIn = (span: { start: number; end: number }) => {
    for (let t = firstFrom(span.start), i = t ? index.get(t.start)! : code.length; i < code.length && code[i].start < span.end; i++) {
      if (code[i].image === ':') sliceColons.add(code[i].start);
    }
  };

  for (const d of file.declarations) {
    declStarts.add(d.span.start);
    if (d.kind === 'machine' || d.kind === 'reward') {
      add(blockOpens, after(d.name.span.start), '{');
      add(blockCloses, code[index.get(d.span.end - 1) ?? -1], '}');
    }
    if (d.kind === 'reward') for (const it of d.items) stmtStarts.add(it.span.start);
    if (d.kind === 'machine') {
      for (const s of d.statements) {
        stmtStarts.add(s.span.start);
        if (s.kind !== 'transition' || s.from.length !== 1) continue;
        const arrow = after(s.from[0].span.start);
        if (arrow) marks.set(arrow.start, 'arrow');
        const when = after(s.to.span.start);
        if (when?.image === 'when') marks.set(when.start, 'when');
        const kw = s.reward ? before(s.reward.span.start) : undefined;
        if (kw?.image === 'reward') marks.set(kw.start, 'reward');
      }
    }
    if (d.kind === 'signal' || d.kind === 'action') {
      if (d.type) add(typeColons, after(d.name.span.start), ':');
      if (d.type?.kind === 'vector') add(tightOpens, after(d.type.span.start), '[');
      if (d.source) {
        for (const t of code) if (t.start > d.source.span.start && t.start < d.source.span.end && t.image === '[') tightOpens.add(t.start);
        if (d.source.slice) colonsIn(d.source.slice.span);
      }
    }
  }
  for (const e of allExpressions(file)) {
    if (e.kind === 'binary' || e.kind === 'temporalBinary') binaryOps.add(e.opSpan.start);
    else if (e.kind === 'call') add(tightOpens, after(e.callee.span.start), '(');
    else if (e.kind === 'prev') add(tightOpens, firstFrom(e.span.start + 4), '(');
    else if (e.kind === 'index' || e.kind === 'slice') {
      add(tightOpens, firstFrom(e.target.span.end), '[');
      if (e.kind === 'slice') colonsIn(e.bounds.span);
    }
    else if (e.kind === 'temporal' && e.bound) add(tightOpens, after(e.opSpan.start), '[');
  }
  return { declStarts, stmtStarts, blockOpens, blockCloses, binaryOps, tightOpens, typeColons, sliceColons, marks };
}

const HUG_LEFT = new Set([',', ')', ']', "'", '.']);
const HUG_RIGHT = new Set(['(', '[', '.']);
const PREFIX = new Set(['-', '+', '!']);

/** The space between two tokens printed on one line: `f(a, b)`, `x' - x`, `-x^2`, `obs[0]`, `F[2, 4] a`. */
export function gap(prev: Tok, next: Tok, r: Roles): string {
  if (isComment(next)) return ' ';
  if (isComment(prev)) return next.image === ',' || next.image === ')' || next.image === ']' ? '' : ' ';
  if (HUG_LEFT.has(next.image) || HUG_RIGHT.has(prev.image)) return '';
  if (next.image === ':' && (r.typeColons.has(next.start) || r.sliceColons.has(next.start))) return '';
  if (prev.image === ':' && r.sliceColons.has(prev.start)) return '';
  if (prev.image === '{' && next.image === '}') return '';
  // `- -x`, not `--x`, which reads as a decrement.
  if (PREFIX.has(prev.image) && !r.binaryOps.has(prev.start)) return prev.image === '-' && next.image === '-' ? ' ' : '';
  if ((next.image === '(' || next.image === '[') && r.tightOpens.has(next.start)) return '';
  // `^` binds tightest and reads as in mathematics: `x^2`, `2^-1`.
  if (next.image === '^' || prev.image === '^') return '';
  return ' ';
}

/** One output line under construction: its indentation, its text, and the columns of its marks. */
export interface Line {
  readonly indent: number;
  readonly text: string;
  /** A blank line precedes this one. */
  readonly blank: boolean;
  readonly marks: Readonly<Partial<Record<Mark, number>>>;
}

/**
 * Pads `mark` to one column within each run of consecutive lines that carry `runKey` (same
 * indentation, no blank line between). Lines of a run without `mark` are left alone.
 */
export function alignColumn(lines: readonly Line[], runKey: Mark, mark: Mark): Line[] {
  const out = [...lines];
  const inRun = (l: Line) => l.marks[runKey] !== undefined && !l.text.includes('\n');
  let i = 0;
  while (i < out.length) {
    if (!inRun(out[i])) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < out.length && inRun(out[j]) && !out[j].blank && out[j].indent === out[i].indent) j++;
    const cols = out.slice(i, j).map((l) => l.marks[mark]).filter((c): c is number => c !== undefined);
    const target = Math.max(...cols);
    for (let k = i; k < j; k++) {
      const col = out[k].marks[mark];
      if (col !== undefined && col < target) out[k] = pad(out[k], col, target - col);
    }
    i = j;
  }
  return out;
}

function pad(line: Line, col: number, by: number): Line {
  const marks = Object.fromEntries(Object.entries(line.marks).map(([m, c]) => [m, c !== undefined && c >= col ? c + by : c]));
  return { ...line, text: line.text.slice(0, col) + ' '.repeat(by) + line.text.slice(col), marks };
}
