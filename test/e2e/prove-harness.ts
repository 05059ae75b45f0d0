// Proof that the real-client harnesses work, with a throwaway extension and a throwaway language
// server generated into a temp folder (not the project's own: it does not exist yet).
// Run from the repository root:   npx tsx test/e2e/prove-harness.ts [nvim|code-server]
// Prints one line per check and exits 1 on the first failure. A real test copies the steps.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { hoverAt, hoverToken, openFile, runCommand, screenshot, startCodeServer, waitForProblems, webviewFrame } from './code-server';
import { luaHover, luaWaitForDiagnostics, runNvimLsp } from './nvim';

const repo = process.cwd();
const sample = 'discount 0.99\nsignal x: number = bad\nreward main { x }\n';

function check(what: string, ok: boolean, detail: unknown): void {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}: ${JSON.stringify(detail)}`);
  if (!ok) throw new Error(`check failed: ${what}`);
}

// A language server that reports each "bad" as a warning and answers hovers.
const serverSource = `
const { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, DiagnosticSeverity } =
  require(${JSON.stringify(join(repo, 'node_modules/vscode-languageserver/node'))});
const { TextDocument } = require(${JSON.stringify(join(repo, 'node_modules/vscode-languageserver-textdocument'))});
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Full, hoverProvider: true } }));
documents.onDidChangeContent(({ document }) => {
  const diagnostics = [];
  document.getText().split('\\n').forEach((text, line) => {
    const c = text.indexOf('bad');
    if (c >= 0) diagnostics.push({ range: { start: { line, character: c }, end: { line, character: c + 3 } },
      severity: DiagnosticSeverity.Warning, code: 'bad-word', message: 'bad word here' });
  });
  connection.sendDiagnostics({ uri: document.uri, diagnostics });
});
connection.onHover((p) => ({ contents: { kind: 'markdown', value: 'hover at ' + p.position.line + ':' + p.position.character } }));
documents.listen(connection);
connection.listen();
`;

async function proveNvim(dir: string): Promise<void> {
  const server = join(dir, 'server.cjs');
  const file = join(dir, 'sample.reward');
  writeFileSync(server, serverSource);
  writeFileSync(file, sample);
  const cmd = ['node', server, '--stdio'];

  let t0 = Date.now();
  const diags = await runNvimLsp({ cmd, file, lua: luaWaitForDiagnostics(1) });
  const list = diags.ok ? (diags.value as { line: number; character: number; code: string }[]) : [];
  check(`nvim diagnostics (${Date.now() - t0} ms)`, list.length === 1 && list[0].line === 1 && list[0].character === 19 && list[0].code === 'bad-word', diags);

  t0 = Date.now();
  const hover = await runNvimLsp({ cmd, file, lua: luaHover(1, 4) });
  const value = hover.ok ? (hover.value as { contents?: { value?: string } }).contents?.value : undefined;
  check(`nvim hover (${Date.now() - t0} ms)`, value === 'hover at 1:4', hover);

  const dead = await runNvimLsp({ cmd: ['node', join(dir, 'missing.js')], file, lua: 'return 1', timeoutMs: 10_000 });
  check('nvim reports a server that dies', !dead.ok && /exited/.test(dead.error), dead);
}

const extensionManifest = {
  name: 'throwaway-reward', displayName: 'Throwaway Reward', description: 'Proof extension for the e2e harness',
  version: '0.0.1', publisher: 'e2eproof', license: 'MIT', engines: { vscode: '^1.90.0' },
  main: './extension.js', activationEvents: ['onLanguage:reward'],
  contributes: {
    languages: [{ id: 'reward', aliases: ['Reward'], extensions: ['.reward'] }],
    commands: [{ command: 'throwaway.preview', title: 'Open Proof Preview', category: 'Throwaway' }],
  },
};

const extensionSource = `
const vscode = require('vscode');
exports.activate = (context) => {
  const diagnostics = vscode.languages.createDiagnosticCollection('throwaway');
  const check = (doc) => {
    if (doc.languageId !== 'reward') return;
    const out = [];
    doc.getText().split('\\n').forEach((text, line) => {
      const c = text.indexOf('bad');
      if (c >= 0) out.push(new vscode.Diagnostic(new vscode.Range(line, c, line, c + 3), 'bad word here', vscode.DiagnosticSeverity.Warning));
    });
    diagnostics.set(doc.uri, out);
  };
  vscode.workspace.textDocuments.forEach(check);
  context.subscriptions.push(diagnostics, vscode.workspace.onDidOpenTextDocument(check),
    vscode.workspace.onDidChangeTextDocument((e) => check(e.document)),
    vscode.languages.registerHoverProvider('reward', { provideHover(doc, pos) {
      const range = doc.getWordRangeAtPosition(pos);
      return new vscode.Hover('proof hover: ' + (range ? doc.getText(range) : '?') + ' at ' + (pos.line + 1) + ':' + (pos.character + 1));
    } }),
    vscode.commands.registerCommand('throwaway.preview', () => {
      const lines = vscode.window.activeTextEditor ? vscode.window.activeTextEditor.document.lineCount : 0;
      const panel = vscode.window.createWebviewPanel('throwawayPreview', 'Proof Preview', vscode.ViewColumn.Beside, {});
      panel.webview.html = '<!DOCTYPE html><html><body><h1 id="title">Hello from the proof webview</h1><p id="lines">lines: ' + lines + '</p></body></html>';
    }));
};
exports.deactivate = () => {};
`;

function buildVsix(dir: string): string {
  const ext = join(dir, 'ext');
  mkdirSync(ext, { recursive: true });
  writeFileSync(join(ext, 'package.json'), JSON.stringify(extensionManifest, null, 2));
  writeFileSync(join(ext, 'extension.js'), extensionSource);
  writeFileSync(join(ext, 'README.md'), '# throwaway\n');
  writeFileSync(join(ext, 'LICENSE'), 'MIT\n');
  const vsix = join(dir, 'throwaway.vsix');
  const r = spawnSync(join(repo, 'node_modules/.bin/vsce'), ['package', '--allow-missing-repository', '-o', vsix], { cwd: ext, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vsce package failed:\n${r.stdout}\n${r.stderr}`);
  return vsix;
}

