import type { EpisodeEnd } from '../data/episodes';
import { dataProblem, type DataProblem } from '../data/problem';
import { ProblemLog, type OmittedProblems } from '../data/problem-log';
import type { ReadOptions } from '../data/read';
import { fieldLength } from '../data/decode';
import { evaluateFiles } from '../eval/evaluate';
import type { RecordLayout } from '../eval/layout';
import { compileProgram, type Program } from '../eval/program';
import { cloneState } from '../eval/generate';
import { Runner, type RunnerState } from '../eval/runner';
import type { Model } from '../names/model';
import { drawIndices, epicDistance, expectedOfDraws, selectSteps, StateExpectations, varies, type DrawnState, type Draws, type TransitionReward } from './epic';
import { fitPreferences, type Preference, type PreferenceFit } from './preferences';
import { Prng } from './prng';
import { compareReturns, type Disagreement } from './returns';

/** The correlation of canonical forms is taken over all steps, or a uniform sample of this many. */
export const STEP_SAMPLE = 100_000;

export interface CompareOptions {
  /** The reward blocks to compare, in this order (default: all, in the order of the file). */
  readonly rewards?: readonly string[];
  /** Draws of each of S, A, S' (default 512). */
  readonly samples?: number;
  readonly seed?: number;
  readonly read?: ReadOptions;
  /** How many steps the correlation is taken over at most (default STEP_SAMPLE; smaller in tests). */
  readonly stepSample?: number;
  /** Reads the preference labels once the episodes are counted (LANGUAGE.md section 12). */
  readonly preferences?: (episodes: number) => { preferences: readonly Preference[]; problems: readonly DataProblem[] };
}

export interface ComparedPair {
  readonly a: string;
  readonly b: string;
  /** null when either canonical form does not vary over the steps (a problem says why). */
  readonly epic: number | null;
  readonly return_spearman: number | null;
  readonly disagreements: readonly Disagreement[];
}

/** The object of `reward compare --format json` (LANGUAGE.md section 12), and what the preview shows. */
export interface CompareResult {
  readonly rewards: readonly string[];
  readonly pairs: readonly ComparedPair[];
  readonly preferences?: Readonly<Record<string, PreferenceFit>>;
  readonly steps: number;
  readonly skipped: number;
  readonly problems: readonly DataProblem[];
  /** Beyond the first 1,000 problems, their counts by file, field and kind (as `reward eval`). */
  readonly more_problems?: readonly OmittedProblems[];
}

/** What the run measured, for the bench and the docs: how many transitions it evaluated. */
export interface CompareCounts {
  readonly episodes: number;
  readonly states: number;
  /** Steps the correlation was taken over. */
  readonly stepsUsed: number;
  /** Distinct states whose m(x) was computed, per reward. */
  readonly distinctStates: readonly number[];
  readonly samples: number;
}

/**
 * `reward compare`: EPIC distances between reward variants of one spec, the rank correlation of
 * their returns, and their fit to preference labels. Streams the files several times (the
 * trajectory readers are its only I/O): once to count state records and steps, once to collect
 * the drawn records, then once per reward to evaluate the steps and canonicalise them. Memory
 * holds the draws, one canonical value per used step and reward (at most STEP_SAMPLE), and the
 * episodes' returns, never the trajectories.
 */
