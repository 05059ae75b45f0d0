// The webview bundle in the page the panel gives it (client/src/preview/html.ts), served over
// HTTP like VS Code's resource origin, with a stand-in for acquireVsCodeApi. This test plays
// the host: it answers the webview's messages with the language server's own code (the
// `reward/preview` answer) and relays them as the panel does, in wire form.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { answer } from '../../server/src/lsp/preview-request';
import type { PreviewParams } from '../../protocol/requests';
import { check } from '../../protocol/schema';
import { RelayedHostMessageSchema, WebviewMessageSchema, type RelayedHostMessage, type WebviewMessage } from '../../protocol/webview';
import { previewText, type SpecPreview } from '../../server/src/preview/compute';
import { artifactsDir, ink, launch, servePanel, until, watch, type Served } from './browser';
import { evalJson } from './examples';
import { walkFiles } from './trajectories';

const SPEC = 'test/fixtures/preview/walk.reward';
const EDITED = 'test/fixtures/preview/walk-edited.reward';

let browser: Browser;
let panel: Served;
let origin: string;
let files: ReturnType<typeof walkFiles>;

before(async () => {
  files = walkFiles(20_000);
  panel = await servePanel();
  origin = panel.origin;
  browser = await launch();
});
after(async () => {
  await browser?.close();
  panel?.close();
  rmSync(files.dir, { recursive: true, force: true });
});

/** The host side: what the panel does, on the server's answers. */
class TestHost {
  readonly received: WebviewMessage[] = [];
  spec!: SpecPreview;
  private episode = 0;
  private columns = 1600;

  constructor(private readonly page: Page) {}

  async install(): Promise<void> {
    // A string, not a function: tsx would wrap a function's inner names in a helper the page lacks.
    await this.page.addInitScript(`
      window.acquireVsCodeApi = () => ({
        postMessage: (m) => void window.__toHost(m),
        getState: () => window.__state,
        setState: (s) => { window.__state = s; },
      });`);
    await this.page.exposeFunction('__toHost', (raw: unknown) => this.receive(raw));
  }

  private async receive(raw: unknown): Promise<void> {
    const checked = check(WebviewMessageSchema, raw, 'message');
    assert.ok(checked.ok, `the webview sent a message the host refuses: ${!checked.ok && checked.error}`);
    const m = checked.value;
    this.received.push(m);
    if (m.type === 'ready') await this.refresh();
    if (m.type === 'episode') {
      this.episode = m.episode;
      this.columns = m.columns;
      await this.ask({ what: 'episode', episode: m.episode, columns: m.columns, from: m.from, to: m.to });
    }
    if (m.type === 'step') await this.ask({ what: 'step', episode: m.episode, t: m.t });
  }

  async refresh(): Promise<void> {
    await this.ask({ what: 'all', episode: this.episode, columns: this.columns });
  }

  private async ask(p: Omit<PreviewParams, 'uri' | 'files'>): Promise<void> {
    const r = answer({ uri: 'file:///walk.reward', files: [], ...p }, this.spec);
    if (r.kind === 'preview') await this.post({ type: 'preview', overview: r.overview, view: r.view, stale: null });
    else if (r.kind === 'episode') await this.post({ type: 'episode', view: r.view });
    else if (r.kind === 'step') await this.post({ type: 'step', values: r.values });
    else if (r.kind === 'errors') await this.post({ type: 'stale', stale: { message: r.message, errors: r.errors } });
    else await this.post({ type: 'notice', message: r.message });
  }

  /** As the panel relays the server's answer: encoded, the payload untouched. */
  post(m: RelayedHostMessage): Promise<void> {
    return this.postRaw(RelayedHostMessageSchema.encode(m));
  }

  postRaw(wire: unknown): Promise<void> {
    return this.page.evaluate((w) => window.postMessage(w, '*'), wire);
  }
}

async function preview(spec: string): Promise<SpecPreview> {
  return previewText(readFileSync(spec, 'utf8'), 'walk.reward', [files.short, files.long]);
}

/** Hovers step t exactly: the mouse near it, then the arrow keys (a pixel holds many steps). */
async function hoverExactly(page: Page, t: number, steps: number): Promise<void> {
  const over = (await page.locator('.step-chart .u-over').boundingBox())!;
  await page.mouse.move(over.x + ((t + 0.5) / steps) * over.width, over.y + 40);
  await page.locator('.plots').focus();
  const shown = async () => Number(/^t = (\d+) /.exec((await page.locator('.hover h3').textContent()) ?? '')?.[1]);
  for (let now = await shown(); now !== t; now = await shown()) await page.keyboard.press(now < t ? 'ArrowRight' : 'ArrowLeft');
  await until(page, () => !!document.querySelector('.hover td[data-value]'), 'the hovered step\'s values');
}

