import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../server/src/analysis/analyze';
import { differOnlyByShaping } from '../../server/src/compare/shaping-only';

// The preview says so when two variants differ only by `shaping` items.

const spec = `
discount 0.9
signal x: number
potential phi = -x
potential psi = x * x
term step = x' - x
reward a { 0.5 * step; -0.01 }
reward b { -0.01; 0.5 * step; shaping phi }
reward c { 0.5 * step; -0.01; shaping psi; shaping phi }
reward d { 0.5 * step }
reward e { 0.5 * step; -0.01 }
reward f { task 0.5 * step; -0.01 }
`;

test('the same other items in any order, other shaping items: differ only by shaping', () => {
  const rewards = new Map(analyze(spec).model.rewards.map((r) => [r.name.text, r]));
  const only = (x: string, y: string) => differOnlyByShaping(rewards.get(x)!, rewards.get(y)!);
  assert.equal(only('a', 'b'), true);
  assert.equal(only('b', 'a'), true);
  assert.equal(only('b', 'c'), true);
  // A constant is not shaping; identical blocks do not differ; a `task` mark is a difference.
  assert.equal(only('a', 'd'), false);
  assert.equal(only('a', 'e'), false);
  assert.equal(only('a', 'f'), false);
});
