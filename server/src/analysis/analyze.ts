import type { Diagnostic } from '../base/diagnostic';
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

export function analyze(text: string): Analysis {
  const parsed = parse(text);
  const checked = check(parsed.file);
  const early = [...parsed.diagnostics, ...checked.diagnostics];
  // The analyses judge a spec whose names and types are sound; on a broken spec they would
  // only add noise, or be wrong.
  const analysed = early.some((d) => d.severity === 'error') ? [] : ANALYSES.flatMap((a) => runSafely(a, checked.model));
  const diagnostics = [...early, ...analysed].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { text, parsed, model: checked.model, diagnostics, hasErrors: diagnostics.some((d) => d.severity === 'error') };
}

function runSafely(a: AnalysisCheck, model: Model): readonly Diagnostic[] {
  try {
    return a(model);
  } catch {
    // An analysis bug must not take the editor down; the fuzz tests hunt these.
    return [];
  }
}
