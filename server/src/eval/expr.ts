import type { Model } from '../names/model';
import type * as A from '../syntax/ast';
import type { RecordLayout } from './layout';

/**
 * A compiled expression. `s` is the record of the state the expression is read on, `a` the
 * record holding the action a_t, `n` the record of the next state. Bools are 0/1, enum values
 * their member index. For a step (s_t, a_t, s_{t+1}) terms are called as f(cur, cur, next); a
 * machine guard or an ltl atom, read on the reached state (LANGUAGE.md section 3, labels),
 * as f(next, cur, next).
 */
export type Fn = (s: Float64Array, a: Float64Array, n: Float64Array) => number;

export interface Compiler {
  compile(e: A.Expr): Fn;
  /** The value of a declaration (def, prop, term, potential) on (s, a, n). */
  declaration(name: string): Fn;
  /** `prev(NAME)` reads `previous.get(NAME)`: the runner stores each name's value at the end of a step. */
  readonly previous: Map<string, number>;
}

const truth = (x: number) => (x !== 0 ? 1 : 0);

export function makeCompiler(model: Model, layout: RecordLayout): Compiler {
  const cache = new Map<string, Fn>();
  const previous = new Map<string, number>();

  const declaration = (name: string): Fn => {
    const known = cache.get(name);
    if (known) return known;
    // Declarations can refer to each other in any order: compile lazily, through a cell.
    let impl: Fn | undefined;
    const cell: Fn = (s, a, n) => (impl ??= build(name))(s, a, n);
    cache.set(name, cell);
    return cell;
  };

  const build = (name: string): Fn => {
    const d = model.declarations.get(name);
    if (!d) return () => NaN;
    switch (d.kind) {
      case 'signal':
      case 'action': {
        const i = layout.index.get(name)!;
        return d.kind === 'action' ? (_s, a) => a[i] : (s) => s[i];
      }
      case 'prop': {
        if (!d.body) {
          const i = layout.index.get(name)!;
          return (s) => s[i];
        }
        const body = compile(d.body);
        return (s, a, n) => truth(body(s, a, n));
      }
      case 'def':
      case 'term':
      case 'potential':
        return compile(d.body);
      default:
        return () => NaN;
    }
  };

  const compile = (e: A.Expr): Fn => {
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
        return e.op === '!' ? (s, a, n) => (x(s, a, n) !== 0 ? 0 : 1) : (s, a, n) => -x(s, a, n);
      }
      case 'binary':
        return binary(e.op, compile(e.left), compile(e.right));
      case 'conditional': {
        const c = compile(e.test);
        const t = compile(e.then);
        const o = compile(e.else);
        return (s, a, n) => (c(s, a, n) !== 0 ? t(s, a, n) : o(s, a, n));
      }
      case 'call':
        return call(e.callee.text, e.args.map(compile));
      case 'prev': {
        const name = e.name.text;
        if (!previous.has(name)) previous.set(name, 0);
        return () => previous.get(name)!;
      }
      default:
        return () => NaN;
    }
  };

  return { compile, declaration, previous };
}

function binary(op: A.BinaryOp, l: Fn, r: Fn): Fn {
  switch (op) {
    case '+': return (s, a, n) => l(s, a, n) + r(s, a, n);
    case '-': return (s, a, n) => l(s, a, n) - r(s, a, n);
    case '*': return (s, a, n) => l(s, a, n) * r(s, a, n);
    case '/': return (s, a, n) => l(s, a, n) / r(s, a, n);
    // JavaScript's % is C's fmod: the sign of the dividend (LANGUAGE.md section 3).
    case '%': return (s, a, n) => l(s, a, n) % r(s, a, n);
    case '^': return (s, a, n) => Math.pow(l(s, a, n), r(s, a, n));
    case '==': return (s, a, n) => (l(s, a, n) === r(s, a, n) ? 1 : 0);
    case '!=': return (s, a, n) => (l(s, a, n) !== r(s, a, n) ? 1 : 0);
    case '<': return (s, a, n) => (l(s, a, n) < r(s, a, n) ? 1 : 0);
    case '<=': return (s, a, n) => (l(s, a, n) <= r(s, a, n) ? 1 : 0);
    case '>': return (s, a, n) => (l(s, a, n) > r(s, a, n) ? 1 : 0);
    case '>=': return (s, a, n) => (l(s, a, n) >= r(s, a, n) ? 1 : 0);
    case '&&': return (s, a, n) => (l(s, a, n) !== 0 && r(s, a, n) !== 0 ? 1 : 0);
    case '||': return (s, a, n) => (l(s, a, n) !== 0 || r(s, a, n) !== 0 ? 1 : 0);
    case '->': return (s, a, n) => (l(s, a, n) === 0 || r(s, a, n) !== 0 ? 1 : 0);
    case '<->': return (s, a, n) => ((l(s, a, n) !== 0) === (r(s, a, n) !== 0) ? 1 : 0);
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

function call(name: string, args: Fn[]): Fn {
  const [x, y, z] = args;
  switch (name) {
    case 'abs': return (s, a, n) => Math.abs(x(s, a, n));
    case 'sqrt': return (s, a, n) => Math.sqrt(x(s, a, n));
    case 'exp': return (s, a, n) => Math.exp(x(s, a, n));
    case 'log': return (s, a, n) => Math.log(x(s, a, n));
    case 'tanh': return (s, a, n) => Math.tanh(x(s, a, n));
    case 'sign': return (s, a, n) => Math.sign(x(s, a, n));
    case 'floor': return (s, a, n) => Math.floor(x(s, a, n));
    case 'ceil': return (s, a, n) => Math.ceil(x(s, a, n));
    case 'clamp': return (s, a, n) => Math.min(Math.max(x(s, a, n), y(s, a, n)), z(s, a, n));
    case 'min': return args.length === 2 ? (s, a, n) => Math.min(x(s, a, n), y(s, a, n)) : (s, a, n) => Math.min(...args.map((f) => f(s, a, n)));
    case 'max': return args.length === 2 ? (s, a, n) => Math.max(x(s, a, n), y(s, a, n)) : (s, a, n) => Math.max(...args.map((f) => f(s, a, n)));
    case 'hypot': return (s, a, n) => Math.hypot(...args.map((f) => f(s, a, n)));
    case 'sin': return (s, a, n) => Math.sin(x(s, a, n));
    case 'cos': return (s, a, n) => Math.cos(x(s, a, n));
    case 'tan': return (s, a, n) => Math.tan(x(s, a, n));
    case 'asin': return (s, a, n) => Math.asin(x(s, a, n));
    case 'acos': return (s, a, n) => Math.acos(x(s, a, n));
    case 'atan': return (s, a, n) => Math.atan(x(s, a, n));
    case 'atan2': return (s, a, n) => Math.atan2(x(s, a, n), y(s, a, n));
    case 'mod': return (s, a, n) => pythonMod(x(s, a, n), y(s, a, n));
    default: return () => NaN;
  }
}
