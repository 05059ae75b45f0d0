import type * as A from './ast';
import { alignColumn, gap, isComment, roles, type Line, type Mark, type Roles, type Tok } from './format';
import { parse, type ParseResult } from './parse';
import { DECLARATION_WORDS } from './tokens';

// `reward fmt`: the canonical layout of a .reward file. It works on the tokens, so that
// every token and comment the user wrote is printed again, and on the syntax tree for the
// roles of the tokens (format.ts). Line breaks inside ( ) [ ] and enum { } are kept where the
// user put them; everything else is decided here. The result is parsed again and compared
// with the original tree: a formatter must never change what a spec means.

export interface FormatOptions {
  /** Spaces per block level (default 2). */
  readonly indent?: number;
}

export interface FormatResult {
  readonly text: string;
  readonly changed: boolean;
}

const OPENERS = new Set(['(', '[', '{']);
const CLOSERS = new Set([')', ']', '}']);
const SPELLING: Record<string, string> = { '|': '||', '&': '&&' };

export function format(text: string, options: FormatOptions = {}): FormatResult {
  const unchanged = { text, changed: false };
  const parsed = parse(text);
  if (parsed.diagnostics.length > 0) return unchanged;
  const indent = Number.isFinite(options.indent) ? Math.max(0, Math.floor(options.indent!)) : 2;
  const printed = print(text, parsed, indent);
  if (!sameMeaning(parsed.file, printed)) return unchanged;
  return { text: printed, changed: printed !== text };
}

/** The tokens of the parse (the lexer runs once), comments merged in by position. */
function tokensOf(parsed: ParseResult): { all: Tok[]; code: Tok[] } {
  const toTok = (t: { image: string; startOffset: number; tokenType: { name: string } }): Tok => ({ image: t.image, start: t.startOffset, type: t.tokenType.name });
  const code = parsed.tokens.map(toTok);
  const comments = parsed.commentTokens.map(toTok);
  const all = [...code, ...comments].sort((a, b) => a.start - b.start);
  return { all, code: code.filter((t) => t.type !== 'Newline' && t.type !== 'Semi') };
}

function print(text: string, parsed: ParseResult, indentUnit: number): string {
  const { all, code } = tokensOf(parsed);
  const r = roles(parsed.file, code);
  const lines = layoutLines(all, r, indentUnit);
  const aligned = (['arrow', 'when', 'reward'] as const).reduce((ls, m) => alignColumn(ls, 'arrow', m), lines);
  const final = alignColumn(aligned, 'comment', 'comment');
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const body = final.map((l) => (l.blank ? eol : '') + ' '.repeat(l.indent) + l.text).join(eol);
  return (text.startsWith('\ufeff') ? '\ufeff' : '') + (body ? body + eol : '');
}

interface MutableLine {
  indent: number;
  text: string;
  blank: boolean;
  marks: Partial<Record<Mark, number>>;
  hasCode: boolean;
}

