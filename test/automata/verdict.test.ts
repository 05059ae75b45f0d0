// The monitor's verdicts per state, and reachability over an allowed alphabet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ltlToDfa, run } from '../../server/src/automata/dfa';
import { allowedLetters } from '../../server/src/automata/alphabet';
import { reachable, verdicts } from '../../server/src/automata/verdict';
import { allLetters } from './brute';
import { ltl } from './formula';

const A = 1; // the letter {a}
const B = 2; // the letter {b}

function verdictAfter(text: string, trace: number[], atoms = 2, letters = allLetters(atoms)): string {
  const d = ltlToDfa(ltl(text), atoms);
  return verdicts(d, letters)[run(d, trace)];
}

test('F a is open until an a, then accepted for good', () => {
  assert.equal(verdictAfter('F a', [0]), 'open');
  assert.equal(verdictAfter('F a', [0, B, 0]), 'open');
  assert.equal(verdictAfter('F a', [0, A]), 'accept');
  assert.equal(verdictAfter('F a', [A, 0, B]), 'accept');
});

test('G a is open while a holds, rejected after a !a', () => {
  assert.equal(verdictAfter('G a', [A, A]), 'open');
  assert.equal(verdictAfter('G a', [A, 0]), 'reject');
  assert.equal(verdictAfter('G a', [B, A, A]), 'reject');
});

test('G F a never decides', () => {
  const d = ltlToDfa(ltl('G F a'), 2);
  assert.deepEqual(verdicts(d, allLetters(2)), new Array(d.states).fill('open'));
});

test('bounded F decides once its window has passed', () => {
  assert.equal(verdictAfter('F[1,2] a', [A]), 'open');
  assert.equal(verdictAfter('F[1,2] a', [0, 0]), 'open');
  assert.equal(verdictAfter('F[1,2] a', [0, 0, 0]), 'reject');
  assert.equal(verdictAfter('F[1,2] a', [0, 0, A]), 'accept');
});

test('a verdict respects the allowed letters: with a and b exclusive, G !(a && b) is decided', () => {
  const exclusive = allowedLetters(2, [[0, 1]]);
  assert.equal(verdictAfter('G !(a && b)', [A], 2, exclusive), 'accept');
  assert.equal(verdictAfter('G !(a && b)', [A], 2), 'open');
  // Eventually both at once is impossible once they are exclusive.
  assert.equal(verdictAfter('F (a && b)', [0], 2, exclusive), 'reject');
});

test('the empty continuation counts: X a after one step is open, not rejected', () => {
  assert.equal(verdictAfter('X a', [0]), 'open');
  assert.equal(verdictAfter('X a', [0, 0]), 'reject');
  assert.equal(verdictAfter('WX a', [0]), 'open');
});

test('reachable follows only the allowed letters', () => {
  const d = ltlToDfa(ltl('F (a && b)'), 2);
  assert.deepEqual(reachable(d, allLetters(2)), [true, true]);
  assert.deepEqual(reachable(d, allowedLetters(2, [[0, 1]])), [true, false]);
  assert.deepEqual(reachable(d, []), [true, false]);
});

test('allowedLetters keeps at most one atom of every exclusive group', () => {
  assert.deepEqual(allowedLetters(3, []), [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(allowedLetters(3, [[0, 1, 2]]), [0, 1, 2, 4]);
  assert.deepEqual(allowedLetters(3, [[0, 1], [1, 2]]), [0, 1, 2, 4, 5]);
  assert.deepEqual(allowedLetters(2, [[0]]), [0, 1, 2, 3]);
  assert.deepEqual(allowedLetters(0, [[]]), [0]);
});
