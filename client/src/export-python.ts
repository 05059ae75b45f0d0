// Rewardsmith: Export to Python: `reward export python SPEC -o MODULE.py` beside the spec, then
// open the module. The spec is saved first so the export sees what the editor shows.
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import type { CommandTarget } from './command-target';
import { pythonModulePath } from './output-paths';
import { failureMessage, runCli } from './run-cli';

export async function exportPython(extensionPath: string, target: CommandTarget): Promise<void> {
  if (target.uri.scheme !== 'file') {
    await vscode.window.showWarningMessage('Rewardsmith: save the spec to a file before exporting it to Python.');
    return;
  }
  const document = await vscode.workspace.openTextDocument(target.uri);
  if (document.isDirty && !(await document.save())) {
    await vscode.window.showWarningMessage(`Rewardsmith: ${target.uri.fsPath} could not be saved; nothing exported.`);
    return;
  }
  const spec = target.uri.fsPath;
  const out = pythonModulePath(spec);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Rewardsmith: exporting ${spec} to Python` },
    () => runCli(extensionPath, ['export', 'python', spec, '-o', out], dirname(spec)),
  );
  if (result.code !== 0) {
    await vscode.window.showErrorMessage(`Rewardsmith: ${failureMessage('reward export python', result)}`);
    return;
  }
  await vscode.window.showTextDocument(vscode.Uri.file(out), { preview: false });
}
