import type { TextDocumentContentChangeEvent, Diagnostic as LspDiagnostic } from 'vscode-languageserver';
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
}

export type ToWorker =
  | { readonly type: 'config'; readonly config: WorkerConfig }
  | { readonly type: 'open'; readonly uri: string; readonly languageId: string; readonly version: number; readonly text: string }
  | { readonly type: 'change'; readonly uri: string; readonly version: number; readonly changes: readonly TextDocumentContentChangeEvent[] }
  | { readonly type: 'request'; readonly id: number; readonly name: FeatureName; readonly uri: string; readonly params: unknown };

export type FromWorker =
  /** A run starts (the version) or ends (null). */
  | { readonly type: 'analysing'; readonly version: number | null }
  | { readonly type: 'analysed'; readonly version: number; readonly diagnostics?: readonly LspDiagnostic[] }
  | { readonly type: 'reply'; readonly id: number; readonly result?: unknown; readonly error?: { readonly refused: boolean; readonly message: string } }
  | { readonly type: 'log'; readonly message: string };
