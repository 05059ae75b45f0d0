// Where an `ltl` item sits in the safety-progress hierarchy (Manna & Pnueli).
//
// Decision rule. Let D be the formula's minimal DFA restricted to the allowed letters, and its
// live states those reached by at least one letter (LTLf has no empty trace).
//   1. safety      if the accepted traces are prefix-closed: no live rejecting state reaches an
//                  accepting one (a rejected trace is never extended to an accepted one);
//   2. guarantee   else, if they are extension-closed: no live accepting state reaches a
//                  rejecting one (an accepted trace stays accepted);
//   3. obligation  else, if every strongly connected component of live states is all accepting
//                  or all rejecting (the verdict changes a bounded number of times);
//   4. otherwise the finite-trace language alone cannot tell recurrence from persistence (`G F a`
//                  and `F G a` have the same DFA: "the last letter has a"), so the formula's
//                  infinite-trace reading decides, by the syntactic classes of Chang, Manna &
//                  Pnueli (1992) (temporal-class.ts): recurrence if the formula is in Π2,
//                  else persistence if it is in Σ2, else reactivity. A formula that is
//                  syntactically safety, guarantee or obligation but whose LTLf automaton is none
//                  of these (the strong X at the trace's end can do that) counts as recurrence.
// A language that is both prefix- and extension-closed (`a`, `X a`, `true`) is reported as safety.
import { stronglyConnected } from '../base/scc';
import type { Dfa } from './dfa';
import type { Ltl } from './ltl';
import { levels } from './temporal-class';
import { reachable, reachableFrom, verdicts } from './verdict';

export type TemporalClass = 'safety' | 'guarantee' | 'obligation' | 'recurrence' | 'persistence' | 'reactivity';

export interface Classification {
  readonly cls: TemporalClass;
  /** Every non-empty trace over the letters is accepted. */
  readonly valid: boolean;
  /** No non-empty trace over the letters is accepted. */
  readonly unsatisfiable: boolean;
  /** A reachable state from which every continuation is accepted: `accept` can be earned. */
  readonly hasAcceptingSink: boolean;
}

export function classify(f: Ltl, d: Dfa, letters: readonly number[]): Classification {
  const k = 1 << d.atoms;
  const live = reachableFrom(d, letters, letters.map((c) => d.next[d.initial * k + c]));
  const liveStates = live.flatMap((x, s) => (x ? [s] : []));
  const v = verdicts(d, letters);
  const valid = liveStates.every((s) => d.accepting[s]);
  const unsatisfiable = liveStates.every((s) => !d.accepting[s]);
  const hasAcceptingSink = reachable(d, letters).some((x, s) => x && v[s] === 'accept');
  return { cls: classOf(f, d, letters, liveStates, v), valid, unsatisfiable, hasAcceptingSink };
}

function classOf(
  f: Ltl,
  d: Dfa,
  letters: readonly number[],
  live: readonly number[],
  v: readonly ('accept' | 'reject' | 'open')[],
): TemporalClass {
  // From a live state every state it reaches is live, so verdicts over all states suffice.
  if (live.every((s) => d.accepting[s] || v[s] === 'reject')) return 'safety';
  if (live.every((s) => !d.accepting[s] || v[s] === 'accept')) return 'guarantee';
  if (componentsUniform(d, letters, live)) return 'obligation';
  const syntax = levels(f);
  if (syntax.pi <= 2) return 'recurrence';
  if (syntax.sigma <= 2) return 'persistence';
  return 'reactivity';
}

/** Whether every strongly connected component among `states` is all accepting or all rejecting. */
function componentsUniform(d: Dfa, letters: readonly number[], states: readonly number[]): boolean {
  const k = 1 << d.atoms;
  const inSet = new Set(states);
  const succ = (s: number): number[] => [...new Set(letters.map((c) => d.next[s * k + c]))].filter((t) => inSet.has(t));
  return stronglyConnected(states, succ).every((c) => c.every((s) => d.accepting[s] === d.accepting[c[0]]));
}
