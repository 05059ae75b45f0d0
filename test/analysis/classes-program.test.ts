// The class of an item (analysis/classes.ts) is what its lowered code reads (program/lower.ts):
// the records its loads read and the `prev` buffer, through every declaration it names. A name
// that computes a constant reads nothing, however it is written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis/analyze';
import { classifyReward } from '../../server/src/analysis/classes';

const classes = (text: string) => {
  const a = analyze(text);
  assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error'), []);
  return classifyReward(a.model, a.model.rewards[0]).items.map((i) => [i.label, i.cls]);
};

test('an item reads what its code loads, through defs and terms', () => {
  const text = [
    'signal x: number in [0, 1] = obs[0]',
    'action a: number in [-1, 1]',
    'def d = 2 * x',
    'term t = d\' - d',
    'term u = a * x',
    'term back = x - prev(x)',
    'reward r {',
    '  0.1 * d',
    '  t',
    '  u',
    '  back',
    '}',
    '',
  ].join('\n');
  assert.deepEqual(classes(text), [
    ['0.1 * d', 'R(s)'],
    ['t', "R(s,a,s')"],
    ['u', 'R(s,a)'],
    ['back', "R(s_{t-1},a_{t-1},s,a,s')"],
  ]);
});

test('a term or def that computes a constant is constant, whatever names it reads', () => {
  const text = [
    'signal x: number in [0, 1] = obs[0]',
    'def k = 3',
    'term one = 1',
    'term same = one',
    'reward r {',
    '  task (x\' > 0.5 ? 1 : 0)',
    '  (same)',
    '  (k\' + one)',
    '}',
    '',
  ].join('\n');
  assert.deepEqual(classes(text).slice(1), [
    ['(same)', 'constant'],
    ["(k' + one)", 'constant'],
  ]);
});
