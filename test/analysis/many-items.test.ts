// A block may name one machine, formula or potential on many lines (issue #12, item 4: 4,000
// items took 14 s, each item solving its machine again). Facts of a machine are solved once per
// machine and discount; the diagnostics stay one per item that earns one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis/analyze';
import { itemBounds } from '../../server/src/analysis/bounds';
import { machineValues } from '../../server/src/eval/machine-values';

const spec = (n: number) => [
  'discount 1', 'horizon 200', 'signal x: number in [0, 1] = obs[0]', 'prop g = x > 0.5', 'prop h',
  'machine m {', '  initial a', '  terminal done, failed', '  a -> b when g reward 1', '  b -> a when !g reward 1', '  b -> done when h reward 5', '  a -> failed when h reward -1', '}',
  'ltl f = F (g && X h)  accept 2 reject -1',
  'reward main {', ...Array.from({ length: n }, (_, i) => ['  m', '  f', '  shaping m', '  -0.01', '  2 * m'][i % 5]), '}', '',
].join('\n');

test('value iteration is solved once per machine and discount', () => {
  const { model } = analyze(spec(5));
  const m = model.machines[0];
  assert.equal(machineValues(m, 0.9), machineValues(m, 0.9));
  assert.notEqual(machineValues(m, 0.9), machineValues(m, 0.5));
  assert.deepEqual(machineValues(m, 1), machineValues(m, 1));
});

test('a 4,000-item block: one diagnostic per item that earns one, the same bounds for every copy of an item', () => {
  const n = 4000;
  const a = analyze(spec(n));
  const count = (code: string) => a.diagnostics.filter((d) => d.code === code).length;
  // `shaping m` under discount 1 around a paying cycle: an error on each of the n / 5 shaping items.
  assert.equal(count('positive-reward-cycle'), n / 5 + 1);
  const bounds = itemBounds(a.model, a.model.rewards[0]).items;
  const byLabel = new Map<string, string>();
  for (const b of bounds) {
    const text = JSON.stringify([b.perStep, b.total]);
    const label = b.label.replace(/ #\d+$/, '');
    assert.equal(byLabel.get(label) ?? text, text, label);
    byLabel.set(label, text);
  }
  assert.deepEqual(JSON.parse(byLabel.get('2 * m')!)[0], { lo: -2, hi: 10 });
});
