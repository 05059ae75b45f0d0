/** Numbers as `reward eval` prints them in its table: rounded to 1e-9, `null` when not finite. */
export const num = (x: number): string => (Number.isFinite(x) ? String(Math.round(x * 1e9) / 1e9) : 'null');

/** Short form for axes and lists. */
export function short(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? '–' : x > 0 ? '∞' : '-∞';
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return x.toExponential(2);
  return String(Math.round(x * 1e4) / 1e4);
}

export const basename = (path: string): string => path.replace(/^.*[\\/]/, '');
