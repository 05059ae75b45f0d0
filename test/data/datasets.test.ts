// Dataset readers (issue 6 item 6, docs/trajectories.md): Minari and D4RL HDF5, Minari Parquet
// and LeRobot, mapped onto the step records of LANGUAGE.md section 9; bad files give one clear
// problem and never a crash.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { splitEpisodes } from '../../server/src/data/episodes';
import { datasetFormat, readTrajectory, type ReadItem } from '../../server/src/data/read';
import type { DataProblem } from '../../server/src/data/problem';
import { makeDatasetFixtures, type DatasetFixtures } from './datasets-fixtures';
import { collect, tempDir } from './temp-files';

let fx: DatasetFixtures;
before(() => {
  fx = makeDatasetFixtures();
});
after(() => fx.remove());

const records = (items: readonly ReadItem[]) => items.flatMap((i) => (i.kind === 'record' ? [i.record] : []));
const problems = (items: readonly ReadItem[]): DataProblem[] => items.flatMap((i) => (i.kind === 'problem' ? [i.problem] : []));
const values = (items: readonly ReadItem[]) => records(items).map((r) => r.value);

test('a path names a dataset by extension, or by being a folder', () => {
  assert.equal(datasetFormat('a/main_data.hdf5'), 'hdf5');
  assert.equal(datasetFormat('halfcheetah.H5'), 'hdf5');
  assert.equal(datasetFormat('episode_000000.parquet'), 'parquet');
  assert.equal(datasetFormat(fx.path('lerobot')), 'folder');
  assert.equal(datasetFormat(fx.path('no-such-folder')), undefined);
  assert.equal(datasetFormat('run.jsonl'), undefined);
});

test('Minari HDF5: T+1 records per episode, dict observations nested, infos, flags on the last record', async () => {
  const items = await collect(readTrajectory(fx.path('minari-0.5/data/main_data.hdf5')));
  assert.deepEqual(problems(items), []);
  const v = values(items);
  assert.equal(v.length, 4 + 3);
  assert.deepEqual(v[0], { obs: { goal: 5, pos: [0, 0] }, action: 1, reward: 0.5, info: { labels: '', room: 'hall', success: false }, episode: 0 });
  // The last record of an episode: no action, no reward, the flags of the last step.
  assert.deepEqual(v[3], { obs: { goal: 5, pos: [6, 0] }, info: { labels: 'b', room: 'office', success: true }, episode: 0, terminated: true, truncated: false });
  assert.deepEqual(v[6], { obs: { goal: 5, pos: [9, 0] }, info: { labels: 'ab', room: 'hall', success: false }, episode: 1, terminated: false, truncated: true });
  // `line` counts records through the file, 1-based.
  assert.deepEqual(records(items).map((r) => r.line), [1, 2, 3, 4, 5, 6, 7]);
});

test('Minari: a dataset folder, the data folder and the file read alike; metadata.json and root attributes both work', async () => {
  const file = values(await collect(readTrajectory(fx.path('minari-0.5/data/main_data.hdf5'))));
  assert.deepEqual(values(await collect(readTrajectory(fx.path('minari-0.5')))), file);
  assert.deepEqual(values(await collect(readTrajectory(fx.path('minari-0.5/data')))), file);
  const old = await collect(readTrajectory(fx.path('minari-old')));
  assert.deepEqual(problems(old), []);
  assert.deepEqual(values(old), file);
});

test('Minari: Box observations are arrays; episodes split where the data says', async () => {
  const items = await collect(splitEpisodes(readTrajectory(fx.path('minari-box.hdf5'))));
  const recs = items.flatMap((i) => (i.kind === 'record' ? [i] : []));
  assert.deepEqual(recs.map((r) => r.record.value.obs), [[0, 0], [1, 0], [3, 0], [6, 0], [10, 0], [8, 0], [9, 0]]);
  assert.deepEqual(recs.map((r) => r.end), [null, null, null, 'terminated', null, null, 'truncated']);
});

