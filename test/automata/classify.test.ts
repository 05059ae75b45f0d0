// The safety-progress class of formulas, and the triviality facts the diagnostics use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ltlToDfa } from '../../server/src/automata/dfa';
import { allowedLetters } from '../../server/src/automata/alphabet';
import { classify } from '../../server/src/automata/classify';
import { levels } from '../../server/src/automata/temporal-class';
import { allLetters } from './brute';
import { ltl } from './formula';

function classOf(text: string, atoms = 2, letters = allLetters(atoms)) {
  const f = ltl(text);
  return classify(f, ltlToDfa(f, atoms), letters);
}

test('textbook examples fall in their classes', () => {
  const expected: [string, string][] = [
    ['G a', 'safety'],
    ['G (a -> WX b)', 'safety'],
    ['a W b', 'safety'],
    ['a R b', 'safety'],
    ['F a', 'guarantee'],
    ['a U b', 'guarantee'],
    ['F (a && F b)', 'guarantee'],
    ['F a || G b', 'obligation'],
    ['F a && G b', 'obligation'],
    ['G (a -> F b)', 'recurrence'],
    ['G F a', 'recurrence'],
    ['F G a', 'persistence'],
    ['F G a && G F b', 'reactivity'],
    ['G F a -> G F b', 'reactivity'],
  ];
  for (const [text, cls] of expected) assert.equal(classOf(text).cls, cls, text);
});

test('a formula that is both prefix- and extension-closed counts as safety', () => {
  assert.equal(classOf('a').cls, 'safety');
  assert.equal(classOf('!a && b').cls, 'safety');
  assert.equal(classOf('true').cls, 'safety');
});

test('the strong and weak next differ at the end of a finite trace', () => {
  // X a: the one-letter trace is rejected, a longer one may be accepted: not prefix-closed.
  assert.equal(classOf('X a').cls, 'guarantee');
  // WX a: the one-letter trace is accepted, a longer one may be rejected: not extension-closed.
  assert.equal(classOf('WX a').cls, 'safety');
});

test('valid and unsatisfiable are judged on non-empty traces over the allowed letters', () => {
  assert.deepEqual(classOf('a || !a'), { cls: 'safety', valid: true, unsatisfiable: false, hasAcceptingSink: true });
  assert.deepEqual(classOf('G a && F !a'), { cls: 'safety', valid: false, unsatisfiable: true, hasAcceptingSink: false });
  const exclusive = allowedLetters(2, [[0, 1]]);
  assert.equal(classOf('G !(a && b)', 2, exclusive).valid, true);
  assert.equal(classOf('G !(a && b)').valid, false);
  assert.equal(classOf('F (a && b)', 2, exclusive).unsatisfiable, true);
  assert.equal(classOf('X true').valid, false); // the one-letter trace has no next position
  assert.equal(classOf('WX false').unsatisfiable, false);
});

test('an accepting sink exists for finitary formulas only', () => {
  assert.equal(classOf('F a').hasAcceptingSink, true);
  assert.equal(classOf('F (a && X b)').hasAcceptingSink, true);
  assert.equal(classOf('G a').hasAcceptingSink, false);
  assert.equal(classOf('G F a').hasAcceptingSink, false);
  const exclusive = allowedLetters(2, [[0, 1]]);
  assert.equal(classOf('F (a && b)', 2, exclusive).hasAcceptingSink, false);
});

test('syntactic levels follow Chang, Manna & Pnueli', () => {
  assert.deepEqual(levels(ltl('a && !b')), { sigma: 0, pi: 0, bool: 0 });
  assert.deepEqual(levels(ltl('F a')), { sigma: 1, pi: 2, bool: 1 });
  assert.deepEqual(levels(ltl('G a')), { sigma: 2, pi: 1, bool: 1 });
  assert.deepEqual(levels(ltl('!F a')), { sigma: 2, pi: 1, bool: 1 });
  assert.deepEqual(levels(ltl('F a && G b')), { sigma: 2, pi: 2, bool: 1 });
  assert.deepEqual(levels(ltl('G F a')), { sigma: 3, pi: 2, bool: 2 });
  assert.deepEqual(levels(ltl('F G a')), { sigma: 2, pi: 3, bool: 2 });
  assert.deepEqual(levels(ltl('F a <-> G b')), { sigma: 2, pi: 2, bool: 1 });
  assert.deepEqual(levels(ltl('G F G a')), { sigma: 4, pi: 3, bool: 3 });
});
