// Graphs of automata: guards that mean what the automaton does, and DOT / Mermaid text that stays
// well formed whatever the names. The DOT and Mermaid readers below are small checkers written
// for these tests (the real tools are not dependencies); the hostile graph was also checked once
// by hand with Graphviz and Mermaid's own parser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ltlToDfa } from '../../server/src/automata/dfa';
import { allowedLetters } from '../../server/src/automata/alphabet';
import { dfaGraph, type Graph, toDot, toMermaid } from '../../server/src/automata/render';
import { allLetters } from './brute';
import { ltl } from './formula';

/** Evaluates an edge label: `||` of `&&` of possibly negated names, or `true`. */
function guardHolds(label: string, names: readonly string[], letter: number): boolean {
  return label.split(' || ').some((product) =>
    product === 'true'
      ? true
      : product.split(' && ').every((lit) => {
          const negated = lit.startsWith('!');
          const i = names.indexOf(negated ? lit.slice(1) : lit);
          assert.ok(i >= 0, `unknown name in guard ${label}`);
          return ((letter >> i) & 1) === (negated ? 0 : 1);
        }),
  );
}

test('edge guards describe the transitions exactly on the allowed letters', () => {
  const names = ['coffee', 'office', 'plant'];
  for (const [text, exclusive] of [
    ['F (a && F b) && G !c', [[0, 1]]],
    ['G (a -> X b) && F c', []],
    ['a U (b && X c)', [[0, 1, 2]]],
  ] as const) {
    const d = ltlToDfa(ltl(text), 3);
    const letters = allowedLetters(3, exclusive.map((g) => [...g]));
    const g = dfaGraph(d, names, letters, 'spec');
    const k = 1 << d.atoms;
    for (const e of g.edges) {
      const from = Number(e.from.slice(1));
      const to = Number(e.to.slice(1));
      for (const c of letters) assert.equal(guardHolds(e.label, names, c), d.next[from * k + c] === to, `${text}: ${e.from} -> ${e.to} [${e.label}] on ${c}`);
    }
  }
});

test('guards are compact', () => {
  const d = ltlToDfa(ltl('F (a && F b) && G !c'), 3);
  const g = dfaGraph(d, ['coffee', 'office', 'plant'], allowedLetters(3, [[0, 1]]), 'safe_delivery');
  const labels = g.edges.map((e) => `${e.from}->${e.to}: ${e.label}`);
  assert.deepEqual(labels, [
    'q0->q0: !coffee && !plant',
    'q0->q1: coffee && !plant',
    'q0->q3: plant',
    'q1->q1: !office && !plant',
    'q1->q2: office && !plant',
    'q1->q3: plant',
    'q2->q2: !plant',
    'q2->q3: plant',
    'q3->q3: true',
  ]);
  assert.deepEqual(
    g.states.map((s) => [s.id, !!s.initial, !!s.accepting, !!s.terminal]),
    [['q0', true, false, false], ['q1', false, false, false], ['q2', false, true, false], ['q3', false, false, true]],
  );
});

test('states unreachable over the allowed letters are left out', () => {
  const d = ltlToDfa(ltl('F (a && b)'), 2);
  const g = dfaGraph(d, ['a', 'b'], allowedLetters(2, [[0, 1]]), 'never');
  assert.deepEqual(g.states.map((s) => s.id), ['q0']);
  assert.deepEqual(g.edges, [{ from: 'q0', to: 'q0', label: 'true' }]);
  // Missing names get placeholders rather than `undefined`.
  assert.equal(dfaGraph(ltlToDfa(ltl('F a'), 1), [], allLetters(1), 'x').edges[0].label, '!p0');
});

// ---- a DOT reader for the subset toDot writes ----

type DotToken = { kind: 'id'; text: string } | { kind: 'punct'; text: string };

