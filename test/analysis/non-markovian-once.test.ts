// Issue #18, point 12: a reward block with several history-dependent items says what to do
// once, on the first of them; the others say what they depend on and point to it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis/analyze';

test('non-markovian-reward: the advice once per reward block, on its first such item', () => {
  const text = `prop a
prop b
action u: number in [-1, 1]
machine first { initial s0; terminal s1; s0 -> s1 when a reward 1 }
machine second { initial s0; terminal s1; s0 -> s1 when b reward 1 }
ltl both = F a && F b
reward main {
  first
  second
  both
  -0.1 * (u - prev(u))^2
}
reward other { second }
`;
  const a = analyze(text);
  const otherStart = text.indexOf('reward other');
  const found = a.diagnostics.filter((d) => d.code === 'non-markovian-reward');
  const advice = /A policy that sees only the environment state cannot be optimal in general/;
  const inMain = found.filter((d) => d.span.start < otherStart).sort((x, y) => x.span.start - y.span.start);
  assert.equal(inMain.length, 4, found.map((d) => d.message).join('\n'));
  assert.match(inMain[0].message, /'first' is a reward machine/);
  assert.match(inMain[0].message, advice);
  for (const d of inMain.slice(1)) {
    assert.doesNotMatch(d.message, advice);
    assert.match(d.message, /As for 'first' above, give the policy that input too\./);
  }
  assert.match(inMain[1].message, /'second' is a reward machine/);
  assert.match(inMain[2].message, /'both' is a temporal formula/);
  assert.match(inMain[3].message, /reads prev\(u\)/);
  // Another block says it again: its diagnostics stand on their own.
  const other = found.filter((d) => d.span.start > otherStart);
  assert.equal(other.length, 1);
  assert.match(other[0].message, advice);
});
