// "Variants compared" in the webview (LANGUAGE.md section 12, issue 16): the EPIC distance of
// every pair beside the returns, a matrix with more than two variants, the pairs that differ
// only by shaping, and each variant's fit to the preference labels of `rewardsmith.preferences`.
// The page is the panel's (client/src/preview/html.ts) in headless Chromium; the host answers
// with the language server's own code.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { RelayedHostMessageSchema } from '../../protocol/webview';
import { analyze } from '../../server/src/analysis/analyze';
import { compareFiles } from '../../server/src/compare/compare-files';
import { parsePreferences } from '../../server/src/compare/preferences';
import { answer } from '../../server/src/lsp/preview-request';
import { previewText } from '../../server/src/preview/compute';
import { writeFiles } from '../compare/run-compare';
import { launch, servePanel, until, watch, type Served } from './browser';

const SPEC = `
discount 0.9
signal x: number
action u: number
term r0 = x * u - abs(x' - 2)
potential phi = x * x
reward base { r0 }
reward shaped { r0; shaping phi }
reward other { (x' * u) }
`;

const records = [[1, 2, 0.5, 3], [0, -1, 1, 2], [3, 1, -1, 0], [2, 2, 0.5, -2]].flatMap((xs, e) =>
  xs.map((x, t) => (t < xs.length - 1 ? { episode: e, x, action: ((t + e) % 3) - 1 } : { episode: e, x, truncated: true })));
const LABELS = '{"a": 0, "b": 1, "prefer": "b"}\n{"a": 2, "b": 3, "prefer": "a"}\n{"a": 1, "b": 3, "prefer": "equal"}\nnot json\n';

let browser: Browser;
let panel: Served;
let origin: string;

before(async () => {
  panel = await servePanel();
  origin = panel.origin;
  browser = await launch();
});
after(async () => {
  await browser?.close();
  panel?.close();
});

test('Variants compared shows EPIC beside the returns, a matrix, shaping-only pairs and the preference fits', async () => {
  const { paths } = writeFiles({ 't.jsonl': records, 'prefs.jsonl': LABELS });
  const [traj, prefs] = paths;
  const spec = await previewText(SPEC, 'walk.reward', [traj], [{ file: prefs, text: LABELS }]);
  assert.equal(spec.kind, 'store');
  // What `reward compare` prints for the same files: the preview shows the same numbers.
  const model = analyze(SPEC).model;
  const { result } = await compareFiles(model, 'walk.reward', SPEC, [traj], { preferences: (n) => parsePreferences(LABELS, prefs, n) });
  const epic = (a: string, b: string) => result.pairs.find((p) => p.a === a && p.b === b)!.epic!;

  const page = await browser.newPage({ viewport: { width: 1200, height: 1400 }, colorScheme: 'dark' });
  const log = watch(page);
  await page.addInitScript(`window.acquireVsCodeApi = () => ({ postMessage: (m) => void window.__toHost(m), getState: () => undefined, setState: () => {} });`);
  await page.exposeFunction('__toHost', async (m: { type: string }) => {
    if (m.type !== 'ready') return;
    const r = answer({ uri: 'file:///walk.reward', files: [traj], preferences: [prefs], what: 'all', episode: 0, columns: 800 }, spec);
    assert.equal(r.kind, 'preview');
    if (r.kind !== 'preview') return;
    const wire: unknown = RelayedHostMessageSchema.encode({ type: 'preview', overview: r.overview, view: r.view, stale: null });
    await page.evaluate((w) => window.postMessage(w, '*'), wire);
  });
  await page.goto(origin + '/');
  await until(page, () => !!document.querySelector('.compare table.pairs tbody tr'), 'the pairs table');

  // One row per pair, the EPIC distance beside Spearman's rho, with a hover that explains it.
  const rows: (string | null | undefined)[][] = await page.$$eval('.compare table.pairs tbody tr', (trs) => trs.map((tr): (string | null | undefined)[] => [tr.getAttribute('data-pair'), tr.querySelector('td.epic')?.textContent, tr.querySelector('td.epic')?.getAttribute('title')]));
  assert.deepEqual(rows.map((r) => r[0]), ['base/shaped', 'base/other', 'shaped/other']);
  assert.equal(rows[0][1], '0.000 shaping only');
  assert.equal(rows[1][1], epic('base', 'other').toFixed(3));
  assert.equal(rows[2][1], epic('shaped', 'other').toFixed(3));
  assert.match(rows[1][2]!, /EPIC distance.*0: the same reward up to potential shaping and a positive scale.*1: one is the negation/);
  assert.match(await page.$eval('.compare th[title]', (th) => th.getAttribute('title')!), /EPIC distance/);
  assert.match(await page.$eval('.compare p.shaping-only', (p) => p.textContent!), /base and shaped differ only by shaping items: the same optimal policies; EPIC distance 0\./);

  // Three variants: the matrix, symmetric, 0 on its diagonal.
  const matrix: (string | null)[][] = await page.$$eval('.compare table.epic-matrix tbody tr', (trs) => trs.map((tr): (string | null)[] => Array.from(tr.querySelectorAll('td'), (td): string | null => td.textContent)));
  assert.deepEqual(matrix.map((r) => r.length), [3, 3, 3]);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) assert.equal(matrix[i][j], matrix[j][i]);
  assert.deepEqual([matrix[0][0], matrix[1][1], matrix[2][2]], ['0.000', '0.000', '0.000']);
  assert.equal(matrix[0][2], epic('base', 'other').toFixed(3));

  // The preference fits, per variant, as `reward compare --preferences` computes them.
  const fits: (string | null)[][] = await page.$$eval('.compare table.preferences tbody tr', (trs) => trs.map((tr): (string | null)[] => [tr.getAttribute('data-variant'), ...Array.from(tr.querySelectorAll('td'), (td): string | null => td.textContent)]));
  assert.deepEqual(fits.map((f) => f[0]), ['base', 'shaped', 'other']);
  for (const f of fits) {
    const want = result.preferences![f[0]!];
    assert.equal(f[1], want.agreement === null ? 'n/a' : want.agreement.toFixed(3));
    assert.equal(f[2], want.log_likelihood.toFixed(3));
    assert.equal(f[3], want.beta === null ? 'separated' : want.beta.toPrecision(3));
  }
  assert.match(await page.$eval('.compare div.preferences h3', (e) => e.textContent!), /3 labelled pairs from 1 file/);
  // The bad line is a problem of the preview, with its file and line.
  assert.ok(await page.$$eval('.problems li', (lis) => lis.some((li) => /prefs\.jsonl:4/.test(li.textContent ?? ''))));
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.csp, [], 'the shading goes through the CSSOM, which the policy allows');
  if (process.env.SCREENSHOT) await page.locator('.compare').screenshot({ path: process.env.SCREENSHOT });
  await page.close();
});
