// Names and types of version 2 (LANGUAGE.md sections 10 and 13) that the version-1 syntax
// already reaches: the new functions, `pi`, non-finite literals, reductions of numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis/analyze';

const errors = (text: string) => analyze(text).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`);

test('the trigonometric functions, atan2, mod and pi are known', () => {
  assert.deepEqual(errors('signal x: number\nterm t = mod(x, 3) + sin(pi * x) + cos(x) + tan(x) + asin(x) + acos(x) + atan(x) + atan2(x, 1)\nreward r { t }\n'), []);
});

test('pi is a constant only where no declaration is named pi', () => {
  const a = analyze('signal pi: number\nterm t = 2 * pi\nreward r { t }\n');
  assert.deepEqual(errors('signal pi: number\nterm t = 2 * pi\nreward r { t }\n'), []);
  assert.ok(a.model.occurrences.some((o) => o.target.kind === 'declaration' && o.target.name === 'pi' && !o.declaration), 'pi names the signal');
});

test('a numeric literal that is not finite is type-mismatch at the literal', () => {
  const a = analyze('signal x: number\nterm t = x + 1e999\nreward r { t }\n');
  const d = a.diagnostics.find((x) => x.code === 'type-mismatch');
  assert.ok(d, 'reported');
  assert.equal(a.model.file.text.slice(d.span.start, d.span.end), '1e999');
  assert.match(d.message, /not finite/);
  assert.deepEqual(errors('signal x: number\nreward r { 1e999 * x }\n').map((e) => e.split(':')[0]), ['type-mismatch']);
});

test('a reduction of a number is type-mismatch with what to do', () => {
  const [e] = errors('signal x: number\nterm t = sum(x)\nreward r { t }\n');
  assert.match(e, /^type-mismatch: sum\(\) takes a vector, but this is a number/);
  assert.match(errors('signal x: number\nprop p = any(x > 0)\nreward r { (p ? 1 : 0) }\n')[0], /any\(\) takes a vector, but this is a bool: compare elements/);
});

test('mod, atan2 and dot take two arguments', () => {
  assert.match(errors('signal x: number\nterm t = mod(x)\nreward r { t }\n')[0], /mod\(x, m\) takes 2 arguments, got 1/);
  assert.match(errors('signal x: number\nterm t = atan2(x, 1, 2)\nreward r { t }\n')[0], /atan2\(y, x\) takes 2 arguments, got 3/);
});

test('unknown functions list every known one', () => {
  const [e] = errors('signal x: number\nterm t = sine(x)\nreward r { t }\n');
  assert.match(e, /Unknown function 'sine': did you mean 'sin'\?/);
  assert.match(e, /atan2, mod, sum, mean, norm, dot, any, all, count/);
});

test('a reward block clips at most once: a second clip line is type-mismatch, naming the first', () => {
  const text = 'signal x: number = obs[0]\nreward main {\n  x\n  clip [0, 1]\n  x\n  clip [0, 2]\n}\n';
  const found = analyze(text).diagnostics.filter((d) => d.severity === 'error');
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.equal(found[0].code, 'type-mismatch');
  assert.equal(text.slice(found[0].span.start, found[0].span.end), 'clip [0, 2]');
  assert.match(found[0].message, /'clip \[0, 1\]' above already clips this block/);
  // One clip in each of two blocks is fine.
  assert.deepEqual(errors('signal x: number = obs[0]\nreward a {\n  x\n  clip [0, 1]\n}\nreward b {\n  x\n  clip [0, 2]\n}\n'), []);
});
