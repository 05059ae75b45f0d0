// Issues 8 (item 7) and 15 (item 4): the report of one 1M-step episode (`reward preview -o`),
// opened in headless Chromium, until its reward chart is drawn, against uPlot drawing the same
// per-step rewards raw in a page of its own (times in-page, from navigation start; runs
// alternate); the report's size against that raw page (the same series as base64 Float64);
// the peak memory of `reward preview` writing it; and, for information, how long a hover on
// the episode's last step takes to show its exact values (it decodes every reward chunk).
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { allSeries } from '../../../protocol/slices';
import { REPORT_DATA_ID, ReportDataSchema } from '../../../protocol/webview';
import type { EpisodeEnd } from '../../../server/src/data/episodes';
import { Runner } from '../../../server/src/eval/runner';
import { toColumns } from '../baseline/columns';
import { BENCH_SPEC, FIELDS } from '../gen/bench-spec';
import { jsonlLines, writeJsonl } from '../gen/trajectory';
import { runNode } from '../measure-process';
import { CLI, DIST, ROOT, tmpDir } from '../paths';
import { emit, isQuick, row } from '../row';
import { compileSpec } from '../spec';
import { median } from '../stats';

const quick = isQuick();
const STEPS = quick ? 10_000 : 1_000_000;
const RUNS = quick ? 2 : 3;
const dir = tmpDir('preview');
const shape = { steps: STEPS, episodeSteps: STEPS, seed: 7 };

const spec = join(dir, 'bench.reward');
writeFileSync(spec, BENCH_SPEC);
const traj = join(dir, `episode-${STEPS}.jsonl`);
if (!existsSync(traj)) await writeJsonl(traj, shape);

// The report, written by the bundled CLI with this run's webview bundle.
const report = join(dir, `report-${STEPS}.html`);
process.env.REWARDSMITH_WEBVIEW_DIR = DIST;
const written = runNode([CLI, 'preview', spec, traj, '-o', report]);
// The same command on a hundredth of the steps: what the memory costs without the steps.
const SMALL = STEPS / 100;
const smallShape = { steps: SMALL, episodeSteps: SMALL, seed: 7 };
const smallTraj = join(dir, `episode-${SMALL}.jsonl`);
if (!existsSync(smallTraj)) await writeJsonl(smallTraj, smallShape);
const smallReport = join(dir, `report-${SMALL}.html`);
const smallWritten = runNode([CLI, 'preview', spec, smallTraj, '-o', smallReport]);

// The reference page: the same rewards, computed by the evaluator, drawn raw by uPlot.
const rewards = rewardSeries();
const bundle = await build({ entryPoints: [join(ROOT, 'bench', 'src', 'browser', 'raw-uplot.ts')], bundle: true, write: false, outdir: dir, platform: 'browser', format: 'iife', target: 'es2022', logLevel: 'warning' });
const js = bundle.outputFiles.find((f) => f.path.endsWith('.js'))!.text;
const css = bundle.outputFiles.find((f) => f.path.endsWith('.css'))?.text ?? '';
const raw = join(dir, `raw-${STEPS}.html`);
writeFileSync(raw, `<!DOCTYPE html><html><head><meta charset="utf-8"><style>${css}</style></head><body>
<script type="application/octet-stream" id="series">${Buffer.from(rewards.buffer).toString('base64')}</script>
<script>${js.replace(/<\/script/gi, '<\\/script')}</script></body></html>`);

// Records the first animation frame at which `selector` holds a sized canvas, from the start.
const watcher = (selector: string) => `(() => {
  const check = () => {
    const c = document.querySelector(${JSON.stringify(selector)});
    if (c && c.width > 0 && c.height > 0) { window.__drawnAt = performance.now(); return; }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();`;

const browser: Browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

