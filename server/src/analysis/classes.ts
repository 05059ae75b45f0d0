// Which class of objective each reward item, and the whole reward, belongs to (LANGUAGE.md
// section 7, docs/expressivity.md): Markov in R(s), R(s,a) or R(s,a,s'), or finite-state (a
// machine or an LTLf formula: the policy must track the automaton's state). The language
// server's hover and `reward check --explain` show these.
import { type TemporalClass, classify } from '../automata/classify';
import { reachable } from '../automata/verdict';
import type { MachineInfo, Model, Reads } from '../names/model';
import { loweredCode, ltlAutomaton } from '../program/lower';
import type * as A from '../syntax/ast';
import { type MachineGraph, machineGraph } from './machine-graph';
import { markovMachine } from './markov-machine';
import { constantValue } from './reward-bound';

/** From the least to the most expressive: each class contains the ones before it. */
export const MARKOV_CLASSES = ['constant', 'R(s)', 'R(s,a)', "R(s,a,s')"] as const;
export type MarkovClass = (typeof MARKOV_CLASSES)[number];
/** An item that reads `prev` (LANGUAGE.md section 13): a function of the last two steps. */
export const PREVIOUS_STEP = "R(s_{t-1},a_{t-1},s,a,s')";
export type RewardClass = MarkovClass | typeof PREVIOUS_STEP | 'finite-state';

/** From the least to the most expressive, every class. */
const ORDER: readonly RewardClass[] = [...MARKOV_CLASSES, PREVIOUS_STEP, 'finite-state'];
const widest = (classes: readonly RewardClass[]): RewardClass => ORDER[Math.max(0, ...classes.map((c) => ORDER.indexOf(c)))];

export interface ItemClass {
  /** The item as written (its component key). */
  readonly label: string;
  readonly cls: RewardClass;
  /** Finite-state items: the automaton states a policy must track. */
  readonly states?: number;
  /** `ltl` items: the formula's class in the safety-progress hierarchy. */
  readonly temporal?: TemporalClass;
  /** The machine or formula behind a finite-state item. */
  readonly automaton?: { readonly kind: 'machine' | 'ltl'; readonly name: string };
}

export interface RewardClassification {
  readonly reward: string;
  readonly items: readonly ItemClass[];
  readonly cls: RewardClass;
  /** Finite-state rewards: the states of all their automata together (the product's size bound). */
  readonly states?: number;
}

export interface LtlFacts {
  /** States of the formula's minimal automaton reachable over the allowed label sets. */
  readonly states: number;
  readonly temporalClass: TemporalClass;
  /** A reachable state after which every continuation is accepted: `accept` can be earned. */
  readonly hasAcceptingSink: boolean;
  readonly valid: boolean;
  readonly unsatisfiable: boolean;
}

export interface MachineFacts {
  /** States the machine can be in (from its initial state, over transitions that can be taken). */
  readonly states: number;
  /** Its reward does not depend on its state (docs/diagnostics/machine-is-markov.md). */
  readonly markov: boolean;
  /** When Markov: what its guards and rewards read of the transition. */
  readonly cls: RewardClass;
}

export function classifyReward(model: Model, reward: A.RewardDecl): RewardClassification {
  const items = withClipAndReplace(reward, reward.items.map((item) => classifyItem(model, item)));
  const automata = new Map<string, number>();
  for (const i of items) if (i.automaton && i.states !== undefined) automata.set(`${i.automaton.kind}:${i.automaton.name}`, i.states);
  const cls = widest(items.map((i) => i.cls));
  const states = cls === 'finite-state' ? [...automata.values()].reduce((a, b) => a * b, 1) : undefined;
  return { reward: reward.name.text, items, cls, states };
}

/** A clip reads what the items above it read; a replace item takes back everything else, so it
 *  reads what they all read, besides its own value and condition. */
