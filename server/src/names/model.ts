import type { Span } from '../base/span';
import type * as A from '../syntax/ast';

// The checked model: the syntax tree with every name resolved and every expression typed.
// Analyses, the evaluator, the export and the language server all read this, never raw text.

export type Type =
  | { readonly kind: 'number' }
  | { readonly kind: 'bool' }
  | { readonly kind: 'enum'; readonly owner: string; readonly members: readonly string[] }
  /** LANGUAGE.md section 10: N numbers (or, from comparisons, N booleans); vectors do not nest. */
  | { readonly kind: 'vector'; readonly length: number; readonly element: 'number' | 'bool' }
  | { readonly kind: 'error' };

export const NUMBER: Type = { kind: 'number' };
export const BOOL: Type = { kind: 'bool' };
export const ERROR: Type = { kind: 'error' };
export const vectorType = (length: number, element: 'number' | 'bool' = 'number'): Type => ({ kind: 'vector', length, element });
/** 0 for a scalar, N for a vector of N (the program's `Shape`). */
export const shapeOf = (t: Type): number => (t.kind === 'vector' ? t.length : 0);

/** What a name in the text stands for. */
export type Target =
  | { readonly kind: 'declaration'; readonly name: string }
  | { readonly kind: 'state'; readonly machine: string; readonly state: string }
  | { readonly kind: 'member'; readonly owner: string; readonly member: string }
  | { readonly kind: 'function'; readonly name: string };

/** One place where a name is written: its declaration or a use. The language server's
 *  definition, references, rename and highlights are queries over these. */
export interface Occurrence {
  readonly span: Span;
  readonly target: Target;
  readonly declaration: boolean;
}

export interface MachineTransition {
  readonly from: string;
  readonly to: string;
  readonly guard: A.Transition['guard'];
  readonly reward?: A.Expr;
  readonly statement: A.Transition;
  /** Index among the transitions written from `from` (first match wins in this order). */
  readonly order: number;
}

export interface MachineInfo {
  readonly decl: A.MachineDecl;
  readonly name: string;
  /** Every state, in order of first mention. */
  readonly states: readonly string[];
  /** The first mention of each state (its "declaration" for navigation). */
  readonly stateSpans: ReadonlyMap<string, Span>;
  readonly initial?: string;
  readonly terminals: ReadonlySet<string>;
  readonly transitions: readonly MachineTransition[];
}

/** What an expression reads, transitively through the declarations it names. */
export interface Reads {
  readonly current: boolean;
  readonly next: boolean;
  readonly action: boolean;
  /** Reads `prev(...)`: the previous step (LANGUAGE.md section 13). */
  readonly previous?: boolean;
}

export interface Model {
  readonly file: A.SpecFile;
  readonly discount?: number;
  readonly horizon?: number;
  readonly continuing: boolean;
  /** Every top-level declaration by name (the first one when a name is repeated). */
  readonly declarations: ReadonlyMap<string, A.NamedDeclaration>;
  readonly signals: readonly A.SignalDecl[];
  readonly actions: readonly A.SignalDecl[];
  readonly defs: readonly A.ExprDecl[];
  readonly props: readonly A.PropDecl[];
  readonly terms: readonly A.ExprDecl[];
  readonly potentials: readonly A.ExprDecl[];
  readonly machines: readonly MachineInfo[];
  readonly ltls: readonly A.LtlDecl[];
  readonly rewards: readonly A.RewardDecl[];
  readonly exclusive: readonly (readonly string[])[];
  /** The type of every expression node, and of every named declaration. */
  readonly typeOf: (e: A.Expr) => Type;
  readonly declType: (name: string) => Type;
  /** What a `name` expression node refers to (absent when undefined). */
  readonly targetOf: (e: A.Expr) => Target | undefined;
  readonly occurrences: readonly Occurrence[];
  /** What a declaration's body reads, transitively. */
  readonly reads: (name: string) => Reads;
  /** Declarations in an order where each comes after those it uses (cycles excluded). */
  readonly order: readonly string[];
}
