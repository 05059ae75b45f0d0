import { allowedLetters } from '../automata/alphabet';
import { ltlToDfa } from '../automata/dfa';
import { dfaGraph, type Graph } from '../automata/render';
import { toLtl } from '../eval/ltl';
import type { MachineInfo, Model } from '../names/model';

// The graph that `reward export dot|mermaid SPEC NAME` draws: a machine as written (states,
// initial, terminal, guards and rewards on the edges) or the minimal DFA of an `ltl` item.
// Rendering and escaping are render.ts's (toDot, toMermaid).

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/** A machine's states and transitions; an edge reads `guard / reward` (reward 0 left out). */
export function machineGraph(m: MachineInfo, text: string): Graph {
  const id = new Map(m.states.map((s, i) => [s, `s${i}`]));
  const initial = m.initial ?? m.states[0];
  return {
    name: m.name,
    states: m.states.map((s) => ({ id: id.get(s)!, label: s, initial: s === initial, terminal: m.terminals.has(s) })),
    edges: m.transitions.map((t) => {
      const guard = t.guard.kind === 'otherwise' ? 'otherwise' : collapse(text.slice(t.guard.span.start, t.guard.span.end));
      const reward = t.reward ? ` / ${collapse(text.slice(t.reward.span.start, t.reward.span.end))}` : '';
      return { from: id.get(t.from)!, to: id.get(t.to)!, label: guard + reward };
    }),
  };
}

/** The minimal DFA of an `ltl` item over the label sets its `exclusive` groups allow. */
export function ltlGraph(model: Model, name: string): Graph | undefined {
  const l = model.ltls.find((x) => x.name.text === name);
  if (!l) return undefined;
  const { formula, atoms } = toLtl(l.formula);
  const dfa = ltlToDfa(formula, atoms.length);
  const groups = model.exclusive.map((g) => g.map((p) => atoms.indexOf(p)).filter((i) => i >= 0)).filter((g) => g.length > 1);
  return dfaGraph(dfa, atoms, allowedLetters(atoms.length, groups), name);
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
