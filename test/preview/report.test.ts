// The standalone report of every example, opened in Chromium: what is drawn, what the hover
// says (the numbers of `reward eval`), a component toggled, the CSP at work; screenshots go to
// test/artifacts/preview/.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { run } from '../../server/src/cli/preview';
import { artifactsDir, buildWebview, ink, launch, until, watch, type PageLog } from './browser';
import { evalJson, exampleName, examples, type EvalJson } from './examples';
import { walkFiles } from './trajectories';

let browser: Browser;
let bundle: string;
let out: string;

before(async () => {
  bundle = await buildWebview();
  process.env.REWARDSMITH_WEBVIEW_DIR = bundle;
  out = artifactsDir();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  rmSync(bundle, { recursive: true, force: true });
});

async function writeReport(spec: string, files: readonly string[], name: string): Promise<string> {
  const file = join(out, `${name}.html`);
  const errors: string[] = [];
  const code = await run([spec, ...files, '-o', file], { out: () => {}, err: (s) => errors.push(s), stdout: process.stdout });
  assert.equal(code, 0, errors.join('\n'));
  return resolve(file);
}

async function open(file: string, colorScheme: 'dark' | 'light' = 'dark'): Promise<{ page: Page; log: PageLog }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, colorScheme });
  const log = watch(page);
  await page.goto(`file://${file}`);
  await page.waitForSelector('table.episodes tbody tr');
  return { page, log };
}

/** Moves the mouse over step t of the selected episode; returns the step the hover shows (a pixel may hold many steps). */
async function hoverStep(page: Page, t: number, steps: number): Promise<number> {
  const box = (await page.locator('.step-chart .u-over').boundingBox())!;
  await page.mouse.move(box.x + ((t + 0.5) / steps) * box.width, box.y + box.height / 2);
  await until(page, () => !!document.querySelector('.hover td[data-value]'), 'hover values');
  const shown = Number(/^t = (\d+) /.exec((await page.locator('.hover h3').textContent()) ?? '')?.[1]);
  assert.ok(Math.abs(shown - t) <= Math.ceil(steps / box.width) + 1, `hovered step ${shown}, aimed at ${t}`);
  return shown;
}

const value = (page: Page, selector: string) => page.$eval(selector, (el) => Number(el.getAttribute('data-value')));
const same = (a: number, b: number) => a + 0 === b + 0;

