import type { VariantPair } from '../../../protocol/preview';

/** Ranks 1..n of `xs` (ascending), ties sharing their average rank, as Spearman's rho needs. */
export function ranks(xs: ArrayLike<number>): Float64Array {
  const n = xs.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => xs[a] - xs[b]);
  const out = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && xs[order[j + 1]] === xs[order[i]]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[order[k]] = r;
    i = j + 1;
  }
  return out;
}

/** Pearson's correlation; NaN when either side is constant or there are fewer than 2 points. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (n < 2) return NaN;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa === 0 || sbb === 0 ? NaN : sab / Math.sqrt(saa * sbb);
}

/** Spearman's rank correlation: Pearson's on the ranks (ties averaged). */
export const spearman = (a: ArrayLike<number>, b: ArrayLike<number>): number => pearson(ranks(a), ranks(b));

/**
 * Two variants compared over the episodes whose returns are finite for both: their rank
 * correlation, and the episodes whose ranks differ most (at most `top`).
 */
export function comparePair(a: number, b: number, ra: Float64Array, rb: Float64Array, top = 10): VariantPair {
  const kept: number[] = [];
  for (let e = 0; e < ra.length; e++) if (Number.isFinite(ra[e]) && Number.isFinite(rb[e])) kept.push(e);
  const xa = ranks(kept.map((e) => ra[e]));
  const xb = ranks(kept.map((e) => rb[e]));
  const gap = kept.map((_, i) => Math.abs(xa[i] - xb[i]));
  const order = kept.map((_, i) => i).filter((i) => gap[i] > 0).sort((i, j) => gap[j] - gap[i] || kept[i] - kept[j]).slice(0, top);
  return {
    a,
    b,
    spearman: pearson(xa, xb),
    disagreements: Int32Array.from(order, (i) => kept[i]),
    gaps: Float64Array.from(order, (i) => gap[i]),
  };
}
