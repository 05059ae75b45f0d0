import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type CompletionList, type Range } from 'vscode-languageserver';
import type { IToken } from 'chevrotain';
import type { LineIndex } from '../base/line-index';
import type { Span } from '../base/span';
import type { Type } from '../names/model';
import { FUNCTIONS } from '../names/functions';
import type * as A from '../syntax/ast';
import { cursorContext, type CursorContext } from './cursor-context';
import { showType } from './hover';
import type { TrajectoryFields } from './trajectory-fields';
import type { DocumentAnalysis } from './workspace-analysis';
import SNIPPETS from '../../../snippets/reward.json';

// Completion by context (LANGUAGE.md sections 2 to 6): what may be written where the cursor is.

/**
 * What completion reads: the current text, and the names of the last analysis seen through it.
 * A checked model is one (`fromAnalysis`); so is the plain-data copy the analysis thread of a
 * large document sends after each version (completion-facts.ts), from which the server's own
 * thread answers without waiting for that thread.
 */
export interface CompletionSource {
  readonly text: string;
  readonly lines: LineIndex;
  readonly comments: readonly { readonly span: Span; readonly block: boolean; readonly text: string }[];
  readonly names: Names;
}

/** The part of a checked model completion reads (a Model is one). */
export interface Names {
  /** Every declared name, the first declaration of a repeated one. */
  readonly declarations: ReadonlyMap<string, { readonly kind: A.NamedDeclaration['kind']; readonly name: { readonly text: string }; readonly doc?: string }>;
  declType(name: string): Type;
  readonly machines: readonly { readonly name: string; readonly decl: { readonly name: { readonly text: string } }; readonly states: readonly string[]; readonly initial?: string; readonly terminals: ReadonlySet<string> }[];
}

export const fromAnalysis = (a: DocumentAnalysis): CompletionSource => ({ text: a.analysis.text, lines: a.lines, comments: a.analysis.parsed.file.comments, names: a.analysis.model });

export interface CompletionOptions {
  readonly snippets: boolean;
  /** Fields of the configured trajectory, for source paths; read only when a source path is wanted. */
  readonly fields: () => Promise<TrajectoryFields>;
}

const DECLARATIONS: readonly [string, string][] = [
  ['discount', 'discount GAMMA: the discount factor, in (0, 1]'],
  ['horizon', 'horizon STEPS: an episodic task of at most STEPS steps'],
  ['continuing', 'continuing: no episode end is assumed'],
  ['signal', 'signal NAME: TYPE [in [lo, hi]] [= PATH]: a state signal'],
  ['action', 'action NAME: TYPE [= PATH]: an action signal'],
  ['def', 'def NAME = EXPR: a state function'],
  ['prop', 'prop NAME [= EXPR]: a proposition (without a body: an external label)'],
  ['exclusive', 'exclusive P, Q, ...: at most one of these props holds at any step'],
  ['term', "term NAME = EXPR: a transition term R(s, a, s')"],
  ['potential', 'potential NAME = EXPR: a potential for shaping'],
  ['machine', 'machine NAME { ... }: a reward machine'],
  ['ltl', 'ltl NAME = FORMULA [accept EXPR] [reject EXPR]: a temporal formula'],
  ['reward', 'reward NAME { ITEM ... }: a reward, the weighted sum of its items'],
];

const TEMPORAL: readonly [string, string][] = [
  ['X', 'strong next'], ['WX', 'weak next'], ['F', 'eventually'], ['G', 'always'],
  ['U', 'until'], ['R', 'release'], ['W', 'weak until'],
];

const KIND: Record<string, CompletionItemKind> = {
  signal: CompletionItemKind.Variable,
  action: CompletionItemKind.Variable,
  def: CompletionItemKind.Function,
  prop: CompletionItemKind.Event,
  term: CompletionItemKind.Method,
  potential: CompletionItemKind.Property,
  machine: CompletionItemKind.Class,
  ltl: CompletionItemKind.Interface,
  reward: CompletionItemKind.Module,
};

/**
 * Above this many declared names, only the candidates that match the word typed so far are sent
 * (its letters in order, ignoring case: every label an editor's fuzzy filter would show for that
 * word), marked incomplete so that the editor asks again as the word changes. A spec of
 * thousands of names would otherwise send hundreds of kilobytes on every keystroke.
 */
export const FILTER_ABOVE = 200;

/** Whether a candidate's label may be shown for the word typed so far. */
type Match = (label: string) => boolean;
const ANY: Match = () => true;

export async function completion(a: CompletionSource, offset: number, options: CompletionOptions): Promise<CompletionItem[] | CompletionList> {
  if (inComment(a.comments, offset)) return [];
  const ctx = cursorContext(a.text, offset);
  const model = a.names;
  if (ctx.word === '' || model.declarations.size <= FILTER_ABOVE) return candidates(a, ctx, offset, options, ANY);
  const match = subsequenceOf(ctx.word);
  const items = await candidates(a, ctx, offset, options, match);
  return { isIncomplete: true, items: items.filter((i) => match(i.filterText ?? i.label)) };
}

