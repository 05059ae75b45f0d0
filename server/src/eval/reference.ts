import { allowedLetters } from '../automata/alphabet';
import { ltlToDfa, type Dfa } from '../automata/dfa';
import { ltlProblem } from '../automata/ltl';
import { verdicts } from '../automata/verdict';
import type { MachineInfo, Model } from '../names/model';
import type * as A from '../syntax/ast';
import { allExpressions } from '../syntax/walk';
import { makeCompiler, type Fn, type Value } from './expr';
import { recordLayout, type RecordLayout } from './layout';
import { toLtl } from './ltl';
import { machineValues } from './machine-values';
import type { EpisodeEnd } from '../data/episodes';
import type { LtlStatus, StepView } from './runner';

// The reference evaluator: the checked model compiled into a tree of closures (expr.ts) and
// stepped by `ReferenceRunner`. It walks the syntax tree directly and shares nothing with
// lowering (program/) or code generation (generate.ts), which makes it the oracle of the
// differential tests (test/eval/differential.test.ts). Nothing in the product runs it.

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
  | { readonly kind: 'machine-shaping'; readonly label: string; readonly machine: number; readonly potential: readonly number[] }
  | { readonly kind: 'clip'; readonly label: string; readonly lo: number; readonly hi: number }
  | { readonly kind: 'replace'; readonly label: string; readonly value: Fn; readonly when: Fn };

export interface ReferenceProgram {
  /** `prev` values by name, and how to compute and reset them (LANGUAGE.md section 13). */
  readonly previous: Map<string, Value>;
  readonly previousValue: ReadonlyMap<string, (s: Float64Array, a: Float64Array, n: Float64Array) => Value>;
  readonly previousDefault: ReadonlyMap<string, Value>;
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

export function compileReference(model: Model, rewardName?: string): ReferenceProgram {
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

  const previousValue = new Map<string, (s: Float64Array, a: Float64Array, n: Float64Array) => Value>();
  const previousDefault = new Map<string, Value>();
  // Closures are built lazily, so the names `prev` reads are found in the tree, not in the compiler.
  const prevNames = new Set(allExpressions(model.file).flatMap((e) => (e.kind === 'prev' ? [e.name.text] : [])));
  for (const name of prevNames) {
    previousValue.set(name, compiler.value(name));
    const d = model.declarations.get(name);
    const lit = d && (d.kind === 'signal' || d.kind === 'action') ? d.default : undefined;
    const t = model.declType(name);
    const scalar = !lit ? 0 : lit.kind === 'number' ? lit.value : lit.kind === 'bool' ? (lit.value ? 1 : 0) : lit.kind === 'member' && t.kind === 'enum' ? t.members.indexOf(lit.name.text) : NaN;
    // A vector starts as its default literal, one number for every element, or zeros.
    if (t.kind === 'vector') previousDefault.set(name, lit?.kind === 'vector' ? lit.elements.map((x) => x.value) : new Array<number>(t.length).fill(scalar));
    else previousDefault.set(name, scalar);
  }
  return {
    previous: compiler.previous,
    previousValue,
    previousDefault,
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
      return { kind: 'clip', label, lo: b.lo.value, hi: b.hi.value };
    case 'replace':
      return { kind: 'replace', label, value: compile(b.value), when: compile(b.when) };
  }
}

/**
 * Runs one episode at a time, one step at a time, without allocating per step: after `step`,
 * the public arrays hold that step's values (LANGUAGE.md sections 4 to 6).
 */
export class ReferenceRunner implements StepView {
  /** Weighted value of each item at the last step. */
  readonly components: Float64Array;
  /** Each machine's state after the last step (index into its states). */
  readonly machineState: Int32Array;
  /** Each formula's verdict after the last step: 1 accepted, -1 rejected, 0 pending. */
  readonly ltlStatus: Int8Array;
  /** Each prop's label L_t at the last step. */
  readonly props: Uint8Array;
  reward = 0;
  t = 0;
  return = 0;
  discountedReturn = 0;

  private readonly machineReward: Float64Array;
  private readonly previousState: Int32Array;
  private readonly ltlState: Int32Array;
  private readonly ltlEmit: Float64Array;
  private discountPower = 1;

  constructor(readonly program: ReferenceProgram) {
    this.components = new Float64Array(program.items.length);
    this.machineState = new Int32Array(program.machines.length);
    this.previousState = new Int32Array(program.machines.length);
    this.machineReward = new Float64Array(program.machines.length);
    this.ltlStatus = new Int8Array(program.ltls.length);
    this.ltlState = new Int32Array(program.ltls.length);
    this.ltlEmit = new Float64Array(program.ltls.length);
    this.props = new Uint8Array(program.props.length);
    this.reset();
  }

  reset(): void {
    const p = this.program;
    for (const [name, v] of p.previousDefault) p.previous.set(name, v);
    for (let i = 0; i < p.machines.length; i++) this.machineState[i] = p.machines[i].initial;
    for (let i = 0; i < p.ltls.length; i++) {
      this.ltlState[i] = p.ltls[i].dfa.initial;
      this.ltlStatus[i] = 0;
    }
    this.t = 0;
    this.reward = 0;
    this.return = 0;
    this.discountedReturn = 0;
    this.discountPower = 1;
  }

