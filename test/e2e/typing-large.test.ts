// Issue #15: typing in a 10,000-line spec keeps the squiggles current, in a real VS Code
// (code-server 4.100.3 in Debian's headless Chromium, the packaged .vsix). The spec is the
// benchmark's generated one (bench/src/gen/large-spec.ts: sound, about 330 KB, so the server
// analyses it on a thread of its own). Each step types as a user does, a key at a time, and
// waits for what the editor shows: an error squiggle where a name is wrong, none once it is
// fixed, the squiggle moved with the text when a line is typed above it, and the right state
// after fast typing that passes through broken text. The time from the last key to the
// squiggles is logged, not asserted (timings are the benchmark's business). Its own
// code-server: run it alone (`node scripts/test.mjs typing-large`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { hoverAt, openFile, packageVsix, runCommand, screenshot, startCodeServer, type CodeServer } from './code-server';
import { largeSpec } from '../../bench/src/gen/large-spec';

const FILE = 'large.reward';

/** 1-based line of the first line starting with `prefix`, and its length. */
function lineOf(lines: readonly string[], prefix: string): { line: number; length: number } {
  const i = lines.findIndex((l) => l.startsWith(prefix));
  assert.ok(i >= 0, `no line starts with '${prefix}'`);
  return { line: i + 1, length: lines[i].length };
}

/** The status bar's problem counts, once they match (the client counts the diagnostics of the open .reward files). */
async function status(page: Page, pattern: RegExp, timeoutMs = 120_000): Promise<string> {
  const item = page.locator('.statusbar-item[aria-label^="Rewardsmith:"]').first();
  const deadline = Date.now() + timeoutMs;
  let label = '';
  while (Date.now() < deadline) {
    label = (await item.getAttribute('aria-label', { timeout: 1000 }).catch(() => null)) ?? '';
    if (pattern.test(label)) return label;
    await page.waitForTimeout(100);
  }
  throw new Error(`the status bar never matched ${pattern}; it says ${JSON.stringify(label)}`);
}

/** Moves the cursor to a 1-based line and column (Go to Line), the editor focused. */
async function goTo(page: Page, line: number, column: number): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      if (await page.locator('.quick-input-widget input').isVisible()) await page.keyboard.press('Escape');
      await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
      await page.keyboard.press('Control+G');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(`:${line}:${column}`);
      await page.keyboard.press('Enter');
      await input.waitFor({ state: 'hidden', timeout: 10_000 });
      return;
    } catch (e) {
      // Under load the quick input may open late or lose the first key: try again.
      if (attempt === 2) throw e;
      await page.keyboard.press('Escape').catch(() => {});
    }
  }
}

/** Types as a user does, one key at a time. */
async function type(page: Page, text: string, delayMs: number): Promise<number> {
  await page.keyboard.type(text, { delay: delayMs });
  return Date.now();
}

/** hoverAt, again when the hover did not open (under load the command can be lost while the editor is busy). */
async function hoverWith(page: Page, line: number, column: number, expect: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await hoverAt(page, line, column, expect);
    } catch (e) {
      if (attempt === 2) throw e;
      await page.keyboard.press('Escape').catch(() => {});
    }
  }
}

const errorSquiggles = (page: Page) => page.locator('.editor-group-container.active .monaco-editor .squiggly-error');

