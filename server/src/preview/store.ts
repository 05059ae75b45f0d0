import type { PreviewMeta, ProblemInfo } from './api';

/**
 * The whole evaluation at full resolution, held by whoever answers the webview (the language
 * server, or the report page itself). Steps of all episodes are concatenated: episode `e` owns
 * the steps `offsets[e]` to `offsets[e + 1] - 1`.
 */
export interface PreviewStore {
  readonly meta: PreviewMeta;
  /** Length episodes + 1. */
  readonly offsets: Int32Array;
  readonly terminated: Uint8Array;
  /** Index into meta.files. */
  readonly file: Int32Array;
  /** Per variant, per episode, as the evaluator summed them. */
  readonly returns: readonly Float64Array[];
  readonly discounted: readonly Float64Array[];
  /** Per variant, per step. */
  readonly reward: readonly Float64Array[];
  /** Per variant, per component, per step (weighted). */
  readonly components: readonly (readonly Float64Array[])[];
  /** Per machine / formula / prop, per step: state index, verdict (1, -1, 0), label (0, 1). */
  readonly machines: readonly Int32Array[];
  readonly ltl: readonly Int8Array[];
  readonly props: readonly Uint8Array[];
  readonly problems: readonly ProblemInfo[];
  readonly moreProblems: number;
  readonly skipped: number;
}

export const episodeCount = (s: PreviewStore): number => s.offsets.length - 1;
export const stepCount = (s: PreviewStore, episode: number): number => s.offsets[episode + 1] - s.offsets[episode];
