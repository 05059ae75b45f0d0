// The VS Code extension: starts the language server (dist/server.cjs, node IPC) and adds what
// only an editor has: commands, the preview, the status bar item. The analyses live in the
// server; this side stays thin.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerCommands } from './commands';
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
  };
  // The id 'rewardsmith' makes the client read `rewardsmith.trace.server` by itself.
  const client = new LanguageClient('rewardsmith', 'Rewardsmith Language Server', serverOptions, clientOptions);
  context.subscriptions.push(
    output,
    createStatusItem(client),
    registerCommands(context, client),
    watchSettings(output, context.extension.packageJSON),
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

export function deactivate(): void {
  // Everything is in context.subscriptions, which VS Code disposes after this.
}