function dotTokens(src: string): DotToken[] {
  const out: DotToken[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) i++;
    else if (c === '"') {
      let text = '';
      i++;
      for (;;) {
        assert.ok(i < src.length, 'unterminated string');
        if (src[i] === '\\' && src[i + 1] === '"') (text += '"'), (i += 2);
        else if (src[i] === '\\' && src[i + 1] === '\\') (text += '\\'), (i += 2);
        else if (src[i] === '\\' && src[i + 1] === 'n') (text += '\n'), (i += 2);
        else if (src[i] === '"') break;
        else {
          assert.notEqual(src[i], '\n', 'raw line break in a string');
          assert.notEqual(src[i], '\\', 'stray backslash in a string');
          text += src[i++];
        }
      }
      i++;
      out.push({ kind: 'id', text });
    } else if (src.startsWith('->', i)) (out.push({ kind: 'punct', text: '->' }), (i += 2));
    else if ('{}[];,='.includes(c)) (out.push({ kind: 'punct', text: c }), i++);
    else {
      const m = /^[A-Za-z_][A-Za-z0-9_]*|^-?\d+(\.\d+)?/.exec(src.slice(i));
      assert.ok(m, `unexpected character ${JSON.stringify(c)} in DOT`);
      out.push({ kind: 'id', text: m[0] });
      i += m[0].length;
    }
  }
  return out;
}

/** Parses `digraph ID { stmt* }` and returns the node labels and edges it declares. */
function readDot(src: string): { name: string; labels: Map<string, string>; edges: [string, string, string][] } {
  const t = dotTokens(src);
  let i = 0;
  const expect = (text: string): void => {
    assert.equal(t[i]?.text, text, `expected ${text} at token ${i}`);
    i++;
  };
  const id = (): string => {
    assert.equal(t[i]?.kind, 'id', `expected an id at token ${i}`);
    return t[i++].text;
  };
  const attrs = (): Map<string, string> => {
    const m = new Map<string, string>();
    if (t[i]?.text !== '[') return m;
    i++;
    while (t[i]?.text !== ']') {
      const key = id();
      expect('=');
      m.set(key, id());
      if (t[i]?.text === ',') i++;
    }
    i++;
    return m;
  };
  expect('digraph');
  const name = id();
  expect('{');
  const labels = new Map<string, string>();
  const edges: [string, string, string][] = [];
  while (t[i]?.text !== '}') {
    const a = id();
    if (t[i]?.text === '=') (i++, id());
    else if (t[i]?.text === '->') {
      i++;
      const b = id();
      edges.push([a, b, attrs().get('label') ?? '']);
    } else {
      const m = attrs();
      if (a !== 'node') labels.set(a, m.get('label') ?? '');
    }
    expect(';');
  }
  expect('}');
  assert.equal(i, t.length, 'nothing after the graph');
  return { name, labels, edges };
}

// ---- a Mermaid checker for the flowchart toMermaid writes ----

