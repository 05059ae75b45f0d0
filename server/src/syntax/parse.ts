import type { IToken } from 'chevrotain';
import { diagnostic, type Diagnostic } from '../base/diagnostic';
import { LineIndex } from '../base/line-index';
import type { Span } from '../base/span';
import type * as A from './ast';
import { AstBuilder, tokenSpan } from './build';
import { layout } from './layout';
import { parser, type Stray } from './parser';
import { lexer } from './tokens';

export interface ParseResult {
  readonly file: A.SpecFile;
  /** Only `syntax-error`s: names and types are checked later. */
  readonly diagnostics: readonly Diagnostic[];
  /**
   * The code tokens of the text as the lexer produced them (line breaks included, comments
   * not), declaration words retyped to names where they are names (layout.ts); and the
   * comments. The lexer runs once per parse: the formatter, semantic tokens and folding read these.
   */
  readonly tokens: readonly IToken[];
  readonly commentTokens: readonly IToken[];
}

/** The form of each declaration, for a line that starts one but does not follow it. */
const FORMS: Record<string, string> = {
  discount: "'discount GAMMA', a number in (0, 1]",
  horizon: "'horizon STEPS', a whole number",
  continuing: "'continuing' alone on its line",
  signal: "'signal NAME: TYPE [in [lo, hi]] [= source.path [default VALUE]]'",
  action: "'action NAME: TYPE [in [lo, hi]] [= source.path [default VALUE]]'",
  def: "'def NAME = EXPR'",
  prop: "'prop NAME [= EXPR]'",
  exclusive: "'exclusive PROP, PROP, ...'",
  term: "'term NAME = EXPR'",
  potential: "'potential NAME = EXPR'",
  machine: "'machine NAME { ... }'",
  ltl: "'ltl NAME = FORMULA [accept EXPR] [reject EXPR]'",
  reward: "'reward NAME { ITEM ... }'",
};
const RESERVED = new Set(['true', 'false', 'if', 'then', 'else', 'in']);

const STRAY_MESSAGES: Record<string, string> = {
  file: 'Expected a declaration at the start of this line (discount, horizon, continuing, signal, action, def, prop, exclusive, term, potential, machine, ltl or reward).',
  machineDecl: "Expected a machine statement: 'initial S', 'terminal S, ...' or 'A -> B when GUARD [reward EXPR]'.",
  rewardDecl: "Expected a reward item: a numeric expression ('0.1 * progress', '-ctrl', 'deliver'), 'shaping NAME [discount g]', 'clip [lo, hi]' or 'replace EXPR when COND'.",
};

/** Parsing never fails: it returns a tree and the syntax errors, one bad line hiding nothing else. */
export function parse(text: string): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const syntaxError = (span: Span, message: string, fixes?: Diagnostic['fixes']) => diagnostics.push(diagnostic('syntax-error', span, message, fixes ? { fixes } : {}));

  const lexed = lexer.tokenize(text);
  for (const e of lexed.errors) {
    syntaxError({ start: e.offset, end: e.offset + Math.max(1, e.length) }, `Unexpected character '${text.substr(e.offset, e.length)}'.`);
  }
  const commentTokens: IToken[] = (lexed.groups.comments ?? []) as IToken[];
  const comments: A.Comment[] = commentTokens.map((t) => ({
    text: t.image,
    span: tokenSpan(t),
    doc: t.tokenType.name === 'DocLineComment' || (t.image.startsWith('/**') && !t.image.startsWith('/**/')),
    block: t.image.startsWith('/*'),
  }));
  for (const t of commentTokens) {
    if (t.tokenType.name === 'UnterminatedComment') syntaxError({ start: t.startOffset, end: t.startOffset + 2 }, "Unterminated block comment: add '*/'.");
  }

  const laid = layout(lexed.tokens);
  for (const p of laid.problems) {
    syntaxError({ start: p.start, end: p.end }, p.message, p.fix ? [{ title: p.fix.title, edits: [{ span: { start: p.start, end: p.end }, newText: p.fix.newText }], preferred: true }] : undefined);
  }

  let grammar: ReturnType<typeof parser.run> | undefined;
  try {
    grammar = parser.run(laid.tokens);
  } catch (e) {
    // The layout pass bounds nesting, so this is a last resort: never crash on user text.
    syntaxError({ start: 0, end: Math.min(text.length, 1) }, `The file could not be parsed (${e instanceof RangeError ? 'too deeply nested' : String(e)}).`);
  }
  const seen = new Set<number>();
  for (const e of parser.errors) {
    const t = e.token;
    let start = Number.isFinite(t.startOffset) ? t.startOffset : text.length;
    if (t.tokenType?.name === 'EOF') start = Math.max(0, text.length - 1);
    if (seen.has(start)) continue;
    seen.add(start);
    const end = Number.isFinite(t.startOffset) && t.image ? t.startOffset + Math.max(1, t.image.length) : start + 1;
    syntaxError({ start, end: Math.min(end, Math.max(text.length, start)) }, e.message);
  }

  const builder = new AstBuilder(text);
  const declarations: A.Declaration[] = [];
  if (grammar) {
    // Lines are needed only to place problems: a clean file never builds the index.
    let index: LineIndex | undefined;
    const lines = { position: (o: number) => (index ??= new LineIndex(text)).position(o) } as LineIndex;
    const declEnds = grammar.declarations.map((d) => (d.last && Number.isFinite(d.last.startOffset) ? d.last.startOffset + d.last.image.length - 1 : -1));
    // A stray after an error on its line is that error's consequence (`clip 0, 1`: the item
    // stops at the comma): one problem, one message.
    const strayMessages: { span: Span; message: string }[] = [];
    for (const stray of grammar.strays) reportStray(stray, text, lines, declEnds, (span, message) => strayMessages.push({ span, message }));
    for (const d of grammar.declarations) {
      const decl = builder.declaration(d);
      if (decl) declarations.push(attachDoc(decl, comments, text));
    }
    const errorLines = new Set([...diagnostics.map((d) => d.span.start), ...grammar.problems.map((p) => p.span.start), ...builder.problems.map((p) => p.span.start)].map((o) => lines.position(o).line));
    for (const m of strayMessages) if (!errorLines.has(lines.position(m.span.start).line)) syntaxError(m.span, m.message);
    for (const p of grammar.problems) syntaxError(p.span, p.message);
  }
  for (const p of builder.problems) syntaxError(p.span, p.message);
  return {
    file: { declarations, comments, text },
    diagnostics: tidy(diagnostics, lexed.errors.map((e) => e.offset), laid.problems.map((p) => p.start), text),
    tokens: lexed.tokens,
    commentTokens,
  };
}

