// The bounds analysis: interval rules, soundness against the real evaluator on random
// expressions, and item bounds (per step and over an episode) against evaluated episodes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { analyze } from '../../server/src/analysis/analyze';
import { describeBounds, exprBounds, horizonWeight, itemBounds } from '../../server/src/analysis/bounds';
import type { Interval } from '../../server/src/analysis/intervals';
import { makeCompiler } from '../../server/src/eval/expr';
import { recordLayout, type RecordLayout } from '../../server/src/eval/layout';
import { compileProgram } from '../../server/src/eval/program';
import { Runner } from '../../server/src/eval/runner';
import type { Model } from '../../server/src/names/model';
import { spec } from './shaping-helpers';

const HEAD = [
  'discount 0.9',
  'horizon 10',
  'signal x: number in [-2, 3] = obs[0]',
  'signal y: number in [0.5, 4] = obs[1]',
  'signal n: int in [-3, 3] = obs[2]',
  'signal free: number = obs[3]',
  'signal on: bool = obs[4]',
  'signal room: enum { hall, kitchen, office } = obs[5]',
  'action u: number in [-1, 1] = action',
  'prop hot = x > 1',
];

function termBounds(body: string): Interval {
  const a = analyze(spec([...HEAD, `term t = ${body}`, 'reward main { t }']));
  assert.equal(a.hasErrors, false, a.diagnostics.map((d) => d.message).join('\n'));
  return exprBounds(a.model, a.model.terms[0].body);
}

test('exprBounds: arithmetic and functions from the declared ranges', () => {
  const cases: [string, number, number][] = [
    ['x + y', -1.5, 7],
    ['x - y', -6, 2.5],
    ['x * y', -8, 12],
    ['-x', -3, 2],
    ['x / y', -4, 6],
    ['abs(x)', 0, 3],
    ['min(x, y)', -2, 3],
    ['max(x, y, 1)', 1, 4],
    ['clamp(x, -1, 1)', -1, 1],
    ['sqrt(y)', Math.sqrt(0.5), 2],
    ['exp(x)', Math.exp(-2), Math.exp(3)],
    ['log(y)', Math.log(0.5), Math.log(4)],
    ['tanh(x)', Math.tanh(-2), Math.tanh(3)],
    ['sign(x)', -1, 1],
    ['floor(y)', 0, 4],
    ['ceil(x)', -2, 3],
    ['hypot(x, y)', 0.5, 5],
    ['x^2', 0, 9],
    ['x^3', -8, 27],
    ['-x^2', -9, 0],
    ['y^0.5', Math.sqrt(0.5), 2],
    ['y^-1', 0.25, 2],
    ['n % 2', -2, 2],
    ['x % 10', -2, 3],
    ['n', -3, 3],
  ];
  for (const [body, lo, hi] of cases) {
    const b = termBounds(body);
    assert.ok(Math.abs(b.lo - lo) < 1e-12 && Math.abs(b.hi - hi) < 1e-12, `${body}: [${b.lo}, ${b.hi}], expected [${lo}, ${hi}]`);
  }
});

test('exprBounds: conditions, props, bools, enums, primes and actions', () => {
  const cases: [string, number, number][] = [
    ["x' + u", -3, 4],
    ['on ? 2 : -1', -1, 2],
    ["hot' ? 1 : 0", 0, 1],
    ['y > 0 ? 5 : x', 5, 5],         // decided: y >= 0.5
    ['if x > 10 then 7 else y', 0.5, 4], // decided the other way
    ['room == office ? 1 : 0', 0, 1],
    ['(y >= 0.5) && (x < 4) ? 3 : 0', 3, 3],
    ['on && !on ? 1 : 0', 0, 1],
  ];
  for (const [body, lo, hi] of cases) {
    const b = termBounds(body);
    assert.deepEqual([b.lo, b.hi], [lo, hi], body);
  }
});

test('exprBounds: a signal without a range, a divisor that can be 0 and log near 0 are unbounded', () => {
  assert.deepEqual(termBounds('free * 0 + 1'), { lo: 1, hi: 1 });
  // log of [-inf, 0] is [-inf, -inf]; adding [-inf, inf] gives no NaN end.
  assert.deepEqual(termBounds('log(-(free^2)) + free'), { lo: -Infinity, hi: Infinity });
  for (const body of ['free', 'x + free', '1 / x', 'log(x + 2)', 'abs(free)']) {
    const b = termBounds(body);
    assert.ok(!Number.isFinite(b.lo) || !Number.isFinite(b.hi), `${body}: [${b.lo}, ${b.hi}]`);
  }
});

// ---- soundness against the evaluator ----

