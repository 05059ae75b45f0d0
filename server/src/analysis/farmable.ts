import { diagnostic, type Diagnostic, type Fix, type Related } from '../base/diagnostic';
import type { Model } from '../names/model';
import type * as A from '../syntax/ast';
import { boundsOf, type BoundsOf } from './expr-bounds';
import * as I from './intervals';
import { showNumber } from './intervals';
import { itemRole, itemWeight } from './item-roles';
import { constant, linearOf, plus, scaled, sumText, type Atom, type Linear } from './potential-form';
import type { AnalysisCheck } from './registry';
import { freshName, itemExpression, rewriteFix } from './shaping';

// farmable-progress (LANGUAGE.md sections 7 and 13): an auxiliary that pays for progress in a
// state function and charges nothing for the way back, so a round trip u -> v -> u earns
// reward (Randløv & Alstrøm 1998: the bicycle rode in circles).
//
// The item is read as a function h of one number, the value d of a potential difference
// D = g(s') - g(s) of a state function g (`dist - dist'`, `x' - x`, through defs): every
// state-reading part of the item must be an affine function of that one D. A round trip makes
// D first d, then -d, so it earns R(d) = h(d) + h(-d), the item's weight and sign included.
// The item is farmable when some d in the range the declared bounds allow makes R(d) > 0 and
// more than standing still, R(0) (what standing still pays is the living reward's concern).
// h is piecewise: max, min, clamp, abs, conditionals on comparisons of D, powers, affine
// arithmetic. Its breaks are computed exactly, so the supremum of R is found on them.

export const farmableChecks: AnalysisCheck = (model) => {
  const out: Diagnostic[] = [];
  for (const reward of model.rewards) {
    for (const item of reward.items) {
      if (itemRole(model, reward, item) !== 'auxiliary') continue;
      const source = itemExpression(model, item);
      if (!source) continue;
      const found = farmable(model, source.expr, itemWeight(item));
      if (found) out.push(report(model, reward, item, source.term, found));
    }
  }
  return out;
};

/** A function of d, the value of the potential difference. */
interface Piece {
  readonly at: (d: number) => number;
  /** a * d + b when the piece is affine in d (a constant has a = 0). */
  readonly affine?: { readonly a: number; readonly b: number };
  /** Values of d where the piece may change form (kinks, jumps). */
  readonly breaks: readonly number[];
}

/** The potential difference D the item is a function of. */
interface Difference {
  /** D = sum of c * (f(s') - f(s)) over the atoms f, keyed as in potential-form. */
  readonly linear: Linear;
  /** D as written, for the message. */
  readonly text: string;
  /** The largest |d| the declared ranges allow (infinite when unbounded). */
  readonly reach: number;
}

export interface Farmable {
  readonly difference: Difference;
  /** What one round trip earns at its best: the supremum of R, infinite when unbounded. */
  readonly best: number;
  /** A change d at which R reaches `best` (finite best), or a sample (R(1)) when unbounded. */
  readonly at: number;
  readonly earnsAt: number;
  /** Whether the item pays on one side of 0 only (`max(0, D)`), not for motion either way (`abs(D)`). */
  readonly oneSided: boolean;
  /** The potential that pays the same for one unit of progress, when the item pays on one side only. */
  readonly potentialText?: string;
}

const TOL = 1e-12;

/** Whether `weight * e` is farmable progress, and what a round trip earns. */
export function farmable(model: Model, e: A.Expr, weight: number): Farmable | undefined {
  // Defs first kept as atoms (the fix then says `dist`), then expanded.
  for (const expandDefs of [false, true]) {
    const reader = new Reader(model, expandDefs);
    const piece = reader.piece(e, new Set());
    if (!piece || piece.affine || !reader.difference) continue;
    const found = judge(reader.difference, scalePiece(weight, piece));
    if (found) return found;
    // A recognised function that a round trip cannot farm is a verdict, not a reason to retry.
    return undefined;
  }
  return undefined;
}

