import * as I from '../analysis/intervals';

/**
 * The one table of built-in functions (LANGUAGE.md sections 3, 10 and 13). Each function is
 * one entry: its signature for the checker, completion and signature help; its meaning for
 * every backend (JavaScript code for the generated evaluator, the Python runtime helper the
 * exports call, an interval bound for the analyses). Adding a function is one entry here plus
 * its tests.
 *
 * A function has one or two forms:
 * - `scalar`: applied to numbers. When an argument is a vector the function applies element
 *   by element (a number beside a vector applies to every element; vectors must have one
 *   length). `js` builds the JavaScript expression of one element from the arguments'
 *   element expressions (plain identifiers or literals: code generation binds every operand
 *   to a local first, so an argument text may be repeated safely).
 * - `reduce`: applied to vectors, giving a number: `js` builds the statements of one loop
 *   over the elements (`init` before, `step` per element, `result` after).
 * `min`, `max` and `hypot` have both: with one vector argument they reduce it.
 */

export interface ScalarForm {
  /** JavaScript of one element, from the operands' element expressions. */
  readonly js: (args: readonly string[]) => string;
  /** The Python runtime helper (export/python/runtime-numbers.ts defines the old ones; `pythonSource` the new). */
  readonly python: string;
  readonly interval: (args: readonly I.Interval[]) => I.Interval;
  /** The result element: a number, or a 0/1 truth. */
  readonly result: 'number';
}

export interface ReduceForm {
  /** How many vector arguments (1, or 2 for `dot`); they must have one length. */
  readonly vectors: 1 | 2;
  /** Their element type. */
  readonly element: 'number' | 'bool';
  /** JavaScript: `acc` is the accumulator name; `x` (and `y`) the current elements; `n` the length. */
  readonly init: string;
  readonly step: (acc: string, x: string, y: string) => string;
  readonly result: (acc: string, n: number) => string;
  /** The result: a number, or a 0/1 truth (`any`, `all`). */
  readonly yields: 'number' | 'bool';
  /** Python runtime helper taking lists. */
  readonly python: string;
  /** The bound of the result from the bound of every element (the same for all) and the length. */
  readonly interval: (elements: readonly I.Interval[], n: number) => I.Interval;
}

export interface FunctionEntry {
  readonly name: string;
  /** Arity bounds of the scalar form (the reduce form takes `reduce.vectors` arguments). */
  readonly min: number;
  readonly max: number;
  readonly signature: string;
  readonly doc: string;
  readonly scalar?: ScalarForm;
  readonly reduce?: ReduceForm;
  /** Contract version that introduced it. */
  readonly version: 1 | 2;
}

const unary = (
  name: string,
  js: (x: string) => string,
  python: string,
  interval: (a: I.Interval) => I.Interval,
  doc: string,
  version: 1 | 2 = 1,
): FunctionEntry => ({
  name, min: 1, max: 1, signature: `${name}(x)`, doc, version,
  scalar: { js: ([x]) => js(x), python, interval: ([a]) => interval(a), result: 'number' },
});

const periodic = (): I.Interval => I.interval(-1, 1);

/** Python's float `%`: the remainder with the sign of the divisor; NaN (a step problem) for m = 0. */
const modJs = (x: string, m: string) => `_mod(${x}, ${m})`;

function modInterval(a: I.Interval, m: I.Interval): I.Interval {
  // The result lies between 0 and m (exclusive of m): [0, m) for m > 0, (m, 0] for m < 0.
  const lo = Math.min(0, m.lo);
  const hi = Math.max(0, m.hi);
  void a;
  return I.interval(lo, hi);
}

const sumInterval = (e: readonly I.Interval[], _n: number) => e.reduce(I.add, I.ZERO);

