// The status bar item: the language server's state and the problems of the .reward files.
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { statusView, type ProblemCounts, type ServerState } from './status-text';

export function createStatusItem(client: LanguageClient): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('rewardsmith.status', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Rewardsmith';
  item.command = 'workbench.actions.view.problems';
  let state: ServerState = 'starting';
  const render = (): void => {
    const view = statusView(state, rewardProblems());
    item.text = view.text;
    item.tooltip = view.tooltip;
    item.accessibilityInformation = { label: view.label };
    item.backgroundColor = view.alarm ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  };
  render();
  item.show();
  return vscode.Disposable.from(
    item,
    client.onDidChangeState((e) => {
      state = serverState(e.newState);
      render();
    }),
    vscode.languages.onDidChangeDiagnostics(render),
  );
}

function serverState(s: State): ServerState {
  if (s === State.Running) return 'running';
  if (s === State.Starting) return 'starting';
  return 'stopped';
}

function rewardProblems(): ProblemCounts {
  let errors = 0;
  let warnings = 0;
  for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
    if (!uri.path.endsWith('.reward')) continue;
    for (const d of diagnostics) {
      if (d.severity === vscode.DiagnosticSeverity.Error) errors++;
      else if (d.severity === vscode.DiagnosticSeverity.Warning) warnings++;
    }
  }
  return { errors, warnings };
}
