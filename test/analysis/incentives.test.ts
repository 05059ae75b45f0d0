// auxiliary-may-dominate, living-reward-incentive and unbounded-reward: where each fires
// (message, span) and the near misses where it must not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { analyze } from '../../server/src/analysis/analyze';
import { itemBounds } from '../../server/src/analysis/bounds';
import { incentiveChecks } from '../../server/src/analysis/incentives';
import { shapingChecks } from '../../server/src/analysis/shaping';
import { only, slice, spec } from './shaping-helpers';

// ---- living-reward-incentive ----

const corridor = (items: readonly string[], opts: { lava?: boolean; continuing?: boolean; lavaReward?: string } = {}) => spec([
  'discount 0.99',
  opts.continuing ? 'continuing' : 'horizon 200',
  'signal pos: int in [0, 130] = obs[0]',
  'prop in_lava = pos == 0',
  'prop at_goal = pos == 130',
  'exclusive in_lava, at_goal',
  'machine cross {',
  '  initial walking',
  `  terminal arrived${opts.lava === false ? '' : ', burned'}`,
  '  walking -> arrived when at_goal  reward 1',
  ...(opts.lava === false ? [] : [`  walking -> burned  when in_lava${opts.lavaReward ? ` reward ${opts.lavaReward}` : ''}`]),
  '}',
  'reward main {',
  ...items.map((i) => `  ${i}`),
  '}',
]);

test('living-reward-incentive: a step cost with a reachable failure, with the break-even', () => {
  const text = corridor(['cross', '-0.01']);
  const [d, ...more] = only(text, 'living-reward-incentive');
  assert.equal(more.length, 0);
  assert.equal(d.severity, 'warning');
  assert.equal(slice(text, d), '-0.01');
  assert.match(d.message, /'burned'/);
  assert.match(d.message, /'arrived'/);
  assert.match(d.message, /more than 100 steps/);
});

test('living-reward-incentive: the break-even counts the failure\'s own reward and the machine\'s weight', () => {
  const text = corridor(['2 * cross', '-0.05'], { lavaReward: '-1' });
  const [d] = only(text, 'living-reward-incentive');
  assert.ok(d);
  // (2 * 1 - 2 * -1) / 0.05 = 80
  assert.match(d.message, /more than 80 steps/);
});

test('living-reward-incentive: a step bonus with a reachable end, and after how many steps postponing pays', () => {
  const text = corridor(['cross', '0.02'], { lava: false });
  const [d] = only(text, 'living-reward-incentive');
  assert.ok(d);
  assert.equal(slice(text, d), '0.02');
  assert.match(d.message, /after 50 steps/);
  assert.match(d.message, /[Pp]ostponing/);
});

test('living-reward-incentive: an ltl task whose reject verdict is reachable', () => {
  const text = spec([
    'discount 0.99',
    'horizon 60',
    'prop a',
    'prop hazard',
    'ltl reach = !hazard U a   accept 1 reject -1',
    'reward main {',
    '  reach',
    '  (-0.01)',
    '}',
  ]);
  const [d] = only(text, 'living-reward-incentive');
  assert.ok(d);
  assert.match(d.message, /more than 200 steps/);
  assert.match(d.message, /rejects/);
});

test('living-reward-incentive near misses', () => {
  const quiet = [
    // success the only way out: minimum time (MountainCar with a machine)
    corridor(['cross', '-0.01'], { lava: false }),
    // continuing: no episode end to pay for
    corridor(['cross', '-0.01'], { continuing: true }),
    // the constant is part of the task
    corridor(['cross', 'task -0.01']),
    // no task item: CartPole's +1 and MountainCar's -1 are the whole task
    spec(['discount 0.99', 'horizon 500', 'signal x: number in [-4.8, 4.8] = obs[0]', 'reward main {', '  1', '}']),
    spec(['discount 0.99', 'horizon 200', 'signal p: number in [-1.2, 0.6] = obs[0]', 'reward main {', '  -1', '}']),
    // a task that is not a machine or formula: how episodes end is unknown
    spec(['discount 0.99', 'horizon 50', 'signal x: int in [0, 4]', "reward main {", "  task (x' == 4 ? 1 : 0)", '  -0.01', '}']),
    // a per-step item that is not constant
    corridor(['cross', '-0.0001 * pos']),
  ];
  for (const text of quiet) assert.deepEqual(only(text, 'living-reward-incentive'), [], text);
});

// ---- auxiliary-may-dominate ----

const reach = (items: readonly string[], head: readonly string[] = ['discount 0.99', 'horizon 200']) => spec([
  ...head,
  'signal speed: number in [0, 10] = info.speed',
  'prop at_goal',
  'machine reach {',
  '  initial go',
  '  terminal there',
  '  go -> there when at_goal reward 1',
  '}',
  'reward main {',
  ...items.map((i) => `  ${i}`),
  '}',
]);

