// The preview at scale (issue 15, item 4): the report of the benchmark's 1,000,000-step episode
// is at most 3 times its reward series in base64 and still holds every value of every step
// exactly; in Chromium it draws a downsampled first view, the hover shows the exact values of
// any step, and a zoom fetches finer detail until every step has its own column.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { BENCH_SPEC } from '../../bench/src/gen/bench-spec';
import { writeJsonl } from '../../bench/src/gen/trajectory';
import type { PreviewStore } from '../../protocol/preview';
import { allSeries, stepValues } from '../../protocol/slices';
import { run } from '../../server/src/cli/preview';
import { previewText } from '../../server/src/preview/compute';
import { buildWebview, ink, launch, until, watch } from './browser';
import { readReportFile, type ReportFile } from './report-file';

const STEPS = 1_000_000;

let dir: string;
let bundle: string;
let browser: Browser;
let report: string;
let store: PreviewStore;
let file: ReportFile;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rewardsmith-preview-scale-'));
  bundle = await buildWebview();
  process.env.REWARDSMITH_WEBVIEW_DIR = bundle;
  const spec = join(dir, 'bench.reward');
  writeFileSync(spec, BENCH_SPEC);
  const traj = join(dir, 'episode.jsonl');
  await writeJsonl(traj, { steps: STEPS, episodeSteps: STEPS, seed: 7 });
  report = join(dir, 'report.html');
  const errors: string[] = [];
  assert.equal(await run([spec, traj, '-o', report], { out: () => {}, err: (s) => errors.push(s), stdout: process.stdout }), 0, errors.join('\n'));
  // What the language server would hold: the same evaluator, every series in memory.
  const r = await previewText(BENCH_SPEC, spec, [traj]);
  assert.equal(r.kind, 'store');
  store = (r as { store: PreviewStore }).store;
  file = readReportFile(report);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(bundle, { recursive: true, force: true });
});

test('the report of a 1,000,000-step episode is at most 3 times its reward series in base64, and holds every value of every step', () => {
  const rawSeries = Math.ceil((8 * STEPS) / 3) * 4;
  assert.ok(file.bytes <= 3 * rawSeries, `${file.bytes} bytes against ${rawSeries} for the reward series`);
  assert.equal(file.data.detail.steps, STEPS);
  const first = file.data.first!;
  assert.equal(first.exact, false);
  assert.equal(first.start.length, 1600, 'the first view is downsampled');
  const written = allSeries(file.source);
  const held = allSeries<ArrayLike<number>>(store);
  assert.equal(written.length, held.length);
  assert.ok(held.length >= 10);
  written.forEach((w, k) => {
    const a = w.subarray(0, STEPS);
    const b = held[k];
    assert.equal(a.length, b.length);
    for (let i = 0; i < b.length; i++) if (!Object.is(a[i], b[i])) assert.fail(`series ${k}, step ${i}: ${a[i]} in the report, ${b[i]} evaluated`);
  });
});

async function shown(page: Page): Promise<number> {
  await until(page, () => !!document.querySelector('.hover td[data-value]'), 'the hovered step\'s values', 30_000);
  return Number(/^t = (\d+) /.exec((await page.locator('.hover h3').textContent()) ?? '')?.[1]);
}

/** The hover panel shows exactly the values of step t, as evaluated. */
async function assertHoverIs(page: Page, t: number): Promise<void> {
  const x = stepValues(store, 0, t);
  const value = (selector: string) => page.$eval(selector, (el) => el.getAttribute('data-value'));
  assert.equal(await value('tr[data-variant="main"] td:nth-of-type(1)'), String(x.reward[0]), `reward at ${t}`);
  assert.equal(await value('tr[data-variant="main"] td:nth-of-type(2)'), String(x.cumulative[0]), `return so far at ${t}`);
  assert.equal(await value('tr[data-variant="main"] td:nth-of-type(3)'), String(x.discounted[0]), `discounted return so far at ${t}`);
  const keys = store.meta.variants[0].components.map((c) => c.key);
  for (let k = 0; k < keys.length; k++) assert.equal(await value(`tr[data-component="${keys[k]}"] td[data-value]`), String(x.components[0][k]), `${keys[k]} at ${t}`);
  assert.equal(await page.locator('tr[data-machine="task"] td').textContent(), x.machines[0]);
  assert.equal(await page.locator('tr[data-ltl="careful"] td').textContent(), x.ltl[0]);
  for (let p = 0; p < store.meta.props.length; p++) assert.equal(await page.locator(`[data-prop="${store.meta.props[p]}"]`).getAttribute('class'), x.props[p] ? 'prop on' : 'prop off');
}

