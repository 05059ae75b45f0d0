import { toDot, toMermaid } from '../automata/render';
import { reachable } from '../automata/verdict';
import { ltlGraph, machineGraph } from '../export/graph';
import type { Model } from '../names/model';
import { ltlAutomaton } from '../program/lower';

// "Show automaton": the graph of a machine or `ltl` item, built by the one graph builder
// (export/graph.ts) that `reward export dot|mermaid` uses, so both draw the same graph.

export type AutomatonFormat = 'dot' | 'mermaid';

export interface AutomatonText {
  readonly kind: 'machine' | 'ltl';
  readonly states: number;
  readonly text: string;
}

/** The DOT or Mermaid text of machine or `ltl` item `name`, or a message saying why there is none. */
export function automatonText(model: Model, name: string, format: AutomatonFormat): AutomatonText | string {
  const m = model.machines.find((x) => x.name === name);
  const render = format === 'dot' ? toDot : toMermaid;
  if (m) return { kind: 'machine', states: m.states.length, text: render(machineGraph(m, model.file.text)) };
  const l = model.ltls.find((x) => x.name.text === name);
  if (!l) return `'${name}' is neither a machine nor an ltl item of this document.`;
  try {
    const a = ltlAutomaton(model, l);
    return { kind: 'ltl', states: reachable(a.dfa, a.letters).filter(Boolean).length, text: render(ltlGraph(model, name)!) };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return /^the formula /.test(why) ? `T${why.slice(1)}.` : `The formula '${name}' cannot be compiled: ${why}.`;
  }
}