test('auxiliary-may-dominate: both bounds in the message, on the reward', () => {
  const text = reach(['reach', '0.1 * speed']);
  const [d, ...more] = only(text, 'auxiliary-may-dominate');
  assert.equal(more.length, 0);
  assert.equal(d.severity, 'warning');
  assert.equal(slice(text, d), 'main');
  assert.match(d.message, /can add up to 86\.6\d* over an episode/);
  assert.match(d.message, /largest absolute task return, 1\b/);
  assert.match(d.message, /sum_\{t < 200\} 0\.99\^t/);
  assert.equal(d.related?.length, 1);
});

test('auxiliary-may-dominate: continuing uses 1 / (1 - gamma) per unit', () => {
  const text = reach(['reach', '0.015 * speed'], ['discount 0.9', 'continuing']);
  const [d] = only(text, 'auxiliary-may-dominate');
  assert.ok(d);
  assert.match(d.message, /up to 1\.5 over an episode/);
  assert.match(d.message, /1 \/ \(1 - 0\.9\) = 10\b/);
  assert.match(d.message, /task return, 1\b/);
  // Ten times the task's weight, and the same auxiliary is below it.
  assert.deepEqual(only(reach(['10 * reach', '0.015 * speed'], ['discount 0.9', 'continuing']), 'auxiliary-may-dominate'), []);
});

test('auxiliary-may-dominate near misses', () => {
  const quiet = [
    reach(['reach', '0.001 * speed']),
    // shaping items telescope and are left out
    reach(['reach', 'shaping phi'], ['discount 0.99', 'horizon 200', 'potential phi = 100 * speed']),
    // no task item: nothing to dominate
    reach(['0.1 * speed', '-0.01']),
    // a task item with an unbounded return cannot be dominated by a bound
    spec(['discount 0.99', 'horizon 200', 'signal v: number', 'signal s: number in [0, 1]', 'reward main {', '  task v', '  s', '}']),
  ];
  for (const text of quiet) assert.deepEqual(only(text, 'auxiliary-may-dominate'), [], text);
});

// ---- unbounded-reward ----

test('unbounded-reward: an item that reads a signal without a range, through defs and terms', () => {
  const text = spec([
    'discount 0.99',
    'signal x: number = info.x',
    'signal z: number = obs[0]',
    'def half = x / 2',
    "term forward = (half' - half) / 0.05",
    'reward main {',
    '  forward',
    '  (z > 0.7 ? 1 : 0)',
    '}',
  ]);
  const found = only(text, 'unbounded-reward');
  assert.equal(found.length, 1);
  assert.equal(found[0].severity, 'information');
  assert.equal(slice(text, found[0]), 'forward');
  assert.match(found[0].message, /'x'/);
  assert.doesNotMatch(found[0].message, /'z'/);
});

test('unbounded-reward near misses: declared ranges, bools and enums, comparisons only', () => {
  const text = spec([
    'discount 0.99',
    'signal x: number in [0, 1] = obs[0]',
    'signal on: bool',
    'signal room: enum { a, b }',
    'signal z: number',
    'reward main {',
    '  x',
    "  (on' ? 1 : 0)",
    '  (room == b ? 2 : 0)',
    '  (abs(z) < 1 ? 1 : 0)',
    '}',
  ]);
  assert.deepEqual(only(text, 'unbounded-reward'), []);
});

// ---- totality: the checks never throw on a model without errors ----

test('the shaping and incentive checks and the bounds never throw on mutated examples without errors', () => {
  const texts = ['examples', 'examples/gymnasium'].flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.reward')).map((f) => readFileSync(`${d}/${f}`, 'utf8')));
  let judged = 0;
  fc.assert(fc.property(fc.nat(texts.length - 1), fc.array(fc.nat(), { maxLength: 6 }), fc.array(fc.constantFrom('', '0', '-1', "'", ' * 2', 'continuing', '\ndiscount 1'), { maxLength: 6 }), (which, cuts, inserts) => {
    let lines = texts[which].split('\n');
    cuts.forEach((c, i) => {
      const at = c % lines.length;
      lines = [...lines.slice(0, at), lines[at] + (inserts[i] ?? ''), ...lines.slice(at + 1)];
      if (inserts[i] === undefined) lines.splice(at, 1);
    });
    const a = analyze(lines.join('\n'));
    if (a.hasErrors) return;
    judged++;
    shapingChecks(a.model);
    incentiveChecks(a.model);
    for (const r of a.model.rewards) itemBounds(a.model, r);
  }), { numRuns: 300, seed: 9 });
  assert.ok(judged > 50, `only ${judged} mutants were free of errors`);
});
