import type { Span } from '../base/span';

// The syntax tree: what the user wrote, with exact spans, nothing resolved. Immutable.
// Parsing never fails: a construct that could not be read becomes an `error` expression or
// a declaration with missing parts, next to a syntax-error diagnostic.

export interface Ident {
  readonly text: string;
  readonly span: Span;
}

export type BinaryOp =
  | '<->' | '->' | '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>='
  | '+' | '-' | '*' | '/' | '%' | '^';

export type TemporalOp = 'X' | 'WX' | 'F' | 'G';
export type TemporalBinaryOp = 'U' | 'R' | 'W';

/**
 * The bounds of a slice `[a:b]` or `[a:b:s]`, as written: signed whole-number literals (the
 * checker judges them: out of range, not whole, a step below 1 are `type-mismatch`). An
 * omitted part is absent and means what it means in Python: `start` 0, `end` the length,
 * `step` 1 (`v[2:]`, `v[:3]`, `v[::2]`); see `sliceIndices`. The span covers `[` to `]`.
 */
export interface SliceBounds {
  readonly start?: number;
  readonly end?: number;
  readonly step?: number;
  readonly span: Span;
}

/**
 * Expressions (LANGUAGE.md sections 3, 5, 10 and 13).
 *
 * Version 2 adds, with no change to the version-1 kinds:
 * - `index` `v[i]` and `slice` `v[a:b:s]`, postfix on any operand, primes included: `q'[2]` is
 *   an `index` whose target is the primed `name`; `(u - v)[0:2]` a `slice` of a `paren`.
 *   `q[2]'` is a syntax-error (the prime belongs to the name). The index is a signed
 *   whole-number literal as written (`v[-1]` parses; the checker refuses it).
 * - `vector` `[e1, e2, ...]`, a vector literal (at least one element).
 * - `prev` `prev(NAME)`: a node of its own, not a `call`, since its argument is a name, not a
 *   value; `prev` is the function only before `(` (a declaration may be named `prev`). Its
 *   argument is one unprimed name: anything else is a syntax-error that says what to write.
 * - `pi` and the new functions (`sin`, ..., `atan2`, `mod`, `sum`, `norm`, ...) need no node:
 *   `pi` is a `name`, the functions are `call`s; the checker knows them.
 */
export type Expr =
  | { readonly kind: 'number'; readonly value: number; readonly text: string; readonly span: Span }
  | { readonly kind: 'bool'; readonly value: boolean; readonly span: Span }
  | { readonly kind: 'name'; readonly name: Ident; readonly primed: boolean; readonly span: Span }
  | { readonly kind: 'unary'; readonly op: '!' | '-'; readonly operand: Expr; readonly span: Span }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly span: Span; readonly opSpan: Span }
  | { readonly kind: 'conditional'; readonly form: '?' | 'if'; readonly test: Expr; readonly then: Expr; readonly else: Expr; readonly span: Span }
  | { readonly kind: 'call'; readonly callee: Ident; readonly args: readonly Expr[]; readonly span: Span }
  | { readonly kind: 'paren'; readonly inner: Expr; readonly span: Span }
  | { readonly kind: 'temporal'; readonly op: TemporalOp; readonly bound?: readonly [number, number]; readonly operand: Expr; readonly span: Span; readonly opSpan: Span }
  | { readonly kind: 'temporalBinary'; readonly op: TemporalBinaryOp; readonly left: Expr; readonly right: Expr; readonly span: Span; readonly opSpan: Span }
  | { readonly kind: 'index'; readonly target: Expr; readonly index: number; readonly indexText: string; readonly indexSpan: Span; readonly span: Span }
  | { readonly kind: 'slice'; readonly target: Expr; readonly bounds: SliceBounds; readonly span: Span }
  | { readonly kind: 'vector'; readonly elements: readonly Expr[]; readonly span: Span }
  | { readonly kind: 'prev'; readonly name: Ident; readonly span: Span }
  | { readonly kind: 'error'; readonly span: Span };

export type ExprKind = Expr['kind'];

/**
 * Types as written. `vector[N]` (version 2): `length` is the literal N as a number (the
 * checker enforces `1 <= N <= 10000`, whole); `lengthSpan` is the span of N; `span` covers
 * `vector` to `]`. `vector` is a type word only here: a name `vector` is fine elsewhere.
 */
