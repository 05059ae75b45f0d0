import type { Model } from '../names/model';
import type * as A from '../syntax/ast';
import { slotsOf, type RecordLayout } from './layout';

/**
 * A compiled expression. `s` is the record of the state the expression is read on, `a` the
 * record holding the action a_t, `n` the record of the next state. Bools are 0/1, enum values
 * their member index. For a step (s_t, a_t, s_{t+1}) terms are called as f(cur, cur, next); a
 * machine guard or an ltl atom, read on the reached state (LANGUAGE.md section 3, labels),
 * as f(next, cur, next). Where the checker allows only one number (items, guards, props,
 * potentials) the value is a number; a `Value` is a number or, for a vector, an array.
 */
export type Fn = (s: Float64Array, a: Float64Array, n: Float64Array) => number;
export type Value = number | readonly number[];
type VFn = (s: Float64Array, a: Float64Array, n: Float64Array) => Value;

export interface Compiler {
  compile(e: A.Expr): Fn;
  /** The value of a declaration (def, prop, term, potential) on (s, a, n). */
  declaration(name: string): Fn;
  /** The value of a declaration that may be a vector (what `prev` stores). */
  value(name: string): VFn;
  /** `prev(NAME)` reads `previous.get(NAME)`: the runner stores each name's value at the end of a step. */
  readonly previous: Map<string, Value>;
}

const truth = (x: number) => (x !== 0 ? 1 : 0);

export function makeCompiler(model: Model, layout: RecordLayout): Compiler {
  const cache = new Map<string, VFn>();
  const previous = new Map<string, Value>();

  const declaration = (name: string): VFn => {
    const known = cache.get(name);
    if (known) return known;
    // Declarations can refer to each other in any order: compile lazily, through a cell.
    let impl: VFn | undefined;
    const cell: VFn = (s, a, n) => (impl ??= build(name))(s, a, n);
    cache.set(name, cell);
    return cell;
  };

  const build = (name: string): VFn => {
    const d = model.declarations.get(name);
    if (!d) return () => NaN;
    switch (d.kind) {
      case 'signal':
      case 'action': {
        const i = layout.index.get(name)!;
        const length = d.type?.kind === 'vector' ? slotsOf(layout, name)!.length : 0;
        // A vector field is its slots, in order (eval/layout.ts).
        if (length > 0) return d.kind === 'action' ? (_s, a) => Array.from(a.subarray(i, i + length)) : (s) => Array.from(s.subarray(i, i + length));
        return d.kind === 'action' ? (_s, a) => a[i] : (s) => s[i];
      }
      case 'prop': {
        if (!d.body) {
          const i = layout.index.get(name)!;
          return (s) => s[i];
        }
        const body = compile(d.body);
        return (s, a, n) => truth(body(s, a, n) as number);
      }
      case 'def':
      case 'term':
      case 'potential':
        return compile(d.body);
      default:
        return () => NaN;
    }
  };

  const compile = (e: A.Expr): VFn => {
    switch (e.kind) {
      case 'number': {
        const v = e.value;
        return () => v;
      }
      case 'bool': {
        const v = e.value ? 1 : 0;
        return () => v;
      }
      case 'paren':
        return compile(e.inner);
      case 'name': {
        if (e.name.text === 'pi' && !model.declarations.has('pi')) return () => Math.PI;
        const target = model.targetOf(e);
        if (target?.kind === 'member') {
          const v = model.declType(target.owner).kind === 'enum' ? (model.declType(target.owner) as { members: readonly string[] }).members.indexOf(target.member) : NaN;
          return () => v;
        }
        const f = declaration(e.name.text);
        const d = model.declarations.get(e.name.text);
        // A primed state name is the same function read on the next state (LANGUAGE.md section 3).
        if (e.primed && d && d.kind !== 'action' && d.kind !== 'term') return (_s, a, n) => f(n, a, n);
        return f;
      }
      case 'unary': {
        const x = compile(e.operand);
        return e.op === '!' ? (s, a, n) => lift1(x(s, a, n), (v) => (v !== 0 ? 0 : 1)) : (s, a, n) => lift1(x(s, a, n), (v) => -v);
      }
      case 'binary':
        return binary(e.op, compile(e.left), compile(e.right));
      case 'conditional': {
        const c = compile(e.test);
        const t = compile(e.then);
        const o = compile(e.else);
        return (s, a, n) => {
          const test = c(s, a, n);
          // A number picks a whole branch; a vector of bools picks per element.
          if (typeof test === 'number') return test !== 0 ? t(s, a, n) : o(s, a, n);
          const x = t(s, a, n);
          const y = o(s, a, n);
          return test.map((b, k) => (b !== 0 ? at(x, k) : at(y, k)));
        };
      }
      case 'call':
        return call(e.callee.text, e.args.map(compile));
      case 'index': {
        const x = compile(e.target);
        const k = e.index;
        return (s, a, n) => (x(s, a, n) as readonly number[])[k];
      }
      case 'slice': {
        const x = compile(e.target);
        const b = e.bounds;
        return (s, a, n) => {
          const v = x(s, a, n) as readonly number[];
          const step = b.step ?? 1;
          const out: number[] = [];
          for (let k = b.start ?? 0; k < (b.end ?? v.length); k += step) out.push(v[k]);
          return out;
        };
      }
      case 'vector': {
        const xs = e.elements.map(compile);
        return (s, a, n) => xs.map((f) => f(s, a, n) as number);
      }
      case 'prev': {
        const name = e.name.text;
        if (!previous.has(name)) previous.set(name, 0);
        return () => previous.get(name)!;
      }
      default:
        return () => NaN;
    }
  };

  return { compile: compile as (e: A.Expr) => Fn, declaration: declaration as (name: string) => Fn, value: declaration, previous };
}

