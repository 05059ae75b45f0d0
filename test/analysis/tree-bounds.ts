// The bounds as they were computed over the syntax tree before they moved onto the lowered
// program (issue #12): kept only as the oracle of test/analysis/program-bounds.test.ts.
import type { Model } from '../../server/src/names/model';
import type * as A from '../../server/src/syntax/ast';
import { fold } from '../../server/src/syntax/walk';
import { FUNCTION_TABLE } from '../../server/src/program/functions';
import * as I from '../../server/src/analysis/intervals';
import type { Interval } from '../../server/src/analysis/intervals';

// Interval evaluation of expressions from the declared ranges (LANGUAGE.md section 2: a range
// is a promise about the data). A prime reads the same signal on the next state, so it has
// the same range. Bools are 0/1 and enum values their member index, as in the evaluator.

export interface BoundsOf {
  expr(e: A.Expr): Interval;
  /** The value range of a declaration (signal, action, def, prop, term, potential). */
  declaration(name: string): Interval;
}

// One evaluator per model, kept beside it (a WeakMap holds no model alive): the hover, the
// inlay hints and every analysis ask about the same expressions, and each node is bounded once.
const perModel = new WeakMap<Model, BoundsOf>();

/** The bounds of a model's expressions, computed once per node and per declaration. */
export function treeBoundsOf(model: Model): BoundsOf {
  let b = perModel.get(model);
  if (!b) {
    b = makeBounds(model);
    perModel.set(model, b);
  }
  return b;
}

function makeBounds(model: Model): BoundsOf {
  const nodes = new Map<A.Expr, Interval>();
  let declarations: Map<string, Interval> | undefined;

  // Declarations in dependency order (names/check.ts): a body only names declarations bounded
  // before it, so no bound recurses into another. A name on a cycle is an error elsewhere.
  const declaration = (name: string): Interval => {
    if (!declarations) {
      declarations = new Map();
      for (const n of model.order) declarations.set(n, declarationOf(n));
    }
    const known = declarations.get(name);
    if (known) return known;
    // Signals and actions have no body (and no place in the order); a name on a cycle (an
    // error of the names checker) is unbounded.
    const d = model.declarations.get(name);
    // (One change to the old code: it left an external label, which has no body and so no
    // place in the order, unbounded; the program bounds it 0/1, and so does the oracle now.)
    const v = d?.kind === 'signal' || d?.kind === 'action' || (d?.kind === 'prop' && !d.body) ? declarationOf(name) : I.UNBOUNDED;
    declarations.set(name, v);
    return v;
  };

  const declarationOf = (name: string): Interval => {
    const d = model.declarations.get(name);
    if (!d) return I.UNBOUNDED;
    switch (d.kind) {
      case 'signal':
      case 'action': {
        const t = d.type;
        if (t?.kind === 'bool') return I.BOOL_RANGE;
        if (t?.kind === 'enum') return I.interval(0, Math.max(0, t.members.length - 1));
        return d.range && d.range.lo <= d.range.hi ? I.interval(d.range.lo, d.range.hi) : I.UNBOUNDED;
      }
      case 'prop':
        return d.body ? truth(expr(d.body)) : I.BOOL_RANGE;
      case 'def':
      case 'term':
      case 'potential':
        return expr(d.body);
      default:
        return I.UNBOUNDED;
    }
  };

  // Stack-safe: a fold keeps its own stack, so a 100,000-term sum is bounded in a loop.
  const leave = (e: A.Expr, kids: readonly Interval[]): Interval => {
    const known = nodes.get(e);
    if (known) return known;
    const v = node(e, kids);
    nodes.set(e, v);
    return v;
  };

  const node = (e: A.Expr, kids: readonly Interval[]): Interval => {
    switch (e.kind) {
      case 'number':
        return I.point(e.value);
      case 'bool':
        return I.point(e.value ? 1 : 0);
      case 'paren':
        return kids[0];
      case 'name': {
        const target = model.targetOf(e);
        if (target?.kind === 'member') {
          const t = model.declType(target.owner);
          return t.kind === 'enum' ? I.point(t.members.indexOf(target.member)) : I.UNBOUNDED;
        }
        // `pi` is a constant wherever no declaration is named so (LANGUAGE.md section 13).
        if (target === undefined && e.name.text === 'pi' && !model.declarations.has('pi')) return I.point(Math.PI);
        return declaration(e.name.text);
      }
      // An element, a slice or the previous step's value lies in the range of what it reads.
      case 'index':
      case 'slice':
        return kids[0];
      case 'prev':
        return declaration(e.name.text);
      case 'vector':
        return kids.reduce(I.union);
      case 'unary':
        return e.op === '-' ? I.neg(kids[0]) : not(truth(kids[0]));
      case 'binary':
        return binary(e.op, kids[0], kids[1]);
      case 'conditional': {
        const test = truth(kids[0]);
        if (test.lo === 1) return kids[1];
        if (test.hi === 0) return kids[2];
        return I.union(kids[1], kids[2]);
      }
      case 'call':
        return call(e, kids, model);
      default:
        // Temporal operators and syntax errors never reach a numeric context of a sound model.
        return I.UNBOUNDED;
    }
  };

  const expr = (e: A.Expr): Interval => nodes.get(e) ?? fold(e, leave);

  return { expr, declaration };
}

