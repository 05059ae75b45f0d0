import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from '../../server/src/syntax/parse';
import { check } from '../../server/src/names/check';

// LANGUAGE.md sections 2 and 3, and the names-and-types codes of section 7.

function diagnose(text: string) {
  const p = parse(text);
  assert.deepEqual(p.diagnostics.map((d) => d.message), [], 'the test spec must parse');
  const c = check(p.file);
  return c.diagnostics.map((d) => ({ code: d.code, severity: d.severity, text: text.slice(d.span.start, d.span.end), message: d.message }));
}
const codes = (text: string) => diagnose(text).filter((d) => d.code !== 'unused-declaration').map((d) => `${d.code} ${d.text}`);

test('undefined-name: an undeclared name, with a did-you-mean fix', () => {
  const text = 'signal dist: number\nreward main { (dsit * 2) }\n';
  const p = parse(text);
  const c = check(p.file);
  const d = c.diagnostics.find((x) => x.code === 'undefined-name')!;
  assert.equal(text.slice(d.span.start, d.span.end), 'dsit');
  assert.match(d.message, /did you mean 'dist'/);
  assert.deepEqual(d.fixes?.[0].edits, [{ span: d.span, newText: 'dist' }]);
  assert.deepEqual(codes('signal dist: number\nreward main { (dist * 2) }\n'), []);
});

test('duplicate-name: names are unique across all kinds of declaration', () => {
  assert.deepEqual(codes('signal x: number\nprop x = true\nreward main { 1 }\n'), ['duplicate-name x']);
  assert.deepEqual(codes('signal room: enum { a, b, a }\nreward main { 1 }\n'), ['duplicate-name a']);
  // Machine states and enum members live in their own namespaces.
  assert.deepEqual(codes('signal room: enum { hall }\nsignal hall2: number\nprop p = room == hall\nmachine m {\n initial hall\n hall -> hall when p\n}\nreward main { m; hall2 }\n'), []);
});

test('type-mismatch: operators, conditions, items, exclusive', () => {
  assert.deepEqual(codes('signal b: bool\nreward main { (b + 1) }\n'), ['type-mismatch b']);
  assert.deepEqual(codes('signal x: number\nprop p = x\nreward main { 1 }\n'), ['type-mismatch x']);
  assert.deepEqual(codes('signal room: enum { a, b }\nsignal x: number\nprop p = room == x\nreward main { 1 }\n'), ['type-mismatch room == x']);
  assert.deepEqual(codes('prop p = true\nreward main { p }\n'), ['type-mismatch p']);
  assert.deepEqual(codes('signal x: number\nexclusive x, y\nreward main { x }\n').sort(), ['type-mismatch x', 'undefined-name y']);
  assert.deepEqual(codes('signal x: number\nreward main { (sqrt(x, 2)) }\n'), ['type-mismatch sqrt(x, 2)']);
  // A bare member beside an enum operand is the member, on either side.
  assert.deepEqual(codes('signal room: enum { hall, kitchen }\nprop p = kitchen == room\nprop q = room != hall\nreward main { (p || q ? 1 : 0) }\n'), []);
  // ... even when a declaration has the member's name.
  assert.deepEqual(codes('signal room: enum { hall, office }\nprop office = true\nprop p = room == office\nreward main { (p && office ? 1 : 0) }\n'), []);
});

test('prime-not-allowed: the table of what each declaration may read', () => {
  // def: s_t only
  assert.deepEqual(codes("signal x: number\ndef d = x'\nreward main { d }\n"), ["prime-not-allowed x'"]);
  assert.deepEqual(codes('signal x: number\naction u: number\ndef d = x + u\nreward main { d }\n'), ['prime-not-allowed u']);
  // ... also through other declarations
  assert.deepEqual(codes("signal x: number\nterm t = x' - x\ndef d = t\nreward main { d }\n"), ['prime-not-allowed t']);
  // prop: may read actions, not primes
  assert.deepEqual(codes('signal x: number\naction u: number\nprop p = x > u\nreward main { (p ? 1 : 0) }\n'), []);
  assert.deepEqual(codes("signal x: number\nprop p = x' > 1\nreward main { (p ? 1 : 0) }\n"), ["prime-not-allowed x'"]);
  // an action has no next value; a term is over a whole transition
  assert.deepEqual(codes("action u: number\nreward main { (u') }\n"), ["prime-not-allowed u'"]);
  // terms and items read everything
  assert.deepEqual(codes("signal x: number\naction u: number\nterm t = x' - x + u\nreward main { t; (x' * u) }\n"), []);
  // guards read the reached state: no primes
  assert.deepEqual(codes("signal x: number\nmachine m {\n initial a\n a -> a when x' > 1\n}\nreward main { m }\n"), ["prime-not-allowed x'"]);
});

test('potential-not-state-function replaces prime-not-allowed for potentials', () => {
  assert.deepEqual(codes("signal x: number\npotential phi = x'\nreward main { shaping phi }\n"), ["potential-not-state-function x'"]);
  assert.deepEqual(codes('signal x: number\npotential phi = -x\nreward main { shaping phi }\n'), []);
});

test('invalid-discount: gamma outside (0, 1]', () => {
  assert.deepEqual(codes('discount 1.5\nreward main { 1 }\n'), ['invalid-discount 1.5']);
  assert.deepEqual(codes('discount 0\nreward main { 1 }\n'), ['invalid-discount 0']);
  assert.deepEqual(codes('discount -0.9\nreward main { 1 }\n'), ['invalid-discount -0.9']);
  assert.deepEqual(codes('discount 1\nreward main { 1 }\n'), []);
  assert.deepEqual(codes('discount 0.99\nreward main { 1 }\n'), []);
});

test('unused-declaration: a hint, marked unnecessary, for what nothing uses', () => {
  const d = diagnose('signal x: number\nsignal y: number\nreward main { x }\n');
  assert.deepEqual(d.map((x) => [x.code, x.severity, x.text]), [['unused-declaration', 'hint', 'y']]);
  const p = check(parse('prop p = true\nreward main { 1 }\n').file);
  assert.equal(p.diagnostics[0].unnecessary, true);
});

test('a machine needs exactly one initial state', () => {
  assert.deepEqual(codes('prop p = true\nmachine m {\n a -> b when p\n}\nreward main { m }\n'), ['undefined-name m']);
  assert.deepEqual(codes('prop p = true\nmachine m {\n initial a\n initial b\n a -> b when p\n}\nreward main { m }\n'), ['duplicate-name initial b']);
});

test('definitions cannot be circular', () => {
  assert.deepEqual(codes('def a = b + 1\ndef b = a * 2\nreward main { a }\n').sort(), ['undefined-name a', 'undefined-name b']);
});

test('the model resolves every occurrence for navigation', () => {
  const text = 'signal x: number\ndef d = x + x\nreward main { d }\n';
  const c = check(parse(text).file);
  const xs = c.model.occurrences.filter((o) => o.target.kind === 'declaration' && o.target.name === 'x');
  assert.deepEqual(xs.map((o) => [text.slice(o.span.start, o.span.end), o.declaration]), [['x', true], ['x', false], ['x', false]]);
});
