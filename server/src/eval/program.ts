import { allowedLetters } from '../automata/alphabet';
import { ltlToDfa, type Dfa } from '../automata/dfa';
import { ltlProblem } from '../automata/ltl';
import { verdicts } from '../automata/verdict';
import type { MachineInfo, Model } from '../names/model';
import type * as A from '../syntax/ast';
import { makeCompiler, type Fn } from './expr';
import { recordLayout, type RecordLayout } from './layout';
import { toLtl } from './ltl';
import { machineValues } from './machine-values';

// The checked model compiled once, for one reward: everything the runner needs per step.

export interface CompiledTransition {
  readonly to: number;
  /** undefined for `otherwise`. Read as guard(next, cur, next): on the reached state. */
  readonly guard?: Fn;
  readonly reward?: Fn;
}

export interface CompiledMachine {
  readonly name: string;
  readonly states: readonly string[];
  readonly initial: number;
  readonly terminal: readonly boolean[];
  /** Per state, its transitions in source order. */
  readonly transitions: readonly (readonly CompiledTransition[])[];
}

export interface CompiledLtl {
  readonly name: string;
  readonly dfa: Dfa;
  /** Label of each atom, read on the reached state. */
  readonly atoms: readonly Fn[];
  /** Per DFA state: 1 every continuation accepted, -1 none is, 0 open. */
  readonly verdict: Int8Array;
  readonly accept: Fn;
  readonly reject: Fn;
}

export type CompiledItem =
  | { readonly kind: 'value'; readonly label: string; readonly weight: number; readonly value: Fn }
  | { readonly kind: 'machine'; readonly label: string; readonly weight: number; readonly machine: number }
  | { readonly kind: 'ltl'; readonly label: string; readonly weight: number; readonly ltl: number }
  | { readonly kind: 'potential'; readonly label: string; readonly phi: Fn }
  | { readonly kind: 'machine-shaping'; readonly label: string; readonly machine: number; readonly potential: readonly number[] };

export interface Program {
  readonly layout: RecordLayout;
  readonly reward: string;
  /** gamma: the declared discount, or 1 when none is declared. */
  readonly gamma: number;
  readonly machines: readonly CompiledMachine[];
  readonly ltls: readonly CompiledLtl[];
  readonly props: readonly { readonly name: string; readonly label: Fn }[];
  readonly items: readonly CompiledItem[];
  /** Component keys (LANGUAGE.md section 8): the item as written, ` #2` for repeats. */
  readonly keys: readonly string[];
}

export function compileProgram(model: Model, rewardName?: string): Program {
  const reward = rewardName === undefined ? model.rewards[0] : model.rewards.find((r) => r.name.text === rewardName);
  if (!reward) throw new Error(rewardName === undefined ? 'the spec declares no reward' : `the spec has no reward named '${rewardName}' (it has: ${model.rewards.map((r) => r.name.text).join(', ') || 'none'})`);
  const layout = recordLayout(model);
  const compiler = makeCompiler(model, layout);
  const gamma = model.discount ?? 1;

  const machines = model.machines.map((m) => compileMachine(m, compiler.compile));
  const machineIndex = new Map(model.machines.map((m, i) => [m.name, i]));

  const ltls = model.ltls.map((l): CompiledLtl => {
    const { formula, atoms } = toLtl(l.formula);
    const problem = ltlProblem(formula, atoms.length);
    if (problem) throw new Error(`the formula '${l.name.text}' cannot be compiled: ${problem}`);
    let dfa: Dfa;
    try {
      dfa = ltlToDfa(formula, atoms.length);
    } catch (e) {
      throw new Error(`the formula '${l.name.text}' cannot be compiled: ${e instanceof Error ? e.message : String(e)}`);
    }
    const groups = model.exclusive.map((g) => g.map((p) => atoms.indexOf(p)).filter((i) => i >= 0)).filter((g) => g.length > 1);
    const v = verdicts(dfa, allowedLetters(atoms.length, groups));
    return {
      name: l.name.text,
      dfa,
      atoms: atoms.map((a) => labelOf(compiler.declaration(a))),
      verdict: Int8Array.from(v, (x) => (x === 'accept' ? 1 : x === 'reject' ? -1 : 0)),
      accept: l.accept ? compiler.compile(l.accept) : () => 1,
      reject: l.reject ? compiler.compile(l.reject) : () => 0,
    };
  });
  const ltlIndex = new Map(model.ltls.map((l, i) => [l.name.text, i]));

  const items = reward.items.map((item): CompiledItem => compileItem(item, model, compiler.compile, compiler.declaration, machineIndex, ltlIndex, gamma));
  const keys: string[] = [];
  const counts = new Map<string, number>();
  for (const item of reward.items) {
    const n = (counts.get(item.label) ?? 0) + 1;
    counts.set(item.label, n);
    keys.push(n === 1 ? item.label : `${item.label} #${n}`);
  }

  return {
    layout,
    reward: reward.name.text,
    gamma,
    machines,
    ltls,
    props: model.props.map((p) => ({ name: p.name.text, label: labelOf(compiler.declaration(p.name.text)) })),
    items,
    keys,
  };
}

