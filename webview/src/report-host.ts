import { DEFAULT_COLUMNS, type HostMessage, type WebviewMessage } from '../../server/src/preview/api';
import { REPORT_DATA_ID } from '../../server/src/preview/report';
import type { PreviewStore } from '../../server/src/preview/store';
import { episodeView, overview, stepValues } from '../../server/src/preview/view';
import { fromWire } from '../../server/src/preview/wire';
import type { Host } from './host';

/**
 * The host of the standalone report: the whole store is embedded in the page, and the same
 * slicing functions as the language server's answer the view, asynchronously like a real host.
 */
export function reportHost(): Host | undefined {
  const el = document.getElementById(REPORT_DATA_ID);
  if (!el || !el.textContent) return undefined;
  const store = fromWire(JSON.parse(el.textContent)) as PreviewStore;
  const handlers: ((m: unknown) => void)[] = [];
  const send = (m: HostMessage) => setTimeout(() => handlers.forEach((h) => h(m)), 0);
  let state: unknown;
  const answer = (m: WebviewMessage) => {
    try {
      switch (m.type) {
        case 'ready': {
          const first = store.offsets.length > 1 ? episodeView(store, 0, DEFAULT_COLUMNS) : null;
          send({ type: 'preview', overview: overview(store), view: first, stale: null });
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
