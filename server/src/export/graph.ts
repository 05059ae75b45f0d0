import { dfaGraph, type Graph } from '../automata/render';
import type { MachineInfo, Model } from '../names/model';
import { ltlAutomaton } from '../program/lower';

// The one graph builder of machines and `ltl` items: Show Automaton (lsp/automaton.ts) and
// `reward export dot|mermaid SPEC NAME` draw the same graph, with the same node ids and marks.
// A machine is drawn as written (node ids are the state names; the initial state and the
// terminal states marked; `guard / reward` on the edges, reward 0 left out); an `ltl` item as
// the minimal DFA it compiles to, over the label sets its `exclusive` groups allow (the DFA
// the evaluator runs: program/lower.ts computes it once per declaration). Rendering and
// escaping are render.ts's (toDot, toMermaid).

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/** A machine's states and transitions; an edge reads `guard / reward` (reward 0 left out). */
export function machineGraph(m: MachineInfo, text: string): Graph {
  const initial = m.initial ?? m.states[0];
  return {
    name: m.name,
    states: m.states.map((s) => ({ id: s, label: s, initial: s === initial, terminal: m.terminals.has(s) })),
    edges: m.transitions.map((t) => {
      const guard = t.guard.kind === 'otherwise' ? 'otherwise' : collapse(text.slice(t.guard.span.start, t.guard.span.end));
      const reward = t.reward ? ` / ${collapse(text.slice(t.reward.span.start, t.reward.span.end))}` : '';
      return { from: t.from, to: t.to, label: guard + reward };
    }),
  };
}

/** The minimal DFA of an `ltl` item; throws a RangeError or Error with a readable message when it cannot be compiled. */
export function ltlGraph(model: Model, name: string): Graph | undefined {
  const l = model.ltls.find((x) => x.name.text === name);
  if (!l) return undefined;
  const a = ltlAutomaton(model, l);
  return dfaGraph(a.dfa, a.atoms, a.letters, name);
}

/** The graph of the machine or `ltl` item NAME; an Error with a one-line message when there is none. */
export function specGraph(model: Model, name: string): Graph {
  const m = model.machines.find((x) => x.name === name);
  if (m) return machineGraph(m, model.file.text);
  const g = ltlGraph(model, name);
  if (g) return g;
  const known = [...model.machines.map((x) => x.name), ...model.ltls.map((x) => x.name.text)];
  throw new Error(`the spec has no machine or ltl item named '${name}' (it has: ${known.join(', ') || 'none'})`);
}
