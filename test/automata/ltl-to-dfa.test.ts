// ltlToDfa against the LTLf semantics evaluated directly on every short trace, and minimality.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ltlToDfa, minimize, type Dfa } from '../../server/src/automata/dfa';
import type { Ltl } from '../../server/src/automata/ltl';
import { allLetters, allReachable, distinctStates, forEachTrace, holds, initialReentered } from './brute';
import { ltl, show } from './formula';

const CLASSICS = [
  'F a', 'G a', 'a U b', 'a R b', 'a W b', 'X a', 'WX a', 'G F a', 'F G a', 'F (a && F b)',
  'G (a -> F b)', 'F[2,4] a', 'G[0,3] a', 'true', 'false', 'a', '!a', 'X X a', 'WX false',
  'X true', 'F[0,0] a', 'G[1,1] a', 'F[3,1] a', 'a U (b U c)', '(a U b) U c', 'a R (b W c)',
  'G (a -> X (b R c))', 'F a <-> G b', 'G (a <-> WX !a)', 'F[1,3] (a && X b)', '!(a U b) -> G[0,2] c',
  'F (a && X (b && X c))', 'X (a U b) && WX c',
];

/** Asserts that d accepts exactly the traces (up to maxLength) that satisfy f. */
function agrees(f: Ltl, d: Dfa, maxLength: number): void {
  forEachTrace(d, allLetters(d.atoms), maxLength, (trace, state) => {
    const expected = holds(f, trace);
    if (d.accepting[state] !== expected) {
      assert.fail(`${show(f)} on [${trace.join(' ')}]: automaton says ${d.accepting[state]}, semantics ${expected}`);
    }
  });
}

function isMinimal(d: Dfa): void {
  assert.ok(allReachable(d), 'every state is reachable');
  assert.equal(distinctStates(d), d.states, 'no two states are equivalent');
  if (!initialReentered(d)) {
    // The initial state's acceptance is free (no empty LTLf trace): neither choice does better.
    const flipped = { ...d, accepting: d.accepting.map((a, s) => (s === d.initial ? !a : a)) };
    assert.ok(distinctStates(flipped) >= d.states, 'the other acceptance of the initial state gives no fewer states');
  }
}

// Exhaustive checks cost (2^atoms)^length evaluations: length 6 over 2 atoms, 5 over 3.
test('classic formulas agree with the semantics on all short traces and are minimal', () => {
  for (const text of CLASSICS) {
    const f = ltl(text);
    // Over the atoms the formula mentions (at least a and b), then once over a spare atom too.
    const atoms = Math.max(2, ...[...text.matchAll(/\b[a-c]\b/g)].map((m) => m[0].charCodeAt(0) - 96));
    const d = ltlToDfa(f, atoms);
    assert.equal(d.atoms, atoms);
    assert.equal(d.next.length, d.states << atoms, `${text}: complete table`);
    agrees(f, d, atoms === 2 ? 6 : 5);
    isMinimal(d);
    const wider = ltlToDfa(f, atoms + 1);
    agrees(f, wider, 3);
    assert.equal(wider.states, d.states, `${text}: an unused atom adds no state`);
  }
});

test('the classic formulas have their textbook minimal automata', () => {
  const size = (text: string, atoms = 2): number => ltlToDfa(ltl(text), atoms).states;
  assert.equal(size('F a'), 2);
  assert.equal(size('G a'), 2);
  assert.equal(size('a U b'), 3);
  assert.equal(size('G F a'), 2);
  assert.equal(size('true'), 1);
  assert.equal(size('false'), 1);
  // Before, at and after each of the three window positions, plus accepted and rejected for good.
  assert.equal(size('F[2,4] a'), 7);
});

const formula = (atoms: number): fc.Arbitrary<Ltl> =>
  fc.letrec<{ f: Ltl }>((tie) => ({
    f: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.integer({ min: 0, max: atoms - 1 }).map((atom): Ltl => ({ kind: 'atom', atom })),
      fc.constantFrom<Ltl>({ kind: 'true' }, { kind: 'false' }),
      fc.record({ kind: fc.constantFrom('not', 'next', 'weakNext'), f: tie('f') }) as fc.Arbitrary<Ltl>,
      fc.record({ kind: fc.constantFrom('eventually', 'always'), f: tie('f') }) as fc.Arbitrary<Ltl>,
      fc
        .record({
          kind: fc.constantFrom('eventually', 'always'),
          f: tie('f'),
          bound: fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 4 })),
        }) as fc.Arbitrary<Ltl>,
      fc.record({
        kind: fc.constantFrom('and', 'or', 'implies', 'iff', 'until', 'release', 'weakUntil'),
        l: tie('f'),
        r: tie('f'),
      }) as fc.Arbitrary<Ltl>,
    ),
  })).f;