/** Whether the letters of `word` occur in a label in order, ignoring case. */
function subsequenceOf(word: string): Match {
  const w = word.toLowerCase();
  return (label) => {
    const l = label.toLowerCase();
    let i = 0;
    for (let j = 0; j < l.length && i < w.length; j++) if (l.charCodeAt(j) === w.charCodeAt(i)) i++;
    return i === w.length;
  };
}

async function candidates(a: CompletionSource, ctx: CursorContext, offset: number, options: CompletionOptions, match: Match): Promise<CompletionItem[]> {
  const model = a.names;
  const range = a.lines.range({ start: ctx.wordStart, end: offset });
  const st = ctx.statement;
  const prev = st[st.length - 1];

  if (ctx.inBlock && ctx.declaration === 'machine') return machineCompletion(model, ctx, options, range, match);
  if (ctx.inBlock && ctx.declaration === 'reward') return rewardCompletion(model, ctx, options, range, match);
  if (st.length === 0) return [...DECLARATIONS.map(([word, detail]) => keyword(word, detail, range)), ...(options.snippets ? declarationSnippets(range) : [])];

  switch (ctx.declaration) {
    case 'signal':
    case 'action': {
      if (prev?.image === ':') return ['number', 'int', 'bool'].map((w) => keyword(w, 'type', range)).concat(enumType(options, range));
      const eq = st.findIndex((t) => t.image === '=');
      if (eq >= 0) return sourcePaths(a, st[eq], offset, options);
      return [];
    }
    case 'exclusive':
      return names(model, ['prop'], range, match);
    case 'ltl':
      if (!st.some((t) => t.image === '=')) return [];
      if (prev && /^(accept|reject)$/.test(prev.image)) return expression(model, ctx, options, range, match);
      return [...names(model, ['prop'], range, match), ...TEMPORAL.map(([w, d]) => keyword(w, d, range, CompletionItemKind.Operator)), keyword('true', 'bool', range), keyword('false', 'bool', range), keyword('accept', 'value when the formula is decided true', range), keyword('reject', 'value when it is decided false', range)];
    case 'def':
    case 'prop':
    case 'term':
    case 'potential':
      return st.some((t) => t.image === '=') ? expression(model, ctx, options, range, match) : [];
    default:
      return [];
  }
}

function machineCompletion(model: Names, ctx: CursorContext, options: CompletionOptions, range: Range, match: Match): CompletionItem[] {
  const st = ctx.statement;
  const prev = st[st.length - 1];
  const states = statesOf(model, ctx.declarationName, range);
  if (st.length === 0) return [keyword('initial', 'the initial state', range), keyword('terminal', 'terminal states', range), ...states];
  const arrow = st.findIndex((t) => t.image === '->');
  const first = st[0].image;
  if (first === 'initial' && st.length === 1) return states;
  if (first === 'terminal' && (st.length === 1 || prev.image === ',')) return states;
  if (arrow < 0 && prev.image === ',') return states;
  if (prev.image === '->' && !st.slice(0, -1).some((t) => t.image === 'when')) return states;
  if (arrow >= 0 && st.length === arrow + 2) return [keyword('when', 'the guard of the transition', range)];
  const when = st.findIndex((t) => t.image === 'when');
  if (when < 0) return [];
  const rewardAt = st.findIndex((t, i) => i > when && t.image === 'reward' && ctx.groupDepth === 0);
  if (rewardAt >= 0) return expression(model, ctx, options, range, match);
  // A guard is a condition: where one starts (after `when`, `&&`, `||`, `!`, `(`), the names
  // that hold or not; numbers only as operands of a comparison or arithmetic.
  if (prev.image === 'when') return [...guards(model, range, match), keyword('otherwise', 'holds when no other guard of the state holds', range)];
  if (GUARD_START.has(prev.image)) return guards(model, range, match);
  return [...expression(model, ctx, options, range, match), keyword('reward', 'the reward of the transition', range)];
}

const GUARD_START = new Set(['&&', '||', '!', '(', '->', '<->', 'then', 'else', '?', ':']);

/** What may start a guard: props and boolean names, `true`, `false`, `if`. */
function guards(model: Names, range: Range, match: Match): CompletionItem[] {
  const bool = declared(model, match).filter((d) => d.kind === 'prop' || ((d.kind === 'signal' || d.kind === 'action' || d.kind === 'def') && model.declType(d.name.text).kind === 'bool'));
  return [...bool.map((d) => nameItem(model, d, range)), keyword('true', 'bool', range), keyword('false', 'bool', range), keyword('if', 'if C then A else B', range)];
}

