import assert from 'node:assert/strict';
import { test } from 'node:test';
import { near, rewards, runSpec } from './run-spec';

// LANGUAGE.md section 6: potential shaping and machine shaping, terminated vs truncated.

const potentialSpec = `
discount 0.9
signal d: number
potential phi = -d
reward main { shaping phi }
`;

test('shaping by a potential adds gamma * phi(s_{t+1}) - phi(s_t)', async () => {
  const o = await runSpec(potentialSpec, { 't.jsonl': [{ d: 3, action: 0 }, { d: 2, action: 0 }, { d: 1, truncated: true }] });
  // step 0: 0.9 * -2 - (-3) = 1.2; step 1: 0.9 * -1 - (-2) = 1.1 (truncated: phi(s_T) is kept)
  assert.ok(near(o.steps[0].reward, 1.2));
  assert.ok(near(o.steps[1].reward, 1.1));
  assert.deepEqual(o.steps.map((s) => Object.keys(s.components)), [['shaping phi'], ['shaping phi']]);
});

test('on termination the potential of the final state is 0 (Grzes 2017), not on truncation', async () => {
  const o = await runSpec(potentialSpec, { 't.jsonl': [{ d: 3, action: 0 }, { d: 2, action: 0 }, { d: 1, terminated: true }] });
  // last step: 0.9 * 0 - (-2) = 2
  assert.ok(near(o.steps[1].reward, 2));
  // Telescoping: the shaped return of a terminated episode is -phi(s_0) discounted... check undiscounted sum here
  assert.ok(near(o.episodes[0].discounted_return, 1.2 + 0.9 * 2));
});

test('without a declared discount shaping uses gamma = 1', async () => {
  const o = await runSpec(potentialSpec.replace('discount 0.9', ''), { 't.jsonl': [{ d: 3, action: 0 }, { d: 2, truncated: true }] });
  assert.deepEqual(rewards(o), [1]);
});

const machineSpec = `
discount 0.9
prop a
prop b
machine m {
  initial u0
  terminal u2
  u0 -> u1 when a
  u1 -> u2 when b reward 1
}
reward main {
  m
  shaping m discount 0.5
}
`;

test('machine shaping: value iteration on the machine graph, Phi = -V, F = gamma Phi(u\') - Phi(u)', async () => {
  // With g = 0.5: V(u2) = 0, V(u1) = 1, V(u0) = 0 + 0.5 * 1 = 0.5; Phi = -V.
  const o = await runSpec(machineSpec, {
    't.jsonl': [{ labels: '', action: 0 }, { labels: 'a', action: 0 }, { labels: '', action: 0 }, { labels: 'b', terminated: true }],
  });
  const shaping = o.steps.map((s) => s.components['shaping m discount 0.5']);
  // The label of step t is read on s_{t+1}:
  // step 0 (label a): u0 -> u1: 0.9 * -1 - (-0.5) = -0.4
  // step 1 (no label): stays in u1: 0.9 * -1 - (-1) = 0.1
  // step 2 (label b): u1 -> u2, terminated: 0.9 * 0 - (-1) = 1
  const expected = [-0.4, 0.1, 1];
  shaping.forEach((v, i) => assert.ok(near(v, expected[i]), `step ${i}: ${v} vs ${expected[i]}`));
  assert.deepEqual(o.steps.map((s) => s.components.m), [0, 0, 1]);
});

test('machine shaping on a truncated episode keeps Phi of the reached state', async () => {
  const o = await runSpec(machineSpec, { 't.jsonl': [{ labels: '', action: 0 }, { labels: 'a', truncated: true }] });
  // step 0 (label a): u0 -> u1, truncated: 0.9 * -1 - (-0.5) = -0.4
  assert.ok(near(o.steps[0].components['shaping m discount 0.5'], -0.4));
});

test('machine shaping discount defaults to the declared discount; non-constant rewards count as 0', async () => {
  const s = `
discount 0.9
signal x: number
prop a
machine m {
  initial u0
  terminal u2
  u0 -> u1 when a reward x
  u1 -> u2 when !a reward 2
}
reward main { shaping m }
`;
  // V(u1) = 2, V(u0) = 0 (x counts as 0) + 0.9 * 2 = 1.8
  const o = await runSpec(s, { 't.jsonl': [{ x: 5, labels: '', action: 0 }, { x: 5, labels: 'a', truncated: true }] });
  assert.ok(near(o.steps[0].reward, 0.9 * -2 - -1.8));
});

test('machine shaping: value iteration skips otherwise transitions (LANGUAGE.md section 4)', async () => {
  const s = `
discount 0.9
prop a
machine m {
  initial u0
  terminal done
  u0 -> u1 when a
  u1 -> done when a reward -1
  u1 -> u0 when otherwise
}
reward main {
  m
  shaping m
}
`;
  // Without the otherwise transition: V(u1) = -1, V(u0) = 0.9 * -1 = -0.9; Phi = -V.
  // (Counting it, u1 -> u0 with reward 0 would make V(u1) = max(-1, 0.9 V(u0)) = 0.)
  const o = await runSpec(s, { 't.jsonl': [{ action: 0 }, { labels: 'a', action: 0 }, { labels: '', truncated: true }] });
  const shaping = o.steps.map((x) => x.components['shaping m']);
  // step 0 (label a): u0 -> u1: 0.9 * 1 - 0.9 = 0
  // step 1 (no label): u1 -> u0 by otherwise, truncated: 0.9 * 0.9 - 1 = -0.19
  const expected = [0, -0.19];
  shaping.forEach((v, i) => assert.ok(near(v, expected[i]), `step ${i}: ${v} vs ${expected[i]}`));
});