const leaf = fc.constantFrom('x', "x'", 'y', "y'", 'n', 'u', '(on ? 1 : 0)', '(hot ? 2 : -1)', '0.5', '2', '3');
const exprArb: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '%', '^'), tie('e')).map(([a, op, b]) => (op === '^' ? `(${a})^2` : `(${a} ${op} ${b})`)),
    fc.tuple(fc.constantFrom('abs', 'sqrt', 'exp', 'tanh', 'sign', 'floor', 'ceil', 'log'), tie('e')).map(([f, a]) => `${f}(${a})`),
    fc.tuple(fc.constantFrom('min', 'max', 'hypot'), tie('e'), tie('e')).map(([f, a, b]) => `${f}(${a}, ${b})`),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([a, b, c]) => `clamp(${a}, ${b}, ${c})`),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([a, b, c]) => `(${a} < ${b} ? ${c} : ${a})`),
    fc.tuple(tie('e')).map(([a]) => `-${a}`),
  ),
})).e;

function randomRecord(layout: RecordLayout, pick: (lo: number, hi: number, int: boolean) => number): Float64Array {
  const r = new Float64Array(layout.width);
  // Each field at its slots: a vector[N] fills N of them (eval/layout.ts), labels follow.
  layout.fields.forEach((f, i) => {
    const t = f.type;
    for (let k = 0; k < Math.max(1, f.shape ?? 0); k++) {
      const slot = layout.slots[i] + k;
      if (t.kind === 'bool') r[slot] = pick(0, 1, true);
      else if (t.kind === 'enum') r[slot] = pick(0, t.members.length - 1, true);
      else {
        const [lo, hi] = f.range ?? [-50, 50];
        r[slot] = pick(lo, hi, t.kind === 'int');
      }
    }
  });
  const base = layout.width - layout.labels.length;
  layout.labels.forEach((_, k) => (r[base + k] = pick(0, 1, true)));
  return r;
}

const picker = (rand: () => number) => (lo: number, hi: number, int: boolean) => {
  const u = rand();
  // Ends of ranges are where interval rules go wrong: pick them often.
  const v = u < 0.15 ? lo : u < 0.3 ? hi : lo + ((u - 0.3) / 0.7) * (hi - lo);
  return int ? Math.round(v) : v;
};

test('exprBounds contains every value the evaluator computes on data within the ranges', () => {
  fc.assert(fc.property(exprArb, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 40, maxLength: 40 }), (body, us) => {
    const a = analyze(spec([...HEAD, `term t = ${body}`, 'reward main { t }']));
    if (a.hasErrors) return;
    const model = a.model;
    const b = exprBounds(model, model.terms[0].body);
    const layout = recordLayout(model);
    const f = makeCompiler(model, layout).compile(model.terms[0].body);
    let k = 0;
    const pick = picker(() => us[k++ % us.length]);
    for (let trial = 0; trial < 20; trial++) {
      const cur = randomRecord(layout, pick);
      const next = randomRecord(layout, pick);
      const v = f(cur, cur, next);
      if (!Number.isFinite(v)) continue;
      const slack = 1e-9 * Math.max(1, Math.abs(v));
      assert.ok(v >= b.lo - slack && v <= b.hi + slack, `${body} = ${v} outside [${b.lo}, ${b.hi}]`);
    }
  }), { numRuns: 300, seed: 42 });
});

// ---- item bounds ----

function boundsOfSpec(lines: readonly string[]) {
  const a = analyze(spec(lines));
  assert.equal(a.hasErrors, false);
  return { model: a.model, bounds: itemBounds(a.model, a.model.rewards[0]) };
}

const close = (a: Interval | undefined, lo: number, hi: number) => a !== undefined && Math.abs(a.lo - lo) < 1e-9 && Math.abs(a.hi - hi) < 1e-9;

