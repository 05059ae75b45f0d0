// Issue 8, item 7: the report of one 1M-step episode (`reward preview -o`), opened in headless
// Chromium, until its reward chart is drawn; against uPlot drawing the same per-step rewards
// raw in a page of its own. Times are in-page, from navigation start; runs alternate.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
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
try {
  for (let i = 0; i < RUNS; i++) {
    ours.push(await drawTime(report, '.step-chart canvas'));
    theirs.push(await drawTime(raw, '.uplot canvas'));
  }
} finally {
  await browser.close();
}
if (ours.some((r) => r.ink === 0) || theirs.some((r) => r.ink === 0)) throw new Error('a chart drew nothing');

emit(row({
  suite: 'preview',
  what: `report of a ${STEPS.toLocaleString('en-US')}-step episode, until its reward chart is drawn (Chromium)`,
  figure: median(ours.map((r) => r.ms)),
  unit: 'ms',
  reference: median(theirs.map((r) => r.ms)),
  referenceWhat: 'uPlot drawing the same rewards raw',
  target: { on: 'ratio', op: '<=', value: 2 },
  why: () => `The report embeds the whole store (every component, machine, formula and prop of every step: ${(statSync(report).size / 1e6).toFixed(0)} MB of HTML against ${(statSync(raw).size / 1e6).toFixed(0)} MB for one series), parses it with JSON.parse and decodes it before the first draw. Closing it: embed only the downsampled first view and decode the rest on demand.`,
  detail: { steps: STEPS, runs: RUNS, reportMs: ours.map((r) => r.ms), rawMs: theirs.map((r) => r.ms), reportBytes: statSync(report).size, rawBytes: statSync(raw).size, previewCliCpuMs: written.cpuMs, previewCliRssMb: written.maxRssMb },
}));

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

