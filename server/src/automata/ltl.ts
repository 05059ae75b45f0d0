import { foldTree } from '../base/fold';

// LTLf formulas over numbered atoms. The parser's syntax tree is mapped onto this type elsewhere,
// so the automata code never depends on the parser.

export type Ltl =
  | { readonly kind: 'true' }
  | { readonly kind: 'false' }
  | { readonly kind: 'atom'; readonly atom: number } // atom index 0..n-1
  | { readonly kind: 'not'; readonly f: Ltl }
  | { readonly kind: 'and' | 'or' | 'implies' | 'iff'; readonly l: Ltl; readonly r: Ltl }
  | { readonly kind: 'next' | 'weakNext'; readonly f: Ltl }
  | { readonly kind: 'eventually' | 'always'; readonly f: Ltl; readonly bound?: readonly [number, number] }
  | { readonly kind: 'until' | 'release' | 'weakUntil'; readonly l: Ltl; readonly r: Ltl };

/** Largest number of atoms an automaton may have: letters are tabulated, 2^atoms per state. */
export const MAX_ATOMS = 16;

/**
 * Why `f` cannot be compiled over `atoms` atoms, or undefined when it can. The caller maps the
 * message onto a source position; `ltlToDfa` throws a RangeError with this message otherwise.
 */
export function ltlProblem(f: Ltl, atoms: number): string | undefined {
  if (!Number.isInteger(atoms) || atoms < 0 || atoms > MAX_ATOMS) {
    return `the number of atoms must be an integer from 0 to ${MAX_ATOMS}, got ${atoms}`;
  }
  // An explicit stack: formulas nested a thousand deep must not overflow the call stack here.
  const todo: Ltl[] = [f];
  while (todo.length > 0) {
    const g = todo.pop()!;
    switch (g.kind) {
      case 'true':
      case 'false':
        break;
      case 'atom':
        if (!Number.isInteger(g.atom) || g.atom < 0 || g.atom >= atoms) {
          return `atom index ${g.atom} is out of range: expected an integer from 0 to ${atoms - 1}`;
        }
        break;
      case 'not':
      case 'next':
      case 'weakNext':
        todo.push(g.f);
        break;
      case 'eventually':
      case 'always':
        if (g.bound !== undefined) {
          const [a, b] = g.bound;
          if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b < 0) {
            return `the bound [${a}, ${b}] of ${g.kind === 'eventually' ? 'F' : 'G'} must be two non-negative integers (steps)`;
          }
        }
        todo.push(g.f);
        break;
      default:
        todo.push(g.l, g.r);
    }
  }
  return undefined;
}

const NO_SUBFORMULAS: readonly Ltl[] = [];

/** The direct subformulas of `f`, in order. */
export function subformulas(f: Ltl): readonly Ltl[] {
  switch (f.kind) {
    case 'true':
    case 'false':
    case 'atom':
      return NO_SUBFORMULAS;
    case 'not':
    case 'next':
    case 'weakNext':
    case 'eventually':
    case 'always':
      return [f.f];
    default:
      return [f.l, f.r];
  }
}

/**
 * Computes a value for every subformula from its subformulas' values (post-order), with a
 * stack of its own: a formula is as long as the expression it came from (`F (g && g && ...)`
 * with 100,000 operands is a tree that deep), so no pass over formulas recurses on its shape.
 */
export function foldLtl<R>(root: Ltl, leave: (f: Ltl, kids: readonly R[]) => R): R {
  return foldTree(root, subformulas, leave);
}
