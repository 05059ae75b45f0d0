// shaping-discount-mismatch, not-potential-based and discount-undeclared: where each fires
// (message, span, quick fix) and the near misses where it must not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis/analyze';
import { applyFix, codes, only, slice, spec } from './shaping-helpers';

const grid = (discount: string | undefined, ...rest: string[]) => spec([
  ...(discount ? [`discount ${discount}`] : []),
  'horizon 50',
  'signal x: int in [0, 4] = obs[0]',
  'signal y: int in [0, 4] = obs[1]',
  'action move: enum { up, down, left, right }',
  'action push: number in [-1, 1]',
  'def dist = abs(x - 4) + abs(y - 4)',
  'prop at_goal = x == 4 && y == 4',
  ...rest,
]);

// ---- shaping-discount-mismatch ----

test('mismatch: an explicit ratio other than gamma, on the item, with the fix that writes gamma', () => {
  const text = grid('0.99', "term progress = dist - 0.9 * dist'", 'reward main {', "  task (at_goal' ? 1 : 0)", '  0.1 * progress', '}');
  const [d, ...more] = only(text, 'shaping-discount-mismatch');
  assert.equal(more.length, 0);
  assert.equal(d.severity, 'error');
  assert.equal(slice(text, d), '0.1 * progress');
  assert.match(d.message, /ratio a \/ b = 0\.9\b/);
  assert.match(d.message, /declared discount is 0\.99/);
  assert.match(d.message, /f = dist/);
  assert.equal(d.related?.length, 1);
  assert.equal(text.slice(d.related![0].span.start, d.related![0].span.end), 'progress');
  const fixed = applyFix(text, d.fixes![0]);
  assert.match(fixed, /term progress = dist - 0\.99 \* dist'/);
  assert.deepEqual(codes(analyze(fixed)).filter((c) => c !== 'unbounded-reward'), []);
});

test('mismatch: the factor on the s side, in a parenthesised item', () => {
  const text = grid('0.9', 'reward main {', "  task (at_goal' ? 1 : 0)", "  (dist' - 1.2 * dist)", '}');
  const [d] = only(text, 'shaping-discount-mismatch');
  assert.ok(d);
  assert.match(d.message, /ratio a \/ b = 0\.8333/);
  const fixed = applyFix(text, d.fixes![0]);
  assert.match(fixed, /\(dist' - 1\.1111\d* \* dist\)/);
  assert.deepEqual(only(fixed, 'shaping-discount-mismatch'), []);
  assert.deepEqual(only(fixed, 'not-potential-based'), []);
});

test('mismatch: a ratio spread over two literals gets the diagnostic but no fix', () => {
  const text = grid('0.99', 'reward main {', "  task (at_goal' ? 1 : 0)", "  (2 * (0.9 * dist') - 2 * dist + 0 * x)", '}');
  const [d] = only(text, 'shaping-discount-mismatch');
  assert.ok(d);
  assert.deepEqual(d.fixes, []);
});

test('mismatch near misses: the declared ratio, a task item, a reward without task items, no discount', () => {
  const ok = [
    grid('0.99', "term progress = dist - 0.99 * dist'", 'reward main {', "  task (at_goal' ? 1 : 0)", '  0.1 * progress', '}'),
    grid('0.99', "term progress = dist - 0.9 * dist'", 'reward main {', "  task (at_goal' ? 1 : 0)", '  task 0.1 * progress', '}'),
    grid('0.99', "term progress = dist - 0.9 * dist'", 'reward main {', '  0.1 * progress', '  -0.01', '}'),
    grid(undefined, "term progress = dist - 0.9 * dist'", 'reward main {', "  task (at_goal' ? 1 : 0)", '  0.1 * progress', '}'),
  ];
  for (const text of ok) assert.deepEqual(only(text, 'shaping-discount-mismatch'), [], text);
});

// ---- not-potential-based ----

test('not-potential-based: dist - dist\' as an auxiliary, with the potential + shaping rewrite', () => {
  const text = grid('0.99', "term progress = dist - dist'", 'reward main {', "  task (at_goal' ? 1 : 0)", '  0.1 * progress', '}');
  const [d, ...more] = only(text, 'not-potential-based');
  assert.equal(more.length, 0);
  assert.equal(d.severity, 'warning');
  assert.equal(slice(text, d), '0.1 * progress');
  assert.match(d.message, /ratio 1/);
  assert.match(d.message, /discount 0\.99/);
  const fix = d.fixes![0];
  assert.match(fix.title, /potential phi_progress/);
  const fixed = applyFix(text, fix);
  assert.match(fixed, /potential phi_progress = -0\.1 \* dist\nreward main \{/);
  assert.match(fixed, /\n {2}shaping phi_progress\n/);
  const after = analyze(fixed);
  assert.equal(after.hasErrors, false);
  assert.deepEqual(codes(after).filter((c) => c === 'not-potential-based' || c === 'shaping-discount-mismatch'), []);
});

test('not-potential-based above a clip: the rewrite puts the new shaping item below the clip, and nothing is left to warn of', () => {
  const text = grid('0.99', "term progress = dist - dist'", 'reward main {', "  task (at_goal' ? 1 : 0)", '  0.1 * progress   // the old progress term', '  clip [0, inf]', '}');
  const [d] = only(text, 'not-potential-based');
  const fixed = applyFix(text, d.fixes![0]);
  assert.match(fixed, /\n {2}clip \[0, inf\]\n {2}shaping phi_progress {3}\/\/ the old progress term\n\}/);
  const after = analyze(fixed);
  assert.equal(after.hasErrors, false);
  assert.deepEqual(codes(after).filter((c) => c === 'not-potential-based'), []);
});

test('not-potential-based: the forms the contract lists', () => {
  const items = [
    "(dist' - dist)",                     // f' - f
    "(-dist' + dist)",                    // f - f', unary minus
    "(3 * dist' - 3 * dist)",             // a = b != 1: ratio 1
    "((x' - x) + (y' - y))",              // a sum of such
    "(dist' - (abs(x - 4) + abs(y - 4)))", // through the def
    "((x' + y' - x - y) / 2)",            // division by a constant
  ];
  for (const item of items) {
    const text = grid('0.99', 'reward main {', "  task (at_goal' ? 1 : 0)", `  ${item}`, '}');
    const found = only(text, 'not-potential-based');
    assert.equal(found.length, 1, item);
    const fixed = applyFix(text, found[0].fixes![0]);
    assert.equal(analyze(fixed).hasErrors, false, fixed);
    assert.deepEqual(only(fixed, 'not-potential-based'), [], fixed);
  }
});

test('not-potential-based: a weighted name of a term, and a sum of ratios 1 and gamma (no rewrite then)', () => {
  const text = grid('0.99', "term mixed = 0.99 * x' - x + y' - y", 'reward main {', "  task (at_goal' ? 1 : 0)", '  -2 * mixed', '}');
  const [d] = only(text, 'not-potential-based');
  assert.ok(d);
  assert.deepEqual(d.fixes, []);
});

test('not-potential-based near misses', () => {
  const texts = [
    // gamma = 1: f' - f is potential-based
    grid('1', 'reward main {', "  task (at_goal' ? 1 : 0)", "  (dist' - dist)", '}'),
    // a task item
    grid('0.99', 'reward main {', "  task (at_goal' ? 1 : 0)", "  task (dist' - dist)", '}'),
    // no task item: forward progress is the task (HalfCheetah)
    grid('0.99', "term forward = (x' - x) / 0.05", 'reward main {', '  forward', '  -0.1 * (push^2)', '}'),
    // two different state functions
    grid('0.99', 'reward main {', "  task (at_goal' ? 1 : 0)", "  (x' - y)", '}'),
    // an action in the sum
    grid('0.99', 'reward main {', "  task (at_goal' ? 1 : 0)", "  (x' - x + push)", '}'),
    // a constant beside f' - f: a step reward of its own
    grid('0.99', 'reward main {', "  task (at_goal' ? 1 : 0)", "  (x' - x - 0.5)", '}'),
    // not a difference: f' + f, and a non-linear mix of s and s'
    grid('0.99', 'reward main {', "  task (at_goal' ? 1 : 0)", "  (x' + x)", "  abs(x' - x)", '}'),
    // potential-based already
    grid('0.99', 'potential phi = -dist', 'reward main {', "  task (at_goal' ? 1 : 0)", '  shaping phi', '}'),
  ];
  for (const text of texts) assert.deepEqual(only(text, 'not-potential-based'), [], text);
});

test('a potential that reads the next state gets potential-not-state-function only', () => {
  const text = grid('0.99', "potential phi = dist'", "term progress = phi' - phi", 'reward main {', "  task (at_goal' ? 1 : 0)", '  progress', '  shaping phi', '}');
  const all = codes(analyze(text));
  assert.deepEqual(all.filter((c) => c === 'potential-not-state-function'), ['potential-not-state-function']);
  for (const c of ['not-potential-based', 'shaping-discount-mismatch', 'discount-undeclared'] as const) assert.ok(!all.includes(c), c);
});

// ---- discount-undeclared ----

test('discount-undeclared: a shaping item without discount, with the fix that declares it', () => {
  const text = spec([
    '// header comment stays on top',
    '',
    'signal dist: number in [0, 20] = info.distance',
    'potential phi = -dist',
    'reward main {',
    "  (dist' == 0 ? 1 : 0)",
    '  shaping phi',
    '}',
  ]);
  const [d, ...more] = only(text, 'discount-undeclared');
  assert.equal(more.length, 0);
  assert.equal(d.severity, 'warning');
  assert.equal(slice(text, d), 'shaping phi');
  assert.match(d.message, /gamma = 1/);
  const fixed = applyFix(text, d.fixes![0]);
  assert.ok(fixed.startsWith('// header comment stays on top\n\ndiscount 0.99\nsignal dist'), fixed);
  assert.deepEqual(only(fixed, 'discount-undeclared'), []);
});

test('discount-undeclared: machine shaping with its own value-iteration discount still needs gamma', () => {
  const text = spec([
    'prop goal',
    'machine m {',
    '  initial a',
    '  terminal b',
    '  a -> b when goal reward 1',
    '}',
    'reward main {',
    '  m',
    '  shaping m discount 0.9',
    '}',
  ]);
  const [d] = only(text, 'discount-undeclared');
  assert.ok(d);
  assert.match(d.message, /value iteration/);
});

test('discount-undeclared near misses: a declared discount, or no shaping item', () => {
  assert.deepEqual(only(spec(['discount 0.9', 'signal d: number in [0, 1]', 'potential phi = -d', 'reward main { shaping phi }']), 'discount-undeclared'), []);
  assert.deepEqual(only(spec(['signal d: number in [0, 1]', "term p = d - d'", 'reward main { p }']), 'discount-undeclared'), []);
});
