// Requests of Rewardsmith beyond LSP (rust-analyzer's lsp_ext.ts style): each one is a
// `reward/...` method with the schemas of its params and its result. The server decodes the
// params and encodes the result with them, the client the reverse (server/src/lsp/protocol.ts,
// client/src/requests.ts). Plain data: no LSP library is needed to read this file.
import { EpisodeViewSchema, PreviewOverviewSchema, StepValuesSchema, type EpisodeView, type PreviewOverview, type StepValues } from './preview';
import { arr, int, literal, nullable, object, oneOf, optional, relayed, str, union, type Encoded, type Schema } from './schema';

export interface Request<P, R> {
  readonly method: string;
  readonly params: Schema<P>;
  readonly result: Schema<R>;
}

export interface PreviewParams {
  /** The spec document, as the client knows it. */
  readonly uri: string;
  /** Trajectory files (paths). */
  readonly files: readonly string[];
  /** Preference label files (paths, from the setting `rewardsmith.preferences`), LANGUAGE.md section 12. */
  readonly preferences?: readonly string[];
  readonly what: 'all' | 'episode' | 'step';
  readonly episode?: number;
  readonly columns?: number;
  readonly from?: number;
  readonly to?: number;
  readonly t?: number;
}

/**
 * The answer to `reward/preview`. The payload stays encoded: the client passes it on to the
 * webview as it came, and only the webview (or a test) decodes it with preview.ts's schemas.
 */
export type PreviewResult =
  | { readonly kind: 'preview'; readonly overview: Encoded<PreviewOverview>; readonly view: Encoded<EpisodeView> | null }
  | { readonly kind: 'episode'; readonly view: Encoded<EpisodeView> }
  | { readonly kind: 'step'; readonly values: Encoded<StepValues> }
  /** The spec has errors: the client keeps its last good preview. */
  | { readonly kind: 'errors'; readonly errors: number; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string };

type R = PreviewResult;
const PreviewResultSchema: Schema<PreviewResult> = union<R, 'kind'>('kind', {
  preview: object<Extract<R, { kind: 'preview' }>>({ kind: literal('preview'), overview: relayed(PreviewOverviewSchema), view: nullable(relayed(EpisodeViewSchema)) }),
  episode: object<Extract<R, { kind: 'episode' }>>({ kind: literal('episode'), view: relayed(EpisodeViewSchema) }),
  step: object<Extract<R, { kind: 'step' }>>({ kind: literal('step'), values: relayed(StepValuesSchema) }),
  errors: object<Extract<R, { kind: 'errors' }>>({ kind: literal('errors'), errors: int(), message: str }),
  failed: object<Extract<R, { kind: 'failed' }>>({ kind: literal('failed'), message: str }),
});

/** The reward preview of a spec on trajectory files, computed on the one evaluator. */
export const PreviewRequest: Request<PreviewParams, PreviewResult> = {
  method: 'reward/preview',
  params: object<PreviewParams>({
    uri: str,
    files: arr(str),
    preferences: optional(arr(str)),
    what: oneOf(['all', 'episode', 'step']),
    episode: optional(int()),
    columns: optional(int(1)),
    from: optional(int()),
    to: optional(int()),
    t: optional(int()),
  }),
  result: PreviewResultSchema,
};

export type AutomatonFormat = 'dot' | 'mermaid';

export interface AutomatonParams {
  /** The document holding the machine or formula. */
  readonly uri: string;
  /** A machine or an `ltl` item of that document. */
  readonly name: string;
  /** Default 'dot'. */
  readonly format?: AutomatonFormat;
}

export interface AutomatonResult {
  readonly name: string;
  readonly kind: 'machine' | 'ltl';
  readonly format: AutomatonFormat;
  /** Reachable states (for a formula: of its minimal DFA over the allowed label sets). */
  readonly states: number;
  readonly text: string;
}

const format = oneOf<AutomatonFormat>(['dot', 'mermaid']);

/** The graph of a machine, or the automaton an `ltl` item compiles to, as DOT or Mermaid text. */
export const AutomatonRequest: Request<AutomatonParams, AutomatonResult> = {
  method: 'reward/automaton',
  params: object<AutomatonParams>({ uri: str, name: str, format: optional(format) }),
  result: object<AutomatonResult>({ name: str, kind: oneOf(['machine', 'ltl']), format, states: int(), text: str }),
};
