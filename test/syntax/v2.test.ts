// The parser against LANGUAGE.md version 2: sections 10 (vectors) and 13 (items as
// expressions, `default`, `prev`, `clip`, `replace`), contextual keywords included.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../server/src/syntax/parse';
import type * as A from '../../server/src/syntax/ast';
import { sliceIndices } from '../../server/src/syntax/ast';
import { expr, parseClean, pointedAt, sexpr, single } from './tree';

const signal = (text: string) => single(text, text.startsWith('action') ? 'action' : 'signal') as A.SignalDecl;
const items = (text: string) => single(`reward r {\n${text}\n}`, 'reward').items;
const errors = (text: string) => parse(text).diagnostics.map((d) => [pointedAt(text, d.span), d.message]);

describe('section 10: vector types and source paths', () => {
  test('`vector[N]` is a type with its length', () => {
    const a = signal('action a: vector[8] in [-1, 1]');
    assert.ok(a.type?.kind === 'vector');
    assert.equal(a.type.length, 8);
    assert.deepEqual(a.range && [a.range.lo, a.range.hi], [-1, 1]);
    assert.equal(pointedAt('action a: vector[8] in [-1, 1]', a.type.span), 'vector[8]');
  });

  test('source slices `path[a:b]` and `path[a:b:s]`, after fields and indexes', () => {
    const q = signal('signal qpos: vector[15] = obs[0:15]');
    assert.deepEqual(q.source?.segments, ['obs']);
    assert.deepEqual(q.source?.slice && [q.source.slice.start, q.source.slice.end, q.source.slice.step], [0, 15, undefined]);
    assert.equal(q.source?.text, 'obs[0:15]');
    const s = signal('signal c: vector[39] = info.cfrc_ext[6:84:2]');
    assert.deepEqual(s.source?.segments, ['info', 'cfrc_ext']);
    assert.deepEqual(s.source?.slice && [s.source.slice.start, s.source.slice.end, s.source.slice.step], [6, 84, 2]);
    const h = signal('signal hand: vector[3] = info.hand_pos');
    assert.deepEqual(h.source?.segments, ['info', 'hand_pos']);
    assert.equal(h.source?.slice, undefined);
  });

  test('a slice ends the path', () => {
    const text = 'signal q: vector[2] = obs[0:2].x\nprop p';
    const r = parse(text);
    assert.equal(r.diagnostics.length, 1);
    assert.equal(pointedAt(text, r.diagnostics[0].span), '.');
    assert.match(r.diagnostics[0].message, /A slice ends the source path/);
  });

  test('`vector` without its length says how to write it', () => {
    const r = parse('signal q: vector = obs\nprop p');
    assert.equal(r.diagnostics.length, 1);
    assert.match(r.diagnostics[0].message, /vector\[N\]/);
  });

  test('sliceIndices: Python slices over a length, with every reason a slice is refused', () => {
    assert.deepEqual(sliceIndices({ start: 15, end: 29 }, 40), { indexes: [15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28] });
    assert.deepEqual(sliceIndices({ start: 0, end: 6, step: 2 }, 6), { indexes: [0, 2, 4] });
    assert.deepEqual(sliceIndices({ start: 2 }, 5), { indexes: [2, 3, 4] });
    assert.deepEqual(sliceIndices({ end: 2 }, 5), { indexes: [0, 1] });
    assert.match((sliceIndices({ start: 0, end: 9 }, 5) as { error: string }).error, /outside/);
    assert.match((sliceIndices({ start: 0, end: 2, step: 0 }, 5) as { error: string }).error, /at least 1/);
    assert.match((sliceIndices({ start: -1, end: 2 }, 5) as { error: string }).error, /outside/);
  });
});