export type TypeNode =
  | { readonly kind: 'number' | 'int' | 'bool'; readonly span: Span }
  | { readonly kind: 'enum'; readonly members: readonly Ident[]; readonly span: Span }
  | { readonly kind: 'vector'; readonly length: number; readonly lengthSpan: Span; readonly span: Span };

/**
 * A path into a step record: `obs[0]`, `info.room`, `obs.pos[2]`. Version 2: a path may end
 * with one slice, `obs[15:29]`, `obs[0:30:2]` (`slice`; `segments` then hold the path up to
 * the sliced array, and `text` the whole path as written). An omitted slice end reads as many
 * elements as the declared vector length needs (`start + N * step`).
 */
export interface SourcePath {
  readonly text: string;
  readonly segments: readonly (string | number)[];
  readonly slice?: SliceBounds;
  readonly span: Span;
}

/**
 * The literal after `default` on a signal or action (version 2): a signed number, `true` or
 * `false`, an enum member's name, or a vector literal of signed numbers. Whether it fits the
 * declared type is the checker's (a number for a vector means every element; an enum member
 * may also be given by its index).
 */
export type DefaultLiteral =
  | { readonly kind: 'number'; readonly value: number; readonly text: string; readonly span: Span }
  | { readonly kind: 'bool'; readonly value: boolean; readonly span: Span }
  | { readonly kind: 'member'; readonly name: Ident; readonly span: Span }
  | { readonly kind: 'vector'; readonly elements: readonly { readonly value: number; readonly text: string; readonly span: Span }[]; readonly span: Span };

interface DeclBase {
  readonly span: Span;
  /** The text of `///` or `/** *\/` comments right above the declaration. */
  readonly doc?: string;
}

export interface SignalDecl extends DeclBase {
  readonly kind: 'signal' | 'action';
  readonly name: Ident;
  readonly type?: TypeNode;
  readonly range?: { readonly lo: number; readonly hi: number; readonly span: Span };
  readonly source?: SourcePath;
  /** `default LITERAL` after the source path (version 2); `defaultSpan` is the keyword's. */
  readonly default?: DefaultLiteral;
  readonly defaultSpan?: Span;
}

export interface ExprDecl extends DeclBase {
  readonly kind: 'def' | 'term' | 'potential';
  readonly name: Ident;
  readonly body: Expr;
}

export interface PropDecl extends DeclBase {
  readonly kind: 'prop';
  readonly name: Ident;
  readonly body?: Expr;
}

export interface Transition {
  readonly kind: 'transition';
  readonly from: readonly Ident[];
  readonly to: Ident;
  /** `otherwise`, or a boolean expression; a transition written without `when` has guard `true`. */
  readonly guard: Expr | { readonly kind: 'otherwise'; readonly span: Span };
  readonly reward?: Expr;
  readonly span: Span;
}

export type MachineStatement =
  | { readonly kind: 'initial'; readonly state: Ident; readonly span: Span }
  | { readonly kind: 'terminal'; readonly states: readonly Ident[]; readonly span: Span }
  | Transition;

export interface MachineDecl extends DeclBase {
  readonly kind: 'machine';
  readonly name: Ident;
  readonly statements: readonly MachineStatement[];
}

export interface LtlDecl extends DeclBase {
  readonly kind: 'ltl';
  readonly name: Ident;
  readonly formula: Expr;
  readonly accept?: Expr;
  readonly reject?: Expr;
}

/**
 * A bound of `clip [lo, hi]`: a signed number, or `inf` / `-inf` / `+inf` (value +-Infinity).
 * `text` is the bound as written (`-inf`, `0`).
 */
export interface ClipBound {
  readonly value: number;
  readonly text: string;
  readonly span: Span;
}

