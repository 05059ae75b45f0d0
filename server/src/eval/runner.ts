import type { EpisodeEnd } from '../data/episodes';
import { copyState, CUR_TERMINAL, JUDGE_END, NEXT_TERMINAL, newOutputs, newState, resetState, stepCode, type BoundStep, type EvalOutputs, type EvalState, type StepCode } from './generate';
import type { RecordLayout } from './layout';
import type { Program } from './program';

export type LtlStatus = 'pending' | 'accepted' | 'rejected';
const STATUS: readonly LtlStatus[] = ['rejected', 'pending', 'accepted'];
/** 2^-1022: a discount power below it is 0 (docs/language.md, Evaluation). */
export const SMALLEST_NORMAL = 2.2250738585072014e-308;

/** What a sink reads after a step: the runner, or the reference runner in differential tests. */
export interface StepView {
  readonly program: {
    readonly layout: RecordLayout;
    readonly gamma: number;
    readonly keys: readonly string[];
    readonly machines: readonly { readonly name: string; readonly states: readonly string[] }[];
    readonly ltls: readonly { readonly name: string }[];
    readonly props: readonly { readonly name: string }[];
  };
  readonly components: Float64Array;
  readonly machineState: Int32Array;
  readonly ltlStatus: Int8Array;
  readonly props: Uint8Array;
  readonly reward: number;
  readonly t: number;
  readonly return: number;
  readonly discountedReturn: number;
  ltlVerdict(i: number): LtlStatus;
  step(cur: Float64Array, next: Float64Array, end: EpisodeEnd | null): number;
  reset(): void;
}

/**
 * Runs one episode at a time, one step at a time, without allocating per step: after `step`,
 * the public arrays hold that step's values (LANGUAGE.md sections 4 to 6). The step itself is
 * the generated function of the program (generate.ts).
 *
 * One transition from any evaluator state (machine states, formula states, `prev` values),
 * without touching the running episode: `rewardFrom(from, s, a, n, sTerminal, nTerminal)`
 * (EPIC's drawn transitions, LANGUAGE.md section 12) and the general `transition(...)`.
 * `saveState`, `initialState` and `newState` give and hold such states.
 */
export class Runner implements StepView {
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

  private readonly state: EvalState;
  private readonly out: EvalOutputs;
  /** out.reward, bound once: the step reads it right after the call. */
  private readonly rewardOut: Float64Array;
  private readonly scratch: EvalState;
  private readonly scratchOut: EvalOutputs;
  private readonly code: StepCode;
  private readonly run: BoundStep;
  private readonly runScratch: BoundStep;
  private discountPower = 1;

  constructor(readonly program: Program) {
    const p = program.lowered;
    this.code = stepCode(p, [program.rewardIndex]);
    this.state = newState(p);
    this.out = newOutputs(p, [program.rewardIndex]);
    this.scratch = newState(p);
    this.scratchOut = newOutputs(p, [program.rewardIndex]);
    this.run = this.code.bind(this.state, this.out);
    this.runScratch = this.code.bind(this.scratch, this.scratchOut);
    this.components = this.out.components[0];
    this.machineState = this.state.machine;
    this.ltlStatus = this.state.status;
    this.props = this.out.props;
    this.rewardOut = this.out.reward;
    this.reset();
  }

  reset(): void {
    resetState(this.program.lowered, this.state);
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
    this.run(cur, cur, next, end === 'terminated' ? NEXT_TERMINAL | JUDGE_END : 0);
    const reward = this.rewardOut[0];
    this.reward = reward;
    this.return += reward;
    this.discountedReturn += this.discountPower * reward;
    // As in every backend: below the smallest normal double gamma^t is 0 from then on (docs/language.md): a denormal would make every later multiply slow.
    const power = this.discountPower * this.program.gamma;
    this.discountPower = power < SMALLEST_NORMAL ? 0 : power;
    this.t++;
    return reward;
  }

  /** A fresh holder for `saveState`. */
  newState(): RunnerState {
    return newState(this.program.lowered);
  }

  /** Copies what the runner knows at the record it last reached (machine and formula states, `prev` values) into `into`. */
  saveState(into: RunnerState): void {
    copyState(this.state, into);
  }

  /** The state at an episode's start, as `saveState` right after `reset`. */
  initialState(into: RunnerState): void {
    resetState(this.program.lowered, into);
  }

  newOutputs(): EvalOutputs {
    return newOutputs(this.program.lowered, [this.program.rewardIndex]);
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
    copyState(from, this.scratch);
    this.runScratch(s, a, n, (sTerminal ? CUR_TERMINAL : 0) | (nTerminal ? NEXT_TERMINAL : 0));
    return this.scratchOut.reward[0];
  }

  /** One transition from state `from` (left unchanged unless it is `into`), into `into` and `out`, with `flags` of generate.ts. Returns r. */
  transition(from: RunnerState, s: Float64Array, a: Float64Array, n: Float64Array, flags: number, into: RunnerState, out: EvalOutputs): number {
    if (into !== from) copyState(from, into);
    this.code.step(s, a, n, flags, into, out);
    return out.reward[0];
  }
}

/** What the evaluator knows at a record: machine and formula states, verdicts, `prev` values. */
export type RunnerState = EvalState;
