// The analyses of contract version 2 (LANGUAGE.md sections 10 and 13): element ranges in the
// bounds, the class of items that read `prev`, `f - prev(f)` judged like `f' - f`, `clip` and
// `replace` in the bounds, `shaping` above a clip, items as expressions analysed as terms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis/analyze';
import { exprBounds, itemBounds } from '../../server/src/analysis/bounds';
import { classifyReward, classText } from '../../server/src/analysis/classes';
import type { Model } from '../../server/src/names/model';
import { applyFix, only, slice, spec } from './shaping-helpers';

function sound(text: string): Model {
  const a = analyze(text);
  assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  return a.model;
}

const bodyOf = (m: Model, name: string) => {
  const d = m.declarations.get(name);
  assert.ok(d && 'body' in d && d.body);
  return d.body;
};

const robot = (...rest: string[]) => spec([
  'discount 0.99',
  'horizon 100',
  'action a: vector[8] in [-1, 1]',
  'signal q: vector[3] in [0, 2] = obs[0:3]',
  'signal x: number in [0, 10] = obs[3]',
  'def dist = abs(x - 10)',
  'prop done = x > 9',
  ...rest,
]);

test('bounds: element ranges, as section 10 says: sum(a^2) over vector[8] in [-1, 1] lies in [0, 8]', () => {
  const m = sound(robot(
    'term ctrl = sum(a^2)',
    'term mean_q = mean(q)',
    'term length = norm(q)',
    'term inner = dot(q, q)',
    'term one = q[1] + q[0:2][1]',
    'term biggest = max(q)',
    'term touching = count(a > 0.5)',
    'term angle = atan2(x, 1) + sin(x) + pi',
    'term lit = sum([1, 2, x])',
    'reward main { ctrl; mean_q; length; inner; one; biggest; touching; angle; lit }',
  ));
  const b = (name: string) => exprBounds(m, bodyOf(m, name));
  assert.deepEqual(b('ctrl'), { lo: 0, hi: 8 });
  assert.deepEqual(b('mean_q'), { lo: 0, hi: 2 });
  assert.deepEqual(b('length'), { lo: 0, hi: Math.sqrt(12) });
  assert.deepEqual(b('inner'), { lo: 0, hi: 12 });
  assert.deepEqual(b('one'), { lo: 0, hi: 4 });
  assert.deepEqual(b('biggest'), { lo: 0, hi: 2 });
  assert.deepEqual(b('touching'), { lo: 0, hi: 8 });
  assert.deepEqual(b('angle'), { lo: -Math.PI - 1 + Math.PI, hi: Math.PI + 1 + Math.PI });
  // Each element of a literal keeps its own interval: 1 + 2 + [0, 10], not 3 times the hull [0, 10].
  assert.deepEqual(b('lit'), { lo: 3, hi: 13 });
});

test('bounds: an item written as an expression is bounded as a term; auxiliary-may-dominate counts it', () => {
  const text = robot('reward main {', "  task (done' ? 1 : 0)", '  -0.5 * sum(a^2)', '}');
  const m = sound(text);
  const [, ctrl] = itemBounds(m, m.rewards[0]).items;
  assert.equal(ctrl.label, '-0.5 * sum(a^2)');
  assert.deepEqual(ctrl.perStep, { lo: -4, hi: 0 });
  const [d] = only(text, 'auxiliary-may-dominate');
  assert.ok(d, 'a control cost of up to 4 a step outweighs a task worth 1');
  assert.match(d.message, /'-0\.5 \* sum\(a\^2\)'/);
});

test('bounds: a clip is worth clamp(S) - S of the items above it; a replace item its value minus what it takes back', () => {
  const m = sound(robot('reward main {', "  task (done' ? 1 : 0)", '  -0.1 * sum(a^2)', '  clip [0, inf]', '  -2', "  replace -100 when x' > 9.5", '}'));
  const [task, ctrl, clip, after, replace] = itemBounds(m, m.rewards[0]).items;
  assert.deepEqual(task.perStep, { lo: 0, hi: 1 });
  assert.deepEqual(ctrl.perStep, { lo: -0.8, hi: 0 });
  // S in [-0.8, 1]: the clip at 0 adds back at most 0.8 and never takes anything.
  assert.deepEqual(clip.perStep, { lo: 0, hi: 0.8 });
  assert.deepEqual(after.perStep, { lo: -2, hi: -2 });
  // The step would pay clamp(S, 0, inf) - 2 in [-2, -1]; replacing it by -100 is worth [-99, -98], or 0.
  assert.deepEqual(replace.perStep, { lo: -99, hi: 0 });
  assert.ok(replace.total && replace.total.lo < -98 * 60, 'its return bound is sum gamma^t times its step bound');
});

