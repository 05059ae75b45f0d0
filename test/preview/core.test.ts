import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../../server/src/analysis/analyze';
import { computePreview, previewText } from '../../server/src/preview/compute';
import { comparePair, ranks, spearman } from '../../server/src/preview/rank';
import { PreviewStoreSchema, type PreviewStore } from '../../protocol/preview';
import { PreviewRequest } from '../../protocol/requests';
import { arr, check, decodeBase64, encodeBase64, f64, i32, i8, num, object, u8 } from '../../protocol/schema';
import { episodeView, ReturnCheckpoints, stepValues, type StepSource } from '../../protocol/slices';
import { HostMessageSchema, WebviewMessageSchema } from '../../protocol/webview';
import { overview } from '../../server/src/preview/view';
import { evalJson, examples } from './examples';
import { walkFiles } from './trajectories';

async function store(spec: string, files: readonly string[]): Promise<PreviewStore> {
  const r = await previewText(readFileSync(spec, 'utf8'), spec, files);
  assert.equal(r.kind, 'store', r.kind === 'errors' ? r.message : '');
  return (r as { store: PreviewStore }).store;
}

test('every example: each variant\'s steps, returns, machines, verdicts and props equal reward eval\'s', async () => {
  for (const ex of examples()) {
    const s = await store(ex.spec, ex.trajectories);
    for (let v = 0; v < s.meta.variants.length; v++) {
      const name = s.meta.variants[v].name;
      const ev = await evalJson(ex.spec, ex.trajectories, name);
      assert.equal(s.offsets.length - 1, ev.episodes.length, `${ex.name} ${name}: episodes`);
      for (const e of ev.episodes) {
        assert.equal(s.returns[v][e.episode], e.return, `${ex.name} ${name} episode ${e.episode}: return`);
        assert.equal(s.discounted[v][e.episode], e.discounted_return, `${ex.name} ${name} episode ${e.episode}: discounted`);
        assert.equal(s.terminated[e.episode] === 1, e.end === 'terminated');
      }
      let last = new Map<number, number>();
      for (const row of ev.steps) {
        const values = stepValues(s, row.episode, row.t);
        assert.equal(values.reward[v], row.reward, `${ex.name} ${name} ${row.episode}/${row.t}: reward`);
        // JSON prints -0 as 0.
        assert.deepEqual(Array.from(values.components[v], (x) => x + 0), Object.values(row.components), `${ex.name} ${name} ${row.episode}/${row.t}: components`);
        assert.deepEqual(s.meta.variants[v].components.map((c) => c.key), Object.keys(row.components));
        assert.deepEqual(values.machines, Object.values(row.machines));
        assert.deepEqual(values.ltl, Object.values(row.ltl));
        assert.deepEqual(values.props, Object.values(row.props));
        const sum = (last.get(row.episode) ?? 0) + row.reward;
        last.set(row.episode, sum);
        assert.equal(values.cumulative[v], sum, `${ex.name} ${name} ${row.episode}/${row.t}: return so far`);
      }
      for (const e of ev.episodes) {
        if (e.steps === 0) continue;
        const final = stepValues(s, e.episode, e.steps - 1);
        assert.equal(final.discounted[v], e.discounted_return, `${ex.name} ${name} episode ${e.episode}: discounted return so far at the last step`);
      }
      last = new Map();
    }
  }
});

test('components are sorted into task, auxiliary and shaping as the analyses read them', async () => {
  const kinds = async (spec: string, files: string[]) => (await store(spec, files)).meta.variants.map((v) => v.components.map((c) => `${c.key}:${c.kind}`));
  assert.deepEqual(await kinds('examples/office-coffee.reward', ['examples/office-coffee.success.jsonl']), [['deliver:task', 'shaping deliver discount 0.9:shaping'], ['deliver:task']]);
  const reacher = readFileSync('examples/reacher-control.reward', 'utf8');
  const tagged = (await kinds('examples/reacher-control.reward', ['examples/reacher-control.arm.csv']))[0];
  assert.ok(tagged.some((k) => k.endsWith(':task')) && tagged.some((k) => k.endsWith(':auxiliary')), `${tagged} (${reacher.length})`);
  // A reward with no task item is all task (CartPole's `1`).
  assert.deepEqual(await kinds('examples/gymnasium/cartpole-v1.reward', ['examples/gymnasium/cartpole-v1.random.jsonl']), [['1:task']]);
});

