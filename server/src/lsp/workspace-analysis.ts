import { analyze, type Analysis } from '../analysis/analyze';
import type { AnalysisCheck } from '../analysis/registry';
import { diagnostic } from '../base/diagnostic';
import { LineIndex } from '../base/line-index';
import type { Documents } from './documents';
import { widen, type EditRegion, type TextEdit } from './edit-region';
import { analyzeIncremental, type IncrementalAnalysis } from './incremental-analysis';
import { FEATURES, type FeatureContext, type FeatureName } from './features';
import { expressionOnly, outlineOf, staleAnswer } from './stale';
import type { Chunk } from '../syntax/incremental';

/** The analysis of one version of one document, with the line index of that text. */
export interface DocumentAnalysis {
  readonly uri: string;
  readonly version: number;
  readonly analysis: Analysis;
  readonly lines: LineIndex;
  /** While this version has errors, the last analysed version without (inlay hints keep its bounds). */
  readonly lastSound?: DocumentAnalysis;
  /**
   * The chunks the tree is made of, when it was parsed by chunk (syntax/incremental.ts): the
   * outline and the semantic tokens keep each unchanged chunk's part (symbols.ts, semantic-tokens.ts).
   */
  readonly chunks?: readonly Chunk[];
}

/** Wraps a feature's handler by name (`hover`, `completion`, `signatureHelp`, ...: features.ts). */
export type WrapFeature = <P, R>(name: string, handler: (a: DocumentAnalysis, p: P) => R | Promise<R>) => (a: DocumentAnalysis, p: P) => R | Promise<R>;

export interface AnalysisOptions {
  /** Quiet time after the last edit before a document is analysed again. */
  readonly delayMs: number;
  /** Called once per analysed version, when the debounce fires (diagnostics go out from here). */
  readonly onAnalysed: (a: DocumentAnalysis) => void;
  readonly log: (message: string) => void;
  /** Called before a version is analysed and (with null) after (the analysis worker tells the server, which may cancel the run). */
  readonly onAnalysing?: (uri: string, version: number | null, lastMs?: number) => void;
  /** Analyse each version from the last one (incremental-analysis.ts) rather than from scratch. */
  readonly incremental?: boolean;
  /** The analyses to run; default every one (tests inject a failing one). */
  readonly analyses?: readonly AnalysisCheck[];
  /** Wraps each feature's handler by its name in the feature table (features.ts): the failure tests make one throw. */
  readonly wrapFeature?: WrapFeature;
}

/**
 * Re-analysis per document, debounced. Each document has its own timer, so one document never
 * waits for another; an edit cancels the pending run of the version it replaces. A request that
 * needs the analysis of the current version computes it at once (and caches it) rather than
 * waiting for the timer.
 */
export class WorkspaceAnalysis {
  private readonly cache = new Map<string, DocumentAnalysis>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Per document, what the edits since its cached analysis touched (none: a full replacement). */
  private readonly regions = new Map<string, EditRegion | null>();
  /** Per document, the incremental state of its last analysis. */
  private readonly states = new Map<string, IncrementalAnalysis>();
  /** Per document, how long its last analysis took (ms). */
  private readonly took = new Map<string, number>();

  constructor(private readonly docs: Documents, private readonly options: AnalysisOptions) {}

  /** Records edits of a document (offsets in the text each leaves to the next) and schedules its analysis. */
  edited(uri: string, edits: readonly TextEdit[]): void {
    let region = this.regions.get(uri);
    if (this.cache.has(uri) && region !== null) {
      for (const e of edits) region = widen(region, e);
      this.regions.set(uri, region ?? null);
    }
    this.schedule(uri);
  }

  /**
   * Answers a request. While the current version waits for its analysis, the requests that
   * allow it are answered from the last one if only an expression changed since (stale.ts);
   * everything else analyses the current version first.
   */
  async request(name: FeatureName, uri: string, params: never, ctx: FeatureContext): Promise<unknown> {
    const doc = this.docs.get(uri);
    if (!doc) return undefined;
    const last = this.cache.get(uri);
    const region = this.regions.get(uri);
    if (last && last.version !== doc.version && region && FEATURES[name].stale !== 'fresh') {
      const text = doc.getText();
      if (expressionOnly(outlineOf(last), region, text)) {
        const stale = (_a: DocumentAnalysis, p: never) => staleAnswer(name, last, region, text, doc.version, p, ctx);
        const answer = await this.wrap(name, stale)(last, params);
        if (answer !== undefined) return answer;
      }
    }
    const a = this.current(uri);
    return a && (await this.wrap(name, (x: DocumentAnalysis, p: never) => FEATURES[name].run(x, p, ctx))(a, params));
  }