function judge(difference: Difference, h: Piece): Farmable | undefined {
  const R = (d: number) => h.at(d) + h.at(-d);
  const reach = difference.reach;
  // On a tie the first point wins: a whole unit, then the farthest change, then the breaks.
  const points = new Set<number>();
  if (reach >= 1) points.add(1);
  if (Number.isFinite(reach)) points.add(reach);
  for (const b of h.breaks) {
    const x = Math.abs(b);
    if (!Number.isFinite(x) || x > reach) continue;
    points.add(x);
    const eps = 1e-9 * Math.max(1, x);
    if (x + eps <= reach) points.add(x + eps);
    if (x - eps > 0) points.add(x - eps);
  }
  if (reach > 0) points.add(Math.min(1e-9, reach));
  points.add(0);
  let best = -Infinity;
  let at = 0;
  for (const x of points) {
    const v = R(x);
    if (Number.isFinite(v) && v > best + TOL) {
      best = v;
      at = x;
    }
  }
  const still = R(0);
  if (!Number.isFinite(reach)) {
    // Past the last break every piece keeps its form: growth there is growth without bound.
    const far = 2 * (1 + Math.max(0, ...h.breaks.map(Math.abs).filter(Number.isFinite)));
    if (R(2 * far) > R(far) + TOL * Math.max(1, Math.abs(R(far)))) {
      best = Infinity;
      at = 1;
    }
  }
  const scale = Math.max(1, Math.abs(still));
  if (!(best > TOL * scale) || !(best > still + TOL * scale)) return undefined;
  return { difference, best, at, earnsAt: R(at), oneSided: paysOn(h, 1) !== paysOn(h, -1), potentialText: potentialFor(difference, h) };
}

/** The potential `s * g` with `D = g(s') - g(s)` that pays what the item pays for a unit of
 *  progress, when the item pays on one side of 0 only (`max(0, D)`, `D > 0 ? c : 0`). */
function potentialFor(difference: Difference, h: Piece): string | undefined {
  if (Math.abs(h.at(0)) > TOL) return undefined;
  const up = paysOn(h, 1);
  if (up === paysOn(h, -1)) return undefined;
  const unit = Math.min(1, difference.reach);
  const slope = up ? h.at(unit) / unit : -h.at(-unit) / unit;
  if (!Number.isFinite(slope) || Math.abs(slope) <= TOL) return undefined;
  const terms: { c: number; atom: Atom }[] = [];
  for (const { atom, c } of difference.linear.coefficients.values()) if (atom.primed && Math.abs(c) > TOL) terms.push({ c: slope * c, atom });
  return terms.length > 0 ? sumText(terms) : undefined;
}

/** Whether h pays anything for changes of D of one sign. */
function paysOn(h: Piece, sign: number): boolean {
  const probes = [1e-6, 1e-3, 0.5, 1, 2, 10, 1e3, ...h.breaks.map((b) => Math.abs(b) + 1e-6)];
  return probes.some((x) => Math.abs(h.at(sign * x)) > TOL);
}

const scalePiece = (k: number, p: Piece): Piece => ({
  at: (d) => k * p.at(d),
  affine: p.affine && { a: k * p.affine.a, b: k * p.affine.b },
  breaks: p.breaks,
});

const CONSTANT_ZERO: Piece = { at: () => 0, affine: { a: 0, b: 0 }, breaks: [] };
const constantPiece = (v: number): Piece => (v === 0 ? CONSTANT_ZERO : { at: () => v, affine: { a: 0, b: v }, breaks: [] });

/** Reads an expression as a function of the one potential difference it depends on. */
class Reader {
  difference?: Difference;
  private readonly bounds: BoundsOf;

  constructor(private readonly model: Model, private readonly expandDefs: boolean) {
    this.bounds = boundsOf(model);
  }

  piece(e: A.Expr, seen: ReadonlySet<string>): Piece | undefined {
    const lin = linearOf(this.model, e, this.expandDefs);
    if (lin) return this.affine(lin, () => this.bounds.expr(e), () => sourceText(this.model, e));
    switch (e.kind) {
      case 'paren':
        return this.piece(e.inner, seen);
      case 'name': {
        const d = this.model.declarations.get(e.name.text);
        if (d?.kind !== 'term' || seen.has(d.name.text)) return undefined;
        return this.piece(d.body, new Set([...seen, d.name.text]));
      }
      case 'unary': {
        if (e.op !== '-') return undefined;
        const x = this.piece(e.operand, seen);
        return x && scalePiece(-1, x);
      }
      case 'binary':
        return this.binary(e, seen);
      case 'conditional':
        return this.conditional(e, seen);
      case 'call':
        return this.call(e, seen);
      default:
        return undefined;
    }
  }

