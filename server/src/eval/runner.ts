import type { EpisodeEnd } from '../data/episodes';
import type { Program } from './program';

export type LtlStatus = 'pending' | 'accepted' | 'rejected';
const STATUS: readonly LtlStatus[] = ['rejected', 'pending', 'accepted'];

/**
 * Runs one episode at a time, one step at a time, without allocating per step: after `step`,
 * the public arrays hold that step's values (LANGUAGE.md sections 4 to 6).
 */
export class Runner {
  /** Weighted value of each item at the last step. */
  readonly components: Float64Array;
  /** Each machine's state after the last step (index into its states). */
  readonly machineState: Int32Array;
  /** Each formula's verdict after the last step: 1 accepted, -1 rejected, 0 pending. */
  readonly ltlStatus: Int8Array;
  /** Each prop's label L_t at the last step. */
  readonly props: Uint8Array;
  reward = 0;
  t = 0;
  return = 0;
  discountedReturn = 0;

  private readonly machineReward: Float64Array;
  private readonly previousState: Int32Array;
  private readonly ltlState: Int32Array;
  private readonly ltlEmit: Float64Array;
  private discountPower = 1;

  constructor(readonly program: Program) {
    this.components = new Float64Array(program.items.length);
    this.machineState = new Int32Array(program.machines.length);
    this.previousState = new Int32Array(program.machines.length);
    this.machineReward = new Float64Array(program.machines.length);
    this.ltlStatus = new Int8Array(program.ltls.length);
    this.ltlState = new Int32Array(program.ltls.length);
    this.ltlEmit = new Float64Array(program.ltls.length);
    this.props = new Uint8Array(program.props.length);
    this.scratch = this.newState();
    this.scratchComponents = new Float64Array(program.items.length);
    this.reset();
  }

  reset(): void {
    const p = this.program;
    for (let i = 0; i < p.machines.length; i++) this.machineState[i] = p.machines[i].initial;
    for (let i = 0; i < p.ltls.length; i++) {
      this.ltlState[i] = p.ltls[i].dfa.initial;
      this.ltlStatus[i] = 0;
    }
    this.t = 0;
    this.reward = 0;
    this.return = 0;
    this.discountedReturn = 0;
    this.discountPower = 1;
  }

  ltlVerdict(i: number): LtlStatus {
    return STATUS[this.ltlStatus[i] + 1];
  }

  machineStateName(i: number): string {
    return this.program.machines[i].states[this.machineState[i]];
  }

  /** Step t: the transition from `cur` (s_t and a_t) to `next` (s_{t+1}); `end` when it is the episode's last. */
  step(cur: Float64Array, next: Float64Array, end: EpisodeEnd | null): number {
    const p = this.program;
    const terminated = end === 'terminated';
    for (let i = 0; i < p.props.length; i++) this.props[i] = p.props[i].label(cur, cur, next) !== 0 ? 1 : 0;
    const reward = this.transition(cur, cur, next, false, terminated, terminated, this.machineState, this.ltlState, this.ltlStatus, this.components);
    this.reward = reward;
    this.return += reward;
    this.discountedReturn += this.discountPower * reward;
    this.discountPower *= p.gamma;
    this.t++;
    return reward;
  }

  /** A fresh holder for `saveState`. */
  newState(): RunnerState {
    const p = this.program;
    return { machine: new Int32Array(p.machines.length), ltl: new Int32Array(p.ltls.length), status: new Int8Array(p.ltls.length) };
  }

  /** Copies what the runner knows at the record it last reached (machine and formula states) into `into`. */
  saveState(into: RunnerState): void {
    into.machine.set(this.machineState);
    into.ltl.set(this.ltlState);
    into.status.set(this.ltlStatus);
  }

  /** Copies the initial state of an episode into `into`, as `saveState` right after `reset`. */
  initialState(into: RunnerState): void {
    const p = this.program;
    for (let i = 0; i < p.machines.length; i++) into.machine[i] = p.machines[i].initial;
    for (let i = 0; i < p.ltls.length; i++) {
      into.ltl[i] = p.ltls[i].dfa.initial;
      into.status[i] = 0;
    }
  }

