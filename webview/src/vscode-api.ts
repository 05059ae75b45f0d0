import type { WebviewMessage } from '../../protocol/webview';
import type { Host } from './host';

/** What VS Code injects into a webview, typed (it may be acquired only once per page). */
interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare global {
  // Present only inside a VS Code webview (or a test's stand-in for it).
  // eslint-disable-next-line no-var
  var acquireVsCodeApi: (() => VsCodeApi) | undefined;
}

/** The host in VS Code: messages go through the acquired API and come back as window messages. */
export function vscodeHost(): Host | undefined {
  if (typeof globalThis.acquireVsCodeApi !== 'function') return undefined;
  const api = globalThis.acquireVsCodeApi();
  return {
    kind: 'vscode',
    post: (message: WebviewMessage) => api.postMessage(message),
    listen: (handler) => window.addEventListener('message', (event: MessageEvent) => handler(event.data)),
    loadState: () => api.getState(),
    saveState: (state) => api.setState(state),
  };
}