/** A line the grammar could not read: the message says what the line should have been. */
function reportStray(stray: Stray, text: string, lines: LineIndex, declEnds: readonly number[], syntaxError: (span: Span, message: string) => void) {
  const { span, where } = stray;
  const words = text.slice(span.start, span.end).split(/\s+/);
  if (where === 'file') {
    // Text after a complete declaration on the same line: say so rather than "expected a declaration".
    const line = lines.position(span.start).line;
    const sameLine = declEnds.some((e) => e >= 0 && e < span.start && lines.position(e).line === line);
    if (sameLine && words[0] === 'default') {
      syntaxError(span, "'default' follows the source path: write 'signal NAME: TYPE = PATH default VALUE' (a signal without a path reads its own name: '= NAME default VALUE').");
    } else if (sameLine) {
      syntaxError(span, `Expected the end of the declaration (a line break or ';') but found '${words[0]}': one declaration per line.`);
    } else if (FORMS[words[0]]) {
      const reserved = RESERVED.has(words[1]) ? ` ('${words[1]}' is reserved and cannot be a name)` : '';
      syntaxError(span, `Incomplete '${words[0]}' declaration: expected ${FORMS[words[0]]}${reserved}.`);
    } else syntaxError(span, STRAY_MESSAGES.file);
    return;
  }
  const first = stray.tokens[0]?.image;
  if (where === 'rewardDecl' && first === 'replace') {
    syntaxError(span, "A 'replace' item needs its condition on the same line: write 'replace EXPR when COND' (for example 'replace -100 when crashed').");
  } else if (where === 'rewardDecl' && first === 'clip') {
    syntaxError(span, "Write a clip line as 'clip [lo, hi]', each bound a number, inf or -inf (for example 'clip [0, inf]').");
  } else syntaxError(span, STRAY_MESSAGES[where]);
}

/** Doc comments (`///` lines or one `/** *\/`) right above a declaration become its documentation. */
function attachDoc(decl: A.Declaration, comments: readonly A.Comment[], text: string): A.Declaration {
  const lines: string[] = [];
  let pos = decl.span.start;
  // The last comment that ends at or before the declaration (binary search: files have many).
  let lo = 0;
  let hi = comments.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (comments[mid].span.end <= pos) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo - 1; i >= 0; i--) {
    const c = comments[i];
    if (c.span.end > pos) continue;
    if (!/^[ \t]*\r?\n?[ \t]*$/.test(text.slice(c.span.end, pos))) break;
    if (!c.doc) break;
    lines.unshift(c.block ? c.text.slice(3, -2).split(/\r?\n/).map((l) => l.replace(/^\s*\*?\s?/, '')).join('\n').trim() : c.text.slice(3).replace(/^ /, ''));
    pos = c.span.start;
    if (c.block) break;
  }
  return lines.length ? { ...decl, doc: lines.join('\n').trim() } : decl;
}

/**
 * One problem, one message: a bad character or a nesting overflow explains whatever else goes
 * wrong on its line, so the follow-on errors there are dropped. Spans stay inside the text.
 */
function tidy(diagnostics: readonly Diagnostic[], lexerErrors: readonly number[], layoutProblems: readonly number[], text: string): Diagnostic[] {
  if (diagnostics.length === 0) return [];
  const lines = new LineIndex(text);
  const causeLines = new Set([...lexerErrors, ...layoutProblems].map((o) => lines.position(o).line));
  const causes = new Set([...lexerErrors, ...layoutProblems]);
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const line = lines.position(d.span.start).line;
    if (causeLines.has(line) && !causes.has(d.span.start)) continue;
    const start = Math.max(0, Math.min(d.span.start, text.length));
    const end = Math.max(start, Math.min(d.span.end, text.length));
    // One message per position: the first reported (lexer, layout, parser, then the rest).
    const key = String(start);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(start === d.span.start && end === d.span.end ? d : { ...d, span: { start, end } });
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}
