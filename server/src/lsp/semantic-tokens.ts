import type { SemanticTokens, SemanticTokensDelta, SemanticTokensEdit, SemanticTokensLegend } from 'vscode-languageserver';
import type { IToken } from 'chevrotain';
import { LineIndex } from '../base/line-index';
import type { Span } from '../base/span';
import type { Occurrence, Target } from '../names/model';
import { occurrenceOrder } from './derived';
import { DECLARATION_KEYWORDS } from '../syntax/tokens';
import type { DocumentAnalysis } from './workspace-analysis';

// Semantic tokens: names coloured by what they resolve to (the TextMate grammar cannot know
// that `kitchen` is an enum member or `start` a state), keywords only where they are keywords.
// Standard token types, so that every theme colours them; the modifiers say the rest.

const TYPES = ['keyword', 'number', 'operator', 'variable', 'parameter', 'property', 'event', 'method', 'macro', 'class', 'interface', 'namespace', 'type', 'enumMember', 'function'] as const;
const MODIFIERS = ['declaration', 'readonly', 'defaultLibrary', 'modification', 'temporal'] as const;
type TokenType = (typeof TYPES)[number];
type Modifier = (typeof MODIFIERS)[number];

export const LEGEND: SemanticTokensLegend = { tokenTypes: [...TYPES], tokenModifiers: [...MODIFIERS] };

/** The token type of each kind of declaration (and of states, members and functions). */
export const DECLARATION_TOKEN: Record<string, TokenType> = {
  signal: 'variable', action: 'parameter', def: 'property', prop: 'event', term: 'method', potential: 'macro',
  machine: 'class', ltl: 'interface', reward: 'namespace', state: 'type', member: 'enumMember', function: 'function',
};

const CONTEXTUAL = new Set(['when', 'reward', 'initial', 'terminal', 'otherwise', 'accept', 'reject', 'task', 'shaping', 'discount', 'bool', 'number', 'int', 'enum', 'vector', 'clip', 'replace', 'default', 'inf']);
const TEMPORAL = new Set(['X', 'WX', 'F', 'G', 'U', 'R', 'W']);
const OPERATORS = new Set(['BinaryOperator', 'Bang', 'Question', 'Colon', 'Prime', 'Equals']);

export interface Token {
  readonly offset: number;
  readonly length: number;
  readonly type: TokenType;
  readonly modifiers: readonly Modifier[];
}

export function semanticTokens(a: DocumentAnalysis): Token[] {
  const model = a.analysis.model;
  const occurrences = new Map<number, Occurrence>(model.occurrences.map((o) => [o.span.start, o]));
  const formulas = model.file.declarations.flatMap((d) => (d.kind === 'ltl' ? [d.formula.span] : []));
  // The parse's own tokens (the lexer runs once per version).
  return tokensOf(a.analysis.parsed.tokens, occurrences, formulas, (n) => model.declarations.get(n)?.kind);
}

/**
 * The tokens of a text (a whole file, or one chunk in its own offsets) from its parse's tokens
 * and the occurrences by start: declaration words retyped to names where they are names.
 */
function tokensOf(tokens: readonly IToken[], occurrences: ReadonlyMap<number, Occurrence>, formulas: readonly Span[], kindOf: (name: string) => string | undefined): Token[] {
  const inFormula = (o: number) => formulas.some((s) => o >= s.start && o < s.end);
  const out: Token[] = [];
  const push = (t: IToken, type: TokenType, modifiers: Modifier[] = []) => out.push({ offset: t.startOffset, length: t.image.length, type, modifiers });

  tokens.forEach((t, i) => {
    const kind = t.tokenType;
    if (kind.name === 'Newline' || t.image.length === 0) return;
    if (DECLARATION_KEYWORDS.includes(kind) || ['True', 'False', 'If', 'Then', 'Else', 'In'].includes(kind.name)) return push(t, 'keyword');
    if (kind.name === 'NumberLit') return push(t, 'number');
    if (kind.name === 'Identifier') {
      const o = occurrences.get(t.startOffset);
      if (o) {
        const primed = tokens[i + 1]?.image === "'" && tokens[i + 1].startOffset === t.startOffset + t.image.length;
        const mods: Modifier[] = [];
        if (o.declaration) mods.push('declaration');
        if (primed) mods.push('modification');
        if (o.target.kind === 'function') mods.push('defaultLibrary');
        if (o.target.kind === 'declaration' && kindOf(o.target.name) === 'signal') mods.push('readonly');
        return push(t, typeOf(o.target, kindOf), mods);
      }
      if (TEMPORAL.has(t.image) && inFormula(t.startOffset)) return push(t, 'operator', ['temporal']);
      if (CONTEXTUAL.has(t.image)) return push(t, 'keyword');
      return;
    }
    if (OPERATORS.has(kind.name) || kind.CATEGORIES?.some((c) => c.name === 'BinaryOperator')) {
      return push(t, 'operator', kind.name === 'Prime' ? ['modification'] : []);
    }
  });
  return out.sort((x, y) => x.offset - y.offset);
}

/**
 * The encoded tokens of a version (what the LSP request answers). Parsed by chunk, each chunk's
 * part is encoded on its own (positions from the chunk's start: a chunk starts a line, so only
 * its first token's line delta depends on where it is) and kept while its tree and what its
 * names resolve to are unchanged: a keystroke encodes one declaration's tokens, not the file's.
 */
