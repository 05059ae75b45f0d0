// The strict snippet-body reader that the snippet checks in grammar.test.ts rely on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { expandSnippet } from './snippet-body';

function expanded(body: string | readonly string[]): string {
  const r = expandSnippet(body);
  assert.ok(r.ok, r.ok ? '' : `${r.message} at ${r.offset}`);
  return r.expansion.text;
}

function failure(body: string): string {
  const r = expandSnippet(body);
  assert.ok(!r.ok, `expected ${JSON.stringify(body)} to be rejected`);
  return r.message;
}

test('text without `$` or `\\` is inserted as written, braces included', () => {
  fc.assert(
    fc.property(fc.string().filter((s) => !s.includes('$') && !s.includes('\\')), (s) => {
      assert.equal(expanded(s), s);
    }),
  );
  assert.equal(expanded('enum { a, b }'), 'enum { a, b }');
});

test('placeholders show their defaults, mirrors repeat them, choices show the first option', () => {
  assert.equal(expanded('machine ${1:m} { initial ${2:s}; $2 -> ${3:t} }$0'), 'machine m { initial s; s -> t }');
  assert.equal(expanded('$1 before ${1:late}'), 'late before late');
  assert.equal(expanded('signal x: ${1|number,int|}'), 'signal x: number');
  assert.equal(expanded('${1:outer ${2:inner}}'), 'outer inner');
  assert.equal(expanded(['a ${1:x}', '\tb $1']), 'a x\n\tb x');
  assert.equal(expanded('${TM_SELECTED_TEXT:sel} ${1:x}'), 'sel x');
});

test('escapes insert `$`, `}` and `\\` literally', () => {
  assert.equal(expanded('cost \\$5 ${1:a\\}b} \\\\'), 'cost $5 a}b \\');
  assert.equal(expanded('${1|a\\,b,c|}'), 'a,b');
});

test('the tabstops and their defaults are reported', () => {
  const r = expandSnippet('${1:a} ${2|x,y|} $1 $0');
  assert.ok(r.ok);
  assert.deepEqual([...r.expansion.tabstops.entries()], [[1, ['a']], [2, ['x']], [0, []]]);
});

test('malformed bodies are rejected with a reason', () => {
  assert.match(failure('signal ${1:x'), /never closed/);
  assert.match(failure('cost $ 5'), /literal dollar/);
  assert.match(failure('${1:a} ${1:b}'), /different defaults/);
  assert.match(failure('${1:a} ${3:b}'), /\$2 is missing/);
  assert.match(failure('${1|a,,b|}'), /empty option/);
  assert.match(failure('${1|a,b}'), /never closed/);
  assert.match(failure('${NOT_A_VARIABLE}'), /unknown snippet variable/);
  assert.match(failure('${1/x/y/}'), /expected/);
  assert.match(failure('${}'), /tabstop number or a variable name/);
});

test('the offset of an unclosed `${` points at it', () => {
  const r = expandSnippet('ok ${2:x} ${1:y');
  assert.ok(!r.ok);
  assert.equal(r.offset, 10);
});
