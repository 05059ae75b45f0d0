import { fileURLToPath } from 'node:url';
import {
  DidChangeConfigurationNotification, DocumentDiagnosticReportKind, ErrorCodes, LSPErrorCodes, ResponseError, TextDocumentSyncKind,
  type Connection, type Diagnostic as LspDiagnostic, type DocumentDiagnosticParams, type DocumentDiagnosticReport, type InitializeParams, type InitializeResult,
  type SemanticTokens, type SemanticTokensDelta, type WorkspaceSymbol,
} from 'vscode-languageserver';
import type { automatonText } from './automaton';
import { ORGANISE_KIND } from './code-actions';
import type { AnalysisCheck } from '../analysis/registry';
import type { DocsLink } from './docs-link';
import { DEFAULT_WORKER_THRESHOLD, DocumentHosts } from './document-hosts';
import { Documents } from './documents';
import type { FeatureContext, FeatureName } from './features';
import { AutomatonRequest } from '../../../protocol/requests';
import { onProtocolRequest } from './protocol';
import type { WrapFeature } from './workspace-analysis';
import { registerPreviewRequest } from './preview-request';
import { RenameRefused } from './rename';
import { LEGEND, SemanticTokensCache } from './semantic-tokens';
import { DEFAULT_SETTINGS, readSettings, type Settings } from './settings';
import { trajectoryFields, type TrajectoryFields } from './trajectory-fields';
import { workerBundle } from './worker-document';
import { pagesTemplate, type WorkerConfig } from './worker-messages';

// The language server: wires the features onto a connection. Everything it knows lives in this
// function's closure, one instance per connection.

export const SERVER_NAME = 'rewardsmith';
export const SERVER_VERSION = '0.1.0';
// Short: a version is analysed from the last one (incremental-analysis.ts: the declarations an
// edit reaches are parsed and checked again, the analyses run on a slice), large documents off
// this thread, so waiting for a pause in typing saves little; 20 ms still merges the events of
// one keystroke (an editor's auto-close sends two) and of a paste.
const DEFAULT_DEBOUNCE_MS = 20;

interface ClientFeatures {
  readonly pullDiagnostics: boolean;
  readonly diagnosticRefresh: boolean;
  readonly configuration: boolean;
  readonly configurationRegistration: boolean;
  readonly snippets: boolean;
}

export interface ServerOptions {
  /** The link to a code's page, which the entry point found (docs-link.ts). */
  readonly pages: DocsLink;
  /** The analyses to run; default every one. The failure tests inject one that throws. */
  readonly analyses?: readonly AnalysisCheck[];
  /**
   * Wraps each document feature's handler by its name in the feature table (`hover`, `completion`,
   * `signatureHelp`, ...: features.ts): the failure tests make one throw. With analyses or
   * wrapFeature (functions, which cannot cross to a thread), every document is analysed in place.
   */
  readonly wrapFeature?: WrapFeature;
}

