import { DEFAULT_COLUMNS } from '../../protocol/preview';
import { check } from '../../protocol/schema';
import { episodeView, stepValues } from '../../protocol/slices';
import { HostMessageSchema, REPORT_DATA_ID, ReportDataSchema, type HostMessage, type WebviewMessage } from '../../protocol/webview';
import type { Host } from './host';

/**
 * The host of the standalone report: the whole store is embedded in the page, and the same
 * slicing functions as the language server's answer the view, asynchronously like a real host.
 * Its messages are encoded as the client's are, so the app reads one wire form.
 */
export function reportHost(): Host | undefined {
  const el = document.getElementById(REPORT_DATA_ID);
  if (!el || !el.textContent) return undefined;
  const handlers: ((m: unknown) => void)[] = [];
  const send = (m: HostMessage) => {
    const wire = HostMessageSchema.encode(m);
    setTimeout(() => handlers.forEach((h) => h(wire)), 0);
  };
  const data = check(ReportDataSchema, JSON.parse(el.textContent), 'report');
  if (!data.ok) {
    send({ type: 'notice', message: `This report's data is damaged: ${data.error}` });
    return { kind: 'report', post: () => undefined, listen: (handler) => void handlers.push(handler), loadState: () => undefined, saveState: () => undefined };
  }
  const { store, overview } = data.value;
  let state: unknown;
  const answer = (m: WebviewMessage) => {
    try {
      switch (m.type) {
        case 'ready': {
          const first = store.offsets.length > 1 ? episodeView(store, 0, DEFAULT_COLUMNS) : null;
          send({ type: 'preview', overview, view: first, stale: null });
          return;
        }
        case 'episode':
          send({ type: 'episode', view: episodeView(store, m.episode, m.columns, m.from, m.to) });
          return;
        case 'step':
          send({ type: 'step', values: stepValues(store, m.episode, m.t) });
          return;
        default:
          return; // the report has no problems view to open and no files to pick
      }
    } catch (e) {
      send({ type: 'notice', message: e instanceof Error ? e.message : String(e) });
    }
  };
  return {
    kind: 'report',
    post: answer,
    listen: (handler) => void handlers.push(handler),
    loadState: () => state,
    saveState: (s) => {
      state = s;
    },
  };
}
