// What one CSV cell holds (LANGUAGE.md section 9): nothing when empty, a number when it reads
// as one, else the string. Python's `nan`, `inf`, `-inf` read as (non-finite) numbers, so that
// they are reported as such rather than as strings.

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE = /^([+-]?)(nan|inf|infinity)$/i;

export function cellValue(raw: string): unknown {
  const cell = raw.trim();
  if (cell.length === 0) return undefined;
  if (DECIMAL.test(cell)) return Number(cell);
  const nonFinite = NON_FINITE.exec(cell);
  if (nonFinite) {
    if (nonFinite[2].toLowerCase() === 'nan') return NaN;
    return nonFinite[1] === '-' ? -Infinity : Infinity;
  }
  return cell;
}

/** A `labels` cell: names separated by `|` when it holds one, else a string of one-character names. */
export function labelsCellValue(raw: string): unknown {
  const cell = raw.trim();
  if (cell.length === 0) return undefined;
  if (cell.indexOf('|') < 0) return cell;
  return cell.split('|').map((name) => name.trim()).filter((name) => name.length > 0);
}

/**
 * An episode flag cell (`terminated`, `truncated`): `true`/`false` in any case, or `1`/`0`,
 * become booleans; anything else stays as read, for the episode splitter to report.
 */
export function flagCellValue(raw: string): unknown {
  const v = cellValue(raw);
  if (typeof v === 'string') {
    const lower = v.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  if (v === 1) return true;
  if (v === 0) return false;
  return v;
}
