// The bounds read the lowered program (analysis/expr-bounds.ts: one loop over the instructions,
// an interval per vector element). Held against the bounds as they were computed over the
// syntax tree (tree-bounds.ts, the oracle): on random specs equal node for node and declaration
// for declaration where no vector is involved; where one is never wider, and every value the
// generated evaluator computes on data within the ranges lies inside.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyze } from '../../server/src/analysis/analyze';
import { itemBounds } from '../../server/src/analysis/bounds';
import { boundsOf } from '../../server/src/analysis/expr-bounds';
import type { Interval } from '../../server/src/analysis/intervals';
import { fieldLength } from '../../server/src/data/decode';
import type { RecordLayout } from '../../server/src/eval/layout';
import { compileProgram } from '../../server/src/eval/program';
import { Runner } from '../../server/src/eval/runner';
import type { Model } from '../../server/src/names/model';
import { loweredCode } from '../../server/src/program/lower';
import { generateCase } from '../export/spec-gen';
import { treeBoundsOf } from './tree-bounds';

const SPECS = 300;
const BASE = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);

const show = (i: Interval) => `[${i.lo}, ${i.hi}]`;
const same = (a: Interval, b: Interval) => Object.is(a.lo, b.lo) && Object.is(a.hi, b.hi);
const within = (inner: Interval, outer: Interval) => (inner.lo >= outer.lo || Object.is(inner.lo, outer.lo)) && (inner.hi <= outer.hi || Object.is(inner.hi, outer.hi));
const source = (model: Model, span: { start: number; end: number }) => model.file.text.slice(span.start, span.end);

/** Per instruction: whether it computes from a vector (where the program keeps one interval per element). */
function vectorBased(model: Model): Uint8Array {
  const { code, prev } = loweredCode(model);
  const valueOf = new Map(prev.map((e) => [e.slot, e.value]));
  const v = new Uint8Array(code.length);
  // `prev(NAME)` is bounded by NAME's instruction, which may come later: sweep until nothing changes.
  for (let changed = true; changed; ) {
    changed = false;
    code.forEach((ins, i) => {
      const from = ins.op === 'prev' ? [valueOf.get(ins.slot) ?? i] : ins.args;
      const x = ins.shape > 0 || from.some((a) => v[a] === 1) ? 1 : 0;
      if (x !== v[i]) (v[i] = x), (changed = true);
    });
  }
  return v;
}

/**
 * Every lowered node and every declaration, new bounds against the tree's: `ok` where no
 * vector is involved, never wider where one is.
 */
function compare(model: Model, ok: (ours: Interval, tree: Interval) => boolean, what: string) {
  const ours = boundsOf(model);
  const tree = treeBoundsOf(model);
  const lowered = loweredCode(model);
  const vec = vectorBased(model);
  const judge = (i: number | undefined) => (i !== undefined && vec[i] ? within : ok);
  let nodes = 0;
  for (const [e, i] of lowered.nodes) {
    const [a, b] = [ours.expr(e), tree.expr(e)];
    if (!judge(i)(a, b)) assert.fail(`${what}: \`${source(model, e.span)}\` is ${show(a)}, over the tree ${show(b)}\n${model.file.text}`);
    nodes++;
  }
  for (const name of model.declarations.keys()) {
    const [a, b] = [ours.declaration(name), tree.declaration(name)];
    if (!judge(lowered.declarations.get(name))(a, b)) assert.fail(`${what}: declaration ${name} is ${show(a)}, over the tree ${show(b)}\n${model.file.text}`);
  }
  return nodes;
}

test(`the program's bounds equal the tree's on ${SPECS} random specs (seed ${BASE}), node for node, never wider on vectors`, () => {
  let compared = 0;
  let nodes = 0;
  for (let seed = BASE; compared < SPECS; seed++) {
    const a = analyze(generateCase(seed).spec);
    if (a.hasErrors) continue;
    nodes += compare(a.model, same, `seed ${seed}`);
    compared++;
  }
  assert.ok(nodes > SPECS * 20, `the specs had expressions to bound (${nodes})`);
});

// ---- vectors ----

const HEAD = [
  'discount 0.9',
  'horizon 5',
  'signal q: vector[3] in [-1, 2] = obs[0:3]',
  'signal w: vector[3] in [0, 4] = obs[3:6]',
  'signal x: number in [-2, 3] = obs[6]',
  'signal on: bool = obs[7]',
  'action a: vector[2] in [-1, 1] = action',
];

