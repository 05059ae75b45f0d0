import { analyze } from '../analysis/analyze';
import type { DataProblem } from '../data/problem';
import { evaluateFiles } from '../eval/evaluate';
import { compileProgram, type Program } from '../eval/program';
import type { Model } from '../names/model';
import type { ComponentInfo, PreviewMeta, PreviewStore, ProblemInfo, VariantInfo } from '../../../protocol/preview';
import { compareVariants } from '../compare/variants';
import { Grow } from './grow';
import type { SeriesKind } from '../../../protocol/detail';
import { ReturnCheckpoints, type SeriesOf } from '../../../protocol/slices';

/** Problems kept for display; the rest are only counted. */
const MAX_PROBLEMS = 200;

/** Where the per-step values of one series go while the evaluation streams. */
export interface SeriesWriter<T> {
  push(x: number): void;
  /** Called once, after the last step. */
  done(): T;
}

/**
 * Receives every per-step series of the preview: the full-resolution store keeps each in a typed
 * array (`storeSink`), the report compresses it chunk by chunk (report-detail.ts), so that
 * `reward preview` holds what it writes, not an object per step.
 */
export interface SeriesSink<T> {
  open(kind: SeriesKind): SeriesWriter<T>;
}

/** Everything of the preview but the per-step series. */
export type PreviewSummary = Omit<PreviewStore, 'reward' | 'components' | 'machines' | 'ltl' | 'props'>;

export interface PreviewSeries<T> extends SeriesOf<T> {
  readonly summary: PreviewSummary;
}

const GROW = { f64: Float64Array, i32: Int32Array, i8: Int8Array, u8: Uint8Array } as const;

/** Every series in a typed array of its own, for the language server's store. */
export const storeSink: SeriesSink<Float64Array | Int32Array | Int8Array | Uint8Array> = {
  open(kind) {
    const g = new Grow<Float64Array | Int32Array | Int8Array | Uint8Array>(GROW[kind]);
    return { push: (x) => g.push(x), done: () => g.done() };
  },
};

/**
 * Evaluates every `reward` block of a checked, error-free spec on the trajectory files with the
 * one evaluator (compileProgram + evaluateFiles), so any format that `readTrajectory` learns
 * is previewed too, and keeps everything in memory: the language server's store.
 */
export async function computePreview(model: Model, files: readonly string[], spec: string, more: PreviewInputs = {}): Promise<PreviewStore> {
  const r = await evaluatePreview(model, files, spec, storeSink, more);
  return {
    ...r.summary,
    reward: r.reward as Float64Array[],
    components: r.components as Float64Array[][],
    machines: r.machines as Int32Array[],
    ltl: r.ltl as Int8Array[],
    props: r.props as Uint8Array[],
  };
}

/**
 * The evaluation of the preview, each per-step series into `sink`. Machines, formulas and props
 * do not depend on the variant: they are recorded on the first pass only. Per episode and per
 * problem it keeps only what the summary shows (problems up to MAX_PROBLEMS, then a count).
 */
