import type { EpisodeView } from '../../protocol/preview';

/** Where the plotting area of every chart of the episode sits, in CSS pixels of the plots' box. */
export interface PlotBox {
  readonly left: number;
  readonly width: number;
}

/** Width of the y axis of every chart: fixed, so that all plots and lanes line up. */
export const AXIS_WIDTH = 64;

/** The x position of step value `v` (steps occupy [t, t + 1)). */
export const xOf = (box: PlotBox, view: EpisodeView, v: number): number => box.left + ((v - view.from) / Math.max(1, view.to - view.from)) * box.width;

/** The step under x, or undefined outside the plotting area (give or take the 3 pixels of its edges, so the first and last steps are easy to reach). */
export function stepAt(box: PlotBox, view: EpisodeView, x: number): number | undefined {
  if (view.to <= view.from || x < box.left - 3 || x > box.left + box.width + 3) return undefined;
  const t = Math.floor(view.from + ((x - box.left) / box.width) * (view.to - view.from));
  return Math.min(view.to - 1, Math.max(view.from, t));
}

/** The column that holds step t. */
export function columnOf(view: EpisodeView, t: number): number {
  let lo = 0;
  let hi = view.start.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (view.start[mid] <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** End (exclusive) of column i. */
export const columnEnd = (view: EpisodeView, i: number): number => (i + 1 < view.start.length ? view.start[i + 1] : view.to);
