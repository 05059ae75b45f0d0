// Stack safety of the syntax layer (issue #12, point 5): the parser, the tree builder, the
// formatter and the printer take a 100,000-term sum on one line, a 10,000-item reward block
// and mixed nesting up to the 1000 limit with Node's default stack; deeper nesting is a
// syntax error, never a crash. Left-associative chains are unbounded.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../server/src/syntax/parse';
import { format } from '../../server/src/syntax/print';
import type * as A from '../../server/src/syntax/ast';
import { fold } from '../../server/src/syntax/walk';

const body = (text: string) => (parse(text).file.declarations[0] as A.ExprDecl).body;
const nodes = (e: A.Expr) => fold(e, (_e, kids: readonly number[]) => 1 + kids.reduce((a, b) => a + b, 0));

/** Parses cleanly, formats, and the formatted text formats to itself. */
function roundTrip(text: string) {
  const r = parse(text);
  assert.deepEqual(r.diagnostics.map((d) => d.message), []);
  const once = format(text);
  assert.equal(format(once.text).changed, false, 'formatting is idempotent');
  return r;
}

describe('wide', () => {
  test('a 100,000-term sum on one line', () => {
    const r = roundTrip(`def x = ${Array(100000).fill('a').join(' + ')}\n`);
    assert.equal(nodes((r.file.declarations[0] as A.ExprDecl).body), 199999);
  });

  test('a 100,000-term mixed chain, unspaced, is formatted', () => {
    const text = `def x = ${Array.from({ length: 100000 }, (_, i) => `a${i % 7}`).join('-')}\n`;
    const r = format(text);
    assert.ok(r.changed);
    assert.ok(r.text.startsWith('def x = a0 - a1 - a2'));
  });

  test('a 10,000-item reward block', () => {
    const items = Array.from({ length: 10000 }, (_, i) => `  ${i % 3 === 0 ? '-' : ''}0.5 * x${i % 50}${i % 5 === 0 ? ' * y' : ''}`);
    const r = roundTrip(`reward r {\n${items.join('\n')}\n}\n`);
    assert.equal((r.file.declarations[0] as A.RewardDecl).items.length, 10000);
  });
});

describe('deep, up to the limit', () => {
  const forms: Record<string, (n: number) => string> = {
    'negated parentheses (-(-(': (n) => `${'(-'.repeat(n)}a${')'.repeat(n)}`,
    'calls f(f(': (n) => `${'f(a, '.repeat(n)}a${')'.repeat(n)}`,
    'conditionals (c ? a : (': (n) => `${'(c ? a : '.repeat(n)}b${')'.repeat(n)}`,
    'if-then-else (if c then a else (': (n) => `${'(if c then a else '.repeat(n)}b${')'.repeat(n)}`,
    'mixed (-f(c ? (': (n) => `${'(-f(c ? '.repeat(n / 2)}a${' : b))'.repeat(n / 2)}`,
    'powers (a^(': (n) => `${'(a^'.repeat(n)}a${')'.repeat(n)}`,
    'implications (a -> (': (n) => `${'(a -> '.repeat(n)}a${')'.repeat(n)}`,
    'vectors [a, [': (n) => `${'[a, '.repeat(n)}a${']'.repeat(n)}`,
    // The innermost index is one level of brackets more.
    'indexes (v[0] + (': (n) => `${'(v[0] + '.repeat(n - 1)}a${')'.repeat(n - 1)}`,
  };
  for (const [name, make] of Object.entries(forms)) {
    test(`${name}: 1000 levels parse and format; 1001 is one syntax error`, () => {
      roundTrip(`def x = ${make(1000)}\ndef y = 1\n`);
      const r = parse(`def x = ${make(1002)}\ndef y = 1\n`);
      assert.equal(r.diagnostics.length, 1, r.diagnostics.map((d) => d.message).join(' | '));
      assert.match(r.diagnostics[0].message, /Nesting deeper than 1000/);
      assert.deepEqual(r.file.declarations.map((d) => ('name' in d ? d.name.text : '')), ['x', 'y']);
    });
  }

  test('deep temporal formulas', () => {
    roundTrip(`ltl f = ${'(a U '.repeat(1000)}a${')'.repeat(1000)}\n`);
    roundTrip(`ltl f = ${'(G '.repeat(1000)}a${')'.repeat(1000)}\n`);
  });

  test('in a reward item and a guard', () => {
    roundTrip(`reward r {\n  ${'(-'.repeat(1000)}a${')'.repeat(1000)}\n}\n`);
    roundTrip(`machine m {\n  initial s\n  s -> t when ${'(!'.repeat(1000)}a${')'.repeat(1000)}\n}\n`);
  });

  test('unparenthesised runs beyond the limit are one syntax error, never a crash', () => {
    for (const text of [`def x = ${'-'.repeat(50000)}a`, `def x = ${'c ? a : '.repeat(5000)}b`, `def x = ${'if c then a else '.repeat(5000)}b`, `def x = ${Array(50000).fill('a').join('^')}`, `ltl f = ${'X '.repeat(50000)}a`]) {
      const r = parse(text);
      assert.equal(r.diagnostics.length, 1);
      assert.match(r.diagnostics[0].message, /Nesting deeper than 1000/);
      assert.equal(r.file.declarations.length, 1);
    }
  });

  test('the tree of a deep expression is as deep as written', () => {
    let e = body(`def x = ${'(-'.repeat(1000)}a${')'.repeat(1000)}`);
    let depth = 0;
    while (e.kind === 'paren' || e.kind === 'unary') {
      e = e.kind === 'paren' ? e.inner : e.operand;
      depth++;
    }
    assert.equal(depth, 2000);
  });
});