  private wrap<P, R>(name: FeatureName, handler: (a: DocumentAnalysis, p: P) => R | Promise<R>): (a: DocumentAnalysis, p: P) => R | Promise<R> {
    return this.options.wrapFeature ? this.options.wrapFeature(name, handler) : handler;
  }

  schedule(uri: string): void {
    this.cancel(uri);
    const timer = setTimeout(() => {
      this.timers.delete(uri);
      const a = this.current(uri);
      if (a) this.options.onAnalysed(a);
    }, this.delay(uri));
    this.timers.set(uri, timer);
  }

  /**
   * The quiet time before analysing: at most the configured one, and no more than a few times
   * what the document's last analysis took (waiting longer than the work itself only delays
   * the squiggles of a small document).
   */
  private delay(uri: string): number {
    const took = this.took.get(uri);
    return took === undefined ? this.options.delayMs : Math.min(this.options.delayMs, Math.ceil(3 * took));
  }

  /** The analysis of the document's current version, or undefined for a document not open. */
  current(uri: string): DocumentAnalysis | undefined {
    const doc = this.docs.get(uri);
    if (!doc) return undefined;
    const cached = this.cache.get(uri);
    if (cached && cached.version === doc.version) return cached;
    const text = doc.getText();
    this.options.onAnalysing?.(uri, doc.version, this.took.get(uri));
    const started = performance.now();
    const analysis = this.analyzeSafely(uri, text);
    const lastSound = cached && (cached.analysis.hasErrors ? cached.lastSound : cached);
    const state = this.states.get(uri);
    const chunks = state?.analysis === analysis && state.parse.byChunks ? state.parse.chunks : undefined;
    const result: DocumentAnalysis = { uri, version: doc.version, analysis, lines: new LineIndex(text), ...(analysis.hasErrors && lastSound ? { lastSound } : {}), ...(chunks ? { chunks } : {}) };
    this.options.onAnalysing?.(uri, null);
    const took = performance.now() - started;
    this.took.set(uri, took);
    if (took > 500) this.options.log(`analysing ${uri} took ${Math.round(took)} ms`);
    this.cache.set(uri, result);
    this.regions.delete(uri);
    return result;
  }

  /** Every open document's current analysis (for workspace symbols and settings changes). */
  all(): readonly DocumentAnalysis[] {
    return this.docs.all().flatMap((d) => this.current(d.uri) ?? []);
  }

  forget(uri: string): void {
    this.cancel(uri);
    this.cache.delete(uri);
    this.regions.delete(uri);
    this.states.delete(uri);
    this.took.delete(uri);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  /**
   * The pipeline must never throw (an analysis that does is reported by analyze itself); if
   * parsing or the name checker does, the editor shows one internal-error instead of going dark.
   * Nesting is bounded before the parser, so a throw here is a bug whatever its kind.
   */
  private analyzeSafely(uri: string, text: string): Analysis {
    try {
      if (this.options.analyses) return analyze(text, this.options.analyses);
      if (this.options.incremental === false) return analyze(text);
      const state = analyzeIncremental(text, this.states.get(uri));
      this.states.set(uri, state);
      return state.analysis;
    } catch (e) {
      this.states.delete(uri);
      this.options.log(`analysing ${uri} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      const why = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      const message = `Internal error: this file could not be parsed and checked (${why}); the features that need its syntax tree are off until it changes. This is a bug in Rewardsmith: please report it with this file.`;
      return { ...analyze(''), text, diagnostics: [diagnostic('internal-error', { start: 0, end: Math.min(1, text.length) }, message, { severity: 'error' })], hasErrors: true };
    }
  }

  private cancel(uri: string): void {
    const t = this.timers.get(uri);
    if (t) clearTimeout(t);
    this.timers.delete(uri);
  }
}