async function proveCodeServer(dir: string): Promise<void> {
  let t0 = Date.now();
  const vsix = buildVsix(dir);
  console.log(`     vsix packaged in ${Date.now() - t0} ms`);
  const workspace = join(dir, 'workspace');
  mkdirSync(workspace);
  writeFileSync(join(workspace, 'sample.reward'), sample);

  t0 = Date.now();
  const cs = await startCodeServer({ workspace, vsix });
  console.log(`     code-server + workbench up in ${Date.now() - t0} ms at ${cs.url}`);
  try {
    const { page } = cs;
    t0 = Date.now();
    await openFile(page, 'sample.reward');
    check(`file opened (${Date.now() - t0} ms)`, true, 'sample.reward');

    const problems = await waitForProblems(page, 1);
    check('problems panel lists the extension\'s diagnostic', problems.some((p) => p.includes('bad word here')), problems);

    const hover = await hoverAt(page, 2, 20, 'proof hover');
    check('hover through Go to Line + Show Hover', hover.includes('proof hover: bad at 2:20'), hover);
    await page.keyboard.press('Escape');

    const hover2 = await hoverToken(page, 'discount', 'proof hover');
    check('hover by mouse on a token', hover2.includes('proof hover: discount'), hover2);
    await page.keyboard.press('Escape');

    t0 = Date.now();
    await runCommand(page, 'Throwaway: Open Proof Preview');
    const frame = webviewFrame(page);
    const title = await frame.locator('#title').innerText({ timeout: 20_000 });
    const lines = await frame.locator('#lines').innerText();
    check(`webview text (${Date.now() - t0} ms)`, title === 'Hello from the proof webview' && lines === 'lines: 4', { title, lines });

    const shot = await screenshot(page, 'prove-harness');
    console.log(`     screenshot: ${shot}`);
  } finally {
    t0 = Date.now();
    await cs.stop();
    console.log(`     stopped in ${Date.now() - t0} ms`);
  }
}

async function main(): Promise<void> {
  const only = process.argv[2];
  const dir = mkdtempSync(join(tmpdir(), 'e2e-prove-'));
  try {
    if (!only || only === 'nvim') await proveNvim(dir);
    if (!only || only === 'code-server') await proveCodeServer(resolve(dir));
    console.log('harness proof: all checks passed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
