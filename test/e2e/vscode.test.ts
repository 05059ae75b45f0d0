// The extension in a real VS Code: code-server 4.100.3 (VS Code 1.100.3, installed by
// .ci/install-code-server.sh) in Debian's headless Chromium. The .vsix is the one
// `npm run package` builds, installed with --install-extension; the workspace is a copy of
// examples/ with one planted error. Screenshots go to test/artifacts/ (docs/editor.md uses them).
// One code-server for the whole file: its start costs about a minute.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { hoverAt, openFile, runCommand, screenshot, startCodeServer, waitForProblems, webviewFrame, type CodeServer } from './code-server';

const repo = resolve(import.meta.dirname, '..', '..');
const planted = { file: 'office-coffee.reward', good: 'has_both   -> done       when office', typo: 'ofice' };

/** `npm run package` into a temp file; REWARDSMITH_TEST_VSIX tests a given .vsix instead. */
function packageVsix(dir: string): string {
  const given = process.env.REWARDSMITH_TEST_VSIX;
  if (given) return resolve(given);
  const out = join(dir, 'rewardsmith.vsix');
  const r = spawnSync('npm', ['run', 'package', '--', '--out', out], { cwd: repo, encoding: 'utf8', timeout: 300_000 });
  assert.equal(r.status, 0, `npm run package failed:\n${r.stdout}\n${r.stderr}`);
  assert.ok(existsSync(out), `npm run package wrote no ${out}`);
  return out;
}

/** examples/ copied, with an undefined name planted in office-coffee.reward. */
function makeWorkspace(dir: string): { workspace: string; line: number; column: number } {
  const workspace = join(dir, 'examples');
  cpSync(join(repo, 'examples'), workspace, { recursive: true, filter: (p) => !p.includes(`${join('examples', 'gen')}`) });
  const path = join(workspace, planted.file);
  const text = readFileSync(path, 'utf8');
  assert.ok(text.includes(planted.good), `examples/${planted.file} changed: the planted line is gone`);
  const changed = text.replace(planted.good, planted.good.replace('office', planted.typo));
  writeFileSync(path, changed);
  const before = changed.slice(0, changed.indexOf(planted.typo)).split('\n');
  return { workspace, line: before.length, column: before[before.length - 1].length + 1 };
}

/** 1-based line and column of `needle` in a workspace file. */
function find(workspace: string, file: string, needle: string): { line: number; column: number } {
  const text = readFileSync(join(workspace, file), 'utf8');
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `'${needle}' not in ${file}`);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

async function statusLabel(page: Page, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  const item = page.locator('.statusbar-item[aria-label^="Rewardsmith:"]').first();
  const deadline = Date.now() + timeoutMs;
  let label = '';
  while (Date.now() < deadline) {
    label = (await item.getAttribute('aria-label', { timeout: 1000 }).catch(() => null)) ?? '';
    if (pattern.test(label)) return label;
    await page.waitForTimeout(250);
  }
  throw new Error(`the status bar item never matched ${pattern}; it says ${JSON.stringify(label)}`);
}

async function problemRowTexts(page: Page): Promise<string[]> {
  return page.locator('.markers-panel .monaco-list-row:not([aria-level="1"])').allInnerTexts();
}

async function goTo(page: Page, line: number, column: number): Promise<void> {
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

test('VS Code (code-server): the packaged extension end to end', { timeout: 900_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-vscode-'));
  let cs: CodeServer | undefined;
  try {
    const vsix = packageVsix(dir);
    const { workspace, line, column } = makeWorkspace(dir);
    cs = await startCodeServer({ workspace, vsix, startTimeoutMs: 180_000 });
    const { page } = cs;

    await t.test('diagnostics: squiggle and Problems panel entry with its code', async () => {
      await openFile(page, planted.file);
      await page.locator('.squiggly-error').first().waitFor({ state: 'visible', timeout: 90_000 });
      const labels = await waitForProblems(page, 1, 60_000);
      assert.ok(labels.some((l) => l.includes(planted.typo) && l.includes(`line ${line}`)), `no problem about '${planted.typo}' at line ${line}: ${JSON.stringify(labels)}`);
      const rows = await problemRowTexts(page);
      assert.ok(rows.some((r) => r.includes('undefined-name')), `no row shows the code undefined-name: ${JSON.stringify(rows)}`);
      await statusLabel(page, /^Rewardsmith: running, 1 error/);
      await screenshot(page, 'vscode-diagnostics');
      // The squiggle sits on the planted name.
      const hover = await hoverAt(page, line, column + 1, planted.typo);
      assert.match(hover, /undefined-name|ofice/);
      await page.keyboard.press('Escape');
    });

    await t.test('hover on a machine shows its states', async () => {
      const at = find(workspace, planted.file, 'machine deliver');
      const hover = await hoverAt(page, at.line, at.column + 'machine '.length + 2, 'has_coffee');
      for (const state of ['start', 'has_coffee', 'has_both', 'broken']) assert.match(hover, new RegExp(`\\b${state}\\b`));
      await screenshot(page, 'vscode-hover');
      await page.keyboard.press('Escape');
    });

    await t.test('completion offers the declared machine in a reward block', async () => {
      const at = find(workspace, planted.file, 'reward sparse');
      await goTo(page, at.line, 1);
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await page.keyboard.type('deli');
      await page.keyboard.press('Control+Space');
      const row = page.locator('.suggest-widget .monaco-list-row', { hasText: 'deliver' }).first();
      await row.waitFor({ state: 'visible', timeout: 30_000 });
      await screenshot(page, 'vscode-completion');
      await page.keyboard.press('Escape');
      // Leave the file as it was on disk for the next steps.
      await page.keyboard.press('Control+Z');
      await page.keyboard.press('Control+Z');
      await page.keyboard.press('Control+S');
    });

    await t.test('command palette: Restart Language Server brings the server back', async () => {
      await runCommand(page, 'Rewardsmith: Restart Language Server');
      await statusLabel(page, /^Rewardsmith: running, 1 error/);
      const labels = await waitForProblems(page, 1, 60_000);
      assert.ok(labels.some((l) => l.includes(planted.typo)), JSON.stringify(labels));
      await screenshot(page, 'vscode-status');
    });

    await t.test('command palette: Open Preview shows the preview panel', async () => {
      await openFile(page, 'patrol.reward');
      await runCommand(page, 'Rewardsmith: Open Preview');
      const body = await webviewFrame(page).locator('body').innerText({ timeout: 60_000 });
      assert.match(body, /patrol/);
      await screenshot(page, 'vscode-preview');
    });

    await t.test('Show Automaton opens the Mermaid text of the ltl item', async () => {
      await openFile(page, 'patrol.reward');
      await runCommand(page, 'Rewardsmith: Show Automaton');
      const editor = page.locator('.editor-instance .monaco-editor .view-lines', { hasText: /flowchart|graph|stateDiagram/ }).first();
      await editor.waitFor({ state: 'visible', timeout: 30_000 });
      await screenshot(page, 'vscode-automaton');
    });
  } finally {
    await cs?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
