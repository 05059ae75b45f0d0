import type { Model } from '../names/model';
import { FUNCTION_TABLE } from '../program/functions';
import type { BinaryOp, Instr } from '../program/ir';
import { loweredCode, type LoweredCode } from '../program/lower';
import type * as A from '../syntax/ast';
import * as I from './intervals';
import type { Interval } from './intervals';

// Interval evaluation of a spec from the declared ranges (LANGUAGE.md section 2: a range is a
// promise about the data), over the lowered program (program/lower.ts `loweredCode`): one loop
// over the flat instruction array, each instruction bounded once from its args' bounds, a
// built-in by its entry of the one function table (program/functions.ts). A vector has one
// interval per element (a load of a `vector[N] in [lo, hi]` has N copies of [lo, hi]; a
// literal, a slice or an element keeps each its own), so `sum([x, 2 * x])` sees [0, 1] and
// [0, 2], not twice their hull. A prime reads the same signal on the next state, so it has the
// same range. Bools are 0/1 and enum values their member index, as in the evaluator. The tree
// is read for nothing but the instruction of each node (`nodes`).

export interface BoundsOf {
  /** The value range of an expression (of a vector: the hull of its elements). */
  expr(e: A.Expr): Interval;
  /** The value range of a declaration (signal, action, def, prop, term, potential). */
  declaration(name: string): Interval;
  /** The value range of an instruction of the lowered code (`loweredCode`; of a vector: the hull). */
  instruction(i: number): Interval;
}

// One per model, kept beside it (a WeakMap holds no model alive): the hover, the inlay hints
// and every analysis ask about the same expressions, and each instruction is bounded once.
const perModel = new WeakMap<Model, BoundsOf>();

/** The bounds of a model's expressions, computed once per instruction of its lowered code. */
export function boundsOf(model: Model): BoundsOf {
  let b = perModel.get(model);
  if (!b) {
    b = makeBounds(model);
    perModel.set(model, b);
  }
  return b;
}

function makeBounds(model: Model): BoundsOf {
  const lowered = loweredCode(model);
  const elements = instructionBounds(model, lowered);
  const hulls = new Map<number, Interval>();
  const hullOf = (i: number): Interval => {
    let h = hulls.get(i);
    if (!h) hulls.set(i, (h = hull(elements[i])));
    return h;
  };
  return {
    // A node the lowering did not reach (a formula's body) reads nothing numeric: unbounded.
    expr: (e) => {
      const i = lowered.nodes.get(e);
      return i === undefined ? I.UNBOUNDED : hullOf(i);
    },
    instruction: hullOf,
    declaration: (name) => {
      const d = model.declarations.get(name);
      if (d?.kind === 'signal' || d?.kind === 'action') return declaredRange(model, name);
      if (d?.kind === 'prop' && !d.body) return I.BOOL_RANGE;
      const i = lowered.declarations.get(name);
      return i === undefined ? I.UNBOUNDED : hullOf(i);
    },
  };
}

/** Per instruction, the interval of each element (one for a scalar), in one pass over the code. */
export function instructionBounds(model: Model, lowered: LoweredCode): readonly (readonly Interval[])[] {
  const { code } = lowered;
  const slots = slotRanges(model, lowered);
  const prevs = new Map(lowered.prev.map((e) => [e.slot, e]));
  const out: Interval[][] = new Array(code.length);
  for (let i = 0; i < code.length; i++) out[i] = bound(code[i], i);
  return out;

  function bound(ins: Instr, i: number): Interval[] {
    const width = Math.max(1, ins.shape);
    const args = ins.args.map((a) => out[a]);
    switch (ins.op) {
      case 'const':
        // NaN stands for what a broken model cannot say (a name that resolves to nothing).
        return [Number.isNaN(ins.value) ? I.UNBOUNDED : I.point(ins.value)];
      case 'load':
        return Array.from({ length: width }, (_, k) => slots[ins.slot + k] ?? I.UNBOUNDED);
      case 'prev': {
        // The previous step's value lies in the range of what it reads: a signal's or an
        // action's declared range, a def's or a term's bounds when they come before (a term
        // reading `prev` of itself is unbounded). The first step's default is not counted.
        const entry = prevs.get(ins.slot);
        const d = entry && model.declarations.get(entry.name);
        if (entry && (d?.kind === 'signal' || d?.kind === 'action')) return new Array<Interval>(width).fill(declaredRange(model, entry.name));
        if (entry && entry.value < i) return out[entry.value];
        return new Array<Interval>(width).fill(I.UNBOUNDED);
      }
      case 'unary':
        return elementwise(width, args, ([a]) => (ins.fn === '-' ? I.neg(a) : not(truth(a))));
      case 'binary':
        return elementwise(width, args, ([l, r]) => binary(ins.fn, l, r));
      case 'cond':
        return elementwise(width, args, ([test, then, otherwise]) => {
          const t = truth(test);
          if (t.lo === 1) return then;
          if (t.hi === 0) return otherwise;
          return I.union(then, otherwise);
        });
      case 'call':
        return call(ins, width, args, ins.args.map((a) => code[a].shape));
      case 'index':
        return [args[0][ins.index] ?? hull(args[0])];
      case 'slice': {
        const picked: Interval[] = [];
        for (let k = ins.start; k < ins.stop; k += ins.step) picked.push(args[0][k] ?? hull(args[0]));
        return picked.length === width ? picked : new Array<Interval>(width).fill(hull(args[0]));
      }
      case 'pack':
        return args.map(hull);
    }
  }
}