/** The declaration snippets (snippets/reward.json), offered by the server only where a declaration may start. */
function declarationSnippets(range: Range): CompletionItem[] {
  return Object.entries(SNIPPETS as Record<string, { prefix: string | string[]; description: string; body: string[] }>).map(([name, s]) => ({
    label: Array.isArray(s.prefix) ? s.prefix[0] : s.prefix,
    kind: CompletionItemKind.Snippet,
    detail: name,
    documentation: s.description,
    textEdit: { range, newText: s.body.join('\n').replace(/\t/g, '  ') },
    insertTextFormat: InsertTextFormat.Snippet,
    sortText: `~${name}`,
  }));
}

function rewardCompletion(model: Names, ctx: CursorContext, options: CompletionOptions, range: Range, match: Match): CompletionItem[] {
  const st = ctx.statement;
  const prev = st[st.length - 1];
  if (ctx.groupDepth > 0) return expression(model, ctx, options, range, match);
  const items = itemNames(model, range, match);
  // What may start a numeric item besides a name: a function call, pi, prev, a conditional.
  const starts = [...functions(options, range), ...constants(model, ctx, options, range), keyword('if', 'if C then A else B', range)];
  if (st.length === 0) {
    return [
      keyword('task', 'marks an item as part of the task objective', range),
      keyword('shaping', 'potential-based shaping by a potential or a machine', range),
      keyword('clip', 'clip [lo, hi]: clips the sum of the items above', range),
      keyword('replace', 'replace EXPR when COND: the step pays EXPR when COND holds', range),
      ...items,
      ...starts,
    ];
  }
  if (prev.image === 'task' && st.length === 1) return [keyword('shaping', 'potential-based shaping', range), ...items, ...starts];
  if (prev.image === 'shaping') return names(model, ['potential', 'machine'], range, match);
  // A weight times a name: machines and formulas may be weighted too (`0.5 * deliver`).
  const weight = st.length >= 2 && prev.image === '*' && st[st.length - 2].tokenType.name === 'NumberLit' && (st.length === 2 || (st.length === 3 && (st[0].image === '-' || st[0].image === '+')));
  if (weight) return [...items, ...starts];
  const shaping = st.findIndex((t) => t.image === 'shaping');
  if (shaping >= 0 && st.length === shaping + 2) return [keyword('discount', 'the discount of machine shaping', range)];
  if (st[0].image === 'clip' || endsOperand(prev)) return [];
  // Inside an item's expression (after an operator, `replace`, `when`, `then`, ...): what a term body may read.
  return expression(model, ctx, options, range, match);
}

/** Whether a token ends an operand, so that what follows is an operator, not a name. */
function endsOperand(t: IToken): boolean {
  const type = t.tokenType.name;
  const word = type === 'Identifier' && !['replace', 'when', 'task', 'if', 'then', 'else'].includes(t.image);
  return word || type === 'NumberLit' || type === 'RParen' || type === 'RBracket' || type === 'Prime' || type === 'True' || type === 'False';
}

function expression(model: Names, ctx: CursorContext, options: CompletionOptions, range: Range, match: Match): CompletionItem[] {
  const st = ctx.statement;
  const prev = st[st.length - 1];
  if (prev && (prev.image === '==' || prev.image === '!=')) {
    const members = enumMembersBefore(model, st.slice(0, -1), range);
    if (members.length) return members;
  }
  const allowed = ctx.declaration === 'def' || ctx.declaration === 'potential' ? ['signal', 'def'] : ['signal', 'action', 'def', 'prop', 'term', 'potential'];
  const own = ctx.declarationName;
  return [
    ...names(model, allowed, range, match).filter((i) => i.label !== own),
    ...functions(options, range),
    keyword('true', 'bool', range),
    keyword('false', 'bool', range),
    keyword('if', 'if C then A else B', range),
    ...constants(model, ctx, options, range),
  ];
}

/**
 * LANGUAGE.md section 13: `pi` wherever no declaration takes the name; `prev` where the
 * previous step may be read (not in defs, potentials or props).
 */
function constants(model: Names, ctx: CursorContext, options: CompletionOptions, range: Range): CompletionItem[] {
  return [
    ...(model.declarations.has('pi') ? [] : [keyword('pi', 'the constant 3.14159...', range, CompletionItemKind.Constant)]),
    ...(ctx.declaration === 'def' || ctx.declaration === 'potential' || ctx.declaration === 'prop' ? [] : [prevItem(options, range)]),
  ];
}

function prevItem(options: CompletionOptions, range: Range): CompletionItem {
  return {
    label: 'prev',
    kind: CompletionItemKind.Function,
    detail: 'prev(NAME)',
    documentation: 'The value of a signal, action, def or term one step earlier (its default, else 0, on the first step).',
    textEdit: { range, newText: options.snippets ? 'prev($1)$0' : 'prev' },
    insertTextFormat: options.snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    sortText: '~prev',
  };
}

