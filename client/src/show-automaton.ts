// Rewardsmith: Show Automaton: asks the server (`reward/automaton`) for the Mermaid or DOT text
// of a machine or of the automaton an `ltl` item compiles to, and opens it in an editor.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { AutomatonRequest, type AutomatonParams, type AutomatonResult } from '../../protocol/requests';
import { automatonCandidates, candidateAt } from './automaton-candidates';
import type { CommandTarget } from './command-target';
import { sendProtocolRequest } from './requests';

export async function showAutomaton(client: LanguageClient, target: CommandTarget): Promise<void> {
  const document = await vscode.workspace.openTextDocument(target.uri);
  const name = target.name ?? (await pickName(document));
  if (!name) return;
  const format = vscode.workspace.getConfiguration('rewardsmith', document).get<string>('automatonFormat') === 'dot' ? 'dot' : 'mermaid';
  const params: AutomatonParams = { uri: document.uri.toString(), name, format };
  let result: AutomatonResult;
  try {
    result = await sendProtocolRequest(client, AutomatonRequest, params);
  } catch (e) {
    // The server answers a name that is no machine or formula with an error saying so.
    await vscode.window.showWarningMessage(`Rewardsmith: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  const language = (await vscode.languages.getLanguages()).includes(format) ? format : 'plaintext';
  const shown = await vscode.workspace.openTextDocument({ content: result.text, language });
  await vscode.window.showTextDocument(shown, { viewColumn: vscode.ViewColumn.Beside, preview: false });
}

async function pickName(document: vscode.TextDocument): Promise<string | undefined> {
  const candidates = automatonCandidates(document.getText());
  if (candidates.length === 0) {
    await vscode.window.showWarningMessage('Rewardsmith: this spec declares no machine and no ltl item: nothing to draw.');
    return undefined;
  }
  if (candidates.length === 1) return candidates[0].name;
  const editor = vscode.window.activeTextEditor;
  const here = editor?.document === document ? candidateAt(candidates, editor.selection.active.line) : undefined;
  const items = candidates.map((c) => ({ label: c.name, description: c.kind, picked: c === here }));
  const ordered = here ? [...items.filter((i) => i.picked), ...items.filter((i) => !i.picked)] : items;
  const picked = await vscode.window.showQuickPick(ordered, { title: 'Show the automaton of', placeHolder: 'a machine or an ltl item' });
  return picked?.label;
}
