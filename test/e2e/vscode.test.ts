// The extension in a real VS Code: code-server 4.100.3 (VS Code 1.100.3, installed by
// .ci/install-code-server.sh) in Debian's headless Chromium. The .vsix is the one
// `npm run package` builds, installed with --install-extension; the workspace is a copy of
// examples/ with one planted error. Screenshots go to test/artifacts/ (docs/editor.md uses them).
// One code-server for the whole file: its start costs about a minute.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { hoverAt, openFile, packageVsix, runCommand, screenshot, startCodeServer, waitForProblems, webviewFrame, type CodeServer } from './code-server';

const repo = resolve(import.meta.dirname, '..', '..');
const planted = { file: 'office-coffee.reward', good: 'has_both   -> done       when office', typo: 'ofice' };

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
  await focusEditor(page);
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

/** openFile, once more when the first click on a Quick Open row was lost (seen under load). */
async function open(page: Page, file: string): Promise<void> {
  try {
    await openFile(page, file);
  } catch {
    await page.keyboard.press('Escape');
    await openFile(page, file);
  }
}

async function focusEditor(page: Page): Promise<void> {
  if (await page.locator('.quick-input-widget input').isVisible()) await page.keyboard.press('Escape');
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
}

/** Waits for an editor (the untitled one a command opened) whose text matches. */
async function untitledWithText(page: Page, text: RegExp): Promise<void> {
  await page.locator('.editor-instance .monaco-editor .view-lines', { hasText: text }).first().waitFor({ state: 'visible', timeout: 30_000 });
}

async function closeActiveEditorWithoutSaving(page: Page): Promise<void> {
  await runCommand(page, 'View: Revert and Close Editor');
  await page.locator('.tabs-container .tab.active.dirty').first().waitFor({ state: 'detached', timeout: 30_000 });
}

/** Throws the edits of the active editor away, so that the next steps see the files on disk. */
async function revert(page: Page): Promise<void> {
  await runCommand(page, 'File: Revert File');
  await page.locator('.tabs-container .tab.active.dirty').first().waitFor({ state: 'detached', timeout: 30_000 });
}

async function waitForAsync(check: () => Promise<boolean>, message: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.fail(message);
}

async function waitFor(check: () => boolean, message: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(message);
}

