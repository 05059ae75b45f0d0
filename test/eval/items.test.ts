import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rewards, runSpec } from './run-spec';

// LANGUAGE.md sections 3, 6 and 8: items, weights, component keys, returns, expressions.

test('items are weighted and summed; component keys are the items as written', async () => {
  const s = `
discount 0.5
signal x: number
action u: number
term progress = x' - x
def twice = 2 * x
reward main {
  0.5 * progress
  -0.25
  task twice
  2 * (u * u)
  -0.25
}
`;
  const o = await runSpec(s, { 't.jsonl': [{ x: 1, action: 3 }, { x: 4, action: 1 }, { x: 4, terminated: true }] });
  assert.deepEqual(Object.keys(o.steps[0].components), ['0.5 * progress', '-0.25', 'twice', '2 * (u * u)', '-0.25 #2']);
  assert.deepEqual(o.steps[0].components, { '0.5 * progress': 1.5, '-0.25': -0.25, twice: 2, '2 * (u * u)': 18, '-0.25 #2': -0.25 });
  assert.deepEqual(rewards(o), [21, 0 - 0.5 + 8 + 2]);
  assert.equal(o.episodes[0].return, 21 + 9.5);
  assert.equal(o.episodes[0].discounted_return, 21 + 0.5 * 9.5);
  assert.equal(o.episodes[0].steps, 2);
  assert.equal(o.episodes[0].end, 'terminated');
});

test('operators: precedence, fmod, power, conditionals, enums, functions', async () => {
  const s = `
signal x: number
signal room: enum { hall, kitchen }
reward main {
  (-x^2)
  (x % 3 - -7 % 3)
  (2^3^2 / 64)
  (if room == kitchen then 1 else 0)
  (room != hall ? 10 : 20)
  (clamp(x, 0, 2) + min(x, 1, 5) + max(1, 2) + abs(-3) + hypot(3, 4))
  (floor(2.5) + ceil(2.5) + sign(-4))
}
`;
  const o = await runSpec(s, { 't.jsonl': [{ x: 4, room: 'kitchen', action: 0 }, { x: 0, room: 1, truncated: true }] });
  const c = Object.values(o.steps[0].components);
  // -x^2 = -16; 4 % 3 = 1, -7 % 3 = -1 (sign of the dividend): 1 - (-1) = 2; 2^(3^2) / 64 = 8
  assert.deepEqual(c, [-16, 2, 8, 1, 10, 2 + 1 + 2 + 3 + 5, 2 + 3 - 1]);
});

test('primes read the next state; props read on (s_t, a_t) in items, p\' on (s_{t+1}, a_t)', async () => {
  const s = `
signal x: number
action go: bool
prop high = x > 5 && go
reward main {
  (high ? 1 : 0)
  (high' ? 10 : 0)
}
`;
  const o = await runSpec(s, { 't.jsonl': [{ x: 6, action: true }, { x: 1, action: true }, { x: 9, terminated: true }] });
  assert.deepEqual(rewards(o), [1, 10]);
  // props of the output are the labels L_t, read on (a_t, s_{t+1})
  assert.deepEqual(o.steps.map((x) => x.props.high), [false, true]);
});

test('an episode of one record has no steps; episodes are numbered across files', async () => {
  const s = 'signal x: number\nreward main { x }\n';
  const o = await runSpec(s, { 'a.jsonl': [{ x: 1, terminated: true }], 'b.jsonl': [{ x: 1, action: 0 }, { x: 2, truncated: true }] });
  assert.deepEqual(o.episodes.map((e) => [e.episode, e.steps]), [[0, 0], [1, 1]]);
  assert.deepEqual(o.steps.map((x) => x.episode), [1]);
});

test('a skipped record is counted and reported; the episode continues across the gap', async () => {
  const s = 'signal x: number in [0, 10]\nterm dx = x\' - x\nreward main { dx }\n';
  const text = ['{"x": 1, "action": 0}', '{"x": "oops", "action": 0}', 'not json', '{"x": 4, "action": 0}', '{"x": 12, "terminated": true}'].join('\n');
  const o = await runSpec(s, { 't.jsonl': text });
  assert.equal(o.skipped, 2);
  assert.deepEqual(rewards(o), [3, 8]);
  // line 2: wrong type (skipped); line 3: malformed (skipped); line 5: out of range (kept)
  assert.deepEqual(o.problems.map((p) => [p.line, p.field]), [[2, 'x'], [3, ''], [5, 'x']]);
});

test('a step whose value is not finite is reported and prints as null', async () => {
  const s = 'signal x: number\nreward main { (1 / x) }\n';
  const o = await runSpec(s, { 't.jsonl': [{ x: 0, action: 0 }, { x: 1, truncated: true }] });
  assert.equal(o.steps[0].reward, Infinity);
  assert.equal(JSON.parse(JSON.stringify(o.steps[0])).reward, null);
  assert.equal(o.problems.length, 1);
  assert.match(o.problems[0].message, /not finite/);
});
