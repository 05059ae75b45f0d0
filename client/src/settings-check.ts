// Reads the `rewardsmith` settings for the server's initializationOptions, and reports a bad
// entry (naming the setting and what was expected) at start and whenever the settings change.
// The server itself asks for the section again on a change (workspace/configuration).
import * as vscode from 'vscode';
import { CODES } from '../../server/src/base/diagnostic';
import { normaliseSettings, type RewardsmithSettings } from './settings';

export function currentSettings(output: vscode.OutputChannel): RewardsmithSettings {
  const config = vscode.workspace.getConfiguration('rewardsmith');
  const { settings, problems } = normaliseSettings((key) => config.get(key), Object.keys(CODES));
  for (const p of problems) {
    output.appendLine(`setting ${p.setting}: ${p.message}`);
    void vscode.window.showWarningMessage(`Rewardsmith: setting ${p.setting}: ${p.message}`);
  }
  return settings;
}

export function watchSettings(output: vscode.OutputChannel): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('rewardsmith')) currentSettings(output);
  });
}