function withClipAndReplace(reward: A.RewardDecl, items: readonly ItemClass[]): ItemClass[] {
  const plain = (k: number) => reward.items[k].body.kind !== 'clip' && reward.items[k].body.kind !== 'replace';
  const clip = reward.items.findIndex((i) => i.body.kind === 'clip');
  return items.map((c, k) => {
    const body = reward.items[k].body;
    if (body.kind === 'clip') return { label: c.label, cls: widest(items.filter((_, j) => j < k && plain(j)).map((x) => x.cls)) };
    if (body.kind === 'replace') return { label: c.label, cls: widest([c.cls, ...items.filter((_, j) => plain(j) || j === clip).map((x) => x.cls)]) };
    return c;
  });
}

function classifyItem(model: Model, item: A.RewardItem): ItemClass {
  const label = item.label;
  const b = item.body;
  switch (b.kind) {
    case 'const':
      return { label, cls: 'constant' };
    case 'expr':
      return { label, cls: valueClass(model, [b.expr]) };
    case 'shaping': {
      const m = model.machines.find((x) => x.name === b.name.text);
      if (m) return { label, cls: 'finite-state', states: machineFacts(model, m).states, automaton: { kind: 'machine', name: m.name } };
      // gamma * phi(s') - phi(s): a function of the transition.
      return { label, cls: "R(s,a,s')" };
    }
    case 'ref': {
      const name = b.name.text;
      const m = model.machines.find((x) => x.name === name);
      if (m) {
        const f = machineFacts(model, m);
        return f.markov ? { label, cls: f.cls } : { label, cls: 'finite-state', states: f.states, automaton: { kind: 'machine', name } };
      }
      if (model.ltls.some((l) => l.name.text === name)) {
        const f = ltlFacts(model, name);
        return { label, cls: 'finite-state', states: f?.states, temporal: f?.temporalClass, automaton: { kind: 'ltl', name } };
      }
      return { label, cls: readsPrevious(model, name) ? PREVIOUS_STEP : markovClass(nameReads(model, name, false)) };
    }
    case 'clip':
      // Completed by `withClipAndReplace`.
      return { label, cls: 'constant' };
    case 'replace':
      return { label, cls: valueClass(model, [b.value, b.when]) };
  }
}

export function machineFacts(model: Model, m: MachineInfo): MachineFacts {
  const g = machineGraph(model, m);
  const markov = markovMachine(model, g);
  return { states: g.reachable.size, markov, cls: markov ? markovClass(machineReads(model, g)) : 'finite-state' };
}

/** The facts of the `ltl` item `name`, or undefined when there is none or it cannot be compiled. */
export function ltlFacts(model: Model, name: string): LtlFacts | undefined {
  const decl = model.ltls.find((l) => l.name.text === name);
  if (!decl) return undefined;
  try {
    // The automaton of the program (program/lower.ts), computed once per declaration.
    const { formula, dfa, letters } = ltlAutomaton(model, decl);
    const c = classify(formula, dfa, letters);
    const states = reachable(dfa, letters).filter((x) => x).length;
    return { states, temporalClass: c.cls, hasAcceptingSink: c.hasAcceptingSink, valid: c.valid, unsatisfiable: c.unsatisfiable };
  } catch {
    // Too many atoms or too large an automaton: nothing can be said.
    return undefined;
  }
}

export function markovClass(r: Reads): MarkovClass {
  return r.next ? "R(s,a,s')" : r.action ? 'R(s,a)' : r.current ? 'R(s)' : 'constant';
}

/** A human name of a class, for messages and hover. */
export function classText(c: ItemClass | RewardClassification): string {
  if (c.cls === 'finite-state') {
    const states = c.states === undefined ? '' : `, ${c.states} automaton state${c.states === 1 ? '' : 's'} to track`;
    const temporal = 'temporal' in c && c.temporal ? `, ${c.temporal}` : '';
    const what = 'automaton' in c && c.automaton ? ` (${c.automaton.kind} ${c.automaton.name}${states}${temporal})` : states ? ` (${states.slice(2)})` : '';
    return `finite-state${what}`;
  }
  if (c.cls === PREVIOUS_STEP) return "depends on the previous step, R(s_{t-1}, a_{t-1}, s, a, s') (reads prev)";
  return c.cls === 'constant' ? 'Markov, constant' : `Markov ${c.cls}`;
}

