import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { LSPErrorCodes, ResponseError, type TextDocumentContentChangeEvent, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import { LineIndex } from '../base/line-index';
import { commentsOf, namesOf, outlineOfFacts, sourceOfFacts, type CompletionFacts, type EncodedNames } from './completion-facts';
import { completion, type CompletionSource, type Names } from './completion';
import { toOffset } from './convert';
import { widen, type EditRegion, type TextEdit } from './edit-region';
import type { FeatureContext, FeatureName } from './features';
import { RenameRefused } from './rename';
import { signatureHelp } from './signature-help';
import { expressionOnly, staleCompletion, type Outline } from './stale';
import type { FromWorker, ToWorker, WorkerConfig } from './worker-messages';

// One large document analysed on a thread of its own (analysis-worker.ts). The server's event
// loop only forwards edits and requests, so a long analysis never delays another document.
// The first run (from scratch: the longest) is cancelled when a newer version arrives: the
// worker is stopped and a new one takes the current text (unless the run it stopped last time
// was cancelled too, so that a document still gets analysed while the user keeps typing). A
// later run is let finish: it analyses its version from the last (incremental-analysis.ts),
// and stopping it would throw that away, so that the next version would be analysed from
// scratch, which takes longer than any run it could save.
// Requests queue in the worker behind the work of the versions before them; one that reaches
// the worker after a newer edit reached the server is answered ContentModified (diagnostics:
// ServerCancelled) without being run: while the user types, the worker works on the current
// version only, not on every keystroke's requests.
// Completion and signature help are answered here, on the server's thread, never queued behind
// a run: signature help reads only the text; completion reads the names the worker sends after
// each version (completion-facts.ts), under the rule of stale.ts (the version analysed, or only
// the inside of an expression edited since); otherwise it goes to the worker as the rest.

const MAX_EDITS = 10_000;

interface Decoded {
  readonly names: Names;
  readonly comments: CompletionSource['comments'];
  readonly outline: Outline;
}

/** The worker's bundle, beside the server's; undefined when running from source (no bundle). */
export function workerBundle(): string | undefined {
  // Run from source as an ES module (tsx: the failure tests' server) there is no __dirname, nor a bundle.
  if (typeof __dirname === 'undefined') return undefined;
  const file = join(__dirname, 'analysis-worker.cjs');
  return existsSync(file) ? file : undefined;
}

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
  /** The document's newest version, shared with the worker. */
  private readonly latest = new Int32Array(new SharedArrayBuffer(4));
  private version = 0;
  /** What completion reads of the last version analysed, and the edits of every version since (offsets, in order). */
  private facts: { readonly facts: CompletionFacts; readonly names: EncodedNames | undefined; decoded?: Decoded } | undefined;
  /** The names decoded, kept while the facts bring none (unchanged). */
  private names: { readonly encoded: EncodedNames; readonly names: Names } | undefined;
  private edits: { readonly version: number; readonly edits: readonly TextEdit[] }[] = [];
  private lines: { readonly version: number; readonly lines: LineIndex } | undefined;
  /** The newest version whose edits were dropped (facts older than it cannot be moved to the current text). */
  private forgotten = -Infinity;

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

  /** `edits`: the changes as offsets, each in the text the one before it left (documents.ts). */
  change(version: number, changes: readonly TextDocumentContentChangeEvent[], edits: readonly TextEdit[]): void {
    this.version = version;
    this.edits.push({ version, edits });
    // Bounded while no version gets analysed: facts older than what is dropped are then not used.
    if (this.edits.length > MAX_EDITS) this.forgotten = this.edits.shift()!.version;
    Atomics.store(this.latest, 0, version);
    const fromScratch = this.analysingLastMs === undefined;
    if (this.analysing !== undefined && this.analysing < version && fromScratch && !this.cancelledLast) {
      this.cancelledLast = true;
      this.events.log(`cancelled the analysis of version ${this.analysing} of ${this.uri}: version ${version} arrived`);
      this.restart();
      return;
    }
    this.post({ type: 'change', uri: this.uri, version, changes });
  }

  /** The answer of a request given on this thread (completion, signature help), or undefined: ask the worker. */
  answerHere(name: FeatureName, params: { position?: { line: number; character: number } }, ctx: FeatureContext): Promise<unknown> | undefined {
    if (name !== 'completion' && name !== 'signatureHelp') return undefined;
    const { text, version } = this.textNow();
    if (!this.lines || this.lines.version !== version) this.lines = { version, lines: new LineIndex(text) };
    const lines = this.lines.lines;
    if (name === 'signatureHelp') return Promise.resolve(signatureHelp(text, toOffset(lines, params.position)));
    if (!this.facts?.names || this.facts.facts.version < this.forgotten) return undefined;
    const { facts } = this.facts;
    const { names, comments, outline } = this.decoded(this.facts.names);
    if (facts.version === version) return completion(sourceOfFacts(facts, comments, names, lines), toOffset(lines, params.position), { snippets: ctx.snippets, fields: ctx.fields });
    let region: EditRegion | undefined;
    for (const e of this.edits) for (const x of e.edits) region = widen(region, x);
    // Versions without edits (an empty change) leave the text as analysed.
    region ??= { start: 0, endOld: 0, endNew: 0 };
    if (!expressionOnly(outline, region, text)) return undefined;
    return Promise.resolve(staleCompletion(names, comments, region, text, lines, params, ctx));
  }

  /** The facts decoded, once per version and only when a completion asks. */
  private decoded(encoded: EncodedNames): Decoded {
    const f = this.facts!;
    if (this.names?.encoded !== encoded) this.names = { encoded, names: namesOf(encoded) };
    return (f.decoded ??= { names: this.names.names, comments: commentsOf(f.facts), outline: outlineOfFacts(f.facts) });
  }

  request(name: FeatureName, params: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const message = { type: 'request', id: this.nextId++, name, uri: this.uri, params, version: this.version } as const;
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
    this.version = version;
    Atomics.store(this.latest, 0, version);
    this.post({ type: 'config', config: this.config });
    this.post({ type: 'open', uri: this.uri, languageId: this.languageId, version, text, latest: this.latest });
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
      case 'facts':
        // Never an older version after a newer one; the edits it has seen are dropped.
        if (this.facts && m.facts.version < this.facts.facts.version) return;
        // Without names, the worker's last ones (a worker started anew sends them first).
        this.facts = { facts: m.facts, names: m.facts.names ?? this.facts?.names };
        this.edits = this.edits.filter((e) => e.version > m.facts.version);
        return;
      case 'log':
        this.events.log(m.message);
        return;
      case 'reply': {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (!m.error) p.resolve(m.result);
        else if (m.error.outdated) p.reject(outdated(p.message.name));
        else p.reject(m.error.refused ? new RenameRefused(m.error.message) : new Error(m.error.message));
        return;
      }
    }
  }

  private post(m: ToWorker): void {
    this.worker.postMessage(m);
  }
}

/** The LSP answer to a request the document's edits overtook: diagnostics may be server-cancelled, the rest is ContentModified. */
function outdated(name: FeatureName): ResponseError<unknown> {
  return name === 'diagnostics'
    ? new ResponseError(LSPErrorCodes.ServerCancelled, 'The document changed: its diagnostics are computed for the newer version.', { retriggerRequest: false })
    : new ResponseError(LSPErrorCodes.ContentModified, 'The document changed before the request could be answered.');
}
