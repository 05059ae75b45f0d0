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
  | { readonly kind: 'error'; readonly span: Span };

export type TypeNode =
  | { readonly kind: 'number' | 'int' | 'bool'; readonly span: Span }
  | { readonly kind: 'enum'; readonly members: readonly Ident[]; readonly span: Span };

export interface SourcePath {
  readonly text: string;
  readonly segments: readonly (string | number)[];
  readonly span: Span;
}

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

export type ItemBody =
  | { readonly kind: 'ref'; readonly weight?: number; readonly name: Ident }
  | { readonly kind: 'expr'; readonly weight?: number; readonly expr: Expr }
  | { readonly kind: 'const'; readonly value: number }
  | { readonly kind: 'shaping'; readonly name: Ident; readonly discount?: number; readonly discountSpan?: Span };

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

export const isNamed = (d: Declaration): d is NamedDeclaration => 'name' in d && d.name !== undefined;
