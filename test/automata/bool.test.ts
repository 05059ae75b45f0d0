// Guards: evaluation and exact satisfiability under exclusive groups, against enumeration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { allowedLetters } from '../../server/src/automata/alphabet';
import { type BoolF, evalBool, satisfy } from '../../server/src/automata/bool';

const atom = (a: number): BoolF => ({ kind: 'atom', atom: a });
const and = (l: BoolF, r: BoolF): BoolF => ({ kind: 'and', l, r });
const not = (f: BoolF): BoolF => ({ kind: 'not', f });

test('evalBool reads the letter bit by bit', () => {
  const f: BoolF = { kind: 'implies', l: atom(0), r: { kind: 'iff', l: atom(1), r: not(atom(2)) } };
  assert.equal(evalBool(f, 0b000), true);
  assert.equal(evalBool(f, 0b011), true);
  assert.equal(evalBool(f, 0b111), false);
  assert.equal(evalBool(atom(40), 2 ** 40), true);
  assert.equal(evalBool(atom(40), 2 ** 41), false);
});

test('satisfy finds witnesses and respects exclusive groups', () => {
  const both = and(atom(0), atom(1));
  assert.equal(satisfy(both, 2, []), 0b11);
  assert.equal(satisfy(both, 2, [[0, 1]]), undefined);
  assert.equal(satisfy(both, 3, [[0, 2], [1, 2]]), 0b011);
  const either: BoolF = { kind: 'or', l: both, r: and(atom(2), not(atom(0))) };
  const w = satisfy(either, 3, [[0, 1]]);
  assert.ok(w !== undefined && evalBool(either, w) && allowedLetters(3, [[0, 1]]).includes(w), `witness ${w}`);
  assert.equal(satisfy({ kind: 'const', value: false }, 2, []), undefined);
  assert.equal(satisfy({ kind: 'const', value: true }, 2, [[0, 1]]), 0);
  assert.equal(satisfy(not(atom(0)), 2, []), 0);
});

test('satisfy handles many atoms without enumerating label sets', () => {
  // A chain a0 -> a1 -> ... -> a39 with a0 required: the only witness sets all forty.
  let f: BoolF = atom(0);
  for (let i = 0; i < 39; i++) f = and(f, { kind: 'implies', l: atom(i), r: atom(i + 1) });
  assert.equal(satisfy(f, 40, []), 2 ** 40 - 1);
  assert.equal(satisfy(and(f, not(atom(39))), 40, []), undefined);
});

const formula = (atoms: number): fc.Arbitrary<BoolF> =>
  fc.letrec<{ f: BoolF }>((tie) => ({
    f: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.integer({ min: 0, max: atoms - 1 }).map(atom),
      fc.boolean().map((value): BoolF => ({ kind: 'const', value })),
      tie('f').map(not),
      fc.record({ kind: fc.constantFrom('and', 'or', 'implies', 'iff'), l: tie('f'), r: tie('f') }) as fc.Arbitrary<BoolF>,
    ),
  })).f;

test('satisfy agrees with enumerating the allowed letters', () => {
  const groups = fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { maxLength: 4 }), { maxLength: 3 });
  fc.assert(
    fc.property(formula(4), groups, (f, exclusive) => {
      const allowed = allowedLetters(4, exclusive);
      const w = satisfy(f, 4, exclusive);
      const exists = allowed.some((c) => evalBool(f, c));
      assert.equal(w !== undefined, exists);
      if (w !== undefined) {
        assert.ok(allowed.includes(w), `witness ${w} is allowed`);
        assert.equal(evalBool(f, w), true);
      }
    }),
    { numRuns: 500 },
  );
});
