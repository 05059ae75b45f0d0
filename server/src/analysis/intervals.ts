// Closed intervals of reals for the bounds analysis. Ends may be infinite; an interval is
// never empty (a value the data cannot produce, like sqrt of a negative, is a problem of the
// data, not a value, so it does not widen the interval).

export interface Interval {
  readonly lo: number;
  readonly hi: number;
}

export const interval = (lo: number, hi: number): Interval => ({ lo, hi });
export const point = (v: number): Interval => ({ lo: v, hi: v });
export const UNBOUNDED: Interval = { lo: -Infinity, hi: Infinity };
export const ZERO: Interval = point(0);
export const BOOL_RANGE: Interval = { lo: 0, hi: 1 };

export const isBounded = (a: Interval): boolean => Number.isFinite(a.lo) && Number.isFinite(a.hi);
export const isPoint = (a: Interval): boolean => a.lo === a.hi;
/** The largest absolute value in the interval. */
export const magnitude = (a: Interval): number => Math.max(Math.abs(a.lo), Math.abs(a.hi));

// 0 * infinity is 0 here: a factor that is exactly 0 silences an unbounded one.
const times = (x: number, y: number): number => (x === 0 || y === 0 ? 0 : x * y);

const hull = (values: readonly number[]): Interval => {
  const finite = values.filter((v) => !Number.isNaN(v));
  return finite.length === 0 ? UNBOUNDED : { lo: Math.min(...finite), hi: Math.max(...finite) };
};

export const union = (a: Interval, b: Interval): Interval => ({ lo: Math.min(a.lo, b.lo), hi: Math.max(a.hi, b.hi) });
// -inf + inf is NaN: an end that cannot be told is the widest one (an interval never holds NaN).
const end = (x: number, widest: number): number => (Number.isNaN(x) ? widest : x);
export const add = (a: Interval, b: Interval): Interval => ({ lo: end(a.lo + b.lo, -Infinity), hi: end(a.hi + b.hi, Infinity) });
export const neg = (a: Interval): Interval => ({ lo: -a.hi, hi: -a.lo });
export const sub = (a: Interval, b: Interval): Interval => add(a, neg(b));
export const mul = (a: Interval, b: Interval): Interval => hull([times(a.lo, b.lo), times(a.lo, b.hi), times(a.hi, b.lo), times(a.hi, b.hi)]);
export const scale = (k: number, a: Interval): Interval => mul(point(k), a);

export function div(a: Interval, b: Interval): Interval {
  // A divisor that can be 0 makes the quotient unbounded (the step is then a problem).
  if (b.lo <= 0 && b.hi >= 0) return isPoint(a) && a.lo === 0 ? ZERO : UNBOUNDED;
  return mul(a, { lo: 1 / b.hi, hi: 1 / b.lo });
}

/** C's fmod: |r| < |divisor|, r has the sign of the dividend, and |r| <= |dividend|. */
export function mod(a: Interval, b: Interval): Interval {
  const m = magnitude(b);
  return { lo: Math.max(-m, Math.min(a.lo, 0)), hi: Math.min(m, Math.max(a.hi, 0)) };
}

export function abs(a: Interval): Interval {
  if (a.lo >= 0) return a;
  if (a.hi <= 0) return neg(a);
  return { lo: 0, hi: Math.max(-a.lo, a.hi) };
}

export const min = (a: Interval, b: Interval): Interval => ({ lo: Math.min(a.lo, b.lo), hi: Math.min(a.hi, b.hi) });
export const max = (a: Interval, b: Interval): Interval => ({ lo: Math.max(a.lo, b.lo), hi: Math.max(a.hi, b.hi) });
export const clamp = (v: Interval, lo: Interval, hi: Interval): Interval => min(max(v, lo), hi);

/** A monotone non-decreasing function applied to both ends. */
export const monotone = (f: (x: number) => number, a: Interval): Interval => ({ lo: f(a.lo), hi: f(a.hi) });