/** Opens the report, hovers its last step and waits until the hover shows that step's values. */
async function hoverLast(file: string): Promise<{ ms: number; t: number; nextMs: number }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(`file://${file}`, { timeout: 120_000 });
  await page.waitForSelector('.step-chart .u-over', { timeout: 120_000 });
  await page.locator('.plots').focus();
  const t0 = await page.evaluate(() => performance.now());
  await page.keyboard.press('End');
  await page.waitForFunction(() => !!document.querySelector('.hover td[data-value]'), undefined, { timeout: 120_000, polling: 20 });
  const ms = (await page.evaluate(() => performance.now())) - t0;
  const t = Number(/^t = (\d+) /.exec((await page.locator('.hover h3').textContent()) ?? '')?.[1]);
  // The step before: its chunks are decoded and the returns so far kept every 65,536 steps.
  const t1 = await page.evaluate(() => performance.now());
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction((n) => document.querySelector('.hover h3')?.textContent?.startsWith(`t = ${n} `) && !!document.querySelector('.hover td[data-value]'), t - 1, { timeout: 120_000, polling: 20 });
  const nextMs = (await page.evaluate(() => performance.now())) - t1;
  await page.close();
  return { ms, t, nextMs };
}

async function drawTime(file: string, selector: string): Promise<{ ms: number; ink: number }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.addInitScript(watcher(selector));
  await page.goto(`file://${file}`, { timeout: 120_000 });
  await page.waitForFunction(() => (window as unknown as { __drawnAt?: number }).__drawnAt !== undefined, undefined, { timeout: 120_000, polling: 100 });
  const ms = await page.evaluate(() => (window as unknown as { __drawnAt: number }).__drawnAt);
  // Something must have been drawn: count the canvas's painted pixels once, untimed.
  const ink = await page.$eval(selector, (c) => {
    const canvas = c as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) n++;
    return n;
  });
  await page.close();
  return { ms, ink };
}

const ours: { ms: number; ink: number }[] = [];
const theirs: { ms: number; ink: number }[] = [];
const hovers: { ms: number; t: number; nextMs: number }[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    ours.push(await drawTime(report, '.step-chart canvas'));
    theirs.push(await drawTime(raw, '.uplot canvas'));
  }
  hovers.push(await hoverLast(report));
} finally {
  await browser.close();
}
if (ours.some((r) => r.ink === 0) || theirs.some((r) => r.ink === 0)) throw new Error('a chart drew nothing');

const reportBytes = statSync(report).size;
const rawBytes = statSync(raw).size;
const bundleBytes = statSync(join(DIST, 'webview.js')).size + (existsSync(join(DIST, 'webview.css')) ? statSync(join(DIST, 'webview.css')).size : 0);
const { detail: detailChars, data: dataChars } = detailSize(report);
emit(row({
  suite: 'preview',
  what: `report of a ${STEPS.toLocaleString('en-US')}-step episode, until its reward chart is drawn (Chromium)`,
  figure: median(ours.map((r) => r.ms)),
  unit: 'ms',
  reference: median(theirs.map((r) => r.ms)),
  referenceWhat: 'uPlot drawing the same rewards raw',
  target: { on: 'ratio', op: '<=', value: 2 },
  why: () => `Before the first draw the page parses and compiles the webview bundle (${(bundleBytes / 1e3).toFixed(0)} kB: uPlot, @vscode-elements with lit, the app) and defines its elements: a fixed cost the raw page (uPlot alone) does not pay. A CDP CPU profile of the 10,000-step report (2026-12-03) shows it as most of the time to the first draw (V8 "(program)" time and element setup); the first view itself is decoded from the data block and drawn in tens of ms, the detail after the script is not read. At 1,000,000 steps the report draws before the raw page.`,
  detail: { steps: STEPS, runs: RUNS, reportMs: ours.map((r) => r.ms), rawMs: theirs.map((r) => r.ms) },
}));

