// The language server keeps the stores of its last previews within a byte budget
// (lsp/preview-request.ts): the oldest go first, the newest stays whatever its size.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { overBudget, storeBytes } from '../../server/src/lsp/preview-request';
import { previewText } from '../../server/src/preview/compute';
import { walkFiles } from './trajectories';

test('within the budget nothing is dropped', () => {
  assert.deepEqual(overBudget([['a', 10], ['b', 20]], 30), []);
});

test('over the budget the oldest go first until the rest fit', () => {
  assert.deepEqual(overBudget([['a', 10], ['b', 20], ['c', 30]], 35), ['a', 'b']);
  assert.deepEqual(overBudget([['a', 10], ['b', 20], ['c', 30]], 50), ['a']);
});

test('the newest stays even when it alone is over the budget', () => {
  assert.deepEqual(overBudget([['a', 10], ['b', 100]], 50), ['a']);
  assert.deepEqual(overBudget([['b', 100]], 50), []);
});

test("a store's bytes count every per-step series: twice the steps, about twice the bytes", async () => {
  const spec = 'signal x: number in [0, 20] = obs[0]\nterm t = x\nreward r {\n  t\n}\n';
  const bytesOf = async (steps: number) => {
    const files = walkFiles(steps);
    const p = await previewText(spec, 'x.reward', [files.long]);
    rmSync(files.dir, { recursive: true, force: true });
    assert.equal(p.kind, 'store');
    return p.kind === 'store' ? storeBytes(p.store) : 0;
  };
  const small = await bytesOf(2_000);
  const large = await bytesOf(4_000);
  // reward and one component, Float64 each: at least 16 bytes a step.
  assert.ok(small >= 16 * 1_000, `${small} bytes`);
  assert.ok(large > 1.8 * small && large < 2.2 * small, `${small} then ${large} bytes`);
});
