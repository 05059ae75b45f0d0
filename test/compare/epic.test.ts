import assert from 'node:assert/strict';
import { test } from 'node:test';
import { drawIndices, selectSteps } from '../../server/src/compare/epic';
import { Prng } from '../../server/src/compare/prng';
import { distance, randomEpisodes, runCompare } from './run-compare';

// LANGUAGE.md section 12: EPIC is 0 between rewards that differ by potential shaping and a
// positive scale, 1 against a negation, symmetric, and in [0, 1].

const spec = `
discount 0.9
signal x: number
signal y: number
action u: number
term r0 = x * u + y' * y' - abs(x' - y) + tanh(u * y')
def h = x * x - 3 * y
potential phi = h + tanh(y)
potential psi = exp(x / 5)
reward base { r0 }
reward shaped { r0; shaping phi }
reward scaled { 2.5 * r0 }
reward both { 0.25 * r0; shaping psi; -0.3; shaping phi }
reward negated { -1 * r0 }
reward other { ((x' - x) * u + y) }
reward mixed { r0; 3 * ((x' - x) * u + y) }
`;

const files = { 'a.jsonl': randomEpisodes(1, 30, 12), 'b.jsonl': randomEpisodes(2, 20, 6) };
let cached: ReturnType<typeof runCompare> | undefined;
const all = () => (cached ??= runCompare(spec, files));

test('potential shaping, constants and positive scaling are at distance < 1e-6', async () => {
  const { result } = await all();
  for (const v of ['shaped', 'scaled', 'both']) {
    const d = distance(result, 'base', v)!;
    assert.ok(d >= 0 && d < 1e-6, `base vs ${v}: ${d}`);
  }
  assert.ok(distance(result, 'shaped', 'both')! < 1e-6);
  assert.deepEqual(result.problems, []);
});

test('a reward and its negation are at distance 1', async () => {
  const { result } = await all();
  assert.ok(Math.abs(distance(result, 'base', 'negated')! - 1) < 1e-6);
  assert.ok(Math.abs(distance(result, 'both', 'negated')! - 1) < 1e-6);
});

test('distances are symmetric, in [0, 1], and unrelated rewards are neither 0 nor 1', async () => {
  const forward = (await all()).result;
  const names = forward.rewards;
  assert.equal(forward.pairs.length, (names.length * (names.length - 1)) / 2);
  const backward = (await runCompare(spec, files, { rewards: [...names].reverse() })).result;
  for (const p of forward.pairs) {
    assert.ok(p.epic !== null && p.epic >= 0 && p.epic <= 1, `${p.a} ${p.b}: ${p.epic}`);
    const q = backward.pairs.find((x) => x.a === p.b && x.b === p.a)!;
    assert.ok(Math.abs(q.epic! - p.epic) < 1e-12, `${p.a} ${p.b}`);
  }
  const d = distance(forward, 'base', 'other')!;
  assert.ok(d > 0.05 && d < 0.95, String(d));
  // A mixture lies between its parts.
  assert.ok(distance(forward, 'base', 'mixed')! < distance(forward, 'base', 'other')!);
});

test('deterministic for a seed; another seed gives other draws', async () => {
  const a = (await runCompare(spec, files, { seed: 7, samples: 64 })).result;
  const b = (await runCompare(spec, files, { seed: 7, samples: 64 })).result;
  const c = (await runCompare(spec, files, { seed: 8, samples: 64 })).result;
  assert.deepEqual(a, b);
  assert.notEqual(distance(a, 'base', 'other'), distance(c, 'base', 'other'));
  // Exact invariances do not depend on the draws.
  assert.ok(distance(c, 'base', 'shaped')! < 1e-6);
});

test('a reward whose canonical form does not vary has null distances and a problem naming it', async () => {
  const s = `${spec}\nreward flat { shaping phi; 2 }\n`;
  const { result } = await runCompare(s, files, { rewards: ['base', 'flat', 'other'] });
  assert.equal(distance(result, 'base', 'flat'), null);
  assert.equal(distance(result, 'flat', 'other'), null);
  assert.ok(distance(result, 'base', 'other')! > 0);
  const p = result.problems.filter((x) => x.field === 'flat');
  assert.equal(p.length, 1);
  assert.equal(p[0].file, 'spec.reward');
  assert.equal(p[0].line, s.split('\n').findIndex((l) => l.startsWith('reward flat')) + 1);
  assert.match(p[0].message, /does not vary/);
});

