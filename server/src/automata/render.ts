// Graphs of automata (DFAs here; reward machines map onto the same shape) and their DOT and
// Mermaid text, for `reward export dot|mermaid`. Names and labels may be anything the user
// wrote, so every one is quoted and escaped: any input yields valid DOT / Mermaid.
import type { Dfa } from './dfa';
import { guardText } from './guard';
import { reachable, verdicts } from './verdict';

export interface GraphState {
  readonly id: string;
  readonly label: string;
  readonly initial?: boolean;
  readonly accepting?: boolean;
  readonly terminal?: boolean;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
}

export interface Graph {
  readonly name: string;
  readonly states: readonly GraphState[];
  readonly edges: readonly GraphEdge[];
}

/**
 * The reachable part of d over `letters`, one edge per pair of states with a compact guard.
 * A state whose verdict is decided (every or no continuation accepted) is `terminal`.
 */
export function dfaGraph(d: Dfa, atomNames: readonly string[], letters: readonly number[], name: string): Graph {
  const k = 1 << d.atoms;
  const names = Array.from({ length: d.atoms }, (_, i) => atomNames[i] ?? `p${i}`);
  const allowed = new Set(letters);
  const seen = reachable(d, letters);
  const v = verdicts(d, letters);
  const id = (s: number): string => `q${s}`;
  const states: GraphState[] = [];
  const edges: GraphEdge[] = [];
  for (let s = 0; s < d.states; s++) {
    if (!seen[s]) continue;
    states.push({ id: id(s), label: id(s), initial: s === d.initial, accepting: d.accepting[s], terminal: v[s] !== 'open' });
    const byTarget = new Map<number, number[]>();
    for (const c of letters) {
      const t = d.next[s * k + c];
      byTarget.set(t, [...(byTarget.get(t) ?? []), c]);
    }
    for (const [t, on] of [...byTarget].sort((x, y) => x[0] - y[0])) {
      const off = letters.filter((c) => allowed.has(c) && d.next[s * k + c] !== t);
      edges.push({ from: id(s), to: id(t), label: guardText(on, off, names) });
    }
  }
  return { name, states, edges };
}

export function toDot(g: Graph): string {
  const q = (s: string): string => `"${dotEscape(s)}"`;
  const ids = new Set(g.states.map((s) => s.id));
  let start = '__start';
  while (ids.has(start)) start += '_';
  const lines = [`digraph ${q(g.name)} {`, '  rankdir=LR;', '  node [shape=circle];', `  ${q(start)} [shape=point, label=""];`];
  for (const s of g.states) {
    const attrs = [`label=${q(s.label)}`];
    if (s.accepting) attrs.push('shape=doublecircle');
    if (s.terminal) attrs.push('style=filled', 'fillcolor="#e8e8e8"');
    lines.push(`  ${q(s.id)} [${attrs.join(', ')}];`);
  }
  for (const s of g.states) if (s.initial) lines.push(`  ${q(start)} -> ${q(s.id)};`);
  for (const e of g.edges) lines.push(`  ${q(e.from)} -> ${q(e.to)} [label=${q(e.label)}];`);
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** Inside a DOT double-quoted string: escape quotes and backslashes, keep line breaks as `\n`. */
function dotEscape(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/[\u0000-\u001f\u007f]/g, ' ');
}

export function toMermaid(g: Graph): string {
  // Mermaid ids are generated (n0, n1, ...): user ids could be keywords such as `end`.
  const nodeId = new Map(g.states.map((s, i) => [s.id, `n${i}`]));
  const lines = ['---', `title: ${yamlString(g.name)}`, '---', 'flowchart LR'];
  lines.push('  start(( ))');
  for (const s of g.states) {
    const text = `"${mermaidEscape(s.label)}"`;
    lines.push(`  ${nodeId.get(s.id)}${s.accepting ? `(((${text})))` : `((${text}))`}`);
  }
  for (const s of g.states) if (s.initial) lines.push(`  start --> ${nodeId.get(s.id)}`);
  for (const e of g.edges) {
    const from = nodeId.get(e.from);
    const to = nodeId.get(e.to);
    // An edge to a state not in the graph has nothing to point at; it is left out.
    if (from === undefined || to === undefined) continue;
    lines.push(`  ${from} -->|"${mermaidEscape(e.label)}"| ${to}`);
  }
  const terminal = g.states.filter((s) => s.terminal).map((s) => nodeId.get(s.id));
  if (terminal.length > 0) {
    lines.push('  classDef terminal fill:#e8e8e8');
    lines.push(`  class ${terminal.join(',')} terminal`);
  }
  return lines.join('\n') + '\n';
}

/**
 * Inside a Mermaid quoted label every character that Mermaid or the HTML it renders to could
 * read as syntax becomes an entity code (`#quot;`, `#35;`, ...), and line breaks become spaces.
 */
function mermaidEscape(s: string): string {
  // An empty quoted label is a syntax error: a space stands in for it.
  if (s === '') return ' ';
  return s.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/["#&<>|`%;\\[\]{}()]/g, (c) => `#${c.charCodeAt(0)};`);
}

/**
 * A YAML double-quoted scalar: JSON's escapes are YAML's. Characters YAML reads as line breaks
 * or byte-order marks, and `%` (Mermaid scans the whole text for `%%{...}%%` directives), are
 * escaped as well.
 */
function yamlString(s: string): string {
  return JSON.stringify(s).replace(/[\u0080-\u009f\u2028\u2029\ufeff%]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
