import { pearson, ranks } from './stats';

/** Two episodes, by the ordinals of LANGUAGE.md section 8, that two rewards order differently. */
export interface Disagreement {
  readonly episode_a: number;
  readonly episode_b: number;
}

export interface ReturnsComparison {
  /** Spearman's rank correlation of the discounted returns; NaN when undefined (fewer than 2 episodes, or constant returns). */
  readonly spearman: number;
  readonly disagreements: readonly Disagreement[];
}

/** Above this many episodes, the pairs are searched among this many episodes whose ranks differ most. */
export const PAIR_SEARCH_LIMIT = 4096;

/**
 * The Spearman correlation of two rewards' discounted returns over the episodes where both are
 * finite, and the pairs of episodes they order most differently (LANGUAGE.md section 12):
 * pairs that one reward orders strictly one way and the other strictly the other way, the
 * largest product of their rank differences first (ties: lower episode ordinals first).
 */
export function compareReturns(ga: ArrayLike<number>, gb: ArrayLike<number>, top = 10): ReturnsComparison {
  const kept: number[] = [];
  for (let e = 0; e < ga.length; e++) if (Number.isFinite(ga[e]) && Number.isFinite(gb[e])) kept.push(e);
  const ra = ranks(kept.map((e) => ga[e]));
  const rb = ranks(kept.map((e) => gb[e]));
  const spearman = pearson(ra, rb);

  // The candidates: every episode, or (many episodes) those whose two ranks differ most,
  // which is where the most discordant pairs lie.
  let candidates = kept.map((_, i) => i);
  if (candidates.length > PAIR_SEARCH_LIMIT) {
    candidates = candidates.sort((i, j) => Math.abs(rb[j] - ra[j]) - Math.abs(rb[i] - ra[i]) || i - j).slice(0, PAIR_SEARCH_LIMIT).sort((i, j) => i - j);
  }
  const best: { score: number; i: number; j: number }[] = [];
  const worse = (x: { score: number; i: number; j: number }, y: { score: number; i: number; j: number }) => x.score < y.score || (x.score === y.score && (x.i > y.i || (x.i === y.i && x.j > y.j)));
  for (let p = 0; p < candidates.length; p++) {
    const i = candidates[p];
    for (let q = p + 1; q < candidates.length; q++) {
      const j = candidates[q];
      const score = -(ra[i] - ra[j]) * (rb[i] - rb[j]);
      if (score <= 0) continue;
      const entry = { score, i, j };
      if (best.length === top && !worse(best[best.length - 1], entry)) continue;
      let k = best.length < top ? best.length : top - 1;
      if (best.length < top) best.push(entry);
      while (k > 0 && worse(best[k - 1], entry)) {
        best[k] = best[k - 1];
        k--;
      }
      best[k] = entry;
    }
  }
  return { spearman, disagreements: best.map((b) => ({ episode_a: kept[b.i], episode_b: kept[b.j] })) };
}
