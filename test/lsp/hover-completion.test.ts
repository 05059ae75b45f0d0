// Hover, completion in each context, and signature help, with cursor positions marked `<|>`.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompletionItem, Hover } from 'vscode-languageserver-protocol';
import { ROOT } from './build';
import { startClient, type TestClient } from './client';
import { markers, textOf } from './markers';

const SPEC = `discount 0.9
horizon 100

/// Horizontal position of the agent.
signal x: number in [0, 10] = <|>obs[0]
signal room: enum { hall, kitchen, office } = info.room
action move: enum { up, down }
prop coffee = room == kit<|>chen
prop plant
def dist = ab<|>s(<|>x - 6)
term progress = dist - dist'

machine <|>deliver {
  initial start
  terminal done
  st<|>art -> done when coffee && !plant reward 1
}

ltl sa<|>fe = F coffee && G !plant

reward main {
  deliver<|>
  0.1 * progress
  -0.0<|>1
}
`;

const value = (h: Hover | null) => (h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '');
const labels = (items: CompletionItem[]) => items.map((i) => i.label).sort();

describe('hover', () => {
  let c: TestClient;
  let uri: string;
  let at: readonly { line: number; character: number }[];
  before(async () => {
    c = await startClient();
    const doc = c.open(SPEC);
    uri = doc.uri;
    at = doc.positions;
  });
  after(async () => {
    await c.stop();
  });
  const hover = (i: number, pos = at[i]) => c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: pos });

  test('a signal: kind, type, declared range, source path and doc comment; the range of the name', async () => {
    // `x` inside `abs(x - 6)`: the marker before it.
    const h = await hover(3, { line: at[3].line, character: at[3].character });
    const v = value(h);
    assert.match(v, /\*\*signal\*\* `x`: number in \[0, 10\]/);
    assert.match(v, /source: `obs\[0\]`/);
    assert.match(v, /Horizontal position of the agent\./);
    assert.deepEqual(h!.range, { start: at[3], end: { line: at[3].line, character: at[3].character + 1 } });
  });

  test('an enum member names its enum and index; a built-in function shows its signature', async () => {
    assert.match(value(await hover(1)), /`kitchen`: member of enum `room` \(index 1\)/);
    assert.match(value(await hover(2)), /`abs\(x\)`: built-in function/);
  });

  test('a machine lists its states and transitions; a state its role and transitions', async () => {
    const m = value(await hover(4));
    assert.match(m, /\*\*machine\*\* `deliver`/);
    assert.match(m, /`start` \(initial\), `done` \(terminal\)/);
    assert.match(m, /`start -> done when coffee && !plant reward 1`/);
    assert.match(value(await hover(5)), /`start`: initial state of machine `deliver`/);
  });

  test('an ltl item: its class and the size of its automaton', async () => {
    const v = value(await hover(6));
    assert.match(v, /\*\*ltl\*\* `safe`/);
    assert.match(v, /class: (safety|guarantee|obligation|recurrence|persistence|reactivity)/);
    assert.match(v, /automaton: \d+ states? \(minimal DFA\)/);
  });

  test('a reward item: its kind and bounds (per step and over an episode)', async () => {
    const onName = value(await hover(7, { line: at[7].line, character: at[7].character - 2 }));
    assert.match(onName, /\*\*machine\*\* `deliver`/);
    assert.match(onName, /reward item `deliver` of `main`/);
    const constant = value(await hover(8));
    assert.match(constant, /constant per-step item/);
    assert.match(constant, /\[-0\.01, -0\.01\] per step/);
  });

  test('nothing to say on a keyword, a number or a blank', async () => {
    assert.equal(await hover(0, { line: 0, character: 3 }), null);
    assert.equal(await hover(0, { line: 2, character: 0 }), null);
  });
});

