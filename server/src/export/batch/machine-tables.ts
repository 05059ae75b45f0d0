import type { Machine, Program } from '../../program/ir';

// A reward machine as the tables the batched kernels look it up in: no Python loop over
// environments, no masked operation per transition. For every environment the step gathers,
// from its current state's row of `slots`, the truth values of that state's guards in source
// order followed by an always-true slot (`otherwise`, or staying put); the first slot that
// holds is the environment's letter class k in that state, and `to[u * width + k]` and the
// reward tables give the transition taken (LANGUAGE.md section 4: the first guard that holds
// wins, then `otherwise`, else the machine stays and pays 0; a terminal state stays).
//
// The table is `(states, width)` with width one more than the most guarded transitions of a
// state, so its size never grows with the number of props or guards (a dense table over every
// combination of guard values would grow as 2^guards).

export interface MachineTable {
  /** The machine's distinct guard instructions: guard row g + 1 (row 0 always holds). */
  readonly guards: readonly number[];
  /** Slots per state: the most guarded transitions of one state, plus the always-true slot. */
  readonly width: number;
  /** `slots[k][u]`: the guard row read in slot k of state u (`(width, states)`, row-major). */
  readonly slots: readonly (readonly number[])[];
  /** `to[u * width + k]`: the state reached when slot k is the first that holds in u. */
  readonly to: readonly number[];
  /** When every transition reward is absent or a constant: the reward paid, by `u * width + k`. */
  readonly values?: readonly number[];
  /** Otherwise: the reward instructions that are not constants (reward row r + 1; row 0 pays 0). */
  readonly rewards: readonly number[];
  /** And the reward row paid, by `u * width + k`. */
  readonly rewardRows?: readonly number[];
}

export function machineTable(p: Program, m: Machine): MachineTable {
  const code = p.code;
  const guards: number[] = [];
  const guardRow = new Map<number, number>();
  const rowOf = (g: number) => {
    let r = guardRow.get(g);
    if (r === undefined) {
      r = guards.push(g);
      guardRow.set(g, r);
    }
    return r;
  };
  const states = m.states.length;
  const guarded = m.transitions.map((ts, u) => (m.terminal[u] ? [] : ts.filter((t) => t.guard !== undefined)));
  const width = 1 + Math.max(0, ...guarded.map((ts) => ts.length));
  const slots = Array.from({ length: width }, () => new Array<number>(states).fill(0));
  const to = new Array<number>(states * width).fill(0);
  const rewardAt = new Array<number | undefined>(states * width).fill(undefined);
  for (let u = 0; u < states; u++) {
    guarded[u].forEach((t, k) => {
      slots[k][u] = rowOf(t.guard as number);
      to[u * width + k] = t.to;
      rewardAt[u * width + k] = t.reward;
    });
    // The always-true slot (and the padding after it, never reached): `otherwise`, else stay.
    const otherwise = m.terminal[u] ? undefined : m.transitions[u].find((t) => t.guard === undefined);
    for (let k = guarded[u].length; k < width; k++) {
      to[u * width + k] = otherwise ? otherwise.to : u;
      rewardAt[u * width + k] = otherwise?.reward;
    }
  }
  const constant = rewardAt.every((r) => r === undefined || code[r].op === 'const');
  if (constant) {
    const values = rewardAt.map((r) => {
      if (r === undefined) return 0;
      const ins = code[r];
      return ins.op === 'const' ? ins.value : 0;
    });
    return { guards, width, slots, to, values, rewards: [] };
  }
  const rewards: number[] = [];
  const rewardRow = new Map<number, number>();
  const rewardRows = rewardAt.map((r) => {
    if (r === undefined) return 0;
    let row = rewardRow.get(r);
    if (row === undefined) {
      row = rewards.push(r);
      rewardRow.set(r, row);
    }
    return row;
  });
  return { guards, width, slots, to, rewards, rewardRows };
}