emit(row({
  suite: 'preview',
  what: `size of the report of a ${STEPS.toLocaleString('en-US')}-step episode (every value of every step, exact)`,
  figure: reportBytes / 1e6,
  unit: 'MB',
  reference: rawBytes / 1e6,
  referenceWhat: 'the raw page: the reward series alone as base64 Float64',
  target: { on: 'ratio', op: '<=', value: 3 },
  why: () => `Of the report's ${(reportBytes / 1e6).toFixed(2)} MB, ${(detailChars / 1e6).toFixed(2)} MB are the per-step detail (${(detailChars / rawBytes).toFixed(2)} times the raw page) and ${((reportBytes - detailChars) / 1e6).toFixed(2)} MB the rest: the webview bundle (${(bundleBytes / 1e6).toFixed(2)} MB) and the data block with the first view in 1,600 columns (${(dataChars / 1e6).toFixed(2)} MB), fixed costs that dominate a short episode. Closing it for long episodes: fewer bytes per noisy value (the components that change every step compress to about 85% of their Float64 bytes).`,
  detail: { steps: STEPS, reportBytes, rawBytes, detailBytes: detailChars, dataBlockBytes: dataChars, bundleBytes, rewardFloat64Bytes: STEPS * 8 },
}));

emit(row({
  suite: 'preview',
  what: `peak RSS of reward preview -o on a ${STEPS.toLocaleString('en-US')}-step episode`,
  figure: written.maxRssMb,
  unit: 'MB',
  reference: smallWritten.maxRssMb,
  referenceWhat: `the same command on ${SMALL.toLocaleString('en-US')} steps`,
  target: { on: 'figure', op: '<=', value: 300 },
  why: () => `Peak RSS ${written.maxRssMb.toFixed(0)} MB: something holds per-step values beyond the compressed chunks the report writes.`,
  detail: {
    steps: STEPS,
    reportMb: reportBytes / 1e6,
    smallReportMb: statSync(smallReport).size / 1e6,
    memoryPerOutputByte: ((written.maxRssMb - smallWritten.maxRssMb) * 1e6) / (reportBytes - statSync(smallReport).size),
    cpuMs: written.cpuMs,
    smallCpuMs: smallWritten.cpuMs,
  },
}));

emit(row({
  suite: 'preview',
  what: `report of a ${STEPS.toLocaleString('en-US')}-step episode: hover on the last step until its exact values show (Chromium)`,
  figure: median(hovers.map((h) => h.ms)),
  unit: 'ms',
  detail: { steps: STEPS, hovered: hovers.map((h) => h.t), thenTheStepBeforeMs: hovers.map((h) => h.nextMs) },
}));
if (hovers.some((h) => h.t !== STEPS - 1)) throw new Error(`the hover showed step ${hovers.map((h) => h.t).join(', ')}, not ${STEPS - 1}`);

/** The bytes of the report's per-step detail, as its data block indexes them, and of the data block. */
function detailSize(file: string): { detail: number; data: number } {
  const html = readFileSync(file, 'latin1');
  const m = new RegExp(`<script type="application/json" id="${REPORT_DATA_ID}">(.*?)</script>`, 's').exec(html);
  if (!m) throw new Error(`${file}: no data block`);
  const d = ReportDataSchema.decode(JSON.parse(m[1]), 'report').detail;
  return { detail: allSeries(d).reduce((n, r) => n + r.bounds[r.bounds.length - 1], 0), data: m[1].length };
}

function rewardSeries(): Float64Array {
  const values = [...jsonlLines(shape)].map((l) => JSON.parse(l) as Record<string, unknown>);
  const c = toColumns(values);
  const program = compileSpec(BENCH_SPEC);
  const width = program.layout.width;
  const row = (i: number) => {
    const r = new Float64Array(width);
    FIELDS.forEach((f) => (r[program.layout.index.get(f)!] = c.values[f][i]));
    return r;
  };
  const runner = new Runner(program);
  const out = new Float64Array(c.steps);
  const end: EpisodeEnd = c.terminated[0] ? 'terminated' : 'truncated';
  let cur = row(0);
  for (let t = 0; t < c.steps; t++) {
    const next = row(t + 1);
    out[t] = runner.step(cur, next, t + 1 === c.steps ? end : null);
    cur = next;
  }
  return out;
}