const ENTRIES: readonly FunctionEntry[] = [
  unary('abs', (x) => `Math.abs(${x})`, 'abs', I.abs, 'Absolute value.'),
  {
    name: 'min', min: 1, max: Infinity, signature: 'min(x, y, ...)', version: 1,
    doc: 'Smallest argument; with one vector argument, its smallest element.',
    scalar: { js: (a) => (a.length === 1 ? a[0] : `Math.min(${a.join(', ')})`), python: '_min', interval: (a) => a.reduce(I.min), result: 'number' },
    reduce: { vectors: 1, element: 'number', init: 'Infinity', step: (acc, x) => `${acc} = Math.min(${acc}, ${x});`, result: (acc) => acc, yields: 'number', python: '_vmin', interval: (e) => e.reduce(I.union) },
  },
  {
    name: 'max', min: 1, max: Infinity, signature: 'max(x, y, ...)', version: 1,
    doc: 'Largest argument; with one vector argument, its largest element.',
    scalar: { js: (a) => (a.length === 1 ? a[0] : `Math.max(${a.join(', ')})`), python: '_max', interval: (a) => a.reduce(I.max), result: 'number' },
    reduce: { vectors: 1, element: 'number', init: '-Infinity', step: (acc, x) => `${acc} = Math.max(${acc}, ${x});`, result: (acc) => acc, yields: 'number', python: '_vmax', interval: (e) => e.reduce(I.union) },
  },
  {
    name: 'clamp', min: 3, max: 3, signature: 'clamp(v, lo, hi)', version: 1,
    doc: 'v limited to [lo, hi].',
    scalar: { js: ([x, lo, hi]) => `Math.min(Math.max(${x}, ${lo}), ${hi})`, python: '_clamp', interval: ([x, lo, hi]) => I.clamp(x, lo, hi), result: 'number' },
  },
  unary('sqrt', (x) => `Math.sqrt(${x})`, '_js_sqrt', I.sqrt, 'Square root (NaN below 0: a problem at evaluation).'),
  unary('exp', (x) => `Math.exp(${x})`, '_js_exp', I.exp, 'e to the power x.'),
  unary('log', (x) => `Math.log(${x})`, '_js_log', I.log, 'Natural logarithm.'),
  unary('tanh', (x) => `Math.tanh(${x})`, '_js_tanh', I.tanh, 'Hyperbolic tangent, in (-1, 1).'),
  unary('sign', (x) => `Math.sign(${x})`, '_js_sign', I.sign, '-1, 0 or 1.'),
  unary('floor', (x) => `Math.floor(${x})`, '_js_floor', I.floor, 'Largest whole number <= x.'),
  unary('ceil', (x) => `Math.ceil(${x})`, '_js_ceil', I.ceil, 'Smallest whole number >= x.'),
  {
    name: 'hypot', min: 1, max: Infinity, signature: 'hypot(x, y, ...)', version: 1,
    doc: 'Euclidean norm of the arguments; of one vector, the same as norm(v).',
    scalar: { js: (a) => `Math.hypot(${a.join(', ')})`, python: '_js_hypot', interval: (a) => I.hypot(a), result: 'number' },
    reduce: { vectors: 1, element: 'number', init: '0', step: (acc, x) => `${acc} += ${x} * ${x};`, result: (acc) => `Math.sqrt(${acc})`, yields: 'number', python: '_norm', interval: (e) => I.sqrt(e.map(I.square).reduce(I.add, I.ZERO)) },
  },
  // Version 2 (LANGUAGE.md section 13): trigonometry in radians, Python's modulo.
  unary('sin', (x) => `Math.sin(${x})`, '_js_sin', () => periodic(), 'Sine (radians).', 2),
  unary('cos', (x) => `Math.cos(${x})`, '_js_cos', () => periodic(), 'Cosine (radians).', 2),
  unary('tan', (x) => `Math.tan(${x})`, '_js_tan', () => I.UNBOUNDED, 'Tangent (radians).', 2),
  unary('asin', (x) => `Math.asin(${x})`, '_js_asin', (a) => I.monotone((v) => Math.asin(Math.max(-1, Math.min(1, v))), a), 'Arcsine, in [-pi/2, pi/2] (NaN outside [-1, 1]).', 2),
  unary('acos', (x) => `Math.acos(${x})`, '_js_acos', (a) => ({ lo: Math.acos(Math.max(-1, Math.min(1, a.hi))), hi: Math.acos(Math.max(-1, Math.min(1, a.lo))) }), 'Arccosine, in [0, pi] (NaN outside [-1, 1]).', 2),
  unary('atan', (x) => `Math.atan(${x})`, '_js_atan', (a) => I.monotone(Math.atan, a), 'Arctangent, in (-pi/2, pi/2).', 2),
  {
    name: 'atan2', min: 2, max: 2, signature: 'atan2(y, x)', version: 2,
    doc: 'The angle of the point (x, y), in [-pi, pi].',
    scalar: { js: ([y, x]) => `Math.atan2(${y}, ${x})`, python: '_js_atan2', interval: () => I.interval(-Math.PI, Math.PI), result: 'number' },
  },
  {
    name: 'mod', min: 2, max: 2, signature: 'mod(x, m)', version: 2,
    doc: "Python's float %: the remainder with the sign of the divisor (mod(-1, 3) is 2; % is C's fmod). mod(x, 0) is not finite.",
    scalar: { js: ([x, m]) => modJs(x, m), python: '_js_pymod', interval: ([a, m]) => modInterval(a, m), result: 'number' },
  },
  // Reductions (LANGUAGE.md section 10).
  {
    name: 'sum', min: 1, max: 1, signature: 'sum(v)', version: 2, doc: 'The sum of the elements of a vector.',
    reduce: { vectors: 1, element: 'number', init: '0', step: (acc, x) => `${acc} += ${x};`, result: (acc) => acc, yields: 'number', python: '_sum', interval: sumInterval },
  },
  {
    name: 'mean', min: 1, max: 1, signature: 'mean(v)', version: 2, doc: 'The mean of the elements of a vector.',
    reduce: { vectors: 1, element: 'number', init: '0', step: (acc, x) => `${acc} += ${x};`, result: (acc, n) => `${acc} / ${n}`, yields: 'number', python: '_mean', interval: (e, n) => I.div(sumInterval(e, n), I.point(n)) },
  },
  {
    name: 'norm', min: 1, max: 1, signature: 'norm(v)', version: 2, doc: 'The Euclidean norm of a vector, sqrt(sum(v^2)).',
    reduce: { vectors: 1, element: 'number', init: '0', step: (acc, x) => `${acc} += ${x} * ${x};`, result: (acc) => `Math.sqrt(${acc})`, yields: 'number', python: '_norm', interval: (e) => I.sqrt(e.map(I.square).reduce(I.add, I.ZERO)) },
  },
  {
    name: 'dot', min: 2, max: 2, signature: 'dot(u, v)', version: 2, doc: 'The dot product of two vectors of one length.',
    reduce: { vectors: 2, element: 'number', init: '0', step: (acc, x, y) => `${acc} += ${x} * ${y};`, result: (acc) => acc, yields: 'number', python: '_dot', interval: (e) => e.reduce(I.add, I.ZERO) },
  },
  {
    name: 'any', min: 1, max: 1, signature: 'any(b)', version: 2, doc: 'Whether some element of a boolean vector holds.',
    reduce: { vectors: 1, element: 'bool', init: '0', step: (acc, x) => `if (${x} !== 0) ${acc} = 1;`, result: (acc) => acc, yields: 'bool', python: '_any', interval: () => I.BOOL_RANGE },
  },
  {
    name: 'all', min: 1, max: 1, signature: 'all(b)', version: 2, doc: 'Whether every element of a boolean vector holds.',
    reduce: { vectors: 1, element: 'bool', init: '1', step: (acc, x) => `if (${x} === 0) ${acc} = 0;`, result: (acc) => acc, yields: 'bool', python: '_all', interval: () => I.BOOL_RANGE },
  },
  {
    name: 'count', min: 1, max: 1, signature: 'count(b)', version: 2, doc: 'How many elements of a boolean vector hold.',
    reduce: { vectors: 1, element: 'bool', init: '0', step: (acc, x) => `if (${x} !== 0) ${acc}++;`, result: (acc) => acc, yields: 'number', python: '_count', interval: (_e, n) => I.interval(0, n) },
  },
];

