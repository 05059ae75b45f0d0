import type { TextDocumentContentChangeEvent, Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { CompletionFacts } from './completion-facts';
import type { FeatureName } from './features';
import type { Settings } from './settings';

// The messages between the server and the analysis worker of a large document
// (analysis-worker.ts, worker-document.ts). Plain data: they cross a thread boundary.

export interface WorkerConfig {
  readonly settings: Settings;
  readonly snippets: boolean;
  readonly roots: readonly string[];
  readonly delayMs: number;
  /** The client reads diagnostics by push (publishDiagnostics): the worker sends them when ready. */
  readonly push: boolean;
  /** Analyse each version from the last one (the default) rather than from scratch. */
  readonly incremental: boolean;
  /**
   * The server's DocsLink as data (a function does not cross a thread): its link for
   * PAGE_CODE_PLACEHOLDER, in which the worker puts each code (pagesFromTemplate).
   */
  readonly pagesTemplate: string;
}

/** A code no diagnostic has, which survives a URL unescaped. */
export const PAGE_CODE_PLACEHOLDER = 'rewardsmith-page-code-placeholder';

export function pagesTemplate(pages: (code: string) => string): string {
  return pages(PAGE_CODE_PLACEHOLDER);
}

export function pagesFromTemplate(template: string): (code: string) => string {
  return (code) => template.split(PAGE_CODE_PLACEHOLDER).join(code);
}

export type ToWorker =
  | { readonly type: 'config'; readonly config: WorkerConfig }
  /** `latest`: the document's newest version, written by the server as edits arrive (shared memory: the worker reads it between queued messages). */
  | { readonly type: 'open'; readonly uri: string; readonly languageId: string; readonly version: number; readonly text: string; readonly latest: Int32Array }
  | { readonly type: 'change'; readonly uri: string; readonly version: number; readonly changes: readonly TextDocumentContentChangeEvent[] }
  /** `version`: the document's version when the request was sent. */
  | { readonly type: 'request'; readonly id: number; readonly name: FeatureName; readonly uri: string; readonly params: unknown; readonly version: number };

export type FromWorker =
  /** A run starts (the version, with how long the last one took, if any) or ends (null). */
  | { readonly type: 'analysing'; readonly version: number | null; readonly lastMs?: number }
  | { readonly type: 'analysed'; readonly version: number; readonly diagnostics?: readonly LspDiagnostic[] }
  /** What completion reads of the version just analysed: the server answers it on its own thread (completion-facts.ts). */
  | { readonly type: 'facts'; readonly facts: CompletionFacts }
  /** `outdated`: the document changed after the request was sent; it was not run. */
  | { readonly type: 'reply'; readonly id: number; readonly result?: unknown; readonly error?: { readonly refused: boolean; readonly message: string; readonly outdated?: boolean } }
  | { readonly type: 'log'; readonly message: string };
