// Stack safety (issue #12, point 5): checking, lowering, code generation and evaluation take a
// 100,000-term sum on one line, a 10,000-item reward block and nesting to the parser's limit,
// with the default Node stack (the test runner's).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis/analyze';
import { check } from '../../server/src/names/check';
import { parse } from '../../server/src/syntax/parse';
import { compileProgram } from '../../server/src/eval/program';
import { Runner } from '../../server/src/eval/runner';
import { lowerProgram } from '../../server/src/program/lower';

function stepOnce(model: Parameters<typeof compileProgram>[0], x: number): Runner {
  const program = compileProgram(model);
  const runner = new Runner(program);
  const cur = new Float64Array(program.layout.width).fill(x);
  const next = new Float64Array(program.layout.width).fill(x + 1);
  runner.step(cur, next, null);
  return runner;
}

test('a 100,000-term sum on one line checks, lowers and evaluates', () => {
  const n = 100_000;
  const text = `signal x: number\nterm t = ${Array(n).fill('x').join(' + ')}\nreward r { t }\n`;
  const tree = parse(text);
  assert.equal(tree.diagnostics.length, 0);
  const { model, diagnostics } = check(tree.file);
  assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), []);
  const p = lowerProgram(model);
  // Common subexpressions are shared: one load of x, then one instruction per '+'.
  assert.equal(p.code.length, n);
  assert.equal(stepOnce(model, 0.5).reward, n * 0.5);
});

test('a 10,000-item reward block evaluates with one component per item', () => {
  const n = 10_000;
  const items = Array.from({ length: n }, (_, i) => `${(i % 7) + 1} * x`).join('\n  ');
  // Checked, not analysed: the analyses are measured on such blocks elsewhere (test/analysis).
  const { model, diagnostics } = check(parse(`signal x: number in [0, 1]\nreward r {\n  ${items}\n}\n`).file);
  assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), []);
  const r = stepOnce(model, 1);
  assert.equal(r.components.length, n);
  let expected = 0;
  for (let i = 0; i < n; i++) expected += (i % 7) + 1;
  assert.equal(r.reward, expected);
});

test('mixed nesting near the limit (unary minus, calls, conditionals, parentheses) checks and evaluates', () => {
  const depth = 240; // each level nests four constructs: ~960 levels
  let e = 'x';
  for (let i = 0; i < depth; i++) e = `(-abs(x > 0 ? ${e} : 0))`;
  const a = analyze(`signal x: number\nterm t = ${e}\nreward r { t }\n`);
  assert.ok(!a.hasErrors, a.diagnostics.map((d) => `${d.code}: ${d.message}`).slice(0, 3).join('\n'));
  // -abs(...) of a positive x is -x, and of that again -x: the sign stays negative.
  assert.equal(stepOnce(a.model, 2).reward, -2);
});

test('a long chain of defs lowers in dependency order', () => {
  const n = 2_000;
  const defs = Array.from({ length: n }, (_, i) => `def d${i + 1} = d${i} + 1`).join('\n');
  const a = analyze(`signal d0: number\n${defs}\nreward r { d${n} }\n`);
  assert.ok(!a.hasErrors);
  assert.equal(stepOnce(a.model, 0).reward, n);
});
