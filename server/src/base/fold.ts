// The post-order fold over a tree, with stacks on the heap: trees here are as deep as their
// input is long (`x + x + ... + x` and formulas over it), so no pass may recurse on their shape.
// Expressions (syntax/walk.ts `fold`) and formulas (automata/ltl.ts `foldLtl`) both fold with it.

/**
 * Computes a value for every node from its children's values (post-order), without recursion:
 * `leave(node, kids)` gets the children's values in the order `children` lists them.
 */
export function foldTree<N, R>(root: N, children: (node: N) => readonly N[], leave: (node: N, kids: readonly R[]) => R): R {
  const nodes: N[] = [root];
  const kidLists: (readonly N[])[] = [children(root)];
  const next: number[] = [0];
  const results: R[] = [];
  while (nodes.length > 0) {
    const top = nodes.length - 1;
    const kids = kidLists[top];
    if (next[top] < kids.length) {
      const k = kids[next[top]++];
      nodes.push(k);
      kidLists.push(children(k));
      next.push(0);
      continue;
    }
    const node = nodes.pop()!;
    kidLists.pop();
    next.pop();
    const values = kids.length === 0 ? (NO_VALUES as unknown as R[]) : results.splice(results.length - kids.length, kids.length);
    results.push(leave(node, values));
  }
  return results[0];
}
const NO_VALUES: readonly never[] = [];
