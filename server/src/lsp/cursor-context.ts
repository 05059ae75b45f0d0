import type { IToken } from 'chevrotain';
import { DECLARATION_KEYWORDS, lexer } from '../syntax/tokens';

// Where the cursor stands, read off the tokens before it rather than off the syntax tree:
// while the user types, the line under the cursor rarely parses.

export interface CursorContext {
  /** Start of the name being typed (the cursor itself when none). */
  readonly wordStart: number;
  readonly word: string;
  /** The keyword of the declaration the cursor is in (`machine`, `reward`, `signal`, ...), if any. */
  readonly declaration?: string;
  /** The declared name of that declaration, once written. */
  readonly declarationName?: string;
  /** Inside the `{ }` of a machine or reward block. */
  readonly inBlock: boolean;
  /** Open `(` and `[` before the cursor in the current statement. */
  readonly groupDepth: number;
  /** The tokens of the current statement before the word being typed (comments excluded). */
  readonly statement: readonly IToken[];
}

const isDeclarationKeyword = (t: IToken) => DECLARATION_KEYWORDS.includes(t.tokenType);

export function cursorContext(text: string, offset: number): CursorContext {
  const before = text.slice(0, offset);
  const word = /[A-Za-z_][A-Za-z0-9_]*$/.exec(before)?.[0] ?? '';
  const wordStart = offset - word.length;
  const tokens = lexer.tokenize(text.slice(0, wordStart)).tokens;

  let declaration: string | undefined;
  let declarationName: string | undefined;
  let braces = 0;
  let groups = 0;
  let lineStart = true;
  let statement: IToken[] = [];
  for (const t of tokens) {
    const type = t.tokenType.name;
    if (type === 'Newline') {
      lineStart = true;
      if (groups === 0) statement = [];
      continue;
    }
    if (type === 'Semi') {
      statement = [];
      groups = 0;
      if (braces === 0) lineStart = true;
      continue;
    }
    if (lineStart && isDeclarationKeyword(t)) {
      // A declaration keyword at the start of a line always starts a declaration (LANGUAGE.md section 2).
      declaration = t.image;
      declarationName = undefined;
      braces = 0;
      groups = 0;
      statement = [t];
      lineStart = false;
      continue;
    }
    lineStart = false;
    if (declaration && declarationName === undefined && statement.length === 1 && type === 'Identifier' && statement[0].image === declaration) declarationName = t.image;
    const block = declaration === 'machine' || declaration === 'reward';
    if (type === 'LCurly') braces++;
    if (type === 'RCurly') braces = Math.max(0, braces - 1);
    if (block && (type === 'LCurly' || type === 'RCurly')) {
      // A block's braces end the statement before them; its closing brace ends the declaration.
      statement = [];
      if (braces === 0) declaration = undefined;
      continue;
    }
    if (type === 'LParen' || type === 'LBracket') groups++;
    if (type === 'RParen' || type === 'RBracket') groups = Math.max(0, groups - 1);
    statement.push(t);
  }
  return { wordStart, word, declaration, declarationName, inBlock: braces > 0 && (declaration === 'machine' || declaration === 'reward'), groupDepth: groups, statement };
}
