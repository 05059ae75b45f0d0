// Datasets people already have, previewed: a Minari file and a D4RL file written by Debian's
// python3-h5py, and a LeRobot-style Parquet dataset, go through `reward preview` into one
// report that opens in Chromium with one row per episode (issue 6).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { run } from '../../server/src/cli/preview';
import { makeDatasetFixtures, type DatasetFixtures } from '../data/datasets-fixtures';
import { artifactsDir, buildWebview, launch, watch } from './browser';

let fx: DatasetFixtures;
let browser: Browser;
before(async () => {
  fx = makeDatasetFixtures();
  process.env.REWARDSMITH_WEBVIEW_DIR = await buildWebview();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  fx?.remove();
});

async function report(spec: string, files: readonly string[], name: string): Promise<string> {
  const specFile = join(fx.dir, `${name}.reward`);
  writeFileSync(specFile, spec);
  const file = resolve(join(artifactsDir(), `${name}.html`));
  const errors: string[] = [];
  const code = await run([specFile, ...files, '-o', file], { out: () => {}, err: (s) => errors.push(s), stdout: process.stdout });
  assert.equal(code, 0, errors.join('\n'));
  return file;
}

test('a Minari and a D4RL HDF5 file and a LeRobot dataset are previewed', async () => {
  const cases: [string, string, string[]][] = [
    ['datasets-minari', 'signal x: number = obs.pos[0]\naction r: number = reward\nreward main { (x\' - x) }\nreward logged { r }\n', [fx.path('minari-0.5')]],
    ['datasets-d4rl', 'signal x: number = obs[0]\naction r: number = reward\nreward main { (x\' - x) }\nreward logged { r }\n', [fx.path('d4rl.hdf5')]],
    ['datasets-lerobot', 'signal s: number = observation.state[0]\nreward main { (s\' - s) }\n', [fx.path('lerobot')]],
  ];
  for (const [name, spec, files] of cases) {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const log = watch(page);
    await page.goto(`file://${await report(spec, files, name)}`);
    await page.waitForSelector('table.episodes tbody tr');
    // Every record of the fixtures is readable by these specs: no problem, nothing skipped.
    const summary = (await page.innerText('body')).split('\n').slice(0, 3).join(' ');
    assert.match(summary, /\d+ episodes, \d+ steps/, name);
    assert.doesNotMatch(summary, /problem|skipped/, `${name}: ${summary}`);
    const rows = await page.locator('table.episodes tbody tr').count();
    assert.ok(rows >= 2, `${name}: ${rows} episode rows`);
    await page.screenshot({ path: join(artifactsDir(), `${name}.png`) });
    assert.deepEqual(log.errors, [], name);
    await page.close();
  }
});
