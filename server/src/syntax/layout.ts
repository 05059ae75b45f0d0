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
 *   so that the recursive parts of the parser never meet it.
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
      skippingDeep = false;
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
