// The shared traversal of expressions (server/src/syntax/walk.ts): every pass that visits
// expressions can take unbounded left-associative chains without recursion.
import assert from 'node:assert/strict';
import { test, describe } from 'node:test';
import type * as A from '../../server/src/syntax/ast';
import { allExpressions, children, declarationExpressions, fold, foldWith, walk } from '../../server/src/syntax/walk';
import { parseClean, single } from './tree';

const body = (source: string): A.Expr => single(`def e = ${source}`, 'def').body;

describe('walk', () => {
  test('visits parents before children, children in source order', () => {
    const seen: string[] = [];
    walk(body('f(a, -b) + (c ? d : e)'), (e) => void seen.push(e.kind === 'name' ? e.name.text : e.kind));
    assert.deepEqual(seen, ['binary', 'call', 'a', 'unary', 'b', 'paren', 'conditional', 'c', 'd', 'e']);
  });

  test('returning false skips the children; depth counts from the root', () => {
    const seen: string[] = [];
    walk(body('f(a) + g(b)'), (e, _parent, depth) => {
      seen.push(`${e.kind}@${depth}`);
      return !(e.kind === 'call' && e.callee.text === 'f');
    });
    assert.deepEqual(seen, ['binary@0', 'call@1', 'call@1', 'name@2']);
  });

  test('the version-1 kinds have their children', () => {
    assert.equal(children(body('1')).length, 0);
    assert.equal(children(body('x ? 1 : 2')).length, 3);
    assert.equal(children(body('max(1, 2, 3)')).length, 3);
  });
});

describe('fold', () => {
  // A tiny evaluator over numbers: what every backend looks like written with fold.
  const value = (e: A.Expr, kids: readonly number[]): number => {
    switch (e.kind) {
      case 'number': return e.value;
      case 'unary': return -kids[0];
      case 'paren': return kids[0];
      case 'binary': return e.op === '+' ? kids[0] + kids[1] : e.op === '-' ? kids[0] - kids[1] : e.op === '*' ? kids[0] * kids[1] : NaN;
      case 'call': return e.callee.text === 'max' ? Math.max(...kids) : NaN;
      default: return NaN;
    }
  };

  test('computes children first, in source order', () => {
    assert.equal(fold(body('1 - 2 - 3'), value), -4);
    assert.equal(fold(body('2 * (3 - -1) + max(1, 5, 2)'), value), 13);
  });

  test('a 100,000-term sum on one line, with the default stack', () => {
    const e = body(Array(100000).fill('1').join(' + '));
    assert.equal(fold(e, value), 100000);
    assert.equal(allExpressions(parseClean(`def e = ${Array(100000).fill('1').join(' - ')}`)).length, 199999);
  });

  test('foldWith hands a context down from parent to child (here: the depth)', () => {
    const deepest = foldWith(body('-(-(-x))'), 0, (d) => d + 1, (_e, kids: readonly number[], d) => Math.max(d, ...kids));
    assert.equal(deepest, 5); // unary, paren, unary, paren, unary, x
  });
});

describe('roots', () => {
  test('the expressions of each kind of declaration, with their roles', () => {
    const file = parseClean('def d = 1\nprop p = d > 0\nltl f = F p accept 2 reject -1\nmachine m {\n  initial a\n  a -> b when p reward d\n  b -> a when otherwise\n}\nreward r {\n  m\n  (d + 1)\n}');
    assert.deepEqual(file.declarations.flatMap(declarationExpressions).map((r) => `${r.declaration.kind}:${r.role}`), [
      'def:body', 'prop:body', 'ltl:formula', 'ltl:accept', 'ltl:reject', 'machine:guard', 'machine:transition-reward', 'reward:item',
    ]);
  });
});