/** The members of the enum compared with, when the operand before `==` is an enum name. */
function enumMembersBefore(model: Names, before: readonly IToken[], range: Range): CompletionItem[] {
  let i = before.length - 1;
  if (before[i]?.image === "'") i--;
  const name = before[i];
  if (!name || name.tokenType.name !== 'Identifier') return [];
  const t = model.declType(name.image);
  if (t.kind !== 'enum') return [];
  return t.members.map((m, index) => ({
    label: m,
    kind: CompletionItemKind.EnumMember,
    detail: `member of enum ${t.owner} (index ${index})`,
    textEdit: { range, newText: m },
    sortText: String(index).padStart(4, '0'),
  }));
}

function statesOf(model: Names, machine: string | undefined, range: Range): CompletionItem[] {
  const m = model.machines.find((x) => x.name === machine) ?? model.machines.find((x) => x.decl.name.text === machine);
  if (!m) return [];
  return m.states.map((s) => ({
    label: s,
    kind: CompletionItemKind.EnumMember,
    detail: `state of ${m.name}${s === m.initial ? ' (initial)' : ''}${m.terminals.has(s) ? ' (terminal)' : ''}`,
    textEdit: { range, newText: s },
  }));
}

function itemNames(model: Names, range: Range, match: Match): CompletionItem[] {
  const numeric = (d: Declared) => (d.kind === 'signal' || d.kind === 'action' || d.kind === 'def') && model.declType(d.name.text).kind === 'number';
  return declared(model, match)
    .filter((d) => d.kind === 'machine' || d.kind === 'ltl' || d.kind === 'term' || numeric(d))
    .map((d) => nameItem(model, d, range));
}

function names(model: Names, kinds: readonly string[], range: Range, match: Match): CompletionItem[] {
  return declared(model, match).filter((d) => kinds.includes(d.kind)).map((d) => nameItem(model, d, range));
}

type Declared = Names['declarations'] extends ReadonlyMap<string, infer D> ? D : never;

/** The declarations whose name may be shown (filtered before their items are built: there may be thousands). */
function declared(model: Names, match: Match): Declared[] {
  const out: Declared[] = [];
  for (const [name, d] of model.declarations) if (match(name)) out.push(d);
  return out;
}

function nameItem(model: Names, d: Declared, range: Range): CompletionItem {
  const type = d.kind === 'machine' || d.kind === 'ltl' || d.kind === 'reward' ? '' : `: ${showType(model.declType(d.name.text))}`;
  return {
    label: d.name.text,
    kind: KIND[d.kind],
    detail: `${d.kind}${type}`,
    documentation: d.doc ? { kind: MarkupKind.Markdown, value: d.doc } : undefined,
    textEdit: { range, newText: d.name.text },
  };
}

function functions(options: CompletionOptions, range: Range): CompletionItem[] {
  return [...FUNCTIONS].map(([name, f]) => ({
    label: name,
    kind: CompletionItemKind.Function,
    detail: f.signature,
    documentation: f.doc,
    textEdit: { range, newText: options.snippets ? `${name}($1)$0` : name },
    insertTextFormat: options.snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    sortText: `~${name}`,
  }));
}

function enumType(options: CompletionOptions, range: Range): CompletionItem[] {
  return [{
    label: 'enum',
    kind: CompletionItemKind.Keyword,
    detail: 'enum { a, b, ... }',
    textEdit: { range, newText: options.snippets ? 'enum { ${1:member} }' : 'enum' },
    insertTextFormat: options.snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
  }];
}

async function sourcePaths(a: CompletionSource, equals: IToken, offset: number, options: CompletionOptions): Promise<CompletionItem[]> {
  const { file, fields } = await options.fields();
  // The whole path typed so far is replaced, `.` and `[` included.
  let start = equals.startOffset + 1;
  while (start < offset && /\s/.test(a.text[start])) start++;
  const range = a.lines.range({ start, end: offset });
  return fields.map((f) => ({
    label: f.path,
    kind: CompletionItemKind.Field,
    detail: `${f.example}${file ? ` (in ${file.split(/[\\/]/).pop()})` : ''}`,
    filterText: f.path,
    textEdit: { range, newText: f.path },
  }));
}

function keyword(word: string, detail: string, range: Range, kind: CompletionItemKind = CompletionItemKind.Keyword): CompletionItem {
  return { label: word, kind, detail, textEdit: { range, newText: word } };
}

function inComment(comments: CompletionSource['comments'], offset: number): boolean {
  return comments.some((c) => offset > c.span.start && (c.block ? offset < c.span.end || !c.text.endsWith('*/') : offset <= c.span.end));
}

