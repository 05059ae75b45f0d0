import type { Model } from '../names/model';
import type * as A from '../syntax/ast';
import { boundsOf } from './expr-bounds';
import { showNumber } from './intervals';

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
    const lin = linearize(model, e, false, expandDefs, new Set());
    const shape = lin && shapeOf(lin, weight);
    if (shape) return shape;
  }
  return undefined;
}

function shapeOf(lin: Linear, weight: number): PotentialShape | undefined {
  const byText = new Map<string, { atom: Atom; p: number; q: number }>();
  for (const { atom, c } of lin.coefficients.values()) {
    if (Math.abs(c) <= EPS) continue;
    const key = keyOf(atom.text);
    const entry = byText.get(key) ?? { atom, p: 0, q: 0 };
    if (atom.primed) entry.p += c;
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

const isConstant = (a: Linear) => a.coefficients.size === 0;

/** `e` as a linear form over state functions, defs kept as atoms or expanded; undefined when it is not one. */
export const linearOf = (model: Model, e: A.Expr, expandDefs: boolean): Linear | undefined => linearize(model, e, false, expandDefs, new Set());

/** `primed`: the expression is read on s_{t+1} (inside a primed def). Undefined: not a linear
 *  form over state functions (it reads an action, or mixes s_t and s_{t+1} non-linearly). */
function linearize(model: Model, e: A.Expr, primed: boolean, expandDefs: boolean, seen: ReadonlySet<string>): Linear | undefined {
  const rec = (x: A.Expr, p = primed) => linearize(model, x, p, expandDefs, seen);
  switch (e.kind) {
    case 'number':
      return constant(e.value);
    case 'paren':
      return rec(e.inner);
    case 'unary':
      if (e.op === '-') {
        const x = rec(e.operand);
        return x && scaled(-1, x);
      }
      return atomOf(model, e, primed);
    case 'binary': {
      if (e.op === '+' || e.op === '-') {
        const l = rec(e.left);
        const r = rec(e.right);
        return l && r && plus(l, e.op === '+' ? r : scaled(-1, r));
      }
      if (e.op === '*' || e.op === '/') {
        const l = rec(e.left);
        const r = rec(e.right);
        if (l && r && isConstant(r) && (e.op === '*' || r.constant !== 0)) return scaled(e.op === '*' ? r.constant : 1 / r.constant, l);
        if (l && r && isConstant(l) && e.op === '*') return scaled(l.constant, r);
      }
      return atomOf(model, e, primed);
    }
    case 'name': {
      const d = model.declarations.get(e.name.text);
      if (model.targetOf(e)?.kind === 'member') return atomOf(model, e, primed);
      if (d?.kind === 'term' && !seen.has(d.name.text)) return linearize(model, d.body, false, expandDefs, new Set([...seen, d.name.text]));
      if (d?.kind === 'def' && expandDefs && !seen.has(d.name.text)) return linearize(model, d.body, primed || e.primed, expandDefs, new Set([...seen, d.name.text]));
      return atomOf(model, e, primed);
    }
    default:
      return atomOf(model, e, primed);
  }
}

/** A non-linear piece: an atom when it is a state function read on one state, a constant when it reads nothing. */
function atomOf(model: Model, e: A.Expr, primed: boolean): Linear | undefined {
  const reads = { current: false, next: false, other: false };
  walkReads(model, e, primed, reads);
  if (reads.other || (reads.current && reads.next)) return undefined;
  if (!reads.current && !reads.next) {
    const b = boundsOf(model).expr(e);
    return b.lo === b.hi && Number.isFinite(b.lo) ? constant(b.lo) : undefined;
  }
  const text = sourceWithoutPrimes(model.file.text, e);
  const atom: Atom = { text, simple: e.kind === 'name' || e.kind === 'call' || e.kind === 'paren', primed: reads.next };
  return { coefficients: new Map([[`${keyOf(text)}${reads.next ? "'" : ''}`, { atom, c: 1 }]]), constant: 0 };
}

/** What an expression reads: a state (s_t or s_{t+1}) or something else (an action, a term). */
function walkReads(model: Model, e: A.Expr, primed: boolean, out: { current: boolean; next: boolean; other: boolean }): void {
  switch (e.kind) {
    case 'name': {
      if (model.targetOf(e)?.kind !== 'declaration') return;
      const d = model.declarations.get(e.name.text);
      if (!d) return;
      const onNext = primed || e.primed;
      if (d.kind === 'signal') {
        if (onNext) out.next = true;
        else out.current = true;
        return;
      }
      if (d.kind === 'def' || d.kind === 'potential' || d.kind === 'prop') {
        const r = model.reads(d.name.text);
        // A prop may read the action; a def or potential that reads more is an error elsewhere.
        if (r.action || r.next) out.other = true;
        // An external label is read from the state's record.
        if (r.current || (d.kind === 'prop' && !d.body)) {
          if (onNext) out.next = true;
          else out.current = true;
        }
        return;
      }
      out.other = true;
      return;
    }
    case 'paren': return walkReads(model, e.inner, primed, out);
    case 'unary': return walkReads(model, e.operand, primed, out);
    case 'binary':
      walkReads(model, e.left, primed, out);
      return walkReads(model, e.right, primed, out);
    case 'conditional':
      walkReads(model, e.test, primed, out);
      walkReads(model, e.then, primed, out);
      return walkReads(model, e.else, primed, out);
    case 'call':
      for (const a of e.args) walkReads(model, a, primed, out);
      return;
    case 'number':
    case 'bool':
      return;
    default:
      out.other = true;
  }
}

/** The source of an expression with its primes dropped and whitespace collapsed: within an
 *  atom every name is read on one state, so this is the state function itself. */
function sourceWithoutPrimes(text: string, e: A.Expr): string {
  const primes: number[] = [];
  collectPrimes(e, primes);
  let out = '';
  let at = e.span.start;
  for (const p of primes.sort((a, b) => a - b)) {
    out += text.slice(at, p);
    at = p + 1;
  }
  out += text.slice(at, e.span.end);
  return out.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, ' ').replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').trim();
}

function collectPrimes(e: A.Expr, out: number[]): void {
  switch (e.kind) {
    case 'name':
      if (e.primed) out.push(e.span.end - 1);
      return;
    case 'paren': return collectPrimes(e.inner, out);
    case 'unary': return collectPrimes(e.operand, out);
    case 'binary':
      collectPrimes(e.left, out);
      return collectPrimes(e.right, out);
    case 'conditional':
      collectPrimes(e.test, out);
      collectPrimes(e.then, out);
      return collectPrimes(e.else, out);
    case 'call':
      for (const a of e.args) collectPrimes(a, out);
      return;
    default:
      return;
  }
}

/**
 * The number literal to change so that the ratio of a potential-shaped expression becomes
 * `gamma`, with its new value: the factor written on the s' side (`0.9 * d' - d`) or on the
 * s side (`d' - 1.2 * d`). Undefined when no single literal carries the ratio.
 */
export function ratioLiteral(model: Model, e: A.Expr, ratio: number, gamma: number): { literal: A.Expr; value: number } | undefined {
  const whole = linearize(model, e, false, false, new Set());
  if (!whole) return undefined;
  const found: { literal: A.Expr; value: number }[] = [];
  const visit = (x: A.Expr): void => {
    if (x.kind === 'paren') return visit(x.inner);
    if (x.kind === 'unary') return visit(x.operand);
    if (x.kind !== 'binary') return;
    if (x.op === '*') {
      for (const [lit, other] of [[x.left, x.right], [x.right, x.left]] as const) {
        if (lit.kind !== 'number' || lit.value === 0) continue;
        const side = sideOf(linearize(model, other, false, false, new Set()), whole);
        if (side === 'next') found.push({ literal: lit, value: round(lit.value * gamma / ratio) });
        if (side === 'current') found.push({ literal: lit, value: round(lit.value * ratio / gamma) });
      }
    }
    if (x.op === '+' || x.op === '-' || x.op === '*') {
      visit(x.left);
      visit(x.right);
    }
  };
  visit(e);
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