export function startServer(connection: Connection, options: ServerOptions): void {
  const pages = options.pages;
  const docs = new Documents();
  const tokens = new SemanticTokensCache();
  let client: ClientFeatures = { pullDiagnostics: false, diagnosticRefresh: false, configuration: false, configurationRegistration: false, snippets: false };
  let settings: Settings = DEFAULT_SETTINGS;
  let settingsGeneration = 0;
  let roots: string[] = [process.cwd()];
  let fields: Promise<TrajectoryFields> | undefined;
  let initialized = false;

  const log = (message: string) => connection.console.log(message);
  const logError = (where: string, e: unknown) => connection.console.error(`${where}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  const ctx: FeatureContext = {
    get settings() {
      return settings;
    },
    get snippets() {
      return client.snippets;
    },
    pages,
    fields: () => (fields ??= trajectoryFields(settings.trajectories, roots).catch((e) => (logError('reading trajectory fields', e), { fields: [] }))),
  };
  let delayMs = DEFAULT_DEBOUNCE_MS;
  let incremental = true;
  const config = (): WorkerConfig => ({ settings, snippets: client.snippets, roots, delayMs, push: !client.pullDiagnostics, incremental, pagesTemplate: pagesTemplate(pages) });
  let hosts = makeHosts(DEFAULT_WORKER_THRESHOLD);

  function makeHosts(workerThreshold: number): DocumentHosts {
    return new DocumentHosts(docs, { delayMs, workerThreshold, bundle: workerBundle(), config, ctx, diagnostics: publish, log, analyses: options.analyses, wrapFeature: options.wrapFeature });
  }

  function publish(uri: string, version: number, diagnostics: LspDiagnostic[]): void {
    if (client.pullDiagnostics) return;
    try {
      void connection.sendDiagnostics({ uri, version, diagnostics });
    } catch (e) {
      logError('publishing diagnostics', e);
    }
  }

  function applySettings(raw: unknown): void {
    const read = readSettings(raw);
    for (const p of read.problems) connection.console.warn(p);
    if (sameSettings(settings, read.settings)) return;
    settings = read.settings;
    settingsGeneration++;
    fields = undefined;
    if (client.pullDiagnostics && client.diagnosticRefresh) connection.languages.diagnostics.refresh();
    hosts.configured();
  }

  async function loadSettings(): Promise<void> {
    try {
      applySettings(await connection.workspace.getConfiguration({ section: 'rewardsmith' }));
    } catch (e) {
      logError('reading settings', e);
    }
  }

  /** A request on a document: unknown documents get `empty`; an error is logged and answered with `empty`. */
  function onDocument<P extends { textDocument: { uri: string } }, R>(name: string, feature: FeatureName, empty: R, shape: (result: never, p: P) => R = (r) => r) {
    return async (p: P): Promise<R> => {
      assertInitialized();
      try {
        const result = await hosts.request(feature, p?.textDocument?.uri, p);
        return result === undefined ? empty : shape(result as never, p);
      } catch (e) {
        if (e instanceof RenameRefused) throw new ResponseError(LSPErrorCodes.RequestFailed, e.message);
        if (e instanceof ResponseError) throw e;
        logError(name, e);
        return empty;
      }
    };
  }

  // The library dispatches requests whatever the state; LSP wants an error before initialize.
  function assertInitialized(): void {
    if (!initialized) throw new ResponseError(ErrorCodes.ServerNotInitialized, 'The server is not initialized: send initialize first.');
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    initialized = true;
    const caps = params.capabilities ?? {};
    client = {
      pullDiagnostics: caps.textDocument?.diagnostic !== undefined,
      diagnosticRefresh: caps.workspace?.diagnostics?.refreshSupport === true,
      configuration: caps.workspace?.configuration === true,
      configurationRegistration: caps.workspace?.didChangeConfiguration?.dynamicRegistration === true,
      snippets: caps.textDocument?.completion?.completionItem?.snippetSupport === true,
    };
    roots = workspaceRoots(params);
    const options = (params.initializationOptions ?? {}) as { debounceMs?: unknown; workerThreshold?: unknown; incremental?: unknown; rewardsmith?: unknown };
    if (options.incremental === false) incremental = false;
    if (typeof options.debounceMs === 'number' && options.debounceMs >= 0 && options.debounceMs <= 10_000) delayMs = options.debounceMs;
    // For tests and measurements: from which size a document gets an analysis worker.
    const threshold = typeof options.workerThreshold === 'number' && options.workerThreshold >= 0 ? options.workerThreshold : DEFAULT_WORKER_THRESHOLD;
    hosts.dispose();
    hosts = makeHosts(threshold);
    if (options.rewardsmith !== undefined) {
      const read = readSettings(options.rewardsmith);
      settings = read.settings;
      for (const p of read.problems) connection.console.warn(p);
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['>', '=', '.', '['] },
        signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [','] },
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        semanticTokensProvider: { legend: LEGEND, full: { delta: true }, range: false },
        documentFormattingProvider: true,
        foldingRangeProvider: true,
        selectionRangeProvider: true,
        inlayHintProvider: true,
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: ['quickfix', ORGANISE_KIND] },
        ...(client.pullDiagnostics ? { diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false } } : {}),
      },
      serverInfo: { name: SERVER_NAME, version: SERVER_VERSION },
    };
  });

  connection.onInitialized(() => {
    if (client.configurationRegistration) connection.client.register(DidChangeConfigurationNotification.type, { section: 'rewardsmith' }).catch((e) => logError('registering for settings', e));
    if (client.configuration) void loadSettings();
  });

  connection.onDidChangeConfiguration((p) => {
    if (client.configuration) void loadSettings();
    else applySettings((p?.settings as { rewardsmith?: unknown } | undefined)?.rewardsmith);
  });

  connection.onDidOpenTextDocument((p) => {
    try {
      hosts.open(p.textDocument.uri, p.textDocument.languageId, p.textDocument.version, p.textDocument.text);
    } catch (e) {
      logError('didOpen', e);
    }
  });
  connection.onDidChangeTextDocument((p) => {
    try {
      hosts.change(p.textDocument.uri, p.textDocument.version ?? 0, p.contentChanges);
    } catch (e) {
      logError('didChange', e);
    }
  });
  connection.onDidCloseTextDocument((p) => {
    try {
      const uri = p.textDocument.uri;
      hosts.close(uri);
      tokens.forget(uri);
      if (!client.pullDiagnostics) void connection.sendDiagnostics({ uri, diagnostics: [] });
    } catch (e) {
      logError('didClose', e);
    }
  });

  connection.languages.diagnostics.on(onDocument('diagnostics', 'diagnostics', { kind: DocumentDiagnosticReportKind.Full, items: [] } as DocumentDiagnosticReport, (r: { version: number; items: LspDiagnostic[] }, p: DocumentDiagnosticParams) => {
    const resultId = `${r.version}:${settingsGeneration}`;
    if (p.previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
    return { kind: DocumentDiagnosticReportKind.Full, resultId, items: r.items };
  }));

  connection.onHover(onDocument('hover', 'hover', null));
  connection.onCompletion(onDocument('completion', 'completion', []));
  connection.onSignatureHelp(onDocument('signature help', 'signatureHelp', null));
  connection.onDefinition(onDocument('definition', 'definition', null));
  connection.onReferences(onDocument('references', 'references', []));
  connection.onDocumentHighlight(onDocument('highlight', 'highlights', []));
  connection.onPrepareRename(onDocument('prepare rename', 'prepareRename', null));
  connection.onRenameRequest(onDocument('rename', 'rename', null));
  connection.onDocumentSymbol(onDocument('document symbols', 'documentSymbols', []));
  connection.onWorkspaceSymbol(async (p) => {
    assertInitialized();
    try {
      const query = String(p?.query ?? '');
      const each = await Promise.all(hosts.uris().map((uri) => hosts.request('workspaceSymbols', uri, { query }) as Promise<WorkspaceSymbol[] | undefined>));
      return each.flatMap((s) => s ?? []);
    } catch (e) {
      logError('workspace symbols', e);
      return [];
    }
  });
  connection.languages.semanticTokens.on(onDocument('semantic tokens', 'semanticTokens', { data: [] } as SemanticTokens, (data: number[], p) => tokens.full(p.textDocument.uri, data)));
  connection.languages.semanticTokens.onDelta(onDocument('semantic tokens delta', 'semanticTokens', { data: [] } as SemanticTokens | SemanticTokensDelta, (data: number[], p) => tokens.delta(p.textDocument.uri, String(p.previousResultId), data)));
  connection.onDocumentFormatting(onDocument('formatting', 'formatting', []));
  connection.onFoldingRanges(onDocument('folding', 'folding', []));
  connection.onSelectionRanges(onDocument('selection ranges', 'selectionRanges', []));
  connection.languages.inlayHint.on(onDocument('inlay hints', 'inlayHints', []));
  connection.onCodeLens(onDocument('code lens', 'codeLenses', []));
  connection.onCodeAction(onDocument('code actions', 'codeActions', []));

  onProtocolRequest(connection, AutomatonRequest, async (p) => {
    assertInitialized();
    if (!docs.get(p.uri)) throw new ResponseError(ErrorCodes.InvalidParams, `The document ${p.uri} is not open.`);
    const format = p.format ?? 'dot';
    let result;
    try {
      result = (await hosts.request('automaton', p.uri, { name: p.name, format })) as Awaited<ReturnType<typeof automatonText>> | undefined;
    } catch (e) {
      logError('automaton', e);
      throw new ResponseError(ErrorCodes.InternalError, `The automaton of '${p.name}' could not be built.`);
    }
    if (result === undefined) throw new ResponseError(ErrorCodes.InvalidParams, `The document ${p?.uri} is not open.`);
    if (typeof result === 'string') throw new ResponseError(ErrorCodes.InvalidParams, result);
    return { name: p.name, format, ...result };
  });

  registerPreviewRequest(connection, (uri) => docs.get(uri)?.getText());
  connection.onShutdown(() => hosts.dispose());
  connection.listen();
}

const sameSettings = (a: Settings, b: Settings) =>
  JSON.stringify([a.trajectories, [...a.severity]]) === JSON.stringify([b.trajectories, [...b.severity]]);

function workspaceRoots(params: InitializeParams): string[] {
  const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  const paths = uris.flatMap((u) => {
    try {
      return [fileURLToPath(u)];
    } catch {
      return [];
    }
  });
  if (paths.length === 0 && params.rootPath) paths.push(params.rootPath);
  return paths.length ? paths : [process.cwd()];
}
