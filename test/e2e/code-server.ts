// Runs the extension in a real VS Code: code-server (installed by .ci/install-code-server.sh
// into test/e2e/code-server/) driven by Debian's Chromium through playwright-core.
// Every start gets fresh user-data and extensions folders, so runs never see each other.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { chromium, type Browser, type FrameLocator, type Page } from 'playwright-core';

export interface CodeServerOptions {
  /** Folder opened as the workspace. */
  readonly workspace: string;
  /** A .vsix to install before starting. */
  readonly vsix?: string;
  /** User settings, merged over the harness's quiet defaults. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Limit for code-server to answer and the workbench to appear. Default 90 s. */
  readonly startTimeoutMs?: number;
  /** Browser viewport. Default 1400 x 900. */
  readonly viewport?: { readonly width: number; readonly height: number };
}

export interface CodeServer {
  readonly url: string;
  readonly browser: Browser;
  readonly page: Page;
  /** code-server's own stdout and stderr, for a failing test to show. */
  readonly logFile: string;
  /** Closes the browser, kills code-server's whole process group, removes the temp folders. */
  stop(): Promise<void>;
}

/** Settings that keep a test run quiet and offline; a test's own settings override them. */
export const quietSettings: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
};

const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** The folder holding this harness: test/e2e/ of the repository the tests run in. */
export function e2eDir(start: string = process.cwd()): string {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const candidate = join(dir, 'test', 'e2e');
    if (existsSync(join(candidate, 'code-server', 'package.json'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`test/e2e/code-server/package.json not found above ${start}`);
  }
}

/** The code-server executable; REWARDSMITH_CODE_SERVER overrides the installed one. */
/** `npm run package` into a temp file; REWARDSMITH_TEST_VSIX tests a given .vsix instead. */
export function packageVsix(dir: string): string {
  const given = process.env.REWARDSMITH_TEST_VSIX;
  if (given) return resolve(given);
  const out = join(dir, 'rewardsmith.vsix');
  const r = spawnSync('npm', ['run', 'package', '--', '--out', out], { cwd: resolve(import.meta.dirname, '..', '..'), encoding: 'utf8', timeout: 300_000 });
  assert.equal(r.status, 0, `npm run package failed:\n${r.stdout}\n${r.stderr}`);
  assert.ok(existsSync(out), `npm run package wrote no ${out}`);
  return out;
}

export function codeServerBin(): string {
  const bin = process.env.REWARDSMITH_CODE_SERVER ?? join(e2eDir(), 'code-server', 'node_modules', '.bin', 'code-server');
  if (!existsSync(bin)) throw new Error(`code-server not found at ${bin}: run .ci/install-code-server.sh`);
  return bin;
}

export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  const startTimeoutMs = opts.startTimeoutMs ?? 90_000;
  const workspace = resolve(opts.workspace);
  if (!existsSync(workspace)) throw new Error(`workspace ${workspace} does not exist`);
  const bin = codeServerBin();
  const root = mkdtempSync(join(tmpdir(), 'e2e-code-server-'));
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  const configFile = join(root, 'config.yaml');
  const logFile = join(root, 'code-server.log');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...quietSettings, ...opts.settings }, null, 2));
  // An empty config of our own: otherwise code-server reads and writes ~/.config/code-server.
  writeFileSync(configFile, '');
  const dirArgs = ['--config', configFile, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir];

  if (opts.vsix) installExtension(bin, dirArgs, resolve(opts.vsix));

  const port = await freePort();
  const log = openSync(logFile, 'a');
  // detached: the child calls setsid(), so code-server, its extension host and everything they
  // start share one process group that stop() can kill at once; the extension host would
  // otherwise outlive a closed browser.
  const child = spawn(bin, [
    ...dirArgs, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', workspace,
  ], { detached: true, stdio: ['ignore', log, log], env: { ...process.env, XDG_CONFIG_HOME: root } });
  closeSync(log);

  let browser: Browser | undefined;
  const stop = async (): Promise<void> => {
    await browser?.close().catch(() => {});
    await killGroup(child);
    rmSync(root, { recursive: true, force: true });
  };

  try {
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, startTimeoutMs, child, logFile);
    // launch() gives Chromium a fresh temporary --user-data-dir of its own and deletes it on close.
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs });
    const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: startTimeoutMs });
    await waitForWorkbench(page, startTimeoutMs);
    return { url, browser, page, logFile, stop };
  } catch (e) {
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-4000) : '';
    await stop();
    throw new Error(`code-server did not start: ${(e as Error).message}\n--- code-server log ---\n${log}`);
  }
}

