import { lexer, Newline } from '../syntax/tokens';

/**
 * A key that is equal for two spec texts that mean the same: the tokens without comments and
 * spaces, with each run of line breaks as one. Two texts with equal keys parse to the same
 * tree, so the preview of one is the preview of the other: an edit of a comment, of the
 * indentation or of blank lines does not evaluate the trajectories again. Any other edit
 * changes the key (a line break that splits an expression included), which errs on the side of
 * recomputing.
 */
export function meaningKey(text: string): string {
  const lexed = lexer.tokenize(text);
  const parts: string[] = [];
  let lastWasBreak = true;
  for (const t of lexed.tokens) {
    const isBreak = t.tokenType === Newline;
    if (isBreak && lastWasBreak) continue;
    parts.push(isBreak ? '\n' : t.image);
    lastWasBreak = isBreak;
  }
  // Characters the lexer refused are part of the meaning too (they are errors where they stand).
  for (const e of lexed.errors) parts.push(`\u0000${e.offset}:${text.substr(e.offset, e.length)}`);
  return parts.join('\u0001');
}
