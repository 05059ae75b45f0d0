// The one typed API of the preview, shared by the server (which computes it), the client (which
// relays it) and the webview (which only renders it). Numbers per step or per episode travel
// as typed arrays, never as arrays of objects; wire.ts turns them into JSON-safe base64 and back.

export type ItemKind = 'task' | 'auxiliary' | 'shaping';
export type LtlStatus = 'pending' | 'accepted' | 'rejected';
export type EpisodeEndKind = 'terminated' | 'truncated';

export interface ComponentInfo {
  /** The component key of `reward eval` (LANGUAGE.md section 8). */
  readonly key: string;
  readonly kind: ItemKind;
}

/** One `reward` block of the spec. */
export interface VariantInfo {
  readonly name: string;
  readonly components: readonly ComponentInfo[];
}

export interface MachineMeta {
  readonly name: string;
  readonly states: readonly string[];
  readonly terminal: readonly boolean[];
}

export interface ProblemInfo {
  readonly file: string;
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

/** What the spec declares that the preview shows, and where the data came from. */
export interface PreviewMeta {
  /** The spec's file name, for titles. */
  readonly spec: string;
  readonly gamma: number;
  readonly variants: readonly VariantInfo[];
  readonly machines: readonly MachineMeta[];
  readonly ltls: readonly string[];
  readonly props: readonly string[];
  readonly files: readonly string[];
}

/** One pair of variants compared over all episodes. */
export interface VariantPair {
  readonly a: number;
  readonly b: number;
  /** Spearman's rank correlation of the two variants' discounted returns; NaN with fewer than 2 episodes or a constant return. */
  readonly spearman: number;
  /** Episodes ordered by how far apart their ranks are, most first (at most 10). */
  readonly disagreements: Int32Array;
  /** The rank gap of each of `disagreements` (ranks are fractional on ties). */
  readonly gaps: Float64Array;
}

/** Everything but the per-step values: the episode list and the comparison of variants. */
export interface PreviewOverview {
  readonly meta: PreviewMeta;
  /** Per episode. */
  readonly steps: Int32Array;
  readonly terminated: Uint8Array;
  /** Index into meta.files. */
  readonly file: Int32Array;
  /** Per variant, per episode. */
  readonly returns: readonly Float64Array[];
  readonly discounted: readonly Float64Array[];
  readonly pairs: readonly VariantPair[];
  readonly problems: readonly ProblemInfo[];
  /** Problems beyond those listed. */
  readonly moreProblems: number;
  readonly skipped: number;
}

/** The smallest and largest value of a series in each drawn column (equal when not downsampled). */
export interface Band {
  readonly lo: Float64Array;
  readonly hi: Float64Array;
}

/**
 * One episode, for drawing: steps `from` to `to - 1` in columns. A column holds the steps
 * `start[i]` to `start[i + 1] - 1` (the last column up to `to - 1`); when `exact`, one step each.
 * Not for the numbers on hover when downsampled: those come from StepValues.
 */
export interface EpisodeView {
  readonly episode: number;
  readonly steps: number;
  readonly from: number;
  readonly to: number;
  readonly exact: boolean;
  readonly start: Int32Array;
  /** Per variant. */
  readonly reward: readonly Band[];
  /** Per variant, per component (weighted values). */
  readonly components: readonly (readonly Band[])[];
  /** Per variant: return up to and including the step, and its discounted counterpart. */
  readonly cumulative: readonly Band[];
  readonly discounted: readonly Band[];
  /** Per machine: its state index at the end of each column. */
  readonly machines: readonly Int32Array[];
  /** Per formula: verdict at the end of each column, 1 accepted, -1 rejected, 0 pending. */
  readonly ltl: readonly Int8Array[];
  /** Per prop: in how many steps of the column it holds, scaled to 0..255. */
  readonly props: readonly Uint8Array[];
}

/** Every value of one step at full resolution: what the hover shows. */
export interface StepValues {
  readonly episode: number;
  readonly t: number;
  /** Per variant. */
  readonly reward: Float64Array;
  readonly components: readonly Float64Array[];
  readonly cumulative: Float64Array;
  readonly discounted: Float64Array;
  /** Machine state names, verdicts and labels after the step. */
  readonly machines: readonly string[];
  readonly ltl: readonly LtlStatus[];
  readonly props: readonly boolean[];
}

/** Shown above a preview that is not the spec's current state. */
export interface Stale {
  readonly message: string;
  readonly errors: number;
}

export type HostMessage =
  | { readonly type: 'preview'; readonly overview: PreviewOverview; readonly view: EpisodeView | null; readonly stale: Stale | null }
  | { readonly type: 'episode'; readonly view: EpisodeView }
  | { readonly type: 'step'; readonly values: StepValues }
  | { readonly type: 'stale'; readonly stale: Stale | null }
  | { readonly type: 'notice'; readonly message: string }
  /** Show this reward block's components (the code lens `Preview` of a `reward` block). */
  | { readonly type: 'variant'; readonly name: string };

export type WebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'episode'; readonly episode: number; readonly columns: number; readonly from?: number; readonly to?: number }
  | { readonly type: 'step'; readonly episode: number; readonly t: number }
  | { readonly type: 'showProblems' }
  | { readonly type: 'pickTrajectories' };

/** The custom request `reward/preview` of the language server. */
export const PREVIEW_METHOD = 'reward/preview';

export interface PreviewParams {
  /** The spec document, as the client knows it. */
  readonly uri: string;
  /** Trajectory files (paths). */
  readonly files: readonly string[];
  readonly what: 'all' | 'episode' | 'step';
  readonly episode?: number;
  readonly columns?: number;
  readonly from?: number;
  readonly to?: number;
  readonly t?: number;
}

/** The result of `reward/preview`, in wire form (typed arrays as base64, see wire.ts). */
export type PreviewResult =
  | { readonly kind: 'preview'; readonly overview: PreviewOverview; readonly view: EpisodeView | null }
  | { readonly kind: 'episode'; readonly view: EpisodeView }
  | { readonly kind: 'step'; readonly values: StepValues }
  /** The spec has errors: the client keeps its last good preview. */
  | { readonly kind: 'errors'; readonly errors: number; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string };

/** Columns drawn when the webview does not say (about one per pixel of a wide chart). */
export const DEFAULT_COLUMNS = 1600;