const value = (page: Page, selector: string) => page.$eval(selector, (el) => Number(el.getAttribute('data-value')));
const returnCell = (page: Page, e: number) => page.locator(`tr[data-episode="${e}"] td.num[title]`).first().getAttribute('title');

/** The panel's page with the test host answering it, on the preview of SPEC, once its episodes are listed. */
async function openPanel(): Promise<{ page: Page; log: ReturnType<typeof watch>; host: TestHost }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, colorScheme: 'dark' });
  const log = watch(page);
  const host = new TestHost(page);
  host.spec = await preview(SPEC);
  await host.install();
  await page.goto(origin + '/');
  await page.waitForSelector('table.episodes tbody tr');
  return { page, log, host };
}

test('the webview renders what the host sends, asks for episodes and steps, and follows edits', async () => {
  const { page, log, host } = await openPanel();
  assert.deepEqual(host.received[0], { type: 'ready' });
  assert.equal(await page.locator('table.episodes tbody tr').count(), 3);
  assert.deepEqual(await page.$$eval('.legend.components vscode-checkbox', (els) => els.map((e) => e.getAttribute('data-component'))), ['errand', 'safe', '-0.01', '0.1 * effort', 'shaping phi']);
  assert.ok((await ink(page, '.step-chart canvas')).pixels > 0);
  assert.ok((await ink(page, 'canvas.lanes')).pixels > 0);

  // Select the long episode: the view asks for it; it comes downsampled; the hover asks for the exact step.
  const ev = await evalJson(SPEC, [files.short, files.long]);
  await page.locator('tr[data-episode="2"]').click();
  await until(page, () => /columns of/.test(document.querySelector('.plots h3')?.textContent ?? ''), 'the long episode, downsampled');
  const asked = host.received.find((m) => m.type === 'episode' && m.episode === 2);
  assert.ok(asked && asked.type === 'episode' && asked.columns >= 50 && asked.columns < 2000, JSON.stringify(asked));
  const over = (await page.locator('.step-chart .u-over').boundingBox())!;
  await page.mouse.move(over.x + over.width * 0.3, over.y + 40);
  await until(page, () => !!document.querySelector('.hover td[data-value]'), 'the hovered step\'s values');
  const t = Number(/^t = (\d+) /.exec((await page.locator('.hover h3').textContent()) ?? '')?.[1]);
  assert.ok(host.received.some((m) => m.type === 'step' && m.episode === 2 && m.t === t), 'the step was asked for');
  const row = ev.steps.find((r) => r.episode === 2 && r.t === t)!;
  assert.equal((await value(page, 'tr[data-variant="main"] td:nth-of-type(1)')) + 0, row.reward + 0);
  for (const [key, x] of Object.entries(row.components)) assert.equal((await value(page, `tr[data-component="${key}"] td[data-value]`)) + 0, x + 0, key);
  assert.equal(await page.locator('tr[data-machine="errand"] td').textContent(), row.machines.errand);

  // Toggle a component: the chart changes and the choice is saved in the webview state.
  const before = await ink(page, '.step-chart canvas');
  await page.locator('vscode-checkbox[data-component="shaping phi"]').click();
  await until(page, () => !!document.querySelector('.hover tr.hidden-item[data-component="shaping phi"]'), 'shaping phi hidden');
  assert.notEqual((await ink(page, '.step-chart canvas')).hash, before.hash);
  assert.deepEqual(await page.evaluate(() => (window as unknown as { __state: unknown }).__state), { episode: 2, variant: 'main', hidden: { main: ['shaping phi'] } });
  await page.screenshot({ path: join(artifactsDir(), 'webview-dark.png'), fullPage: true });

  // The code lens of another reward block: its components.
  await host.post({ type: 'variant', name: 'sparse' });
  await until(page, () => document.querySelectorAll('.legend.components vscode-checkbox').length === 2, 'the components of sparse');
  await host.post({ type: 'variant', name: 'main' });
  await until(page, () => document.querySelectorAll('.legend.components vscode-checkbox').length === 5, 'the components of main again');

  // An edit: the errand pays 5 instead of 1; the host sends the new preview, the view follows,
  // the hovered step included.
  const edited = await evalJson(EDITED, [files.short, files.long]);
  const pays = edited.steps.find((r) => r.episode === 2 && r.components.errand !== 0)!;
  await hoverExactly(page, pays.t, 20_000);
  assert.equal(await value(page, 'tr[data-component="errand"] td[data-value]'), 1);
  const old = await returnCell(page, 0);
  host.spec = await preview(EDITED);
  await host.refresh();
  await page.waitForFunction((o) => document.querySelector('tr[data-episode="0"] td.num[title]')?.getAttribute('title') !== o, old);
  assert.equal(Number(await returnCell(page, 0)), Math.round(edited.episodes[0].return * 1e9) / 1e9);
  assert.notEqual(await returnCell(page, 0), old);
  assert.match((await page.locator('.detail h2').textContent()) ?? '', /^Episode 2 /, 'the selected episode stays');
  await until(page, () => document.querySelector('tr[data-component="errand"] td[data-value]')?.getAttribute('data-value') === '5', 'the hovered step\'s new value');
  assert.equal(pays.components.errand, 5);
  assert.equal((await value(page, 'tr[data-variant="main"] td:nth-of-type(1)')) + 0, pays.reward + 0);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowLeft');
  await until(page, () => !!document.querySelector('.hover td[data-value]'), 'the same step again');
  assert.equal(await value(page, 'tr[data-component="errand"] td[data-value]'), 5);

  // A spec with errors: the last good preview stays, under a banner that links to the problems.
  host.spec = await previewText('discount 2\nreward main { 1 }\n', 'walk.reward', [files.short]);
  await host.refresh();
  await page.waitForSelector('.banner:not([hidden])');
  assert.match((await page.locator('.banner').textContent()) ?? '', /walk\.reward has 1 error \(first, line 1: invalid-discount: .* — showing the last good preview/);
  assert.equal(await page.locator('table.episodes tbody tr').count(), 3);
  await page.screenshot({ path: join(artifactsDir(), 'webview-stale.png'), fullPage: true });
  await page.locator('.banner button.link').click();
  await new Promise((r) => setTimeout(r, 100));
  assert.ok(host.received.some((m) => m.type === 'showProblems'));
  host.spec = await preview(SPEC);
  await host.refresh();
  await page.waitForSelector('.banner[hidden]', { state: 'attached' });

  // A message of the wrong shape is ignored, not obeyed.
  await host.postRaw({ type: 'preview', overview: 5, view: null, stale: null });
  await host.postRaw({ type: 'exec', code: 'document.body.remove()' });
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(await page.locator('table.episodes tbody tr').count(), 3);

  // Keyboard: the selected row has the focus; ArrowUp selects the episode above.
  await page.locator('tr[data-episode="2"]').focus();
  await page.keyboard.press('ArrowUp');
  await until(page, () => /^Episode 1 /.test(document.querySelector('.detail h2')?.textContent ?? ''), 'episode 1 by keyboard');
  assert.ok(host.received.some((m) => m.type === 'episode' && m.episode === 1));
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-episode')), '1');

  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.csp, [], 'the bundle, uPlot and the elements run under the strict policy');

  // The same policy refuses an injected inline script.
  const injected = await page.evaluate(async () => {
    const s = document.createElement('script');
    s.textContent = 'window.pwned = 1';
    document.body.append(s);
    await new Promise((r) => setTimeout(r, 100));
    return (window as unknown as { pwned?: number }).pwned;
  });
  assert.equal(injected, undefined);
  assert.ok(log.csp.some((m) => /script-src/.test(m)));
  await page.close();
});

