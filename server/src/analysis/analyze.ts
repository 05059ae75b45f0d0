import type { Diagnostic } from '../base/diagnostic';
import { check } from '../names/check';
import type { Model } from '../names/model';
import { parse, type ParseResult } from '../syntax/parse';

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
  const diagnostics = [...parsed.diagnostics, ...checked.diagnostics].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { text, parsed, model: checked.model, diagnostics, hasErrors: diagnostics.some((d) => d.severity === 'error') };
}