const decode = (s: string): string => s.replace(/#(\d+);/g, (_, n) => String.fromCharCode(Number(n)));
const flat = (s: string): string => s.replace(/[\u0000-\u001f\u007f]+/g, ' ');

function readMermaid(src: string): { title: string; labels: Map<string, string>; edges: [string, string, string][] } {
  const lines = src.trimEnd().split('\n');
  assert.equal(lines[0], '---');
  const title = JSON.parse(lines[1].replace(/^title: /, '')) as string;
  assert.equal(lines[2], '---');
  assert.equal(lines[3], 'flowchart LR');
  assert.ok(!src.includes('%%'), 'no comment or directive');
  const labels = new Map<string, string>();
  const edges: [string, string, string][] = [];
  // Quoted text: no quote, and no character Mermaid would read as syntax, except as #n; codes.
  const text = '"([^"#&<>|`%;\\\\\\[\\]{}()\\u0000-\\u001f]*(?:#\\d+;[^"#&<>|`%;\\\\\\[\\]{}()\\u0000-\\u001f]*)*)"';
  for (const line of lines.slice(4)) {
    let m: RegExpExecArray | null;
    if (line === '  start(( ))') continue;
    if ((m = new RegExp(`^  (n\\d+)\\(\\(\\(?${text}\\)?\\)\\)$`).exec(line))) labels.set(m[1], decode(m[2]));
    else if ((m = /^  start --> (n\d+)$/.exec(line))) edges.push(['start', m[1], '']);
    else if ((m = new RegExp(`^  (n\\d+) -->\\|${text}\\| (n\\d+)$`).exec(line))) edges.push([m[1], m[3], decode(m[2])]);
    else if (/^  classDef terminal fill:#e8e8e8$/.test(line) || /^  class n\d+(,n\d+)* terminal$/.test(line)) continue;
    else assert.fail(`not a Mermaid line this exporter writes: ${JSON.stringify(line)}`);
  }
  return { title, labels, edges };
}

const HOSTILE: Graph = {
  name: 'x"; } digraph { --- \n end %%{init: {"theme":"dark"}}%% `md` <b>',
  states: [
    { id: 'end', label: 'a"b\\c\nd}{][)(|#35;&amp;<script>', initial: true },
    { id: 'x" -> "y', label: '%%{init: {"theme":"dark"}}%% ; style', accepting: true, terminal: true },
    { id: '__start', label: '' },
    { id: 'graph', label: '"', terminal: true },
    { id: 'subgraph', label: '\\N\\G', initial: true },
  ],
  edges: [
    { from: 'end', to: 'x" -> "y', label: 'a && !b || "c" |x| -->' },
    { from: 'x" -> "y', to: '__start', label: '\\"\\\n' },
    { from: '__start', to: 'end', label: 'クラス 🙂' },
    { from: 'graph', to: 'subgraph', label: '' },
  ],
};

function checkGraph(g: Graph): void {
  const dot = readDot(toDot(g));
  assert.equal(dot.name, g.name.replace(/\r\n|\r/g, '\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ' '));
  const clean = (s: string): string => s.replace(/\r\n|\r/g, '\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ' ');
  for (const s of g.states) assert.equal(dot.labels.get(clean(s.id)), clean(s.label));
  const starts = dot.edges.filter(([a]) => a.startsWith('__start') && !g.states.some((s) => clean(s.id) === a));
  assert.deepEqual(starts.map(([, b]) => b), g.states.filter((s) => s.initial).map((s) => clean(s.id)));
  const rest = dot.edges.filter((e) => !starts.includes(e));
  assert.deepEqual(rest, g.edges.map((e) => [clean(e.from), clean(e.to), clean(e.label)]));

  const mmd = readMermaid(toMermaid(g));
  assert.equal(mmd.title, g.name);
  const node = (id: string): string => `n${g.states.findIndex((s) => s.id === id)}`;
  for (const s of g.states) assert.equal(mmd.labels.get(node(s.id)), flat(s.label) === '' ? ' ' : flat(s.label));
  assert.deepEqual(
    mmd.edges,
    [
      ...g.states.filter((s) => s.initial).map((s) => ['start', node(s.id), '']),
      ...g.edges.map((e) => [node(e.from), node(e.to), flat(e.label) === '' ? ' ' : flat(e.label)]),
    ],
  );
}

test('DOT and Mermaid stay well formed with hostile names and labels', () => {
  checkGraph(HOSTILE);
});

test('DOT and Mermaid stay well formed for any strings', () => {
  const str = fc.string({ unit: 'binary', maxLength: 12 });
  const arb = fc
    .record({ name: str, ids: fc.uniqueArray(str, { minLength: 1, maxLength: 4 }) })
    .chain(({ name, ids }) =>
      fc.record({
        name: fc.constant(name),
        states: fc.tuple(...ids.map((id) => fc.record({ id: fc.constant(id), label: str, initial: fc.boolean(), accepting: fc.boolean(), terminal: fc.boolean() }))),
        edges: fc.array(fc.record({ from: fc.constantFrom(...ids), to: fc.constantFrom(...ids), label: str }), { maxLength: 5 }),
      }),
    );
  fc.assert(fc.property(arb, (g) => checkGraph(g)), { numRuns: 300 });
});

test('DOT of a DFA names the start, accepting and decided states', () => {
  const dot = toDot(dfaGraph(ltlToDfa(ltl('F a'), 1), ['goal'], allLetters(1), 'reach'));
  assert.match(dot, /^digraph "reach" \{/);
  assert.match(dot, /"__start" -> "q0";/);
  assert.match(dot, /"q1" \[label="q1", shape=doublecircle, style=filled/);
  assert.match(dot, /"q0" -> "q1" \[label="goal"\];/);
});
