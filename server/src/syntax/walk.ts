import { foldTree } from '../base/fold';
import type * as A from './ast';

// The one traversal of expressions (issue #12, points 3 and 5). Left-associative chains are
// unbounded (`x + x + ... + x`, 100,000 terms on one line, is a tree 100,000 deep), so no pass
// may recurse once per operand: every pass over expressions goes through these loops, which
// keep their own stacks on the heap. The kinds of expressions and their children are written
// down here once; a pass says what it does at a node, not how to reach the next one.

/** The direct subexpressions of `e`, in source order. */
export function children(e: A.Expr): readonly A.Expr[] {
  switch (e.kind) {
    case 'unary':
    case 'temporal':
      return [e.operand];
    case 'binary':
    case 'temporalBinary':
      return [e.left, e.right];
    case 'conditional':
      return [e.test, e.then, e.else];
    case 'call':
      return e.args;
    case 'paren':
      return [e.inner];
    case 'index':
    case 'slice':
      return [e.target];
    case 'vector':
      return e.elements;
    case 'number':
    case 'bool':
    case 'name':
    case 'prev':
    case 'error':
      return NONE;
  }
}
const NONE: readonly A.Expr[] = [];

/**
 * Visits `root` and every expression under it, parents before children, children in source
 * order. `enter` returning `false` skips the children of that node. `depth` is 0 at the root.
 */
export function walk(root: A.Expr, enter: (e: A.Expr, parent: A.Expr | undefined, depth: number) => boolean | void): void {
  const nodes: A.Expr[] = [root];
  const parents: (A.Expr | undefined)[] = [undefined];
  const depths: number[] = [0];
  while (nodes.length > 0) {
    const e = nodes.pop()!;
    const parent = parents.pop();
    const depth = depths.pop()!;
    if (enter(e, parent, depth) === false) continue;
    const kids = children(e);
    // Pushed in reverse, so that they are popped in source order.
    for (let i = kids.length - 1; i >= 0; i--) {
      nodes.push(kids[i]);
      parents.push(e);
      depths.push(depth + 1);
    }
  }
}

/**
 * Computes a value for every node from the values of its children (post-order), without
 * recursion: `leave(e, kids)` gets the children's values in source order. The classic shape of
 * an evaluator, a type checker or a bound computation.
 */
export function fold<R>(root: A.Expr, leave: (e: A.Expr, kids: readonly R[]) => R): R {
  return foldTree(root, children, leave);
}
const NO_VALUES: readonly never[] = [];

/**
 * Like `fold`, with a value handed down from parent to child first (`down(parent's value,
 * parent, child index)`): "inside a prime", "inside a guard", the precedence of the enclosing
 * operator. `leave` sees the node's own context.
 */
export function foldWith<C, R>(
  root: A.Expr,
  context: C,
  down: (context: C, parent: A.Expr, childIndex: number) => C,
  leave: (e: A.Expr, kids: readonly R[], context: C) => R,
): R {
  const exprs: A.Expr[] = [root];
  const contexts: C[] = [context];
  const kidLists: (readonly A.Expr[])[] = [children(root)];
  const next: number[] = [0];
  const results: R[] = [];
  while (exprs.length > 0) {
    const top = exprs.length - 1;
    const kids = kidLists[top];
    if (next[top] < kids.length) {
      const i = next[top]++;
      const k = kids[i];
      contexts.push(down(contexts[top], exprs[top], i));
      exprs.push(k);
      kidLists.push(children(k));
      next.push(0);
      continue;
    }
    const e = exprs.pop()!;
    const c = contexts.pop()!;
    kidLists.pop();
    next.pop();
    const values = kids.length === 0 ? (NO_VALUES as unknown as R[]) : results.splice(results.length - kids.length, kids.length);
    results.push(leave(e, values, c));
  }
  return results[0];
}

/** Where an expression stands in a declaration. */
export type ExprRole =
  | 'body' // def, term, potential, prop
  | 'formula' | 'accept' | 'reject' // ltl
  | 'guard' | 'transition-reward' // machine transitions
  | 'item' | 'replace-value' | 'replace-when'; // reward items

export interface RootExpr {
  readonly expr: A.Expr;
  readonly role: ExprRole;
  readonly declaration: A.Declaration;
}

/** The top-level expressions of one declaration, in source order. */
export function declarationExpressions(d: A.Declaration): RootExpr[] {
  const out: RootExpr[] = [];
  const add = (expr: A.Expr | undefined, role: ExprRole) => {
    if (expr) out.push({ expr, role, declaration: d });
  };
  switch (d.kind) {
    case 'def':
    case 'term':
    case 'potential':
      add(d.body, 'body');
      break;
    case 'prop':
      add(d.body, 'body');
      break;
    case 'ltl':
      add(d.formula, 'formula');
      add(d.accept, 'accept');
      add(d.reject, 'reject');
      break;
    case 'machine':
      for (const s of d.statements) {
        if (s.kind !== 'transition') continue;
        if (s.guard.kind !== 'otherwise') add(s.guard, 'guard');
        add(s.reward, 'transition-reward');
      }
      break;
    case 'reward':
      for (const it of d.items) {
        if (it.body.kind === 'expr') add(it.body.expr, 'item');
        else if (it.body.kind === 'replace') {
          add(it.body.value, 'replace-value');
          add(it.body.when, 'replace-when');
        }
      }
      break;
    default:
      break;
  }
  return out;
}

/** The top-level expressions of a file, in source order. */
export function fileExpressions(file: A.SpecFile): RootExpr[] {
  return file.declarations.flatMap(declarationExpressions);
}

/** Every expression of a file, children included, parents first (no recursion). */
export function allExpressions(file: A.SpecFile): A.Expr[] {
  const out: A.Expr[] = [];
  for (const r of fileExpressions(file)) walk(r.expr, (e) => void out.push(e));
  return out;
}
