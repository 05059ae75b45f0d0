import type { WebviewMessage } from '../../protocol/webview';

/**
 * Whoever answers the webview: VS Code's extension host (vscode-api.ts) or, in the standalone
 * report, the page itself (report-host.ts). Replies arrive through `listen` unvalidated: the app
 * checks every one before use.
 */
export interface Host {
  readonly kind: 'vscode' | 'report';
  post(message: WebviewMessage): void;
  listen(handler: (message: unknown) => void): void;
  /** Small UI state kept across reloads of the view (selected episode, variant, hidden items). */
  loadState(): unknown;
  saveState(state: unknown): void;
}
