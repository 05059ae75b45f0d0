// Test helper: the dataset fixtures, written to a fresh temporary folder in the test setup (no
// binary is committed). HDF5 files come from test/fixtures/datasets/make_hdf5.py run by Debian's
// /usr/bin/python3 with python3-h5py; Parquet files from the small writer in parquet-writer.ts.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeParquet } from './parquet-writer';

export interface DatasetFixtures {
  readonly dir: string;
  path(name: string): string;
  remove(): void;
}

const SCRIPT = fileURLToPath(new URL('../fixtures/datasets/make_hdf5.py', import.meta.url));

export function makeDatasetFixtures(): DatasetFixtures {
  const dir = mkdtempSync(join(tmpdir(), 'rewardsmith-datasets-'));
  execFileSync('/usr/bin/python3', [SCRIPT, dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  writeLeRobot(join(dir, 'lerobot'));
  writeMinariParquet(join(dir, 'minari-parquet'));
  // A copy of a good file cut in half, as an interrupted download leaves it.
  const whole = readFileSync(join(dir, 'minari-0.5', 'data', 'main_data.hdf5'));
  writeFileSync(join(dir, 'truncated.hdf5'), whole.subarray(0, whole.length >> 1));
  const frames = readFileSync(join(dir, 'lerobot', 'data', 'chunk-000', 'episode_000000.parquet'));
  writeFileSync(join(dir, 'truncated.parquet'), frames.subarray(0, frames.length - 20));
  writeFileSync(join(dir, 'not-hdf5.hdf5'), 'episode_0,observations\n1,2\n');
  return { dir, path: (name) => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** LeRobot v2 layout: meta/info.json, data/chunk-000/episode_00000N.parquet, one episode per file. */
function writeLeRobot(root: string): void {
  mkdirSync(join(root, 'meta'), { recursive: true });
  mkdirSync(join(root, 'data', 'chunk-000'), { recursive: true });
  writeFileSync(join(root, 'meta', 'info.json'), JSON.stringify({
    codebase_version: 'v2.1', fps: 10, total_episodes: 2, total_frames: 5,
    data_path: 'data/chunk-{episode_chunk:03d}/episode_{episode_index:06d}.parquet',
    features: { 'observation.state': { dtype: 'float32', shape: [2], names: ['x', 'y'] }, action: { dtype: 'float32', shape: [1] } },
  }));
  const episode = (index: number, x: number[], action: number[], reward: number[], firstIndex: number) => [
    { name: 'observation.state', type: 'list-float' as const, values: x.map((v) => [v, 0]) },
    { name: 'action', type: 'list-float' as const, values: action.map((a) => [a]) },
    { name: 'timestamp', type: 'float' as const, values: x.map((_, i) => i / 10) },
    { name: 'frame_index', type: 'int64' as const, values: x.map((_, i) => i) },
    { name: 'episode_index', type: 'int64' as const, values: x.map(() => index) },
    { name: 'index', type: 'int64' as const, values: x.map((_, i) => firstIndex + i) },
    { name: 'task_index', type: 'int64' as const, values: x.map(() => 0) },
    { name: 'next.reward', type: 'float' as const, values: reward },
    { name: 'next.done', type: 'boolean' as const, values: x.map((_, i) => i === x.length - 1) },
  ];
  writeParquet(join(root, 'data', 'chunk-000', 'episode_000000.parquet'), episode(0, [0, 2, 5], [1, 0, 1], [0.5, 1, 9], 0));
  // The second file gzip-compressed, as some writers leave them.
  writeParquet(join(root, 'data', 'chunk-000', 'episode_000001.parquet'), episode(1, [1, 1.5], [0.5, 0], [1, 0], 3), 'GZIP');
}

/** Minari's Parquet storage: data/N/part-0.parquet with T+1 rows (the last one padding) per episode. */
function writeMinariParquet(root: string): void {
  const episodes = [
    { x: [0, 1, 3], actions: [1, 2, 0], rewards: [1, 2, 0], terminations: [false, true, false], truncations: [false, false, false] },
    { x: [5, 4], actions: [0, 0], rewards: [-1, 0], terminations: [false, false], truncations: [true, false] },
  ];
  episodes.forEach((e, n) => {
    mkdirSync(join(root, 'data', String(n)), { recursive: true });
    writeFileSync(join(root, 'data', String(n), 'metadata.json'), JSON.stringify({ id: n, total_steps: e.x.length - 1 }));
    writeParquet(join(root, 'data', String(n), 'part-0.parquet'), [
      { name: 'observations', type: 'list-double', values: e.x.map((v) => [v, 0]) },
      { name: 'actions', type: 'int64', values: e.actions },
      { name: 'rewards', type: 'double', values: e.rewards },
      { name: 'terminations', type: 'boolean', values: e.terminations },
      { name: 'truncations', type: 'boolean', values: e.truncations },
      { name: 'infos', type: 'struct', children: [{ name: 'success', type: 'boolean', values: e.x.map((_, i) => n === 0 && i === e.x.length - 1) }] },
    ]);
  });
  writeFileSync(join(root, 'data', 'metadata.json'), JSON.stringify({ dataset_id: 'rewardsmith/test-parquet-v0', data_format: 'parquet', total_episodes: 2 }));
}
