import { analyze } from '../analysis/analyze';
import type { DataProblem } from '../data/problem';
import { evaluateFiles } from '../eval/evaluate';
import { compileProgram, type Program } from '../eval/program';
import type { Model } from '../names/model';
import type { ComponentInfo, PreviewMeta, PreviewStore, ProblemInfo, VariantInfo } from '../../../protocol/preview';
import { compareVariants } from '../compare/variants';
import { Grow } from './grow';

/** Problems kept for display; the rest are only counted. */
const MAX_PROBLEMS = 200;

/**
 * Evaluates every `reward` block of a checked, error-free spec on the trajectory files with the
 * one evaluator (compileProgram + evaluateFiles), so any format that `readTrajectory` learns
 * is previewed too. Machines, formulas and props do not depend on the variant: they are
 * recorded on the first pass only.
 */
export async function computePreview(model: Model, files: readonly string[], spec: string, more: PreviewInputs = {}): Promise<PreviewStore> {
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

  const machines = first.machines.map(() => new Grow(Int32Array));
  const ltl = first.ltls.map(() => new Grow(Int8Array));
  const props = first.props.map(() => new Grow(Uint8Array));
  const offsets = new Grow(Int32Array);
  const terminated = new Grow(Uint8Array);
  const fileIndex = new Grow(Int32Array);
  const problems: ProblemInfo[] = [];
  let moreProblems = 0;
  let skipped = 0;
  offsets.push(0);

  const reward: Float64Array[] = [];
  const components: Float64Array[][] = [];
  const returns: Float64Array[] = [];
  const discounted: Float64Array[] = [];

  for (let v = 0; v < programs.length; v++) {
    const program = programs[v];
    const stepReward = new Grow(Float64Array);
    const stepComponents = program.keys.map(() => new Grow(Float64Array));
    const epReturn = new Grow(Float64Array);
    const epDiscounted = new Grow(Float64Array);
    const firstPass = v === 0;
    let currentFile = '';
    let currentIndex = -1;
    const totals = await evaluateFiles(program, files, {
      step(_episode, r) {
        stepReward.push(r.reward);
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
        offsets.push(stepReward.length);
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
    meta,
    offsets: offsets.done(),
    terminated: terminated.done(),
    file: fileIndex.done(),
    returns,
    discounted,
    reward,
    components,
    machines: machines.map((m) => m.done()),
    ltl: ltl.map((l) => l.done()),
    props: props.map((p) => p.done()),
    epic: compared.epic,
    shapingOnly: compared.shapingOnly,
    preferences: compared.preferences && more.preferences ? {
      files: more.preferences.map((p) => p.file),
      variants: compared.preferences.map((f) => ({ agreement: f.agreement ?? NaN, logLikelihood: f.log_likelihood, beta: f.beta ?? NaN, pairs: f.pairs })),
    } : null,
    problems,
    moreProblems,
    skipped,
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
  | { readonly kind: 'store'; readonly store: PreviewStore }
  | { readonly kind: 'errors'; readonly errors: number; readonly message: string };

/** Analyses a spec text and, when it has no error, previews it on the files. */
export async function previewText(text: string, spec: string, files: readonly string[], preferences?: PreviewInputs['preferences']): Promise<SpecPreview> {
  const a = analyze(text);
  const errors = a.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const first = errors[0];
    const line = text.slice(0, first.span.start).split('\n').length;
    const s = errors.length === 1 ? '' : 's';
    return { kind: 'errors', errors: errors.length, message: `${spec} has ${errors.length} error${s} (first, line ${line}: ${first.code}: ${first.message})` };
  }
  return { kind: 'store', store: await computePreview(a.model, files, spec, { text, preferences }) };
}
