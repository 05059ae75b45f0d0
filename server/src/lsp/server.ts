import { fileURLToPath } from 'node:url';
import {
  DidChangeConfigurationNotification, DocumentDiagnosticReportKind, ErrorCodes, LSPErrorCodes, ResponseError, TextDocumentSyncKind,
  type Connection, type DocumentDiagnosticParams, type DocumentDiagnosticReport, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver';
import { automatonText } from './automaton';
import { codeActions, ORGANISE_KIND } from './code-actions';
import { codeLenses } from './code-lens';
import { completion } from './completion';
import { toOffset, toSpan } from './convert';
import { lspDiagnostics } from './diagnostics';
import type { AnalysisCheck } from '../analysis/registry';
import type { DocsLink } from './docs-link';
import { Documents } from './documents';
import { foldingRanges } from './folding';
import { formatEdits } from './formatting';
import { hover } from './hover';
import { inlayHints } from './inlay-hints';
import { definition, highlights, references } from './navigation';
import { AutomatonRequest } from '../../../protocol/requests';
import { onProtocolRequest } from './protocol';
import { registerPreviewRequest } from './preview-request';
import { prepareRename, rename, RenameRefused } from './rename';
import { selectionRange } from './selection';
import { encode, LEGEND, semanticTokens, SemanticTokensCache } from './semantic-tokens';
import { DEFAULT_SETTINGS, readSettings, type Settings } from './settings';
import { signatureHelp } from './signature-help';
import { documentSymbols, workspaceSymbols } from './symbols';
import { trajectoryFields, type TrajectoryFields } from './trajectory-fields';
import { WorkspaceAnalysis, type DocumentAnalysis } from './workspace-analysis';

// The language server: wires the features onto a connection. Everything it knows lives in this
// function's closure, one instance per connection.

export const SERVER_NAME = 'rewardsmith';
export const SERVER_VERSION = '0.1.0';
const DEFAULT_DEBOUNCE_MS = 200;

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
  /** Wraps each document feature's handler by name (`hover`, `completion`, ...): the failure tests make one throw. */
  readonly wrapFeature?: <P, R>(name: string, handler: (a: DocumentAnalysis, p: P) => R | Promise<R>) => (a: DocumentAnalysis, p: P) => R | Promise<R>;
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
  let analysis = makeAnalysis(DEFAULT_DEBOUNCE_MS);
  let initialized = false;

  const log = (message: string) => connection.console.log(message);
  const logError = (where: string, e: unknown) => connection.console.error(`${where}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);

  function makeAnalysis(delayMs: number): WorkspaceAnalysis {
    return new WorkspaceAnalysis(docs, { delayMs, onAnalysed: publish, log: (m) => log(m), analyses: options.analyses });
  }

  function publish(a: DocumentAnalysis): void {
    if (client.pullDiagnostics) return;
    try {
      void connection.sendDiagnostics({ uri: a.uri, version: a.version, diagnostics: lspDiagnostics(a, settings, pages) });
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
    if (client.pullDiagnostics) {
      if (client.diagnosticRefresh) connection.languages.diagnostics.refresh();
    } else for (const a of analysis.all()) publish(a);
  }

  async function loadSettings(): Promise<void> {
    try {
      applySettings(await connection.workspace.getConfiguration({ section: 'rewardsmith' }));
    } catch (e) {
      logError('reading settings', e);
    }
  }

  /** A request on a document: unknown documents get `empty`; an error is logged and answered with `empty`. */
  function onDocument<P extends { textDocument: { uri: string } }, R>(name: string, empty: R, feature: (a: DocumentAnalysis, p: P) => R | Promise<R>) {
    const handler = options.wrapFeature ? options.wrapFeature(name, feature) : feature;
    return async (p: P): Promise<R> => {
      assertInitialized();
      try {
        const a = analysis.current(p?.textDocument?.uri);
        return a ? await handler(a, p) : empty;
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
    const options = (params.initializationOptions ?? {}) as { debounceMs?: unknown; rewardsmith?: unknown };
    if (typeof options.debounceMs === 'number' && options.debounceMs >= 0 && options.debounceMs <= 10_000) analysis = makeAnalysis(options.debounceMs);
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
      docs.open(p.textDocument.uri, p.textDocument.languageId, p.textDocument.version, p.textDocument.text);
      analysis.schedule(p.textDocument.uri);
    } catch (e) {
      logError('didOpen', e);
    }
  });
  connection.onDidChangeTextDocument((p) => {
    try {
      if (docs.change(p.textDocument.uri, p.textDocument.version ?? 0, p.contentChanges)) analysis.schedule(p.textDocument.uri);
    } catch (e) {
      logError('didChange', e);
    }
  });
  connection.onDidCloseTextDocument((p) => {
    try {
      const uri = p.textDocument.uri;
      docs.close(uri);
      analysis.forget(uri);
      tokens.forget(uri);
      if (!client.pullDiagnostics) void connection.sendDiagnostics({ uri, diagnostics: [] });
    } catch (e) {
      logError('didClose', e);
    }
  });

  connection.languages.diagnostics.on(onDocument<DocumentDiagnosticParams, DocumentDiagnosticReport>('diagnostics', { kind: DocumentDiagnosticReportKind.Full, items: [] }, (a, p) => {
    const resultId = `${a.version}:${settingsGeneration}`;
    if (p.previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
    return { kind: DocumentDiagnosticReportKind.Full, resultId, items: lspDiagnostics(a, settings, pages) };
  }));

  connection.onHover(onDocument('hover', null, (a, p) => hover(a, toOffset(a.lines, p.position))));
  connection.onCompletion(onDocument('completion', [], (a, p) =>
    completion(a, toOffset(a.lines, p.position), { snippets: client.snippets, fields: () => (fields ??= trajectoryFields(settings.trajectories, roots).catch((e) => (logError('reading trajectory fields', e), { fields: [] }))) }),
  ));
  connection.onSignatureHelp(onDocument('signature help', null, (a, p) => signatureHelp(a.analysis.text, toOffset(a.lines, p.position))));
  connection.onDefinition(onDocument('definition', null, (a, p) => definition(a, toOffset(a.lines, p.position))));
  connection.onReferences(onDocument('references', [], (a, p) => references(a, toOffset(a.lines, p.position), p.context?.includeDeclaration !== false)));
  connection.onDocumentHighlight(onDocument('highlight', [], (a, p) => highlights(a, toOffset(a.lines, p.position))));
  connection.onPrepareRename(onDocument('prepare rename', null, (a, p) => prepareRename(a, toOffset(a.lines, p.position))));
  connection.onRenameRequest(onDocument('rename', null, (a, p) => ({ changes: { [a.uri]: rename(a, toOffset(a.lines, p.position), String(p.newName)) } })));
  connection.onDocumentSymbol(onDocument('document symbols', [], (a) => documentSymbols(a)));
  connection.onWorkspaceSymbol((p) => {
    assertInitialized();
    try {
      return workspaceSymbols(analysis.all(), String(p?.query ?? ''));
    } catch (e) {
      logError('workspace symbols', e);
      return [];
    }
  });
  connection.languages.semanticTokens.on(onDocument('semantic tokens', { data: [] }, (a) => tokens.full(a.uri, encode(a, semanticTokens(a)))));
  connection.languages.semanticTokens.onDelta(onDocument('semantic tokens delta', { data: [] }, (a, p) => tokens.delta(a.uri, String(p.previousResultId), encode(a, semanticTokens(a)))));
  connection.onDocumentFormatting(onDocument('formatting', [], (a) => formatEdits(a.analysis.text)));
  connection.onFoldingRanges(onDocument('folding', [], (a) => foldingRanges(a)));
  connection.onSelectionRanges(onDocument('selection ranges', [], (a, p) => (p.positions ?? []).map((pos) => selectionRange(a, toOffset(a.lines, pos)))));
  connection.languages.inlayHint.on(onDocument('inlay hints', [], (a, p) => inlayHints(a, toSpan(a.lines, p.range))));
  connection.onCodeLens(onDocument('code lens', [], (a) => codeLenses(a)));
  connection.onCodeAction(onDocument('code actions', [], (a, p) => codeActions(a, toSpan(a.lines, p.range), p.context?.diagnostics ?? [], p.context?.only, pages)));

  onProtocolRequest(connection, AutomatonRequest, (p) => {
    assertInitialized();
    const a = analysis.current(p.uri);
    if (!a) throw new ResponseError(ErrorCodes.InvalidParams, `The document ${p.uri} is not open.`);
    const format = p.format ?? 'dot';
    let result;
    try {
      result = automatonText(a.analysis.model, p.name, format);
    } catch (e) {
      logError('automaton', e);
      throw new ResponseError(ErrorCodes.InternalError, `The automaton of '${p.name}' could not be built.`);
    }
    if (typeof result === 'string') throw new ResponseError(ErrorCodes.InvalidParams, result);
    return { name: p.name, format, ...result };
  });

  registerPreviewRequest(connection, (uri) => docs.get(uri)?.getText());
  connection.onShutdown(() => analysis.dispose());
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