const vleaf = fc.constantFrom('q', "q'", 'w', "w'", 'prev(q)', '[x, 2 * x, 1]', '[0.5, x, -x]', 'q * [1, 2, 3]', '(on ? q : w)', '[q[2], w[0], x]', 'w[0:3]');
const vexpr: fc.Arbitrary<string> = fc.letrec<{ v: string }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    vleaf,
    fc.tuple(tie('v'), fc.constantFrom('+', '-', '*'), tie('v')).map(([l, op, r]) => `(${l} ${op} ${r})`),
    fc.tuple(tie('v'), fc.constantFrom('+', '*', '-')).map(([v, op]) => `(${v} ${op} x)`),
    fc.tuple(fc.constantFrom('abs', 'tanh', 'sign'), tie('v')).map(([f, v]) => `${f}(${v})`),
    fc.tuple(tie('v'), tie('v')).map(([l, r]) => `(${l} > ${r} ? ${l} : ${r})`),
    fc.tuple(tie('v'), tie('v')).map(([l, r]) => `max(${l}, ${r})`),
  ),
})).v;
const scalarOf = fc.tuple(fc.constantFrom('sum', 'mean', 'norm', 'min', 'max', 'dot2', 'index', 'count'), vexpr, vexpr).map(([f, v, u]) =>
  f === 'dot2' ? `dot(${v}, ${u})` : f === 'index' ? `${v}[1]` : f === 'count' ? `count(${v} > ${u})` : `${f}(${v})`,
);

/** A record within the declared ranges, the ends picked often (where interval rules go wrong). */
function randomRecord(layout: RecordLayout, u: () => number): Float64Array {
  const r = new Float64Array(layout.width);
  layout.fields.forEach((f, i) => {
    for (let k = 0; k < fieldLength(f); k++) {
      const [lo, hi] = f.type.kind === 'bool' ? [0, 1] : f.range ?? [-50, 50];
      const p = u();
      const v = p < 0.15 ? lo : p < 0.3 ? hi : lo + ((p - 0.3) / 0.7) * (hi - lo);
      r[layout.slots[i] + k] = f.type.kind === 'bool' ? Math.round(v) : v;
    }
  });
  return r;
}

test('on vector expressions the program is never wider than the tree, and contains what the evaluator computes', () => {
  let checked = 0;
  fc.assert(fc.property(fc.array(scalarOf, { minLength: 1, maxLength: 3 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 50, maxLength: 50 }), (items, us) => {
    const text = [...HEAD, ...items.map((e, i) => `term t${i} = ${e}`), 'reward main {', ...items.map((_, i) => `  t${i}`), '}', ''].join('\n');
    const a = analyze(text);
    if (a.hasErrors) return;
    checked++;
    compare(a.model, within, 'vectors');
    const bounds = itemBounds(a.model, a.model.rewards[0]).items;
    const runner = new Runner(compileProgram(a.model));
    let k = 0;
    const u = () => us[k++ % us.length];
    let cur = randomRecord(runner.program.layout, u);
    runner.reset();
    for (let t = 0; t < 12; t++) {
      const next = randomRecord(runner.program.layout, u);
      runner.step(cur, next, null);
      bounds.forEach((b, i) => {
        const v = runner.components[i];
        if (!Number.isFinite(v)) return;
        const slack = 1e-9 * Math.max(1, Math.abs(v));
        // prev(q) on the first step is the zeros default, inside [-1, 2]: every step counts.
        assert.ok(v >= b.perStep.lo - slack && v <= b.perStep.hi + slack, `${items[i]} = ${v} at step ${t}, outside ${show(b.perStep)}`);
      });
      cur = next;
    }
  }), { numRuns: 200, seed: 7 });
  assert.ok(checked > 150, `most generated specs check (${checked} of 200)`);
});

test('a vector keeps an interval per element: literals, slices and elements are not widened to the hull', () => {
  const text = [...HEAD, 'term lit = sum([x, 2 * x, 1])', 'term el = (q * [1, 2, 3])[0]', 'term sl = sum([1, x, 10][0:3:2])', 'reward main { lit; el; sl }', ''].join('\n');
  const a = analyze(text);
  assert.equal(a.hasErrors, false, a.diagnostics.map((d) => d.message).join('\n'));
  const b = (name: string) => boundsOf(a.model).declaration(name);
  assert.deepEqual(b('lit'), { lo: -2 - 4 + 1, hi: 3 + 6 + 1 });
  assert.deepEqual(b('el'), { lo: -1, hi: 2 });
  assert.deepEqual(b('sl'), { lo: 11, hi: 11 });
  // Over the tree each was its elements' hull, N times.
  assert.deepEqual(treeBoundsOf(a.model).declaration('sl'), { lo: -4, hi: 20 });
});
