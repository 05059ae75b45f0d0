// The messages between the preview's host (the VS Code client, or the report page itself) and
// the webview, with their schemas. The client builds host messages from the server's answer
// without decoding it (`RelayedHostMessage`: same wire form, payload left encoded); the webview
// decodes every message in full (`HostMessage`).
import { DetailIndexSchema, type DetailIndex } from './detail';
import { EpisodeViewSchema, PreviewOverviewSchema, StepValuesSchema, type EpisodeView, type PreviewOverview, type StepValues } from './preview';
import { int, literal, nullable, object, optional, relayed, str, union, type Encoded, type Schema } from './schema';

/** Shown above a preview that is not the spec's current state. */
export interface Stale {
  readonly message: string;
  readonly errors: number;
}

export type HostMessageOf<Overview, View, Values> =
  | { readonly type: 'preview'; readonly overview: Overview; readonly view: View | null; readonly stale: Stale | null }
  | { readonly type: 'episode'; readonly view: View }
  | { readonly type: 'step'; readonly values: Values }
  | { readonly type: 'stale'; readonly stale: Stale | null }
  | { readonly type: 'notice'; readonly message: string }
  /** The panel now previews another spec (its file name): what is shown belongs to the last one and goes. */
  | { readonly type: 'spec'; readonly name: string }
  /** Show this reward block's components (the code lens `Preview` of a `reward` block). */
  | { readonly type: 'variant'; readonly name: string };

/** A message to the webview, as the webview reads it. */
export type HostMessage = HostMessageOf<PreviewOverview, EpisodeView, StepValues>;
/** The same message as the client sends it: the server's payload passed on in its wire form. */
export type RelayedHostMessage = HostMessageOf<Encoded<PreviewOverview>, Encoded<EpisodeView>, Encoded<StepValues>>;

export type WebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'episode'; readonly episode: number; readonly columns: number; readonly from?: number; readonly to?: number }
  | { readonly type: 'step'; readonly episode: number; readonly t: number }
  | { readonly type: 'showProblems' }
  | { readonly type: 'pickTrajectories' };

const StaleSchema = object<Stale>({ message: str, errors: int() });

function hostMessage<O, V, S>(overview: Schema<O>, view: Schema<V>, values: Schema<S>): Schema<HostMessageOf<O, V, S>> {
  type M = HostMessageOf<O, V, S>;
  return union<M, 'type'>('type', {
    preview: object<Extract<M, { type: 'preview' }>>({ type: literal('preview'), overview, view: nullable(view), stale: nullable(StaleSchema) }),
    episode: object<Extract<M, { type: 'episode' }>>({ type: literal('episode'), view }),
    step: object<Extract<M, { type: 'step' }>>({ type: literal('step'), values }),
    stale: object<Extract<M, { type: 'stale' }>>({ type: literal('stale'), stale: nullable(StaleSchema) }),
    notice: object<Extract<M, { type: 'notice' }>>({ type: literal('notice'), message: str }),
    spec: object<Extract<M, { type: 'spec' }>>({ type: literal('spec'), name: str }),
    variant: object<Extract<M, { type: 'variant' }>>({ type: literal('variant'), name: str }),
  });
}

export const HostMessageSchema: Schema<HostMessage> = hostMessage(PreviewOverviewSchema, EpisodeViewSchema, StepValuesSchema);
export const RelayedHostMessageSchema: Schema<RelayedHostMessage> = hostMessage(relayed(PreviewOverviewSchema), relayed(EpisodeViewSchema), relayed(StepValuesSchema));

type W = WebviewMessage;
/** Only these five shapes are acted on; other fields are dropped. */
export const WebviewMessageSchema: Schema<WebviewMessage> = union<W, 'type'>('type', {
  ready: object<Extract<W, { type: 'ready' }>>({ type: literal('ready') }),
  episode: object<Extract<W, { type: 'episode' }>>({ type: literal('episode'), episode: int(), columns: int(1), from: optional(int()), to: optional(int()) }),
  step: object<Extract<W, { type: 'step' }>>({ type: literal('step'), episode: int(), t: int() }),
  showProblems: object<Extract<W, { type: 'showProblems' }>>({ type: literal('showProblems') }),
  pickTrajectories: object<Extract<W, { type: 'pickTrajectories' }>>({ type: literal('pickTrajectories') }),
});

/**
 * What the standalone report (`reward preview`) embeds in its data block: the overview (the
 * comparison of variants is computed by the server), the first view, drawn before anything else
 * is decoded, and where the per-step detail is (protocol/detail.ts), for the page to slice as
 * the server would.
 */
export interface ReportData {
  readonly overview: PreviewOverview;
  /** Episode 0 in DEFAULT_COLUMNS columns; null without episodes. */
  readonly first: EpisodeView | null;
  readonly detail: DetailIndex;
}
export const ReportDataSchema: Schema<ReportData> = object<ReportData>({ overview: PreviewOverviewSchema, first: nullable(EpisodeViewSchema), detail: DetailIndexSchema });

/** The id of the element holding the report's data; the webview bundle looks for it. */
export const REPORT_DATA_ID = 'rewardsmith-data';