  /** A linear form as an affine function of d: a constant, or a multiple of the difference. */
  private affine(lin: Linear, range: () => I.Interval, text: () => string): Piece | undefined {
    const terms = [...lin.coefficients.values()].filter((x) => Math.abs(x.c) > TOL);
    if (terms.length === 0) return constantPiece(lin.constant);
    if (!isDifference(lin)) return undefined;
    if (!this.difference) {
      const r = range();
      const shifted = I.interval(r.lo - lin.constant, r.hi - lin.constant);
      this.difference = { linear: { coefficients: lin.coefficients, constant: 0 }, text: text(), reach: I.magnitude(shifted) };
      return { at: (d) => d + lin.constant, affine: { a: 1, b: lin.constant }, breaks: [] };
    }
    const k = proportion(lin, this.difference.linear);
    if (k === undefined) return undefined;
    return { at: (d) => k * d + lin.constant, affine: { a: k, b: lin.constant }, breaks: [] };
  }

  private binary(e: Extract<A.Expr, { kind: 'binary' }>, seen: ReadonlySet<string>): Piece | undefined {
    const l = this.piece(e.left, seen);
    const r = l && this.piece(e.right, seen);
    if (!l || !r) return undefined;
    const breaks = [...l.breaks, ...r.breaks];
    switch (e.op) {
      case '+':
      case '-': {
        const s = e.op === '+' ? 1 : -1;
        const affine = l.affine && r.affine ? { a: l.affine.a + s * r.affine.a, b: l.affine.b + s * r.affine.b } : undefined;
        return { at: (d) => l.at(d) + s * r.at(d), affine, breaks };
      }
      case '*':
        if (r.affine?.a === 0) return scalePiece(r.affine.b, l);
        if (l.affine?.a === 0) return scalePiece(l.affine.b, r);
        return undefined;
      case '/':
        return r.affine?.a === 0 && r.affine.b !== 0 ? scalePiece(1 / r.affine.b, l) : undefined;
      case '^': {
        if (r.affine?.a !== 0) return undefined;
        const k = r.affine.b;
        const root = l.affine && l.affine.a !== 0 ? [-l.affine.b / l.affine.a] : [];
        return { at: (d) => Math.pow(l.at(d), k), breaks: [...breaks, ...root] };
      }
      default:
        return undefined;
    }
  }

  private conditional(e: Extract<A.Expr, { kind: 'conditional' }>, seen: ReadonlySet<string>): Piece | undefined {
    const test = e.test.kind === 'paren' ? e.test.inner : e.test;
    if (test.kind !== 'binary' || !['<', '<=', '>', '>='].includes(test.op)) return undefined;
    // The two sides of `f' < f` need not be differences one by one: their difference is.
    const ll = linearOf(this.model, test.left, this.expandDefs);
    const rl = linearOf(this.model, test.right, this.expandDefs);
    let side: Piece | undefined;
    if (ll && rl) {
      const diff = plus(ll, scaled(-1, rl));
      side = this.affine(diff, () => I.sub(this.bounds.expr(test.left), this.bounds.expr(test.right)), () => `${sourceText(this.model, test.left)} - ${sourceText(this.model, test.right)}`);
    } else {
      const l = this.piece(test.left, seen);
      const r = l && this.piece(test.right, seen);
      if (l?.affine && r?.affine) side = { at: (d) => l.at(d) - r.at(d), affine: { a: l.affine.a - r.affine.a, b: l.affine.b - r.affine.b }, breaks: [] };
    }
    if (!side?.affine) return undefined;
    const then = this.piece(e.then, seen);
    const other = then && this.piece(e.else, seen);
    if (!then || !other) return undefined;
    const { a, b } = side.affine;
    const holds = compare(test.op as '<' | '<=' | '>' | '>=');
    const root = a !== 0 ? [-b / a] : [];
    return { at: (d) => (holds(a * d + b) ? then.at(d) : other.at(d)), breaks: [...root, ...then.breaks, ...other.breaks] };
  }

  private call(e: Extract<A.Expr, { kind: 'call' }>, seen: ReadonlySet<string>): Piece | undefined {
    const args: Piece[] = [];
    for (const a of e.args) {
      const p = this.piece(a, seen);
      if (!p) return undefined;
      args.push(p);
    }
    const inner = args.flatMap((p) => p.breaks);
    switch (e.callee.text) {
      case 'abs': {
        if (args.length !== 1) return undefined;
        const [x] = args;
        return { at: (d) => Math.abs(x.at(d)), breaks: [...inner, ...roots(x, CONSTANT_ZERO)] };
      }
      case 'max':
      case 'min': {
        if (args.length === 0) return undefined;
        const pick = e.callee.text === 'max' ? Math.max : Math.min;
        const crossings = args.flatMap((p, i) => args.slice(i + 1).flatMap((q) => roots(p, q)));
        return { at: (d) => pick(...args.map((p) => p.at(d))), breaks: [...inner, ...crossings] };
      }
      case 'clamp': {
        if (args.length !== 3) return undefined;
        const [x, lo, hi] = args;
        return { at: (d) => Math.min(Math.max(x.at(d), lo.at(d)), hi.at(d)), breaks: [...inner, ...roots(x, lo), ...roots(x, hi)] };
      }
      default:
        return undefined;
    }
  }
}