  ltlVerdict(i: number): LtlStatus {
    return (['rejected', 'pending', 'accepted'] as const)[this.ltlStatus[i] + 1];
  }

  machineStateName(i: number): string {
    return this.program.machines[i].states[this.machineState[i]];
  }

  /** Step t: the transition from `cur` (s_t and a_t) to `next` (s_{t+1}); `end` when it is the episode's last. */
  step(cur: Float64Array, next: Float64Array, end: EpisodeEnd | null): number {
    const p = this.program;
    const terminated = end === 'terminated';
    for (let i = 0; i < p.props.length; i++) this.props[i] = p.props[i].label(cur, cur, next) !== 0 ? 1 : 0;

    for (let i = 0; i < p.machines.length; i++) {
      const m = p.machines[i];
      const u = this.machineState[i];
      this.previousState[i] = u;
      this.machineReward[i] = 0;
      if (m.terminal[u]) continue;
      const options = m.transitions[u];
      let taken = -1;
      for (let k = 0; k < options.length; k++) {
        const g = options[k].guard;
        if (g !== undefined && g(next, cur, next) !== 0) {
          taken = k;
          break;
        }
      }
      // `otherwise` holds when no other guard of the state holds; the first one written is taken.
      if (taken < 0) for (let k = 0; k < options.length; k++) if (options[k].guard === undefined) { taken = k; break; }
      if (taken < 0) continue;
      const tr = options[taken];
      this.machineReward[i] = tr.reward ? tr.reward(cur, cur, next) : 0;
      this.machineState[i] = tr.to;
    }

    for (let i = 0; i < p.ltls.length; i++) {
      this.ltlEmit[i] = 0;
      if (this.ltlStatus[i] !== 0) continue;
      const l = p.ltls[i];
      let letter = 0;
      for (let k = 0; k < l.atoms.length; k++) if (l.atoms[k](cur, cur, next) !== 0) letter |= 1 << k;
      const q = l.dfa.next[this.ltlState[i] * (1 << l.dfa.atoms) + letter];
      this.ltlState[i] = q;
      // Decided once: the first step after which every (or no) continuation satisfies the formula;
      // an episode that terminates undecided is judged whole at its last step (LTLf).
      let v = l.verdict[q];
      if (v === 0 && terminated) v = l.dfa.accepting[q] ? 1 : -1;
      if (v !== 0) {
        this.ltlStatus[i] = v;
        this.ltlEmit[i] = v > 0 ? l.accept(cur, cur, next) : l.reject(cur, cur, next);
      }
    }

    // LANGUAGE.md section 13: the clip line clips the sum of the items above it (replace items
    // never enter it); the first replace whose condition holds sets the step's reward.
    let reward = 0;
    let replaced: number | undefined;
    for (let i = 0; i < p.items.length; i++) {
      const item = p.items[i];
      let v: number;
      switch (item.kind) {
        case 'clip': {
          const clipped = reward < item.lo ? item.lo : reward > item.hi ? item.hi : reward;
          this.components[i] = Number.isNaN(reward) ? NaN : clipped - reward;
          reward = Number.isNaN(reward) ? NaN : clipped;
          continue;
        }
        case 'replace':
          this.components[i] = 0;
          if (replaced === undefined && item.when(cur, cur, next) !== 0) replaced = i;
          continue;
        case 'value':
          v = item.weight * item.value(cur, cur, next);
          break;
        case 'machine':
          v = item.weight * this.machineReward[item.machine];
          break;
        case 'ltl':
          v = item.weight * this.ltlEmit[item.ltl];
          break;
        case 'potential':
          // phi(s_{t+1}) := 0 when s_{t+1} is terminal (terminated, not truncated): Grzes 2017.
          v = p.gamma * (terminated ? 0 : item.phi(next, cur, next)) - item.phi(cur, cur, cur);
          break;
        case 'machine-shaping':
          v = p.gamma * (terminated ? 0 : item.potential[this.machineState[item.machine]]) - item.potential[this.previousState[item.machine]];
          break;
      }
      this.components[i] = v;
      reward += v;
    }
    if (replaced !== undefined) {
      const item = p.items[replaced] as Extract<CompiledItem, { kind: 'replace' }>;
      const value = item.value(cur, cur, next);
      this.components[replaced] = value - reward;
      // The reward is the value itself; a non-finite item still makes the step non-finite.
      reward = Number.isFinite(reward) ? value : NaN;
    }
    // prev(NAME) at the next step is NAME's value at this one.
    const values = [...p.previousValue].map(([name, f]) => [name, f(cur, cur, next)] as const);
    for (const [name, v] of values) p.previous.set(name, v);
    this.reward = reward;
    this.return += reward;
    this.discountedReturn += this.discountPower * reward;
    // As in every backend: below the smallest normal double gamma^t is 0 from then on (docs/language.md): a denormal would make every later multiply slow.
    const power = this.discountPower * p.gamma;
    this.discountPower = power < 2.2250738585072014e-308 ? 0 : power;
    this.t++;
    return reward;
  }
}
