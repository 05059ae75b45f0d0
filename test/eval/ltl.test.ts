import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rewards, runSpec } from './run-spec';

// LANGUAGE.md section 5: an ltl item pays accept or reject once, when the verdict is decided.

const trace = (labels: string[], end: 'terminated' | 'truncated') => [
  { labels: '', action: 0 },
  ...labels.map((l, i) => ({ labels: l, action: 0, ...(i === labels.length - 1 ? { [end]: true } : {}) })),
];

test('accept at the first step after which every continuation satisfies the formula', async () => {
  const s = `prop g\nprop b\nltl f = F g accept 10 reject -5\nreward main { f }\n`;
  const r = await runSpec(s, { 't.jsonl': trace(['', '', 'g', '', 'g'], 'truncated') });
  assert.deepEqual(rewards(r), [0, 0, 10, 0, 0]);
  assert.deepEqual(r.steps.map((x) => x.ltl.f), ['pending', 'pending', 'accepted', 'accepted', 'accepted']);
});

test('reject at the first step after which no continuation satisfies the formula', async () => {
  const s = `prop g\nprop b\nltl f = G !b accept 10 reject -5\nreward main { f }\n`;
  const r = await runSpec(s, { 't.jsonl': trace(['', 'b', ''], 'terminated') });
  assert.deepEqual(rewards(r), [0, -5, 0]);
  assert.deepEqual(r.steps.map((x) => x.ltl.f), ['pending', 'rejected', 'rejected']);
});

test('a terminated episode still undecided is judged whole at its last step (LTLf)', async () => {
  const s = `prop g\nprop b\nltl f = G !b accept 10 reject -5\nreward main { f }\n`;
  const r = await runSpec(s, { 't.jsonl': trace(['', '', ''], 'terminated') });
  assert.deepEqual(rewards(r), [0, 0, 10]);
  assert.deepEqual(r.steps.map((x) => x.ltl.f), ['pending', 'pending', 'accepted']);
  const r2 = await runSpec(s.replace('G !b', 'G F g'), { 't.jsonl': trace(['g', ''], 'terminated') });
  assert.deepEqual(rewards(r2), [0, -5]);
});

test('a truncated episode still undecided emits nothing and stays pending', async () => {
  const s = `prop g\nprop b\nltl f = G !b accept 10 reject -5\nreward main { f }\n`;
  const r = await runSpec(s, { 't.jsonl': trace(['', '', ''], 'truncated') });
  assert.deepEqual(rewards(r), [0, 0, 0]);
  assert.equal(r.steps[2].ltl.f, 'pending');
});

test('defaults: accept 1, reject 0; the verdict restarts every episode', async () => {
  const s = `prop g\nltl f = F g\nreward main { f }\n`;
  const r = await runSpec(s, { 't.jsonl': [...trace(['g'], 'truncated'), ...trace(['', 'g'], 'truncated')] });
  assert.deepEqual(rewards(r), [1, 0, 1]);
});

test('exclusive groups decide what continuations exist', async () => {
  // With a and b exclusive, after `a` no continuation can make `a && b` hold at the end:
  // F (a && b) is rejected at once.
  const s = `prop a\nprop b\nexclusive a, b\nltl f = F (a && b) accept 1 reject -1\nreward main { f }\n`;
  const r = await runSpec(s, { 't.jsonl': trace([''], 'truncated') });
  assert.deepEqual(rewards(r), [-1]);
});