/** A value read as a condition: 0 is false, anything else true. */
function truth(a: Interval): Interval {
  if (a.lo === 0 && a.hi === 0) return I.point(0);
  if (a.lo > 0 || a.hi < 0) return I.point(1);
  return I.BOOL_RANGE;
}

const not = (a: Interval): Interval => I.interval(1 - a.hi, 1 - a.lo);

function binary(op: A.BinaryOp, l: Interval, r: Interval): Interval {
  switch (op) {
    case '+': return I.add(l, r);
    case '-': return I.sub(l, r);
    case '*': return I.mul(l, r);
    case '/': return I.div(l, r);
    case '%': return I.mod(l, r);
    case '^': return I.pow(l, r);
    case '<': case '<=': case '>': case '>=': case '==': case '!=':
      return I.compare(op, l, r);
    case '&&': {
      const a = truth(l);
      const b = truth(r);
      return I.interval(Math.min(a.lo, b.lo), Math.min(a.hi, b.hi));
    }
    case '||': {
      const a = truth(l);
      const b = truth(r);
      return I.interval(Math.max(a.lo, b.lo), Math.max(a.hi, b.hi));
    }
    case '->': {
      const a = not(truth(l));
      const b = truth(r);
      return I.interval(Math.max(a.lo, b.lo), Math.max(a.hi, b.hi));
    }
    case '<->': {
      const a = truth(l);
      const b = truth(r);
      if (I.isPoint(a) && I.isPoint(b)) return I.point(a.lo === b.lo ? 1 : 0);
      return I.BOOL_RANGE;
    }
  }
}

/**
 * A built-in's bound, from the one function table (program/functions.ts). A vector's interval
 * holds every element, so a reduction sees `n` elements of that interval: `sum(a^2)` over
 * `vector[8] in [-1, 1]` lies in [0, 8] (LANGUAGE.md section 10).
 */
function call(e: Extract<A.Expr, { kind: 'call' }>, args: readonly Interval[], model: Model): Interval {
  const fn = FUNCTION_TABLE.get(e.callee.text);
  if (!fn || args.length === 0) return I.UNBOUNDED;
  const first = model.typeOf(e.args[0]);
  if (fn.reduce && first.kind === 'vector' && args.length === fn.reduce.vectors) {
    const n = first.length;
    const element = fn.reduce.vectors === 2 ? I.mul(args[0], args[1]) : args[0];
    return fn.reduce.interval(new Array<Interval>(n).fill(element), n);
  }
  return fn.scalar ? fn.scalar.interval(args) : I.UNBOUNDED;
}
