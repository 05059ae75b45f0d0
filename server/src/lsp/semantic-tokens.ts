import type { SemanticTokens, SemanticTokensDelta, SemanticTokensEdit, SemanticTokensLegend } from 'vscode-languageserver';
import type { IToken } from 'chevrotain';
import type { Occurrence, Target } from '../names/model';
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
  const inFormula = (o: number) => formulas.some((s) => o >= s.start && o < s.end);
  // The parse's own tokens (the lexer runs once per version), declaration words retyped to
  // names where they are names.
  const tokens = a.analysis.parsed.tokens;
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
        if (o.target.kind === 'declaration' && model.declarations.get(o.target.name)?.kind === 'signal') mods.push('readonly');
        return push(t, typeOf(o.target, (n) => model.declarations.get(n)?.kind), mods);
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

function typeOf(target: Target, kindOf: (name: string) => string | undefined): TokenType {
  if (target.kind === 'declaration') return DECLARATION_TOKEN[kindOf(target.name) ?? 'signal'] ?? 'variable';
  return DECLARATION_TOKEN[target.kind];
}

/** The LSP encoding: five numbers per token, positions relative to the previous token. */
export function encode(a: DocumentAnalysis, tokens: readonly Token[]): number[] {
  const data: number[] = [];
  let line = 0;
  let char = 0;
  for (const t of tokens) {
    const p = a.lines.position(t.offset);
    data.push(p.line - line, p.line === line ? p.character - char : p.character, t.length, TYPES.indexOf(t.type), t.modifiers.reduce((m, x) => m | (1 << MODIFIERS.indexOf(x)), 0));
    line = p.line;
    char = p.character;
  }
  return data;
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