describe('completion', () => {
  let c: TestClient;
  before(async () => {
    c = await startClient({ settings: { trajectories: ['test/fixtures/lsp/trajectories/**/*.jsonl'] } });
  });
  after(async () => {
    await c.stop();
  });
  const complete = async (source: string) => {
    const doc = c.open(source);
    return c.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: doc.uri }, position: doc.positions[0] });
  };
  const BASE = `discount 0.9
signal x: number in [0, 10] = obs[0]
signal room: enum { hall, kitchen, office } = info.room
action move: enum { up, down }
prop coffee = room == kitchen
def dist = abs(x - 6)
term progress = dist - dist'
potential phi = -dist
machine deliver {
  initial start
  terminal done
  start -> done when coffee
}
`;

  test('declaration keywords at the start of a line', async () => {
    const items = await complete(`${BASE}<|>`);
    const l = labels(items);
    for (const k of ['discount', 'signal', 'action', 'def', 'prop', 'exclusive', 'term', 'potential', 'machine', 'ltl', 'reward']) assert.ok(l.includes(k), k);
    assert.ok(!l.includes('x'));
  });

  test('names with kind and type as detail, and functions with their signatures, in an expression', async () => {
    const items = await complete(`${BASE}term t = dist + <|>\n`);
    const x = items.find((i) => i.label === 'x')!;
    assert.equal(x.detail, 'signal: number');
    assert.equal(items.find((i) => i.label === 'room')!.detail, 'signal: enum { hall, kitchen, office }');
    const clamp = items.find((i) => i.label === 'clamp')!;
    assert.equal(clamp.detail, 'clamp(v, lo, hi)');
    assert.equal(clamp.insertTextFormat, 2);
    assert.ok(!labels(items).includes('deliver'), 'a machine is not a value');
    assert.ok(!labels(items).includes('t'), 'not the declaration itself');
  });

  test('a def reads the state only: no actions or terms offered', async () => {
    const l = labels(await complete(`${BASE}def d2 = <|>\n`));
    assert.ok(l.includes('x') && l.includes('dist'));
    assert.ok(!l.includes('move') && !l.includes('progress'));
  });

  test('enum members after == beside an enum operand, and only those', async () => {
    assert.deepEqual(labels(await complete(`${BASE}prop p2 = room == <|>\n`)), ['hall', 'kitchen', 'office']);
    assert.deepEqual(labels(await complete(`${BASE}prop p3 = move' != d<|>\n`)), ['down', 'up']);
    const items = await complete(`${BASE}prop p4 = x == <|>\n`);
    assert.ok(labels(items).includes('dist'), 'a number operand gets names');
  });

  test('states inside a machine: at the start of a line, after -> and after initial; then when', async () => {
    const start = labels(await complete(`machine m {\n  initial a\n  a -> b when true\n  <|>\n}\n`));
    assert.deepEqual(start, ['a', 'b', 'initial', 'terminal']);
    assert.deepEqual(labels(await complete(`machine m {\n  initial a\n  a -> b when true\n  b -> <|>\n}\n`)), ['a', 'b']);
    assert.deepEqual(labels(await complete(`machine m {\n  initial a\n  a -> b when true\n  terminal b, <|>\n}\n`)), ['a', 'b']);
    assert.deepEqual(labels(await complete(`machine m {\n  initial a\n  a -> b <|>\n}\n`)), ['when']);
    const guard = labels(await complete(`${BASE}machine m2 {\n  initial a\n  a -> b when co<|>\n}\n`));
    assert.ok(guard.includes('coffee') && guard.includes('otherwise'));
  });

  test('in a reward block: task, shaping and the names an item may be; after shaping, potentials and machines', async () => {
    const l = labels(await complete(`${BASE}reward main {\n  <|>\n}\n`));
    for (const k of ['task', 'shaping', 'deliver', 'progress', 'x', 'dist']) assert.ok(l.includes(k), k);
    assert.ok(!l.includes('coffee') && !l.includes('room') && !l.includes('phi'), 'props, enums and potentials are no items');
    assert.deepEqual(labels(await complete(`${BASE}reward main {\n  shaping <|>\n}\n`)), ['deliver', 'phi']);
    assert.ok(labels(await complete(`${BASE}reward main {\n  0.5 * <|>\n}\n`)).includes('progress'));
  });

  test('in a reward item: clip and replace at its start, functions, pi and prev wherever an expression goes on', async () => {
    const start = labels(await complete(`${BASE}reward main {\n  <|>\n}\n`));
    for (const k of ['clip', 'replace', 'sum', 'abs', 'pi', 'prev', 'if']) assert.ok(start.includes(k), k);
    // After a weight: the names an item may be (machines too), and the functions.
    const weighted = labels(await complete(`${BASE}reward main {\n  -0.1 * <|>\n}\n`));
    for (const k of ['deliver', 'progress', 'x', 'sum', 'prev']) assert.ok(weighted.includes(k), k);
    // After an operator inside the item, and after replace and when: what an expression may read.
    for (const source of [`${BASE}reward main {\n  x + <|>\n}\n`, `${BASE}reward main {\n  replace <|>\n}\n`, `${BASE}reward main {\n  replace -1 when <|>\n}\n`]) {
      const l = labels(await complete(source));
      for (const k of ['x', 'dist', 'abs', 'pi']) assert.ok(l.includes(k), `${k} in ${JSON.stringify(source.slice(BASE.length))}`);
      assert.ok(!l.includes('deliver'), 'a machine is no operand');
    }
    // After a complete operand an operator comes: no names.
    assert.deepEqual(labels(await complete(`${BASE}reward main {\n  x <|>\n}\n`)), []);
  });

  // Issue #18, point 6: completion by context. The declaration snippets come from the server
  // (where a declaration may start), not from the extension, which would offer them anywhere.
  test('declaration snippets only where a declaration may start; none inside a block, after when or after =', async () => {
    const snippets = (items: CompletionItem[]) => items.filter((i) => i.kind === 15).map((i) => i.label).sort();
    const prefixes = Object.values(JSON.parse(readFileSync(join(ROOT, 'snippets', 'reward.json'), 'utf8')) as { prefix: string | string[] }[]).map((x) => (Array.isArray(x.prefix) ? x.prefix[0] : x.prefix));
    assert.deepEqual(snippets(await complete(`${BASE}<|>`)), prefixes.sort());
    const machine = (await complete(`${BASE}<|>`)).find((i) => i.kind === 15 && i.label === 'machine')!;
    assert.match((machine.textEdit as { newText: string }).newText, /^machine \$\{1:deliver\} \{\n  initial/);
    const TOP = ['action', 'ltl', 'machine', 'signal', 'exclusive', 'discount', 'horizon'];
    for (const source of [`${BASE}reward main {\n  <|>\n}\n`, `${BASE}reward main { <|> }\n`, `${BASE}machine m2 {\n  initial a\n  a -> b when <|>\n}\n`, `${BASE}def d2 = <|>\n`, `${BASE}machine m2 {\n  <|>\n}\n`]) {
      const l = labels(await complete(source));
      for (const k of TOP) assert.ok(!l.includes(k), `${k} offered in ${JSON.stringify(source.slice(BASE.length))}`);
    }
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.equal(pkg.contributes.snippets, undefined, 'the extension contributes no snippets of its own (VS Code would offer them everywhere)');
  });

  test('a guard starts with what holds or not: props and boolean names, no number signals', async () => {
    const guardSpec = `${BASE}signal near: bool = obs[2]\nprop plant\nmachine m2 {\n  initial a\n  a -> b when <|>\n}\n`;
    const l = labels(await complete(guardSpec));
    for (const k of ['coffee', 'plant', 'near', 'otherwise', 'true']) assert.ok(l.includes(k), k);
    for (const k of ['x', 'dist', 'progress', 'room']) assert.ok(!l.includes(k), `${k} is no guard`);
    const and = labels(await complete(`${BASE}machine m2 {\n  initial a\n  a -> b when !coffee && <|>\n}\n`));
    assert.ok(and.includes('coffee') && !and.includes('x') && !and.includes('otherwise'));
    // As an operand of a comparison, numbers are what is wanted.
    assert.ok(labels(await complete(`${BASE}machine m2 {\n  initial a\n  a -> b when dist < <|>\n}\n`)).includes('x'));
    assert.ok(labels(await complete(`${BASE}machine m2 {\n  initial a\n  a -> b when coffee reward <|>\n}\n`)).includes('x'));
  });

  test('in an ltl formula: props and temporal operators', async () => {
    const l = labels(await complete(`${BASE}ltl f = F <|>\n`));
    for (const k of ['coffee', 'F', 'G', 'U', 'X']) assert.ok(l.includes(k), k);
    assert.ok(!l.includes('x'));
  });

  test('types after the colon of a signal', async () => {
    assert.deepEqual(labels(await complete('signal y: <|>\n')), ['bool', 'enum', 'int', 'number']);
  });

  test("source paths from the configured trajectory's first record, replacing the path typed so far", async () => {
    const items = await complete(`${BASE}signal y: number = info.<|>\n`);
    const l = labels(items);
    assert.deepEqual(l, ['action', 'info.pos.x', 'info.room', 'obs[0]', 'obs[1]']);
    const room = items.find((i) => i.label === 'info.room')!;
    assert.match(room.detail!, /"hall" \(in steps\.jsonl\)/);
    const edit = room.textEdit as { range: { start: { character: number }; end: { character: number } } };
    assert.equal(edit.range.end.character - edit.range.start.character, 'info.'.length);
  });

  // Issue #15: a spec of thousands of names would send them all on every keystroke.
  test('in a spec of many names, only those matching the word typed, in a list marked incomplete', async () => {
    const many = Array.from({ length: 150 }, (_, i) => `signal s${i}: number = obs[${i}]\ndef rate${i} = s${i} * 2`).join('\n');
    const doc = c.open(`${many}\ndef total = 1 + ra<|>\n`);
    const list = await c.request<{ isIncomplete: boolean; items: CompletionItem[] }>('textDocument/completion', { textDocument: { uri: doc.uri }, position: doc.positions[0] });
    assert.equal(list.isIncomplete, true);
    const l = labels(list.items);
    assert.equal(l.filter((x) => /^rate\d+$/.test(x)).length, 150, 'every def whose name has r then a');
    assert.ok(!l.some((x) => /^s\d+$/.test(x)), 'no signal: s0 has no r');
    assert.ok(!l.includes('max') && !l.includes('true'), 'functions and keywords filtered alike');
    // Without a word there is nothing to filter by: every candidate.
    const all = c.open(`${many}\ndef total = 1 + <|>\n`);
    const items = await c.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: all.uri }, position: all.positions[0] });
    assert.ok(Array.isArray(items) && labels(items).includes('s149') && labels(items).includes('rate0'));
  });

  test('nothing inside a comment', async () => {
    assert.deepEqual(await complete(`${BASE}// a comment about <|>\n`), []);
  });

  test('without a configured trajectory, source paths are simply not offered', async () => {
    const other = await startClient({ workspaceFolder: join(ROOT, 'test', 'fixtures', 'lsp') });
    try {
      const doc = other.open('signal y: number = <|>\n');
      assert.deepEqual(await other.request('textDocument/completion', { textDocument: { uri: doc.uri }, position: doc.positions[0] }), []);
    } finally {
      await other.stop();
    }
  });
});

