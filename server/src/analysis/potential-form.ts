import { foldTree } from '../base/fold';
import type { Model } from '../names/model';
import type { Instr } from '../program/ir';
import { loweredCode, type LoweredCode } from '../program/lower';
import type * as A from '../syntax/ast';
import { children, walk } from '../syntax/walk';
import { boundsOf, type BoundsOf } from './expr-bounds';
import { showNumber } from './intervals';

// Recognises potential-shaped terms (LANGUAGE.md section 7): `a * f' - b * f` for a state
// function f, or a sum of such. The expression is read as a linear combination of state
// functions ("atoms"), each on s_t or on s_{t+1}; it is potential-shaped when every atom
// appears on both states with coefficients p (on s') and -q (on s), p / q > 0: the ratio.
//
// The meaning is the lowered program's (program/lower.ts `loweredCode`): the linear form of an
// instruction is read off its op and its args' forms, an atom is an instruction, and f on s_t
// and f on s_{t+1} are one atom when their instructions are equal up to the state they load
// (`abs(x - 4)` and `abs(x' - 4)`, however spaced). The tree of the item is read only for text:
// an atom is named by the first node of the item (its terms' bodies, and with defs expanded its
// defs' bodies) that computes it, primes removed.

/** One atom of a linear form: a state function, read on s_t or s_{t+1}. */
export interface Atom {
  /** The state function as written (its first node in the item), primes removed. */
  readonly text: string;
  /** The text is one operand that needs no parentheses (a name, a call, a parenthesised form). */
  readonly simple: boolean;
  readonly primed: boolean;
  /** Read on s_{t-1}: `prev(f)` (LANGUAGE.md section 13: `f - prev(f)` is judged like `f' - f`). */
  readonly previous?: boolean;
}

export interface Linear {
  /** Coefficient of each atom, keyed by its state function (`stateKey`) and `'` when primed, `^` when previous. */
  readonly coefficients: ReadonlyMap<string, { readonly atom: Atom; readonly c: number }>;
  readonly constant: number;
}

export interface PotentialShape {
  /** One entry per state function of the sum: its ratio a / b. */
  readonly parts: readonly { readonly ratio: number; readonly potential: string }[];
  /** The potential phi with w * term = phi(s') - phi(s) when every ratio is 1: source text. */
  readonly potentialText: string;
}

const EPS = 1e-9;
export const sameRatio = (a: number, b: number): boolean => Math.abs(a - b) <= EPS * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * The shape of `weight * e` when it is potential-shaped, else undefined. Defs are first kept
 * as atoms (`shaping' - shaping`), then expanded (`dist' - (abs(x - 4) + abs(y - 4))`).
 */
export function potentialShape(model: Model, e: A.Expr, weight = 1): PotentialShape | undefined {
  for (const expandDefs of [false, true]) {
    const lin = linearReader(model, e, expandDefs).linearOf(e);
    const shape = lin && shapeOf(lin, weight);
    if (shape) return shape;
  }
  return undefined;
}

function shapeOf(lin: Linear, weight: number): PotentialShape | undefined {
  const byFunction = new Map<string, { atom: Atom; p: number; q: number }>();
  const later = laterSide(lin);
  if (!later) return undefined;
  for (const [key, { atom, c }] of lin.coefficients) {
    if (Math.abs(c) <= EPS) continue;
    const f = stateKey(key, atom);
    const entry = byFunction.get(f) ?? { atom, p: 0, q: 0 };
    if (later(atom)) entry.p += c;
    else entry.q -= c;
    byFunction.set(f, entry);
  }
  const parts: { ratio: number; potential: string; p: number; atom: Atom }[] = [];
  for (const { atom, p, q } of byFunction.values()) {
    if (Math.abs(p) <= EPS && Math.abs(q) <= EPS) continue;
    if (Math.abs(p) <= EPS || Math.abs(q) <= EPS) return undefined;
    const ratio = p / q;
    if (!(ratio > 0)) return undefined;
    parts.push({ ratio, potential: atom.text, p, atom });
  }
  if (parts.length === 0) return undefined;
  // A constant is absorbed into f when a != b; beside f' - f it is a reward of its own.
  if (Math.abs(lin.constant) > EPS && parts.every((x) => sameRatio(x.ratio, 1))) return undefined;
  return { parts: parts.map(({ ratio, potential }) => ({ ratio, potential })), potentialText: sumText(parts.map((x) => ({ c: weight * x.p, atom: x.atom }))) };
}