/** Puts the tokens on lines: one statement per line, blocks indented, user line breaks kept inside brackets. */
function layoutLines(tokens: readonly Tok[], r: Roles, unit: number): Line[] {
  const lines: MutableLine[] = [];
  let blockDepth = 0;
  let blockOpenLine = -1;
  let statementsInBlock = 0;
  /** For each open ( [ or enum {, the line it was opened on. */
  const groups: number[] = [];
  let prev: Tok | undefined;
  let breaks = 0;

  const openLines = (closing: boolean) => {
    const open = closing ? groups.slice(0, -1) : groups;
    return open.filter((line, i) => i === 0 || open[i - 1] !== line).length;
  };

  for (const t of tokens) {
    if (t.type === 'Newline') {
      breaks++;
      continue;
    }
    if (t.type === 'Semi') continue;
    const statementStart = r.declStarts.has(t.start) || r.stmtStarts.has(t.start);
    const blockClose = r.blockCloses.has(t.start);
    const cur = lines[lines.length - 1];
    let separator: string | undefined;
    let newLine: boolean;
    if (statementStart) {
      groups.length = 0;
      // A statement of a block that starts with a declaration word (a state or item named
      // `reward`, ...) would start a declaration at the start of a line: it stays behind `;`.
      const hazard = r.stmtStarts.has(t.start) && DECLARATION_WORDS.has(t.image);
      const gluedToComment = prev !== undefined && isComment(prev) && breaks === 0 && cur !== undefined && !cur.hasCode;
      newLine = !hazard && !gluedToComment && cur !== undefined;
      if (hazard && cur) separator = statementsInBlock > 0 ? '; ' : ' ';
    } else if (blockClose) {
      newLine = !(prev && r.blockOpens.has(prev.start));
    } else {
      newLine = breaks > 0 && cur !== undefined;
    }

    if (blockClose) blockDepth--;
    if (newLine || !cur) {
      const closing = !blockClose && CLOSERS.has(t.image);
      const blank = breaks > 1 && !blockClose && lines.length > 0 && lines.length - 1 !== blockOpenLine;
      lines.push({ indent: unit * (blockDepth + openLines(closing)), text: '', blank, marks: {}, hasCode: false });
    } else {
      cur.text += separator ?? gap(prev!, t, r);
      if (cur.marks.comment !== undefined) delete cur.marks.comment;
    }
    const line = lines[lines.length - 1];
    const mark = r.marks.get(t.start);
    if (mark) line.marks[mark] = line.text.length;
    if (isComment(t) && line.hasCode) line.marks.comment = line.text.length;
    line.text += t.type === 'LineComment' || t.type === 'DocLineComment' ? t.image.trimEnd() : SPELLING[t.image] ?? t.image;
    if (!isComment(t)) line.hasCode = true;

    if (r.stmtStarts.has(t.start)) statementsInBlock++;
    if (r.blockOpens.has(t.start)) {
      blockDepth++;
      blockOpenLine = lines.length - 1;
      statementsInBlock = 0;
    } else if (OPENERS.has(t.image)) {
      groups.push(lines.length - 1);
    } else if (CLOSERS.has(t.image) && !blockClose) {
      groups.pop();
    }
    prev = t;
    breaks = 0;
  }
  return lines.map(({ indent, text, blank, marks }) => ({ indent, text, blank, marks }));
}

/** The printed text parses without error, with the same comments and the same tree. */
function sameMeaning(original: A.SpecFile, printed: string): boolean {
  const again = parse(printed);
  if (again.diagnostics.length > 0) return false;
  const commentText = (c: A.Comment) => (c.block ? c.text : c.text.trimEnd());
  const before = original.comments.map(commentText);
  const after = again.file.comments.map(commentText);
  if (before.length !== after.length || before.some((c, i) => c !== after[i])) return false;
  return sameTree(original.declarations, again.file.declarations);
}

const IGNORED = new Set(['span', 'opSpan', 'valueSpan', 'discountSpan', 'lengthSpan', 'indexSpan', 'defaultSpan', 'whenSpan']);
/** Text that follows the layout: compared without spaces, with `|` and `&` spelled one way. */
const LAYOUT_TEXT = new Set(['label', 'text']);
const squeeze = (s: string) => s.replace(/\s+/g, '').replace(/\|\|/g, '|').replace(/&&/g, '&');

/** Structural equality ignoring spans and layout, without recursion (trees can be deep). */
function sameTree(a: unknown, b: unknown): boolean {
  const stack: [unknown, unknown, string][] = [[a, b, '']];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [x, y, key] = top;
    if (typeof x === 'string' && typeof y === 'string' && LAYOUT_TEXT.has(key)) {
      if (squeeze(x) !== squeeze(y)) return false;
      continue;
    }
    if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object') {
      if (!Object.is(x, y)) return false;
      continue;
    }
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    const xo = x as Record<string, unknown>;
    const yo = y as Record<string, unknown>;
    const keys = (o: Record<string, unknown>) => Object.keys(o).filter((k) => !IGNORED.has(k) && o[k] !== undefined).sort();
    const kx = keys(xo);
    const ky = keys(yo);
    if (kx.length !== ky.length || kx.some((k, i) => k !== ky[i])) return false;
    for (const k of kx) stack.push([xo[k], yo[k], k]);
  }
  return true;
}
