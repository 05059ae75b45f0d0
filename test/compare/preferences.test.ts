import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bradleyTerry, fitPreferences, logSigmoid, parsePreferences, type Preference } from '../../server/src/compare/preferences';
import { runCompare } from './run-compare';

// LANGUAGE.md section 12, preferences: agreement (ties half), the Bradley-Terry fit with
// beta >= 0, null beta and the supremum when the returns separate the labels, beta 0 when every
// pair has equal returns, `equal` as half each way, bad lines as problems.

/** Labels made from one reward's returns: the higher return preferred, equal when tied. */
function labelsFrom(g: readonly number[], pairs: readonly [number, number][]): Preference[] {
  return pairs.map(([a, b]) => ({ a, b, prefer: g[a] > g[b] ? 'a' : g[a] < g[b] ? 'b' : 'equal' }));
}

const g = [3, 1, 4, 1, 5, 9, 2, 6];
const pairs: [number, number][] = [[0, 1], [2, 3], [4, 5], [6, 7], [0, 7], [1, 3], [5, 2], [3, 6]];

test('labels made by a reward: that reward agrees 1 with beta null (separated), its negation 0 with beta 0', () => {
  const labels = labelsFrom(g, pairs);
  const own = fitPreferences(labels, g);
  assert.equal(own.agreement, 1);
  assert.equal(own.beta, null);
  // The supremum: 0 for each strict label, log(1/2) for the equal one (episodes 1 and 3 tie).
  assert.ok(Math.abs(own.log_likelihood - Math.log(0.5)) < 1e-12);
  assert.equal(own.pairs, 8);
  const neg = fitPreferences(labels, g.map((x) => -x));
  assert.equal(neg.agreement, 0);
  assert.equal(neg.beta, 0);
  assert.ok(Math.abs(neg.log_likelihood - 8 * Math.log(0.5)) < 1e-12);
});

test('every pair with equal returns: beta 0, agreement one half', () => {
  const f = fitPreferences(labelsFrom(g, pairs), g.map(() => 7));
  assert.equal(f.beta, 0);
  assert.equal(f.agreement, 0.5);
  assert.ok(Math.abs(f.log_likelihood - 8 * Math.log(0.5)) < 1e-12);
});

test('without strict preferences agreement is null', () => {
  const f = fitPreferences([{ a: 0, b: 1, prefer: 'equal' }], [1, 2]);
  assert.equal(f.agreement, null);
  assert.equal(f.pairs, 1);
  // An equal label with unequal returns pulls beta to 0.
  assert.equal(f.beta, 0);
});

test('the fitted beta maximises the likelihood (checked against a fine grid)', () => {
  const labels: Preference[] = [
    { a: 0, b: 1, prefer: 'a' }, { a: 1, b: 2, prefer: 'a' }, { a: 0, b: 2, prefer: 'b' }, { a: 2, b: 3, prefer: 'a' },
    { a: 3, b: 0, prefer: 'equal' }, { a: 1, b: 3, prefer: 'a' },
  ];
  const returns = [2.5, 1.0, 0.4, -1.2];
  const f = fitPreferences(labels, returns);
  assert.ok(f.beta !== null && f.beta > 0);
  const ll = (beta: number) => labels.reduce((s, l) => {
    const d = returns[l.a] - returns[l.b];
    if (l.prefer === 'equal') return s + 0.5 * logSigmoid(beta * d) + 0.5 * logSigmoid(-beta * d);
    return s + logSigmoid(beta * (l.prefer === 'a' ? d : -d));
  }, 0);
  let best = 0;
  for (let b = 0; b <= 10; b += 1e-4) if (ll(b) > ll(best)) best = b;
  assert.ok(Math.abs(f.beta! - best) < 1e-3, `${f.beta} vs ${best}`);
  assert.ok(Math.abs(f.log_likelihood - ll(f.beta!)) < 1e-12);
  assert.ok(f.log_likelihood >= ll(best) - 1e-12);
  assert.equal(f.agreement, 4 / 5);
});

