// Placeholder for the preview panel until client/src/preview/ exists: the command, its button
// and its trust check are real; the panel only says what it will show. The preview's owner
// replaces the import of this file in commands.ts with their own panel of the same shape.
import * as vscode from 'vscode';
import type { CommandTarget } from './command-target';

/** Owns the one preview tab: a second Preview shows the new target in the same tab. */
export class PreviewPanel implements vscode.Disposable {
  static readonly viewType = 'rewardsmith.preview';
  private panel: vscode.WebviewPanel | undefined;

  show(target: CommandTarget): void {
    const panel = this.panel ?? this.create();
    panel.title = `Preview: ${basename(target.uri)}`;
    panel.webview.html = stubHtml(basename(target.uri), target.name);
    panel.reveal(vscode.ViewColumn.Beside, true);
  }

  dispose(): void {
    this.panel?.dispose();
  }

  private create(): vscode.WebviewPanel {
    // Beside the spec, keeping the focus in it, as the Markdown preview does.
    const panel = vscode.window.createWebviewPanel(
      PreviewPanel.viewType, 'Reward Preview', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: false },
    );
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
    this.panel = panel;
    return panel;
  }
}

function basename(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

function stubHtml(file: string, name: string | undefined): string {
  const what = name ? `${escapeHtml(name)} in ${escapeHtml(file)}` : escapeHtml(file);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline';">
<style>body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 1em 2em; }</style>
</head><body>
<h1 id="title">Preview coming</h1>
<p id="target">${what}</p>
<p>The reward preview (per-step rewards by component, machine states, formula verdicts on the
trajectories of <code>rewardsmith.trajectories</code>) will open here.</p>
</body></html>`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
