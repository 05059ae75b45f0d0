import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rewards, runSpec } from './run-spec';

// LANGUAGE.md section 4: how a reward machine reads labels and pays.

const spec = `
signal x: number
prop a = x == 1
prop b = x == 2
machine m {
  initial u0
  terminal done
  u0 -> u1 when a reward 1
  u0 -> u2 when a reward 5
  u1 -> done when b reward 10
  u1 -> u0 when otherwise reward -1
}
reward main { m }
`;

const episode = (xs: number[], end: 'terminated' | 'truncated' = 'terminated') =>
  xs.map((x, i) => ({ x, action: 0, ...(i === xs.length - 1 ? { [end]: true } : {}) }));

test('the first transition whose guard holds is taken, in source order', async () => {
  const o = await runSpec(spec, { 't.jsonl': episode([0, 1]) });
  assert.deepEqual(rewards(o), [1]);
  assert.equal(o.steps[0].machines.m, 'u1');
});

test('labels are read on the reached state: L_t holds on s_{t+1}', async () => {
  // s_0 has x = 1, but the label of step 0 is read on s_1 (x = 0): no transition.
  const o = await runSpec(spec, { 't.jsonl': episode([1, 0, 1]) });
  assert.deepEqual(rewards(o), [0, 1]);
  assert.deepEqual(o.steps.map((s) => s.props.a), [false, true]);
});

test('when no guard holds the machine stays and pays 0', async () => {
  const o = await runSpec(spec, { 't.jsonl': episode([0, 0, 2, 0]) });
  assert.deepEqual(rewards(o), [0, 0, 0]);
  assert.deepEqual(o.steps.map((s) => s.machines.m), ['u0', 'u0', 'u0']);
});

test('otherwise holds only when no other guard of the state holds', async () => {
  const o = await runSpec(spec, { 't.jsonl': episode([0, 1, 0, 1, 2]) });
  // u0 -a-> u1 (1); u1 otherwise -> u0 (-1); u0 -a-> u1 (1); u1 -b-> done (10)
  assert.deepEqual(rewards(o), [1, -1, 1, 10]);
});

test('a terminal state absorbs: it stays and pays 0 for the rest of the episode', async () => {
  const o = await runSpec(spec, { 't.jsonl': episode([0, 1, 2, 1, 2, 0]) });
  assert.deepEqual(rewards(o), [1, 10, 0, 0, 0]);
  assert.deepEqual(o.steps.map((s) => s.machines.m), ['u1', 'done', 'done', 'done', 'done']);
});

test('every machine runs, whichever reward is evaluated, and restarts each episode', async () => {
  const two = spec + 'reward other { 2 }\n';
  const o = await runSpec(two, { 't.jsonl': [...episode([0, 1]), ...episode([0, 0])] }, 'other');
  assert.deepEqual(rewards(o), [2, 2]);
  assert.deepEqual(o.steps.map((s) => s.machines.m), ['u1', 'u0']);
  assert.deepEqual(o.steps.map((s) => s.episode), [0, 1]);
});

test('a transition reward is an expression over the step (s_t, a_t, s_{t+1})', async () => {
  const s = `
signal x: number
machine m {
  initial u
  u -> u when true reward x' - x
}
reward main { m }
`;
  const o = await runSpec(s, { 't.jsonl': episode([0, 3, 2, 7]) });
  assert.deepEqual(rewards(o), [3, -1, 5]);
});

test('external labels come from the labels field of the reached state, as names or one-character strings', async () => {
  const s = `
prop a
prop coffee
machine m {
  initial u
  terminal v
  u -> v when a && coffee reward 1
}
reward main { m }
`;
  const o = await runSpec(s, {
    't.jsonl': [{ labels: [] , action: 0 }, { labels: ['a'], action: 0 }, { labels: ['a', 'coffee', 'unknown'], terminated: true }],
  });
  assert.deepEqual(rewards(o), [0, 1]);
  const s2 = s.replace('a && coffee', 'a');
  const o2 = await runSpec(s2, { 't.jsonl': [{ labels: '', action: 0 }, { labels: 'ba', terminated: true }] });
  assert.deepEqual(rewards(o2), [1]);
});