/** Element k of a value: a number stands for every element (LANGUAGE.md section 10). */
const at = (v: Value, k: number): number => (typeof v === 'number' ? v : v[k]);

function lift1(x: Value, f: (v: number) => number): Value {
  return typeof x === 'number' ? f(x) : x.map(f);
}

/** f element by element over values, a number beside a vector applying to every element. */
function liftN(xs: readonly Value[], f: (...v: number[]) => number): Value {
  const vector = xs.find((x): x is readonly number[] => typeof x !== 'number');
  if (!vector) return f(...(xs as number[]));
  return vector.map((_, k) => f(...xs.map((x) => at(x, k))));
}

const op2 = (l: VFn, r: VFn, f: (x: number, y: number) => number): VFn => (s, a, n) => liftN([l(s, a, n), r(s, a, n)], f);

function binary(op: A.BinaryOp, l: VFn, r: VFn): VFn {
  switch (op) {
    case '+': return op2(l, r, (x, y) => x + y);
    case '-': return op2(l, r, (x, y) => x - y);
    case '*': return op2(l, r, (x, y) => x * y);
    case '/': return op2(l, r, (x, y) => x / y);
    // JavaScript's % is C's fmod: the sign of the dividend (LANGUAGE.md section 3).
    case '%': return op2(l, r, (x, y) => x % y);
    case '^': return op2(l, r, (x, y) => Math.pow(x, y));
    case '==': return op2(l, r, (x, y) => (x === y ? 1 : 0));
    case '!=': return op2(l, r, (x, y) => (x !== y ? 1 : 0));
    case '<': return op2(l, r, (x, y) => (x < y ? 1 : 0));
    case '<=': return op2(l, r, (x, y) => (x <= y ? 1 : 0));
    case '>': return op2(l, r, (x, y) => (x > y ? 1 : 0));
    case '>=': return op2(l, r, (x, y) => (x >= y ? 1 : 0));
    case '&&': return op2(l, r, (x, y) => (x !== 0 && y !== 0 ? 1 : 0));
    case '||': return op2(l, r, (x, y) => (x !== 0 || y !== 0 ? 1 : 0));
    case '->': return op2(l, r, (x, y) => (x === 0 || y !== 0 ? 1 : 0));
    case '<->': return op2(l, r, (x, y) => ((x !== 0) === (y !== 0) ? 1 : 0));
  }
}

/** Python's float % (CPython float_rem), NaN for a zero divisor: written apart from the function table on purpose. */
function pythonMod(x: number, m: number): number {
  if (m === 0 || Number.isNaN(x) || Number.isNaN(m)) return NaN;
  let r = x % m;
  if (r === 0) r = m < 0 ? -0 : 0;
  else if (r < 0 !== m < 0) r += m;
  return r;
}

/** The reductions of LANGUAGE.md section 10, in element order from 0. */
function reduce(name: string, v: readonly number[], w: readonly number[] | undefined): number {
  let acc = 0;
  switch (name) {
    case 'sum':
      for (const x of v) acc += x;
      return acc;
    case 'mean':
      for (const x of v) acc += x;
      return acc / v.length;
    case 'norm':
    case 'hypot':
      // hypot(v) of one vector is norm(v), sqrt of the sum of squares (docs/language.md).
      for (const x of v) acc += x * x;
      return Math.sqrt(acc);
    case 'dot':
      v.forEach((x, k) => (acc += x * w![k]));
      return acc;
    case 'min':
      return Math.min(...v);
    case 'max':
      return Math.max(...v);
    case 'any':
      return v.some((x) => x !== 0) ? 1 : 0;
    case 'all':
      return v.every((x) => x !== 0) ? 1 : 0;
    case 'count':
      return v.filter((x) => x !== 0).length;
    default:
      return NaN;
  }
}

const REDUCTIONS = new Set(['sum', 'mean', 'norm', 'dot', 'any', 'all', 'count']);

function call(name: string, args: VFn[]): VFn {
  return (s, a, n) => {
    const xs = args.map((f) => f(s, a, n));
    // A reduction, or min/max/hypot of exactly one vector.
    if (REDUCTIONS.has(name) || (xs.length === 1 && typeof xs[0] !== 'number' && (name === 'min' || name === 'max' || name === 'hypot'))) {
      return reduce(name, xs[0] as readonly number[], xs[1] as readonly number[] | undefined);
    }
    return liftN(xs, scalar(name, xs.length));
  };
}

function scalar(name: string, arity: number): (...v: number[]) => number {
  switch (name) {
    case 'abs': return Math.abs;
    case 'sqrt': return Math.sqrt;
    case 'exp': return Math.exp;
    case 'log': return Math.log;
    case 'tanh': return Math.tanh;
    case 'sign': return Math.sign;
    case 'floor': return Math.floor;
    case 'ceil': return Math.ceil;
    case 'clamp': return (x, lo, hi) => Math.min(Math.max(x, lo), hi);
    case 'min': return arity === 1 ? (x) => x : Math.min;
    case 'max': return arity === 1 ? (x) => x : Math.max;
    case 'hypot': return Math.hypot;
    case 'sin': return Math.sin;
    case 'cos': return Math.cos;
    case 'tan': return Math.tan;
    case 'asin': return Math.asin;
    case 'acos': return Math.acos;
    case 'atan': return Math.atan;
    case 'atan2': return Math.atan2;
    case 'mod': return pythonMod;
    default: return () => NaN;
  }
}
