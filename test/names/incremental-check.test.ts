// The name check from the last version (server/src/names/check.ts, checkIncremental) equals
// check(file) of the whole tree after any sequence of edits: its diagnostics, and the whole
// model (every expression's type and target, the occurrences, what each name reads, the
// order, the exclusions, the machines). And it re-checks only what an edit reaches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { check, checkIncremental, type CheckPiece, type IncrementalCheck } from '../../server/src/names/check';
import type { Model } from '../../server/src/names/model';
import type * as A from '../../server/src/syntax/ast';
import { parseIncremental, type IncrementalParse } from '../../server/src/syntax/incremental';
import { largeSpec } from '../../bench/src/gen/large-spec';
import { Rng } from '../export/spec-gen';

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const TEXTS = [...readdirSync('examples').filter((f) => f.endsWith('.reward')).map((f) => readFileSync(join('examples', f), 'utf8')), largeSpec(300)];
// Edits that change what other declarations see: types, kinds, names, enums, cycles, primes, prev.
const SNIPPETS = [
  ' > 1', ' + 1', "'", ' * 2', 'x', '1', ' == a', ' && true', 'prev(', ')', ' ? 1 : 0', 'def d = ', 'prop p', 'signal s: bool\n', 'signal e: enum { a, b }\n',
  'def a = b\ndef b = a\n', 'exclusive near0, hazard0\n', 'reward r {\n  r\n}\n', 'term t = prev(t)\n', '[1, 2]', 'sum(', '\n', ' ', '-',
];

const EXPR_KINDS = new Set(['number', 'bool', 'name', 'unary', 'binary', 'conditional', 'call', 'paren', 'temporal', 'temporalBinary', 'index', 'slice', 'vector', 'prev', 'error']);

/** Every expression node of a tree. */
function expressions(file: A.SpecFile): A.Expr[] {
  const out: A.Expr[] = [];
  const stack: unknown[] = [...file.declarations];
  while (stack.length) {
    const v = stack.pop();
    if (!v || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      stack.push(...v);
      continue;
    }
    const o = v as Record<string, unknown>;
    if (typeof o.kind === 'string' && EXPR_KINDS.has(o.kind) && o.span && !('items' in o)) out.push(o as unknown as A.Expr);
    for (const k of Object.keys(o)) if (k !== 'span' && !k.endsWith('Span')) stack.push(o[k]);
  }
  return out;
}

function assertSameModel(a: Model, b: Model, what: string): void {
  const occurrences = (m: Model) => m.occurrences.map((o) => JSON.stringify(o)).sort();
  assert.deepEqual(occurrences(a), occurrences(b), `${what}: occurrences`);
  for (const e of expressions(a.file)) {
    if (!isDeepStrictEqual(a.typeOf(e), b.typeOf(e)) || !isDeepStrictEqual(a.targetOf(e), b.targetOf(e))) {
      assert.fail(`${what}: the ${e.kind} at ${e.span.start}-${e.span.end} is ${JSON.stringify(a.typeOf(e))} (${JSON.stringify(a.targetOf(e))}), checked whole ${JSON.stringify(b.typeOf(e))} (${JSON.stringify(b.targetOf(e))})`);
    }
  }
  for (const name of b.declarations.keys()) {
    assert.deepEqual(a.reads(name), b.reads(name), `${what}: what '${name}' reads`);
    assert.deepEqual(a.declType(name), b.declType(name), `${what}: the type of '${name}'`);
  }
  assert.deepEqual(a.order, b.order, `${what}: order`);
  assert.deepEqual(a.exclusive, b.exclusive, `${what}: exclusive`);
  assert.deepEqual(a.machines, b.machines, `${what}: machines`);
}

interface State {
  parse: IncrementalParse;
  check?: IncrementalCheck;
}

const piecesOf = (p: IncrementalParse): CheckPiece[] =>
  p.chunks.flatMap((c) => c.placed.file.declarations.map((placed, i) => ({ placed, local: c.local.file.declarations[i], delta: c.start, origin: c.origin })));

