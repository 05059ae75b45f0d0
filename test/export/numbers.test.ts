// The module's arithmetic gives JavaScript's results where Python would raise or differ:
// division by zero, fmod, pow edge cases, log/sqrt of negatives, exp overflow, NaN in min/max,
// signed zeros, and JavaScript's number-to-text rule used in problem messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PY_NUMBERS } from '../../server/src/export/python/runtime-numbers';
import { PYTHON, tempDir } from './harness';

const EDGE = [0, -0, 1, -1, 0.5, -0.5, 2, -2, 3, -3, 1.5, -2.5, 10, 709, 710, -745, -746, 1e308, -1e308, 5e-324, Infinity, -Infinity, NaN, 0.1, 1e-7, 123456.789];

const BINARY: Readonly<Record<string, (x: number, y: number) => number>> = {
  _div: (x, y) => x / y,
  _mod: (x, y) => x % y,
  _js_pow: (x, y) => Math.pow(x, y),
  _min: (x, y) => Math.min(x, y),
  _max: (x, y) => Math.max(x, y),
  _js_hypot: (x, y) => Math.hypot(x, y),
};
const UNARY: Readonly<Record<string, (x: number) => number>> = {
  _js_sqrt: Math.sqrt,
  _js_exp: Math.exp,
  _js_log: Math.log,
  _js_tanh: Math.tanh,
  _js_sign: Math.sign,
  _js_floor: Math.floor,
  _js_ceil: Math.ceil,
  abs: Math.abs,
};

/** Numbers travel as text: repr for Python, with nan/inf spelled out. */
const encode = (x: number) => (Number.isNaN(x) ? 'nan' : x === Infinity ? 'inf' : x === -Infinity ? '-inf' : Object.is(x, -0) ? '-0.0' : x.toPrecision(17));

function python(script: string): string[] {
  const dir = tempDir();
  const file = join(dir, 'numbers.py');
  writeFileSync(file, `import json, math, re, sys\n${PY_NUMBERS}\n${script}`);
  const r = spawnSync(PYTHON, [file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n');
}

function same(js: number, py: number, what: string): void {
  if (Number.isNaN(js) || !Number.isFinite(js) || js === 0) {
    assert.ok(Object.is(js, py), `${what}: JavaScript ${Object.is(js, -0) ? '-0' : js}, Python ${Object.is(py, -0) ? '-0' : py}`);
  } else {
    // exp, log, tanh and pow may differ in the last bit between V8 and the C library.
    assert.ok(Math.abs(js - py) <= 1e-13 * Math.abs(js), `${what}: JavaScript ${js}, Python ${py}`);
  }
}

test('binary operations and functions give JavaScript results on edge values (NaN, infinities, zeros, overflow)', () => {
  const calls: string[] = [];
  const expected: [string, number][] = [];
  for (const [name, f] of Object.entries(BINARY)) {
    for (const x of EDGE) for (const y of EDGE) {
      calls.push(`${name}(float("${encode(x)}"), float("${encode(y)}"))`);
      expected.push([`${name}(${x}, ${y})`, f(x, y)]);
    }
  }
  for (const [name, f] of Object.entries(UNARY)) {
    for (const x of EDGE) {
      calls.push(`${name}(float("${encode(x)}"))`);
      expected.push([`${name}(${x})`, f(x)]);
    }
  }
  for (const xs of [[1, 2, 3], [3, NaN, 1], [-0, 0], [0, -0], [Infinity, NaN], [1e300, 1e300, 1e300], [-1, -5, 2]]) {
    for (const [name, f] of [['_min', Math.min], ['_max', Math.max], ['_js_hypot', Math.hypot]] as const) {
      calls.push(`${name}(${xs.map((x) => `float("${encode(x)}")`).join(', ')})`);
      expected.push([`${name}(${xs.join(', ')})`, f(...xs)]);
    }
    if (xs.length !== 3) continue;
    calls.push(`_clamp(${xs.map((x) => `float("${encode(x)}")`).join(', ')})`);
    expected.push([`clamp(${xs.join(', ')})`, Math.min(Math.max(xs[0], xs[1]), xs[2])]);
  }
  const lines = python(`for v in [${calls.join(',\n')}]:\n    print(repr(float(v)))`);
  assert.equal(lines.length, expected.length);
  lines.forEach((line, i) => {
    const py = line === 'nan' ? NaN : line === 'inf' ? Infinity : line === '-inf' ? -Infinity : Number(line);
    same(expected[i][1], py, expected[i][0]);
  });
});

test("numbers print as JavaScript's String(x) prints them", () => {
  const xs = [...EDGE, 100, 1e21, 1e20, 123e-20, 1.5e-7, 0.000001, 0.0000015, -1e-7, 2 ** 53, 2 ** 70, 0.1 + 0.2, 1 / 3, -123.456, 5e-7, 1e-6, 4.35, 1.7976931348623157e308];
  for (let i = 0; i < 300; i++) xs.push(Math.pow(10, Math.random() * 60 - 30) * (Math.random() < 0.5 ? -1 : 1));
  const lines = python(`for v in [${xs.map((x) => `float("${encode(x)}")`).join(',\n')}]:\n    print(_js_number(v))`);
  lines.forEach((line, i) => assert.equal(line, String(xs[i])));
});

test('strings are quoted as JSON.stringify quotes them, cut at 40 UTF-16 code units', () => {
  const texts = ['plain', 'quote " and \\ backslash', 'controls \u0001\u001f\b\f\n\r\t', 'é ü 中文', 'astral 😀😀', 'x'.repeat(45), '😀'.repeat(25), 'a' + '😀'.repeat(20)];
  const cut = (s: string) => JSON.stringify(s.length > 40 ? s.slice(0, 40) + '...' : s);
  const lines = python(`for v in json.loads(sys.stdin.read() if False else ${JSON.stringify(JSON.stringify(texts))}):\n    print(json.dumps(_quote(v)))`);
  lines.forEach((line, i) => assert.equal(JSON.parse(line), cut(texts[i]), texts[i]));
});
