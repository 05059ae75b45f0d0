import type { VariantPair } from '../../../protocol/preview';
import { pearson, ranks } from '../compare/stats';

export { pearson, ranks, spearman } from '../compare/stats';

/**
 * Two variants compared over the episodes whose returns are finite for both: their rank
 * correlation, and the episodes whose ranks differ most (at most `top`).
 */
export function comparePair(a: number, b: number, ra: Float64Array, rb: Float64Array, top = 10): Omit<VariantPair, 'epic' | 'shapingOnly'> {
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
