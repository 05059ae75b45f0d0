// Rewardsmith: Import Reward Machine: pick a reward_machines text file (.txt), run
// `reward import rm FILE -o STEM.reward` beside it, open the new spec.
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { importedSpecPath } from './output-paths';
import { failureMessage, runCli } from './run-cli';

export async function importRewardMachine(extensionPath: string): Promise<void> {
  const picked = await vscode.window.showOpenDialog({
    title: 'Import a reward machine (reward_machines text format)',
    canSelectMany: false,
    filters: { 'Reward machine': ['txt'], 'All files': ['*'] },
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  const source = picked?.[0];
  if (!source) return;
  if (source.scheme !== 'file') {
    await vscode.window.showWarningMessage(`Rewardsmith: ${source.toString()} is not a local file; only local files can be imported.`);
    return;
  }
  const out = importedSpecPath(source.fsPath);
  if (existsSync(out)) {
    const overwrite = await vscode.window.showWarningMessage(`${out} exists. Replace it with the imported machine?`, { modal: true }, 'Replace');
    if (overwrite !== 'Replace') return;
  }
  const before = modified(out);
  const result = await runCli(extensionPath, ['import', 'rm', source.fsPath, '-o', out], dirname(source.fsPath));
  if (result.code !== 0) {
    await vscode.window.showErrorMessage(`Rewardsmith: ${failureMessage('reward import rm', result)}`);
    // Lines that could not be imported fail the import, but the rest was written: show it.
    if (modified(out) !== before) await vscode.window.showTextDocument(vscode.Uri.file(out), { preview: false });
    return;
  }
  // The import reports questionable input (a repeated transition) on stderr and still succeeds.
  const warning = result.stderr.trim();
  if (warning) void vscode.window.showWarningMessage(`Rewardsmith: ${warning.split('\n')[0]}`);
  await vscode.window.showTextDocument(vscode.Uri.file(out), { preview: false });
}

/** The file's modification time, or undefined when there is none. */
function modified(file: string): number | undefined {
  return existsSync(file) ? statSync(file).mtimeMs : undefined;
}
