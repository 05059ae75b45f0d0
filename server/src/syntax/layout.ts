import type { IToken, TokenType } from 'chevrotain';
import * as T from './tokens';

export const MAX_NESTING = 1000;

export interface LayoutProblem {
  readonly start: number;
  readonly end: number;
  readonly message: string;
  /** A replacement for the text of the problem's span (a keyword typo's correction). */
  readonly fix?: { readonly title: string; readonly newText: string };
}

/** Tokens are fresh from the lexer and owned by this parse: retyped in place, not copied. */
const retype = (tok: IToken, type: TokenType): IToken => {
  tok.tokenType = type;
  tok.tokenTypeIdx = type.tokenTypeIdx!;
  return tok;
};

const DECLARATION_TYPES: ReadonlySet<TokenType> = new Set(T.DECLARATION_KEYWORDS);
const isDeclKeyword = (tok: IToken) => DECLARATION_TYPES.has(tok.tokenType);
const KEYWORD_OF: ReadonlyMap<string, TokenType> = new Map(T.DECLARATION_KEYWORDS.map((t) => [t.LABEL!.slice(1, -1), t]));

/** Edit distance (insertions, deletions, substitutions, adjacent swaps), given up above `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The declaration keyword a word at the start of a top-level line was most likely meant to be
 * (`sigal`, `machin`, `Signal`), by edit distance: at most 1 for words of up to 4 letters, 2
 * above; only when one keyword is closest.
 */
export function keywordTypo(word: string): string | undefined {
  if (KEYWORD_OF.has(word)) return undefined;
  const lower = word.toLowerCase();
  if (KEYWORD_OF.has(lower)) return lower;
  const max = word.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = max + 1;
  let tie = false;
  for (const k of KEYWORD_OF.keys()) {
    const dist = editDistance(lower, k, max);
    if (dist < bestDistance) {
      best = k;
      bestDistance = dist;
      tie = false;
    } else if (dist === bestDistance) tie = true;
  }
  return bestDistance <= max && !tie ? best : undefined;
}

/** Open `(` and `[` above the innermost block. */
function depth(stack: readonly string[]): number {
  let n = 0;
  for (let i = stack.length - 1; i >= 0 && stack[i] !== '{'; i--) n++;
  return n;
}

/**
 * Makes line breaks and keywords mean what LANGUAGE.md section 2 says, before parsing:
 * - a line break ends a statement, except inside `( )` or `[ ]`;
 * - a declaration keyword is one only at the start of a line (or after `;` at top level),
 *   and there it always starts a new declaration, closing any open `(` or `[`;
 * - runs of line breaks collapse to one, and the stream ends with one, so every statement
 *   has a terminator;
 * - nesting of ( and [ deeper than MAX_NESTING drops the rest of that line, with a problem,
 *   so that the recursive parts of the parser never meet it;
 * - a misspelt declaration keyword at the start of a top-level line, followed by a name
 *   (`sigal y = obs[1]`, `machin keydoor {`), is read as the keyword it is closest to, with a
 *   problem that says so: one error, and the declaration (and its name) is not lost.
 */
export function layout(tokens: readonly IToken[]): { tokens: IToken[]; problems: LayoutProblem[] } {
  const out: IToken[] = [];
  const problems: LayoutProblem[] = [];
  const stack: string[] = [];
  let lineStart = true;
  let skippingDeep = false;
  const lastIsBreak = () => out.length === 0 || out[out.length - 1].tokenType === T.Newline;
  const pushBreak = (tok: IToken) => {
    if (!lastIsBreak()) out.push({ ...tok, image: '\n', tokenType: T.Newline, tokenTypeIdx: T.Newline.tokenTypeIdx! });
  };
  const inGroup = () => stack.length > 0 && stack[stack.length - 1] !== '{';

  for (let index = 0; index < tokens.length; index++) {
    const tok = tokens[index];
    const type = tok.tokenType;
    if (type === T.Newline) {
      lineStart = true;
      skippingDeep = false;
      if (!inGroup()) pushBreak(tok);
      continue;
    }
    const startsLine = lineStart || (out.length > 0 && out[out.length - 1].tokenType === T.Semi && stack.length === 0);
    lineStart = false;
    let t = tok;
    if (startsLine && stack.length === 0 && type === T.Identifier && !isDeclKeyword(tok)) {
      const next = tokens[index + 1];
      const meant = keywordTypo(tok.image);
      const fits = meant !== undefined && (meant === 'continuing' ? next === undefined || next.tokenType === T.Newline : next !== undefined && next.tokenType === T.Identifier);
      if (fits) {
        problems.push({ start: tok.startOffset, end: tok.startOffset + tok.image.length, message: `Unknown declaration '${tok.image}': did you mean '${meant}'?`, fix: { title: `Change to '${meant}'`, newText: meant! } });
        retype(tok, KEYWORD_OF.get(meant!)!);
      }
    }
    if (isDeclKeyword(tok)) {
      if (startsLine) {
        skippingDeep = false;
        while (inGroup()) stack.pop();
        pushBreak(tok);
      } else t = retype(tok, T.Identifier);
    }
    if (skippingDeep) continue;
    if (type === T.LParen || type === T.LBracket || type === T.LCurly) {
      stack.push(tok.image);
      // Only ( and [ count as nesting: a block's { is structure, not depth.
      if (type !== T.LCurly && depth(stack) > MAX_NESTING) {
        problems.push({ start: tok.startOffset, end: tok.endOffset! + 1, message: `Nesting deeper than ${MAX_NESTING} levels: simplify this expression. The rest of this line is skipped.` });
        skippingDeep = true;
        while (inGroup()) stack.pop();
        continue;
      }
    } else if (type === T.RParen || type === T.RBracket || type === T.RCurly) {
      const open = type === T.RParen ? '(' : type === T.RBracket ? '[' : '{';
      const at = stack.lastIndexOf(open);
      if (at >= 0) stack.length = at;
    }
    out.push(t);
  }
  if (out.length > 0) pushBreak(out[out.length - 1]);
  return { tokens: out, problems };
}
