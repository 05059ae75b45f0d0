import { parentPort } from 'node:worker_threads';
import { completionFacts, type EncodedNames } from './completion-facts';
import { lspDiagnostics } from './diagnostics';
import { Documents } from './documents';
import type { FeatureContext } from './features';
import { RenameRefused } from './rename';
import { DEFAULT_SETTINGS } from './settings';
import { trajectoryFields, type TrajectoryFields } from './trajectory-fields';
import { pagesFromTemplate, type FromWorker, type ToWorker, type WorkerConfig } from './worker-messages';
import { WorkspaceAnalysis } from './workspace-analysis';

// Entry of dist/analysis-worker.cjs: the analysis of one large document and every request on
// it, on a thread of its own, so that it never delays the requests of other documents
// (worker-document.ts starts it). The same WorkspaceAnalysis and feature table as in place.

const port = parentPort!;
const post = (m: FromWorker) => port.postMessage(m);
const docs = new Documents();
let config: WorkerConfig = { settings: DEFAULT_SETTINGS, snippets: false, roots: [], delayMs: 200, push: true, incremental: true, pagesTemplate: '' };
let pages = pagesFromTemplate(config.pagesTemplate);
let fields: Promise<TrajectoryFields> | undefined;
let analysis: WorkspaceAnalysis | undefined;
/** The names last sent with the facts (the server keeps them: the next facts omit them when unchanged). */
let sentNames: EncodedNames | undefined;
/** Per document, its newest version as the server knows it (shared memory). */
const latest = new Map<string, Int32Array>();

const ctx: FeatureContext = {
  get settings() {
    return config.settings;
  },
  get snippets() {
    return config.snippets;
  },
  get pages() {
    return pages;
  },
  fields: () => (fields ??= trajectoryFields(config.settings.trajectories, config.roots).catch((e) => (log(`reading trajectory fields: ${String(e)}`), { fields: [] }))),
};

function log(message: string): void {
  post({ type: 'log', message });
}

function makeAnalysis(): WorkspaceAnalysis {
  analysis?.dispose();
  return new WorkspaceAnalysis(docs, {
    delayMs: config.delayMs,
    incremental: config.incremental,
    log,
    onAnalysing: (_uri, version, lastMs) => post({ type: 'analysing', version, lastMs }),
    onAnalysed: (a) => {
      post({ type: 'analysed', version: a.version, diagnostics: config.push ? lspDiagnostics(a, config.settings, pages) : undefined });
      // After the diagnostics, which it must not delay: the server answers completion from it.
      const { facts, names } = completionFacts(a, sentNames);
      sentNames = names;
      post({ type: 'facts', facts });
    },
  });
}

port.on('message', async (m: ToWorker) => {
  switch (m.type) {
    case 'config': {
      const delayChanged = !analysis || m.config.delayMs !== config.delayMs || m.config.incremental !== config.incremental;
      const settingsChanged = m.config.settings !== config.settings;
      config = m.config;
      pages = pagesFromTemplate(config.pagesTemplate);
      fields = undefined;
      if (delayChanged) analysis = makeAnalysis();
      else if (settingsChanged && config.push) for (const a of analysis!.all()) post({ type: 'analysed', version: a.version, diagnostics: lspDiagnostics(a, config.settings, pages) });
      return;
    }
    case 'open':
      docs.open(m.uri, m.languageId, m.version, m.text);
      latest.set(m.uri, m.latest);
      analysis!.schedule(m.uri);
      return;
    case 'change': {
      const changed = docs.change(m.uri, m.version, m.changes);
      if (changed) analysis!.edited(m.uri, changed.edits);
      return;
    }
    case 'request':
      // Sent before an edit that has reached the server since (queued here behind the work of
      // the versions in between): the client has moved on, so it is not run (worker-document.ts).
      if (m.version < Atomics.load(latest.get(m.uri) ?? new Int32Array(1), 0)) {
        post({ type: 'reply', id: m.id, error: { refused: false, message: `version ${m.version} of ${m.uri} is outdated`, outdated: true } });
        return;
      }
      try {
        post({ type: 'reply', id: m.id, result: await analysis!.request(m.name, m.uri, m.params as never, ctx) });
      } catch (e) {
        if (!(e instanceof RenameRefused)) log(`${m.name}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        post({ type: 'reply', id: m.id, error: { refused: e instanceof RenameRefused, message: e instanceof Error ? e.message : String(e) } });
      }
      return;
  }
});