export function sumText(terms: readonly { c: number; atom: Atom }[]): string {
  let out = '';
  for (const { c, atom } of terms) {
    const body = atom.simple ? atom.text : `(${atom.text})`;
    const m = Math.abs(c);
    const term = sameRatio(m, 1) ? body : `${showNumber(m)} * ${body}`;
    out += out === '' ? (c < 0 ? `-${term}` : term) : c < 0 ? ` - ${term}` : ` + ${term}`;
  }
  return out;
}

/**
 * Which atoms of a linear form are on the later state of its difference: s_{t+1} for `f' - f`,
 * s_t for `f - prev(f)`. Undefined when it reads all three states (no one difference).
 */
export function laterSide(lin: Linear): ((atom: Atom) => boolean) | undefined {
  let primed = false;
  let previous = false;
  for (const { atom, c } of lin.coefficients.values()) {
    if (Math.abs(c) <= EPS) continue;
    primed ||= atom.primed;
    previous ||= atom.previous === true;
  }
  if (primed && previous) return undefined;
  return previous ? (a) => !a.previous : (a) => a.primed;
}

/** The state function of a coefficient's key: the atom on either state (`f`, `f'`, `prev(f)`). */
export const stateKey = (key: string, atom: Atom): string => (atom.primed || atom.previous ? key.slice(0, -1) : key);

export const constant = (v: number): Linear => ({ coefficients: new Map(), constant: v });

export function scaled(k: number, a: Linear): Linear {
  const coefficients = new Map([...a.coefficients].map(([key, { atom, c }]) => [key, { atom, c: k * c }]));
  return { coefficients, constant: k * a.constant };
}

export function plus(a: Linear, b: Linear): Linear {
  const coefficients = new Map(a.coefficients);
  for (const [key, { atom, c }] of b.coefficients) coefficients.set(key, { atom, c: (coefficients.get(key)?.c ?? 0) + c });
  return { coefficients, constant: a.constant + b.constant };
}

/**
 * The linear forms of one expression (an item's, or a term's body), over the lowered code, in
 * one of two readings: defs kept as atoms (`dist' - dist`) or expanded into their bodies.
 * Computed once per model, expression and reading, and shared by the shaping checks and
 * farmable-progress.
 */
export interface LinearReader {
  readonly code: readonly Instr[];
  readonly bounds: BoundsOf;
  /** The instruction of a node of the expression. */
  instruction(e: A.Expr): number | undefined;
  /** The linear form of a node, opaque parts made atoms; undefined when it is not one. */
  linearOf(e: A.Expr): Linear | undefined;
  /** The linear form of an instruction, opaque parts made atoms; undefined when it is not one. */
  linear(i: number): Linear | undefined;
  /** Like `linear`, but an opaque instruction that reads a state is not made an atom (its text is
   *  not built): undefined then. For passes that ask about every instruction of an expression. */
  peek(i: number): Linear | undefined;
  /** The first node of the expression that computes instruction `i` (for messages). */
  node(i: number): A.Expr | undefined;
}

// What an instruction reads, as bits.
const CURRENT = 1;
const NEXT = 2;
/** An action, a term's whole transition, or a vector form: not a state function here. */
const OTHER = 4;
/** s_{t-1}, through `prev`. */
const PREVIOUS = 8;

/** Per model: what each instruction reads and the state function of each (computed on demand). */
interface CodeFacts {
  readonly lowered: LoweredCode;
  readonly reads: Uint8Array;
  /** Per instruction, an id equal for instructions that differ only in the state they load (-1: not yet computed). */
  readonly functionIds: Int32Array;
  readonly functionKeys: Map<string, number>;
  /** `prev` slot -> the instruction of NAME on s_t, for the atoms of `prev(NAME)`. */
  readonly prevValue: ReadonlyMap<number, number>;
  /** `prev` slot -> NAME. */
  readonly prevName: ReadonlyMap<number, string>;
}

const facts = new WeakMap<Model, CodeFacts>();
const readers = new WeakMap<Model, Map<A.Expr, (LinearReader | undefined)[]>>();