const title = (page: Page) => page.locator('.plots h3').first().textContent().then((s) => s ?? '');
const perColumn = (s: string) => Number(/columns of (\d+)\+ steps/.exec(s)?.[1] ?? 1);

test('in Chromium the hover shows the exact values of any step, and a zoom fetches finer detail down to single steps', { timeout: 180_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const log = watch(page);
  await page.goto(`file://${report}`);
  await page.waitForSelector('.step-chart .u-over');
  assert.ok((await ink(page, '.step-chart canvas')).pixels > 0);
  assert.match(await title(page), /1600 columns of 625\+ steps, min\/max/);
  const box = (await page.locator('.step-chart .u-over').boundingBox())!;
  const xOf = (t: number, from: number, to: number) => box.x + ((t + 0.5 - from) / (to - from)) * box.width;

  // Anywhere in the million steps: the values of the step under the mouse, exactly.
  for (const aim of [0, 333_333, 654_321, STEPS - 1]) {
    await page.mouse.move(xOf(aim, 0, STEPS), box.y + box.height / 2);
    await until(page, () => document.querySelector('.hover h3')?.textContent?.startsWith('t = ') ?? false, 'a hovered step');
    const t = await shown(page);
    assert.ok(Math.abs(t - aim) <= 2 * Math.ceil(STEPS / box.width), `hovered ${t}, aimed at ${aim}`);
    await assertHoverIs(page, t);
  }
  // The keyboard reaches the last step exactly.
  await page.locator('.plots').focus();
  await page.keyboard.press('End');
  await page.waitForFunction((n) => document.querySelector('.hover h3')?.textContent === `t = ${n - 1} · step ${n} of ${n}`, STEPS);
  assert.equal(await shown(page), STEPS - 1);
  await assertHoverIs(page, STEPS - 1);

  // Drag across 40 pixels around step 500,000: those steps, in finer columns.
  const before = await ink(page, '.step-chart canvas');
  const x0 = xOf(500_000, 0, STEPS);
  await page.mouse.move(x0, box.y + 60);
  await page.mouse.down();
  await page.mouse.move(x0 + 40, box.y + 60, { steps: 5 });
  await page.mouse.up();
  await until(page, () => /steps \d+–\d+ of 1000000/.test(document.querySelector('.plots h3')?.textContent ?? ''), 'the zoomed view', 30_000);
  const zoomed = await title(page);
  const [, a, b] = /steps (\d+)–(\d+) of/.exec(zoomed)!.map(Number);
  const dragged = (40 / box.width) * STEPS;
  assert.ok(a <= 500_000 + STEPS / box.width && b > 500_000 && b - a > 0.8 * dragged && b - a < 1.25 * dragged, `${zoomed}: about ${dragged} steps`);
  assert.ok(perColumn(zoomed) <= Math.ceil((b - a + 1) / (0.9 * box.width)) && perColumn(zoomed) < 625 / 10, `finer columns: ${zoomed}`);
  assert.notEqual((await ink(page, '.step-chart canvas')).hash, before.hash, 'the zoomed chart is another picture');

  // + zooms in four times around the hovered step until every step has its column.
  await page.mouse.move(box.x + box.width / 2, box.y + 60);
  await page.locator('.plots').focus();
  for (let i = 0; i < 8 && /columns of/.test(await title(page)); i++) {
    const was = await title(page);
    await page.keyboard.press('+'); // the charts keep the focus while they are drawn anew
    await page.waitForFunction((w) => document.querySelector('.plots h3')?.textContent !== w, was, { timeout: 30_000 });
  }
  const exact = await title(page);
  assert.doesNotMatch(exact, /columns of/, 'one column per step');
  const [, c, d] = /steps (\d+)–(\d+) of/.exec(exact)!.map(Number);
  assert.ok(c >= a && d <= b, `inside the first zoom: ${exact}`);
  await page.mouse.move(xOf(Math.floor((c + d) / 2), c, d + 1), box.y + 60);
  const t = await shown(page);
  assert.ok(t >= c && t <= d);
  await assertHoverIs(page, t);

  // 0 shows all the steps again.
  await page.keyboard.press('0');
  await until(page, () => !/steps \d+–/.test(document.querySelector('.plots h3')?.textContent ?? ''), 'all steps again', 30_000);
  assert.match(await title(page), /columns of/);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.csp, []);
  await page.close();
});
