// Reads the `rewardsmith` settings for the server and sends them again whenever they change;
// a bad entry is reported once, naming the setting and what was expected.
import * as vscode from 'vscode';
import { DidChangeConfigurationNotification, type LanguageClient } from 'vscode-languageclient/node';
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

export function syncSettings(client: LanguageClient, output: vscode.OutputChannel): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration('rewardsmith') || !client.isRunning()) return;
    const settings = currentSettings(output);
    void client.sendNotification(DidChangeConfigurationNotification.type, { settings: { rewardsmith: settings } });
  });
}
