// A real JSON-RPC client for the protocol tests: spawns the built server and speaks LSP to it
// over the child's stdio (or node IPC), as an editor would.
import { spawn, fork, type ChildProcess } from 'node:child_process';
import {
  createMessageConnection, IPCMessageReader, IPCMessageWriter, StreamMessageReader, StreamMessageWriter, type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { ClientCapabilities, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { CLI, ensureBuilt, ROOT, SERVER } from './build';
import { markers, type Position } from './markers';

export interface StartOptions {
  /** How to start the server: the bundle over stdio (default), over node IPC, or `reward lsp`. */
  readonly via?: 'stdio' | 'ipc' | 'cli';
  /** Instead of the bundle: this TypeScript file (run with tsx over stdio), which starts a server of its own making. */
  readonly script?: string;
  /** Pull diagnostics (`textDocument/diagnostic`) instead of push. */
  readonly pull?: boolean;
  /** The `rewardsmith` settings the client answers `workspace/configuration` with. */
  readonly settings?: Record<string, unknown>;
  readonly initializationOptions?: Record<string, unknown>;
  readonly workspaceFolder?: string;
  /** Skip `initialize` (to test what happens before it). */
  readonly initialize?: boolean;
}

export interface Opened {
  readonly uri: string;
  readonly text: string;
  readonly positions: readonly Position[];
  readonly version: number;
}

export class TestClient {
  readonly logs: { type: number; message: string }[] = [];
  readonly published = new Map<string, PublishDiagnosticsParams[]>();
  initializeResult?: InitializeResult;
  settings: Record<string, unknown>;
  configurationRequests = 0;
  private waiters: (() => void)[] = [];
  private versions = new Map<string, number>();
  private counter = 0;
  private exited: Promise<number | null>;

  constructor(readonly connection: MessageConnection, readonly child: ChildProcess, options: StartOptions) {
    this.settings = options.settings ?? {};
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.set(p.uri, [...(this.published.get(p.uri) ?? []), p]);
      this.wake();
    });
    connection.onNotification('window/logMessage', (p: { type: number; message: string }) => {
      this.logs.push(p);
      this.wake();
    });
    connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => {
      this.configurationRequests++;
      return p.items.map((i) => (i.section === 'rewardsmith' ? this.settings : null));
    });
    for (const m of ['client/registerCapability', 'client/unregisterCapability', 'workspace/diagnostic/refresh', 'workspace/semanticTokens/refresh', 'workspace/inlayHint/refresh', 'workspace/codeLens/refresh', 'window/workDoneProgress/create']) {
      connection.onRequest(m, () => null);
    }
    connection.listen();
  }

  request<R = any>(method: string, params?: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  notify(method: string, params?: unknown): void {
    void this.connection.sendNotification(method, params);
  }

  /** Opens a document; `<|>` markers in the text become positions. */
  open(source: string, name?: string): Opened {
    const { text, positions } = markers(source);
    const uri = `file:///test/${name ?? `doc${++this.counter}.reward`}`;
    this.versions.set(uri, 1);
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'reward', version: 1, text } });
    return { uri, text, positions, version: 1 };
  }

  /** Sends changes (ranged or full) and returns the new version. */
  change(uri: string, changes: readonly ({ range: { start: Position; end: Position }; text: string } | { text: string })[]): number {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  close(uri: string): void {
    this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /** Waits for the first publication for `uri` that satisfies `ok` (among those already received too). */
  async diagnostics(uri: string, ok: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
    return this.until(() => (this.published.get(uri) ?? []).find(ok), `diagnostics for ${uri}`, timeoutMs);
  }

  /** Waits until `find` returns something, checking after every message from the server. */
  async until<T>(find: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  errorsLogged(): string[] {
    return this.logs.filter((l) => l.type === 1).map((l) => l.message);
  }

  /** shutdown, exit, and the server's exit code. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null) {
      try {
        await withTimeout(this.request('shutdown'), 5000);
        this.notify('exit');
      } catch {
        this.child.kill();
      }
    }
    const code = await withTimeout(this.exited, 5000).catch(() => {
      this.child.kill('SIGKILL');
      return null;
    });
    this.connection.dispose();
    return code;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}

export const CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    workspaceFolders: true,
    symbol: {},
    semanticTokens: { refreshSupport: true },
    diagnostics: { refreshSupport: true },
  },
  textDocument: {
    synchronization: { didSave: false },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] }, contextSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    signatureHelp: { signatureInformation: { parameterInformation: { labelOffsetSupport: true } } },
    definition: {},
    references: {},
    documentHighlight: {},
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    rename: { prepareSupport: true },
    formatting: {},
    foldingRange: {},
    selectionRange: {},
    codeLens: {},
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.organizeDeclarations'] } }, isPreferredSupport: true },
    semanticTokens: {
      requests: { full: { delta: true } },
      tokenTypes: [], tokenModifiers: [], formats: ['relative'],
    },
    inlayHint: {},
    publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true, versionSupport: true },
  },
};

/** Starts the built server and (unless told not to) initializes it. */
export async function startClient(options: StartOptions = {}): Promise<TestClient> {
  await ensureBuilt();
  const via = options.via ?? 'stdio';
  let child: ChildProcess;
  let connection: MessageConnection;
  if (via === 'ipc') {
    child = fork(SERVER, ['--node-ipc'], { cwd: ROOT, execArgv: [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  } else {
    const args = options.script ? ['--import', 'tsx', options.script, '--stdio'] : via === 'cli' ? [CLI, 'lsp'] : [SERVER, '--stdio'];
    child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  }
  child.stderr?.on('data', () => {});
  const client = new TestClient(connection, child, options);
  if (options.initialize === false) return client;
  const capabilities: ClientCapabilities = options.pull ? { ...CAPABILITIES, textDocument: { ...CAPABILITIES.textDocument, diagnostic: { dynamicRegistration: false } } } : CAPABILITIES;
  const folder = options.workspaceFolder ?? ROOT;
  client.initializeResult = await client.request<InitializeResult>('initialize', {
    processId: process.pid,
    rootUri: `file://${folder}`,
    workspaceFolders: [{ uri: `file://${folder}`, name: 'test' }],
    capabilities,
    initializationOptions: { debounceMs: 50, ...options.initializationOptions },
  });
  client.notify('initialized', {});
  return client;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);
}
