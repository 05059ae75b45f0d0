import type { Machine, Program } from '../../program/ir';

// A reward machine as the tables the batched kernels look it up in: no Python loop over
// environments, no masked operation per transition. Each step evaluates the machine's distinct
// guards once for the whole batch; the environment's letter class k then picks, with its
// current state u, the row `u * stride + k` of the flat tables `to` (the state reached) and
// `values` or `rewardRows` (the reward paid). LANGUAGE.md section 4: the first guard of u that
// holds wins, then `otherwise`, else the machine stays and pays 0; a terminal state stays.
//
// Two forms of the letter class:
// - dense (up to DENSE_GUARDS guards): k is the guards' truth values bit-packed (bit g: guard g
//   holds), stride 2^guards; one matrix product gives it for the whole batch;
// - gathered (more guards, where 2^guards would not fit): per state its guards in source
//   order followed by an always-true slot (`otherwise`, or staying put); each environment
//   gathers its state's row of `slots` from the guard matrix and k is the first slot that
//   holds, stride the most guarded transitions of one state plus one. Its size grows as
//   states x guards per state, never as 2^guards.

/** The most guards a machine may have for the dense form; the table has states x 2^guards rows. */
export const DENSE_GUARDS = 10;
/** And the most rows of a dense table. */
const DENSE_ROWS = 1 << 16;

export interface MachineTable {
  /** The machine's distinct guard instructions: bit g of a dense class; gathered, guard row g + 1 (row 0 always holds). */
  readonly guards: readonly number[];
  /** Rows per state in the flat tables: 2^guards (dense) or the slots per state (gathered). */
  readonly stride: number;
  /** Gathered only: `slots[k][u]`, the guard row read in slot k of state u (`(stride, states)`). */
  readonly slots?: readonly (readonly number[])[];
  /** `to[u * stride + k]`: the state reached. */
  readonly to: readonly number[];
  /** When every transition reward is absent or a constant: the reward paid, by `u * stride + k`. */
  readonly values?: readonly number[];
  /** Otherwise: the reward instructions that are not constants (reward row r + 1; row 0 pays 0). */
  readonly rewards: readonly number[];
  /** And the reward row paid, by `u * stride + k`. */
  readonly rewardRows?: readonly number[];
}

interface Taken {
  readonly to: number;
  readonly reward?: number;
}

export function machineTable(p: Program, m: Machine, denseGuards = DENSE_GUARDS): MachineTable {
  const guards: number[] = [];
  const guardIndex = new Map<number, number>();
  for (let u = 0; u < m.states.length; u++) {
    if (m.terminal[u]) continue;
    for (const t of m.transitions[u]) {
      if (t.guard !== undefined && !guardIndex.has(t.guard)) guardIndex.set(t.guard, guards.push(t.guard) - 1);
    }
  }
  const states = m.states.length;
  const guarded = m.transitions.map((ts, u) => (m.terminal[u] ? [] : ts.filter((t) => t.guard !== undefined)));
  // What state u does when none of its guards holds: `otherwise`, else stay and pay 0.
  const fallback = (u: number): Taken => (m.terminal[u] ? undefined : m.transitions[u].find((t) => t.guard === undefined)) ?? { to: u };
  const taken: Taken[] = [];
  let stride: number;
  let slots: number[][] | undefined;
  if (guards.length <= denseGuards && states * 2 ** guards.length <= DENSE_ROWS) {
    stride = 2 ** guards.length;
    for (let u = 0; u < states; u++) {
      for (let k = 0; k < stride; k++) {
        const t = guarded[u].find((x) => (k >> (guardIndex.get(x.guard as number) as number)) & 1);
        taken.push(t ?? fallback(u));
      }
    }
  } else {
    stride = 1 + Math.max(0, ...guarded.map((ts) => ts.length));
    slots = Array.from({ length: stride }, () => new Array<number>(states).fill(0));
    for (let u = 0; u < states; u++) {
      for (let k = 0; k < stride; k++) {
        const t = guarded[u][k];
        // The always-true slot and the padding after it (never reached) take the fallback.
        if (t) slots[k][u] = (guardIndex.get(t.guard as number) as number) + 1;
        taken.push(t ?? fallback(u));
      }
    }
  }
  const to = taken.map((t) => t.to);
  const code = p.code;
  if (taken.every((t) => t.reward === undefined || code[t.reward].op === 'const')) {
    const values = taken.map((t) => {
      const ins = t.reward === undefined ? undefined : code[t.reward];
      return ins && ins.op === 'const' ? ins.value : 0;
    });
    return { guards, stride, slots, to, values, rewards: [] };
  }
  const rewards: number[] = [];
  const rewardRow = new Map<number, number>();
  const rewardRows = taken.map((t) => {
    if (t.reward === undefined) return 0;
    let row = rewardRow.get(t.reward);
    if (row === undefined) {
      row = rewards.push(t.reward);
      rewardRow.set(t.reward, row);
    }
    return row;
  });
  return { guards, stride, slots, to, rewards, rewardRows };
}