function installExtension(bin: string, dirArgs: readonly string[], vsix: string): void {
  if (!existsSync(vsix)) throw new Error(`vsix ${vsix} does not exist`);
  const r = spawnSync(bin, [...dirArgs, '--install-extension', vsix], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0 || !/was successfully installed/.test(r.stdout + r.stderr)) {
    throw new Error(`code-server --install-extension ${vsix} failed (status ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolvePort(port) : reject(new Error('no free port'))));
    });
  });
}

async function waitForHttp(url: string, timeoutMs: number, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}); see ${logFile}`);
    }
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch { /* not listening yet */ }
    await sleep(200);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

async function waitForWorkbench(page: Page, timeoutMs: number): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
  // The explorer shows the workspace once the remote file system is connected.
  await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ state: 'attached', timeout: timeoutMs });
  await page.locator('.statusbar').waitFor({ state: 'visible', timeout: timeoutMs });
}

async function killGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const signalGroup = (signal: NodeJS.Signals): boolean => {
    try { process.kill(-pid, signal); return true; } catch { return false; }
  };
  if (!signalGroup('SIGTERM')) return;
  // Give it a moment to shut down cleanly, then make sure nothing in the group survives.
  for (let i = 0; i < 25 && signalGroup(0 as unknown as NodeJS.Signals); i++) await sleep(200);
  signalGroup('SIGKILL');
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

// ---------------------------------------------------------------- workbench helpers

const quickInput = '.quick-input-widget';

/** Opens a workspace file through Quick Open (Ctrl+P) and waits for its editor tab. */
export async function openFile(page: Page, relPath: string): Promise<void> {
  const name = relPath.split('/').pop() ?? relPath;
  await focusWorkbench(page);
  await page.keyboard.press('Control+P');
  const input = page.locator(`${quickInput} input`);
  await input.waitFor({ state: 'visible' });
  await input.fill(relPath);
  // The file index answers asynchronously (the first search waits for the extension host: 20 s
  // on a busy 2-core machine); pick the row whose label is the file, not the first guess.
  const row = page.locator(`${quickInput} .monaco-list-row`, { hasText: name }).first();
  await row.waitFor({ state: 'visible', timeout: 60_000 });
  await row.click();
  await page.locator(`.tabs-container .tab.active[data-resource-name="${name}"]`).waitFor({ state: 'visible', timeout: 30_000 });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ state: 'visible' });
}

/** Runs a command by its palette title (exact match, case-sensitive; category prefix included). */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator(`${quickInput} input`);
  // A webview that finishes loading (a Markdown preview, the reward preview) can take the focus
  // back and close the palette just after it opened: open it again.
  for (let attempt = 0; ; attempt++) {
    await focusWorkbench(page);
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(`>${title}`, { timeout: 10_000 });
      break;
    } catch (e) {
      if (attempt === 2) throw e;
      await page.keyboard.press('Escape').catch(() => {});
    }
  }
  const row = page.locator(`${quickInput} .monaco-list-row`).filter({
    has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }),
  }).first();
  try {
    await row.waitFor({ state: 'visible', timeout: 15_000 });
  } catch {
    const shown = await page.locator(`${quickInput} .monaco-list-row .label-name`).allInnerTexts();
    await page.keyboard.press('Escape');
    throw new Error(`command "${title}" not in the palette; it shows: ${JSON.stringify(shown)}`);
  }
  await row.click();
}