test('a spec with errors is not previewed: the message names the first error and its line', async () => {
  const r = await previewText('discount 2\nreward main { nothing }\n', 'bad.reward', []);
  assert.equal(r.kind, 'errors');
  if (r.kind !== 'errors') return;
  assert.ok(r.errors >= 1);
  assert.match(r.message, /^bad\.reward has \d+ errors? \(first, line 1: invalid-discount: /);
});

test('a problem in the data is listed with file, line and field, and the rest is previewed', async () => {
  const a = analyze(readFileSync('test/fixtures/preview/walk.reward', 'utf8'));
  const s = await computePreview(a.model, ['test/fixtures/preview/walk-bad.jsonl'], 'walk.reward');
  assert.equal(s.skipped, 1);
  assert.equal(s.problems.length, 1);
  assert.equal(s.problems[0].file, 'test/fixtures/preview/walk-bad.jsonl');
  assert.equal(s.problems[0].line, 3);
  assert.equal(s.problems[0].field, 'obs[0]');
  assert.equal(s.offsets.length - 1, 1);
});

test('ranks average ties; Spearman equals 1 - 6 sum d^2 / (n (n^2 - 1)) without ties', () => {
  assert.deepEqual(Array.from(ranks([10, 30, 20, 20])), [1, 4, 2.5, 2.5]);
  assert.equal(spearman([1, 2, 3], [30, 20, 10]), -1);
  assert.ok(Number.isNaN(spearman([1, 2, 3], [5, 5, 5])));
  fc.assert(
    fc.property(fc.uniqueArray(fc.integer(), { minLength: 2, maxLength: 30 }), fc.integer({ min: 0, max: 1000 }), (xs, seed) => {
      const ys = xs.map((_, i) => Math.sin(seed + i * 7.1) * 1e6 + i * 1e-3);
      const rx = ranks(xs);
      const ry = ranks(ys);
      const n = xs.length;
      let d2 = 0;
      for (let i = 0; i < n; i++) d2 += (rx[i] - ry[i]) ** 2;
      return Math.abs(spearman(xs, ys) - (1 - (6 * d2) / (n * (n * n - 1)))) < 1e-9;
    }),
  );
});

test('the most disagreeing episodes come first, with their rank gaps; NaN returns are left out', () => {
  const p = comparePair(0, 1, Float64Array.from([1, 2, 3, 4, NaN]), Float64Array.from([4, 2, 3, 1, 0]));
  assert.deepEqual(Array.from(p.disagreements), [0, 3]);
  assert.deepEqual(Array.from(p.gaps), [3, 3]);
  assert.ok(p.spearman < 0);
});

test('the variants are compared on discounted returns', async () => {
  const s = await store('examples/office-coffee.reward', ['examples/office-coffee.success.jsonl', 'examples/office-coffee.plant.jsonl', 'examples/office-coffee.truncated.jsonl']);
  const o = overview(s);
  assert.equal(o.pairs.length, 1);
  assert.equal(o.pairs[0].spearman, spearman(s.discounted[0], s.discounted[1]));
  assert.notEqual(o.pairs[0].spearman, spearman(s.returns[0], s.returns[1]));
});

test('a long episode is drawn in columns whose min and max bound every step, exact when it fits', async () => {
  const files = walkFiles(5000);
  const s = await store('test/fixtures/preview/walk.reward', [files.long]);
  rmSync(files.dir, { recursive: true, force: true });
  const steps = s.offsets[1] - s.offsets[0];
  assert.ok(steps > 1000);
  const exact = episodeView(s, 0, steps);
  assert.equal(exact.exact, true);
  assert.equal(exact.start.length, steps);
  const v = episodeView(s, 0, 100);
  assert.equal(v.exact, false);
  assert.equal(v.start.length, 100);
  for (let i = 0; i < 100; i++) {
    const end = i + 1 < 100 ? v.start[i + 1] : v.to;
    assert.ok(end > v.start[i]);
    let sawLo = false;
    let sawHi = false;
    for (let t = v.start[i]; t < end; t++) {
      const x = stepValues(s, 0, t);
      assert.ok(x.reward[0] >= v.reward[0].lo[i] && x.reward[0] <= v.reward[0].hi[i]);
      assert.ok(x.cumulative[0] >= v.cumulative[0].lo[i] && x.cumulative[0] <= v.cumulative[0].hi[i]);
      sawLo ||= x.reward[0] === v.reward[0].lo[i];
      sawHi ||= x.reward[0] === v.reward[0].hi[i];
      if (t === end - 1) assert.equal(s.meta.machines[0].states[v.machines[0][i]], x.machines[0]);
    }
    assert.ok(sawLo && sawHi, `column ${i}: its min and max are values of its steps`);
  }
  const window = episodeView(s, 0, 10, 500, 520);
  assert.equal(window.from, 500);
  assert.equal(window.to, 520);
  assert.equal(window.start[0], 500);
  assert.throws(() => stepValues(s, 0, steps), /^RangeError: step 5000 does not exist in episode 0 \(it has 5000 steps\)$/);
  assert.throws(() => episodeView(s, 3, 10), /^RangeError: episode 3 does not exist \(the preview has 1 episode\)$/);
});

test('typed arrays and non-finite numbers survive the wire form; bad base64 is refused', () => {
  const schema = object<{ a: Float64Array; b: Int32Array; c: readonly Uint8Array[]; d: Int8Array; n: number; i: number }>({ a: f64, b: i32, c: arr(u8), d: i8, n: num, i: num });
  fc.assert(
    fc.property(fc.array(fc.double()), fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })), fc.uint8Array(), (ds, is, bs) => {
      const value = { a: Float64Array.from(ds), b: Int32Array.from(is), c: [bs], d: Int8Array.from(bs), n: NaN, i: -Infinity };
      const back = schema.decode(JSON.parse(JSON.stringify(schema.encode(value))), 'v');
      assert.deepEqual(back, value);
      return true;
    }),
  );
  fc.assert(fc.property(fc.uint8Array({ maxLength: 50 }), (bs) => Buffer.from(encodeBase64(bs)).toString() === Buffer.from(bs).toString('base64')));
  assert.equal(decodeBase64('ab$='), undefined);
  assert.deepEqual(check(f64, 'AAA=', 'x'), { ok: false, error: 'x: expected a Float64Array (base64), got 2 bytes' });
  assert.deepEqual(check(num, 'nan', 'x'), { ok: false, error: 'x: expected a number, got "nan"' });
});

