import { diagnostic, type Diagnostic, type Fix, type Related } from '../base/diagnostic';
import { foldTree } from '../base/fold';
import type { Model } from '../names/model';
import type { Instr } from '../program/ir';
import type * as A from '../syntax/ast';
import * as I from './intervals';
import { showNumber } from './intervals';
import { itemRole, itemWeight } from './item-roles';
import { laterSide, linearReader, plus, scaled, sumText, type Atom, type Linear, type LinearReader } from './potential-form';
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
// The item is read on the lowered program (program/lower.ts): a piece per instruction, from its
// op and its args' pieces; the tree only names the difference in the message.

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

/**
 * A function of d, the value of the potential difference: instruction `id` of its reader's
 * code (a flat array, children first, so evaluating it is a loop: no closure nests another).
 */
interface Piece {
  readonly id: number;
  /** a * d + b when the piece is affine in d (a constant has a = 0). */
  readonly affine?: { readonly a: number; readonly b: number };
}

type Op =
  | { readonly op: 'affine'; readonly a: number; readonly b: number }
  | { readonly op: 'add'; readonly l: number; readonly r: number; readonly sign: number }
  | { readonly op: 'scale'; readonly x: number; readonly k: number }
  | { readonly op: 'pow'; readonly x: number; readonly k: number }
  | { readonly op: 'cond'; readonly a: number; readonly b: number; readonly holds: (x: number) => boolean; readonly then: number; readonly else: number }
  | { readonly op: 'abs'; readonly x: number }
  | { readonly op: 'max' | 'min'; readonly args: readonly number[] }
  | { readonly op: 'clamp'; readonly x: number; readonly lo: number; readonly hi: number };

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
/** Candidate changes tried beyond the named ones: enough for any item people write. */
const MAX_BREAKS = 200;

/** Whether `weight * e` is farmable progress, and what a round trip earns. */
export function farmable(model: Model, e: A.Expr, weight: number): Farmable | undefined {
  // Defs first kept as atoms (the fix then says `dist`), then expanded.
  for (const expandDefs of [false, true]) {
    const reader = new Reader(model, linearReader(model, e, expandDefs));
    const piece = reader.piece(e);
    if (!piece || piece.affine || !reader.difference) continue;
    // A recognised function that a round trip cannot farm is a verdict, not a reason to retry.
    return judge(reader.difference, reader.function(reader.scale(weight, piece)), reader.breakList());
  }
  return undefined;
}

type Fn = (d: number) => number;

function judge(difference: Difference, h: Fn, breaks: readonly number[]): Farmable | undefined {
  const R = (d: number) => h(d) + h(-d);
  const reach = difference.reach;
  // On a tie the first point wins: a whole unit, then the farthest change, then the breaks.
  const points = new Set<number>();
  if (reach >= 1) points.add(1);
  if (Number.isFinite(reach)) points.add(reach);
  for (const b of breaks) {
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
    const far = 2 * (1 + breaks.reduce((m, b) => (Number.isFinite(b) ? Math.max(m, Math.abs(b)) : m), 0));
    if (R(2 * far) > R(far) + TOL * Math.max(1, Math.abs(R(far)))) {
      best = Infinity;
      at = 1;
    }
  }
  const scale = Math.max(1, Math.abs(still));
  if (!(best > TOL * scale) || !(best > still + TOL * scale)) return undefined;
  return { difference, best, at, earnsAt: R(at), oneSided: paysOn(h, 1, breaks) !== paysOn(h, -1, breaks), potentialText: potentialFor(difference, h, breaks) };
}

/** The potential `s * g` with `D = g(s') - g(s)` that pays what the item pays for a unit of
 *  progress, when the item pays on one side of 0 only (`max(0, D)`, `D > 0 ? c : 0`). */
function potentialFor(difference: Difference, h: Fn, breaks: readonly number[]): string | undefined {
  if (Math.abs(h(0)) > TOL) return undefined;
  const up = paysOn(h, 1, breaks);
  if (up === paysOn(h, -1, breaks)) return undefined;
  const unit = Math.min(1, difference.reach);
  const slope = up ? h(unit) / unit : -h(-unit) / unit;
  if (!Number.isFinite(slope) || Math.abs(slope) <= TOL) return undefined;
  const terms: { c: number; atom: Atom }[] = [];
  const later = laterSide(difference.linear);
  for (const { atom, c } of difference.linear.coefficients.values()) if (later?.(atom) && Math.abs(c) > TOL) terms.push({ c: slope * c, atom });
  return terms.length > 0 ? sumText(terms) : undefined;
}

/** Whether h pays anything for changes of D of one sign. */
function paysOn(h: Fn, sign: number, breaks: readonly number[]): boolean {
  const probes = [1e-6, 1e-3, 0.5, 1, 2, 10, 1e3, ...breaks.map((b) => Math.abs(b) + 1e-6)];
  return probes.some((x) => Math.abs(h(sign * x)) > TOL);
}

