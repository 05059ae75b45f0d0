// `reward/preview` over a real LSP connection to the bundled server (test/lsp/client.ts):
// the preview of the open document, episodes and steps from the kept store, edits followed,
// a broken spec answered with its errors, bad params refused with a message.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { EpisodeViewSchema, PreviewOverviewSchema, StepValuesSchema, type EpisodeView, type PreviewOverview, type StepValues } from '../../protocol/preview';
import { PreviewRequest } from '../../protocol/requests';
import { check, decodeEncoded } from '../../protocol/schema';
import { startClient, type TestClient } from '../lsp/client';
import { evalJson } from './examples';
import { meaningKey } from '../../server/src/preview/meaning';
import { walkFiles, walkRecords } from './trajectories';

const SPEC = 'test/fixtures/preview/walk.reward';
let client: TestClient;
let files: ReturnType<typeof walkFiles>;

before(async () => {
  files = walkFiles(3000);
  client = await startClient();
});
after(async () => {
  await client?.stop();
  rmSync(files.dir, { recursive: true, force: true });
});

/** The answer, checked with the request's schema, its payload decoded as the webview does. */
type Decoded =
  | { kind: 'preview'; overview: PreviewOverview; view: EpisodeView | null }
  | { kind: 'episode'; view: EpisodeView }
  | { kind: 'step'; values: StepValues }
  | { kind: 'errors'; errors: number; message: string }
  | { kind: 'failed'; message: string };

async function ask(params: Record<string, unknown>): Promise<Decoded> {
  const checked = check(PreviewRequest.result, await client.request(PreviewRequest.method, params), 'result');
  assert.ok(checked.ok, !checked.ok ? checked.error : '');
  const r = checked.value;
  switch (r.kind) {
    case 'preview':
      return { kind: r.kind, overview: decodeEncoded(PreviewOverviewSchema, r.overview, 'overview'), view: r.view === null ? null : decodeEncoded(EpisodeViewSchema, r.view, 'view') };
    case 'episode':
      return { kind: r.kind, view: decodeEncoded(EpisodeViewSchema, r.view, 'view') };
    case 'step':
      return { kind: r.kind, values: decodeEncoded(StepValuesSchema, r.values, 'values') };
    default:
      return r;
  }
}

