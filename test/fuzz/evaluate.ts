// The evaluation of a spec text on trajectory files, as `reward eval --format json` prints it,
// and the count of records in a JSONL text by the rule of LANGUAGE.md section 9.
import { analyze } from '../../server/src/analysis/analyze';
import type { DataProblem } from '../../server/src/data/problem';
import { evaluateFiles } from '../../server/src/eval/evaluate';
import { compileProgram } from '../../server/src/eval/program';
import { episodeObject, stepObject, type StepObject } from '../../server/src/eval/report';

export interface Evaluation {
  readonly steps: StepObject[];
  readonly episodes: ReturnType<typeof episodeObject>[];
  readonly problems: DataProblem[];
  skipped: number;
}

export async function evaluateText(spec: string, files: readonly string[], reward?: string): Promise<Evaluation> {
  const a = analyze(spec);
  if (a.hasErrors) throw new Error(`the spec has errors: ${a.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message).join('; ')}`);
  const program = compileProgram(a.model, reward);
  const out: Evaluation = { steps: [], episodes: [], problems: [], skipped: 0 };
  const totals = await evaluateFiles(program, files, {
    step: (e, r) => out.steps.push(stepObject(e, r)),
    episode: (e) => out.episodes.push(episodeObject(e)),
    problem: (p) => out.problems.push(p),
  });
  out.skipped = totals.skipped;
  return out;
}

/** Records of a JSONL text: its lines that are not blank, after a leading byte-order mark. */
export function jsonlRecords(text: string): number {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return body.split('\n').filter((l) => !/^[ \t]*\r?$/.test(l)).length;
}

/** Steps + episodes + skipped: every record either read (an episode of n records has n - 1 steps) or skipped. */
export const accounted = (e: Evaluation): number => e.steps.length + e.episodes.length + e.skipped;

/**
 * The evaluation with component keys compared without their spaces and with one spelling of
 * `&&` and `||`: formatting may respace and respell an item, and so its key (docs/language.md,
 * Formatting), but never change its value or its place.
 */
export function modKeySpacing(e: Evaluation): unknown {
  // The formatter also spells `&` and `|` as `&&` and `||`.
  const squeeze = (t: string) => t.replace(/\s+/g, '').replace(/&&/g, '&').replace(/\|\|/g, '|');
  return {
    ...e,
    steps: e.steps.map((s) => ({ ...s, components: Object.entries(s.components).map(([k, v]) => [squeeze(k), v]) })),
    // A problem of a reward item names it.
    problems: e.problems.map((p) => ({ ...p, field: squeeze(p.field), message: squeeze(p.message) })),
  };
}
