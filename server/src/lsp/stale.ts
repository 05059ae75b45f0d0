import type { Hover } from 'vscode-languageserver';
import { LineIndex } from '../base/line-index';
import type { Span } from '../base/span';
import type * as A from '../syntax/ast';
import { toNew, toOld, type EditRegion } from './edit-region';
import type { FeatureContext, FeatureName } from './features';
import { hover } from './hover';
import { encode, semanticTokens } from './semantic-tokens';
import { signatureHelp } from './signature-help';
import { completion, type CompletionSource, type Names } from './completion';
import { occurrenceAt } from './derived';
import { toOffset } from './convert';
import type { DocumentAnalysis } from './workspace-analysis';

// Answers from the last analysis while the current version waits for its own (LANGUAGE-level
// facts do not change while the user edits inside one expression). Only when the edits since
// that analysis stay inside one line of one expression: no line break, bracket, brace,
// comment, quote or `;` written or removed, no declaration keyword or declared name touched,
// nothing of the discount, horizon or exclusions (every analysis reads them).
// Each answer says nothing the edit may have changed: hover stays silent on what the edited
// declaration reaches, semantic tokens leave the edited region to the grammar.

const GLOBAL = new Set(['discount', 'horizon', 'continuing', 'exclusive']);
const STRUCTURE = /[\n\r{}()[\]/*'";]/;

/** What `expressionOnly` reads of an analysed version: its text, comments and declarations (a syntax tree is one). */
export interface Outline {
  readonly text: string;
  readonly comments: readonly { readonly span: Span }[];
  readonly declarations: readonly { readonly kind: string; readonly span: Span; readonly name?: { readonly span: Span } }[];
}

export const outlineOf = (a: DocumentAnalysis): Outline => a.analysis.parsed.file;

/** Whether the edits since `last` changed only the inside of an expression. */
export function expressionOnly(last: Outline, region: EditRegion, current: string): boolean {
  const before = last.text.slice(region.start, region.endOld);
  const after = current.slice(region.start, region.endNew);
  if (STRUCTURE.test(before) || STRUCTURE.test(after)) return false;
  const touches = (s: Span) => region.start <= s.end && region.endOld >= s.start;
  if (last.comments.some((c) => touches(c.span))) return false;
  for (const d of last.declarations) {
    if (d.span.end < region.start || d.span.start > region.endOld) continue;
    // The discount, horizon and exclusions are read by every analysis: not an expression of one declaration.
    if (GLOBAL.has(d.kind) || region.start <= d.span.start + d.kind.length) return false;
    if ('name' in d && d.name && touches(d.name.span)) return false;
  }
  return true;
}

/** The answer of `name` from `last`, or undefined when it must wait for the current version. */
export function staleAnswer(name: FeatureName, last: DocumentAnalysis, region: EditRegion, text: string, version: number, params: { position?: { line: number; character: number } }, ctx: FeatureContext): unknown {
  const lines = new LineIndex(text);
  switch (name) {
    case 'signatureHelp':
      return signatureHelp(text, toOffset(lines, params.position));
    case 'completion':
      return staleCompletion(last.analysis.model, last.analysis.parsed.file.comments, region, text, lines, params, ctx);
    case 'hover': {
      const offset = toOld(region, toOffset(lines, params.position));
      if (offset === undefined) return undefined;
      const reached = reachedByEdit(last, region);
      const inside = declarationAt(last.analysis.parsed.file, offset);
      if (inside && reached.has(inside)) return undefined;
      const occurrence = occurrenceAt(last.analysis.model, offset);
      if (occurrence?.target.kind === 'declaration') {
        const d = last.analysis.model.declarations.get(occurrence.target.name);
        if (d && reached.has(d)) return undefined;
      }
      if (occurrence?.target.kind === 'state' || occurrence?.target.kind === 'member') {
        const d = last.analysis.model.declarations.get(occurrence.target.kind === 'state' ? occurrence.target.machine : occurrence.target.owner);
        if (d && reached.has(d)) return undefined;
      }
      const h: Hover | null = hover(last, offset);
      if (!h?.range) return h;
      const span = mapSpan(region, last.lines.span(h.range), (s) => s)[0];
      return span ? { ...h, range: lines.range(span) } : { contents: h.contents };
    }
    case 'semanticTokens': {
      const tokens = semanticTokens(last).flatMap((t) => mapSpan(region, { start: t.offset, end: t.offset + t.length }, (s) => ({ ...t, offset: s.start })));
      return encode({ ...last, lines }, tokens);
    }
    default:
      return undefined;
  }
}

/** Completion in the current text from the names of the last analysis (its comments moved around the region). */
export function staleCompletion(names: Names, comments: CompletionSource['comments'], region: EditRegion, text: string, lines: LineIndex, params: { position?: { line: number; character: number } }, ctx: FeatureContext): unknown {
  const moved = comments.flatMap((c) => mapSpan(region, c.span, (span) => ({ ...c, span })));
  return completion({ text, lines, comments: moved, names }, toOffset(lines, params.position), { snippets: ctx.snippets, fields: ctx.fields });
}

/** `span` of the analysed text in the current one; nothing when it overlaps the region. */
function mapSpan<T>(region: EditRegion, span: Span, make: (s: Span) => T): T[] {
  if (span.end > region.start && span.start < region.endOld) return [];
  const start = toNew(region, span.start);
  const end = toNew(region, span.end);
  return start === undefined || end === undefined ? [] : [make({ start, end })];
}

function declarationAt(file: A.SpecFile, offset: number): A.Declaration | undefined {
  const ds = file.declarations;
  let lo = 0;
  let hi = ds.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const d = ds[mid];
    if (offset < d.span.start) hi = mid - 1;
    else if (offset > d.span.end) lo = mid + 1;
    else return d;
  }
  return undefined;
}

/** The declarations the edited one reaches: itself and, transitively, every declaration that reads it. */
function reachedByEdit(last: DocumentAnalysis, region: EditRegion): Set<A.Declaration> {
  const file = last.analysis.parsed.file;
  const model = last.analysis.model;
  const readers = readersOf(last);
  const out = new Set<A.Declaration>();
  const queue: A.Declaration[] = [];
  for (const d of file.declarations) {
    if (d.span.end >= region.start && d.span.start <= region.endOld) queue.push(d);
  }
  while (queue.length) {
    const d = queue.pop()!;
    if (out.has(d)) continue;
    out.add(d);
    const name = 'name' in d && d.name ? d.name.text : undefined;
    if (name !== undefined && model.declarations.get(name) === d) queue.push(...(readers.get(name) ?? []));
  }
  return out;
}

const READERS = new WeakMap<DocumentAnalysis, Map<string, A.Declaration[]>>();

/** Per declared name, the declarations whose text mentions it (computed once per analysis). */
function readersOf(a: DocumentAnalysis): Map<string, A.Declaration[]> {
  let readers = READERS.get(a);
  if (readers) return readers;
  readers = new Map();
  const file = a.analysis.parsed.file;
  for (const o of a.analysis.model.occurrences) {
    if (o.declaration) continue;
    const name = o.target.kind === 'declaration' ? o.target.name : o.target.kind === 'state' ? o.target.machine : o.target.kind === 'member' ? o.target.owner : undefined;
    if (name === undefined) continue;
    const reader = declarationAt(file, o.span.start);
    if (!reader) continue;
    const list = readers.get(name) ?? [];
    if (list[list.length - 1] !== reader) list.push(reader);
    readers.set(name, list);
  }
  READERS.set(a, readers);
  return readers;
}
