import type { MachineInfo } from '../names/model';
import type { Interval } from './intervals';

// The range of a reward machine's discounted return over an episode: dynamic programming on
// the machine graph with each transition's reward range. Any step may be the last (time
// limits cut episodes anywhere), and any state may stay put with reward 0 (no guard holds),
// so the return always includes 0.

const MAX_SWEEPS = 20_000;
const TOLERANCE = 1e-12;

/**
 * `rewards[i]` is the range of `machine.transitions[i]`'s reward. `steps` is the horizon, or
 * undefined when episodes have no known length: then the iteration runs to convergence, and
 * an end that does not converge (a paying cycle under gamma = 1) is infinite.
 */
export function machineReturnRange(machine: MachineInfo, rewards: readonly Interval[], gamma: number, steps: number | undefined): Interval {
  const index = new Map(machine.states.map((s, i) => [s, i]));
  const initial = index.get(machine.initial ?? machine.states[0]);
  if (initial === undefined) return { lo: 0, hi: 0 };
  const terminal = machine.states.map((s) => machine.terminals.has(s));
  const edges = machine.transitions
    .map((t, i) => ({ from: index.get(t.from)!, to: index.get(t.to)!, r: rewards[i] }))
    .filter((e) => !terminal[e.from]);

  const solve = (pick: (r: Interval) => number, better: (a: number, b: number) => number): number => {
    let V = new Array<number>(machine.states.length).fill(0);
    const limit = steps === undefined ? MAX_SWEEPS : Math.min(steps, MAX_SWEEPS);
    for (let k = 0; k < limit; k++) {
      const next = V.map((v, u) => (terminal[u] ? 0 : better(0, gamma * v)));
      for (const e of edges) {
        const value = pick(e.r) + gamma * (terminal[e.to] ? 0 : V[e.to]);
        next[e.from] = better(next[e.from], Number.isNaN(value) ? better(Infinity, -Infinity) : value);
      }
      const moved = next.some((v, u) => !(Math.abs(v - V[u]) <= TOLERANCE * Math.max(1, Math.abs(v))));
      V = next;
      if (!moved) return V[initial];
    }
    const converged = steps !== undefined && steps <= MAX_SWEEPS;
    return converged ? V[initial] : V[initial] === 0 ? 0 : better(Infinity, -Infinity);
  };

  return { lo: solve((r) => r.lo, Math.min), hi: solve((r) => r.hi, Math.max) };
}
