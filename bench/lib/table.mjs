// The results as text: a fixed-width table for the terminal and a Markdown table for the README.

const SI = [[1e9, 'G'], [1e6, 'M'], [1e3, 'k']];

/** A figure with its unit, short: 1.23 M steps/s, 512 ms, 0.42. */
export function show(x, unit) {
  if (x === null || x === undefined) return '-';
  if (!Number.isFinite(x)) return String(x);
  if (unit === 'ms') return x >= 100 ? `${x.toFixed(0)} ms` : x >= 1 ? `${x.toFixed(1)} ms` : `${x.toFixed(3)} ms`;
  if (unit === 'MB') return `${x.toFixed(0)} MB`;
  if (unit === 'exponent') return x.toFixed(2);
  if (unit === 'formulas') return String(x);
  for (const [scale, prefix] of SI) if (Math.abs(x) >= scale) return `${(x / scale).toFixed(2)} ${prefix}${unit}`;
  return `${x.toFixed(2)} ${unit}`;
}

const ratio = (r) => (r === null ? '-' : r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r >= 0.01 ? r.toFixed(2) : r.toExponential(1));
const target = (t, unit) => (t === null ? '-' : `${t.on === 'ratio' ? 'ratio' : 'figure'} ${t.op === '>=' ? '≥' : '≤'} ${t.on === 'ratio' ? t.value : show(t.value, unit)}`);
const verdict = (m) => (m === null ? '' : m ? 'met' : 'MISSED');

/** Rows as cells: what, figure, reference, ratio, target, verdict. */
export function cells(rows) {
  return rows.map((r) => [r.what, show(r.figure, r.unit), r.reference === null ? '-' : `${show(r.reference, r.unit)} (${r.referenceWhat})`, ratio(r.ratio), target(r.target, r.unit), verdict(r.met)]);
}

const HEAD = ['what', 'figure', 'reference', 'ratio', 'target', ''];

export function textTable(rows) {
  const all = [HEAD, ...cells(rows)];
  const widths = HEAD.map((_, i) => Math.min(i === 0 ? 70 : i === 2 ? 60 : 24, Math.max(...all.map((c) => c[i].length))));
  const cut = (s, w) => (s.length > w ? s.slice(0, w - 1) + '…' : s.padEnd(w));
  return all.map((c) => c.map((s, i) => cut(s, widths[i])).join('  ').trimEnd()).join('\n');
}

export function markdownTable(rows) {
  const esc = (s) => s.replace(/\|/g, '\\|');
  return [`| ${HEAD.join(' | ')} |`, `|${HEAD.map(() => '---').join('|')}|`, ...cells(rows).map((c) => `| ${c.map(esc).join(' | ')} |`)].join('\n');
}

/** One line per missed target: what, and why (with what would close it). */
export function missed(rows) {
  return rows.filter((r) => r.met === false).map((r) => `- ${r.what}: ${r.why}`);
}