export async function evaluatePreview<T>(model: Model, files: readonly string[], spec: string, sink: SeriesSink<T>, more: PreviewInputs = {}): Promise<PreviewSeries<T>> {
  if (model.rewards.length === 0) throw new Error(`${spec} declares no reward block: nothing to preview`);
  const programs = model.rewards.map((r) => compileProgram(model, r.name.text));
  const first = programs[0];
  const meta: PreviewMeta = {
    spec,
    gamma: first.gamma,
    variants: model.rewards.map((r, i): VariantInfo => ({ name: r.name.text, components: componentInfo(programs[i]) })),
    machines: first.machines.map((m) => ({ name: m.name, states: [...m.states], terminal: [...m.terminal] })),
    ltls: first.ltls.map((l) => l.name),
    props: first.props.map((p) => p.name),
    files: [...files],
  };

  const machines = first.machines.map(() => sink.open('i32'));
  const ltl = first.ltls.map(() => sink.open('i8'));
  const props = first.props.map(() => sink.open('u8'));
  const offsets = new Grow(Int32Array);
  const terminated = new Grow(Uint8Array);
  const fileIndex = new Grow(Int32Array);
  const problems: ProblemInfo[] = [];
  let moreProblems = 0;
  let skipped = 0;
  offsets.push(0);

  const reward: T[] = [];
  const components: T[][] = [];
  const returns: Float64Array[] = [];
  const discounted: Float64Array[] = [];

  for (let v = 0; v < programs.length; v++) {
    const program = programs[v];
    const stepReward = sink.open('f64');
    const stepComponents = program.keys.map(() => sink.open('f64'));
    const epReturn = new Grow(Float64Array);
    const epDiscounted = new Grow(Float64Array);
    const firstPass = v === 0;
    let currentFile = '';
    let currentIndex = -1;
    let stepsSoFar = 0;
    const totals = await evaluateFiles(program, files, {
      step(_episode, r) {
        stepReward.push(r.reward);
        stepsSoFar++;
        for (let k = 0; k < stepComponents.length; k++) stepComponents[k].push(r.components[k]);
        if (!firstPass) return;
        for (let i = 0; i < machines.length; i++) machines[i].push(r.machineState[i]);
        for (let i = 0; i < ltl.length; i++) ltl[i].push(r.ltlStatus[i]);
        for (let i = 0; i < props.length; i++) props[i].push(r.props[i]);
      },
      episode(e) {
        epReturn.push(e.return);
        epDiscounted.push(e.discounted_return);
        if (!firstPass) return;
        if (e.file !== currentFile) {
          currentFile = e.file;
          currentIndex = files.indexOf(e.file);
        }
        offsets.push(stepsSoFar);
        terminated.push(e.end === 'terminated' ? 1 : 0);
        fileIndex.push(currentIndex);
      },
      problem(p: DataProblem) {
        if (!firstPass) return;
        if (problems.length < MAX_PROBLEMS) problems.push({ file: p.file, line: p.line, field: p.field, message: p.message });
        else moreProblems++;
      },
    });
    if (firstPass) skipped = totals.skipped;
    reward.push(stepReward.done());
    components.push(stepComponents.map((c) => c.done()));
    returns.push(epReturn.done());
    discounted.push(epDiscounted.done());
  }

  // The EPIC distances and the preference fits, as `reward compare` computes them (its own passes
  // over the files: the canonicalisation needs the records, which the store does not keep).
  const compared = await compareVariants(model, spec, more.text ?? '', files, more.preferences);
  // Only the label files add problems: the data's are listed already, and a distance that is
  // null says why on its own cell.
  const labelFiles = new Set((more.preferences ?? []).map((p) => p.file));
  const seen = new Set(problems.map(problemKey));
  for (const p of compared.problems) {
    if (!labelFiles.has(p.file) || seen.has(problemKey(p))) continue;
    if (problems.length < MAX_PROBLEMS) problems.push({ file: p.file, line: p.line, field: p.field, message: p.message });
    else moreProblems++;
  }

  return {
    summary: {
      meta,
      offsets: offsets.done(),
      terminated: terminated.done(),
      file: fileIndex.done(),
      returns,
      discounted,
      epic: compared.epic,
      shapingOnly: compared.shapingOnly,
      preferences: compared.preferences && more.preferences ? {
        files: more.preferences.map((p) => p.file),
        variants: compared.preferences.map((f) => ({ agreement: f.agreement ?? NaN, logLikelihood: f.log_likelihood, beta: f.beta ?? NaN, pairs: f.pairs })),
      } : null,
      problems,
      moreProblems,
      skipped,
    },
    reward,
    components,
    machines: machines.map((m) => m.done()),
    ltl: ltl.map((l) => l.done()),
    props: props.map((p) => p.done()),
  };
}

/** What the preview needs beyond the model and the trajectories: the spec's text (for the lines of problems) and the preference label files, read by the caller. */
export interface PreviewInputs {
  readonly text?: string;
  readonly preferences?: readonly { readonly file: string; readonly text: string }[];
}

const problemKey = (p: { file: string; line: number; field: string; message: string }) => `${p.file}\n${p.line}\n${p.field}\n${p.message}`;

/**
 * Task, auxiliary or shaping: the roles the program decided (program/lower.ts, one decision
 * for the preview and the analyses). The clip line has no colour of its own yet: it is shown
 * with the auxiliaries, as a correction of the sum.
 */
export function componentInfo(program: Program): ComponentInfo[] {
  return program.items.map((item) => ({ key: item.key, kind: item.role === 'clip' ? 'auxiliary' : item.role }));
}

export type SpecPreview =
  /** `checkpoints` is where the slices of this store keep the returns so far (protocol/slices.ts). */
  | { readonly kind: 'store'; readonly store: PreviewStore; readonly checkpoints: ReturnCheckpoints }
  | { readonly kind: 'errors'; readonly errors: number; readonly message: string };

/** The spec's checked model, or why it has none to preview: its errors, the first named. */
export function checkedSpec(text: string, spec: string): { readonly kind: 'model'; readonly model: Model } | Extract<SpecPreview, { kind: 'errors' }> {
  const a = analyze(text);
  const errors = a.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const first = errors[0];
    const line = text.slice(0, first.span.start).split('\n').length;
    const s = errors.length === 1 ? '' : 's';
    return { kind: 'errors', errors: errors.length, message: `${spec} has ${errors.length} error${s} (first, line ${line}: ${first.code}: ${first.message})` };
  }
  return { kind: 'model', model: a.model };
}

/** Analyses a spec text and, when it has no error, previews it on the files. */
export async function previewText(text: string, spec: string, files: readonly string[], preferences?: PreviewInputs['preferences']): Promise<SpecPreview> {
  const c = checkedSpec(text, spec);
  if (c.kind === 'errors') return c;
  return { kind: 'store', store: await computePreview(c.model, files, spec, { text, preferences }), checkpoints: new ReturnCheckpoints() };
}
