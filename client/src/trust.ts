// Workspace trust: in a restricted workspace the language server still runs (it only reads the
// open text), but the commands that read other files or run the CLI are disabled and say why.
import * as vscode from 'vscode';

export function allowedHere(feature: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(
    `Rewardsmith: ${feature} is disabled in Restricted Mode, because it reads trajectory files or runs the reward command. Trust this workspace to enable it.`,
    'Manage Workspace Trust',
  ).then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return false;
}
