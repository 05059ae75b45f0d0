import { allowedLetters } from '../automata/alphabet';
import { ltlToDfa, type Dfa } from '../automata/dfa';
import { ltlProblem, MAX_ATOMS } from '../automata/ltl';
import { verdicts } from '../automata/verdict';
import { recordLayout } from '../eval/layout';
import { toLtl, type LtlFormula } from '../eval/ltl';
import { machineValues } from '../eval/machine-values';
import type { MachineInfo, Model, Type } from '../names/model';
import type * as A from '../syntax/ast';
import { fold } from '../syntax/walk';
import { FUNCTION_TABLE } from './functions';
import { liveInstructions } from './live';
import type { Element, Instr, Item, ItemKind, Ltl, Machine, Op, PrevEntry, Program, Prop, RecordRef, Reward, Role, Shape, Transition } from './ir';

// Lowering: checked model -> program (ir.ts). Runs once per checked model; every backend
// reads the result. Expressions are walked with an explicit stack, never by recursion, so a
// 100,000-term sum or nesting to the parser's limit lowers with the default Node stack.

const programs = new WeakMap<Model, Program>();

/** Which record state names are read on: s_t, or s_{t+1} (primes, labels). */
type View = 'cur' | 'next';

/**
 * The program of an error-free checked model, computed once per model and shared. Throws an
 * Error with a one-line message for what only lowering can refuse (a formula too large to compile).
 */
export function lowerProgram(model: Model): Program {
  let p = programs.get(model);
  if (!p) {
    const l = lowering(model);
    if (l.error) throw l.error;
    programs.set(model, (p = prune(l.program)));
  }
  return p;
}

/**
 * The code of a model before pruning, with the instruction of every expression of the tree:
 * what the bounds and the other analyses read (analysis/expr-bounds.ts). Unlike the program it
 * keeps the declarations no item reads (hover bounds them too) and it exists when a formula
 * cannot be compiled or the model has errors (names that resolve to nothing lower to NaN).
 */
export interface LoweredCode {
  readonly code: readonly Instr[];
  readonly layout: Program['layout'];
  readonly prev: readonly PrevEntry[];
  /** Each lowered expression node: its instruction (read on s_t where it is lowered on both). A
   *  parenthesised node is its operand's instruction. Formulas (`ltl` bodies) are not lowered. */
  readonly nodes: ReadonlyMap<A.Expr, number>;
  /** Each def, term, potential and prop body read on s_t: its instruction. */
  readonly declarations: ReadonlyMap<string, number>;
}

interface Lowering {
  /** Unpruned; when `error` is set, its `ltls` are incomplete and it is not served. */
  readonly program: Program;
  readonly nodes: ReadonlyMap<A.Expr, number>;
  readonly error?: Error;
}

const lowerings = new WeakMap<Model, Lowering>();

function lowering(model: Model): Lowering {
  let l = lowerings.get(model);
  if (!l) lowerings.set(model, (l = lower(model)));
  return l;
}

/** The lowered code of a model and the instruction of each expression (see `LoweredCode`), once per model. */
export function loweredCode(model: Model): LoweredCode {
  const { program, nodes } = lowering(model);
  return { code: program.code, layout: program.layout, prev: program.prev, nodes, declarations: program.declarations };
}

/** An `ltl` item's automaton: the minimal DFA over its atoms, the letters its `exclusive` groups allow, the verdict of each state. */
export interface LtlAutomaton {
  /** The formula over numbered atoms (eval/ltl.ts), for the analyses that classify it. */
  readonly formula: LtlFormula['formula'];
  readonly dfa: Dfa;
  readonly atoms: readonly string[];
  readonly letters: readonly number[];
  readonly verdict: Int8Array;
}

/** Per declaration: its formula and DFA (text-only facts), and the automaton per set of `exclusive` groups. */
const automata = new WeakMap<A.LtlDecl, { readonly formula: LtlFormula; readonly dfa: Dfa; groups: string; automaton: LtlAutomaton }>();

const failures = new WeakMap<A.LtlDecl, Error>();

/**
 * The automaton of an `ltl` declaration, computed once per declaration (per document version)
 * and shared by the program, the analyses, Show Automaton and `reward export dot|mermaid`.
 * The DFA depends only on the declaration's text; the letters and verdicts also on the
 * `exclusive` groups, so they are computed again when those change and the declaration
 * (kept by an incremental parse) does not. Throws an Error with a one-line message when the
 * formula cannot be compiled.
 */
