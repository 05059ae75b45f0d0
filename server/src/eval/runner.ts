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

    for (let i = 0; i < p.machines.length; i++) {
      const m = p.machines[i];
      const u = this.machineState[i];
      this.previousState[i] = u;
      this.machineReward[i] = 0;
      if (m.terminal[u]) continue;
      const options = m.transitions[u];
      let taken = -1;
      for (let k = 0; k < options.length; k++) {
        const g = options[k].guard;
        if (g !== undefined && g(next, cur, next) !== 0) {
          taken = k;
          break;
        }
      }
      // `otherwise` holds when no other guard of the state holds; the first one written is taken.
      if (taken < 0) for (let k = 0; k < options.length; k++) if (options[k].guard === undefined) { taken = k; break; }
      if (taken < 0) continue;
      const tr = options[taken];
      this.machineReward[i] = tr.reward ? tr.reward(cur, cur, next) : 0;
      this.machineState[i] = tr.to;
    }

    for (let i = 0; i < p.ltls.length; i++) {
      this.ltlEmit[i] = 0;
      if (this.ltlStatus[i] !== 0) continue;
      const l = p.ltls[i];
      let letter = 0;
      for (let k = 0; k < l.atoms.length; k++) if (l.atoms[k](cur, cur, next) !== 0) letter |= 1 << k;
      const q = l.dfa.next[this.ltlState[i] * (1 << l.dfa.atoms) + letter];
      this.ltlState[i] = q;
      // Decided once: the first step after which every (or no) continuation satisfies the formula;
      // an episode that terminates undecided is judged whole at its last step (LTLf).
      let v = l.verdict[q];
      if (v === 0 && terminated) v = l.dfa.accepting[q] ? 1 : -1;
      if (v !== 0) {
        this.ltlStatus[i] = v;
        this.ltlEmit[i] = v > 0 ? l.accept(cur, cur, next) : l.reject(cur, cur, next);
      }
    }

    let reward = 0;
    for (let i = 0; i < p.items.length; i++) {
      const item = p.items[i];
      let v: number;
      switch (item.kind) {
        case 'value':
          v = item.weight * item.value(cur, cur, next);
          break;
        case 'machine':
          v = item.weight * this.machineReward[item.machine];
          break;
        case 'ltl':
          v = item.weight * this.ltlEmit[item.ltl];
          break;
        case 'potential':
          // phi(s_{t+1}) := 0 when s_{t+1} is terminal (terminated, not truncated): Grzes 2017.
          v = p.gamma * (terminated ? 0 : item.phi(next, cur, next)) - item.phi(cur, cur, cur);
          break;
        case 'machine-shaping':
          v = p.gamma * (terminated ? 0 : item.potential[this.machineState[item.machine]]) - item.potential[this.previousState[item.machine]];
          break;
      }
      this.components[i] = v;
      reward += v;
    }
    this.reward = reward;
    this.return += reward;
    this.discountedReturn += this.discountPower * reward;
    this.discountPower *= p.gamma;
    this.t++;
    return reward;
  }
}
