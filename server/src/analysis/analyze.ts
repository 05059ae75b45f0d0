import { diagnostic, type Diagnostic } from '../base/diagnostic';
import { check } from '../names/check';
import type { Model } from '../names/model';
import { parse, type ParseResult } from '../syntax/parse';
import { ANALYSES, type AnalysisCheck } from './registry';

/** Everything known about one spec text: the one pipeline behind the editor and `reward check`. */
export interface Analysis {
  readonly text: string;
  readonly parsed: ParseResult;
  readonly model: Model;
  /** Sorted by position. */
  readonly diagnostics: readonly Diagnostic[];
  readonly hasErrors: boolean;
}

/** `analyses`: which to run (every one of the registry; tests inject others). */
export function analyze(text: string, analyses: readonly AnalysisCheck[] = ANALYSES): Analysis {
  const parsed = parse(text);
  const checked = check(parsed.file);
  const early = [...parsed.diagnostics, ...checked.diagnostics];
  // The analyses judge a spec whose names and types are sound; on a broken spec they would
  // only add noise, or be wrong.
  const analysed = early.some((d) => d.severity === 'error') ? [] : analyses.flatMap((a) => runSafely(a, checked.model, text));
  const diagnostics = [...early, ...analysed].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { text, parsed, model: checked.model, diagnostics, hasErrors: diagnostics.some((d) => d.severity === 'error') };
}

/**
 * An analysis that throws is a bug in Rewardsmith: it must neither take the other analyses
 * and the editor down nor pass in silence. It becomes one `internal-error` that names it.
 */
function runSafely(a: AnalysisCheck, model: Model, text: string): readonly Diagnostic[] {
  try {
    return a(model);
  } catch (e) {
    const name = analysisName(a);
    const why = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    const message = `Internal error: the ${name} analysis failed on this spec (${why}), so its diagnostics are missing. The other analyses ran. This is a bug in Rewardsmith: please report it with this file.`;
    return [diagnostic('internal-error', { start: 0, end: Math.min(1, text.length) }, message)];
  }
}

/** `machineChecks` → `machine checks`: the registry's function names read as the analysis's name. */
const analysisName = (a: AnalysisCheck) => (a.name || 'unnamed').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
