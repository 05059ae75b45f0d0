// Language inclusion between the states of one DFA. The subset constructions use it to keep only
// the strongest (or weakest) runs of an operand, which is what keeps nested `F` and `U` small.
import type { Dfa } from './dfa';

/** Pair tables above this size are not built; inclusion then degrades to equality (still sound). */
const MAX_PAIR_EDGES = 1 << 22;

/**
 * `included(p, q)`: every continuation (the empty one too) accepted from p is accepted from q.
 * `letters` must contain one letter of each class the DFA distinguishes.
 */
export function inclusion(d: Dfa, letters: readonly number[]): (p: number, q: number) => boolean {
  const n = d.states;
  const k = 1 << d.atoms;
  if (n * n * Math.max(1, letters.length) > MAX_PAIR_EDGES) return (p, q) => p === q;
  // A pair (p, q) is bad when some continuation is accepted from p and rejected from q:
  // propagate badness backwards through the pair graph.
  const pairs = n * n;
  const edgeStart = new Int32Array(pairs + 1);
  const targets = new Int32Array(pairs * letters.length);
  for (let p = 0; p < n; p++) {
    for (let q = 0; q < n; q++) {
      for (const c of letters) edgeStart[d.next[p * k + c] * n + d.next[q * k + c] + 1]++;
    }
  }
  for (let i = 0; i < pairs; i++) edgeStart[i + 1] += edgeStart[i];
  const fill = edgeStart.slice(0, pairs);
  for (let p = 0; p < n; p++) {
    for (let q = 0; q < n; q++) {
      for (const c of letters) targets[fill[d.next[p * k + c] * n + d.next[q * k + c]]++] = p * n + q;
    }
  }
  const bad = new Uint8Array(pairs);
  const queue: number[] = [];
  for (let p = 0; p < n; p++) {
    for (let q = 0; q < n; q++) {
      if (d.accepting[p] && !d.accepting[q]) {
        bad[p * n + q] = 1;
        queue.push(p * n + q);
      }
    }
  }
  for (let i = 0; i < queue.length; i++) {
    const x = queue[i];
    for (let j = edgeStart[x]; j < edgeStart[x + 1]; j++) {
      const y = targets[j];
      if (!bad[y]) {
        bad[y] = 1;
        queue.push(y);
      }
    }
  }
  return (p, q) => bad[p * n + q] === 0;
}
