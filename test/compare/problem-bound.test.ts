// Issue #17, item 3: `reward compare` bounds its problems as `reward eval` does: the readers'
// problems once (not once per variant's pass), the first 1,000 whole, the rest counted exactly
// by file, field and kind; a variant's own non-finite items are still its problems.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCompare } from './run-compare';

const SPEC = `signal x: number = obs[0]
reward a { x }
reward b { x; 1 / (x - 3) }
reward c { 1 / (x - 3); 2 }
`;

test('3,000 bad records: 1,000 problems kept, the rest counted; each variant adds only its own item problems', async () => {
  const records: object[] = [];
  for (let i = 0; i < 3000; i++) records.push({ obs: [`bad${i}`] }, { obs: [i % 7] });
  records.push({ obs: [3], terminated: true });
  const { result } = await runCompare(SPEC, { 't.jsonl': records }, { samples: 16 });
  assert.equal(result.problems.length, 1000);
  const more = result.more_problems ?? [];
  const counted = more.reduce((n, g) => n + g.count, 0);
  const byField = (field: string) => result.problems.filter((p) => p.field === field).length + more.filter((g) => g.field === field).reduce((n, g) => n + g.count, 0);
  // The readers' problems once, not once per variant.
  assert.equal(byField('obs[0]'), 3000);
  // '1 / (x - 3)' is infinite on the 429 steps from x = 3: reported for b, not again for c.
  assert.equal(byField('1 / (x - 3)'), 429);
  const fromSpec = result.problems.filter((p) => p.file === 'spec.reward').length + more.filter((g) => g.file === 'spec.reward').reduce((n, g) => n + g.count, 0);
  assert.equal(result.problems.length + counted, 3000 + 429 + fromSpec);
  assert.equal(result.skipped, 3000);
});
