import type { IToken } from 'chevrotain';
import type { Diagnostic } from '../base/diagnostic';
import type * as A from './ast';
import { parse, type ParseResult } from './parse';
import { DECLARATION_WORDS } from './tokens';

// Incremental parsing by declaration (issue #15, point 2). A declaration keyword at the start of
// a line (outside comments) always starts a declaration (LANGUAGE.md section 2), so a text is a
// sequence of chunks, one per declaration, each parsed alone: an edit re-lexes and re-parses
// only the chunks whose text it changed, and the others keep their trees (moved by the change
// of length before them). The comments and blank lines above a declaration belong to its chunk
// (its doc comment with it). `parse` of the whole text gives the same tree and errors: the
// tests hold them equal on random edits.

export interface Chunk {
  /** Offset of the chunk in the text. */
  readonly start: number;
  /** Its first line (0-based). */
  readonly line: number;
  readonly text: string;
  /** The chunk parsed alone (offsets from the chunk's start). */
  readonly local: ParseResult;
  /** The same with the text's offsets (its `file.text` is the chunk's). */
  readonly placed: ParseResult;
  /** Each node of `placed`'s declarations to its node in `local` (absent: the same objects, a chunk at 0). */
  readonly origin?: ReadonlyMap<object, object>;
}

export interface IncrementalParse {
  readonly result: ParseResult;
  readonly chunks: readonly Chunk[];
  /** The chunks parsed anew (not found in the previous parse). */
  readonly reparsed: ReadonlySet<Chunk>;
  /** For each chunk kept from the previous parse, the chunk it was there. */
  readonly previousOf: ReadonlyMap<Chunk, Chunk>;
  /** Whether the result is the chunks' (false: the whole text was parsed, see below). */
  readonly byChunks: boolean;
}

/** Parses `text`, re-using the chunks of `previous` whose text is unchanged. */
export function parseIncremental(text: string, previous?: IncrementalParse): IncrementalParse {
  const known = new Map<string, Chunk>();
  for (const c of previous?.chunks ?? []) known.set(c.text, c);
  const starts = chunkStarts(text);
  const chunks: Chunk[] = [];
  const reparsed = new Set<Chunk>();
  const previousOf = new Map<Chunk, Chunk>();
  let line = 0;
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i];
    const chunkText = text.slice(start, i + 1 < starts.length ? starts[i + 1] : text.length);
    const chunkLine = line;
    line += lineBreaks(chunkText);
    const old = known.get(chunkText);
    if (old) {
      known.delete(chunkText);
      const kept = old.start === start && old.line === chunkLine ? old : { ...old, start, line: chunkLine, ...placed(old.local, start, chunkLine) };
      previousOf.set(kept, old);
      chunks.push(kept);
      continue;
    }
    const local = parse(chunkText);
    const chunk = { start, line: chunkLine, text: chunkText, local, ...placed(local, start, chunkLine) };
    reparsed.add(chunk);
    chunks.push(chunk);
  }
  // A chunk whose errors reach its end saw the end of its text where the whole text goes on
  // (an unclosed block meets the next declaration): then the whole text is parsed instead.
  // Recovery from a syntax error may read past a chunk in the whole text: any error, and the
  // whole text is parsed (typing in a sound spec stays incremental).
  if (chunks.some((c, i) => c.local.diagnostics.length > 0 || (i + 1 < chunks.length && reachesEnd(c)))) return { result: parse(text), chunks, reparsed, previousOf, byChunks: false };
  const declarations: A.Declaration[] = [];
  const comments: A.Comment[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const c of chunks) {
    for (const d of c.placed.file.declarations) declarations.push(d);
    for (const x of c.placed.file.comments) comments.push(x);
    for (const d of c.placed.diagnostics) diagnostics.push(d);
  }
  // The tokens only when asked (semantic tokens, the formatter): most versions never are.
  let tokens: IToken[] | undefined;
  let commentTokens: IToken[] | undefined;
  const result: ParseResult = {
    file: { declarations, comments, text },
    diagnostics,
    get tokens() {
      return (tokens ??= chunks.flatMap((c) => c.placed.tokens));
    },
    get commentTokens() {
      return (commentTokens ??= chunks.flatMap((c) => c.placed.commentTokens));
    },
  };
  return { result, chunks, reparsed, previousOf, byChunks: true };
}

function reachesEnd(c: Chunk): boolean {
  const end = c.text.trimEnd().length;
  return c.local.diagnostics.some((d) => d.span.end >= end);
}

/**
 * Where each chunk starts: 0, then at each declaration line, moved up over the lines above it
 * that hold only comments or blanks (a block comment that starts on a line of code stays with it).
 */