function codeFacts(model: Model): CodeFacts {
  let f = facts.get(model);
  if (f) return f;
  const lowered = loweredCode(model);
  const { code } = lowered;
  const prevEntry = new Map(lowered.prev.map((e) => [e.slot, e]));
  const reads = new Uint8Array(code.length);
  for (let i = 0; i < code.length; i++) {
    const ins = code[i];
    switch (ins.op) {
      case 'const':
        break;
      case 'load':
        reads[i] = ins.record === 'cur' ? CURRENT : ins.record === 'next' ? NEXT : OTHER;
        break;
      case 'prev': {
        // The previous step's value of a state function; of a term or an action, something else.
        const name = prevEntry.get(ins.slot)?.name ?? '';
        const d = model.declarations.get(name);
        const state = d?.kind === 'signal' || ((d?.kind === 'def' || d?.kind === 'potential') && !model.reads(name).action && !model.reads(name).next);
        reads[i] = state ? PREVIOUS : OTHER;
        break;
      }
      case 'index':
      case 'slice':
      case 'pack':
        // The vector forms are not read as state functions (yet): as on the tree before.
        reads[i] = OTHER;
        break;
      default:
        for (const a of ins.args) reads[i] |= reads[a];
    }
  }
  f = {
    lowered,
    reads,
    functionIds: new Int32Array(code.length).fill(-1),
    functionKeys: new Map(),
    prevValue: new Map(lowered.prev.map((e) => [e.slot, e.value])),
    prevName: new Map(lowered.prev.map((e) => [e.slot, e.name])),
  };
  facts.set(model, f);
  return f;
}

/** The state function an instruction computes: equal for `f` on s_t and on s_{t+1}. */
function functionId(f: CodeFacts, root: number): number {
  const { code } = f.lowered;
  const ids = f.functionIds;
  if (ids[root] >= 0) return ids[root];
  return foldTree<number, number>(root, (i) => (ids[i] >= 0 ? NONE : code[i].args), (i, kids) => {
    if (ids[i] >= 0) return ids[i];
    const ins = code[i];
    let key: string;
    switch (ins.op) {
      case 'const': key = Object.is(ins.value, -0) ? 'c-0' : `c${ins.value}`; break;
      // s_t and s_{t+1} are one state function; an action is not a state's.
      case 'load': key = ins.record === 'action' ? `a${ins.slot}` : `l${ins.slot}`; break;
      case 'prev': key = `p${ins.slot}`; break;
      case 'unary': case 'binary': key = `${ins.op}${ins.fn}`; break;
      case 'call': key = `f${ins.fn}`; break;
      case 'index': key = `i${ins.index}`; break;
      case 'slice': key = `s${ins.start}:${ins.stop}:${ins.step}`; break;
      default: key = ins.op;
    }
    key += `|${ins.shape}|${kids.join(',')}`;
    let id = f.functionKeys.get(key);
    if (id === undefined) f.functionKeys.set(key, (id = f.functionKeys.size));
    ids[i] = id;
    return id;
  });
}
const NONE: readonly never[] = [];

/**
 * The reader of `root` in one reading (see `LinearReader`), once per model, node and reading.
 * Which instructions are atoms by declaration and which node names each are read off the tree
 * of `root` in one walk: potentials and props named are atoms, defs too while kept, terms (and
 * expanded defs) are read through their bodies.
 */
export function linearReader(model: Model, root: A.Expr, expandDefs: boolean): LinearReader {
  let perRoot = readers.get(model);
  if (!perRoot) readers.set(model, (perRoot = new Map()));
  let pair = perRoot.get(root);
  if (!pair) perRoot.set(root, (pair = []));
  const k = expandDefs ? 1 : 0;
  return (pair[k] ??= makeReader(model, root, expandDefs));
}

interface LinNode {
  readonly i: number;
  readonly reads: number;
  /** Undefined until materialised (opaque instructions); `null`: not a linear form. */
  lin?: Linear | null;
}

