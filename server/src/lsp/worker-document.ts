import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TextDocumentContentChangeEvent, Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { FeatureName } from './features';
import { RenameRefused } from './rename';
import type { FromWorker, ToWorker, WorkerConfig } from './worker-messages';

// One large document analysed on a thread of its own (analysis-worker.ts). The server's event
// loop only forwards edits and requests, so a long analysis never delays another document.
// A long run is cancelled when a newer version arrives: the worker is stopped and a new one
// takes the current text (unless the run it stopped last time was cancelled too, so that a
// document still gets analysed while the user keeps typing). A short run (the last one took
// less than CANCEL_ABOVE_MS: each version is analysed from the last, incremental-analysis.ts)
// is let finish: stopping it would throw away what the next version is analysed from.

/** The worker's bundle, beside the server's; undefined when running from source (no bundle). */
export function workerBundle(): string | undefined {
  // Run from source as an ES module (tsx: the failure tests' server) there is no __dirname, nor a bundle.
  if (typeof __dirname === 'undefined') return undefined;
  const file = join(__dirname, 'analysis-worker.cjs');
  return existsSync(file) ? file : undefined;
}

/** A run expected to take longer than this (its document's last run did) is stopped by a newer version. */
export const CANCEL_ABOVE_MS = 250;

export interface WorkerDocumentEvents {
  readonly analysed: (version: number, diagnostics: readonly LspDiagnostic[] | undefined) => void;
  readonly log: (message: string) => void;
}

interface Pending {
  readonly message: ToWorker & { type: 'request' };
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: unknown) => void;
}

export class WorkerDocument {
  private worker!: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private analysing: number | undefined;
  /** How long the last run of the one in progress took (undefined: the first run, from scratch). */
  private analysingLastMs: number | undefined;
  private cancelledLast = false;
  private published = -Infinity;
  private disposed = false;

  constructor(
    private readonly bundle: string,
    readonly uri: string,
    private readonly languageId: string,
    private config: WorkerConfig,
    private readonly textNow: () => { text: string; version: number },
    private readonly events: WorkerDocumentEvents,
  ) {
    this.start();
  }

  configure(config: WorkerConfig): void {
    this.config = config;
    this.post({ type: 'config', config });
  }

  change(version: number, changes: readonly TextDocumentContentChangeEvent[]): void {
    const long = this.analysingLastMs === undefined || this.analysingLastMs > CANCEL_ABOVE_MS;
    if (this.analysing !== undefined && this.analysing < version && long && !this.cancelledLast) {
      this.cancelledLast = true;
      this.events.log(`cancelled the analysis of version ${this.analysing} of ${this.uri}: version ${version} arrived`);
      this.restart();
      return;
    }
    this.post({ type: 'change', uri: this.uri, version, changes });
  }

  request(name: FeatureName, params: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const message = { type: 'request', id: this.nextId++, name, uri: this.uri, params } as const;
      this.pending.set(message.id, { message, resolve, reject });
      this.post(message);
    });
  }

  dispose(): void {
    this.disposed = true;
    void this.worker.terminate();
    for (const p of this.pending.values()) p.resolve(undefined);
    this.pending.clear();
  }

  private start(): void {
    const worker = new Worker(this.bundle);
    this.worker = worker;
    this.analysing = undefined;
    // A worker replaced by a newer one may still deliver what it queued: that is ignored.
    worker.on('message', (m: FromWorker) => {
      if (this.worker === worker) this.receive(m);
    });
    worker.on('error', (e) => this.events.log(`the analysis worker of ${this.uri} failed: ${e.stack ?? e.message}`));
    worker.on('exit', () => {
      // A worker that died on its own (not stopped here) is started again: the document stays served.
      if (this.worker === worker && !this.disposed) this.restart();
    });
    const { text, version } = this.textNow();
    this.post({ type: 'config', config: this.config });
    this.post({ type: 'open', uri: this.uri, languageId: this.languageId, version, text });
    for (const p of this.pending.values()) this.post(p.message);
  }

  private restart(): void {
    const old = this.worker;
    this.start();
    void old.terminate();
  }

  private receive(m: FromWorker): void {
    switch (m.type) {
      case 'analysing':
        this.analysing = m.version ?? undefined;
        this.analysingLastMs = m.lastMs;
        if (m.version !== null) this.events.log(`analysing version ${m.version} of ${this.uri} on its own thread`);
        return;
      case 'analysed':
        this.analysing = undefined;
        this.cancelledLast = false;
        // Never an older version after a newer one.
        if (m.version < this.published) return;
        this.published = m.version;
        this.events.analysed(m.version, m.diagnostics);
        return;
      case 'log':
        this.events.log(m.message);
        return;
      case 'reply': {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (!m.error) p.resolve(m.result);
        else p.reject(m.error.refused ? new RenameRefused(m.error.message) : new Error(m.error.message));
        return;
      }
    }
  }

  private post(m: ToWorker): void {
    this.worker.postMessage(m);
  }
}
