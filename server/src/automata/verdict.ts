// The 4-valued monitor of LANGUAGE.md section 5, per DFA state. ('pending' before a verdict and
// the whole-trace judgement at a terminated episode's end are the evaluator's business.)
import type { Dfa } from './dfa';

export type Verdict = 'accept' | 'reject' | 'open';

/**
 * Per state: 'accept' when every continuation over `letters` (the empty one included) is
 * accepted, 'reject' when none is, else 'open'.
 */
export function verdicts(d: Dfa, letters: readonly number[]): Verdict[] {
  const canAccept = reachesWhere(d, letters, (s) => d.accepting[s]);
  const canReject = reachesWhere(d, letters, (s) => !d.accepting[s]);
  return canAccept.map((acc, s) => (!canReject[s] ? 'accept' : !acc ? 'reject' : 'open'));
}

/** The states reachable from the initial state by reading letters of `letters` (it included). */
export function reachable(d: Dfa, letters: readonly number[]): boolean[] {
  return reachableFrom(d, letters, [d.initial]);
}

/** The states reachable from `from` (they included) over `letters`. */
export function reachableFrom(d: Dfa, letters: readonly number[], from: readonly number[]): boolean[] {
  const k = 1 << d.atoms;
  const seen = new Array<boolean>(d.states).fill(false);
  const queue: number[] = [];
  for (const s of from) {
    if (!seen[s]) {
      seen[s] = true;
      queue.push(s);
    }
  }
  for (let i = 0; i < queue.length; i++) {
    for (const c of letters) {
      const t = d.next[queue[i] * k + c];
      if (!seen[t]) {
        seen[t] = true;
        queue.push(t);
      }
    }
  }
  return seen;
}

/** The states from which some state satisfying `target` is reachable over `letters`. */
function reachesWhere(d: Dfa, letters: readonly number[], target: (s: number) => boolean): boolean[] {
  const k = 1 << d.atoms;
  const preds: number[][] = Array.from({ length: d.states }, () => []);
  for (let s = 0; s < d.states; s++) {
    for (const c of letters) preds[d.next[s * k + c]].push(s);
  }
  const found = Array.from({ length: d.states }, (_, s) => target(s));
  const queue: number[] = [];
  found.forEach((f, s) => f && queue.push(s));
  for (let i = 0; i < queue.length; i++) {
    for (const p of preds[queue[i]]) {
      if (!found[p]) {
        found[p] = true;
        queue.push(p);
      }
    }
  }
  return found;
}