export function semanticTokensData(a: DocumentAnalysis): number[] {
  if (!a.chunks) return encode(a, semanticTokens(a));
  const model = a.analysis.model;
  const all = model.occurrences;
  const order = occurrenceOrder(model);
  const kindOf = (n: string) => model.declarations.get(n)?.kind;
  const data: number[] = [];
  let next = 0;
  let lastLine = 0;
  for (const c of a.chunks) {
    const end = c.start + c.text.length;
    while (next < order.length && all[order[next]].span.start < c.start) next++;
    const from = next;
    while (next < order.length && all[order[next]].span.start < end) next++;
    // What the chunk's tokens read beyond its tree: each occurrence's place, whether it is a
    // declaration, and the kind of what it names; compared with the kept part without building a key.
    const kindAt = (j: number) => {
      const t = all[order[j]].target;
      return t.kind === 'declaration' ? kindOf(t.name) : t.kind;
    };
    let part = CHUNK_TOKENS.get(c.local);
    let same = part !== undefined && part.inputs.length === 3 * (next - from);
    for (let j = from, k = 0; same && j < next; j++, k += 3) {
      const o = all[order[j]];
      same = part!.inputs[k] === o.span.start - c.start && part!.inputs[k + 1] === o.declaration && part!.inputs[k + 2] === kindAt(j);
    }
    if (!same) {
      const occurrences = new Map<number, Occurrence>();
      const inputs: (number | boolean | string | undefined)[] = [];
      for (let j = from; j < next; j++) {
        const o = all[order[j]];
        // The last occurrence of one start wins, as in the whole file.
        occurrences.set(o.span.start - c.start, o);
        inputs.push(o.span.start - c.start, o.declaration, kindAt(j));
      }
      const formulas = c.local.file.declarations.flatMap((d) => (d.kind === 'ltl' ? [d.formula.span] : []));
      const encoded = encodeWith(new LineIndex(c.text), tokensOf(c.local.tokens, occurrences, formulas, kindOf));
      part = { inputs, data: encoded.data, firstLine: encoded.firstLine, lastLine: encoded.lastLine };
      CHUNK_TOKENS.set(c.local, part);
    }
    const p = part!;
    if (p.data.length === 0) continue;
    const at = data.length;
    for (let k = 0; k < p.data.length; k++) data.push(p.data[k]);
    data[at] = c.line + p.firstLine - lastLine;
    lastLine = c.line + p.lastLine;
  }
  return data;
}

/** Per chunk parse, its encoded tokens with what they were computed from (weak: a chunk no longer in the text is dropped). */
const CHUNK_TOKENS = new WeakMap<object, { readonly inputs: readonly (number | boolean | string | undefined)[]; readonly data: readonly number[]; readonly firstLine: number; readonly lastLine: number }>();

function typeOf(target: Target, kindOf: (name: string) => string | undefined): TokenType {
  if (target.kind === 'declaration') return DECLARATION_TOKEN[kindOf(target.name) ?? 'signal'] ?? 'variable';
  return DECLARATION_TOKEN[target.kind];
}

/** The LSP encoding: five numbers per token, positions relative to the previous token. */
export function encode(a: DocumentAnalysis, tokens: readonly Token[]): number[] {
  return encodeWith(a.lines, tokens).data;
}

function encodeWith(lines: LineIndex, tokens: readonly Token[]): { data: number[]; firstLine: number; lastLine: number } {
  const data: number[] = [];
  let line = 0;
  let char = 0;
  let firstLine = 0;
  for (const t of tokens) {
    const p = lines.position(t.offset);
    if (data.length === 0) firstLine = p.line;
    data.push(p.line - line, p.line === line ? p.character - char : p.character, t.length, TYPES.indexOf(t.type), t.modifiers.reduce((m, x) => m | (1 << MODIFIERS.indexOf(x)), 0));
    line = p.line;
    char = p.character;
  }
  return { data, firstLine, lastLine: line };
}

/** One edit from `before` to `after`: the differing middle, found by common prefix and suffix (in whole tokens). */
export function diff(before: readonly number[], after: readonly number[]): SemanticTokensEdit[] {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  start -= start % 5;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  end -= end % 5;
  if (start === before.length && start === after.length) return [];
  return [{ start, deleteCount: before.length - start - end, data: after.slice(start, after.length - end) }];
}

/** The last tokens sent per document, so that a delta request can be answered. */
export class SemanticTokensCache {
  private readonly last = new Map<string, { readonly id: string; readonly data: readonly number[] }>();
  private counter = 0;

  full(uri: string, data: number[]): SemanticTokens {
    const resultId = String(++this.counter);
    this.last.set(uri, { id: resultId, data });
    return { resultId, data };
  }

  delta(uri: string, previousResultId: string, data: number[]): SemanticTokens | SemanticTokensDelta {
    const prior = this.last.get(uri);
    if (!prior || prior.id !== previousResultId) return this.full(uri, data);
    const resultId = String(++this.counter);
    this.last.set(uri, { id: resultId, data });
    return { resultId, edits: diff(prior.data, data) };
  }

  forget(uri: string): void {
    this.last.delete(uri);
  }
}
