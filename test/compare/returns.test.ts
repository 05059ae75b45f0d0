import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareReturns } from '../../server/src/compare/returns';

// LANGUAGE.md section 12, returns: the Spearman correlation of discounted returns and the
// pairs of episodes the two rewards order most differently (at most 10).

test('the same order: Spearman 1 and no disagreement; the reverse order: -1', () => {
  const a = [1, 5, 2, 8];
  assert.deepEqual(compareReturns(a, a.map((x) => 10 * x + 1)), { spearman: 1, disagreements: [] });
  const r = compareReturns(a, a.map((x) => -x));
  assert.equal(r.spearman, -1);
  // Every pair is discordant; the farthest apart in both rankings first.
  assert.deepEqual(r.disagreements[0], { episode_a: 0, episode_b: 3 });
  assert.equal(r.disagreements.length, 6);
});

test('pairs tied under either reward are no disagreement; at most 10 pairs, most discordant first', () => {
  const r = compareReturns([1, 2, 3], [1, 1, 0]);
  // (0, 1) tie under the second reward; (0, 2) and (1, 2) are discordant.
  assert.deepEqual(r.disagreements.map((d) => [d.episode_a, d.episode_b]), [[0, 2], [1, 2]]);
  const n = 30;
  const many = compareReturns(Array.from({ length: n }, (_, i) => i), Array.from({ length: n }, (_, i) => n - i));
  assert.equal(many.disagreements.length, 10);
  assert.deepEqual(many.disagreements[0], { episode_a: 0, episode_b: n - 1 });
});

test('episodes whose return is not finite are left out; Spearman of constant returns is undefined', () => {
  const r = compareReturns([1, NaN, 3, 2], [3, 0, 1, 2]);
  assert.equal(r.spearman, -1);
  assert.ok(r.disagreements.every((d) => d.episode_a !== 1 && d.episode_b !== 1));
  assert.ok(Number.isNaN(compareReturns([1, 1, 1], [1, 2, 3]).spearman));
});