export const sqrt = (a: Interval): Interval => monotone((x) => Math.sqrt(Math.max(x, 0)), a);
export const exp = (a: Interval): Interval => monotone(Math.exp, a);
export const log = (a: Interval): Interval => monotone((x) => (x <= 0 ? -Infinity : Math.log(x)), a);
export const tanh = (a: Interval): Interval => monotone(Math.tanh, a);
export const sign = (a: Interval): Interval => monotone(Math.sign, a);
export const floor = (a: Interval): Interval => monotone(Math.floor, a);
export const ceil = (a: Interval): Interval => monotone(Math.ceil, a);

export function square(a: Interval): Interval {
  const m = abs(a);
  return { lo: m.lo * m.lo, hi: m.hi * m.hi };
}

export const hypot = (args: readonly Interval[]): Interval => sqrt(args.map(square).reduce(add, ZERO));

/** x ^ y. Exact for a constant whole exponent; otherwise sound where the base is positive,
 *  and unbounded where a negative or zero base makes the power undefined or infinite. */
export function pow(base: Interval, exponent: Interval): Interval {
  if (isPoint(exponent) && Number.isInteger(exponent.lo)) {
    const n = exponent.lo;
    if (n === 0) return point(1);
    if (n > 0) {
      if (n % 2 === 0) {
        const m = abs(base);
        return { lo: m.lo ** n, hi: m.hi ** n };
      }
      return { lo: base.lo ** n, hi: base.hi ** n };
    }
    // A negative whole power is 1 / x^|n|.
    return div(point(1), pow(base, point(-n)));
  }
  if (base.lo > 0) {
    const corners = [base.lo ** exponent.lo, base.lo ** exponent.hi, base.hi ** exponent.lo, base.hi ** exponent.hi];
    return hull(corners.map((c) => (Number.isNaN(c) ? Infinity : c)));
  }
  if (base.lo === 0 && exponent.lo > 0) return { lo: 0, hi: Math.max(base.hi ** exponent.lo, base.hi ** exponent.hi) };
  return UNBOUNDED;
}

/** Comparisons: 0/1, or the one value they must take when the intervals decide it. */
export function compare(op: '<' | '<=' | '>' | '>=' | '==' | '!=', a: Interval, b: Interval): Interval {
  const decided = (always: boolean, never: boolean): Interval => (always ? point(1) : never ? point(0) : BOOL_RANGE);
  switch (op) {
    case '<': return decided(a.hi < b.lo, a.lo >= b.hi);
    case '<=': return decided(a.hi <= b.lo, a.lo > b.hi);
    case '>': return decided(a.lo > b.hi, a.hi <= b.lo);
    case '>=': return decided(a.lo >= b.hi, a.hi < b.lo);
    case '==': return decided(isPoint(a) && isPoint(b) && a.lo === b.lo, a.hi < b.lo || b.hi < a.lo);
    case '!=': return decided(a.hi < b.lo || b.hi < a.lo, isPoint(a) && isPoint(b) && a.lo === b.lo);
  }
}

/** Formats an interval for messages and hints: `[-1, 2.5]`, `(-inf, inf)`. */
export function showInterval(a: Interval): string {
  const show = (x: number) => (x === Infinity ? 'inf' : x === -Infinity ? '-inf' : showNumber(x));
  return `${a.lo === -Infinity ? '(' : '['}${show(a.lo)}, ${show(a.hi)}${a.hi === Infinity ? ')' : ']'}`;
}

/** A number with at most 4 significant decimals after rounding, without trailing zeros. */
export function showNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) >= 1e7 || Math.abs(x) < 1e-4)) return x.toPrecision(4).replace(/\.?0+e/, 'e');
  const digits = Math.abs(x) >= 100 ? 2 : 4;
  return String(Number(x.toFixed(digits)));
}
