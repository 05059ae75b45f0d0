// Registers the extension's commands (all in the "Rewardsmith" category of package.json). The code
// lenses of the server call the first three with (document URI string, declaration name).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { COMMAND_IDS } from './command-ids';
import { requireTarget } from './command-target';
import { exportPython } from './export-python';
import { importRewardMachine } from './import-rm';
import { PreviewPanel } from './preview/panel';
import { showAutomaton } from './show-automaton';
import { allowedHere } from './trust';

export function registerCommands(context: vscode.ExtensionContext, client: LanguageClient): vscode.Disposable {
  const preview = new PreviewPanel(context, client);
  const extensionPath = context.extensionPath;
  const register = (id: string, run: (...args: unknown[]) => Promise<void>): vscode.Disposable =>
    vscode.commands.registerCommand(id, (...args: unknown[]) => run(...args).catch((e: unknown) => report(id, e)));
  return vscode.Disposable.from(
    preview,
    register(COMMAND_IDS.preview, async (uri, name) => {
      if (!allowedHere('the preview')) return;
      const target = await requireTarget(uri, name, 'the preview');
      if (target) preview.show(target);
    }),
    register(COMMAND_IDS.exportPython, async (uri, name) => {
      if (!allowedHere('the export to Python')) return;
      const target = await requireTarget(uri, name, 'the export to Python');
      if (target) await exportPython(extensionPath, target);
    }),
    register(COMMAND_IDS.showAutomaton, async (uri, name) => {
      const target = await requireTarget(uri, name, 'Show Automaton');
      if (target) await showAutomaton(client, target);
    }),
    register(COMMAND_IDS.importRewardMachine, async () => {
      if (!allowedHere('the import of a reward machine')) return;
      await importRewardMachine(extensionPath);
    }),
    register(COMMAND_IDS.restartServer, async () => {
      await client.restart();
    }),
  );
}

function report(id: string, e: unknown): void {
  const message = e instanceof Error ? e.message : String(e);
  void vscode.window.showErrorMessage(`Rewardsmith: ${id} failed: ${message}`);
}
