import type { RunnerState } from '../eval/runner';
import type { Prng } from './prng';

// EPIC (Gleave et al., ICLR 2021) with the sample-based canonicalisation of LANGUAGE.md
// section 12, as pure functions over what the evaluator computed:
//
//   C(R)(s,a,s') = R(s,a,s') + E[gamma R(s',A,S') - R(s,A,S') - gamma R(S,A,S')]
//
// With the draws (S_i, A_i, S'_i), i < N, and m(x) = (1/N) sum_i R(x, A_i, S'_i), this is
// R(s,a,s') + gamma m(s') - m(s) - gamma c with c = (1/N) sum_i R(S_i, A_i, S'_i): each state of
// the trajectories costs N evaluations, once, whichever steps it belongs to.

/** A state record as the evaluator knows it: its values, its machine and formula states, and whether it ended a terminated episode. */
export interface DrawnState {
  readonly values: Float64Array;
  readonly state: RunnerState;
  readonly terminal: boolean;
}

/** The i-th draws (S_i, A_i, S'_i), shared by every reward; `actions[i]` is a record whose action slots hold A_i. */
export interface Draws {
  readonly states: readonly DrawnState[];
  readonly actions: readonly Float64Array[];
  readonly nexts: readonly DrawnState[];
}

/** Evaluates one transition (s, a, n) from a saved state: the evaluator (`Runner.rewardFrom`). */
export interface TransitionReward {
  rewardFrom(from: RunnerState, s: Float64Array, a: Float64Array, n: Float64Array, sTerminal: boolean, nTerminal: boolean): number;
}

/** Which state record (of `states`) and which action (of `actions`, one per step) each draw takes: independent, uniform, with replacement. */
export function drawIndices(prng: Prng, states: number, actions: number, samples: number): { states: Int32Array; actions: Int32Array; nexts: Int32Array } {
  const s = new Int32Array(samples);
  const a = new Int32Array(samples);
  const n = new Int32Array(samples);
  for (let i = 0; i < samples; i++) {
    s[i] = prng.below(states);
    a[i] = prng.below(actions);
    n[i] = prng.below(states);
  }
  return { states: s, actions: a, nexts: n };
}

/** The steps the correlation is taken over: all of them (null) when at most `limit`, else a uniform sample of `limit`, ascending (selection sampling, Knuth's Algorithm S). */
export function selectSteps(prng: Prng, steps: number, limit: number): Int32Array | null {
  if (steps <= limit) return null;
  const out = new Int32Array(limit);
  let chosen = 0;
  for (let t = 0; t < steps && chosen < limit; t++) if ((steps - t) * prng.unit() < limit - chosen) out[chosen++] = t;
  return out;
}

/** The mean reward of the draws taken from `x`: m(x) = (1/N) sum_i R(x, A_i, S'_i). */
export function expectedFrom(reward: TransitionReward, x: DrawnState, draws: Draws): number {
  const { actions, nexts } = draws;
  const { state, values, terminal } = x;
  let sum = 0;
  for (let i = 0; i < nexts.length; i++) {
    const n = nexts[i];
    sum += reward.rewardFrom(state, values, actions[i], n.values, terminal, n.terminal);
  }
  return sum / nexts.length;
}

/** The constant c = (1/N) sum_i R(S_i, A_i, S'_i). */
export function expectedOfDraws(reward: TransitionReward, draws: Draws): number {
  const { states, actions, nexts } = draws;
  let sum = 0;
  for (let i = 0; i < nexts.length; i++) sum += reward.rewardFrom(states[i].state, states[i].values, actions[i], nexts[i].values, states[i].terminal, nexts[i].terminal);
  return sum / nexts.length;
}

/** At most this many states' m(x) are remembered per reward: memory stays bounded by the samples, not the steps. */
export const CACHE_LIMIT = 1 << 16;

/**
 * m(x) for one reward, remembered per distinct state (its state values, machine and formula
 * states, and terminal flag; not its action, which m never reads), so that a world that
 * revisits its states (a grid, a reward machine's product) pays N evaluations per distinct state.
 */
export class StateExpectations {
  private readonly cache = new Map<string, number>();
  private readonly key: Float64Array;
  private readonly keyChars: Uint16Array;
  /** How many m(x) were computed (N evaluations each). */
  computed = 0;

  constructor(private readonly reward: TransitionReward, private readonly draws: Draws, private readonly stateSlots: Int32Array, machines: number, ltls: number) {
    this.key = new Float64Array(stateSlots.length + machines + 2 * ltls + 1);
    this.keyChars = new Uint16Array(this.key.buffer);
  }

  at(x: DrawnState): number {
    const k = this.key;
    const slots = this.stateSlots;
    let j = 0;
    for (; j < slots.length; j++) k[j] = x.values[slots[j]];
    const { machine, ltl, status } = x.state;
    for (let i = 0; i < machine.length; i++) k[j++] = machine[i];
    for (let i = 0; i < ltl.length; i++) k[j++] = ltl[i];
    for (let i = 0; i < status.length; i++) k[j++] = status[i];
    k[j] = x.terminal ? 1 : 0;
    const key = String.fromCharCode.apply(null, this.keyChars as unknown as number[]);
    const known = this.cache.get(key);
    if (known !== undefined) return known;
    const m = expectedFrom(this.reward, x, this.draws);
    this.computed++;
    if (this.cache.size < CACHE_LIMIT) this.cache.set(key, m);
    return m;
  }
}

/**
 * Whether a canonical form varies over the steps. Exact shaping leaves rounding noise of the
 * order of the values added and cancelled, so "does not vary" is a spread below 1e-9 of that
 * scale (`scale`: the root mean square of the rewards and of m over the steps).
 */
export function varies(c: Float64Array, scale: number): boolean {
  let n = 0;
  let mean = 0;
  for (let i = 0; i < c.length; i++) if (Number.isFinite(c[i])) {
    n++;
    mean += c[i];
  }
  if (n < 2) return false;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < c.length; i++) if (Number.isFinite(c[i])) ss += (c[i] - mean) ** 2;
  const sd = Math.sqrt(ss / n);
  return sd > 1e-9 * scale && sd > 0;
}

/**
 * The EPIC distance sqrt((1 - rho) / 2) of two canonical forms over the same steps, rho their
 * Pearson correlation over the steps where both are finite, clamped to [-1, 1]; NaN when either
 * is constant there.
 */
export function epicDistance(ca: Float64Array, cb: Float64Array): number {
  let n = 0;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < ca.length; i++) if (Number.isFinite(ca[i]) && Number.isFinite(cb[i])) {
    n++;
    ma += ca[i];
    mb += cb[i];
  }
  if (n < 2) return NaN;
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < ca.length; i++) if (Number.isFinite(ca[i]) && Number.isFinite(cb[i])) {
    const da = ca[i] - ma;
    const db = cb[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa === 0 || sbb === 0) return NaN;
  const rho = Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb)));
  return Math.sqrt((1 - rho) / 2);
}
