import { test } from 'node:test';
import assert from 'node:assert/strict';
import { guardsCoverAll, uncoveredLabelSet } from '../../server/src/interop/rm-coverage';
import { parseGuard, type Guard } from '../../server/src/interop/rm-format';

const g = (text: string): Guard => {
  const r = parseGuard(text);
  if (!r.ok) throw new Error(r.message);
  return r.value;
};
const gs = (...texts: string[]): Guard[] => texts.map(g);

test('a and !a cover every label set', () => {
  assert.equal(guardsCoverAll(gs('a', '!a')), true);
  assert.equal(uncoveredLabelSet(gs('a', '!a')), undefined);
});

test('a alone misses the label set where a is false', () => {
  assert.equal(guardsCoverAll(gs('a')), false);
  assert.deepEqual(uncoveredLabelSet(gs('a')), []);
});

test('no guards at all cover nothing', () => {
  assert.equal(guardsCoverAll([]), false);
});

test('office t1 state 0 misses exactly the label sets with the plant n', () => {
  const witness = uncoveredLabelSet(gs('!f&!n', 'f&!n'));
  assert.ok(witness !== undefined);
  assert.ok(witness.includes('n'), `witness ${JSON.stringify(witness)} should hold n`);
  assert.equal(guardsCoverAll(gs('!f&!n', 'f&!n', 'n')), true);
});

test('the witness really is missed by every guard', () => {
  const guards = gs('a&b', '!a&c', 'b&!c', '!b&!c&a');
  const witness = uncoveredLabelSet(guards);
  assert.ok(witness !== undefined);
  const holds = (guard: Guard): boolean =>
    guard.some((conj) => conj.every((l) => (l.kind === 'const' ? l.value : witness.includes(l.name) !== l.negated)));
  assert.equal(guards.some(holds), false, `witness ${JSON.stringify(witness)}`);
});

test('True, False, contradictions and disjunctions are read exactly', () => {
  assert.equal(guardsCoverAll(gs('True')), true);
  assert.equal(guardsCoverAll(gs('False')), false);
  assert.equal(guardsCoverAll(gs('!False')), true);
  assert.equal(guardsCoverAll(gs('a&!a', 'b')), false);
  assert.equal(guardsCoverAll(gs('a|!a')), true);
  assert.equal(guardsCoverAll(gs('a|b', '!a&!b')), true);
  assert.equal(guardsCoverAll(gs('a|b', '!a&!b&c')), false);
});

test('agrees with brute-force enumeration over four props', () => {
  const props = ['a', 'b', 'c', 'd'];
  const lits = props.flatMap((p) => [p, `!${p}`]);
  // A deterministic pseudo-random family of guard sets.
  let seed = 7;
  const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
  for (let round = 0; round < 300; round++) {
    const guards = Array.from({ length: 1 + rnd(5) }, () =>
      Array.from({ length: 1 + rnd(2) }, () => Array.from({ length: 1 + rnd(3) }, () => lits[rnd(lits.length)]).join('&')).join('|'),
    );
    const parsed = gs(...guards);
    let brute = true;
    for (let m = 0; m < 16; m++) {
      const on = props.filter((_, i) => (m >> i) & 1);
      const some = parsed.some((guard) =>
        guard.some((conj) => conj.every((l) => (l.kind === 'const' ? l.value : on.includes(l.name) !== l.negated))),
      );
      if (!some) brute = false;
    }
    assert.equal(guardsCoverAll(parsed), brute, guards.join(', '));
  }
});
