import { reachableFrom } from '../automata/verdict';
import type { MachineInfo, Model } from '../names/model';
import { ltlAutomaton } from '../program/lower';
import type * as A from '../syntax/ast';
import type { BoundsOf } from './expr-bounds';
import * as I from './intervals';

// The ways a task item can end an episode, each with the best total task reward on the way
// there: the terminal states of a machine, the verdicts of an `ltl` item. This is what
// `living-reward-incentive` weighs a per-step constant against.

export interface Outcome {
  /** A terminal state's name, or `accept` / `reject`. */
  readonly name: string;
  /** The best undiscounted task reward of an episode that ends here (+inf through a paying cycle). */
  readonly best: number;
}

/** The reachable terminal states of a machine, with the best path reward to each (weighted). */
export function machineOutcomes(machine: MachineInfo, b: BoundsOf, weight: number): Outcome[] {
  const index = new Map(machine.states.map((s, i) => [s, i]));
  const initial = index.get(machine.initial ?? machine.states[0]);
  if (initial === undefined) return [];
  const edges = machine.transitions
    .filter((t) => !machine.terminals.has(t.from) && !isFalse(t.guard))
    .map((t) => ({ from: index.get(t.from)!, to: index.get(t.to)!, r: I.scale(weight, t.reward ? b.expr(t.reward) : I.ZERO).hi }));
  // Longest paths by Bellman-Ford: a value still rising after n rounds sits on or after a paying cycle.
  const n = machine.states.length;
  const best = new Array<number>(n).fill(-Infinity);
  best[initial] = 0;
  for (let round = 0; round < n; round++) {
    for (const e of edges) if (best[e.from] > -Infinity) best[e.to] = Math.max(best[e.to], best[e.from] + e.r);
  }
  const unbounded = new Array<boolean>(n).fill(false);
  for (const e of edges) if (best[e.from] > -Infinity && best[e.from] + e.r > best[e.to] + 1e-9) unbounded[e.to] = true;
  for (let round = 0; round < n; round++) for (const e of edges) if (unbounded[e.from]) unbounded[e.to] = true;
  return machine.states
    .map((s, i) => ({ name: s, best: unbounded[i] ? Infinity : best[i] }))
    .filter((o, i) => machine.terminals.has(o.name) && best[i] > -Infinity);
}

const isFalse = (g: A.Transition['guard']): boolean => g.kind === 'bool' && !g.value || (g.kind === 'paren' && isFalse(g.inner));

/** The verdicts an `ltl` item can reach, with the most each pays (weighted). */
export function ltlOutcomes(model: Model, l: A.LtlDecl, b: BoundsOf, weight: number): Outcome[] {
  try {
    // The automaton of the program (program/lower.ts), computed once per declaration.
    const { dfa, letters, verdict } = ltlAutomaton(model, l);
    const k = 1 << dfa.atoms;
    // A verdict is reached by a step: the states one letter or more away from the initial one.
    const reached = reachableFrom(dfa, letters, letters.map((c) => dfa.next[dfa.initial * k + c]));
    const value = (e: A.Expr | undefined, fallback: number) => I.scale(weight, e ? b.expr(e) : I.point(fallback)).hi;
    const out: Outcome[] = [];
    if (verdict.some((x, s) => x === 1 && reached[s])) out.push({ name: 'accept', best: value(l.accept, 1) });
    if (verdict.some((x, s) => x === -1 && reached[s])) out.push({ name: 'reject', best: value(l.reject, 0) });
    return out;
  } catch {
    // A formula too large for the automata stays unjudged rather than breaking the analysis.
    return [];
  }
}