test('messages from the webview are checked field by field', () => {
  const checkWebviewMessage = (m: unknown) => check(WebviewMessageSchema, m, 'message');
  const checkPreviewParams = (m: unknown) => check(PreviewRequest.params, m, 'params');
  assert.deepEqual(checkWebviewMessage({ type: 'episode', episode: 2, columns: 800 }), { ok: true, value: { type: 'episode', episode: 2, columns: 800 } });
  assert.deepEqual(checkWebviewMessage({ type: 'step', episode: 0, t: -1 }), { ok: false, error: 'message.t: expected an integer >= 0, got -1' });
  assert.deepEqual(checkWebviewMessage({ type: 'run', code: 'alert(1)' }), { ok: false, error: 'message.type: expected one of ready, episode, step, showProblems, pickTrajectories, got "run"' });
  assert.equal(checkWebviewMessage('ready').ok, false);
  assert.equal(checkWebviewMessage({ type: 'episode', episode: 1, columns: 0 }).ok, false);
  assert.deepEqual(checkWebviewMessage({ type: 'ready', extra: 'dropped' }), { ok: true, value: { type: 'ready' } });
  assert.equal(checkPreviewParams({ uri: 'file:///a.reward', files: ['a.jsonl'], what: 'all' }).ok, true);
  assert.deepEqual(checkPreviewParams({ uri: 'file:///a.reward', files: [3], what: 'all' }), { ok: false, error: 'params.files[0]: expected a string, got 3' });
});

test('messages from the host are checked, typed arrays and lengths included', async () => {
  const s = await store('examples/patrol.reward', ['examples/patrol.accepted.jsonl']);
  const message = { type: 'preview', overview: overview(s), view: episodeView(s, 0, 50), stale: null } as const;
  const wire = JSON.parse(JSON.stringify(HostMessageSchema.encode(message)));
  const ok = check(HostMessageSchema, wire, 'message');
  assert.equal(ok.ok, true);
  assert.deepEqual(ok.ok && ok.value, message);
  assert.equal(check(HostMessageSchema, message, 'message').ok, true, 'typed arrays as a postMessage delivers them');
  const short = { ...wire, view: { ...wire.view, reward: [{ lo: f64.encode(new Float64Array(1)), hi: f64.encode(new Float64Array(1)) }] } };
  const bad = check(HostMessageSchema, short, 'message');
  assert.equal(bad.ok, false);
  assert.match(!bad.ok ? bad.error : '', /^message\.view\.reward\[0\]\.lo: expected \d+ values, got 1$/);
});

test('a store survives its wire form, and one whose arrays disagree in length is refused', async () => {
  const s = await store('examples/patrol.reward', ['examples/patrol.accepted.jsonl', 'examples/patrol.rejected.jsonl']);
  const wire = JSON.parse(JSON.stringify(PreviewStoreSchema.encode(s)));
  assert.deepEqual(PreviewStoreSchema.decode(wire, 'store'), s);
  const bad = check(PreviewStoreSchema, { ...wire, reward: [wire.reward[0].slice(0, 32)] }, 'store');
  assert.match(!bad.ok ? bad.error : '', /^store\.reward\[0\]: expected \d+ values, got \d+$/);
});

test('returns so far from the checkpoints of a long episode are the sums from its start, to the bit, in any order of requests', async () => {
  const files = walkFiles(150_000);
  const s = await store('test/fixtures/preview/walk.reward', [files.long]);
  rmSync(files.dir, { recursive: true, force: true });
  const kept: StepSource = { ...s, checkpoints: new ReturnCheckpoints() };
  for (const t of [149_999, 70_000, 65_535, 65_536, 131_072, 5, 131_071, 0, 100_000]) {
    const a = stepValues(kept, 0, t);
    const b = stepValues(s, 0, t);
    for (let v = 0; v < 2; v++) {
      assert.ok(Object.is(a.cumulative[v], b.cumulative[v]) && Object.is(a.discounted[v], b.discounted[v]), `step ${t}, variant ${v}`);
    }
  }
  for (const [from, to] of [[100_000, 100_500], [65_000, 70_000], [0, 150_000], [140_000, 150_000]]) {
    const a = episodeView(kept, 0, 300, from, to);
    const b = episodeView(s, 0, 300, from, to);
    assert.deepEqual(a.cumulative, b.cumulative, `${from}-${to}`);
    assert.deepEqual(a.discounted, b.discounted, `${from}-${to}`);
  }
});
