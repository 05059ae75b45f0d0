import { analyze, type Analysis } from '../analysis/analyze';
import type { AnalysisCheck } from '../analysis/registry';
import { diagnostic } from '../base/diagnostic';
import { LineIndex } from '../base/line-index';
import type { Documents } from './documents';

/** The analysis of one version of one document, with the line index of that text. */
export interface DocumentAnalysis {
  readonly uri: string;
  readonly version: number;
  readonly analysis: Analysis;
  readonly lines: LineIndex;
}

export interface AnalysisOptions {
  /** Quiet time after the last edit before a document is analysed again. */
  readonly delayMs: number;
  /** Called once per analysed version, when the debounce fires (diagnostics go out from here). */
  readonly onAnalysed: (a: DocumentAnalysis) => void;
  readonly log: (message: string) => void;
  /** The analyses to run; default every one (tests inject a failing one). */
  readonly analyses?: readonly AnalysisCheck[];
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

  constructor(private readonly docs: Documents, private readonly options: AnalysisOptions) {}

  schedule(uri: string): void {
    this.cancel(uri);
    const timer = setTimeout(() => {
      this.timers.delete(uri);
      const a = this.current(uri);
      if (a) this.options.onAnalysed(a);
    }, this.options.delayMs);
    this.timers.set(uri, timer);
  }

  /** The analysis of the document's current version, or undefined for a document not open. */
  current(uri: string): DocumentAnalysis | undefined {
    const doc = this.docs.get(uri);
    if (!doc) return undefined;
    const cached = this.cache.get(uri);
    if (cached && cached.version === doc.version) return cached;
    const text = doc.getText();
    const started = Date.now();
    const result: DocumentAnalysis = { uri, version: doc.version, analysis: this.analyzeSafely(uri, text), lines: new LineIndex(text) };
    const took = Date.now() - started;
    if (took > 500) this.options.log(`analysing ${uri} took ${took} ms`);
    this.cache.set(uri, result);
    return result;
  }

  /** Every open document's current analysis (for workspace symbols and settings changes). */
  all(): readonly DocumentAnalysis[] {
    return this.docs.all().flatMap((d) => this.current(d.uri) ?? []);
  }

  forget(uri: string): void {
    this.cancel(uri);
    this.cache.delete(uri);
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
      return this.options.analyses ? analyze(text, this.options.analyses) : analyze(text);
    } catch (e) {
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