describe('section 10: elements, slices and vector literals', () => {
  test('an index or slice follows any operand, primes included', () => {
    assert.equal(expr("q'[2]"), "(index q' 2)");
    assert.equal(expr('(u - v)[0:2]'), '(slice (paren (- u v)) 0:2)');
    assert.equal(expr('f(x)[1] + v[0:6:2]'), '(+ (index (call f x) 1) (slice v 0:6:2))');
    assert.equal(expr('v[2:] + v[:3] + v[::2]'), '(+ (+ (slice v 2:) (slice v :3)) (slice v ::2))');
    // `v[-1]` parses; the checker refuses it (out of range).
    assert.equal(expr('v[-1]'), '(index v -1)');
  });

  test('an index binds like a call: tighter than `^` and unary minus', () => {
    assert.equal(expr('-q[2]^2'), '(- (^ (index q 2) 2))');
    assert.equal(expr('sum(a^2)'), '(call sum (^ a 2))');
  });

  test("`q[2]'` is a syntax error that says where the prime goes", () => {
    const text = "def e = q[2]'";
    const r = parse(text);
    assert.equal(r.diagnostics.length, 1);
    assert.equal(pointedAt(text, r.diagnostics[0].span), "'");
    assert.match(r.diagnostics[0].message, /write q'\[\.\.\.\]/);
  });

  test('an index is a whole-number literal', () => {
    const [[at, message]] = errors('def e = v[i]');
    assert.equal(at, 'i');
    assert.match(message, /element index, a whole number/);
  });

  test('vector literals', () => {
    assert.equal(expr('[0.5, 0.0, 0.2]'), '(vector 0.5 0.0 0.2)');
    assert.equal(expr('[x, -y, f(z)][1]'), '(index (vector x (- y) (call f z)) 1)');
    assert.match(errors('def e = []')[0][1], /at least one/);
  });

  test('a vector literal and an index may span lines inside brackets', () => {
    assert.equal(expr('[1,\n 2,\n 3]'), '(vector 1 2 3)');
  });
});

describe('section 13: default, prev', () => {
  test('`default LITERAL` after a source path: numbers, booleans, members, vectors', () => {
    const d = (text: string) => signal(text).default;
    assert.deepEqual(d('signal v: number = info.x_velocity default 0'), { kind: 'number', value: 0, text: '0', span: { start: 43, end: 44 } });
    assert.equal((d('signal v: number = info.v default -1.5') as { value: number }).value, -1.5);
    assert.equal((d('signal b: bool = info.contact default true') as { value: boolean }).value, true);
    assert.equal((d('signal room: enum { hall, office } = info.room default office') as { name: A.Ident }).name.text, 'office');
    assert.deepEqual((d('signal g: vector[3] = info.goal default [0.5, 0, -0.2]') as { elements: readonly { value: number }[] }).elements.map((e) => e.value), [0.5, 0, -0.2]);
    assert.deepEqual((d('action a: vector[2] = action default 0') as { value: number }).value, 0);
  });

  test('`default` without a source path says where it goes; `default` is a name elsewhere', () => {
    const [[at, message]] = errors('signal v: number default 0');
    assert.equal(at, 'default 0');
    assert.match(message, /follows the source path/);
    assert.equal(expr('default + 1'), '(+ default 1)');
  });

  test('`prev(NAME)` is a node of its own; `prev` is a name when no `(` follows', () => {
    assert.equal(expr('sum((a - prev(a))^2)'), '(call sum (^ (paren (- a (prev a))) 2))');
    assert.equal(expr('prev + 1'), '(+ prev 1)');
    const [[, primed]] = errors("term t = prev(a')");
    assert.match(primed, /unprimed name/);
    const [[, compound]] = errors('term t = prev(a + b)');
    assert.match(compound, /declare it first \(term t = \.\.\.\) and write prev\(t\)/);
  });
});

describe('section 13: items are expressions', () => {
  const shape = (text: string) => items(text).map((i) => {
    const b = i.body;
    switch (b.kind) {
      case 'ref': return `ref ${b.weight ?? ''} ${b.name.text}`.replace('  ', ' ');
      case 'const': return `const ${b.value}`;
      case 'expr': return `expr ${b.weight ?? ''} ${sexpr(b.expr)}`.replace('  ', ' ');
      case 'shaping': return `shaping ${b.name.text}`;
      case 'clip': return `clip ${b.lo.value} ${b.hi.value}`;
      case 'replace': return `replace ${sexpr(b.value)} when ${sexpr(b.when)}`;
    }
  });

  test('the examples of section 13', () => {
    assert.deepEqual(shape("  -ctrl\n  0.5 * max(0, x)\n  -0.1 * sum(a^2)\n  ctrl * -0.1\n  dist - dist'"), [
      'ref -1 ctrl', 'expr (* 0.5 (call max 0 x))', 'expr (* (- 0.1) (call sum (^ a 2)))', 'ref -0.1 ctrl', "expr (- dist dist')",
    ]);
  });

  test('a machine or ltl name times a signed literal, on either side: a weighted ref', () => {
    assert.deepEqual(shape('  deliver\n  -deliver\n  2 * deliver\n  deliver * 0.5\n  -0.5 * deliver'), ['ref deliver', 'ref -1 deliver', 'ref 2 deliver', 'ref 0.5 deliver', 'ref -0.5 deliver']);
  });

  test('every version-1 item keeps its shape', () => {
    assert.deepEqual(shape("  progress\n  0.1 * progress\n  -0.01\n  3\n  (shaping' - shaping)\n  2 * (x - y)\n  +2 * a\n  shaping phi"), [
      'ref progress', 'ref 0.1 progress', 'const -0.01', 'const 3', "expr (- shaping' shaping)", 'expr 2 (- x y)', 'ref 2 a', 'shaping phi',
    ]);
  });

  test("a leading '+' is dropped from the tree and kept in the key", () => {
    const [a, b] = items('  + 0.5 * x\n  +2');
    assert.ok(a.body.kind === 'ref' && a.body.weight === 0.5);
    assert.equal(a.label, '+ 0.5 * x');
    assert.ok(b.body.kind === 'const' && b.body.value === 2);
  });

  test("`task` marks an item only before something that can start one: `task * 0.1` is the name task, weighted", () => {
    const [a, b, c] = items("  task * 0.1\n  task -1\n  task' - task");
    assert.ok(a.body.kind === 'ref' && a.body.name.text === 'task' && a.body.weight === 0.1 && !a.task);
    assert.ok(b.body.kind === 'const' && b.task);
    assert.ok(c.body.kind === 'expr' && !c.task);
  });

  test('`clip [lo, hi]` with inf bounds, keyed as written', () => {
    const its = items('  a\n  clip [0,   inf]\n  clip [-inf, +2]\n  b');
    assert.deepEqual(its.map((i) => i.label), ['a', 'clip [0, inf]', 'clip [-inf, +2]', 'b']);
    const c = its[1].body;
    assert.ok(c.kind === 'clip' && c.lo.value === 0 && c.hi.value === Infinity && c.hi.text === 'inf');
    const d = its[2].body;
    assert.ok(d.kind === 'clip' && d.lo.value === -Infinity && d.hi.value === 2);
  });

  test('`replace EXPR when COND`', () => {
    const [r] = items("  replace -100 when crashed' || abs(x') >= 1");
    assert.ok(r.body.kind === 'replace');
    assert.equal(sexpr(r.body.value), '(- 100)');
    assert.equal(sexpr(r.body.when), "(|| crashed' (>= (call abs x') 1))");
    assert.equal(r.label, "replace -100 when crashed' || abs(x') >= 1");
    assert.equal(r.task, false);
  });

  test('a replace value may use `when` inside brackets only', () => {
    const [r] = items('  replace f(when) when done');
    assert.ok(r.body.kind === 'replace');
    assert.equal(sexpr(r.body.value), '(call f when)');
  });

  test('what is still refused says what to write', () => {
    const cases: [string, RegExp][] = [
      ['clip 0, 1', /'clip \[lo, hi\]'/],
      ['clip [0, nope]', /number, inf or -inf/],
      ['replace -100 crashed', /'replace EXPR when COND'/],
      ['task replace 1 when x', /always a task item: drop 'task'/],
      ['task clip [0, 1]', /drop 'task'/],
    ];
    for (const [item, message] of cases) {
      const text = `reward r {\n  ${item}\n  ok\n}`;
      const r = parse(text);
      assert.equal(r.diagnostics.length, 1, `${item}: ${r.diagnostics.map((d) => d.message).join(' | ')}`);
      assert.match(r.diagnostics[0].message, message, item);
      assert.deepEqual((r.file.declarations[0] as A.RewardDecl).items.map((i) => i.label).slice(-1), ['ok'], item);
    }
  });

  test('a line of a block that starts with `,` `)` or `]` is one error; the block goes on', () => {
    const r = parse('reward r {\n  , x\n  ) y\n  ok\n}\nprop p');
    assert.equal(r.diagnostics.length, 2);
    assert.deepEqual((r.file.declarations[0] as A.RewardDecl).items.map((i) => i.label), ['ok']);
    assert.equal(r.file.declarations.length, 2);
  });
});

describe('section 13: keywords stay contextual', () => {
  test('clip, replace, prev, default, vector, inf are names', () => {
    const file = parseClean('def clip = 1\ndef replace = 2\ndef prev = 3\ndef default = 4\ndef vector = 5\ndef inf = 6\nsignal s: number = vector default 1\nreward r {\n  clip\n  replace\n  prev\n  inf * 2\n  clip * replace\n  replace - 1\n}');
    const r = file.declarations.find((d) => d.kind === 'reward') as A.RewardDecl;
    assert.deepEqual(r.items.map((i) => i.body.kind), ['ref', 'ref', 'ref', 'ref', 'expr', 'expr']);
    assert.deepEqual((file.declarations[6] as A.SignalDecl).source?.segments, ['vector']);
  });

  test('`inf` is a number only as a clip bound', () => {
    assert.equal(expr('inf'), 'inf');
  });
});