test('classes: an item that reads prev is R(s_{t-1}, a_{t-1}, s, a, s\') and gets non-markovian-reward', () => {
  const text = robot('term action_rate = sum((a - prev(a))^2)', 'reward main {', "  task (done' ? 1 : 0)", '  -0.01 * action_rate', '  -0.01 * sum((a - prev(a))^2)', '  -0.1 * sum(a^2)', '}');
  const m = sound(text);
  const c = classifyReward(m, m.rewards[0]);
  assert.deepEqual(c.items.map((i) => i.cls), ["R(s,a,s')", "R(s_{t-1},a_{t-1},s,a,s')", "R(s_{t-1},a_{t-1},s,a,s')", 'R(s,a)']);
  assert.match(classText(c.items[1]), /R\(s_\{t-1\}, a_\{t-1\}, s, a, s'\)/);
  assert.equal(c.cls, "R(s_{t-1},a_{t-1},s,a,s')");
  const found = only(text, 'non-markovian-reward');
  assert.deepEqual(found.map((d) => slice(text, d)), ['-0.01 * action_rate', '-0.01 * sum((a - prev(a))^2)']);
  assert.match(found[0].message, /prev\(a\)/);
  assert.match(found[0].message, /previous step/);
});

test('f - prev(f) is judged like f\' - f: not-potential-based as an auxiliary, farmable inside max(0, ...)', () => {
  const text = robot('term prog = x - prev(x)', 'term gain = max(0, prev(dist) - dist)', 'reward main {', "  task (done' ? 1 : 0)", '  prog', '  0.5 * gain', '}');
  const [npb] = only(text, 'not-potential-based');
  assert.equal(slice(text, npb), 'prog');
  assert.match(npb.message, /f = x/);
  const fixed = applyFix(text, npb.fixes![0]);
  assert.match(fixed, /potential phi_prog = x\n/);
  const [farm] = only(text, 'farmable-progress');
  assert.equal(slice(text, farm), '0.5 * gain');
  assert.match(farm.message, /earns up to 5\b/);
  assert.match(applyFix(text, farm.fixes![0]), /potential phi_gain = -0\.5 \* dist\n/);
  // prev beside a prime is no single difference.
  assert.deepEqual(only(robot('reward main {', "  task (done' ? 1 : 0)", "  (x' - prev(x))", '}'), 'not-potential-based'), []);
});

test('shaping above a clip gets not-potential-based, with the fix that moves it below; below the clip it is fine', () => {
  const text = robot('potential phi = -dist', 'reward main {', "  task (done' ? 1 : 0)", '  shaping phi', '  clip [0, inf]', '  -1', '}');
  const [d, ...more] = only(text, 'not-potential-based');
  assert.equal(more.length, 0);
  assert.equal(slice(text, d), 'shaping phi');
  assert.match(d.message, /clip \[0, inf\]/);
  const fixed = applyFix(text, d.fixes![0]);
  assert.match(fixed, /clip \[0, inf\]\n {2}shaping phi\n {2}-1\n/);
  assert.deepEqual(only(fixed, 'not-potential-based'), []);
});

test('items as expressions are analysed as terms: not-potential-based and farmable-progress on bare expressions', () => {
  const text = robot('reward main {', "  task (done' ? 1 : 0)", "  0.1 * (dist - dist')", "  0.1 * max(0, dist - dist')", '}');
  assert.deepEqual(only(text, 'not-potential-based').map((d) => slice(text, d)), ["0.1 * (dist - dist')"]);
  assert.deepEqual(only(text, 'farmable-progress').map((d) => slice(text, d)), ["0.1 * max(0, dist - dist')"]);
});