export function ltlAutomaton(model: Model, l: A.LtlDecl): LtlAutomaton {
  // A formula that cannot be compiled fails once per declaration: the analyses, the hover and
  // lowering all ask, and giving up can take a while (MAX_CELLS table cells explored).
  const failed = failures.get(l);
  if (failed) throw failed;
  const known = automata.get(l);
  const formula = known?.formula ?? toLtl(l.formula);
  const { atoms } = formula;
  const groups = model.exclusive.map((g) => g.map((p) => atoms.indexOf(p)).filter((i) => i >= 0)).filter((g) => g.length > 1);
  const groupsKey = JSON.stringify(groups);
  if (known && known.groups === groupsKey) return known.automaton;
  let dfa: Dfa;
  try {
    dfa = known?.dfa ?? compileFormula(l, formula);
  } catch (e) {
    failures.set(l, e as Error);
    throw e;
  }
  const letters = allowedLetters(atoms.length, groups);
  const v = verdicts(dfa, letters);
  const automaton = { formula: formula.formula, dfa, atoms, letters, verdict: Int8Array.from(v, (x) => (x === 'accept' ? 1 : x === 'reject' ? -1 : 0)) };
  automata.set(l, { formula, dfa, groups: groupsKey, automaton });
  return automaton;
}

function compileFormula(l: A.LtlDecl, { formula, atoms }: LtlFormula): Dfa {
  if (atoms.length > MAX_ATOMS) throw new Error(`the formula '${l.name.text}' cannot be compiled: it reads ${atoms.length} props, and a formula may read at most ${MAX_ATOMS}`);
  const problem = ltlProblem(formula, atoms.length);
  if (problem) throw new Error(`the formula '${l.name.text}' cannot be compiled: ${problem}`);
  try {
    return ltlToDfa(formula, atoms.length);
  } catch (e) {
    throw new Error(`the formula '${l.name.text}' cannot be compiled: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** What a reward item is taken to be (LANGUAGE.md section 6): decided here, for every consumer. */
export function isTaskMarked(model: Model, item: A.RewardItem): boolean {
  if (item.task) return true;
  if (item.body.kind !== 'ref') return false;
  const d = model.declarations.get(item.body.name.text);
  return d?.kind === 'machine' || d?.kind === 'ltl';
}

/**
 * The roles of a block's items (ir.ts `Role`). `shaping` items stay shaping even when marked
 * `task` and do not make the others auxiliary. A `replace` item is always a task item
 * (LANGUAGE.md section 13), so a block with one has a task item and its unmarked value items
 * are auxiliaries judged against it (section 6): LunarLander's `shaping' - shaping` beside its
 * crash and rest replacements is `not-potential-based`, as in the longhand spec of version 1.
 */
export function itemRoles(model: Model, reward: A.RewardDecl): Role[] {
  const counts = (i: A.RewardItem) => i.body.kind === 'replace' || (i.body.kind !== 'shaping' && i.body.kind !== 'clip' && isTaskMarked(model, i));
  const anyTask = reward.items.some(counts);
  return reward.items.map((i) => {
    switch (i.body.kind) {
      case 'shaping': return 'shaping';
      case 'clip': return 'clip';
      case 'replace': return 'task';
      default: return !anyTask || isTaskMarked(model, i) ? 'task' : 'auxiliary';
    }
  });
}

/** The component keys (LANGUAGE.md section 8): the item as written, ` #2`, ` #3` for repeats. */
export function componentKeys(labels: readonly string[]): string[] {
  const counts = new Map<string, number>();
  return labels.map((l) => {
    const n = (counts.get(l) ?? 0) + 1;
    counts.set(l, n);
    return n === 1 ? l : `${l} #${n}`;
  });
}

const elementOf = (t: Type): Element => (t.kind === 'bool' || (t.kind === 'vector' && t.element === 'bool') ? 'bool' : 'number');
const shapeOfType = (t: Type): Shape => (t.kind === 'vector' ? t.length : 0);

/** The immediate part of an op, as a short string (hash-consing key). */
function opKey(op: Op): string {
  switch (op.op) {
    case 'const': return Object.is(op.value, -0) ? 'c-0' : `c${op.value}`;
    case 'load': return `l${op.record}${op.slot}`;
    case 'prev': return `p${op.slot}`;
    case 'unary': return `u${op.fn}`;
    case 'binary': return `b${op.fn}`;
    case 'cond': return '?';
    case 'call': return `f${op.fn}`;
    case 'index': return `i${op.index}`;
    case 'slice': return `s${op.start}:${op.stop}:${op.step}`;
    case 'pack': return '[';
  }
}

/**
 * Hash-consing: the same op on the same args is one instruction. An instruction is known by its
 * head (the op with its immediates, shape and element: a small number per distinct head) and
 * its args, in one open-addressed table of instruction indexes probed by a numeric hash. No key
 * string per instruction: lowering a 100,000-term sum makes 200,000 lookups, and string keys
 * (built, hashed, kept) were most of lowering's time and garbage.
 */
class Builder {
  readonly code: Instr[] = [];
  /** The head of each instruction. */
  private readonly heads: number[] = [];
  private readonly headIds = new Map<string, number>();
  /** Instruction indexes, -1 for an empty slot; at most half full. */
  private table = new Int32Array(1 << 10).fill(-1);

  emit(op: Op, args: readonly number[], shape: Shape, element: Element): number {
    const head = this.headOf(op, shape, element);
    const hash = hashOf(head, args);
    const table = this.table;
    const mask = table.length - 1;
    let slot = hash & mask;
    for (let i = table[slot]; i >= 0; i = table[slot]) {
      if (this.heads[i] === head && sameArgs(this.code[i].args, args)) return i;
      slot = (slot + 1) & mask;
    }
    const i = this.code.push(Object.assign(op, { args, shape, element }) as Instr) - 1;
    this.heads.push(head);
    table[slot] = i;
    if (2 * this.code.length > table.length) this.grow();
    return i;
  }

  const(value: number): number {
    return this.emit({ op: 'const', value }, [], 0, 'number');
  }

  private headOf(op: Op, shape: Shape, element: Element): number {
    const key = opKey(op) + (element === 'bool' ? '|b' : '|n') + shape;
    let id = this.headIds.get(key);
    if (id === undefined) this.headIds.set(key, (id = this.headIds.size));
    return id;
  }

  private grow(): void {
    const table = new Int32Array(2 * this.table.length).fill(-1);
    const mask = table.length - 1;
    for (let i = 0; i < this.code.length; i++) {
      let slot = hashOf(this.heads[i], this.code[i].args) & mask;
      while (table[slot] >= 0) slot = (slot + 1) & mask;
      table[slot] = i;
    }
    this.table = table;
  }
}

/** A 32-bit hash of a head and its args (FNV-style multiply and xor, then a final mix). */
function hashOf(head: number, args: readonly number[]): number {
  let h = Math.imul(head ^ 0x811c9dc5, 0x01000193);
  for (let k = 0; k < args.length; k++) h = Math.imul(h ^ args[k], 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}

function sameArgs(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

function lower(model: Model): Lowering {
  const layout = recordLayout(model);
  const b = new Builder();
  const gamma = model.discount ?? 1;
  /** Declaration name -> its instruction, read with state names on cur / on next. */
  const views: Record<'cur' | 'next', Map<string, number>> = { cur: new Map(), next: new Map() };

  const prevEntries: PrevEntry[] = [];
  let prevWidth = 0;
  const prevByName = new Map<string, number>();
  /** `prev(NAME)`: a slot range of the prev buffer, filled at the end of each step with NAME's value (on s_t, a_t). */
  const prevOf = (name: string): number => {
    const known = prevByName.get(name);
    if (known !== undefined) return known;
    const t = model.declType(name);
    const shape = shapeOfType(t);
    const width = Math.max(1, shape);
    const slot = prevWidth;
    prevWidth += width;
    const i = b.emit({ op: 'prev', slot }, [], shape, elementOf(t));
    prevByName.set(name, i);
    pendingPrev.push({ name, slot, shape, initial: prevInitial(model, name, width) });
    return i;
  };
  /** The value each entry stores is lowered after all bodies (it may be a term that reads prev itself). */
  const pendingPrev: Omit<PrevEntry, 'value'>[] = [];

  const nameRef = (e: Extract<A.Expr, { kind: 'name' }>, view: View): number => {
    const target = model.targetOf(e);
    if (target?.kind === 'member') {
      const t = model.declType(target.owner);
      return b.const(t.kind === 'enum' ? t.members.indexOf(target.member) : NaN);
    }
    const name = e.name.text;
    // A primed state name is its value on the next state (LANGUAGE.md section 3).
    const v: View = e.primed ? 'next' : view;
    const known = views[v].get(name);
    if (known !== undefined) return known;
    return declaration(name, v);
  };

  /** Declarations being lowered: a name on a cycle (an error of the names checker) lowers to NaN. */
  const lowering = new Set<string>();

  /** Lowers declaration `name` read on `view`; declarations are lowered in dependency order, so this recursion is one level deep. */
  const declaration = (name: string, view: View): number => {
    const known = views[view].get(name);
    if (known !== undefined) return known;
    const d = model.declarations.get(name);
    const key = `${view}:${name}`;
    if (lowering.has(key)) return b.const(NaN);
    lowering.add(key);
    let i: number;
    const slot = layout.index.get(name);
    if (!d) i = b.const(NaN);
    else if (d.kind === 'signal' || d.kind === 'action' || (d.kind === 'prop' && !d.body)) {
      const t = d.kind === 'prop' ? { kind: 'bool' as const } : model.declType(name);
      // An action is a_t, held in the record of s_t, whatever the view.
      i = slot === undefined ? b.const(NaN) : b.emit({ op: 'load', record: d.kind === 'action' ? 'action' : view, slot }, [], shapeOfType(t), elementOf(t));
    } else if (d.kind === 'prop' || d.kind === 'def' || d.kind === 'term' || d.kind === 'potential') {
      i = d.body ? expr(d.body, view) : b.const(NaN);
    } else i = b.const(NaN);
    lowering.delete(key);
    views[view].set(name, i);
    return i;
  };

  /** Each expression node's instruction, for the analyses (`LoweredCode.nodes`): on s_t where lowered on both views. */
  const nodes = new Map<A.Expr, number>();
  const record = (e: A.Expr, i: number, view: View): number => {
    if (view === 'cur' || !nodes.has(e)) nodes.set(e, i);
    return i;
  };

  /** Post-order over the tree without recursion (syntax/walk.ts): each node's operands are lowered before it. */
  const expr = (root: A.Expr, view: View): number => fold<number>(root, (e, kids) => record(e, node(e, kids as number[], view), view));

  const node = (e: A.Expr, args: number[], view: View): number => {
    // The type is looked up only by the kinds that need it: half the nodes of a sum are names.
    const typed = (): Type => model.typeOf(e);
    switch (e.kind) {
      case 'number':
        return b.const(e.value);
      case 'bool':
        return b.const(e.value ? 1 : 0);
      case 'paren':
        return args[0];
      case 'name':
        if (e.name.text === 'pi' && !model.declarations.has('pi') && model.targetOf(e) === undefined) return b.const(Math.PI);
        return nameRef(e, view);
      case 'unary': {
        // -c of a constant is the constant -c (negation is exact): `-0.5` costs no instruction.
        const shape = shapeOfType(typed());
        const arg = b.code[args[0]];
        if (e.op === '-' && arg.op === 'const' && shape === 0) return b.const(-arg.value);
        return b.emit({ op: 'unary', fn: e.op }, args, shape, e.op === '!' ? 'bool' : 'number');
      }
      case 'binary': {
        const t = typed();
        return b.emit({ op: 'binary', fn: e.op }, args, shapeOfType(t), elementOf(t));
      }
      case 'conditional': {
        const t = typed();
        return b.emit({ op: 'cond' }, args, shapeOfType(t), elementOf(t));
      }
      case 'call': {
        const fn = FUNCTION_TABLE.get(e.callee.text);
        const t = typed();
        return fn ? b.emit({ op: 'call', fn: fn.name }, args, shapeOfType(t), elementOf(t)) : b.const(NaN);
      }
      case 'index':
        return b.emit({ op: 'index', index: e.index }, args, 0, elementOf(typed()));
      case 'slice': {
        const t = typed();
        const shape = shapeOfType(t);
        const start = e.bounds.start ?? 0;
        const step = e.bounds.step ?? 1;
        return b.emit({ op: 'slice', start, stop: start + shape * step, step }, args, shape, elementOf(t));
      }
      case 'vector':
        return b.emit({ op: 'pack' }, args, shapeOfType(typed()), 'number');
      case 'prev':
        return prevOf(e.name.text);
      default:
        return b.const(NaN);
    }
  };

  // Declarations in dependency order, on both views: each body is lowered once per view and
  // only what the roots below reach is kept (`prune`). A term is a function of the whole
  // transition and has no value on s_{t+1} (LANGUAGE.md section 3): it is lowered on s_t only
  // (on s_{t+1} only if something there names it), which halves lowering a spec of large terms.
  for (const name of model.order) {
    const d = model.declarations.get(name);
    if (!d || !(d.kind === 'def' || d.kind === 'prop' || d.kind === 'term' || d.kind === 'potential')) continue;
    declaration(name, 'cur');
    if (d.kind !== 'term') declaration(name, 'next');
  }

  // Props: the label L_t, on (a_t, s_{t+1}).
  const props: Prop[] = model.props.map((p) => ({ name: p.name.text, label: declaration(p.name.text, 'next'), external: !p.body }));

  const machines: Machine[] = model.machines.map((m) => lowerMachine(m, (e, v) => expr(e, v)));
  const machineIndex = new Map(model.machines.map((m, i) => [m.name, i]));

  // A formula that cannot be compiled leaves the program unserved (`lowerProgram` throws) but
  // the code whole: the analyses still bound its `accept` and `reject`.
  let error: Error | undefined;
  const ltls: Ltl[] = [];
  for (const l of model.ltls) {
    let a: LtlAutomaton | undefined;
    try {
      a = ltlAutomaton(model, l);
    } catch (e) {
      error ??= e instanceof Error ? e : new Error(String(e));
    }
    const atomCode = a ? a.atoms.map((p) => declaration(p, 'next')) : [];
    const accept = l.accept ? expr(l.accept, 'cur') : b.const(1);
    const reject = l.reject ? expr(l.reject, 'cur') : b.const(0);
    if (a) ltls.push({ name: l.name.text, dfa: a.dfa, atoms: a.atoms, atomCode, letters: a.letters, verdict: a.verdict, accept, reject });
  }
  const ltlIndex = new Map(model.ltls.map((l, i) => [l.name.text, i]));

  const rewards: Reward[] = model.rewards.map((r) => {
    const roles = itemRoles(model, r);
    const keys = componentKeys(r.items.map((i) => i.label));
    const items = r.items.map((item, i): Item => {
      const kind = lowerItem(item, model, machineIndex, ltlIndex, (e) => expr(e, 'cur'), declaration, (c) => b.const(c));
      return { ...kind, key: keys[i], label: item.label, role: roles[i], span: item.span };
    });
    return { name: r.name.text, items, clip: items.findIndex((i) => i.kind === 'clip') };
  });

  for (const e of pendingPrev) prevEntries.push({ ...e, value: declaration(e.name, 'cur') });
  const declarations = new Map(views.cur);
  const program: Program = {
    layout,
    gamma,
    continuing: model.continuing,
    horizon: model.horizon,
    code: b.code,
    prev: prevEntries,
    prevWidth,
    props,
    machines,
    ltls,
    rewards,
    declarations,
  };
  return { program, nodes, error };
}

function lowerMachine(m: MachineInfo, expr: (e: A.Expr, view: View) => number): Machine {
  const index = new Map(m.states.map((s, i) => [s, i]));
  const transitions: Transition[][] = m.states.map(() => []);
  for (const t of m.transitions) {
    transitions[index.get(t.from)!].push({
      to: index.get(t.to)!,
      // A guard is read on the state reached (LANGUAGE.md section 3, labels).
      guard: t.guard.kind === 'otherwise' ? undefined : expr(t.guard, 'next'),
      reward: t.reward ? expr(t.reward, 'cur') : undefined,
      span: t.statement.span,
    });
  }
  return {
    name: m.name,
    states: m.states,
    initial: index.get(m.initial ?? m.states[0]) ?? 0,
    terminal: m.states.map((s) => m.terminals.has(s)),
    transitions,
  };
}

function lowerItem(
  item: A.RewardItem,
  model: Model,
  machineIndex: ReadonlyMap<string, number>,
  ltlIndex: ReadonlyMap<string, number>,
  expr: (e: A.Expr) => number,
  declaration: (name: string, view: View) => number,
  constant: (v: number) => number,
): ItemKind {
  const body = item.body;
  switch (body.kind) {
    case 'const':
      return { kind: 'value', weight: 1, value: constant(body.value) };
    case 'expr':
      return { kind: 'value', weight: body.weight ?? 1, value: expr(body.expr) };
    case 'ref': {
      const name = body.name.text;
      const weight = body.weight ?? 1;
      const m = machineIndex.get(name);
      if (m !== undefined) return { kind: 'machine', weight, machine: m };
      const l = ltlIndex.get(name);
      if (l !== undefined) return { kind: 'ltl', weight, ltl: l };
      return { kind: 'value', weight, value: declaration(name, 'cur') };
    }
    case 'shaping': {
      const name = body.name.text;
      const m = machineIndex.get(name);
      if (m !== undefined) {
        const values = machineValues(model.machines[m], body.discount ?? model.discount ?? 1);
        return { kind: 'machine-shaping', machine: m, potential: values.values.map((v) => -v) };
      }
      return { kind: 'potential', current: declaration(name, 'cur'), next: declaration(name, 'next') };
    }
    case 'clip':
      return { kind: 'clip', lo: body.lo.value, hi: body.hi.value };
    case 'replace':
      return { kind: 'replace', value: expr(body.value), when: expr(body.when) };
  }
}

/**
 * `prev(NAME)` on an episode's first step (LANGUAGE.md section 13): the declared default of a
 * signal or action, else 0 (false, the first enum member, a vector of zeros).
 */
function prevInitial(model: Model, name: string, width: number): number[] {
  const d = model.declarations.get(name);
  const zeros = new Array<number>(width).fill(0);
  if (!d || (d.kind !== 'signal' && d.kind !== 'action') || !d.default) return zeros;
  const lit = d.default;
  switch (lit.kind) {
    case 'number':
      return zeros.fill(lit.value);
    case 'bool':
      return zeros.fill(lit.value ? 1 : 0);
    case 'member': {
      const t = model.declType(name);
      return zeros.fill(t.kind === 'enum' ? Math.max(0, t.members.indexOf(lit.name.text)) : 0);
    }
    case 'vector':
      return lit.elements.length === width ? lit.elements.map((x) => x.value) : zeros;
  }
}

/** Keeps the instructions the roots reach, renumbered in order (the array stays topological). */
function prune(p: Program): Program {
  const live = liveInstructions(p);
  // Every instruction reached (the common case: no declaration left unread): nothing to renumber.
  if (live.every((v) => v === 1)) return p;
  const renumber = new Int32Array(p.code.length).fill(-1);
  const code: Instr[] = [];
  for (let i = 0; i < p.code.length; i++) {
    if (!live[i]) continue;
    const ins = p.code[i];
    renumber[i] = code.push({ ...ins, args: ins.args.map((a) => renumber[a]) }) - 1;
  }
  const r = (i: number) => renumber[i];
  const ro = (i: number | undefined) => (i === undefined ? undefined : renumber[i]);
  const declarations = new Map<string, number>();
  for (const [name, i] of p.declarations) if (live[i]) declarations.set(name, r(i));
  return {
    ...p,
    code,
    props: p.props.map((q) => ({ ...q, label: r(q.label) })),
    machines: p.machines.map((m) => ({ ...m, transitions: m.transitions.map((ts) => ts.map((t) => ({ ...t, guard: ro(t.guard), reward: ro(t.reward) }))) })),
    ltls: p.ltls.map((l) => ({ ...l, atomCode: l.atomCode.map(r), accept: r(l.accept), reject: r(l.reject) })),
    rewards: p.rewards.map((rw) => ({
      ...rw,
      items: rw.items.map((it): Item => {
        switch (it.kind) {
          case 'value': return { ...it, value: r(it.value) };
          case 'potential': return { ...it, current: r(it.current), next: r(it.next) };
          case 'replace': return { ...it, value: r(it.value), when: r(it.when) };
          default: return it;
        }
      }),
    })),
    prev: p.prev.map((e) => ({ ...e, value: r(e.value) })),
    declarations,
  };
}
