// `reward export dot|mermaid SPEC NAME`: machines as written and ltl automata, well formed
// whatever the names, through the CLI command.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../server/src/cli/export';
import { tempDir } from './harness';

// State names that are keywords of DOT (node, edge, graph, strict) or Mermaid (end, class, style).
const SPEC = `prop node
prop end
prop graph
exclusive node, end
machine strict {
  initial node
  terminal end, class
  node -> graph when node && !end reward 1
  node, graph -> end when end || graph reward -1
  graph -> class when otherwise
  graph -> style when node <-> graph
}
ltl subgraph = F (node && X end) || G graph
reward main { strict; subgraph }
`;

async function cli(argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await run(argv, { out: (s) => (out += s), err: () => undefined, stdout: process.stdout });
  return { code, out };
}

/** A small DOT reader: statements of quoted ids, every string closed, braces balanced. */
function dotStatements(text: string): { nodes: Map<string, string>; edges: [string, string, string][] } {
  assert.match(text, /^digraph "(?:[^"\\]|\\.)*" \{\n/);
  assert.ok(text.trimEnd().endsWith('}'));
  const q = String.raw`"((?:[^"\\]|\\.)*)"`;
  const node = new RegExp(`^  ${q} \\[(.*)\\];$`);
  const edge = new RegExp(`^  ${q} -> ${q}(?: \\[label=${q}\\])?;$`);
  const nodes = new Map<string, string>();
  const edges: [string, string, string][] = [];
  for (const line of text.trimEnd().split('\n').slice(1, -1)) {
    if (/^  (rankdir=LR|node \[shape=circle\]);$/.test(line)) continue;
    const e = edge.exec(line);
    if (e) {
      edges.push([e[1], e[2], e[3] ?? '']);
      continue;
    }
    const n = node.exec(line);
    assert.ok(n, `not a DOT statement: ${line}`);
    nodes.set(n[1], /label="((?:[^"\\]|\\.)*)"/.exec(n[2])?.[1] ?? '');
  }
  for (const [from, to] of edges) assert.ok(nodes.has(from) && nodes.has(to), `edge ${from} -> ${to} to an undeclared node`);
  return { nodes, edges };
}

test('a machine as DOT: its states, initial, terminal, guards and rewards on the edges', async () => {
  const dir = tempDir();
  const spec = join(dir, 'spec.reward');
  writeFileSync(spec, SPEC);
  const { code, out } = await cli(['dot', spec, 'strict']);
  assert.equal(code, 0);
  const { nodes, edges } = dotStatements(out);
  assert.deepEqual([...nodes.values()].filter((l) => l !== ''), ['node', 'end', 'class', 'graph', 'style']);
  const label = (id: string) => nodes.get(id);
  assert.deepEqual(
    edges.filter(([f]) => f !== '__start').map(([f, t, l]) => `${label(f)} -> ${label(t)}: ${l}`),
    [
      'node -> graph: node && !end / 1',
      'node -> end: end || graph / -1',
      'graph -> end: end || graph / -1',
      'graph -> class: otherwise',
      'graph -> style: node <-> graph',
    ],
  );
  assert.deepEqual(edges.filter(([f]) => f === '__start').map(([, t]) => label(t)), ['node']);
  assert.match(out, /label="end", style=filled/);
});

test('an ltl item as Mermaid: the minimal automaton, labels escaped, generated node ids', async () => {
  const dir = tempDir();
  const spec = join(dir, 'spec.reward');
  writeFileSync(spec, SPEC);
  const { code, out } = await cli(['mermaid', spec, 'subgraph', '-o', join(dir, 'out.mmd')]);
  assert.equal(code, 0);
  assert.equal(out, '');
  const { readFileSync } = await import('node:fs');
  const text = readFileSync(join(dir, 'out.mmd'), 'utf8');
  const lines = text.trimEnd().split('\n');
  assert.deepEqual(lines.slice(0, 4), ['---', 'title: "subgraph"', '---', 'flowchart LR']);
  for (const line of lines.slice(4)) {
    assert.match(line, /^  (start\(\( \)\)|n\d+\(\(\(?"[^"]*"\)?\)\)|start --> n\d+|n\d+ -->\|"[^"|]*"\| n\d+|classDef terminal fill:#e8e8e8|class n\d+(,n\d+)* terminal)$/, line);
  }
  // `&&` is written as HTML entities inside Mermaid labels: nothing can end the label early.
  assert.ok(lines.some((l) => l.includes('#38;#38;')));
  // Accepting states are drawn with a double circle.
  assert.ok(lines.some((l) => /n\d+\(\(\("/.test(l)));
});

test('errors: unknown name, unknown target, a spec with errors: one line each', async () => {
  const dir = tempDir();
  const spec = join(dir, 'spec.reward');
  writeFileSync(spec, SPEC);
  const bad = join(dir, 'bad.reward');
  writeFileSync(bad, 'machine m {\n  initial a\n  a -> b when nope\n}\nreward main { m }\n');
  await assert.rejects(cli(['dot', spec, 'nothing']), /no machine or ltl item named 'nothing' \(it has: strict, subgraph\)/);
  await assert.rejects(cli(['svg', spec, 'strict']), /needs a target: python, numpy, torch, dot or mermaid/);
  await assert.rejects(cli(['dot', spec]), /needs the name of a machine or ltl item/);
  await assert.rejects(cli(['mermaid', bad, 'm']), /bad\.reward has 1 error .*undefined-name/);
  await assert.rejects(cli(['python', join(dir, 'missing.reward')]), /cannot read .*missing\.reward: no such file/);
  await assert.rejects(cli(['python', spec, '--reward', 'other']), /no reward named 'other' \(it has: main\)/);
});

test('reward export python writes the module to -o (executable) or to standard output', async () => {
  const dir = tempDir();
  const spec = join(dir, 'spec.reward');
  writeFileSync(spec, SPEC);
  const printed = await cli(['python', spec]);
  assert.match(printed.out, /^#!\/usr\/bin\/env python3\n# Generated by `reward export python` from spec\.reward/);
  const file = join(dir, 'm.py');
  assert.equal((await cli(['python', spec, '-o', file, '--reward', 'main'])).out, '');
  const { readFileSync, statSync } = await import('node:fs');
  assert.equal(readFileSync(file, 'utf8'), printed.out);
  assert.ok((statSync(file).mode & 0o100) !== 0);
});
