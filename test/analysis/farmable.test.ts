// farmable-progress (LANGUAGE.md sections 7 and 13): an auxiliary that pays for progress and
// does not charge for the way back. Where it fires, what the message says a round trip earns,
// the quick fix, and the near misses where it must not fire.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze } from '../../server/src/analysis/analyze';
import { applyFix, only, slice, spec } from './shaping-helpers';

const grid = (...rest: string[]) => spec([
  'discount 0.99',
  'horizon 50',
  'signal x: int in [0, 10] = obs[0]',
  'signal y: int in [0, 10] = obs[1]',
  'signal far: number = info.far',
  'action push: number in [-1, 1]',
  'def dist = abs(x - 10)',
  'prop at_goal = dist == 0',
  ...rest,
]);
const withTask = (...items: string[]) => grid('reward main {', "  task (at_goal' ? 1 : 0)", ...items.map((i) => `  ${i}`), '}');

test('farmable: max(0, dist - dist\') as a weighted term, with what a round trip earns and the rewrite', () => {
  const text = grid("term gain = max(0, dist - dist')", 'reward main {', "  task (at_goal' ? 1 : 0)", '  0.1 * gain', '}');
  const [d, ...more] = only(text, 'farmable-progress');
  assert.equal(more.length, 0);
  assert.equal(d.severity, 'warning');
  assert.equal(slice(text, d), '0.1 * gain');
  // dist spans [0, 10], so one round trip can move it by 10 and back: 0.1 * 10.
  assert.match(d.message, /round trip/);
  assert.match(d.message, /earns up to 1 \(for d = 10/);
  assert.match(d.message, /dist - dist'/);
  assert.equal(text.slice(d.related![0].span.start, d.related![0].span.end), 'gain');
  const fix = d.fixes![0];
  assert.match(fix.title, /potential phi_gain/);
  const fixed = applyFix(text, fix);
  assert.match(fixed, /potential phi_gain = -0\.1 \* dist\nreward main \{/);
  assert.match(fixed, /\n {2}shaping phi_gain\n/);
  const after = analyze(fixed);
  assert.equal(after.hasErrors, false);
  assert.deepEqual(after.diagnostics.filter((x) => x.code === 'farmable-progress' || x.code === 'not-potential-based'), []);
});

test('farmable: every form the contract lists fires, weight and sign counted, with what a round trip earns', () => {
  const cases: [item: string, earns: RegExp][] = [
    ["(max(0, dist - dist'))", /earns up to 10\b/],
    ["(max(dist - dist', 0))", /earns up to 10\b/],
    ["(clamp(dist - dist', 0, 2))", /earns up to 2\b/],
    ["(dist - dist' > 0 ? dist - dist' : 0)", /earns up to 10\b/],
    ["(if dist' < dist then 0.5 * (dist - dist') else 0)", /earns up to 5\b/],
    ["0.1 * (abs(dist' - dist))", /earns up to 2\b/],
    ["((x' - x)^2)", /earns up to 200\b/],
    ["(dist' < dist ? 0.5 : 0)", /earns up to 0\.5\b/],
    ["(x' > x ? 1 : 0)", /earns up to 1\b/],
    ["-0.1 * (min(0, dist' - dist))", /earns up to 1\b/],
    ["(-min(0, x' - x) * 0.5)", /earns up to 5\b/],
  ];
  for (const [item, earns] of cases) {
    const text = withTask(item);
    const found = only(text, 'farmable-progress');
    assert.equal(found.length, 1, item);
    assert.match(found[0].message, earns, `${item}: ${found[0].message}`);
  }
});

test('farmable: with no declared range the message gives a unit change and says it grows without bound', () => {
  const [d] = only(withTask("(max(0, far' - far))"), 'farmable-progress');
  assert.ok(d);
  assert.match(d.message, /earns 1 for d = 1, and more without bound/);
  const [c] = only(withTask("(far' > far ? 2 : 0)"), 'farmable-progress');
  assert.ok(c);
  assert.match(c.message, /earns up to 2\b/);
});

test('farmable: the quick fix pays what the item pays for one unit of progress, on one-sided forms only', () => {
  const rewrites: [item: string, potential: string][] = [
    ["(dist' < dist ? 0.5 : 0)", 'potential phi = -0.5 * dist'],
    ["(max(0, x' - x))", 'potential phi = x'],
    ["0.2 * (clamp(dist - dist', 0, 5))", 'potential phi = -0.2 * dist'],
  ];
  for (const [item, potential] of rewrites) {
    const text = withTask(item);
    const [d] = only(text, 'farmable-progress');
    assert.ok(d, item);
    const fixed = applyFix(text, d.fixes![0]);
    assert.ok(fixed.includes(`${potential}\nreward main {`), fixed);
    assert.equal(analyze(fixed).hasErrors, false, fixed);
    assert.deepEqual(only(fixed, 'farmable-progress'), [], fixed);
  }
  // abs and squares pay for motion either way: nothing to rewrite them to.
  for (const item of ["(abs(x' - x))", "((x' - x)^2)"]) {
    const [d] = only(withTask(item), 'farmable-progress');
    assert.ok(d, item);
    assert.deepEqual(d.fixes, [], item);
  }
});

test('farmable near misses: penalties, linear differences, task items, other reads', () => {
  const quiet = [
    // a penalty for one direction: a round trip costs
    withTask("-0.01 * (max(0, dist - dist'))"),
    // a penalty for moving away
    withTask("(dist' > dist ? -1 : 0)"),
    withTask("-0.5 * (max(0, dist' - dist))"),
    // linear: the round trip earns exactly 0 (this one is not-potential-based instead)
    withTask("0.1 * (dist - dist')"),
    // a task item, and a reward with no task item (every item is the task)
    withTask("task (max(0, dist - dist'))"),
    grid('reward main {', "  (max(0, dist - dist'))", '}'),
    // two different state functions, an action, a plain state reward
    withTask("(max(0, x' - y))"),
    withTask("(max(0, x' - x + push))"),
    withTask('(max(0, x))'),
    // staying put pays as much as moving: a living reward, not farmable progress
    withTask("(dist' <= dist ? 1 : 0)"),
    // a symmetric clamp is linear near 0 and takes back what it pays
    withTask("(clamp(x' - x, -1, 1))"),
    // potential-based already
    grid('potential phi = -dist', 'reward main {', "  task (at_goal' ? 1 : 0)", '  shaping phi', '}'),
  ];
  for (const text of quiet) assert.deepEqual(only(text, 'farmable-progress').map((d) => d.message), [], text);
});

test('0.1 * (dist - dist\') is not-potential-based, not farmable; max(0, dist - dist\') is farmable, not not-potential-based', () => {
  const linear = withTask("0.1 * (dist - dist')");
  assert.equal(only(linear, 'not-potential-based').length, 1);
  assert.equal(only(linear, 'farmable-progress').length, 0);
  const oneSided = withTask("0.1 * (max(0, dist - dist'))");
  assert.equal(only(oneSided, 'not-potential-based').length, 0);
  assert.equal(only(oneSided, 'farmable-progress').length, 1);
});

test('docs/diagnostics/farmable-progress.md: the example fires, the fix does not', () => {
  const page = readFileSync('docs/diagnostics/farmable-progress.md', 'utf8');
  const [bad, ...good] = [...page.matchAll(/```reward\n([\s\S]*?)```/g)].map((m) => m[1]);
  const a = analyze(bad);
  assert.equal(a.hasErrors, false);
  const [d] = a.diagnostics.filter((x) => x.code === 'farmable-progress');
  assert.ok(d, 'fires on the example');
  assert.match(d.message, /earns up to 1\b/);
  assert.ok(good.length > 0);
  for (const g of good) assert.deepEqual(analyze(g).diagnostics.filter((x) => x.code === 'farmable-progress' || x.severity === 'error').map((x) => x.message), []);
  // The page's fix is what the quick fix writes.
  const fixed = applyFix(bad, d.fixes![0]);
  assert.equal(fixed.replace(/term gain = .*\n/, ''), good[0]);
});