function makeReader(model: Model, root: A.Expr, expandDefs: boolean): LinearReader {
  const f = codeFacts(model);
  const { lowered, reads } = f;
  const { code, nodes } = lowered;
  const bounds = boundsOf(model);
  /** Instructions that are atoms by declaration: potentials and props named, defs while kept. */
  const stops = new Set<number>();
  /** Each instruction's first node, as written (`(a - b)`, for messages)... */
  const written = new Map<number, A.Expr>();
  /** ...and parentheses skipped (an atom `(a * b)` is named `a * b`). */
  const first = new Map<number, A.Expr>();
  const visited = new Set<string>();
  const bodies: A.Expr[] = [root];
  for (let b = 0; b < bodies.length; b++) {
    walk(bodies[b], (x) => {
      const i = nodes.get(x);
      if (i === undefined) return false;
      if (x.kind === 'name' && model.targetOf(x)?.kind === 'declaration') {
        const d = model.declarations.get(x.name.text);
        const through = d?.kind === 'term' || (d?.kind === 'def' && expandDefs);
        if (through) {
          if (d.body && !visited.has(d.name.text)) {
            visited.add(d.name.text);
            bodies.push(d.body);
          }
          return false;
        }
        if (d?.kind === 'def' || d?.kind === 'potential' || (d?.kind === 'prop' && d.body)) stops.add(i);
      }
      if (!written.has(i)) written.set(i, x);
      if (x.kind !== 'paren' && !first.has(i)) first.set(i, x);
      return true;
    });
  }
  /** Nodes by state function, for an atom no node computes on its own state (a def's body read on s_{t+1}); built on first need. */
  let byFunction: Map<number, A.Expr> | undefined;
  const nodeOfFunction = (i: number): A.Expr | undefined => {
    if (!byFunction) {
      byFunction = new Map();
      for (const [j, x] of first) {
        const id = functionId(f, j);
        if (!byFunction.has(id)) byFunction.set(id, x);
      }
    }
    return byFunction.get(functionId(f, i));
  };

  const memo = new Map<number, LinNode>();
  const linearOp = (i: number): boolean => {
    if (stops.has(i)) return false;
    const ins = code[i];
    return (ins.op === 'unary' && ins.fn === '-') || (ins.op === 'binary' && (ins.fn === '+' || ins.fn === '-' || ins.fn === '*' || ins.fn === '/'));
  };

  /** Stack-safe: a fold over the instructions below `top` that are linear in their args (base/fold.ts). */
  const nodeOf = (top: number): LinNode => {
    const known = memo.get(top);
    if (known) return known;
    return foldTree<number, LinNode>(top, (i) => (memo.has(i) || !linearOp(i) ? NONE : code[i].args), (i, kids) => {
      let n = memo.get(i);
      if (!n) memo.set(i, (n = linNode(i, kids)));
      return n;
    });
  };

  const linNode = (i: number, kids: readonly LinNode[]): LinNode => {
    const r = reads[i];
    if (kids.length === 0) {
      const ins = code[i];
      if (ins.op === 'const') return { i, reads: r, lin: constant(ins.value) };
      if (ins.op === 'prev' && r === PREVIOUS && !stops.has(i)) {
        const name = f.prevName.get(ins.slot)!;
        const atom: Atom = { text: name, simple: true, primed: false, previous: true };
        return { i, reads: r, lin: { coefficients: new Map([[`${functionId(f, f.prevValue.get(ins.slot)!)}^`, { atom, c: 1 }]]), constant: 0 } };
      }
      return { i, reads: r };
    }
    const ins = code[i] as Extract<Instr, { op: 'unary' | 'binary' }>;
    if (ins.op === 'unary') {
      const x = materialize(kids[0]);
      return { i, reads: r, lin: x ? scaled(-1, x) : null };
    }
    const [l, rr] = kids;
    if (ins.fn === '+' || ins.fn === '-') {
      const a = materialize(l);
      const b = a && materialize(rr);
      return { i, reads: r, lin: a && b ? plus(a, ins.fn === '+' ? b : scaled(-1, b)) : null };
    }
    // Constancy is read off what a side reads, so an opaque side is not materialised to ask.
    const rc = constantOf(rr);
    if (rc !== undefined && (ins.fn === '*' || rc !== 0)) {
      const a = materialize(l);
      return { i, reads: r, lin: a ? scaled(ins.fn === '*' ? rc : 1 / rc, a) : null };
    }
    const lc = ins.fn === '*' ? constantOf(l) : undefined;
    if (lc !== undefined) {
      const b = materialize(rr);
      return { i, reads: r, lin: b ? scaled(lc, b) : null };
    }
    return { i, reads: r };
  };

  /** The value of an instruction that reads nothing, when its bounds pin it down. */
  const constantOf = (n: LinNode): number | undefined => {
    if (n.lin) return n.lin.coefficients.size === 0 ? n.lin.constant : undefined;
    if (n.lin === null || n.reads !== 0) return undefined;
    const b = bounds.instruction(n.i);
    return b.lo === b.hi && Number.isFinite(b.lo) ? b.lo : undefined;
  };

  const materialize = (n: LinNode): Linear | null => {
    if (n.lin === undefined) n.lin = atomOf(n);
    return n.lin;
  };

  /** An opaque instruction: an atom when it is a state function read on one state, a constant when it reads nothing. */
  const atomOf = (n: LinNode): Linear | null => {
    const { reads: r } = n;
    const states = (r & CURRENT ? 1 : 0) + (r & NEXT ? 1 : 0) + (r & PREVIOUS ? 1 : 0);
    if (r & OTHER || states > 1) return null;
    if (states === 0) {
      const c = constantOf(n);
      return c === undefined ? null : constant(c);
    }
    const x = first.get(n.i) ?? nodeOfFunction(n.i);
    if (!x) return null;
    const atom: Atom = { text: sourceWithoutPrimes(model, x), simple: x.kind === 'name' || x.kind === 'call' || x.kind === 'paren', primed: (r & NEXT) !== 0, previous: (r & PREVIOUS) !== 0 };
    return { coefficients: new Map([[`${functionId(f, n.i)}${atom.primed ? "'" : atom.previous ? '^' : ''}`, { atom, c: 1 }]]), constant: 0 };
  };

  const linear = (i: number): Linear | undefined => materialize(nodeOf(i)) ?? undefined;
  return {
    code,
    bounds,
    instruction: (e) => nodes.get(e),
    linearOf: (e) => {
      const i = nodes.get(e);
      return i === undefined ? undefined : linear(i);
    },
    linear,
    peek: (i) => {
      const n = nodeOf(i);
      if (n.lin !== undefined) return n.lin ?? undefined;
      if (n.reads !== 0) return undefined;
      return materialize(n) ?? undefined;
    },
    node: (i) => written.get(i),
  };
}