test('Bradley-Terry at scale: returns in the thousands and in the thousandths give the same likelihood', () => {
  const d = [1, 2, -0.5, 3, -1];
  const w = [1, 1, 1, 1, 1];
  const base = bradleyTerry(d, w);
  const big = bradleyTerry(d.map((x) => x * 1000), w);
  const small = bradleyTerry(d.map((x) => x / 1000), w);
  assert.ok(Math.abs(big.logLikelihood - base.logLikelihood) < 1e-9);
  assert.ok(Math.abs(small.logLikelihood - base.logLikelihood) < 1e-9);
  assert.ok(Math.abs(big.beta! * 1000 - base.beta!) < 1e-6 * base.beta!);
});

test('bad preference lines are problems with file, line and field; the rest is read', () => {
  const text = [
    '{"a": 0, "b": 1, "prefer": "a"}',
    '{broken',
    '',
    '{"a": 0, "b": 9, "prefer": "b"}',
    '{"a": 0, "b": 1, "prefer": "left"}',
    '{"a": -1, "b": 1, "prefer": "a"}',
    '{"a": 1.5, "prefer": "a"}',
    '[1, 2]',
    '{"a": 2, "b": 2, "prefer": "equal"}',
    '{"a": 2, "b": 1, "prefer": "equal"}\r',
  ].join('\n');
  const { preferences, problems } = parsePreferences('\uFEFF' + text, 'prefs.jsonl', 3);
  assert.deepEqual(preferences, [{ a: 0, b: 1, prefer: 'a' }, { a: 2, b: 1, prefer: 'equal' }]);
  assert.deepEqual(problems.map((p) => [p.file, p.line, p.field]), [
    ['prefs.jsonl', 2, ''], ['prefs.jsonl', 4, 'b'], ['prefs.jsonl', 5, 'prefer'], ['prefs.jsonl', 6, 'a'],
    ['prefs.jsonl', 7, 'a'], ['prefs.jsonl', 7, 'b'], ['prefs.jsonl', 8, ''], ['prefs.jsonl', 9, 'b'],
  ]);
  assert.match(problems[1].message, /no episode 9: the trajectories hold 3 episodes/);
  assert.match(problems[2].message, /expected "a", "b" or "equal", found "left"/);
  assert.match(problems[5].message, /the field 'b' is missing/);
});

test('through compare: preferences labelled by one variant, problems from the file, pairs counted', async () => {
  const spec = `
discount 0.95
signal x: number
action u: number
reward up { (x' - x) }
reward down { (x - x') }
`;
  // Four episodes whose returns under `up` are 3, 1, 2 and 0 (undiscounted: one step each).
  const recs = [[0, 3], [5, 6], [1, 3], [2, 2]].flatMap(([x0, x1], e) => [{ episode: e, x: x0, action: 0 }, { episode: e, x: x1, truncated: true }]);
  const labels = '{"a":0,"b":1,"prefer":"a"}\n{"a":1,"b":2,"prefer":"b"}\n{"a":3,"b":0,"prefer":"b"}\n{"a":1,"b":2\n';
  const { result } = await runCompare(spec, { 't.jsonl': recs }, { preferences: (n) => parsePreferences(labels, 'p.jsonl', n) });
  assert.deepEqual(Object.keys(result.preferences!), ['up', 'down']);
  assert.deepEqual(result.preferences!.up, { agreement: 1, log_likelihood: 0, beta: null, pairs: 3 });
  assert.equal(result.preferences!.down.agreement, 0);
  assert.equal(result.preferences!.down.beta, 0);
  assert.deepEqual(result.problems.map((p) => [p.file, p.line, p.field]), [['p.jsonl', 4, '']]);
  assert.equal(result.pairs[0].epic, 1);
});