export async function compareFiles(model: Model, spec: string, specText: string, files: readonly string[], options: CompareOptions = {}): Promise<{ result: CompareResult; counts: CompareCounts }> {
  const names = options.rewards ?? model.rewards.map((r) => r.name.text);
  const programs = names.map((n) => compileProgram(model, n));
  const samples = options.samples ?? 512;
  const prng = new Prng(options.seed ?? 0);
  if (programs.length === 0) throw new Error(`${spec} declares no reward block: nothing to compare`);
  const first = programs[0];
  const layout = first.layout;
  const problems = new ProblemLog();

  // Pass 1: count the state records (every record of an episode, its last included) and steps.
  let states = 0;
  const totals = await evaluateFiles(first, files, {
    step(_e, r) {
      states += r.t === 1 ? 2 : 1;
    },
    lone() {
      states++;
    },
    episode() {},
    problem() {},
  }, options.read);
  const steps = totals.steps;

  // The draws and the steps, chosen by the seed from the counts alone.
  const canDraw = steps > 0 && samples > 0;
  const picks = canDraw ? drawIndices(prng, states, steps, samples) : undefined;
  const chosen = canDraw ? selectSteps(prng, steps, options.stepSample ?? STEP_SAMPLE) : null;

  // Pass 2: collect the drawn records with what the evaluator knows at them.
  const draws = picks ? await collectDraws(first, files, picks, options.read) : undefined;

  // Pass 3, per reward: the steps' rewards, their canonical forms, and the episodes' returns.
  const stepsUsed = !canDraw ? 0 : chosen ? chosen.length : steps;
  const canonical: Float64Array[] = [];
  const returns: Float64Array[] = [];
  const distinct: number[] = [];
  const nonFinite: number[] = [];
  const scales: number[] = [];
  // The readers' problems are the same in every pass: they are kept from the first reward's.
  // A later reward adds its own items' problems, unless an earlier reward has the same item
  // (the same text computes the same values; clip and replace depend on their block's sum).
  const earlierKeys = new Set<string>();
  for (const [v, program] of programs.entries()) {
    if (v > 0) for (const it of programs[v - 1].items) if (it.kind !== 'clip' && it.kind !== 'replace') earlierKeys.add(it.key);
    const ownKeys = new Set(program.keys);
    const c = new Float64Array(stepsUsed);
    const g: number[] = [];
    const runner = new Runner(program);
    const reward: TransitionReward = runner;
    const stateSlots = stateSlotsOf(layout);
    const m = draws ? new StateExpectations(reward, draws, stateSlots, program.machines.length, program.ltls.length) : undefined;
    const offset = draws ? program.gamma * expectedOfDraws(reward, draws) : 0;
    const walk = new StateWalk(runner);
    let stepIndex = 0;
    let used = 0;
    let lastStep = -2;
    let lastNext = 0;
    let sumSquares = 0;
    let bad = 0;
    await evaluateFiles(program, files, {
      step(_e, r, _record, cur, next, end) {
        const t = stepIndex++;
        walk.step(r, cur, next, end);
        if (!m || (chosen && chosen[used] !== t)) return;
        // m(s_t) is m(s_{t-1}') when the previous step was used too, in the same episode.
        const mCur = lastStep === t - 1 && r.t > 1 ? lastNext : m.at(walk.cur);
        const mNext = m.at(walk.next);
        lastStep = t;
        lastNext = mNext;
        const value = r.reward + program.gamma * mNext - mCur - offset;
        if (!Number.isFinite(value)) bad++;
        else sumSquares += r.reward * r.reward + mCur * mCur;
        c[used++] = value;
      },
      episode(e) {
        g.push(e.discounted_return);
      },
      problem(p) {
        const itemProblem = ownKeys.has(p.field) && p.message.startsWith(`the reward item '${p.field}' is not finite`);
        if (v === 0 || (itemProblem && !earlierKeys.has(p.field))) problems.add(p);
      },
    }, options.read);
    canonical.push(c);
    returns.push(Float64Array.from(g));
    distinct.push(m?.computed ?? 0);
    nonFinite.push(bad);
    scales.push(Math.sqrt(sumSquares / Math.max(1, used - bad)));
  }

  // Which canonical forms vary; the others have no correlation, and say why.
  const lineOf = (name: string) => {
    const decl = model.rewards.find((r) => r.name.text === name);
    return decl ? specText.slice(0, decl.name.span.start).split('\n').length : 1;
  };
  const usable = names.map((name, v) => {
    if (!canDraw) return false;
    if (nonFinite[v] > 0 && nonFinite[v] >= stepsUsed) {
      // Nothing is left to vary or not: one message says why, not two that contradict each other.
      problems.add(dataProblem(spec, lineOf(name), name, `the canonical form of '${name}' is not finite on any of the ${stepsUsed} steps (a reward, or its value on a transition drawn for the canonical form, is not finite: the expectations of every step read the drawn transitions): EPIC has nothing to measure, so its distances are null`));
      return false;
    }
    if (nonFinite[v] > 0) problems.add(dataProblem(spec, lineOf(name), name, `the canonical form of '${name}' is not finite on ${nonFinite[v]} of ${stepsUsed} steps (a reward, or its value on a drawn transition, is not finite); those steps are left out of its distances`));
    if (varies(canonical[v], scales[v])) return true;
    problems.add(dataProblem(spec, lineOf(name), name, `the canonical form of '${name}' does not vary over the steps (a constant reward, or pure shaping): EPIC has no correlation to measure, so its distances are null`));
    return false;
  });
  if (!canDraw && names.length > 0) {
    const why = steps === 0 ? 'the trajectories hold no step' : '--samples is 0';
    problems.add(dataProblem(spec, 1, '', `no EPIC distance can be computed: ${why}`));
  }

  const pairs: ComparedPair[] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const d = usable[i] && usable[j] ? epicDistance(canonical[i], canonical[j]) : NaN;
      const r = compareReturns(returns[i], returns[j]);
      pairs.push({ a: names[i], b: names[j], epic: finiteOrNull(d), return_spearman: finiteOrNull(r.spearman), disagreements: r.disagreements });
    }
  }

  let preferences: Record<string, PreferenceFit> | undefined;
  if (options.preferences) {
    const labels = options.preferences(totals.episodes);
    for (const p of labels.problems) problems.add(p);
    preferences = {};
    names.forEach((n, v) => (preferences![n] = fitPreferences(labels.preferences, returns[v])));
  }

  return {
    result: { rewards: names, pairs, ...(preferences ? { preferences } : {}), steps, skipped: totals.skipped, problems: problems.kept, ...(problems.omitted > 0 ? { more_problems: problems.omittedGroups() } : {}) },
    counts: { episodes: totals.episodes, states, stepsUsed, distinctStates: distinct, samples: canDraw ? samples : 0 },
  };
}