/** The next version from `s`, and (when parsed by chunks) its check held equal to the whole check. */
function step(s: State | undefined, text: string, what: string): State {
  const parse = parseIncremental(text, s?.parse);
  if (!parse.byChunks) return { parse };
  const inc = checkIncremental(parse.result.file, piecesOf(parse), s?.check?.state);
  const whole = check(parse.result.file);
  if (!isDeepStrictEqual(inc.result.diagnostics, whole.diagnostics)) {
    const i = inc.result.diagnostics.findIndex((d, k) => !isDeepStrictEqual(d, whole.diagnostics[k]));
    assert.fail(`${what}: ${inc.result.diagnostics.length} vs ${whole.diagnostics.length} diagnostics; first difference at ${i}:\n${JSON.stringify(inc.result.diagnostics[i])}\n${JSON.stringify(whole.diagnostics[i])}\n${text}`);
  }
  assertSameModel(inc.result.model, whole.model, what);
  return { parse, check: inc };
}

test(`the name check from the last version equals the whole check after random edits (seed ${SEED})`, { timeout: 300_000 }, () => {
  const rng = new Rng(SEED);
  let kept = 0;
  for (const original of TEXTS) {
    let text = original;
    let s = step(undefined, text, 'the text');
    for (let i = 0; i < 40; i++) {
      const before = text;
      const numbers = [...text.matchAll(/(?<=[ (*-])\d+(\.\d+)?(?=[ )\n])/g)];
      if (rng.chance(0.5) && numbers.length) {
        // A number changed: the spec stays sound, so the check goes by declaration.
        const m = rng.pick(numbers);
        text = text.slice(0, m.index!) + rng.pick(['7', `${m[0]} + 1`, `${m[0]}.5`, `(${m[0]} > 1 ? 1 : 0)`]) + text.slice(m.index! + m[0].length);
      } else {
        const at = rng.int(0, text.length);
        const remove = rng.chance(0.3) ? rng.int(1, 6) : 0;
        text = text.slice(0, at) + (remove && rng.chance(0.5) ? '' : rng.pick(SNIPPETS)) + text.slice(Math.min(text.length, at + remove));
      }
      s = step(s, text, `edit ${i} (seed ${SEED})`);
      if (s.check && s.check.checked < s.parse.result.file.declarations.length) kept++;
      if (rng.chance(0.6)) {
        text = before;
        s = step(s, text, `undo of edit ${i} (seed ${SEED})`);
      }
    }
  }
  assert.ok(kept > 10, `declarations kept their results in ${kept} versions`);
});

test('an edit inside one body re-checks that declaration alone; a change of its type re-checks its readers', () => {
  const text = largeSpec(1000);
  let s = step(undefined, text, 'the text');
  const total = s.parse.result.file.declarations.length;
  assert.ok(s.check!.checked > total - 5, `checked ${s.check?.checked} of ${total}`);
  // A digit of `def dist7 = abs(x7 - K) + ...`, then a character inserted (every later declaration moves).
  const at = text.indexOf('abs(x7 - ') + 'abs(x7 - '.length;
  const replaced = `${text.slice(0, at)}9${text.slice(at + 1)}`;
  s = step(s, replaced, 'a digit replaced');
  assert.equal(s.check?.checked, 1);
  const inserted = `${replaced.slice(0, at)}1${replaced.slice(at)}`;
  s = step(s, inserted, 'a digit inserted');
  assert.equal(s.check?.checked, 1);
  // `dist7` becomes a bool: `near7 = dist7 < 1` and `phi7 = -dist7` see another type.
  const end = inserted.indexOf('\n', at);
  const bool = `${inserted.slice(0, end)} > 2${inserted.slice(end)}`;
  s = step(s, bool, 'the type of dist7 changed');
  assert.ok(s.check!.checked > 1 && s.check!.checked < 10, `checked ${s.check?.checked}`);
  assert.ok(s.check!.result.diagnostics.some((d) => d.code === 'type-mismatch'));
});