export function chunkStarts(text: string): number[] {
  const starts = [0];
  const n = text.length;
  let inBlock = false;
  let blockOpenedMovable = false;
  // The first of the run of movable lines just above the current line, or -1.
  let runStart = -1;
  let lineStart = 0;
  while (lineStart <= n) {
    let lineEnd = lineStart;
    while (lineEnd < n && text.charCodeAt(lineEnd) !== 10 && text.charCodeAt(lineEnd) !== 13) lineEnd++;
    const startsInBlock = inBlock;
    let code = false;
    let opened = false;
    for (let i = lineStart; i < lineEnd; i++) {
      const c = text.charCodeAt(i);
      if (inBlock) {
        if (c === 42 && text.charCodeAt(i + 1) === 47) {
          inBlock = false;
          i++;
        }
        continue;
      }
      if (c === 47 && text.charCodeAt(i + 1) === 47) break;
      if (c === 47 && text.charCodeAt(i + 1) === 42) {
        inBlock = true;
        opened = true;
        i++;
        continue;
      }
      if (c !== 32 && c !== 9 && c !== 12 && c !== 11) code = true;
    }
    if (!startsInBlock && !code && isDeclarationLine(text, lineStart, lineEnd)) code = true;
    const movable = !code && (!startsInBlock || blockOpenedMovable);
    if (opened && inBlock) blockOpenedMovable = !code && (!startsInBlock || blockOpenedMovable);
    if (!startsInBlock && code && lineStart > 0 && isDeclarationLine(text, lineStart, lineEnd)) starts.push(runStart >= 0 ? runStart : lineStart);
    runStart = movable ? (runStart >= 0 ? runStart : lineStart) : -1;
    // Line ends: \n, \r\n or \r (as the lexer and LineIndex count them).
    if (lineEnd >= n) break;
    lineStart = lineEnd + (text.charCodeAt(lineEnd) === 13 && text.charCodeAt(lineEnd + 1) === 10 ? 2 : 1);
  }
  // A boundary at 0 (the first declaration on the first line) is the first chunk's own.
  return starts.filter((s, i) => i === 0 || s > starts[i - 1]);
}

function isDeclarationLine(text: string, start: number, end: number): boolean {
  let i = start;
  while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  let j = i;
  while (j < end && /[A-Za-z]/.test(text[j])) j++;
  if (j === i || (j < end && /[A-Za-z0-9_]/.test(text[j]))) return false;
  return DECLARATION_WORDS.has(text.slice(i, j));
}

/** The parse of a chunk with the text's offsets, and where each of its nodes came from. */
function placed(local: ParseResult, start: number, line: number): { placed: ParseResult; origin?: Map<object, object> } {
  if (start === 0) return { placed: local, origin: undefined };
  const origin = new Map<object, object>();
  let tokens: IToken[] | undefined;
  let commentTokens: IToken[] | undefined;
  const placed: ParseResult = {
    file: { declarations: shifted(local.file.declarations, start, origin), comments: shifted(local.file.comments, start), text: local.file.text },
    diagnostics: shifted(local.diagnostics, start),
    // Moved only when asked (a chunk after an edit moves on every keystroke).
    get tokens() {
      return (tokens ??= local.tokens.map((t) => movedToken(t, start, line)));
    },
    get commentTokens() {
      return (commentTokens ??= local.commentTokens.map((t) => movedToken(t, start, line)));
    },
  };
  return { placed, origin };
}

/** A token of a chunk at its place in the text (a chunk starts a line: columns stay). */
function movedToken(t: IToken, start: number, line: number): IToken {
  const out: IToken = { ...t, startOffset: t.startOffset + start };
  if (t.endOffset !== undefined) out.endOffset = t.endOffset + start;
  if (t.startLine !== undefined && !Number.isNaN(t.startLine)) out.startLine = t.startLine + line;
  if (t.endLine !== undefined && !Number.isNaN(t.endLine)) out.endLine = t.endLine + line;
  return out;
}

/** Line breaks in a text, as the lexer and LineIndex count them (\n, \r\n, \r). */
function lineBreaks(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) n++;
  }
  return n;
}

/**
 * A copy of `value` with every span moved by `delta` (the fields named `span` or `...Span`);
 * `origin`, when given, gets each copied object (spans and arrays aside) to its original.
 * Iterative: trees are as deep as the expressions in them.
 */
export function shifted<T>(value: T, delta: number, origin?: Map<object, object>): T {
  const root: { v: unknown } = { v: undefined };
  const stack: [unknown, Record<string, unknown> | unknown[], string | number, boolean][] = [[value, root as Record<string, unknown>, 'v', false]];
  while (stack.length) {
    const [v, parent, key, isSpan] = stack.pop()!;
    if (v === null || typeof v !== 'object') {
      (parent as Record<string | number, unknown>)[key] = v;
      continue;
    }
    if (isSpan && !Array.isArray(v)) {
      const s = v as { start: number; end: number };
      (parent as Record<string | number, unknown>)[key] = { start: s.start + delta, end: s.end + delta };
      continue;
    }
    if (Array.isArray(v)) {
      const out: unknown[] = new Array(v.length);
      (parent as Record<string | number, unknown>)[key] = out;
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], out, i, false]);
      continue;
    }
    const out: Record<string, unknown> = {};
    (parent as Record<string | number, unknown>)[key] = out;
    origin?.set(out, v);
    for (const k of Object.keys(v)) stack.push([(v as Record<string, unknown>)[k], out, k, k === 'span' || k.endsWith('Span')]);
  }
  return root.v as T;
}