test('itemBounds: per step and over the horizon, for constants, weighted terms, machines, formulas and shaping', () => {
  const { model, bounds } = boundsOfSpec([
    'discount 0.5',
    'horizon 3',
    'signal d: number in [0, 4] = obs[0]',
    'prop goal',
    'prop bad',
    'machine m {',
    '  initial a',
    '  terminal done',
    '  a -> b when goal reward 2',
    '  b -> a when bad reward -1',
    '  b -> done when goal reward 3',
    '}',
    'ltl l = F goal  accept 5 reject -2',
    'potential phi = -d',
    "term step = d - d'",
    'reward main {',
    '  m',
    '  l',
    '  -1',
    '  0.5 * step',
    '  shaping phi',
    '  shaping m',
    '}',
  ]);
  const w = horizonWeight(model);
  assert.equal(w, 1 + 0.5 + 0.25);
  const [m, l, c, step, phi, ms] = bounds.items;
  assert.deepEqual(bounds.items.map((i) => i.label), ['m', 'l', '-1', '0.5 * step', 'shaping phi', 'shaping m']);
  assert.ok(close(m.perStep, -1, 3));
  // Best of three steps: 2, then 3 * 0.5 (done); worst: 2 - 0.5 ... the DP decides: 0 is always reachable.
  assert.ok(close(m.total, 0, 2 + 0.5 * 3), JSON.stringify(m.total));
  assert.ok(close(l.perStep, -2, 5) && close(l.total, -2, 5));
  assert.ok(close(c.perStep, -1, -1) && close(c.total, -w, -1));
  assert.ok(close(step.perStep, -2, 2) && close(step.total, -2 * w, 2 * w));
  // gamma * phi' - phi with phi' in [-4, 0] (0 on termination): [-2 - 0, 0 + 4]
  assert.ok(close(phi.perStep, -2, 4), JSON.stringify(phi.perStep));
  // gamma^T * phi(s_T) - phi(s_0), gamma^T in [0.125, 1]
  assert.ok(close(phi.total, -4, 4), JSON.stringify(phi.total));
  assert.ok(ms.total !== undefined && Number.isFinite(ms.perStep.lo));
  assert.ok(bounds.total !== undefined);
});

test('itemBounds: totals are undefined when not bounded, and continuing divides by 1 - gamma', () => {
  const open = boundsOfSpec(['discount 0.99', 'signal v: number = obs[0]', 'reward main {', '  v', '  1', '}']);
  assert.equal(open.bounds.items[0].total, undefined);
  assert.equal(open.bounds.total, undefined);
  assert.ok(close(open.bounds.items[1].total, 1, 100));
  const cont = boundsOfSpec(['discount 0.9', 'continuing', 'reward main { -2 }']);
  assert.ok(close(cont.bounds.items[0].total, -20, -2));
  const undiscounted = boundsOfSpec(['discount 1', 'reward main { -2 }']);
  assert.equal(undiscounted.bounds.items[0].total, undefined);
});

// Every example: evaluated episodes on random data within the ranges stay within the bounds.
const examples = ['examples', 'examples/gymnasium'].flatMap((d) =>
  readdirSync(d).filter((f) => f.endsWith('.reward')).map((f) => `${d}/${f}`));

function checkEpisodes(model: Model, rewardName: string, rand: () => number): void {
  const program = compileProgram(model, rewardName);
  const bounds = itemBounds(model, model.rewards.find((r) => r.name.text === rewardName)!);
  const runner = new Runner(program);
  const pick = picker(rand);
  const horizon = model.horizon ?? 50;
  for (let episode = 0; episode < 30; episode++) {
    runner.reset();
    const steps = 1 + Math.floor(rand() * horizon);
    const sums = new Array<number>(program.items.length).fill(0);
    let cur = randomRecord(program.layout, pick);
    for (let t = 0; t < steps; t++) {
      const next = randomRecord(program.layout, pick);
      const end = t === steps - 1 ? (rand() < 0.5 ? 'terminated' : 'truncated') : null;
      runner.step(cur, next, end);
      for (let i = 0; i < sums.length; i++) {
        const v = runner.components[i];
        const b = bounds.items[i].perStep;
        if (Number.isFinite(v)) assert.ok(v >= b.lo - 1e-9 && v <= b.hi + 1e-9, `${rewardName} ${bounds.items[i].label}: ${v} outside [${b.lo}, ${b.hi}]`);
        sums[i] += program.gamma ** t * v;
      }
      cur = next;
    }
    sums.forEach((s, i) => {
      const total = bounds.items[i].total;
      if (total && Number.isFinite(s)) assert.ok(s >= total.lo - 1e-6 && s <= total.hi + 1e-6, `${rewardName} ${bounds.items[i].label}: return ${s} outside [${total.lo}, ${total.hi}]`);
    });
  }
}

test('the bounds of every example contain what the evaluator computes on random episodes', () => {
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  assert.ok(examples.length >= 12);
  for (const file of examples) {
    const a = analyze(readFileSync(file, 'utf8'));
    for (const r of a.model.rewards) checkEpisodes(a.model, r.name.text, rand);
  }
});

test('describeBounds: the line hover and inlay hints show', () => {
  const { bounds } = boundsOfSpec(['discount 0.5', 'horizon 2', 'signal v: number = obs[0]', 'reward main {', '  -1', '  v', '}']);
  assert.equal(describeBounds(bounds.items[0]), 'per step [-1, -1], per episode [-1.5, -1]');
  assert.equal(describeBounds(bounds.items[1]), 'per step (-inf, inf), per episode unbounded');
});