/** Reads an expression as a function of the one potential difference it depends on. */
class Reader {
  /** The difference every piece is a function of: the first one met, in source order. */
  difference?: Difference;
  private readonly code: Op[] = [];
  private readonly breaks = new Set<number>();
  /** Each instruction read so far: a term used twice, or a shared subexpression, is read once. */
  private readonly pieces = new Map<number, Piece | undefined>();

  constructor(private readonly model: Model, private readonly lin: LinearReader) {}

  /**
   * Stack-safe: a fold over the instructions below the root (base/fold.ts), args before the
   * instruction that reads them. Below an instruction that is a linear form as a whole, nothing
   * is read: `(x' - x) + (y' - y)` is one difference, not two.
   */
  piece(root: A.Expr): Piece | undefined {
    const top = this.lin.instruction(root);
    if (top === undefined) return undefined;
    const { code } = this.lin;
    return foldTree<number, Piece | undefined>(
      top,
      (i) => (this.pieces.has(i) || this.lin.peek(i) !== undefined ? NONE : code[i].args),
      (i, kids) => {
        if (!this.pieces.has(i)) this.pieces.set(i, this.node(i, kids));
        return this.pieces.get(i);
      },
    );
  }

  /** The function of d that a piece computes: one loop over the code up to it. */
  function(p: Piece): Fn {
    const code = this.code.slice(0, p.id + 1);
    const v = new Float64Array(code.length);
    return (d) => {
      for (let i = 0; i < code.length; i++) v[i] = step(code[i], v, d);
      return v[code.length - 1];
    };
  }

  /** The breaks of every piece built (a few more candidates never hurt: each is a real value). */
  breakList(): number[] {
    const all = [...this.breaks].filter(Number.isFinite);
    if (all.length <= MAX_BREAKS) return all;
    all.sort((a, b) => Math.abs(a) - Math.abs(b));
    return Array.from({ length: MAX_BREAKS }, (_, i) => all[Math.floor((i * (all.length - 1)) / (MAX_BREAKS - 1))]);
  }

  scale(k: number, p: Piece): Piece {
    return this.emit({ op: 'scale', x: p.id, k }, p.affine && { a: k * p.affine.a, b: k * p.affine.b });
  }

  private emit(op: Op, affine?: { a: number; b: number }, breaks: readonly number[] = []): Piece {
    for (const b of breaks) if (Number.isFinite(b)) this.breaks.add(b);
    return { id: this.code.push(op) - 1, affine };
  }

  private text(i: number): string {
    const e = this.lin.node(i);
    return e ? sourceText(this.model, e) : '?';
  }

  private node(i: number, kids: readonly (Piece | undefined)[]): Piece | undefined {
    const lin = this.lin.peek(i);
    if (lin) return this.affine(lin, () => this.lin.bounds.instruction(i), () => this.text(i));
    const ins = this.lin.code[i];
    switch (ins.op) {
      case 'unary':
        return ins.fn === '-' && kids[0] ? this.scale(-1, kids[0]) : undefined;
      case 'binary':
        return kids[0] && kids[1] ? this.binary(ins.fn, kids[0], kids[1]) : undefined;
      case 'cond': {
        const side = kids[1] && kids[2] ? this.test(ins.args[0]) : undefined;
        return side && this.conditional(side, kids[1]!, kids[2]!, (this.lin.code[ins.args[0]] as Comparison).fn);
      }
      case 'call':
        return kids.every((k): k is Piece => k !== undefined) ? this.call(ins.fn, kids) : undefined;
      default:
        return undefined;
    }
  }

  /** A linear form as an affine function of d: a constant, or a multiple of the difference. */
  private affine(lin: Linear, range: () => I.Interval, text: () => string): Piece | undefined {
    const terms = [...lin.coefficients.values()].filter((x) => Math.abs(x.c) > TOL);
    if (terms.length === 0) return this.emit({ op: 'affine', a: 0, b: lin.constant }, { a: 0, b: lin.constant });
    if (!isDifference(lin)) return undefined;
    if (!this.difference) {
      const r = range();
      const reach = I.magnitude(I.interval(r.lo - lin.constant, r.hi - lin.constant));
      this.difference = { linear: { coefficients: lin.coefficients, constant: 0 }, text: text(), reach };
    }
    const k = proportion(lin, this.difference.linear);
    if (k === undefined) return undefined;
    return this.emit({ op: 'affine', a: k, b: lin.constant }, { a: k, b: lin.constant });
  }

  /** The test of a conditional, `L op R`, as the affine piece L - R. The two sides of `f' < f`
   *  need not be differences one by one: their difference is. */
  private test(t: number): Piece | undefined {
    const test = this.lin.code[t];
    if (test.op !== 'binary' || !(test.fn === '<' || test.fn === '<=' || test.fn === '>' || test.fn === '>=')) return undefined;
    const [l, r] = test.args;
    const ll = this.lin.linear(l);
    const rl = ll && this.lin.linear(r);
    if (!ll || !rl) return undefined;
    const b = this.lin.bounds;
    const side = this.affine(plus(ll, scaled(-1, rl)), () => I.sub(b.instruction(l), b.instruction(r)), () => `${this.text(l)} - ${this.text(r)}`);
    return side?.affine ? side : undefined;
  }