const NOTHING: Reads = { current: false, next: false, action: false };
const join = (a: Reads, b: Reads): Reads => ({ current: a.current || b.current, next: a.next || b.next, action: a.action || b.action });

/** What a name reads where it is written; primed, its state part moves to s_{t+1}. */
function nameReads(model: Model, name: string, primed: boolean): Reads {
  const d = model.declarations.get(name);
  if (!d) return NOTHING;
  // Signals and external labels (`prop p` without a body) read the record of the state.
  const own =
    d.kind === 'signal' || (d.kind === 'prop' && !d.body)
      ? { current: true, next: false, action: false }
      : d.kind === 'action'
        ? { current: false, next: false, action: true }
        : model.reads(name);
  if (!primed) return own;
  return { current: false, next: own.current || own.next, action: own.action };
}

/** The class of a value computed from expressions: Markov, or the previous step's when one reads `prev`. */
function valueClass(model: Model, es: readonly A.Expr[]): RewardClass {
  if (es.some((e) => exprReadsPrevious(model, e))) return PREVIOUS_STEP;
  return markovClass(es.map((e) => exprReads(model, e)).reduce(join, NOTHING));
}

// What each instruction of the lowered code reads (program/lower.ts `loweredCode`), as bits:
// the records its loads read, and the `prev` buffer. Once per model, in one loop over the code.
const CURRENT = 1;
const NEXT = 2;
const ACTION = 4;
const PREVIOUS = 8;
const codeReads = new WeakMap<Model, Uint8Array>();

function readsOfCode(model: Model): Uint8Array {
  let r = codeReads.get(model);
  if (r) return r;
  const { code } = loweredCode(model);
  r = new Uint8Array(code.length);
  for (let i = 0; i < code.length; i++) {
    const ins = code[i];
    if (ins.op === 'load') r[i] = ins.record === 'cur' ? CURRENT : ins.record === 'next' ? NEXT : ACTION;
    else if (ins.op === 'prev') r[i] = PREVIOUS;
    else for (const a of ins.args) r[i] |= r[a];
  }
  codeReads.set(model, r);
  return r;
}

/** What the instruction of a lowered expression reads (0 for one the lowering did not reach). */
function instructionReads(model: Model, e: A.Expr): number {
  const i = loweredCode(model).nodes.get(e);
  return i === undefined ? 0 : readsOfCode(model)[i];
}

/** Whether the declaration `name` (a term or a def) reads the previous step (`prev`), through what it names. */
export function readsPrevious(model: Model, name: string): boolean {
  const d = model.declarations.get(name);
  if (d?.kind !== 'term' && d?.kind !== 'def') return false;
  const i = loweredCode(model).declarations.get(name);
  return i !== undefined && (readsOfCode(model)[i] & PREVIOUS) !== 0;
}

/** Whether an expression reads `prev`, itself or through the declarations it names. */
export function exprReadsPrevious(model: Model, e: A.Expr): boolean {
  return (instructionReads(model, e) & PREVIOUS) !== 0;
}

/** The records an expression reads: s_t, s_{t+1} (primes, labels) and a_t. */
export function exprReads(model: Model, e: A.Expr): Reads {
  const r = instructionReads(model, e);
  return { current: (r & CURRENT) !== 0, next: (r & NEXT) !== 0, action: (r & ACTION) !== 0 };
}

/** Guards read labels on (a_t, s_{t+1}); rewards read the whole transition. */
function machineReads(model: Model, g: MachineGraph): Reads {
  let r = NOTHING;
  // A machine that never pays anything is the constant 0, whatever its guards read.
  if (g.machine.transitions.every((t, i) => !g.live[i] || constantValue(model, t.reward) === 0)) return NOTHING;
  for (const t of g.machine.transitions) {
    if (t.guard.kind !== 'otherwise') {
      const gr = exprReads(model, t.guard);
      r = join(r, { current: false, next: gr.current || gr.next, action: gr.action });
    }
    if (t.reward) r = join(r, exprReads(model, t.reward));
  }
  return r;
}
