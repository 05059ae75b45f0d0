// The potential-form recogniser as it read the syntax tree before it moved onto the lowered
// program (issue #12): kept only as the oracle of test/analysis/program-shaping.test.ts.
import type { Model } from '../../../server/src/names/model';
import type * as A from '../../../server/src/syntax/ast';
import { boundsOf } from '../../../server/src/analysis/expr-bounds';
import { showNumber } from '../../../server/src/analysis/intervals';
import { fold, walk } from '../../../server/src/syntax/walk';

// Recognises potential-shaped terms (LANGUAGE.md section 7): `a * f' - b * f` for a state
// function f, or a sum of such. The expression is read as a linear combination of state
// functions ("atoms"), each on s_t or on s_{t+1}; it is potential-shaped when every atom
// appears on both states with coefficients p (on s') and -q (on s), p / q > 0: the ratio.

/** One atom of a linear form: a state function, read on s_t or s_{t+1}. */
export interface Atom {
  /** The state function as source text, primes removed: equal text, equal function. */
  readonly text: string;
  /** The text is one operand that needs no parentheses (a name, a call, a parenthesised form). */
  readonly simple: boolean;
  readonly primed: boolean;
  /** Read on s_{t-1}: `prev(f)` (LANGUAGE.md section 13: `f - prev(f)` is judged like `f' - f`). */
  readonly previous?: boolean;
}

export interface Linear {
  /** Coefficient of each atom, keyed by `text` and `'` when primed. */
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
    const lin = linearize(model, e, false, expandDefs);
    const shape = lin && shapeOf(lin, weight);
    if (shape) return shape;
  }
  return undefined;
}

