// One spec text through everything that reads specs: the parser, the checker, each analysis
// (called directly: analyze() would swallow their exceptions), the formatter and the compiler
// of every reward. Each step is timed; the formatter is checked to be idempotent and to keep
// the spec's diagnostics. Throws on the first broken promise.
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis/analyze';
import { ANALYSES } from '../../server/src/analysis/registry';
import type { Diagnostic } from '../../server/src/base/diagnostic';
import { compileProgram, type Program } from '../../server/src/eval/program';
import { check } from '../../server/src/names/check';
import { parse } from '../../server/src/syntax/parse';
import { format } from '../../server/src/syntax/print';
import { timed } from './budget';

export interface PipelineResult {
  readonly errors: boolean;
  readonly formatted: string;
  /** One program per reward, when the spec has no error. */
  readonly programs: readonly Program[];
}

/** An error a step raises on purpose, with a message for the user (compileProgram's refusals). */
export function isDeliberate(e: unknown): boolean {
  return e instanceof Error && e.constructor === Error && e.message.length > 0 && !/undefined|null|is not a function|Cannot read/.test(e.message);
}

const codes = (ds: readonly Diagnostic[]) => ds.map((d) => `${d.code}:${d.severity}`).sort();

export function pipeline(text: string): PipelineResult {
  const parsed = timed('parse', () => parse(text));
  for (const d of parsed.diagnostics) assertSpan(d, text);
  const checked = timed('check', () => check(parsed.file));
  for (const d of checked.diagnostics) assertSpan(d, text);
  const errors = [...parsed.diagnostics, ...checked.diagnostics].some((d) => d.severity === 'error');
  if (!errors) {
    for (const a of ANALYSES) {
      const ds = timed(`analysis ${a.name}`, () => a(checked.model));
      for (const d of ds) assertSpan(d, text);
    }
  }
  const f = timed('format', () => format(text));
  if (f.changed) {
    const again = timed('format of the formatted text', () => format(f.text));
    assert.equal(again.text, f.text, 'the formatter is idempotent');
    assert.equal(again.changed, false);
    assert.deepEqual(parse(f.text).diagnostics, [], 'the formatted text parses');
    // Same meaning: the same diagnostics (positions move, codes and severities stay).
    assert.deepEqual(codes(analyze(f.text).diagnostics), codes(analyze(text).diagnostics), 'the formatter keeps the diagnostics');
  } else {
    assert.equal(f.text, text);
  }
  const programs: Program[] = [];
  if (!errors && !analyze(text).hasErrors) {
    for (const r of checked.model.rewards) {
      try {
        programs.push(timed(`compile ${r.name.text}`, () => compileProgram(checked.model, r.name.text)));
      } catch (e) {
        if (!isDeliberate(e)) throw e;
      }
    }
  }
  return { errors, formatted: f.text, programs };
}

function assertSpan(d: Diagnostic, text: string): void {
  assert.ok(d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= text.length, `${d.code} has a span inside the text`);
  // Words of a leaked JavaScript value, unless the user wrote them.
  const leaked = ['undefined', 'NaN', '[object '].filter((w) => d.message.includes(w) && !text.includes(w));
  assert.ok(d.message.length > 0 && leaked.length === 0, `${d.code}: a clear message, got: ${d.message}`);
}