/** The source of an expression with its primes dropped and whitespace collapsed: within an
 *  atom every name is read on one state, so this is the state function itself. */
function sourceWithoutPrimes(model: Model, e: A.Expr): string {
  const text = model.file.text;
  // Cuts: a prime dropped, or `prev(NAME)` read as `NAME` (within an atom every name is read on one state).
  const cuts: { start: number; end: number; text: string }[] = [];
  walk(e, (x) => {
    if (x.kind === 'name' && x.primed) cuts.push({ start: x.span.end - 1, end: x.span.end, text: '' });
    if (x.kind === 'prev') cuts.push({ start: x.span.start, end: x.span.end, text: x.name.text });
  });
  let out = '';
  let at = e.span.start;
  for (const c of cuts.sort((a, b) => a.start - b.start)) {
    out += text.slice(at, c.start) + c.text;
    at = c.end;
  }
  out += text.slice(at, e.span.end);
  return out.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, ' ').replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').trim();
}

/**
 * The number literal to change so that the ratio of a potential-shaped expression becomes
 * `gamma`, with its new value: the factor written on the s' side (`0.9 * d' - d`) or on the
 * s side (`d' - 1.2 * d`). Undefined when no single literal carries the ratio.
 */
export function ratioLiteral(model: Model, e: A.Expr, ratio: number, gamma: number): { literal: A.Expr; value: number } | undefined {
  const reader = linearReader(model, e, false);
  const whole = reader.linearOf(e);
  if (!whole) return undefined;
  const found: { literal: A.Expr; value: number }[] = [];
  // Down through the linear ops (+, -, *, unary minus; parentheses are their operand's
  // instruction); a literal is a number as written, the one an edit can change.
  walk(e, (x) => {
    const i = reader.instruction(x);
    const ins = i === undefined ? undefined : reader.code[i];
    if (ins?.op === 'unary') return ins.fn === '-';
    if (ins?.op !== 'binary') return false;
    const kids = children(x);
    if (ins.fn === '*' && kids.length === 2) {
      for (const [lit, other] of [[kids[0], kids[1]], [kids[1], kids[0]]] as const) {
        if (lit.kind !== 'number' || lit.value === 0) continue;
        const side = sideOf(reader.linearOf(other), whole);
        if (side === 'next') found.push({ literal: lit, value: round(lit.value * gamma / ratio) });
        if (side === 'current') found.push({ literal: lit, value: round(lit.value * ratio / gamma) });
      }
    }
    return ins.fn === '+' || ins.fn === '-' || ins.fn === '*';
  });
  return found.length === 1 ? found[0] : undefined;
}

const round = (x: number) => Number(x.toPrecision(12));

/** Whether `part` holds every atom of `whole` on one side (s' or s), in proportion, and nothing else. */
function sideOf(part: Linear | undefined, whole: Linear): 'next' | 'current' | undefined {
  if (!part || part.coefficients.size === 0) return undefined;
  const atoms = [...part.coefficients.values()];
  const primed = atoms[0].atom.primed;
  if (atoms.some((a) => a.atom.primed !== primed)) return undefined;
  const wholeSide = [...whole.coefficients].filter(([, v]) => v.atom.primed === primed && Math.abs(v.c) > EPS);
  if (wholeSide.length !== part.coefficients.size) return undefined;
  let factor: number | undefined;
  for (const [key, { c }] of wholeSide) {
    const mine = part.coefficients.get(key);
    if (!mine || Math.abs(mine.c) <= EPS) return undefined;
    const f = c / mine.c;
    if (factor !== undefined && !sameRatio(f, factor)) return undefined;
    factor = f;
  }
  return primed ? 'next' : 'current';
}
