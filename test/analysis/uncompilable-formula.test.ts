// A formula the automata cannot compile is an error of `reward check` and the editor, not only
// a refusal of `reward eval` and the exports (docs/language.md, docs/diagnostics/type-mismatch.md).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../server/src/analysis/analyze';

/** `n` props and one formula that must see each of them eventually. */
const eventuallyAll = (n: number) => {
  const props = Array.from({ length: n }, (_, i) => `prop p${i}`).join('\n');
  const formula = Array.from({ length: n }, (_, i) => `F p${i}`).join(' && ');
  return `${props}\nltl f = ${formula}\nreward main { f }\n`;
};

const errorsOf = (text: string) => analyze(text).diagnostics.filter((d) => d.severity === 'error');

test('more than 16 props in one formula: a type-mismatch on its name that says the bound', () => {
  const text = eventuallyAll(17);
  const errors = errorsOf(text);
  assert.equal(errors.length, 1, JSON.stringify(errors));
  assert.equal(errors[0].code, 'type-mismatch');
  assert.equal(text.slice(errors[0].span.start, errors[0].span.end), 'f');
  assert.match(errors[0].message, /reads 17 props, and a formula may read at most 16/);
});

test('an automaton past the table bound (every subset of 13 props seen): the same error, with the reason', () => {
  const errors = errorsOf(eventuallyAll(13));
  assert.equal(errors.length, 1, JSON.stringify(errors));
  assert.equal(errors[0].code, 'type-mismatch');
  assert.match(errors[0].message, /cannot be compiled: the automaton is too large/);
});

test('16 props that compile: no error', () => {
  const props = Array.from({ length: 16 }, (_, i) => `prop p${i}`).join('\n');
  const text = `${props}\nltl f = F (${Array.from({ length: 16 }, (_, i) => `p${i}`).join(' && ')})\nreward main { f }\n`;
  assert.deepEqual(errorsOf(text), []);
});
