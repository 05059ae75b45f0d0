// Reads the `rewardsmith` settings for the server's initializationOptions, and reports a bad
// entry (naming the setting and what was expected) at start and whenever the settings change.
// The server itself asks for the section again on a change (workspace/configuration).
import * as vscode from 'vscode';
import { normaliseSettings, severityCodes, type RewardsmithSettings } from './settings';

/** `manifest`: the extension's package.json, whose `rewardsmith.severity` lists the codes (test/e2e/package.test.ts holds it equal to the server's table). */
export function currentSettings(output: vscode.OutputChannel, manifest: unknown): RewardsmithSettings {
  const config = vscode.workspace.getConfiguration('rewardsmith');
  const { settings, problems } = normaliseSettings((key) => config.get(key), severityCodes(manifest));
  for (const p of problems) {
    output.appendLine(`setting ${p.setting}: ${p.message}`);
    void vscode.window.showWarningMessage(`Rewardsmith: setting ${p.setting}: ${p.message}`);
  }
  return settings;
}

export function watchSettings(output: vscode.OutputChannel, manifest: unknown): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('rewardsmith')) currentSettings(output, manifest);
  });
}