test('the server previews the open document and answers episodes and steps from it', async () => {
  const text = readFileSync(SPEC, 'utf8');
  const doc = client.open(text, 'walk.reward');
  const trajectories = [files.short, files.long];
  const ev = await evalJson(SPEC, trajectories);
  const all = await ask({ uri: doc.uri, files: trajectories, what: 'all', columns: 400 });
  assert.equal(all.kind, 'preview');
  if (all.kind !== 'preview') return;
  assert.deepEqual(Array.from(all.overview.returns[0]), ev.episodes.map((e) => e.return));
  assert.deepEqual(all.overview.meta.variants.map((v) => v.name), ['main', 'sparse']);
  assert.equal(all.view?.episode, 0);

  const episode = await ask({ uri: doc.uri, files: trajectories, what: 'episode', episode: 2, columns: 300 });
  assert.equal(episode.kind === 'episode' && episode.view.start.length, 300);
  const row = ev.steps.find((r) => r.episode === 2 && r.t === 1234)!;
  const step = await ask({ uri: doc.uri, files: trajectories, what: 'step', episode: 2, t: 1234 });
  assert.equal(step.kind, 'step');
  if (step.kind === 'step') {
    assert.equal(step.values.reward[0], row.reward);
    assert.deepEqual(Array.from(step.values.components[0], (x) => x + 0), Object.values(row.components));
  }

  // A zoom: steps 1000 to 1599 in the same 300 columns are finer; steps 1200 to 1259 are exact.
  const zoomed = await ask({ uri: doc.uri, files: trajectories, what: 'episode', episode: 2, columns: 300, from: 1000, to: 1600 });
  assert.ok(zoomed.kind === 'episode');
  assert.deepEqual([zoomed.view.from, zoomed.view.to, zoomed.view.exact, zoomed.view.start.length, zoomed.view.start[0], zoomed.view.start[1]], [1000, 1600, false, 300, 1000, 1002]);
  const exact = await ask({ uri: doc.uri, files: trajectories, what: 'episode', episode: 2, columns: 300, from: 1200, to: 1260 });
  assert.ok(exact.kind === 'episode' && exact.view.exact && exact.view.start.length === 60);
  const cumulative = (t: number) => ev.steps.filter((r) => r.episode === 2 && r.t <= t).reduce((a, r) => a + r.reward, 0);
  for (const t of [1200, 1234, 1259]) {
    const r = ev.steps.find((x) => x.episode === 2 && x.t === t)!;
    assert.equal(exact.view.reward[0].lo[t - 1200], r.reward, `reward at ${t}`);
    assert.ok(Math.abs(exact.view.cumulative[0].lo[t - 1200] - cumulative(t)) < 1e-9, `return so far at ${t}`);
  }

  // An edit: the next answer is the edited spec's.
  const at = text.indexOf('reward 1');
  const lines = text.slice(0, at).split('\n');
  const start = { line: lines.length - 1, character: lines[lines.length - 1].length + 'reward '.length };
  client.change(doc.uri, [{ range: { start, end: { line: start.line, character: start.character + 1 } }, text: '5' }]);
  const edited = await ask({ uri: doc.uri, files: trajectories, what: 'all' });
  assert.equal(edited.kind, 'preview');
  if (edited.kind === 'preview') assert.equal(edited.overview.returns[1][0], 7, 'sparse: 5 for the errand, 2 to come back');

  // A broken spec: its errors, for the client to keep the last good preview.
  client.change(doc.uri, [{ text: 'discount 2\nreward main { 1 }\n' }]);
  const broken = await ask({ uri: doc.uri, files: trajectories, what: 'all' });
  assert.deepEqual(broken, { kind: 'errors', errors: 1, message: broken.kind === 'errors' ? broken.message : '' });
  assert.match(broken.kind === 'errors' ? broken.message : '', /^walk\.reward has 1 error \(first, line 1: invalid-discount: /);
});

test('bad params and missing files are answered with a message, and the server stays up', async () => {
  const doc = client.open(readFileSync(SPEC, 'utf8'), 'walk2.reward');
  assert.deepEqual(await ask({ uri: doc.uri, files: 'a.jsonl', what: 'all' }), { kind: 'failed', message: 'reward/preview: params.files: expected an array, got "a.jsonl"' });
  const missing = await ask({ uri: doc.uri, files: ['/nonexistent/x.jsonl'], what: 'all' });
  assert.equal(missing.kind, 'failed');
  assert.match(missing.kind === 'failed' ? missing.message : '', /\/nonexistent\/x\.jsonl/);
  const step = await ask({ uri: doc.uri, files: [files.short], what: 'step', episode: 0, t: 999 });
  assert.deepEqual(step, { kind: 'failed', message: 'step 999 does not exist in episode 0 (it has 40 steps)' });
  const ok = await ask({ uri: doc.uri, files: [files.short], what: 'all' });
  assert.equal(ok.kind, 'preview');
  assert.deepEqual(client.errorsLogged(), []);
});

test('the preview is evaluated again when the meaning, the files or their stamps change, not on a comment or layout edit', async () => {
  // The trajectory is rewritten behind the server's back with the same size and time stamp:
  // an answer that still shows the old push was not evaluated again; one with the new push was.
  const file = join(files.dir, 'constant-push.jsonl');
  const write = (push: string) => {
    writeFileSync(file, walkRecords(40).replace(/"action":-?[0-9.]+/g, `"action":${push}`));
    utimesSync(file, 1_000_000_000, 1_000_000_000);
  };
  write('0.5');
  const text = readFileSync(SPEC, 'utf8');
  const doc = client.open(text, 'walk-meaning.reward');
  const mainReturn = async () => {
    const r = await ask({ uri: doc.uri, files: [file], what: 'all', columns: 50 });
    assert.equal(r.kind, 'preview', r.kind === 'failed' || r.kind === 'errors' ? r.message : '');
    return r.kind === 'preview' ? r.overview.returns[0][0] : NaN;
  };
  const before = await mainReturn();
  write('0.7');

  client.change(doc.uri, [{ text: `// a comment added above\n${text.replace('discount 0.95', '  discount   0.95   // and one beside')}\n\n\n` }]);
  assert.equal(await mainReturn(), before, 'a comment and layout edit is answered from the kept evaluation');

  client.change(doc.uri, [{ text: text.replace('-0.01', '-0.02') }]);
  const changed = await mainReturn();
  const steps = 40;
  assert.ok(Math.abs(changed - before - (steps * (-0.01 + 0.1 * (0.49 - 0.25)))) < 1e-9, `evaluated again on the new data and the new spec: ${before} then ${changed}`);

  // The same spec, the file touched: evaluated again (and the push changes back).
  write('0.5');
  utimesSync(file, 1_000_000_100, 1_000_000_100);
  assert.ok(Math.abs((await mainReturn()) - (before - steps * 0.01)) < 1e-9);
});

test('meaningKey: equal under comments, spaces and blank lines; different under any change of tokens', () => {
  const text = readFileSync(SPEC, 'utf8');
  const same = [
    `// header\n${text}`,
    text.replace('discount 0.95', 'discount 0.95 // the usual'),
    text.replace('signal x', '\n\n/* block\ncomment */\nsignal   x'),
    text.replace(/\n/g, '\n\n'),
    text.replace('reward sparse { errand; safe }', 'reward sparse {   errand;   safe   }'),
  ];
  for (const t of same) assert.equal(meaningKey(t), meaningKey(text), JSON.stringify(t.slice(0, 80)));
  const different = [text.replace('0.95', '0.96'), text.replace('reward 2', 'reward 3'), text.replace('x >= 18', 'x > 18'), text.replace('errand\n  safe', 'errand + safe'), `${text}reward extra { 1 }\n`, text.replace('prop lava', 'prop lava @')];
  for (const t of different) assert.notEqual(meaningKey(t), meaningKey(text));
});