test('the report of every example shows its episodes, charts and lanes, and the hover says what reward eval says', async () => {
  let toggled = 0;
  for (const ex of examples()) {
    const name = exampleName(ex.spec);
    const file = await writeReport(ex.spec, ex.trajectories, `report-${name}`);
    const { page, log } = await open(file);
    const evals: EvalJson[] = [];
    const variants = await page.$$eval('table.episodes th.variant', (ths) => ths.map((t) => t.textContent ?? ''));
    for (const v of variants) evals.push(await evalJson(ex.spec, ex.trajectories, v));
    const ev = evals[0];

    assert.equal(await page.locator('table.episodes tbody tr').count(), ev.episodes.length, `${name}: one row per episode`);
    for (const e of ev.episodes) {
      const title = await page.locator(`tr[data-episode="${e.episode}"] td.num[title]`).first().getAttribute('title');
      assert.equal(Number(title), Math.round(e.return * 1e9) / 1e9, `${name}: the list's return of episode ${e.episode}`);
    }
    const keys = ev.steps.length ? Object.keys(ev.steps[0].components) : [];
    assert.deepEqual(await page.$$eval('.legend.components vscode-checkbox', (els) => els.map((e) => e.getAttribute('data-component'))), keys, `${name}: legend entries`);
    assert.ok((await ink(page, '.step-chart canvas')).pixels > 0, `${name}: the reward chart draws`);
    assert.ok((await ink(page, '.returns-chart canvas')).pixels > 0, `${name}: the returns chart draws`);
    const declared = Object.keys(ev.steps[0]?.machines ?? {}).length + Object.keys(ev.steps[0]?.ltl ?? {}).length + Object.keys(ev.steps[0]?.props ?? {}).length;
    if (declared) assert.ok((await ink(page, 'canvas.lanes')).pixels > 0, `${name}: the lanes draw`);

    // The last episode, by keyboard.
    const last = ev.episodes[ev.episodes.length - 1];
    await page.locator('tr[data-episode="0"]').click();
    await page.keyboard.press('End');
    await until(page, () => !!document.querySelector('.detail h2')?.textContent?.startsWith('Episode') && !!document.querySelector('tr.selected:last-child'), 'the last episode selected');
    assert.match((await page.locator('.detail h2').textContent()) ?? '', new RegExp(`^Episode ${last.episode} `));
    await page.waitForSelector('.step-chart .u-over');

    const t = await hoverStep(page, Math.floor(last.steps / 2), last.steps);
    let sum = 0;
    for (const row of ev.steps) if (row.episode === last.episode && row.t <= t) sum += row.reward;
    const row = ev.steps.find((r) => r.episode === last.episode && r.t === t)!;
    for (let v = 0; v < variants.length; v++) {
      const other = evals[v].steps.find((r) => r.episode === last.episode && r.t === t)!;
      assert.ok(same(await value(page, `tr[data-variant="${variants[v]}"] td:nth-of-type(1)`), other.reward), `${name}: reward of ${variants[v]} at ${last.episode}/${t}`);
    }
    const hoverSum = await value(page, `tr[data-variant="${variants[0]}"] td:nth-of-type(2)`);
    assert.ok(Math.abs(hoverSum - sum) <= 1e-9 * Math.max(1, Math.abs(sum)), `${name}: return so far ${hoverSum} vs ${sum}`);
    for (const [key, x] of Object.entries(row.components)) {
      assert.ok(same(await value(page, `tr[data-component="${key}"] td[data-value]`), x), `${name}: component ${key} at ${last.episode}/${t}`);
    }
    for (const [m, state] of Object.entries(row.machines)) assert.equal(await page.locator(`tr[data-machine="${m}"] td`).textContent(), state);
    for (const [l, verdict] of Object.entries(row.ltl)) assert.equal(await page.locator(`tr[data-ltl="${l}"] td`).textContent(), verdict);
    for (const [p, on] of Object.entries(row.props)) assert.equal(await page.locator(`[data-prop="${p}"]`).getAttribute('class'), on ? 'prop on' : 'prop off');

    // Toggle a component that pays something in this episode: the chart changes.
    const paying = keys.find((k) => ev.steps.some((r) => r.episode === last.episode && r.components[k] !== 0));
    if (paying && keys.length > 1) {
      const before = await ink(page, '.step-chart canvas');
      await page.locator(`vscode-checkbox[data-component="${paying}"]`).click();
      await until(page, () => !!document.querySelector('.hover tr.hidden-item'), 'the component marked hidden');
      const afterToggle = await ink(page, '.step-chart canvas');
      assert.notEqual(afterToggle.hash, before.hash, `${name}: hiding ${paying} changes the chart`);
      assert.equal(await page.locator(`vscode-checkbox[data-component="${paying}"]`).evaluate((e) => (e as HTMLElement & { checked: boolean }).checked), false);
      assert.ok(same(await value(page, `tr[data-component="${paying}"] td[data-value]`), row.components[paying]), 'a hidden component still shows its value');
      toggled++;
    }
    await page.screenshot({ path: join(out, `report-${name}.png`), fullPage: true });
    assert.deepEqual(log.errors, [], `${name}: console errors`);
    assert.deepEqual(log.csp, [], `${name}: CSP violations`);
    await page.close();
  }
  assert.ok(toggled >= 5, `components toggled in ${toggled} examples`);
});

