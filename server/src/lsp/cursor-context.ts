import type { IToken } from 'chevrotain';
import { DECLARATION_KEYWORDS, DECLARATION_WORDS, lexer } from '../syntax/tokens';

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

/** `from` (for tests): where lexing starts, the start of the current declaration's line by default. */
export function cursorContext(text: string, offset: number, from?: number): CursorContext {
  const before = text.slice(0, offset);
  const word = /[A-Za-z_][A-Za-z0-9_]*$/.exec(before)?.[0] ?? '';
  const wordStart = offset - word.length;
  // Only the current declaration matters: lex from the last line that starts one (outside
  // comments), not from the start of the file.
  from ??= declarationLineBefore(text, wordStart);
  const tokens = lexer.tokenize(text.slice(from, wordStart)).tokens;

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
  // The tokens were lexed from `from`: their offsets are made the document's (they are this call's own).
  for (const t of statement) {
    t.startOffset += from!;
    if (t.endOffset !== undefined) t.endOffset += from!;
  }
  return { wordStart, word, declaration, declarationName, inBlock: braces > 0 && (declaration === 'machine' || declaration === 'reward'), groupDepth: groups, statement };
}

const DECLARATION_LINE = new RegExp(`(^|[\\n\\r])[ \\t]*(${[...DECLARATION_WORDS].join('|')})(?![A-Za-z0-9_])`, 'g');

/** The start of the last line before `end` that begins with a declaration keyword not inside a block comment; 0 if none. */
function declarationLineBefore(text: string, end: number): number {
  // Search back in growing windows: the declaration is usually a few lines up.
  for (let window = 4096; ; window *= 4) {
    const start = end - window <= 0 ? 0 : text.lastIndexOf('\n', end - window) + 1;
    const slice = text.slice(start, end);
    let found = -1;
    DECLARATION_LINE.lastIndex = 0;
    for (let m = DECLARATION_LINE.exec(slice); m; m = DECLARATION_LINE.exec(slice)) found = start + m.index + m[0].length - m[2].length;
    while (found > 0 && insideBlockComment(text, found)) {
      const before = found - 1;
      found = -1;
      const s2 = text.slice(0, before);
      DECLARATION_LINE.lastIndex = 0;
      for (let m = DECLARATION_LINE.exec(s2); m; m = DECLARATION_LINE.exec(s2)) found = m.index + m[0].length - m[2].length;
    }
    if (found >= 0) return found;
    if (start === 0) return 0;
  }
}

/** Whether `offset` is inside a block comment: the last opener before it (not in a line comment) is not closed. */
function insideBlockComment(text: string, offset: number): boolean {
  let open = text.lastIndexOf('/*', offset);
  while (open >= 0 && text.slice(Math.max(text.lastIndexOf('\n', open), 0), open).includes('//')) open = text.lastIndexOf('/*', open - 1);
  if (open < 0) return false;
  const close = text.indexOf('*/', open + 2);
  return close < 0 || close >= offset;
}
