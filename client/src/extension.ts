// The VS Code extension: starts the language server (dist/server.cjs, node IPC) and adds what
// only an editor has: commands, the preview, the status bar item. The analyses live in the
// server; this side stays thin.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerCommands } from './commands';
import { OPEN_PAGE_COMMAND, pageLink } from './diagnostic-pages';
import { currentSettings, watchSettings } from './settings-check';
import { createStatusItem } from './status-item';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Rewardsmith', { log: true });
  const module = context.asAbsolutePath('dist/server.cjs');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'reward' },
      { scheme: 'untitled', language: 'reward' },
    ],
    // The server reads `rewardsmith` here at start, then asks for the section itself
    // (workspace/configuration) whenever it changes.
    initializationOptions: { rewardsmith: currentSettings(output, context.extension.packageJSON) },
    outputChannel: output,
    middleware: {
      handleDiagnostics: (uri, diagnostics, next) => next(uri, diagnostics.map(readableCode)),
      provideDiagnostics: async (document, previousResultId, token, next) => {
        const report = await next(document, previousResultId, token);
        return report && report.kind === 'full' ? { ...report, items: report.items.map(readableCode) } : report;
      },
    },
  };
  // The id 'rewardsmith' makes the client read `rewardsmith.trace.server` by itself.
  const client = new LanguageClient('rewardsmith', 'Rewardsmith Language Server', serverOptions, clientOptions);
  context.subscriptions.push(
    output,
    createStatusItem(client),
    registerCommands(context, client),
    watchSettings(output, context.extension.packageJSON),
    vscode.commands.registerCommand(OPEN_PAGE_COMMAND, async (href: unknown) => {
      if (typeof href !== 'string') return;
      const page = vscode.Uri.parse(href, true);
      try {
        await vscode.commands.executeCommand('markdown.showPreview', page);
      } catch {
        await vscode.commands.executeCommand('vscode.open', page); // no Markdown extension: the source, at least
      }
    }),
    { dispose: () => void client.stop() },
  );
  try {
    await client.start();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    output.error(`the language server did not start: ${message}`);
    void vscode.window.showErrorMessage(`Rewardsmith: the language server did not start (${message}). See the Rewardsmith output.`);
  }
}

/** The code's link opens the page rendered (diagnostic-pages.ts). */
function readableCode(d: vscode.Diagnostic): vscode.Diagnostic {
  const code = d.code;
  if (typeof code !== 'object' || !(code.target instanceof vscode.Uri)) return d;
  const target = pageLink(code.target.toString(true));
  if (target === code.target.toString(true)) return d;
  d.code = { value: code.value, target: vscode.Uri.parse(target, true) };
  return d;
}

export function deactivate(): void {
  // Everything is in context.subscriptions, which VS Code disposes after this.
}