test('a zoom asks the server for the steps shown, in finer columns, and the hover stays exact', async () => {
  const { page, log, host } = await openPanel();
  const ev = await evalJson(SPEC, [files.short, files.long]);
  await page.locator('tr[data-episode="2"]').click();
  await until(page, () => /columns of/.test(document.querySelector('.plots h3')?.textContent ?? ''), 'the long episode, downsampled');
  const title = async () => (await page.locator('.plots h3').first().textContent()) ?? '';
  const perColumn = (s: string) => Number(/columns of (\d+)\+ steps/.exec(s)?.[1] ?? 1);
  const whole = perColumn(await title());

  // + around the hovered step: the webview asks for a quarter of the steps, in as many columns.
  const over = (await page.locator('.step-chart .u-over').boundingBox())!;
  await page.mouse.move(over.x + over.width * 0.6, over.y + 40);
  await until(page, () => !!document.querySelector('.hover td[data-value]'), 'a hovered step');
  await page.locator('.plots').focus();
  await page.keyboard.press('+');
  await until(page, () => /steps \d+–\d+ of 20000/.test(document.querySelector('.plots h3')?.textContent ?? ''), 'the zoomed view');
  const asked = host.received.filter((m) => m.type === 'episode' && m.episode === 2 && m.from !== undefined);
  assert.equal(asked.length, 1, JSON.stringify(asked));
  const z = asked[0] as Extract<WebviewMessage, { type: 'episode' }>;
  assert.equal(z.to! - z.from!, 5000);
  assert.ok(z.from! > 0 && z.to! < 20_000);
  assert.match(await title(), new RegExp(`steps ${z.from}–${z.to! - 1} of 20000`));
  assert.ok(perColumn(await title()) < whole / 2, `finer columns: ${await title()} after ${whole} steps each`);

  // Twice more: every step has its column, and the hover reads them without asking.
  await page.keyboard.press('+');
  await until(page, () => /steps \d+–\d+ of 20000 · \d+ columns/.test(document.querySelector('.plots h3')?.textContent ?? ''), 'zoomed twice');
  await page.keyboard.press('+');
  await until(page, () => !/columns of/.test(document.querySelector('.plots h3')?.textContent ?? ''), 'one column per step');
  const shownRange = /steps (\d+)–(\d+) of/.exec(await title())!.slice(1).map(Number);
  assert.ok(shownRange[1] - shownRange[0] + 1 <= 320, await title());
  const stepsAsked = host.received.filter((m) => m.type === 'step').length;
  await page.keyboard.press('ArrowRight');
  await until(page, () => !!document.querySelector('.hover td[data-value]'), 'the next step\'s values');
  const t = Number(/^t = (\d+) /.exec((await page.locator('.hover h3').textContent()) ?? '')?.[1]);
  assert.ok(t >= shownRange[0] && t <= shownRange[1]);
  const row = ev.steps.find((r) => r.episode === 2 && r.t === t)!;
  assert.equal((await value(page, 'tr[data-variant="main"] td:nth-of-type(1)')) + 0, row.reward + 0);
  for (const [key, x] of Object.entries(row.components)) assert.equal((await value(page, `tr[data-component="${key}"] td[data-value]`)) + 0, x + 0, key);
  assert.equal(host.received.filter((m) => m.type === 'step').length, stepsAsked, 'an exact view answers the hover itself');

  // An edit while zoomed: the new preview comes for all steps, the webview asks for its zoom again.
  host.spec = await preview(EDITED);
  await host.refresh();
  await until(page, () => /steps \d+–\d+ of 20000/.test(document.querySelector('.plots h3')?.textContent ?? ''), 'still zoomed after the edit');
  const again = host.received.filter((m) => m.type === 'episode' && m.from === shownRange[0]);
  assert.ok(again.length >= 2, 'the zoomed steps asked for again');

  // The button shows all steps again.
  await page.locator('.plots h3 button.reset-zoom').click();
  await until(page, () => !/steps \d+–/.test(document.querySelector('.plots h3')?.textContent ?? ''), 'all steps');
  assert.equal(perColumn(await title()), whole);
  assert.deepEqual(log.errors, []);
  await page.close();
});

test('with no data yet the webview says so, and a notice from the host is shown', async () => {
  const page = await browser.newPage({ viewport: { width: 900, height: 500 } });
  const log = watch(page);
  const host = new TestHost(page);
  host.spec = { kind: 'errors', errors: 2, message: 'walk.reward has 2 errors (first, line 3: undefined-name: ...)' };
  await host.install();
  await page.goto(origin + '/');
  await page.waitForSelector('.notice:not([hidden])');
  assert.match((await page.locator('.notice').textContent()) ?? '', /Computing the preview/);
  await host.post({ type: 'notice', message: 'No trajectory files: set rewardsmith.trajectories (glob patterns) or pick files.' });
  await until(page, () => /No trajectory files/.test(document.querySelector('.notice')?.textContent ?? ''), 'the notice');
  await page.locator('.notice vscode-button').click();
  await new Promise((r) => setTimeout(r, 100));
  assert.ok(host.received.some((m) => m.type === 'pickTrajectories'));
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.csp, []);
  await page.close();
});