test('VS Code (code-server): typing in a 10,000-line spec keeps the squiggles current', { timeout: 900_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-typing-'));
  let cs: CodeServer | undefined;
  try {
    const vsix = packageVsix(dir);
    const workspace = join(dir, 'workspace');
    mkdirSync(workspace);
    const text = largeSpec(10_000);
    writeFileSync(join(workspace, FILE), text);
    const lines = text.split('\n');
    assert.ok(lines.length >= 10_000, `${lines.length} lines`);
    cs = await startCodeServer({ workspace, vsix, startTimeoutMs: 180_000, settings: { 'files.autoSave': 'off', 'editor.autoClosingBrackets': 'never' } });
    const { page } = cs;
    const step = (name: string, body: () => Promise<void>) => t.test(name, async () => {
      try {
        await body();
      } catch (e) {
        await screenshot(page, `typing-FAILED-${name.slice(0, 40)}`).catch(() => {});
        throw e;
      }
    });
    const settled = (what: string, since: number) => t.diagnostic(`${what}: squiggles current ${Date.now() - since} ms after the last key`);

    const deep = lineOf(lines, 'def dist300 =');
    await step('the spec opens sound: no error', async () => {
      await openFile(page, FILE);
      await status(page, /^Rewardsmith: running, 0 errors, [1-9]\d* warnings/, 240_000);
    });

    await step('a name typed wrong deep in the file gets its squiggle, and the hover says why', async () => {
      await goTo(page, deep.line, deep.length + 1);
      const last = await type(page, ' + zq', 60);
      await status(page, /^Rewardsmith: running, 1 error,/);
      await errorSquiggles(page).first().waitFor({ state: 'visible', timeout: 60_000 });
      settled('an undefined name', last);
      const hover = await hoverWith(page, deep.line, deep.length + 5, "'zq' is not declared");
      assert.match(hover, /undefined-name/);
      await page.keyboard.press('Escape');
    });

    await step('a line typed near the top moves every declaration below it: the squiggle moves with its name', async () => {
      const top = lineOf(lines, 'def dist2 =');
      await goTo(page, top.line, top.length + 1);
      const last = await type(page, '\n// a note typed above', 40);
      // The name is one line further down now, and the hover there still names it.
      const hover = await hoverWith(page, deep.line + 1, deep.length + 5, "'zq' is not declared");
      settled('a line inserted above (the hover at the moved name)', last);
      await status(page, /^Rewardsmith: running, 1 error,/);
      assert.match(hover, /undefined-name/);
      await page.keyboard.press('Escape');
      await goTo(page, deep.line + 1, 1);
      await errorSquiggles(page).first().waitFor({ state: 'visible', timeout: 60_000 });
    });

    await step('fixing the name clears the squiggle', async () => {
      await goTo(page, deep.line + 1, deep.length + 6);
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Backspace');
      const last = await type(page, 'x300', 60);
      await status(page, /^Rewardsmith: running, 0 errors,/);
      await errorSquiggles(page).first().waitFor({ state: 'detached', timeout: 60_000 });
      settled('the name fixed', last);
    });

    await step('fast typing through broken text ends in the state of the final text', async () => {
      const mid = lineOf(lines, 'def dist200 =');
      await goTo(page, mid.line + 1, mid.length + 1);
      // Every key but the last leaves an unclosed parenthesis or a dangling operator.
      let last = await type(page, ' * 2 + abs(y200 - 3)', 15);
      await status(page, /^Rewardsmith: running, 0 errors,/);
      await page.waitForTimeout(1500);
      await status(page, /^Rewardsmith: running, 0 errors,/, 5_000);
      settled('fast typing, sound at the end', last);
      // And fast typing that ends wrong: one error, on the last name typed.
      last = await type(page, ' + y2O0', 15);
      await status(page, /^Rewardsmith: running, 1 error,/);
      await errorSquiggles(page).first().waitFor({ state: 'visible', timeout: 60_000 });
      settled('fast typing, wrong at the end', last);
      const hover = await hoverWith(page, mid.line + 1, mid.length + ' * 2 + abs(y200 - 3) + y2'.length + 1, "'y2O0' is not declared");
      assert.match(hover, /undefined-name/);
      await page.keyboard.press('Escape');
      await screenshot(page, 'typing-large');
    });
  } finally {
    if (cs) {
      await runCommand(cs.page, 'File: Revert File').catch(() => {});
      await cs.stop();
    }
    rmSync(dir, { recursive: true, force: true });
  }
});