test('a long episode is drawn in columns, and the hover still shows the exact step', async () => {
  const files = walkFiles(20_000);
  try {
    const spec = 'test/fixtures/preview/walk.reward';
    const file = await writeReport(spec, [files.short, files.long], 'report-walk-long');
    const { page, log } = await open(file);
    const ev = await evalJson(spec, [files.short, files.long]);
    await page.locator('tr[data-episode="2"]').click();
    await until(page, () => /columns of/.test(document.querySelector('.plots h3')?.textContent ?? ''), 'a downsampled view');
    for (const aim of [0, 12_345, 19_999]) {
      const t = await hoverStep(page, aim, 20_000);
      const row = ev.steps.find((r) => r.episode === 2 && r.t === t)!;
      assert.ok(same(await value(page, 'tr[data-variant="main"] td:nth-of-type(1)'), row.reward), `reward at step ${t}`);
      for (const [key, x] of Object.entries(row.components)) assert.ok(same(await value(page, `tr[data-component="${key}"] td[data-value]`), x), `${key} at step ${t}`);
    }
    // Keyboard: the chart takes the focus, arrows move the hovered step by one.
    await page.locator('.plots').focus();
    await page.keyboard.press('End');
    // The last step: t counts from 0 as in reward eval, the ordinal from 1.
    await page.waitForFunction(() => document.querySelector('.hover h3')?.textContent === 't = 19999 · step 20000 of 20000');
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(() => document.querySelector('.hover h3')?.textContent?.startsWith('t = 19998 ') && !!document.querySelector('.hover td[data-value]'));
    const row = ev.steps.find((r) => r.episode === 2 && r.t === 19_998)!;
    assert.ok(same(await value(page, 'tr[data-variant="main"] td:nth-of-type(1)'), row.reward), 'reward at step 19998, by keyboard');
    await page.screenshot({ path: join(out, 'report-walk-long.png'), fullPage: true });
    assert.deepEqual(log.errors, []);
    assert.deepEqual(log.csp, []);
    await page.close();
  } finally {
    rmSync(files.dir, { recursive: true, force: true });
  }
});

test('the report\'s Content-Security-Policy blocks injected inline scripts and handlers', async () => {
  const file = await writeReport('examples/patrol.reward', ['examples/patrol.accepted.jsonl', 'examples/patrol.rejected.jsonl'], 'report-csp');
  const { page, log } = await open(file);
  const blocked = await page.evaluate(async () => {
    const w = window as unknown as { injected?: number; handled?: number };
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
    const s = document.createElement('script');
    s.textContent = 'window.injected = 1';
    document.body.append(s);
    const b = document.createElement('button');
    b.setAttribute('onclick', 'window.handled = 1');
    document.body.append(b);
    b.click();
    await new Promise((r) => setTimeout(r, 100));
    return { injected: w.injected, handled: w.handled, violations };
  });
  assert.equal(blocked.injected, undefined);
  assert.equal(blocked.handled, undefined);
  assert.ok(blocked.violations.filter((v) => v.startsWith('script-src')).length >= 2, JSON.stringify(blocked.violations));
  assert.ok(log.csp.length >= 2, 'Chromium reports the refusals');
  assert.deepEqual(log.errors, []);
  await page.close();
});

test('the report follows a light system theme', async () => {
  const file = await writeReport('examples/office-coffee.reward', ['examples/office-coffee.success.jsonl', 'examples/office-coffee.plant.jsonl', 'examples/office-coffee.truncated.jsonl'], 'report-light');
  const { page, log } = await open(file, 'light');
  await page.waitForSelector('.step-chart canvas');
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(background, 'rgb(255, 255, 255)');
  await hoverStep(page, 5, 15);
  await page.screenshot({ path: join(out, 'report-light.png'), fullPage: true });
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.csp, []);
  await page.close();
});

test('a report whose detail was damaged (one byte changed) says so, and still shows its first view', async () => {
  const file = await writeReport('examples/patrol.reward', ['examples/patrol.accepted.jsonl', 'examples/patrol.rejected.jsonl'], 'report-damaged');
  const bytes = readFileSync(file);
  const open0 = bytes.indexOf('<script type="application/octet-stream" id="rewardsmith-detail-0">');
  assert.ok(open0 > 0);
  const at = open0 + '<script type="application/octet-stream" id="rewardsmith-detail-0">'.length + 4;
  bytes[at] = bytes[at] === 0x41 ? 0x42 : 0x41;
  writeFileSync(file, bytes);
  const { page, log } = await open(file);
  await page.waitForSelector('.step-chart canvas');
  assert.ok((await ink(page, '.step-chart canvas')).pixels > 0, 'the first view is drawn from the data block');
  // Another episode needs the detail.
  await page.locator('tr[data-episode="1"]').click();
  await until(page, () => /This report's data is damaged \(rewardsmith-detail-0, chunk 0\)/.test(document.querySelector('.notice')?.textContent ?? ''), 'the notice');
  assert.deepEqual(log.errors, []);
  await page.close();
});
