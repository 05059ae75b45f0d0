import type { MachineInfo } from '../names/model';
import type * as A from '../syntax/ast';

export const VALUE_ITERATION_TOLERANCE = 1e-10;
export const VALUE_ITERATION_SWEEPS = 10_000;

export interface MachineValues {
  /** V(u) per state, in `machine.states` order; all 0 when value iteration did not converge. */
  readonly values: readonly number[];
  readonly converged: boolean;
  readonly sweeps: number;
}

/** A transition reward counts in value iteration only when it is a constant. */
export function constantReward(e: A.Expr | undefined): number | undefined {
  if (!e) return 0;
  if (e.kind === 'number') return e.value;
  if (e.kind === 'paren') return constantReward(e.inner);
  if (e.kind === 'unary' && e.op === '-') {
    const v = constantReward(e.operand);
    return v === undefined ? undefined : -v;
  }
  return undefined;
}

/**
 * Value iteration on the machine graph, with the convention of the reward_machines library
 * (Toro Icarte et al.) so that shaping numbers match it (LANGUAGE.md section 6):
 * V(u) = max over written transitions u -> v of (r + g V(v)), `otherwise` transitions skipped
 * (section 4: that library has none; the import writes them for the label sets where it ends
 * the episode); V(terminal) = 0; non-constant rewards count as 0; a state without written
 * transitions has V = 0; sweeps update in place,
 * in state order, until no value moves by more than 1e-10, at most 10,000 sweeps.
 */
// Per machine and discount, solved once: lowering, the bounds and the machine checks each ask
// for every `shaping M` item, and a block may name one machine on many lines (up to 10,000 sweeps each).
const solved = new WeakMap<MachineInfo, Map<number, MachineValues>>();

export function machineValues(m: MachineInfo, g: number): MachineValues {
  let byDiscount = solved.get(m);
  if (!byDiscount) solved.set(m, (byDiscount = new Map()));
  let v = byDiscount.get(g);
  if (!v) byDiscount.set(g, (v = solve(m, g)));
  return v;
}

function solve(m: MachineInfo, g: number): MachineValues {
  const index = new Map(m.states.map((s, i) => [s, i]));
  const out: { to: number; r: number }[][] = m.states.map(() => []);
  for (const t of m.transitions) {
    if (m.terminals.has(t.from) || t.guard.kind === 'otherwise') continue;
    out[index.get(t.from)!].push({ to: index.get(t.to)!, r: constantReward(t.reward) ?? 0 });
  }
  const V = new Array<number>(m.states.length).fill(0);
  for (let sweep = 1; sweep <= VALUE_ITERATION_SWEEPS; sweep++) {
    let error = 0;
    for (let u = 0; u < V.length; u++) {
      if (out[u].length === 0) continue;
      let best = -Infinity;
      for (const { to, r } of out[u]) best = Math.max(best, r + g * (m.terminals.has(m.states[to]) ? 0 : V[to]));
      error = Math.max(error, Math.abs(best - V[u]));
      V[u] = best;
    }
    if (!Number.isFinite(error)) break;
    if (error <= VALUE_ITERATION_TOLERANCE) return { values: V, converged: true, sweeps: sweep };
  }
  return { values: V.map(() => 0), converged: false, sweeps: VALUE_ITERATION_SWEEPS };
}
