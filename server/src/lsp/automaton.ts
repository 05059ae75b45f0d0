import { allowedLetters } from '../automata/alphabet';
import { ltlToDfa, type Dfa } from '../automata/dfa';
import { dfaGraph, toDot, toMermaid, type Graph } from '../automata/render';
import { reachable } from '../automata/verdict';
import type { MachineInfo, Model } from '../names/model';
import type * as A from '../syntax/ast';
import { toLtl } from '../eval/ltl';

// The graph behind "Show automaton": a machine as written, or the DFA an `ltl` item compiles to.

export type AutomatonFormat = 'dot' | 'mermaid';

export interface LtlAutomaton {
  readonly dfa: Dfa;
  readonly atoms: readonly string[];
  /** The label sets the `exclusive` groups allow. */
  readonly letters: readonly number[];
  /** States reachable over those letters. */
  readonly size: number;
}

/** Compiles an `ltl` item; throws a RangeError with a readable message when it cannot be compiled. */
export function ltlAutomaton(model: Model, decl: A.LtlDecl): LtlAutomaton {
  const { formula, atoms } = toLtl(decl.formula);
  const dfa = ltlToDfa(formula, atoms.length);
  const groups = model.exclusive.map((g) => g.map((p) => atoms.indexOf(p)).filter((i) => i >= 0)).filter((g) => g.length > 1);
  const letters = allowedLetters(atoms.length, groups);
  return { dfa, atoms, letters, size: reachable(dfa, letters).filter(Boolean).length };
}

export function machineGraph(m: MachineInfo, text: string): Graph {
  const states = m.states.map((s) => ({ id: s, label: s, initial: s === m.initial, terminal: m.terminals.has(s), accepting: m.terminals.has(s) }));
  const edges = m.transitions.map((t) => {
    const guard = t.guard.kind === 'otherwise' ? 'otherwise' : squash(text.slice(t.guard.span.start, t.guard.span.end));
    const reward = t.reward ? ` / ${squash(text.slice(t.reward.span.start, t.reward.span.end))}` : '';
    return { from: t.from, to: t.to, label: guard + reward };
  });
  return { name: m.name, states, edges };
}

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
    return { kind: 'ltl', states: a.size, text: render(dfaGraph(a.dfa, a.atoms, a.letters, name)) };
  } catch (e) {
    return `The formula '${name}' cannot be compiled: ${e instanceof Error ? e.message : String(e)}.`;
  }
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
