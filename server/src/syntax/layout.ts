import type { IToken, TokenType } from 'chevrotain';
import * as T from './tokens';

export const MAX_NESTING = 1000;

export interface LayoutProblem {
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

const retype = (tok: IToken, type: TokenType): IToken => ({ ...tok, tokenType: type, tokenTypeIdx: type.tokenTypeIdx! });

const isDeclKeyword = (tok: IToken) => T.DECLARATION_KEYWORDS.includes(tok.tokenType);

/**
 * Makes line breaks and keywords mean what LANGUAGE.md section 2 says, before parsing:
 * - a line break ends a statement, except inside `( )` or `[ ]`;
 * - a declaration keyword is one only at the start of a line (or after `;` at top level),
 *   and there it always starts a new declaration, closing any open `(` or `[`;
 * - runs of line breaks collapse to one, and the stream ends with one, so every statement
 *   has a terminator;
 * - nesting deeper than MAX_NESTING drops the rest of that declaration, with a problem, so
 *   that the recursive parser never meets it.
 */
export function layout(tokens: readonly IToken[]): { tokens: IToken[]; problems: LayoutProblem[] } {
  const out: IToken[] = [];
  const problems: LayoutProblem[] = [];
  const stack: string[] = [];
  let lineStart = true;
  let skippingDeep = false;
  const lastIsBreak = () => out.length === 0 || out[out.length - 1].tokenType === T.Newline;
  const pushBreak = (tok: IToken) => {
    if (!lastIsBreak()) out.push(retype({ ...tok, image: '\n' }, T.Newline));
  };
  const inGroup = () => stack.length > 0 && stack[stack.length - 1] !== '{';

  for (const tok of tokens) {
    const type = tok.tokenType;
    if (type === T.Newline) {
      lineStart = true;
      if (!inGroup()) pushBreak(tok);
      continue;
    }
    const startsLine = lineStart || (out.length > 0 && out[out.length - 1].tokenType === T.Semi && stack.length === 0);
    lineStart = false;
    let t = tok;
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
      if (stack.length > MAX_NESTING) {
        problems.push({ start: tok.startOffset, end: tok.endOffset! + 1, message: `Nesting deeper than ${MAX_NESTING} levels: simplify this expression. The rest of this declaration is skipped.` });
        skippingDeep = true;
        stack.length = 0;
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