test('shaping cancels on terminated episodes too: phi of a state that ended a terminated episode is 0 on either side', async () => {
  // Every episode terminates; the shaped reward pays gamma * 0 - phi(s) on the last step.
  const recs = [
    { x: 1, y: 2, action: 0.5 }, { x: 2, y: 1, action: -1 }, { x: 0, y: 3, terminated: true },
    { x: -1, y: 0, action: 1 }, { x: 3, y: 3, action: 0.2 }, { x: 1, y: 1, action: 0.3 }, { x: 4, y: 2, terminated: true },
    { x: 2, y: 2, action: -0.4 }, { x: -2, y: 1, terminated: true },
  ];
  const { result } = await runCompare(spec, { 't.jsonl': recs }, { rewards: ['base', 'shaped', 'both', 'negated'] });
  assert.ok(distance(result, 'base', 'shaped')! < 1e-6);
  assert.ok(distance(result, 'base', 'both')! < 1e-6);
  assert.ok(Math.abs(distance(result, 'base', 'negated')! - 1) < 1e-6);
});

test('more steps than the step sample: the correlation is taken over a uniform sample of them, still exact for shaping', async () => {
  const recs: object[] = [];
  for (let e = 0; e < 40; e++) {
    for (let t = 0; t <= 50; t++) recs.push(t < 50 ? { episode: e, x: (t * 7 + e) % 11 - 5, y: (t * 3 + e) % 5, action: ((t + e) % 3) - 1 } : { episode: e, x: 0, y: 1, truncated: true });
  }
  const { result, counts } = await runCompare(spec, { 'big.jsonl': recs }, { rewards: ['base', 'shaped', 'negated'], samples: 16, stepSample: 500 });
  assert.equal(result.steps, 2000);
  assert.equal(counts.stepsUsed, 500);
  assert.ok(distance(result, 'base', 'shaped')! < 1e-6);
  assert.ok(Math.abs(distance(result, 'base', 'negated')! - 1) < 1e-6);
  // The values repeat: m(x) is computed once per distinct state, not once per step.
  assert.ok(counts.distinctStates[0] < 100, String(counts.distinctStates[0]));
});

test('the step sample is uniform: ascending, distinct, every step as likely', () => {
  const prng = new Prng(3);
  const hits = new Float64Array(1000);
  for (let r = 0; r < 200; r++) {
    const s = selectSteps(prng, 1000, 100)!;
    assert.equal(s.length, 100);
    for (let i = 1; i < s.length; i++) assert.ok(s[i] > s[i - 1]);
    for (const t of s) hits[t]++;
  }
  // Each step is chosen with probability 0.1: 20 times in 200 rounds on average.
  const firstHalf = hits.slice(0, 500).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(firstHalf / 20000 - 0.5) < 0.03, String(firstHalf));
  assert.equal(selectSteps(prng, 100, 100), null);
});

test('the draws are uniform over the records, independent for S, A and S\'', () => {
  const d = drawIndices(new Prng(11), 10, 4, 40000);
  const count = (xs: Int32Array, k: number) => xs.reduce((n, x) => n + (x === k ? 1 : 0), 0);
  for (let k = 0; k < 10; k++) assert.ok(Math.abs(count(d.states, k) / 40000 - 0.1) < 0.01);
  for (let k = 0; k < 4; k++) assert.ok(Math.abs(count(d.actions, k) / 40000 - 0.25) < 0.015);
  let same = 0;
  for (let i = 0; i < 40000; i++) if (d.states[i] === d.nexts[i]) same++;
  assert.ok(Math.abs(same / 40000 - 0.1) < 0.01);
});

test('vector signals: a drawn state replaces every element of a vector, so shaping over a vector state still cancels', async () => {
  const vectorSpec = `
discount 0.9
signal y: number
signal pos: vector[2] = p
action u: number
term r0 = pos[0] * u + y' * y' - abs(pos'[1] - y)
potential phi = -norm(pos) + y
reward base { r0 }
reward shaped { r0; shaping phi }
`;
  // States that differ only in the last element of the vector (y and p[0] fixed): a state key
  // that missed an element would take them for one state.
  const withVectors = (recs: object[]) => recs.map((r) => ({ ...r, y: 1, p: [0.5, (r as { x: number }).x] }));
  const { result } = await runCompare(vectorSpec, { 'a.jsonl': withVectors(randomEpisodes(3, 30, 12)) });
  assert.deepEqual(result.problems, []);
  const d = distance(result, 'base', 'shaped')!;
  assert.ok(d >= 0 && d < 1e-6, `base vs shaped: ${d}`);
});

test('a reward not finite on every step has null distances and one problem that says so, not also "does not vary"', async () => {
  // log of a negative number on one state: every canonical form reads the drawn transitions.
  const s = 'signal x: number = obs[0]\nreward A { x\' }\nreward N { log(x\' + 1) }\n';
  const xs = [0, 1, 2, -2, 3, 4];
  const recs = xs.map((x, i) => (i < xs.length - 1 ? { obs: [x], action: 0 } : { obs: [x] }));
  const { result } = await runCompare(s, { 't.jsonl': recs }, {});
  assert.equal(distance(result, 'A', 'N'), null);
  const p = result.problems.filter((x) => x.field === 'N' && x.file === 'spec.reward');
  assert.equal(p.length, 1, JSON.stringify(p));
  assert.match(p[0].message, /is not finite on any of the 5 steps/);
});
