/** The built-in functions of LANGUAGE.md section 3: arity bounds and a one-line signature. */
export interface FunctionInfo {
  readonly min: number;
  readonly max: number;
  readonly signature: string;
  readonly doc: string;
}

export const FUNCTIONS: ReadonlyMap<string, FunctionInfo> = new Map([
  ['abs', { min: 1, max: 1, signature: 'abs(x)', doc: 'Absolute value.' }],
  ['min', { min: 1, max: Infinity, signature: 'min(x, y, ...)', doc: 'Smallest argument.' }],
  ['max', { min: 1, max: Infinity, signature: 'max(x, y, ...)', doc: 'Largest argument.' }],
  ['clamp', { min: 3, max: 3, signature: 'clamp(v, lo, hi)', doc: 'v limited to [lo, hi].' }],
  ['sqrt', { min: 1, max: 1, signature: 'sqrt(x)', doc: 'Square root (NaN below 0: a problem at evaluation).' }],
  ['exp', { min: 1, max: 1, signature: 'exp(x)', doc: 'e to the power x.' }],
  ['log', { min: 1, max: 1, signature: 'log(x)', doc: 'Natural logarithm.' }],
  ['tanh', { min: 1, max: 1, signature: 'tanh(x)', doc: 'Hyperbolic tangent, in (-1, 1).' }],
  ['sign', { min: 1, max: 1, signature: 'sign(x)', doc: '-1, 0 or 1.' }],
  ['floor', { min: 1, max: 1, signature: 'floor(x)', doc: 'Largest whole number <= x.' }],
  ['ceil', { min: 1, max: 1, signature: 'ceil(x)', doc: 'Smallest whole number >= x.' }],
  ['hypot', { min: 1, max: Infinity, signature: 'hypot(x, y, ...)', doc: 'Euclidean norm of the arguments.' }],
]);