test('Minari: metadata that disagrees with the file, and an episode with a short dataset, are problems; the rest is read', async () => {
  const file = fx.path('minari-bad.hdf5');
  const items = await collect(readTrajectory(file));
  const ps = problems(items);
  assert.equal(ps.length, 2);
  assert.deepEqual(ps[0], { file, line: 1, field: '', message: 'the metadata (root attributes) says total_episodes 3, the file holds 2 episode groups: the dataset is incomplete or was changed by hand' });
  assert.match(ps[1].message, /^episode_0 is left out: 'observations\/pos' has 3 rows, expected 4 \(one per observation, T \+ 1\)$/);
  assert.deepEqual(values(items).map((v) => v.episode), [1, 1, 1]);
});

test('Minari: infos stored as JSON strings are parsed; a broken one is a problem naming episode and step', async () => {
  const file = fx.path('minari-json-infos.hdf5');
  const items = await collect(readTrajectory(file));
  assert.deepEqual(problems(items), [{ file, line: 2, field: 'info', message: 'episode_0 step 1: the info is not valid JSON' }]);
  assert.deepEqual(values(items), [
    { obs: [0], action: 0, reward: 1, info: { room: 'hall' }, episode: 0 },
    { obs: [1], action: 1, reward: 2, episode: 0 },
    { obs: [2], info: { room: 'office', labels: ['c'] }, episode: 0, terminated: true, truncated: false },
  ]);
});

test('D4RL with next_observations: each episode ends with a record of its next observation', async () => {
  const items = await collect(splitEpisodes(readTrajectory(fx.path('d4rl.hdf5'))));
  const recs = items.flatMap((i) => (i.kind === 'record' ? [i] : []));
  assert.deepEqual(recs.map((r) => r.record.value.obs), [[0, 0], [1, 0], [2, 0], [3, 0], [10, 0], [11, 0], [12, 0]]);
  assert.deepEqual(recs.map((r) => r.end), [null, null, null, 'terminated', null, null, 'truncated']);
  assert.deepEqual(recs[0].record.value, { obs: [0, 0], action: [1], reward: 1, info: { qpos: 0.5 }, episode: 0 });
  // The record built from next_observations carries the row's line and no action, reward or info.
  assert.deepEqual(recs[3].record.value, { obs: [3, 0], episode: 0, terminated: true, truncated: false });
  assert.deepEqual(recs.map((r) => r.record.line), [1, 2, 3, 3, 4, 5, 5]);
});

test('D4RL without next_observations: the last row is the final record, without action, and the episode is truncated', async () => {
  const items = await collect(splitEpisodes(readTrajectory(fx.path('d4rl-no-next.hdf5'))));
  const recs = items.flatMap((i) => (i.kind === 'record' ? [i] : []));
  assert.deepEqual(recs.map((r) => r.record.value.obs), [[0, 0], [1, 0], [2, 0], [10, 0], [11, 0]]);
  assert.deepEqual(recs.map((r) => r.end), [null, null, 'truncated', null, 'truncated']);
  assert.deepEqual(recs[2].record.value, { obs: [2, 0], info: { qpos: 2.5 }, episode: 0, terminated: false, truncated: true });
});

test('LeRobot folder: columns land at their dotted paths, with obs, reward and episode aliases', async () => {
  const items = await collect(splitEpisodes(readTrajectory(fx.path('lerobot'))));
  assert.deepEqual(items.filter((i) => i.kind === 'problem'), []);
  const recs = items.flatMap((i) => (i.kind === 'record' ? [i] : []));
  assert.equal(recs.length, 5);
  assert.deepEqual(recs[1].record.value, {
    observation: { state: [2, 0] },
    action: [0],
    timestamp: Math.fround(0.1),
    frame_index: 1,
    episode_index: 0,
    index: 1,
    task_index: 0,
    next: { reward: 1, done: false },
    obs: [2, 0],
    reward: 1,
    episode: 0,
  });
  assert.deepEqual(recs.map((r) => r.end), [null, null, 'truncated', null, 'truncated']);
  assert.match(recs[3].record.file, /episode_000001\.parquet$/);
  assert.equal(recs[3].record.line, 1);
});