test('VS Code (code-server): the packaged extension end to end', { timeout: 900_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-vscode-'));
  let cs: CodeServer | undefined;
  try {
    const vsix = packageVsix(dir);
    const { workspace, line, column } = makeWorkspace(dir);
    cs = await startCodeServer({
      workspace, vsix, startTimeoutMs: 180_000, settings: {
        // code-server saves after a delay by default; the steps that type revert instead.
        'files.autoSave': 'off',
        // The preview evaluates the patrol spec on its own trajectories.
        'rewardsmith.trajectories': ['patrol.*.jsonl'],
      },
    });
    const { page } = cs;
    // Each step starts with no editor open (so files open in one group) and leaves a
    // screenshot behind when it fails.
    const step = (name: string, body: () => Promise<void>) => t.test(name, async () => {
      await runCommand(page, 'View: Close All Editor Groups');
      // With no editor left the keyboard focus is nowhere; F1 needs it in the workbench.
      await page.locator('.part.editor').first().click();
      try {
        await body();
      } catch (e) {
        await screenshot(page, `vscode-FAILED-${name.slice(0, 40)}`).catch(() => {});
        // Leave nothing dirty behind: a save prompt would block every later step.
        await page.keyboard.press('Escape');
        await runCommand(page, 'File: Revert File').catch(() => {});
        throw e;
      }
    });

    await step('diagnostics: squiggle and Problems panel entry with its code', async () => {
      await open(page, planted.file);
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

    await step("a diagnostic's code link opens its page rendered, not as Markdown source", async () => {
      await open(page, planted.file);
      await page.locator('.squiggly-error').first().waitFor({ state: 'visible', timeout: 90_000 });
      await hoverAt(page, line, column + 1, planted.typo);
      await page.locator('.monaco-hover a.code-link', { hasText: 'undefined-name' }).first().click();
      await page.locator('.tabs-container .tab', { hasText: /Preview undefined-name\.md/ }).first().waitFor({ state: 'visible', timeout: 30_000 });
      assert.equal(await page.locator('.tabs-container .tab[data-resource-name="undefined-name.md"]').count(), 0, 'the page was opened as source too');
    });

    await step('hover on a machine shows its states', async () => {
      await open(page, planted.file);
      const at = find(workspace, planted.file, 'machine deliver');
      const hover = await hoverAt(page, at.line, at.column + 'machine '.length + 2, 'has_coffee');
      for (const state of ['start', 'has_coffee', 'has_both', 'broken']) assert.match(hover, new RegExp(`\\b${state}\\b`));
      await screenshot(page, 'vscode-hover');
      await page.keyboard.press('Escape');
    });

    await step('completion offers the declared machine in a reward block', async () => {
      await open(page, planted.file);
      const at = find(workspace, planted.file, 'reward sparse {');
      await goTo(page, at.line, 1);
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await page.keyboard.type('deli');
      await page.keyboard.press('Control+Space');
      const row = page.locator('.suggest-widget .monaco-list-row', { hasText: 'deliver' }).first();
      await row.waitFor({ state: 'visible', timeout: 30_000 });
      await screenshot(page, 'vscode-completion');
      await page.keyboard.press('Escape');
      await revert(page);
      assert.ok(!readFileSync(join(workspace, planted.file), 'utf8').includes('deli\n'), 'the typed text reached the disk');
    });

    await step('signature help for a function', async () => {
      await open(page, 'gridworld-shaping.reward');
      await focusEditor(page);
      await page.keyboard.press('Control+End');
      await page.keyboard.press('Enter');
      await page.keyboard.type('def tmp = clamp(');
      const help = page.locator('.parameter-hints-widget');
      await help.waitFor({ state: 'visible', timeout: 30_000 });
      assert.match(await help.innerText(), /clamp/);
      await screenshot(page, 'vscode-signature-help');
      await page.keyboard.press('Escape');
      await revert(page);
    });

    await step('code lenses: Show automaton from the lens opens the Mermaid text', async () => {
      await open(page, 'patrol.reward');
      const lens = page.locator('.codelens-decoration a', { hasText: 'Show automaton' }).first();
      await lens.waitFor({ state: 'visible', timeout: 30_000 });
      assert.ok(await page.locator('.codelens-decoration a', { hasText: 'Preview' }).count() > 0, 'no Preview lens on the reward block');
      await screenshot(page, 'vscode-code-lens');
      await lens.click();
      await untitledWithText(page, /flowchart\sLR/);
      await screenshot(page, 'vscode-automaton');
      await closeActiveEditorWithoutSaving(page);
    });

    await step('command palette: Show Automaton on a machine', async () => {
      await open(page, 'farmed-loop.reward');
      await focusEditor(page);
      await runCommand(page, 'Rewardsmith: Show Automaton');
      await untitledWithText(page, /flowchart\sLR/);
      await closeActiveEditorWithoutSaving(page);
    });

    await step('outline: document symbols', async () => {
      await open(page, planted.file);
      await runCommand(page, 'Explorer: Focus on Outline View');
      const row = page.locator('.outline-pane .monaco-list-row', { hasText: 'coffee' }).first();
      await row.waitFor({ state: 'visible', timeout: 30_000 });
      await screenshot(page, 'vscode-outline');
    });

    await step('references: every use of a prop', async () => {
      await open(page, planted.file);
      const at = find(workspace, planted.file, 'prop coffee');
      await goTo(page, at.line, at.column + 'prop '.length + 1);
      await runCommand(page, 'Go to References');
      const peek = page.locator('.peekview-widget').first();
      await peek.waitFor({ state: 'visible', timeout: 30_000 });
      // The declaration and its uses in the exclusive group and the guards.
      await page.locator('.peekview-widget .monaco-list-row', { hasText: 'coffee' }).nth(2).waitFor({ state: 'attached', timeout: 30_000 });
      await screenshot(page, 'vscode-references');
      await page.keyboard.press('Escape');
    });

    // A machine: an external prop (`prop mail`) is refused, since its name is the label it reads.
    await step('rename: the rename box on a machine', async () => {
      await open(page, planted.file);
      const at = find(workspace, planted.file, 'machine deliver');
      await goTo(page, at.line, at.column + 'machine '.length + 1);
      await page.keyboard.press('F2');
      const box = page.locator('.rename-box input').first();
      await box.waitFor({ state: 'visible', timeout: 30_000 });
      assert.equal(await box.inputValue(), 'deliver');
      await screenshot(page, 'vscode-rename');
      await page.keyboard.press('Escape');
    });

    await step('code action: the quick fix of not-potential-based', async () => {
      await open(page, 'progress-not-potential.reward');
      const at = find(workspace, 'progress-not-potential.reward', '0.1 * progress');
      await goTo(page, at.line, at.column + 7);
      await page.locator('.squiggly-warning').first().waitFor({ state: 'visible', timeout: 30_000 });
      // The first request can come before the analysis that carries the fix: ask again.
      const menu = page.locator('.action-widget').first();
      await waitForAsync(async () => {
        await page.keyboard.press('Control+.');
        const shown = await menu.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false);
        if (shown && /potential|shaping|discount/i.test(await menu.innerText())) return true;
        await page.keyboard.press('Escape');
        return false;
      }, 'no quick fix for not-potential-based was offered', 60_000);
      await screenshot(page, 'vscode-code-action');
      await page.keyboard.press('Escape');
    });

    await step('formatting: Format Document restores a mangled indent', async () => {
      const file = 'reacher-control.reward';
      await open(page, file);
      const original = readFileSync(join(workspace, file), 'utf8');
      const lines = original.split('\n');
      const indented = lines.findIndex((l) => /^ {2}\S/.test(l));
      assert.ok(indented >= 0, `${file} has no indented line`);
      await goTo(page, indented + 1, 1);
      await page.keyboard.type('       ');
      await page.keyboard.press('Control+S');
      await waitFor(() => readFileSync(join(workspace, file), 'utf8') !== original, 'the mangled file was not saved');
      await runCommand(page, 'Format Document');
      // The edit arrives from the server a moment later; save once it is in.
      await page.locator('.tabs-container .tab.active.dirty').first().waitFor({ state: 'visible', timeout: 30_000 });
      await page.keyboard.press('Control+S');
      await waitFor(() => readFileSync(join(workspace, file), 'utf8').split('\n')[indented] === lines[indented], 'Format Document did not restore the indent');
    });

    await step('command palette: Restart Language Server brings the server back', async () => {
      await open(page, planted.file);
      await runCommand(page, 'Rewardsmith: Restart Language Server');
      await statusLabel(page, /^Rewardsmith: running, 1 error/);
      const labels = await waitForProblems(page, 1, 60_000);
      assert.ok(labels.some((l) => l.includes(planted.typo)), JSON.stringify(labels));
      await hoverAt(page, line, column + 1, planted.typo);
      await page.keyboard.press('Escape');
      await screenshot(page, 'vscode-status');
    });

    await step('command palette: Open Preview shows the preview panel', async () => {
      await open(page, 'patrol.reward');
      await focusEditor(page);
      await runCommand(page, 'Rewardsmith: Open Preview');
      // The panel's own content is the preview's tests' business; here: it opens beside the
      // spec, named after it, with the trajectories of the setting.
      await page.locator('.tabs-container .tab', { hasText: /Preview.*patrol/ }).first().waitFor({ state: 'visible', timeout: 60_000 });
      const body = webviewFrame(page).locator('body');
      // rewardsmith.trajectories reached the preview: it lists the patrol trajectories.
      await waitForAsync(async () => (await body.innerText({ timeout: 5000 }).catch(() => '')).includes('patrol.accepted.jsonl'), 'the preview never listed patrol.accepted.jsonl', 60_000);
      await screenshot(page, 'vscode-preview');
    });

    await step('the preview follows the active spec at once and finds the trajectories beside it', async () => {
      // rewardsmith.trajectories names patrol's files; farmed-loop's come from beside it.
      await open(page, 'patrol.reward');
      await focusEditor(page);
      await runCommand(page, 'Rewardsmith: Open Preview');
      const body = webviewFrame(page).locator('body');
      const text = () => body.innerText({ timeout: 5000 }).catch(() => '');
      await waitForAsync(async () => (await text()).includes('patrol.accepted.jsonl'), 'the preview never listed patrol.accepted.jsonl', 60_000);
      // Back in patrol's editor (the preview keeps the focus where it was), then the next spec.
      await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
      await open(page, 'farmed-loop.reward');
      await page.locator('.tabs-container .tab', { hasText: /Preview.*farmed-loop/ }).first().waitFor({ state: 'visible', timeout: 30_000 });
      // Nothing of patrol's preview stays under the new title (it used to, until files were
      // picked): the panel's heading names the new spec; the bound is loose only for a loaded
      // machine. (patrol's files may be listed again: rewardsmith.trajectories applies to
      // every spec, beside the files of its own, as docs/preview.md says.)
      await waitForAsync(async () => {
        const t = await text();
        return t.includes('Reward preview: farmed-loop.reward') && !t.includes('Reward preview: patrol.reward');
      }, "patrol's preview stayed under farmed-loop's title", 15_000);
      await waitForAsync(async () => {
        const t = await text();
        return t.includes('farmed-loop.farming.jsonl') && t.includes('farmed-loop.honest.jsonl');
      }, 'the preview never listed the trajectories beside farmed-loop.reward', 60_000);
      await screenshot(page, 'vscode-preview-follows');
    });

    await step('Export to Python: a spec with an error is refused with the reason', async () => {
      await open(page, planted.file);
      await focusEditor(page);
      await runCommand(page, 'Rewardsmith: Export to Python');
      const toast = page.locator('.notification-toast', { hasText: 'reward export python failed' }).first();
      await toast.waitFor({ state: 'visible', timeout: 60_000 });
      await page.keyboard.press('Escape');
      await runCommand(page, 'Notifications: Clear All Notifications');
    });

    await step('Export to Python: the module opens beside the spec', async () => {
      await open(page, 'patrol.reward');
      await focusEditor(page);
      await runCommand(page, 'Rewardsmith: Export to Python');
      await page.locator('.tabs-container .tab.active[data-resource-name="patrol.py"]').waitFor({ state: 'visible', timeout: 60_000 });
      assert.match(readFileSync(join(workspace, 'patrol.py'), 'utf8'), /class Reward/);
    });

    await step('Import Reward Machine: a reward_machines file becomes a spec', async () => {
      const source = join(workspace, 't1.txt');
      writeFileSync(source, "0  # initial state\n[2]  # terminal state\n(0,0,'!a',ConstantRewardFunction(0))\n(0,1,'a',ConstantRewardFunction(0))\n(1,1,'!b',ConstantRewardFunction(0))\n(1,2,'b',ConstantRewardFunction(1))\n");
      await runCommand(page, 'Rewardsmith: Import Reward Machine...');
      // code-server's file dialog is a quick input holding a path.
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 30_000 });
      // It fills in the workspace folder itself, a moment after it opens, and may fill it in
      // again while it lists a large folder: type after that, and type again if the folder
      // came back (the dialog then stays open, "Please select a file").
      await waitForAsync(async () => (await input.inputValue()).endsWith('/'), 'the file dialog never showed a folder');
      const imported = page.locator('.tabs-container .tab.active[data-resource-name="t1.reward"]');
      for (let attempt = 0; attempt < 6 && !(await imported.isVisible()); attempt++) {
        if (!(await input.isVisible())) break;
        await input.fill(source);
        // The dialog may write its folder into the box again while it lists (then the box holds
        // the folder and the path together): fill it again on the next attempt.
        const took = await waitForAsync(async () => (await input.inputValue()) === source, 'the file dialog did not take the path', 5000).then(() => true, () => false);
        if (!took) continue;
        await page.waitForTimeout(1000);
        if ((await input.inputValue()) !== source) continue;
        await page.keyboard.press('Enter');
        await imported.waitFor({ state: 'visible', timeout: 20_000 }).catch(() => {});
      }
      await imported.waitFor({ state: 'visible', timeout: 60_000 });
      assert.match(readFileSync(join(workspace, 't1.reward'), 'utf8'), /machine t1/);
    });
  } finally {
    await cs?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
