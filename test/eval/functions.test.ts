// The functions of version 2 through the generated evaluator (LANGUAGE.md section 13):
// radians, Python's modulo (the sign of the divisor), mod(x, 0) not finite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis/analyze';
import { compileProgram } from '../../server/src/eval/program';
import { Runner } from '../../server/src/eval/runner';
import { JS_HELPERS } from '../../server/src/program/functions';

function value(expr: string, x: number, y = 0): number {
  const a = analyze(`signal x: number\nsignal y: number\nterm t = ${expr}\nreward r { t }\n`);
  assert.ok(!a.hasErrors, a.diagnostics.map((d) => d.message).join('\n'));
  const p = compileProgram(a.model);
  const cur = new Float64Array(p.layout.width);
  cur[p.layout.index.get('x')!] = x;
  cur[p.layout.index.get('y')!] = y;
  const r = new Runner(p);
  r.step(cur, cur, null);
  return r.components[0];
}

test("mod(x, m) is Python's float %: the remainder with the sign of the divisor", () => {
  // Values printed by CPython 3: -1 % 3, 1 % -3, -7.5 % 2, 7.5 % -2, 5 % 5, -5 % 5, -0.0 % 3.
  const cases: [number, number, number][] = [[-1, 3, 2], [1, -3, -2], [-7.5, 2, 0.5], [7.5, -2, -0.5], [5, 5, 0], [-5, 5, 0], [-0, 3, 0], [5, -5, -0]];
  for (const [x, m, want] of cases) {
    assert.ok(Object.is(value('mod(x, y)', x, m), want), `mod(${x}, ${m}) = ${value('mod(x, y)', x, m)}, Python says ${want}`);
    assert.ok(Object.is(JS_HELPERS._mod(x, m), want));
  }
  // % stays C's fmod: the sign of the dividend.
  assert.equal(value('x % y', -1, 3), -1);
});

test('mod(x, 0) is not finite: a step problem, not a number', () => {
  assert.ok(Number.isNaN(value('mod(x, y)', 3, 0)));
});

test('trigonometry is in radians and pi is Math.PI', () => {
  assert.equal(value('sin(pi / 2)', 0), 1);
  assert.equal(value('cos(x)', 0), 1);
  assert.equal(value('atan2(y, x)', -1, 0), Math.PI);
  assert.equal(value('atan2(y, x)', 0, 1), Math.PI / 2);
  assert.equal(value('asin(x)', 1), Math.PI / 2);
  assert.ok(Number.isNaN(value('acos(x)', 2)));
  assert.equal(value('tan(x) + atan(x)', 0), 0);
});