const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

/**
 * Follows the state records of the steps as the evaluator reaches them: after `step`, `cur` is
 * s_t with the machine and formula states at it, `next` is s_{t+1} with those after the step.
 * The records are views of the evaluator's buffers, valid during the sink's call.
 */
class StateWalk {
  private atCur: RunnerState;
  private atNext: RunnerState;
  cur: { values: Float64Array; state: RunnerState; terminal: boolean };
  next: { values: Float64Array; state: RunnerState; terminal: boolean };

  constructor(private readonly runner: Runner) {
    this.atCur = runner.newState();
    this.atNext = runner.newState();
    this.cur = { values: new Float64Array(0), state: this.atCur, terminal: false };
    this.next = { values: new Float64Array(0), state: this.atNext, terminal: false };
  }

  /** Called after the evaluator took the step, with the runner of that evaluation. */
  step(r: Runner, cur: Float64Array, next: Float64Array, end: EpisodeEnd | null): void {
    // The state at s_t is the one after the previous step, or the initial one.
    if (r.t === 1) this.runner.initialState(this.atNext);
    [this.atCur, this.atNext] = [this.atNext, this.atCur];
    r.saveState(this.atNext);
    this.cur = { values: cur, state: this.atCur, terminal: false };
    this.next = { values: next, state: this.atNext, terminal: end === 'terminated' };
  }
}

/** Pass 2: the drawn state records and action records, copied with the evaluator's state at them. */
async function collectDraws(program: Program, files: readonly string[], picks: { states: Int32Array; actions: Int32Array; nexts: Int32Array }, read: ReadOptions | undefined): Promise<Draws> {
  const runner = new Runner(program);
  const walk = new StateWalk(runner);
  const samples = picks.actions.length;
  const stateOut: DrawnState[] = new Array(samples);
  const nextOut: DrawnState[] = new Array(samples);
  const actionOut: Float64Array[] = new Array(samples);
  // Requests sorted by record index, met in order as the records stream by.
  const stateWants = sortedWants([[picks.states, stateOut], [picks.nexts, nextOut]]);
  const actionWants = sortedWants([[picks.actions, actionOut]]);
  let stateIndex = 0;
  let stepIndex = 0;
  let sw = 0;
  let aw = 0;
  const takeState = (values: Float64Array, state: RunnerState, terminal: boolean) => {
    const k = stateIndex++;
    let copy: DrawnState | undefined;
    while (sw < stateWants.length && stateWants[sw].index === k) {
      copy ??= { values: values.slice(), state: cloneState(state), terminal };
      stateWants[sw].out[stateWants[sw].slot] = copy;
      sw++;
    }
  };
  const initial = runner.newState();
  runner.initialState(initial);
  await evaluateFiles(program, files, {
    step(_e, r, _record, cur, next, end) {
      walk.step(r, cur, next, end);
      if (r.t === 1) takeState(walk.cur.values, walk.cur.state, false);
      const k = stepIndex++;
      let copy: Float64Array | undefined;
      while (aw < actionWants.length && actionWants[aw].index === k) {
        copy ??= cur.slice();
        actionWants[aw].out[actionWants[aw].slot] = copy;
        aw++;
      }
      takeState(walk.next.values, walk.next.state, walk.next.terminal);
    },
    lone(_e, values, _record, end) {
      takeState(values, initial, end === 'terminated');
    },
    episode() {},
    problem() {},
  }, read);
  return { states: stateOut, actions: actionOut, nexts: nextOut };
}

function sortedWants<T>(sources: readonly (readonly [Int32Array, T[]])[]): { index: number; slot: number; out: T[] }[] {
  const wants: { index: number; slot: number; out: T[] }[] = [];
  for (const [indices, out] of sources) indices.forEach((index, slot) => wants.push({ index, slot, out }));
  return wants.sort((x, y) => x.index - y.index);
}

/** The slots of a record that hold the state s (every element of every signal, and the
 *  external labels), not the action: what a drawn S' replaces. Vectors span several slots. */
function stateSlotsOf(layout: RecordLayout): Int32Array {
  const labelBase = layout.width - layout.labels.length;
  const slots = layout.fields.flatMap((f, i) => (f.isAction ? [] : Array.from({ length: fieldLength(f) }, (_, k) => layout.slots[i] + k)));
  return Int32Array.from([...slots, ...layout.labels.map((_, k) => labelBase + k)]);
}