function shapeOf(lin: Linear, weight: number): PotentialShape | undefined {
  const byText = new Map<string, { atom: Atom; p: number; q: number }>();
  const later = laterSide(lin);
  if (!later) return undefined;
  for (const { atom, c } of lin.coefficients.values()) {
    if (Math.abs(c) <= EPS) continue;
    const key = keyOf(atom.text);
    const entry = byText.get(key) ?? { atom, p: 0, q: 0 };
    if (later(atom)) entry.p += c;
    else entry.q -= c;
    byText.set(key, entry);
  }
  const parts: { ratio: number; potential: string; p: number; atom: Atom }[] = [];
  for (const { atom, p, q } of byText.values()) {
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

/** Spacing does not change a function: `abs(x-4)` and `abs(x - 4)` are one atom. */
const keyOf = (text: string) => text.replace(/\s+/g, '');

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

/** `e` as a linear form over state functions, defs kept as atoms or expanded; undefined when it is not one. */
export const linearOf = (model: Model, e: A.Expr, expandDefs: boolean): Linear | undefined => linearize(model, e, false, expandDefs);

/** Like `linearOf`, but an opaque node that reads a state is not made an atom (its text is not
 *  built): undefined then. For passes that ask about every node of a tree. */
export function linearPeek(model: Model, e: A.Expr, expandDefs: boolean): Linear | undefined {
  const n = nodeOf(model, e, false, expandDefs);
  if (n.lin !== undefined) return n.lin ?? undefined;
  if (n.reads.current || n.reads.next || n.reads.other || n.reads.previous) return undefined;
  return materialize(model, n) ?? undefined;
}

/** What an expression reads: a state (s_t or s_{t+1}) or something else (an action, a term). */
interface StateReads {
  readonly current: boolean;
  readonly next: boolean;
  readonly other: boolean;
  /** s_{t-1}, through `prev`. */
  readonly previous?: boolean;
}
const READS_NOTHING: StateReads = { current: false, next: false, other: false };
const OTHER: StateReads = { current: false, next: false, other: true };
const joinReads = (a: StateReads, b: StateReads): StateReads =>
  a === b ? a : { current: a.current || b.current, next: a.next || b.next, other: a.other || b.other, previous: a.previous || b.previous };

/**
 * One node read as a linear form. A node that is not a linear combination of its children
 * (`max(x, 1)`, `x * y`) is opaque: its atom (which needs its source text) is built only when
 * a linear parent uses it, so a chain of 100,000 opaque products costs one text, not 100,000.
 */
interface LinNode {
  readonly expr: A.Expr;
  readonly reads: StateReads;
  /** Undefined until materialised (opaque nodes); `null`: not a linear form. */
  lin?: Linear | null;
}

/** Linear forms of one model, per node and context, computed once (a WeakMap keeps no model alive). */
const perModel = new WeakMap<Model, Map<string, Map<A.Expr, LinNode>>>();

/** `primed`: the expression is read on s_{t+1} (inside a primed def). Undefined: not a linear
 *  form over state functions (it reads an action, or mixes s_t and s_{t+1} non-linearly). */
function linearize(model: Model, e: A.Expr, primed: boolean, expandDefs: boolean): Linear | undefined {
  return materialize(model, nodeOf(model, e, primed, expandDefs)) ?? undefined;
}

function nodesFor(model: Model, primed: boolean, expandDefs: boolean): Map<A.Expr, LinNode> {
  let contexts = perModel.get(model);
  if (!contexts) perModel.set(model, (contexts = new Map()));
  const key = `${primed ? 1 : 0}${expandDefs ? 1 : 0}`;
  let nodes = contexts.get(key);
  if (!nodes) contexts.set(key, (nodes = new Map()));
  return nodes;
}

/** Stack-safe: a fold over the expression; only declarations (defs, terms) nest calls. */
function nodeOf(model: Model, root: A.Expr, primed: boolean, expandDefs: boolean): LinNode {
  const nodes = nodesFor(model, primed, expandDefs);
  const known = nodes.get(root);
  if (known) return known;
  return fold<LinNode>(root, (e, kids) => {
    const cached = nodes.get(e);
    if (cached) return cached;
    const n = linNode(model, e, kids, primed, expandDefs);
    nodes.set(e, n);
    return n;
  });
}

const linear = (expr: A.Expr, reads: StateReads, lin: Linear | null): LinNode => ({ expr, reads, lin });
const opaque = (expr: A.Expr, reads: StateReads): LinNode => ({ expr, reads });
const readsOf = (kids: readonly LinNode[]): StateReads => kids.reduce((r, k) => joinReads(r, k.reads), READS_NOTHING);

function linNode(model: Model, e: A.Expr, kids: readonly LinNode[], primed: boolean, expandDefs: boolean): LinNode {
  const m = (n: LinNode) => materialize(model, n);
  switch (e.kind) {
    case 'number':
      return linear(e, READS_NOTHING, constant(e.value));
    case 'bool':
      return opaque(e, READS_NOTHING);
    case 'paren':
      // The atom of `(a * b)` is `a * b`: the parentheses are the text's, not the function's.
      return kids[0];
    case 'unary': {
      const reads = kids[0].reads;
      if (e.op !== '-') return opaque(e, reads);
      const x = m(kids[0]);
      return linear(e, reads, x ? scaled(-1, x) : null);
    }
    case 'binary': {
      const [l, r] = kids;
      const reads = joinReads(l.reads, r.reads);
      if (e.op === '+' || e.op === '-') {
        const a = m(l);
        const b = a && m(r);
        return linear(e, reads, a && b ? plus(a, e.op === '+' ? b : scaled(-1, b)) : null);
      }
      if (e.op === '*' || e.op === '/') {
        // Constancy is read off what a side reads, so an opaque side is not materialised to ask.
        const rc = constantOf(model, r);
        if (rc !== undefined && (e.op === '*' || rc !== 0)) {
          const a = m(l);
          return linear(e, reads, a ? scaled(e.op === '*' ? rc : 1 / rc, a) : null);
        }
        const lc = e.op === '*' ? constantOf(model, l) : undefined;
        if (lc !== undefined) {
          const b = m(r);
          return linear(e, reads, b ? scaled(lc, b) : null);
        }
      }
      return opaque(e, reads);
    }
    case 'name': {
      const reads = nameReads(model, e, primed);
      if (model.targetOf(e)?.kind === 'member') return opaque(e, reads);
      const d = model.declarations.get(e.name.text);
      if (d?.kind === 'term') return linear(e, reads, linearize(model, d.body, false, expandDefs) ?? null);
      if (d?.kind === 'def' && expandDefs) return linear(e, reads, linearize(model, d.body, primed || e.primed, expandDefs) ?? null);
      return opaque(e, reads);
    }
    case 'conditional':
    case 'call':
      return opaque(e, readsOf(kids));
    case 'prev': {
      // The previous step's value of a state function; of a term or an action, something else.
      const d = model.declarations.get(e.name.text);
      const state = d?.kind === 'signal' || ((d?.kind === 'def' || d?.kind === 'potential') && !model.reads(d.name.text).action && !model.reads(d.name.text).next);
      if (!state || primed) return opaque(e, OTHER);
      if (d.kind === 'def' && expandDefs) return opaque(e, { current: false, next: false, other: false, previous: true });
      const atom: Atom = { text: e.name.text, simple: true, primed: false, previous: true };
      return linear(e, { current: false, next: false, other: false, previous: true }, { coefficients: new Map([[`${keyOf(atom.text)}^`, { atom, c: 1 }]]), constant: 0 });
    }
    default:
      // Temporal operators, errors and (for now) the vector forms: not a state function here.
      return opaque(e, OTHER);
  }
}

/** The value of a node that reads nothing, when its bounds pin it down. */
function constantOf(model: Model, n: LinNode): number | undefined {
  if (n.lin) return n.lin.coefficients.size === 0 ? n.lin.constant : undefined;
  if (n.lin === null || n.reads.current || n.reads.next || n.reads.other || n.reads.previous) return undefined;
  const b = boundsOf(model).expr(n.expr);
  return b.lo === b.hi && Number.isFinite(b.lo) ? b.lo : undefined;
}

/** The linear form of a node: opaque nodes become one atom when they are a state function on one state. */
function materialize(model: Model, n: LinNode): Linear | null {
  if (n.lin !== undefined) return n.lin;
  n.lin = atomOf(model, n);
  return n.lin;
}

/** A non-linear piece: an atom when it is a state function read on one state, a constant when it reads nothing. */
function atomOf(model: Model, n: LinNode): Linear | null {
  const { reads, expr: e } = n;
  const states = (reads.current ? 1 : 0) + (reads.next ? 1 : 0) + (reads.previous ? 1 : 0);
  if (reads.other || states > 1) return null;
  if (states === 0) {
    const c = constantOf(model, n);
    return c === undefined ? null : constant(c);
  }
  const text = sourceWithoutPrimes(model.file.text, e);
  const atom: Atom = { text, simple: e.kind === 'name' || e.kind === 'call' || e.kind === 'paren', primed: reads.next, previous: reads.previous };
  return { coefficients: new Map([[`${keyOf(text)}${reads.next ? "'" : reads.previous ? '^' : ''}`, { atom, c: 1 }]]), constant: 0 };
}

/** What a name reads: a state (s_t or s_{t+1}) or something else (an action, a term). */
function nameReads(model: Model, e: Extract<A.Expr, { kind: 'name' }>, primed: boolean): StateReads {
  if (model.targetOf(e)?.kind !== 'declaration') return READS_NOTHING;
  const d = model.declarations.get(e.name.text);
  if (!d) return READS_NOTHING;
  const onNext = primed || e.primed;
  const state: StateReads = onNext ? { current: false, next: true, other: false } : { current: true, next: false, other: false };
  if (d.kind === 'signal') return state;
  if (d.kind === 'def' || d.kind === 'potential' || d.kind === 'prop') {
    const r = model.reads(d.name.text);
    // A prop may read the action; a def or potential that reads more is an error elsewhere.
    const other = r.action || r.next;
    // An external label is read from the state's record.
    const reads = r.current || (d.kind === 'prop' && !d.body);
    return { current: reads && !onNext, next: reads && onNext, other };
  }
  return OTHER;
}

/** The source of an expression with its primes dropped and whitespace collapsed: within an
 *  atom every name is read on one state, so this is the state function itself. */
function sourceWithoutPrimes(text: string, e: A.Expr): string {
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
  const whole = linearize(model, e, false, false);
  if (!whole) return undefined;
  const found: { literal: A.Expr; value: number }[] = [];
  walk(e, (x) => {
    if (x.kind === 'paren' || (x.kind === 'unary' && x.op === '-')) return true;
    if (x.kind !== 'binary') return false;
    if (x.op === '*') {
      for (const [lit, other] of [[x.left, x.right], [x.right, x.left]] as const) {
        if (lit.kind !== 'number' || lit.value === 0) continue;
        const side = sideOf(linearize(model, other, false, false), whole);
        if (side === 'next') found.push({ literal: lit, value: round(lit.value * gamma / ratio) });
        if (side === 'current') found.push({ literal: lit, value: round(lit.value * ratio / gamma) });
      }
    }
    return x.op === '+' || x.op === '-' || x.op === '*';
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
