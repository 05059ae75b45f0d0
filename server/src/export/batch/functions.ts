// The built-ins of the function table (program/functions.ts) as batched array code: one entry
// per function name, calling helpers that the NumPy and the PyTorch runtimes both define with
// the evaluator's semantics (NaN where JavaScript gives NaN, never an exception). A test holds
// this table complete: every FUNCTION_TABLE entry has its batched forms here.

export interface BatchFunction {
  /** Element by element, on `(N,)` or `(N, d)` operands. */
  readonly scalar?: (args: readonly string[]) => string;
  /** The reduction of `(N, d)` operands over their elements, giving `(N,)`. */
  readonly reduce?: (args: readonly string[]) => string;
}

const unary = (helper: string): BatchFunction => ({ scalar: ([x]) => `${helper}(${x})` });

/** `min`, `max`: NaN-propagating folds of the pairwise helpers. */
const fold = (helper: string) => (args: readonly string[]) => args.slice(1).reduce((acc, a) => `${helper}(${acc}, ${a})`, args[0]);

export const BATCH_FUNCTIONS: ReadonlyMap<string, BatchFunction> = new Map<string, BatchFunction>([
  ['abs', unary('_abs')],
  ['min', { scalar: fold('_minimum'), reduce: ([x]) => `_rmin(${x})` }],
  ['max', { scalar: fold('_maximum'), reduce: ([x]) => `_rmax(${x})` }],
  ['clamp', { scalar: ([x, lo, hi]) => `_minimum(_maximum(${x}, ${lo}), ${hi})` }],
  ['sqrt', unary('_sqrt')],
  ['exp', unary('_exp')],
  ['log', unary('_log')],
  ['tanh', unary('_tanh')],
  ['sign', unary('_sign')],
  ['floor', unary('_floor')],
  ['ceil', unary('_ceil')],
  // hypot(a, b, c) = hypot(hypot(a, b), c): no overflow of the squares, and an infinite
  // argument wins over NaN, as in JavaScript.
  ['hypot', { scalar: (args) => (args.length === 1 ? `_abs(${args[0]})` : fold('_hypot')(args)), reduce: ([x]) => `_rnorm(${x})` }],
  ['sin', unary('_sin')],
  ['cos', unary('_cos')],
  ['tan', unary('_tan')],
  ['asin', unary('_asin')],
  ['acos', unary('_acos')],
  ['atan', unary('_atan')],
  ['atan2', { scalar: ([y, x]) => `_atan2(${y}, ${x})` }],
  ['mod', { scalar: ([x, m]) => `_pymod(${x}, ${m})` }],
  ['sum', { reduce: ([x]) => `_rsum(${x})` }],
  ['mean', { reduce: ([x]) => `_rmean(${x})` }],
  ['norm', { reduce: ([x]) => `_rnorm(${x})` }],
  ['dot', { reduce: ([x, y]) => `_rsum(${x} * ${y})` }],
  ['any', { reduce: ([x]) => `_f(_rany(${x} != 0))` }],
  ['all', { reduce: ([x]) => `_f(_rall(${x} != 0))` }],
  ['count', { reduce: ([x]) => `_rsum(_f(${x} != 0))` }],
]);
