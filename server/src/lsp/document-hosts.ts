import type { TextDocumentContentChangeEvent, Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import { lspDiagnostics } from './diagnostics';
import type { Documents } from './documents';
import type { FeatureContext, FeatureName } from './features';
import { WorkerDocument } from './worker-document';
import type { WorkerConfig } from './worker-messages';
import { WorkspaceAnalysis, type WrapFeature } from './workspace-analysis';
import type { AnalysisCheck } from '../analysis/registry';

// Where each open document is analysed and its requests answered. A small document on the
// server's event loop (its analysis takes milliseconds); a large one on a thread of its own,
// so that its analysis never delays another document's requests (worker-document.ts).

export interface HostOptions {
  readonly delayMs: number;
  /** Documents of at least this many characters get a worker (when the worker bundle exists). */
  readonly workerThreshold: number;
  readonly bundle: string | undefined;
  readonly config: () => WorkerConfig;
  readonly ctx: FeatureContext;
  readonly diagnostics: (uri: string, version: number, diagnostics: LspDiagnostic[]) => void;
  readonly log: (message: string) => void;
  /** Test hooks (ServerOptions): functions, which a worker cannot take, so with either every document stays in place. */
  readonly analyses?: readonly AnalysisCheck[];
  readonly wrapFeature?: WrapFeature;
}

/** 100,000 characters: about 3,000 lines, which analyse in about 100 ms today. */
export const DEFAULT_WORKER_THRESHOLD = 100_000;

export class DocumentHosts {
  readonly inPlace: WorkspaceAnalysis;
  private readonly workers = new Map<string, WorkerDocument>();

  constructor(private readonly docs: Documents, private readonly options: HostOptions) {
    this.inPlace = new WorkspaceAnalysis(docs, {
      delayMs: options.delayMs,
      incremental: options.config().incremental,
      log: options.log,
      analyses: options.analyses,
      wrapFeature: options.wrapFeature,
      onAnalysed: (a) => {
        if (options.config().push) options.diagnostics(a.uri, a.version, lspDiagnostics(a, options.ctx.settings, options.ctx.pages));
      },
    });
  }

  open(uri: string, languageId: string, version: number, text: string): void {
    this.close(uri);
    this.docs.open(uri, languageId, version, text);
    if (!this.moveIfLarge(uri, languageId)) this.inPlace.schedule(uri);
  }

  change(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): void {
    const changed = this.docs.change(uri, version, changes);
    if (!changed) return;
    const worker = this.workers.get(uri);
    if (worker) worker.change(version, changes, changed.edits);
    else if (!this.moveIfLarge(uri, changed.doc.languageId)) this.inPlace.edited(uri, changed.edits);
  }

  close(uri: string): void {
    this.workers.get(uri)?.dispose();
    this.workers.delete(uri);
    this.inPlace.forget(uri);
    this.docs.close(uri);
  }

  /** The answer of a request on a document; undefined for a document not open. */
  request(name: FeatureName, uri: string, params: unknown): Promise<unknown> {
    const worker = this.workers.get(uri);
    // Completion and signature help on this thread when they may (worker-document.ts), never behind a run.
    if (worker) return worker.answerHere(name, params as never, this.options.ctx) ?? worker.request(name, params);
    return this.inPlace.request(name, uri, params as never, this.options.ctx);
  }

  uris(): string[] {
    return this.docs.all().map((d) => d.uri);
  }

  /** After a settings change: the workers take the new settings; in place, push clients get the diagnostics again. */
  configured(): void {
    const config = this.options.config();
    for (const w of this.workers.values()) w.configure(config);
    if (!config.push) return;
    for (const uri of this.uris()) {
      const a = this.workers.has(uri) ? undefined : this.inPlace.current(uri);
      if (a) this.options.diagnostics(uri, a.version, lspDiagnostics(a, this.options.ctx.settings, this.options.ctx.pages));
    }
  }

  dispose(): void {
    this.inPlace.dispose();
    for (const w of this.workers.values()) w.dispose();
    this.workers.clear();
  }

  private moveIfLarge(uri: string, languageId: string): boolean {
    const doc = this.docs.get(uri);
    if (!doc || !this.options.bundle || this.options.analyses || this.options.wrapFeature || doc.getText().length < this.options.workerThreshold) return false;
    this.inPlace.forget(uri);
    const textNow = () => {
      const d = this.docs.get(uri)!;
      return { text: d.getText(), version: d.version };
    };
    this.workers.set(uri, new WorkerDocument(this.options.bundle, uri, languageId, this.options.config(), textNow, {
      analysed: (version, diagnostics) => {
        if (diagnostics && this.workers.has(uri)) this.options.diagnostics(uri, version, diagnostics as LspDiagnostic[]);
      },
      log: this.options.log,
    }));
    return true;
  }
}
