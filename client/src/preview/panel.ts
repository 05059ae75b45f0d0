// The preview panel: one webview tab beside the spec. It relays the server's `reward/preview`
// answers to the webview, asks again when the spec is edited (debounced), keeps the last good
// preview under a banner while the spec has errors, and checks every message of the webview.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DEFAULT_COLUMNS } from '../../../protocol/preview';
import { PreviewRequest, type PreviewParams, type PreviewResult } from '../../../protocol/requests';
import { check } from '../../../protocol/schema';
import { RelayedHostMessageSchema, WebviewMessageSchema, type RelayedHostMessage, type WebviewMessage } from '../../../protocol/webview';
import type { CommandTarget } from '../command-target';
import { sendProtocolRequest } from '../requests';
import { webviewHtml } from './html';
import { makeNonce } from './nonce';
import { filesBeside, pickedFiles, pickTrajectories, settingFiles } from './trajectories';

const DEBOUNCE_MS = 300;

/** Owns the one preview tab: a second Preview shows the new target in the same tab. */
export class PreviewPanel implements vscode.Disposable {
  static readonly viewType = 'rewardsmith.preview';
  private panel: vscode.WebviewPanel | undefined;
  private target: CommandTarget | undefined;
  private files: string[] = [];
  private episode = 0;
  private columns = DEFAULT_COLUMNS;
  private hasPreview = false;
  /** Preference label files of `rewardsmith.preferences` (LANGUAGE.md section 12). */
  private preferences: string[] = [];
  /** Answers to older requests are dropped. */
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly context: vscode.ExtensionContext, private readonly client: LanguageClient) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.target && e.document.uri.toString() === this.target.uri.toString()) this.schedule();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('rewardsmith.trajectories') || e.affectsConfiguration('rewardsmith.preferences')) void this.refresh(true);
      }),
      // Like the Markdown preview: an open preview follows the spec being edited.
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        const uri = editor?.document.languageId === 'reward' ? editor.document.uri : undefined;
        if (this.panel && uri && uri.toString() !== this.target?.uri.toString()) this.retarget({ uri, name: undefined });
      }),
    );
  }

  show(target: CommandTarget): void {
    const same = this.target?.uri.toString() === target.uri.toString();
    this.panel ?? this.create();
    this.retarget(target);
    this.panel?.reveal(vscode.ViewColumn.Beside, true);
    if (same && target.name) this.post({ type: 'variant', name: target.name });
  }

  /** Points the panel at another spec: what it showed goes at once, answers still on their way for the old one are dropped. */
  private retarget(target: CommandTarget): void {
    const same = this.target?.uri.toString() === target.uri.toString();
    this.target = target;
    if (!this.panel) return;
    this.panel.title = `Preview: ${basename(target.uri)}`;
    if (same) return;
    this.episode = 0;
    this.hasPreview = false;
    this.files = [];
    this.generation++;
    this.post({ type: 'spec', name: basename(target.uri) });
    void this.refresh(true);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.panel?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }

  private create(): vscode.WebviewPanel {
    const dist = vscode.Uri.joinPath(this.context.extensionUri, 'dist');
    // Beside the spec, keeping the focus in it, as the Markdown preview does.
    const panel = vscode.window.createWebviewPanel(PreviewPanel.viewType, 'Reward Preview', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [dist],
    });
    const webview = panel.webview;
    webview.html = webviewHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
      title: 'Reward Preview',
    });
    const listener = webview.onDidReceiveMessage((m: unknown) => this.receive(m));
    panel.onDidDispose(() => {
      listener.dispose();
      if (this.panel === panel) this.panel = undefined;
    });
    this.panel = panel;
    return panel;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(false), DEBOUNCE_MS);
  }

  private receive(raw: unknown): void {
    const checked = check(WebviewMessageSchema, raw, 'message');
    if (!checked.ok) {
      console.warn(`Rewardsmith preview: ignored a message from the webview: ${checked.error}`);
      return;
    }
    void this.handle(checked.value);
  }

  private async handle(m: WebviewMessage): Promise<void> {
    const target = this.target;
    if (!target) return;
    switch (m.type) {
      case 'ready':
        // The webview (re)loaded: it has nothing until it is sent everything again.
        this.hasPreview = false;
        await this.refresh(true);
        return;
      case 'episode':
        this.episode = m.episode;
        this.columns = m.columns;
        await this.ask({ what: 'episode', episode: m.episode, columns: m.columns, from: m.from, to: m.to });
        return;
      case 'step':
        await this.ask({ what: 'step', episode: m.episode, t: m.t });
        return;
      case 'showProblems':
        await vscode.commands.executeCommand('workbench.actions.view.problems');
        return;
      case 'pickTrajectories': {
        const files = await pickTrajectories(this.context.workspaceState, target.uri, this.files);
        if (files) await this.refresh(true);
        return;
      }
    }
  }

  /** Asks the server for the whole preview; `findFiles` again when the file set may have changed. */
  private async refresh(findFiles: boolean): Promise<void> {
    const target = this.target;
    if (!target || !this.panel) return;
    if (findFiles || this.files.length === 0) {
      const generation = this.generation;
      const picked = pickedFiles(this.context.workspaceState, target.uri);
      const [beside, setting, preferences] = await Promise.all([filesBeside(target.uri), settingFiles(target.uri), settingFiles(target.uri, 'preferences')]);
      if (generation !== this.generation) return; // another spec meanwhile
      this.files = [...new Set([...picked, ...beside, ...setting])];
      this.preferences = preferences;
    }
    if (this.files.length === 0) {
      const stem = basename(target.uri).replace(/\.reward$/, '');
      this.post({ type: 'notice', message: `No trajectory files: none named ${stem}.*.jsonl or ${stem}.*.csv beside the spec, and none match rewardsmith.trajectories (glob patterns). Pick files, or put them there.` });
      return;
    }
    await this.ask({ what: 'all', episode: this.episode, columns: this.columns });
  }

  private async ask(p: Omit<PreviewParams, 'uri' | 'files'>): Promise<void> {
    const target = this.target;
    if (!target) return;
    const generation = p.what === 'all' ? ++this.generation : this.generation;
    let result: PreviewResult;
    try {
      // The payload stays encoded: it is passed on to the webview, which decodes it.
      result = await sendProtocolRequest(this.client, PreviewRequest, { uri: target.uri.toString(), files: this.files, preferences: this.preferences, ...p });
    } catch (e) {
      result = { kind: 'failed', message: e instanceof Error ? e.message : String(e) };
    }
    if (generation !== this.generation) return;
    switch (result.kind) {
      case 'preview':
        this.hasPreview = true;
        this.post({ type: 'preview', overview: result.overview, view: result.view, stale: null });
        if (target.name) this.post({ type: 'variant', name: target.name });
        return;
      case 'episode':
        this.post({ type: 'episode', view: result.view });
        return;
      case 'step':
        this.post({ type: 'step', values: result.values });
        return;
      case 'errors':
        if (this.hasPreview) this.post({ type: 'stale', stale: { message: result.message, errors: result.errors } });
        else this.post({ type: 'notice', message: `${result.message}: fix it to see the preview.` });
        return;
      case 'failed':
        this.post({ type: 'notice', message: `The preview failed: ${result.message}` });
        return;
    }
  }

  /** In wire form (typed arrays as base64), which every webview transport keeps intact. */
  private post(m: RelayedHostMessage): void {
    void this.panel?.webview.postMessage(RelayedHostMessageSchema.encode(m));
  }
}

function basename(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}