/**
 * Opens the Problems panel and waits until it lists at least `count` problems (not counting the
 * file rows), then returns their accessible labels, e.g. "Error: ... at line 2 column 5".
 */
export async function waitForProblems(page: Page, count = 1, timeoutMs = 30_000): Promise<string[]> {
  const rows = page.locator('.markers-panel .monaco-list-row:not([aria-level="1"])');
  const deadline = Date.now() + timeoutMs;
  let opened = false;
  while (Date.now() < deadline) {
    if (!opened || !(await page.locator('.markers-panel').isVisible())) {
      await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
      opened = true;
    }
    const labels = (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? '')));
    if (labels.length >= count) return labels;
    await sleep(250);
  }
  const shown = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''));
  throw new Error(`expected at least ${count} problem(s) within ${timeoutMs} ms, the panel shows ${JSON.stringify(shown)}`);
}

/**
 * Moves the cursor to a 1-based line and column (Go to Line) and shows the hover there; returns
 * its whole text (diagnostics included). With `expect`, waits until the hover contains it.
 */
export async function hoverAt(page: Page, line: number, column: number, expect?: string | RegExp): Promise<string> {
  await focusEditor(page);
  await page.keyboard.press('Control+G');
  const input = page.locator(`${quickInput} input`);
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
  await runCommand(page, 'Show or Focus Hover');
  return readHover(page, expect);
}

/** Moves the mouse over the first visible occurrence of `token` in the active editor; returns the hover text. */
export async function hoverToken(page: Page, token: string, expect?: string | RegExp): Promise<string> {
  const editor = page.locator('.editor-instance .monaco-editor').first();
  const span = editor.locator('.view-line span span', { hasText: token }).first();
  await span.waitFor({ state: 'visible' });
  const box = await span.boundingBox();
  if (!box) throw new Error(`token "${token}" is not on screen`);
  const text = (await span.textContent()) ?? '';
  // Aim at the token inside its span: a span may hold more than the token.
  const offset = Math.max(0, text.indexOf(token)) + token.length / 2;
  const x = box.x + (box.width * offset) / Math.max(1, text.length);
  await page.mouse.move(x, box.y + box.height / 2);
  return readHover(page, expect);
}

async function readHover(page: Page, expect?: string | RegExp, timeoutMs = 30_000): Promise<string> {
  const hover = page.locator('.monaco-hover:not(.hidden)').first();
  await hover.waitFor({ state: 'visible', timeout: timeoutMs });
  // The hover opens with what is known at once (diagnostics, "Loading...") and the language
  // server's part arrives later: wait for `expect`, or else for the text to stay put a while.
  const deadline = Date.now() + timeoutMs;
  let text = '';
  let stableSince = Date.now();
  while (Date.now() < deadline) {
    const now = (await hover.innerText().catch(() => '')).trim();
    if (now !== text) { text = now; stableSince = Date.now(); }
    const loading = text === '' || /Loading\.\.\./.test(text);
    if (expect !== undefined ? matches(text, expect) : !loading && Date.now() - stableSince >= 1000) return text;
    await sleep(100);
  }
  if (expect !== undefined) throw new Error(`hover never showed ${String(expect)}; it shows ${JSON.stringify(text)}`);
  return text;
}

function matches(text: string, expect: string | RegExp): boolean {
  return typeof expect === 'string' ? text.includes(expect) : expect.test(text);
}

/** The content of the (first) webview: VS Code nests it as iframe.webview > iframe#active-frame. */
export function webviewFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview').first().frameLocator('iframe#active-frame');
}

/** Saves a full-page PNG to test/artifacts/NAME.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = join(dirname(e2eDir()), 'artifacts');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.png`);
  await page.screenshot({ path });
  return path;
}

async function focusWorkbench(page: Page): Promise<void> {
  // A key press reaches VS Code's keybinding service only when the page has focus; close any
  // quick input left open by a previous step.
  if (await page.locator(`${quickInput} input`).isVisible()) await page.keyboard.press('Escape');
}

async function focusEditor(page: Page): Promise<void> {
  await focusWorkbench(page);
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