test('Minari Parquet folder: T+1 rows per episode, padding dropped, flags of the last step', async () => {
  const items = await collect(splitEpisodes(readTrajectory(fx.path('minari-parquet'))));
  const recs = items.flatMap((i) => (i.kind === 'record' ? [i] : []));
  assert.deepEqual(recs.map((r) => r.end), [null, null, 'terminated', null, 'truncated']);
  assert.deepEqual(recs[1].record.value, { obs: [1, 0], action: 2, reward: 2, info: { success: false }, episode: 0 });
  assert.deepEqual(recs[2].record.value, { obs: [3, 0], info: { success: true }, episode: 0, terminated: true, truncated: false });
  // One episode file alone reads the same, its id taken from the folder name.
  const one = values(await collect(readTrajectory(fx.path('minari-parquet/data/1/part-0.parquet'))));
  assert.deepEqual(one, recs.slice(3).map((r) => r.record.value));
});

test('labels from an info key: readTrajectory options', async () => {
  const items = await collect(readTrajectory(fx.path('minari-0.5'), { labelsFrom: 'info.labels' }));
  assert.deepEqual(values(items).map((v) => v.labels), ['', 'a', '', 'b', '', '', 'ab']);
  assert.deepEqual(values(await collect(readTrajectory(fx.path('minari-0.5')))).map((v) => v.labels), Array(7).fill(undefined));
  // The option works for every format.
  const t = tempDir();
  try {
    const jsonl = t.write('run.jsonl', '{"x": 1, "info": {"props": "ab"}}\n{"x": 2, "labels": "z"}\n');
    assert.deepEqual(values(await collect(readTrajectory(jsonl, { labelsFrom: 'info.props' }))).map((v) => v.labels), ['ab', 'z']);
  } finally {
    t.remove();
  }
  await assert.rejects(collect(readTrajectory(fx.path('minari-0.5'), { labelsFrom: 'info..x' })), {
    message: "--labels-from: 'info..x' is not a field path (expected e.g. info.labels or info.true_props)",
  });
});

test('an HDF5 file that is no dataset is one problem naming what was expected and what was found', async () => {
  const file = fx.path('not-a-dataset.hdf5');
  const items = await collect(readTrajectory(file));
  assert.equal(items.length, 1);
  const [p] = problems(items);
  assert.equal(p.file, file);
  assert.equal(p.line, 1);
  assert.match(p.message, /^not a Minari or D4RL dataset: expected a Minari dataset \(groups 'episode_0', 'episode_1', \.\.\..*or a D4RL dataset \(datasets 'observations', 'actions', 'rewards', 'terminals', 'timeouts' at the root\); found 'foo' at the root$/);
});

test('a truncated HDF5 file, and a text file named .hdf5, are one problem each', async () => {
  const cut = await collect(readTrajectory(fx.path('truncated.hdf5')));
  assert.equal(cut.length, 1);
  assert.match(problems(cut)[0].message, /^the HDF5 file is truncated or damaged \(truncated file: eof = \d+.*\): copy or download it again$/);
  const text = await collect(readTrajectory(fx.path('not-hdf5.hdf5')));
  assert.deepEqual(problems(text).map((p) => p.message), ['not an HDF5 file (no HDF5 signature at its start): expected a Minari or D4RL dataset, as h5py writes them']);
});

test('a truncated Parquet file is one problem', async () => {
  const items = await collect(readTrajectory(fx.path('truncated.parquet')));
  assert.equal(items.length, 1);
  assert.match(problems(items)[0].message, /^not a readable Parquet file \(.+\): it is truncated, damaged or of another format; expected a LeRobot-style Parquet file/);
});

test('paths that cannot be read at all are one-line errors', async () => {
  await assert.rejects(collect(readTrajectory(fx.path('missing.hdf5'))), { message: `cannot read ${fx.path('missing.hdf5')}: no such file` });
  await assert.rejects(collect(readTrajectory(fx.path('missing.parquet'))), { message: `cannot read ${fx.path('missing.parquet')}: no such file` });
  await assert.rejects(collect(readTrajectory(fx.path('lerobot/meta'))), {
    message: `cannot read ${fx.path('lerobot/meta')}: a dataset folder must hold a Minari dataset (data/main_data.hdf5, or data/N/*.parquet) or a LeRobot dataset (meta/info.json and data/chunk-*/*.parquet)`,
  });
});