/** Where two affine pieces meet. */
function roots(p: Piece, q: Piece): number[] {
  if (!p.affine || !q.affine) return [];
  const a = p.affine.a - q.affine.a;
  return a === 0 ? [] : [(q.affine.b - p.affine.b) / a];
}

const compare = (op: '<' | '<=' | '>' | '>='): ((x: number) => boolean) =>
  op === '<' ? (x) => x < 0 : op === '<=' ? (x) => x <= 0 : op === '>' ? (x) => x > 0 : (x) => x >= 0;

/** Every atom appears on s' and on s with opposite coefficients: sum of c * (f' - f). */
function isDifference(lin: Linear): boolean {
  const sums = new Map<string, { next: number; current: number }>();
  for (const [key, { atom, c }] of lin.coefficients) {
    if (Math.abs(c) <= TOL) continue;
    const base = atom.primed ? key.slice(0, -1) : key;
    const entry = sums.get(base) ?? { next: 0, current: 0 };
    if (atom.primed) entry.next += c;
    else entry.current += c;
    sums.set(base, entry);
  }
  if (sums.size === 0) return false;
  for (const { next, current } of sums.values()) {
    if (Math.abs(next) <= TOL || Math.abs(next + current) > 1e-9 * Math.max(1, Math.abs(next))) return false;
  }
  return true;
}

/** k with lin = k * base (constants aside), when the two are proportional. */
function proportion(lin: Linear, base: Linear): number | undefined {
  const mine = [...lin.coefficients].filter(([, v]) => Math.abs(v.c) > TOL);
  const theirs = [...base.coefficients].filter(([, v]) => Math.abs(v.c) > TOL);
  if (mine.length !== theirs.length) return undefined;
  let k: number | undefined;
  for (const [key, { c }] of theirs) {
    const m = lin.coefficients.get(key);
    if (!m || Math.abs(m.c) <= TOL) return undefined;
    const f = m.c / c;
    if (k !== undefined && Math.abs(f - k) > 1e-9 * Math.max(1, Math.abs(k))) return undefined;
    k = f;
  }
  return k;
}

const sourceText = (model: Model, e: A.Expr): string => model.file.text.slice(e.span.start, e.span.end).replace(/\s+/g, ' ').trim();

function report(model: Model, reward: A.RewardDecl, item: A.RewardItem, term: A.ExprDecl | undefined, found: Farmable): Diagnostic {
  const related: Related[] = term ? [{ span: term.name.span, message: `the term '${term.name.text}' is defined here` }] : [];
  const D = found.difference.text;
  const earns = found.best === Infinity
    ? `${showNumber(found.earnsAt)} for d = 1, and more without bound as d grows (no declared range bounds d)`
    : `up to ${showNumber(found.best)} (for d = ${showNumber(found.at)}${Number.isFinite(found.difference.reach) ? `; the declared ranges allow |d| <= ${showNumber(found.difference.reach)}` : ''})`;
  const fix: Fix[] = found.potentialText ? [rewriteFix(model, reward, item, found.potentialText)] : [];
  const name = freshName(model, item);
  const pays = found.oneSided ? `pays for a change of ${D} but does not charge for the change back` : `pays for a change of ${D} either way, out and back`;
  return diagnostic('farmable-progress', item.span,
    `'${item.label}' ${pays}: a round trip s -> s' -> s on which ${D} is d, then -d, earns ${earns}. ` +
    `Going back and forth then pays, however often it is repeated (the bicycle of Randløv & Alstrøm 1998 learned to ride in circles for such a reward). ` +
    (found.potentialText
      ? `Pay for progress with a potential instead: 'potential ${name} = ${found.potentialText}' + 'shaping ${name}' pays the same for a unit of progress, takes it back on the way back, and leaves the optimal policy unchanged (Ng, Harada & Russell 1999).`
      : `Pay for progress with a potential instead ('potential' + 'shaping'): it takes back on the way back what it paid on the way out, and leaves the optimal policy unchanged (Ng, Harada & Russell 1999).`),
    { related, fixes: fix });
}