describe('signature help', () => {
  let c: TestClient;
  before(async () => {
    c = await startClient();
  });
  after(async () => {
    await c.stop();
  });
  const help = async (source: string) => {
    const doc = c.open(source);
    return c.request('textDocument/signatureHelp', { textDocument: { uri: doc.uri }, position: doc.positions[0] });
  };

  test('the signature and the active parameter of the call the cursor is in', async () => {
    const h = await help('signal x: number\ndef d = clamp(x, <|>\n');
    assert.equal(h.signatures[0].label, 'clamp(v, lo, hi)');
    assert.equal(h.activeParameter, 1);
    const nested = await help('signal x: number\ndef d = max(abs(x), min(x, 1), <|>)\n');
    assert.equal(nested.signatures[0].label, 'max(x, y, ...)');
    assert.equal(nested.activeParameter, 1, 'variadic: the last named parameter stays active');
    const inner = await help('signal x: number\ndef d = max(abs(<|>x), 2)\n');
    assert.equal(inner.signatures[0].label, 'abs(x)');
  });

  test('none outside a call or in a call of something that is not a function', async () => {
    assert.equal(await help('signal x: number\ndef d = (x + <|>1)\n'), null);
    assert.equal(await help('signal x: number\ndef d = x<|>\n'), null);
  });
});

test('markers: positions are stripped and reported in order', () => {
  const m = markers('ab<|>c\nd<|>e');
  assert.equal(m.text, 'abc\nde');
  assert.deepEqual(m.positions, [{ line: 0, character: 2 }, { line: 1, character: 1 }]);
  assert.equal(textOf(m.text, { start: m.positions[0], end: m.positions[1] }), 'c\nd');
});