/** Every built-in by name. */
export const FUNCTION_TABLE: ReadonlyMap<string, FunctionEntry> = new Map(ENTRIES.map((e) => [e.name, e]));

/** The JavaScript helpers the scalar forms call beyond Math (bound in the generated evaluator's scope). */
export const JS_HELPERS = {
  /** Python's float %, bit for bit (CPython's float_rem), with NaN for a zero divisor. */
  _mod(x: number, m: number): number {
    if (m === 0) return NaN;
    const r = x % m;
    if (r !== 0) return (m < 0) !== (r < 0) ? r + m : r;
    return m < 0 ? -0 : 0;
  },
};

/** The Python source of the version-2 runtime helpers (the exports include it; JavaScript semantics: NaN, never an exception). */
export const PYTHON_HELPERS = String.raw`
def _trig(f, x):
    try:
        return f(x)
    except (ValueError, OverflowError):
        return _NAN


def _js_sin(x):
    return _trig(math.sin, x)


def _js_cos(x):
    return _trig(math.cos, x)


def _js_tan(x):
    return _trig(math.tan, x)


def _js_asin(x):
    return _trig(math.asin, x)


def _js_acos(x):
    return _trig(math.acos, x)


def _js_atan(x):
    return _trig(math.atan, x)


def _js_atan2(y, x):
    return math.atan2(y, x) if y == y and x == x else _NAN


def _js_pymod(x, m):
    # Python's float %, with NaN (a step problem) where Python raises.
    if m == 0 or x != x or m != m:
        return _NAN
    try:
        return x % m
    except (ValueError, OverflowError):
        return _NAN


def _sum(v):
    r = 0.0
    for x in v:
        r += x
    return r


def _mean(v):
    return _sum(v) / len(v)


def _norm(v):
    r = 0.0
    for x in v:
        r += x * x
    return _js_sqrt(r)


def _dot(u, v):
    r = 0.0
    for x, y in zip(u, v):
        r += x * y
    return r


def _vmin(v):
    return _min(*v)


def _vmax(v):
    return _max(*v)


def _any(v):
    return 1.0 if any(x != 0 for x in v) else 0.0


def _all(v):
    return 1.0 if all(x != 0 for x in v) else 0.0


def _count(v):
    return float(sum(1 for x in v if x != 0))
`;
