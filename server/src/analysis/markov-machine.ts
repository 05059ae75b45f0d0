// Whether a machine's reward depends on its state (the criterion of machine-is-markov, stated
// in docs/diagnostics/machine-is-markov.md): for every label set, every reachable state emits
// the same reward, counting the implicit stay (reward 0) and terminal states (0 for ever).
// Rewards are the same when they fold to the same constant or are written alike.
import type { BoolF } from '../automata/bool';
import type { Model } from '../names/model';
import { and, TRUE } from './guards';
import { type MachineGraph, satisfiable } from './machine-graph';
import { constantValue } from './reward-bound';
import type * as A from '../syntax/ast';

/** Satisfiability checks allowed for one machine; beyond, it is not called Markov. */
const BUDGET = 20_000;

interface Option {
  readonly when: BoolF;
  readonly reward: string;
}

/** `text`: the spec's text, where rewards that are not constants are compared as written. */
export function markovMachine(model: Model, g: MachineGraph): boolean {
  const text = model.file.text;
  const m = g.machine;
  if (m.initial === undefined) return false;
  const key = (e: A.Expr | undefined): string => {
    const c = constantValue(model, e);
    return c !== undefined || !e ? `c:${c ?? 0}` : `e:${text.slice(e.span.start, e.span.end).replace(/\s+/g, '')}`;
  };
  const options = (s: string): Option[] => {
    if (m.terminals.has(s)) return [{ when: TRUE, reward: 'c:0' }];
    const i = m.states.indexOf(s);
    const out: Option[] = [{ when: g.stay[i], reward: 'c:0' }];
    m.transitions.forEach((t, k) => {
      if (t.from === s && g.live[k]) out.push({ when: g.taken[k], reward: key(t.reward) });
    });
    return out;
  };
  // Equality is transitive: comparing every state with the initial one is enough.
  const reference = options(m.initial);
  let budget = BUDGET;
  for (const s of g.reachable) {
    if (s === m.initial) continue;
    for (const o of options(s)) {
      for (const r of reference) {
        if (o.reward === r.reward) continue;
        if (--budget < 0) return false;
        if (satisfiable(g.table, and(o.when, r.when))) return false;
      }
    }
  }
  return true;
}
