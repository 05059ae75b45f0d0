import type { PreviewOverview, VariantPair } from '../../../protocol/preview';
import type { PreviewSummary } from './compute';
import { comparePair } from './rank';

// The overview of the full-resolution store: the episode list and the comparison of variants.
// The slices for drawing and hovering are protocol/slices.ts (the report page runs them too).

/**
 * The episode list and the comparison of variants. Variants are ranked by discounted return:
 * potential-based shaping preserves the order of policies only in that measure (Ng et al.
 * 1999), so undiscounted returns would report shaped and sparse variants as disagreeing.
 */
export function overview(s: PreviewSummary): PreviewOverview {
  const n = s.offsets.length - 1;
  const steps = new Int32Array(n);
  for (let e = 0; e < n; e++) steps[e] = s.offsets[e + 1] - s.offsets[e];
  const pairs: VariantPair[] = [];
  // EPIC beside the returns (LANGUAGE.md section 12): the store holds one distance per pair, in this order.
  for (let a = 0; a < s.returns.length; a++) for (let b = a + 1; b < s.returns.length; b++) {
    const k: number = pairs.length;
    pairs.push({ ...comparePair(a, b, s.discounted[a], s.discounted[b]), epic: s.epic[k] ?? NaN, shapingOnly: s.shapingOnly[k] === 1 });
  }
  return {
    meta: s.meta,
    steps,
    terminated: s.terminated,
    file: s.file,
    returns: s.returns,
    discounted: s.discounted,
    pairs,
    preferences: s.preferences,
    problems: s.problems,
    moreProblems: s.moreProblems,
    skipped: s.skipped,
  };
}