  /**
   * The reward of one transition (s, a, n) taken from a saved state, for transitions the
   * trajectories never took (EPIC's draws, LANGUAGE.md section 12): `s` gives the state, `a`
   * the action, `n` the next state; machines step from `from` on the label of (a, n). A state
   * that ended a terminated episode has potential 0 on either side of the transition
   * (`sTerminal`, `nTerminal`), so shaping telescopes; the end-of-trace judgement of an
   * undecided formula never applies. Changes neither `from` nor the runner's episode.
   */
  rewardFrom(from: RunnerState, s: Float64Array, a: Float64Array, n: Float64Array, sTerminal: boolean, nTerminal: boolean): number {
    const w = this.scratch;
    w.machine.set(from.machine);
    w.ltl.set(from.ltl);
    w.status.set(from.status);
    return this.transition(s, a, n, sTerminal, nTerminal, false, w.machine, w.ltl, w.status, this.scratchComponents);
  }

  private readonly scratch: RunnerState;
  private readonly scratchComponents: Float64Array;

  /** One transition (s, a, n) from the machine and formula states given, which it advances. */
  private transition(
    s: Float64Array, a: Float64Array, n: Float64Array,
    sTerminal: boolean, nTerminal: boolean, judgeEnd: boolean,
    machineState: Int32Array, ltlState: Int32Array, ltlStatus: Int8Array, components: Float64Array,
  ): number {
    const p = this.program;
    for (let i = 0; i < p.machines.length; i++) {
      const m = p.machines[i];
      const u = machineState[i];
      this.previousState[i] = u;
      this.machineReward[i] = 0;
      if (m.terminal[u]) continue;
      const options = m.transitions[u];
      let taken = -1;
      for (let k = 0; k < options.length; k++) {
        const g = options[k].guard;
        if (g !== undefined && g(n, a, n) !== 0) {
          taken = k;
          break;
        }
      }
      // `otherwise` holds when no other guard of the state holds; the first one written is taken.
      if (taken < 0) for (let k = 0; k < options.length; k++) if (options[k].guard === undefined) { taken = k; break; }
      if (taken < 0) continue;
      const tr = options[taken];
      this.machineReward[i] = tr.reward ? tr.reward(s, a, n) : 0;
      machineState[i] = tr.to;
    }

    for (let i = 0; i < p.ltls.length; i++) {
      this.ltlEmit[i] = 0;
      if (ltlStatus[i] !== 0) continue;
      const l = p.ltls[i];
      let letter = 0;
      for (let k = 0; k < l.atoms.length; k++) if (l.atoms[k](s, a, n) !== 0) letter |= 1 << k;
      const q = l.dfa.next[ltlState[i] * (1 << l.dfa.atoms) + letter];
      ltlState[i] = q;
      // Decided once: the first step after which every (or no) continuation satisfies the formula;
      // an episode that terminates undecided is judged whole at its last step (LTLf).
      let v = l.verdict[q];
      if (v === 0 && judgeEnd) v = l.dfa.accepting[q] ? 1 : -1;
      if (v !== 0) {
        ltlStatus[i] = v;
        this.ltlEmit[i] = v > 0 ? l.accept(s, a, n) : l.reject(s, a, n);
      }
    }

    let reward = 0;
    for (let i = 0; i < p.items.length; i++) {
      const item = p.items[i];
      let v: number;
      switch (item.kind) {
        case 'value':
          v = item.weight * item.value(s, a, n);
          break;
        case 'machine':
          v = item.weight * this.machineReward[item.machine];
          break;
        case 'ltl':
          v = item.weight * this.ltlEmit[item.ltl];
          break;
        case 'potential':
          // phi(s_{t+1}) := 0 when s_{t+1} is terminal (terminated, not truncated): Grzes 2017.
          v = p.gamma * (nTerminal ? 0 : item.phi(n, a, n)) - (sTerminal ? 0 : item.phi(s, a, s));
          break;
        case 'machine-shaping':
          v = p.gamma * (nTerminal ? 0 : item.potential[machineState[item.machine]]) - (sTerminal ? 0 : item.potential[this.previousState[item.machine]]);
          break;
      }
      components[i] = v;
      reward += v;
    }
    return reward;
  }
}

/** What the evaluator knows at a record: each machine's state, each formula's automaton state and verdict. */
export interface RunnerState {
  readonly machine: Int32Array;
  readonly ltl: Int32Array;
  readonly status: Int8Array;
}
