// Which document and which declaration a command is about. The same command is reached three
// ways: a code lens passes (document URI string, name), the editor-title button passes the
// editor's Uri, the command palette passes nothing (then: the active .reward editor).
import * as vscode from 'vscode';

export interface CommandTarget {
  readonly uri: vscode.Uri;
  readonly name: string | undefined;
}

export function commandTarget(first: unknown, second: unknown): CommandTarget | undefined {
  const name = typeof second === 'string' && second !== '' ? second : undefined;
  if (typeof first === 'string' && first !== '') return { uri: vscode.Uri.parse(first, true), name };
  if (first instanceof vscode.Uri) return { uri: first, name };
  const editor = vscode.window.activeTextEditor;
  if (editor && editor.document.languageId === 'reward') return { uri: editor.document.uri, name };
  return undefined;
}

export async function requireTarget(first: unknown, second: unknown, command: string): Promise<CommandTarget | undefined> {
  const target = commandTarget(first, second);
  if (!target) await vscode.window.showWarningMessage(`Rewardsmith: ${command} needs a .reward file: open one and run it again.`);
  return target;
}
