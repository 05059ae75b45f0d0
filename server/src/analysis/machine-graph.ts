// A reward machine as the analyses see it: which written transition is taken on which label
// sets, and the graph of the transitions that can be taken at all (LANGUAGE.md section 4).
// At a step the first transition in source order whose guard holds is taken; `otherwise` only
// when no other guard of the state holds; nothing holds: the machine stays (no transition).
// Terminal states absorb: their written transitions are never taken.
import { stronglyConnected } from '../base/scc';
import { type BoolF, satisfy } from '../automata/bool';
import type { MachineInfo, MachineTransition, Model } from '../names/model';
import type * as A from '../syntax/ast';
import { and, any, FALSE, type GuardTable, guardTable, not, TRUE } from './guards';

export interface MachineGraph {
  readonly machine: MachineInfo;
  readonly table: GuardTable;
  /** Per transition (in `machine.transitions` order): the guard as written; `otherwise` is the
   *  negation of the state's other guards. */
  readonly guard: readonly BoolF[];
  /** Per transition: the label sets on which it is taken (its guard holds, no earlier one does). */
  readonly taken: readonly BoolF[];
  /** Per transition: whether it is ever taken (from a non-terminal state, on some label set). */
  readonly live: readonly boolean[];
  /** Per state (in `machine.states` order): the label sets on which it stays without a transition. */
  readonly stay: readonly BoolF[];
  /** The states the machine can be in, from its initial state over live transitions. */
  readonly reachable: ReadonlySet<string>;
}

export function machineGraph(model: Model, m: MachineInfo): MachineGraph {
  const guards = m.transitions.flatMap((t) => (t.guard.kind === 'otherwise' ? [] : [t.guard]));
  const table = guardTable(model, guards);
  const holds = (f: BoolF): boolean => satisfiable(table, f);
  const written = (t: MachineTransition): BoolF =>
    t.guard.kind === 'otherwise' ? FALSE : (table.formulas.get(t.guard as A.Expr) ?? TRUE);
  const byState = new Map<string, MachineTransition[]>(m.states.map((s) => [s, []]));
  for (const t of m.transitions) byState.get(t.from)?.push(t);
  const someGuard = new Map(m.states.map((s) => [s, any((byState.get(s) ?? []).map(written))]));
  const guard = m.transitions.map((t) => (t.guard.kind === 'otherwise' ? not(someGuard.get(t.from) ?? FALSE) : written(t)));
  const taken = m.transitions.map((t, i) => {
    const earlier = (byState.get(t.from) ?? []).filter((u) => u.order < t.order);
    if (t.guard.kind !== 'otherwise') return and(guard[i], not(any(earlier.map(written))));
    // Only the first `otherwise` of a state is ever taken.
    return earlier.some((u) => u.guard.kind === 'otherwise') ? FALSE : guard[i];
  });
  const live = m.transitions.map((t, i) => !m.terminals.has(t.from) && holds(taken[i]));
  const stay = m.states.map((s) => {
    const ts = byState.get(s) ?? [];
    if (m.terminals.has(s)) return TRUE;
    return ts.some((t) => t.guard.kind === 'otherwise') ? FALSE : not(someGuard.get(s) ?? FALSE);
  });
  const reachable = closure(m.initial === undefined ? [] : [m.initial], m.transitions.flatMap((t, i) => (live[i] ? [[t.from, t.to] as const] : [])));
  return { machine: m, table, guard, taken, live, stay, reachable };
}

export function satisfiable(table: GuardTable, f: BoolF): boolean {
  return witness(table, f) !== undefined;
}

/** A label set (bitmask over `table.atoms`) allowed by the exclusive groups on which f holds. */
export function witness(table: GuardTable, f: BoolF): number | undefined {
  return satisfy(f, table.atoms.length, table.exclusive);
}

/** The states from which some state of `targets` is reached over live transitions (they included). */
export function reachesAny(g: MachineGraph, targets: Iterable<string>): Set<string> {
  const edges = g.machine.transitions.flatMap((t, i) => (g.live[i] ? [[t.to, t.from] as const] : []));
  return closure([...targets], edges);
}

function closure(from: readonly string[], edges: readonly (readonly [string, string])[]): Set<string> {
  const succ = new Map<string, string[]>();
  for (const [a, b] of edges) succ.set(a, [...(succ.get(a) ?? []), b]);
  const seen = new Set(from);
  const queue = [...from];
  for (let i = 0; i < queue.length; i++) {
    for (const t of succ.get(queue[i]) ?? []) {
      if (!seen.has(t)) {
        seen.add(t);
        queue.push(t);
      }
    }
  }
  return seen;
}

/** An edge of the cycle search: a live transition with the weight it counts with. */
export interface WeightedEdge {
  readonly index: number; // into machine.transitions
  readonly from: string;
  readonly to: string;
  readonly weight: number;
}

/** Sums within this of 0 count as 0: `0.1 + 0.2 - 0.3` is not a farmable cycle. */
export const CYCLE_TOLERANCE = 1e-9;

/**
 * One cycle of positive weight per strongly connected component of `edges` that has one, as
 * its edges in order. Bellman-Ford for longest paths: an edge that still relaxes after n rounds
 * lies behind a positive cycle, which the predecessor links then close.
 */
export function positiveCycles(edges: readonly WeightedEdge[]): WeightedEdge[][] {
  const out: WeightedEdge[][] = [];
  for (const component of components(edges)) {
    const inside = new Set(component);
    const es = edges.filter((e) => inside.has(e.from) && inside.has(e.to));
    const cycle = positiveCycle(component, es);
    if (cycle) out.push(cycle);
  }
  return out;
}

function positiveCycle(states: readonly string[], edges: readonly WeightedEdge[]): WeightedEdge[] | undefined {
  const dist = new Map(states.map((s) => [s, 0]));
  const pred = new Map<string, WeightedEdge>();
  let changed: string | undefined;
  for (let round = 0; round <= states.length; round++) {
    changed = undefined;
    for (const e of edges) {
      const d = dist.get(e.from)! + e.weight;
      if (d > dist.get(e.to)! + CYCLE_TOLERANCE) {
        dist.set(e.to, d);
        pred.set(e.to, e);
        changed = e.to;
      }
    }
    if (changed === undefined) return undefined;
  }
  // Walk back n steps to land on the cycle, then collect it.
  let s = changed!;
  for (let i = 0; i < states.length; i++) {
    const e = pred.get(s);
    if (!e) return undefined;
    s = e.from;
  }
  const cycle: WeightedEdge[] = [];
  let x = s;
  do {
    const e = pred.get(x);
    if (!e) return undefined;
    cycle.unshift(e);
    x = e.from;
  } while (x !== s && cycle.length <= states.length);
  const sum = cycle.reduce((a, e) => a + e.weight, 0);
  return x === s && sum > CYCLE_TOLERANCE ? cycle : undefined;
}

/** Strongly connected components (Tarjan, iterative) that contain at least one edge. */
function components(edges: readonly WeightedEdge[]): string[][] {
  const succ = new Map<string, string[]>();
  for (const e of edges) {
    succ.set(e.from, [...(succ.get(e.from) ?? []), e.to]);
    if (!succ.has(e.to)) succ.set(e.to, []);
  }
  // A component counts when it holds an edge: several states, or one with a self-loop.
  return stronglyConnected(succ.keys(), (s) => succ.get(s)!)
    .filter((c) => c.length > 1 || succ.get(c[0])!.includes(c[0]))
    .map((c) => c.reverse());
}