/** The declared range of a signal or action, or its type's (bool 0/1, enum member indexes). */
function declaredRange(model: Model, name: string): Interval {
  const d = model.declarations.get(name);
  if (d?.kind !== 'signal' && d?.kind !== 'action') return I.UNBOUNDED;
  const t = d.type;
  if (t?.kind === 'bool') return I.BOOL_RANGE;
  if (t?.kind === 'enum') return I.interval(0, Math.max(0, t.members.length - 1));
  return d.range && d.range.lo <= d.range.hi ? I.interval(d.range.lo, d.range.hi) : I.UNBOUNDED;
}

/** The interval of each record slot: a field's declared range on each of its slots, 0/1 for a label. */
function slotRanges(model: Model, lowered: LoweredCode): Interval[] {
  const { layout } = lowered;
  const slots = new Array<Interval>(layout.width).fill(I.UNBOUNDED);
  for (const [name, slot] of layout.index) {
    const d = model.declarations.get(name);
    const t = model.declType(name);
    const width = Math.max(1, t.kind === 'vector' ? t.length : 0);
    const range = d?.kind === 'prop' ? I.BOOL_RANGE : declaredRange(model, name);
    for (let k = 0; k < width && slot + k < slots.length; k++) slots[slot + k] = range;
  }
  return slots;
}

const hull = (elements: readonly Interval[]): Interval => elements.reduce(I.union);

/** Element k of each arg (a scalar arg beside a vector applies to every element). */
function elementwise(width: number, args: readonly (readonly Interval[])[], f: (xs: readonly Interval[]) => Interval): Interval[] {
  const out = new Array<Interval>(width);
  for (let k = 0; k < width; k++) out[k] = f(args.map((a) => (a.length === 1 ? a[0] : a[k] ?? hull(a))));
  return out;
}

/**
 * A built-in's bound, from the one function table. A reduction sees each element's interval:
 * `sum(a^2)` over `vector[8] in [-1, 1]` lies in [0, 8] (LANGUAGE.md section 10).
 */
function call(ins: Extract<Instr, { op: 'call' }>, width: number, args: readonly (readonly Interval[])[], shapes: readonly number[]): Interval[] {
  const fn = FUNCTION_TABLE.get(ins.fn);
  if (!fn || args.length === 0) return new Array<Interval>(width).fill(I.UNBOUNDED);
  if (fn.reduce && shapes[0] > 0 && args.length === fn.reduce.vectors) {
    const n = shapes[0];
    const elements = fn.reduce.vectors === 2 ? elementwise(n, args, ([x, y]) => I.mul(x, y)) : elementwise(n, args, ([x]) => x);
    return [fn.reduce.interval(elements, n)];
  }
  const scalar = fn.scalar;
  return scalar ? elementwise(width, args, (xs) => scalar.interval(xs)) : new Array<Interval>(width).fill(I.UNBOUNDED);
}

/** A value read as a condition: 0 is false, anything else true. */
function truth(a: Interval): Interval {
  if (a.lo === 0 && a.hi === 0) return I.point(0);
  if (a.lo > 0 || a.hi < 0) return I.point(1);
  return I.BOOL_RANGE;
}

const not = (a: Interval): Interval => I.interval(1 - a.hi, 1 - a.lo);

function binary(op: BinaryOp, l: Interval, r: Interval): Interval {
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