  private binary(fn: string, l: Piece, r: Piece): Piece | undefined {
    switch (fn) {
      case '+':
      case '-': {
        const sign = fn === '+' ? 1 : -1;
        const affine = l.affine && r.affine ? { a: l.affine.a + sign * r.affine.a, b: l.affine.b + sign * r.affine.b } : undefined;
        return this.emit({ op: 'add', l: l.id, r: r.id, sign }, affine);
      }
      case '*':
        if (r.affine?.a === 0) return this.scale(r.affine.b, l);
        if (l.affine?.a === 0) return this.scale(l.affine.b, r);
        return undefined;
      case '/':
        return r.affine?.a === 0 && r.affine.b !== 0 ? this.scale(1 / r.affine.b, l) : undefined;
      case '^':
        if (r.affine?.a !== 0) return undefined;
        return this.emit({ op: 'pow', x: l.id, k: r.affine.b }, undefined, l.affine && l.affine.a !== 0 ? [-l.affine.b / l.affine.a] : []);
      default:
        return undefined;
    }
  }

  private conditional(side: Piece, then: Piece, other: Piece, op: Comparison['fn']): Piece {
    const { a, b } = side.affine!;
    return this.emit({ op: 'cond', a, b, holds: compare(op), then: then.id, else: other.id }, undefined, a !== 0 ? [-b / a] : []);
  }

  private call(fn: string, args: readonly Piece[]): Piece | undefined {
    switch (fn) {
      case 'abs':
        return args.length === 1 ? this.emit({ op: 'abs', x: args[0].id }, undefined, roots(args[0], ZERO)) : undefined;
      case 'max':
      case 'min': {
        if (args.length === 0) return undefined;
        // Crossings of pairs: quadratic in the arguments, so only for the few people write.
        const crossings = args.length <= 16 ? args.flatMap((p, i) => args.slice(i + 1).flatMap((q) => roots(p, q))) : [];
        return this.emit({ op: fn, args: args.map((p) => p.id) }, undefined, crossings);
      }
      case 'clamp': {
        if (args.length !== 3) return undefined;
        const [x, lo, hi] = args;
        return this.emit({ op: 'clamp', x: x.id, lo: lo.id, hi: hi.id }, undefined, [...roots(x, lo), ...roots(x, hi)]);
      }
      default:
        return undefined;
    }
  }
}

const NONE: readonly never[] = [];
const ZERO: Piece = { id: -1, affine: { a: 0, b: 0 } };

function step(o: Op, v: Float64Array, d: number): number {
  switch (o.op) {
    case 'affine':
      return o.a * d + o.b;
    case 'add':
      return v[o.l] + o.sign * v[o.r];
    case 'scale':
      return o.k * v[o.x];
    case 'pow':
      return Math.pow(v[o.x], o.k);
    case 'cond':
      return o.holds(o.a * d + o.b) ? v[o.then] : v[o.else];
    case 'abs':
      return Math.abs(v[o.x]);
    case 'max':
    case 'min': {
      let m = v[o.args[0]];
      for (let i = 1; i < o.args.length; i++) m = o.op === 'max' ? Math.max(m, v[o.args[i]]) : Math.min(m, v[o.args[i]]);
      return m;
    }
    case 'clamp':
      return Math.min(Math.max(v[o.x], v[o.lo]), v[o.hi]);
  }
}

/** Where two affine pieces meet. */
function roots(p: Piece, q: Piece): number[] {
  if (!p.affine || !q.affine) return [];
  const a = p.affine.a - q.affine.a;
  return a === 0 ? [] : [(q.affine.b - p.affine.b) / a];
}

type Comparison = Extract<Instr, { op: 'binary' }> & { readonly fn: '<' | '<=' | '>' | '>=' };

const compare = (op: '<' | '<=' | '>' | '>='): ((x: number) => boolean) =>
  op === '<' ? (x) => x < 0 : op === '<=' ? (x) => x <= 0 : op === '>' ? (x) => x > 0 : (x) => x >= 0;

/** Every atom appears on s' and on s with opposite coefficients: sum of c * (f' - f). */
function isDifference(lin: Linear): boolean {
  const later = laterSide(lin);
  if (!later) return false;
  const sums = new Map<string, { next: number; current: number }>();
  for (const [key, { atom, c }] of lin.coefficients) {
    if (Math.abs(c) <= TOL) continue;
    const base = atom.primed || atom.previous ? key.slice(0, -1) : key;
    const entry = sums.get(base) ?? { next: 0, current: 0 };
    if (later(atom)) entry.next += c;
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

/** An expression as written, whitespace collapsed, cut short for a message. */
function sourceText(model: Model, e: A.Expr): string {
  const text = model.file.text.slice(e.span.start, Math.min(e.span.end, e.span.start + 200)).replace(/\s+/g, ' ').trim();
  return text.length > 60 || e.span.end - e.span.start > 200 ? `${text.slice(0, 57)}...` : text;
}

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