/**
 * What a reward item is (LANGUAGE.md sections 6 and 13). Version 2 makes an item any numeric
 * expression, optionally after `+`; the parser reads it as an expression and then gives it the
 * most specific version-1 shape it has, so that every version-1 item keeps its meaning and
 * every pass that reads the version-1 shapes keeps working:
 * - a number, or a signed one (`-0.01`, `+2`): `const`;
 * - a name alone: `ref` without weight;
 * - a name times a signed number literal, on either side, or a negated name (`0.1 * progress`,
 *   `deliver * 0.5`, `-ctrl`, `-2 * deliver`): `ref` with that weight (`-x` has weight -1).
 *   This is the only place a machine or `ltl` name may stand in an item (section 13);
 * - a signed number literal times a parenthesised expression (`0.1 * (a - b)`), or a
 *   parenthesised expression alone: `expr` with that weight (none for the latter) and the
 *   expression inside the parentheses;
 * - any other expression (`0.5 * max(0, x)`, `-0.1 * sum(a^2)`, `dist - dist'`, `x * y`):
 *   `expr` without weight, `expr` the whole expression;
 * - `shaping NAME [discount g]`: `shaping`;
 * - `clip [lo, hi]`: `clip` (a line of the block, never `task`);
 * - `replace EXPR when COND`: `replace` (always a task item; `task replace` is refused).
 * A leading `+` is dropped from the tree but kept in the label (the key as written).
 */
export type ItemBody =
  | { readonly kind: 'ref'; readonly weight?: number; readonly name: Ident }
  | { readonly kind: 'expr'; readonly weight?: number; readonly expr: Expr }
  | { readonly kind: 'const'; readonly value: number }
  | { readonly kind: 'shaping'; readonly name: Ident; readonly discount?: number; readonly discountSpan?: Span }
  | { readonly kind: 'clip'; readonly lo: ClipBound; readonly hi: ClipBound }
  | { readonly kind: 'replace'; readonly value: Expr; readonly when: Expr; readonly whenSpan: Span };

export interface RewardItem {
  readonly task: boolean;
  readonly body: ItemBody;
  /** The item as written without `task`, whitespace collapsed: the component key of LANGUAGE.md section 8. */
  readonly label: string;
  readonly span: Span;
}

export interface RewardDecl extends DeclBase {
  readonly kind: 'reward';
  readonly name: Ident;
  readonly items: readonly RewardItem[];
}

export type Declaration =
  | (DeclBase & { readonly kind: 'discount'; readonly value?: number; readonly valueSpan?: Span })
  | (DeclBase & { readonly kind: 'horizon'; readonly value?: number; readonly valueSpan?: Span })
  | (DeclBase & { readonly kind: 'continuing' })
  | SignalDecl
  | ExprDecl
  | PropDecl
  | (DeclBase & { readonly kind: 'exclusive'; readonly names: readonly Ident[] })
  | MachineDecl
  | LtlDecl
  | RewardDecl;

export type NamedDeclaration = Extract<Declaration, { readonly name: Ident }>;

export interface Comment {
  readonly text: string;
  readonly span: Span;
  readonly doc: boolean;
  readonly block: boolean;
}

export interface SpecFile {
  readonly declarations: readonly Declaration[];
  readonly comments: readonly Comment[];
  readonly text: string;
}

/**
 * The element indexes a slice selects from `length` elements, Python's way (omitted parts
 * default to 0, `length`, 1), or why it cannot: a step below 1, bounds that are not whole
 * numbers, bounds outside `[0, length]` (a slice reads only existing elements). Shared by the
 * checker and every backend, so that a slice means one thing.
 */
export function sliceIndices(bounds: Pick<SliceBounds, 'start' | 'end' | 'step'>, length: number): { readonly indexes: readonly number[] } | { readonly error: string } {
  const start = bounds.start ?? 0;
  const end = bounds.end ?? length;
  const step = bounds.step ?? 1;
  if (![start, end, step].every(Number.isInteger)) return { error: 'slice bounds and step must be whole numbers' };
  if (step < 1) return { error: `the step ${step} must be at least 1` };
  if (start < 0 || start > length) return { error: `the start ${start} is outside [0, ${length}]` };
  if (end < start || end > length) return { error: `the end ${end} is outside [${start}, ${length}]` };
  const indexes: number[] = [];
  for (let i = start; i < end; i += step) indexes.push(i);
  return { indexes };
}

export const isNamed = (d: Declaration): d is NamedDeclaration => 'name' in d && d.name !== undefined;
