// The editor's incremental analysis (server/src/lsp/incremental-analysis.ts) equals the one
// analysis, analyze(text), after any sequence of edits: random text, and edits of numbers and
// names that keep the spec sound (so that the analyses run on slices).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { analyze } from '../../server/src/analysis/analyze';
import { analyzeIncremental, type IncrementalAnalysis } from '../../server/src/lsp/incremental-analysis';
import { largeSpec } from '../../bench/src/gen/large-spec';
import { Rng } from '../export/spec-gen';

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const TEXTS = [...readdirSync('examples').filter((f) => f.endsWith('.reward')).map((f) => readFileSync(join('examples', f), 'utf8')), largeSpec(300)];
const SNIPPETS = ['(', ')', '{', '}', '/*', '*/', '//', "'", '\n', ';', ' ', 'x', '1', ' + 1', 'signal ', 'def d = ', 'reward r {\n', '  task ', '\n}\n', ' when ', '-'];

function assertSame(inc: IncrementalAnalysis, text: string, what: string): void {
  const full = analyze(text);
  const a = inc.analysis.diagnostics;
  const b = full.diagnostics;
  if (isDeepStrictEqual(a, b) && inc.analysis.hasErrors === full.hasErrors) return;
  const i = a.findIndex((d, k) => !isDeepStrictEqual(d, b[k]));
  assert.fail(`${what} (ran ${inc.ran}): ${a.length} vs ${b.length} diagnostics; first difference at ${i}:\n${JSON.stringify(a[i])}\n${JSON.stringify(b[i])}`);
}

/** An edit that keeps the spec sound, usually: a number changed, a term appended to an expression. */
function soundEdit(rng: Rng, text: string): string {
  const numbers = [...text.matchAll(/(?<=[ (*-])\d+(\.\d+)?(?=[ )\n])/g)];
  if (numbers.length === 0) return text;
  const m = rng.pick(numbers);
  const at = m.index!;
  const replacement = rng.pick([String(rng.int(0, 9)), `${m[0]} + 1`, `${m[0]}.5`, '0']);
  return text.slice(0, at) + replacement + text.slice(at + m[0].length);
}

test(`incremental analysis equals analyze() after random edits (seed ${SEED})`, { timeout: 300_000 }, () => {
  const rng = new Rng(SEED);
  const ran = { none: 0, whole: 0, slice: 0 };
  for (const original of TEXTS) {
    let text = original;
    let inc = analyzeIncremental(text);
    assertSame(inc, text, 'the text');
    const step = (next: string, what: string) => {
      text = next;
      inc = analyzeIncremental(text, inc);
      ran[typeof inc.ran === 'number' ? 'slice' : inc.ran]++;
      assertSame(inc, text, `${what} (seed ${SEED})`);
    };
    for (let i = 0; i < 30; i++) {
      if (rng.chance(0.7)) step(soundEdit(rng, text), `sound edit ${i}`);
      else {
        // A random edit, then (mostly) its undo, as a user types and fixes.
        const before = text;
        const at = rng.int(0, text.length);
        const remove = rng.chance(0.4) ? rng.int(1, 8) : 0;
        step(text.slice(0, at) + (remove && rng.chance(0.5) ? '' : rng.pick(SNIPPETS)) + text.slice(Math.min(text.length, at + remove)), `random edit ${i}`);
        if (rng.chance(0.8)) step(before, `undo of edit ${i}`);
      }
    }
  }
  assert.ok(ran.slice > 5, `analyses ran on slices ${ran.slice} times (${JSON.stringify(ran)})`);
});

test('an edit of one module of a large spec analyses a slice of a few declarations', () => {
  const text = largeSpec(1000);
  const first = analyzeIncremental(text);
  assert.equal(first.ran, 'whole');
  const at = text.indexOf('abs(x7 - ') + 'abs(x7 - '.length;
  const next = analyzeIncremental(`${text.slice(0, at)}9${text.slice(at + 1)}`, first);
  assert.ok(typeof next.ran === 'number' && next.ran < 20, `ran ${next.ran}`);
  assert.equal(next.parse.reparsed.size, 1);
});

test('after versions with errors, the next sound one is analysed on a slice from the last sound version', () => {
  const text = largeSpec(1000);
  const first = analyzeIncremental(text);
  const at = text.indexOf('abs(x7 - ') + 'abs(x7 - '.length;
  // Typing a term in two keystrokes: `abs(x7 - +` has a syntax error, then `abs(x7 - + 1` ... is sound again.
  const broken = `${text.slice(0, at)}+${text.slice(at)}`;
  const mid = analyzeIncremental(broken, first);
  assert.equal(mid.ran, 'none');
  const elsewhere = broken.indexOf('abs(x30 - ') + 'abs(x30 - '.length;
  const stillBroken = `${broken.slice(0, elsewhere)}3${broken.slice(elsewhere + 1)}`;
  const mid2 = analyzeIncremental(stillBroken, mid);
  assert.equal(mid2.ran, 'none');
  const fixed = `${stillBroken.slice(0, at)}${stillBroken.slice(at + 1)}`;
  const next = analyzeIncremental(fixed, mid2);
  assert.ok(typeof next.ran === 'number' && next.ran < 30, `ran ${next.ran}`);
  assertSame(next, fixed, 'the sound version after two with errors');
});