/** A prop as a label of step t: read on (a_t, s_{t+1}). */
const labelOf = (prop: Fn): Fn => (_s, a, n) => prop(n, a, n);

function compileMachine(m: MachineInfo, compile: (e: A.Expr) => Fn): CompiledMachine {
  const index = new Map(m.states.map((s, i) => [s, i]));
  const transitions: CompiledTransition[][] = m.states.map(() => []);
  const guards = new Map<A.Expr, Fn>();
  for (const t of m.transitions) {
    let guard: Fn | undefined;
    if (t.guard.kind !== 'otherwise') {
      const g = t.guard;
      guard = guards.get(g) ?? compile(g);
      guards.set(g, guard);
    }
    transitions[index.get(t.from)!].push({ to: index.get(t.to)!, guard, reward: t.reward ? compile(t.reward) : undefined });
  }
  return {
    name: m.name,
    states: m.states,
    initial: index.get(m.initial ?? m.states[0]) ?? 0,
    terminal: m.states.map((s) => m.terminals.has(s)),
    transitions,
  };
}

function compileItem(
  item: A.RewardItem,
  model: Model,
  compile: (e: A.Expr) => Fn,
  declaration: (name: string) => Fn,
  machineIndex: ReadonlyMap<string, number>,
  ltlIndex: ReadonlyMap<string, number>,
  gamma: number,
): CompiledItem {
  const label = item.label;
  const b = item.body;
  switch (b.kind) {
    case 'const': {
      const v = b.value;
      return { kind: 'value', label, weight: 1, value: () => v };
    }
    case 'expr':
      return { kind: 'value', label, weight: b.weight ?? 1, value: compile(b.expr) };
    case 'ref': {
      const name = b.name.text;
      const weight = b.weight ?? 1;
      if (machineIndex.has(name)) return { kind: 'machine', label, weight, machine: machineIndex.get(name)! };
      if (ltlIndex.has(name)) return { kind: 'ltl', label, weight, ltl: ltlIndex.get(name)! };
      return { kind: 'value', label, weight, value: declaration(name) };
    }
    case 'shaping': {
      const name = b.name.text;
      const m = machineIndex.get(name);
      if (m !== undefined) {
        const info = model.machines[m];
        const values = machineValues(info, b.discount ?? model.discount ?? 1);
        return { kind: 'machine-shaping', label, machine: m, potential: values.values.map((v) => -v) };
      }
      void gamma;
      return { kind: 'potential', label, phi: declaration(name) };
    }
    case 'clip':
    case 'replace':
      // Refused by the checker until version 2 is lowered: a spec with errors is never compiled.
      throw new Error(`'${b.kind}' items are not compiled yet`);
  }
}