test('random formulas over 2 atoms agree with the semantics up to length 6 and are minimal', () => {
  fc.assert(
    fc.property(formula(2), (f) => {
      const d = ltlToDfa(f, 2);
      agrees(f, d, 6);
      isMinimal(d);
    }),
    { numRuns: 150 },
  );
});

test('random formulas over 3 atoms agree with the semantics up to length 4 and are minimal', () => {
  fc.assert(
    fc.property(formula(3), (f) => {
      const d = ltlToDfa(f, 3);
      agrees(f, d, 4);
      isMinimal(d);
    }),
    { numRuns: 100 },
  );
});

test('equivalent formulas give the identical automaton (canonical numbering)', () => {
  const pairs = [
    ['G a', '!F !a'],
    ['a R b', '!(!a U !b)'],
    ['a W b', 'a U b || G a'],
    ['WX a', '!X !a'],
    ['G[1,3] a', '!F[1,3] !a'],
    ['F F a', 'F a'],
    ['G F G F a', 'G F a'],
  ];
  for (const [x, y] of pairs) assert.deepEqual(ltlToDfa(ltl(x), 2), ltlToDfa(ltl(y), 2), `${x} vs ${y}`);
});

// Their speed is measured in the bench (bench/src/suites/automata.ts), not asserted here: a
// timing in a test fails on a loaded machine and proves nothing on a fast one.
test('nested eventualities over 12 atoms and a 50-step window compile to their minimal automata', () => {
  let chain: Ltl = { kind: 'eventually', f: { kind: 'atom', atom: 11 } };
  for (let i = 10; i >= 0; i--) chain = { kind: 'eventually', f: { kind: 'and', l: { kind: 'atom', atom: i }, r: chain } };
  const d = ltlToDfa(chain, 12);
  const window = ltlToDfa(ltl('F[0,50] a'), 12);
  assert.equal(d.states, 13);
  assert.equal(window.states, 53);
  // Spot check the chain: all twelve in order, with other letters between, is accepted.
  const k = 1 << 12;
  let s = d.initial;
  for (let i = 0; i < 12; i++) s = d.next[d.next[s * k + (1 << i)] * k + 0];
  assert.equal(d.accepting[s], true);
  s = d.initial;
  for (let i = 11; i >= 0; i--) s = d.next[s * k + (1 << i)];
  assert.equal(d.accepting[s], false);
});

test('malformed formulas are refused with a clear message', () => {
  assert.throws(() => ltlToDfa(ltl('c'), 2), /atom index 2 is out of range/);
  assert.throws(() => ltlToDfa({ kind: 'eventually', f: ltl('a'), bound: [-1, 2] }, 1), /non-negative integers/);
  assert.throws(() => ltlToDfa({ kind: 'eventually', f: ltl('a'), bound: [0.5, 2] }, 1), /non-negative integers/);
  assert.throws(() => ltlToDfa(ltl('a'), 40), /number of atoms/);
});

test('minimize merges equivalent states and drops unreachable ones', () => {
  // Four states over one atom: 0 -> 1 or 2 (equivalent accepting sinks); 3 is unreachable.
  const d: Dfa = { atoms: 1, states: 4, initial: 0, accepting: [false, true, true, false], next: Int32Array.of(1, 2, 1, 1, 2, 2, 3, 3) };
  const m = minimize(d);
  assert.equal(m.states, 2);
  assert.deepEqual(m.accepting, [false, true]);
  assert.deepEqual(Array.from(m.next), [1, 1, 1, 1]);
});

test('minimize agrees with naive refinement on random automata', () => {
  const arb = fc
    .record({ states: fc.integer({ min: 1, max: 12 }), atoms: fc.integer({ min: 0, max: 2 }) })
    .chain(({ states, atoms }) =>
      fc.record({
        atoms: fc.constant(atoms),
        states: fc.constant(states),
        initial: fc.integer({ min: 0, max: states - 1 }),
        accepting: fc.array(fc.boolean(), { minLength: states, maxLength: states }),
        next: fc.array(fc.integer({ min: 0, max: states - 1 }), { minLength: states << atoms, maxLength: states << atoms }).map((a) => Int32Array.from(a)),
      }),
    );
  fc.assert(
    fc.property(arb, (d) => {
      const m = minimize(d);
      assert.ok(allReachable(m));
      assert.equal(distinctStates(m), m.states);
      forEachTrace(d, allLetters(d.atoms), 5, (trace) => {
        let s = d.initial;
        let t = m.initial;
        for (const c of trace) {
          s = d.next[(s << d.atoms) + c];
          t = m.next[(t << m.atoms) + c];
        }
        assert.equal(m.accepting[t], d.accepting[s]);
      });
    }),
    { numRuns: 300 },
  );
});
