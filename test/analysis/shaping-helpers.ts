// Small helpers shared by the shaping, incentive and bounds tests: run the pipeline on an
// inline spec, pick diagnostics by code, apply a quick fix's edits.
import { analyze, type Analysis } from '../../server/src/analysis/analyze';
import type { Code, Diagnostic, Fix } from '../../server/src/base/diagnostic';

export const spec = (lines: readonly string[]): string => lines.join('\n') + '\n';

export const codes = (a: Analysis): Code[] => a.diagnostics.filter((d) => d.severity !== 'hint').map((d) => d.code);

export function only(text: string, code: Code): Diagnostic[] {
  return analyze(text).diagnostics.filter((d) => d.code === code);
}

/** The text with the fix's edits applied (edits do not overlap; apply from the end). */
export function applyFix(text: string, fix: Fix): string {
  return [...fix.edits].sort((a, b) => b.span.start - a.span.start).reduce((t, e) => t.slice(0, e.span.start) + e.newText + t.slice(e.span.end), text);
}

export const slice = (text: string, d: Diagnostic): string => text.slice(d.span.start, d.span.end);
