// `reward eval` over datasets: the one evaluator (evaluateFiles) reads Minari, D4RL, Minari
// Parquet and LeRobot through readTrajectory, and its rewards match the ones computed by hand
// from the fixture data (test/fixtures/datasets/make_hdf5.py, datasets-fixtures.ts).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis/analyze';
import type { DataProblem } from '../../server/src/data/problem';
import { evaluateFiles } from '../../server/src/eval/evaluate';
import { compileProgram } from '../../server/src/eval/program';
import { episodeObject, stepObject, type StepObject } from '../../server/src/eval/report';
import { makeDatasetFixtures, type DatasetFixtures } from './datasets-fixtures';

let fx: DatasetFixtures;
before(() => {
  fx = makeDatasetFixtures();
});
after(() => fx.remove());

interface Output {
  steps: StepObject[];
  episodes: ReturnType<typeof episodeObject>[];
  problems: DataProblem[];
  skipped: number;
}

async function evaluate(spec: string, files: readonly string[]): Promise<Output> {
  const a = analyze(spec);
  const errors = a.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors.map((e) => e.message), []);
  const out: Output = { steps: [], episodes: [], problems: [], skipped: 0 };
  const totals = await evaluateFiles(compileProgram(a.model), files, {
    step: (e, r) => out.steps.push(stepObject(e, r)),
    episode: (e) => out.episodes.push(episodeObject(e)),
    problem: (p) => out.problems.push(p),
  });
  out.skipped = totals.skipped;
  return out;
}

function assertNear(actual: readonly number[], expected: readonly number[]) {
  assert.equal(actual.length, expected.length, `${actual} vs ${expected}`);
  actual.forEach((x, i) => assert.ok(Math.abs(x - expected[i]) < 1e-9, `step ${i}: ${x} vs ${expected[i]}`));
}

const rewards = (o: Output) => o.steps.map((s) => s.reward);

test('Minari HDF5 with a dict observation space: rewards, returns and episode ends', async () => {
  const spec = `
discount 0.5
signal x: number = obs.pos[0]
signal success: bool = info.success
action a: number
action r: number = reward
term progress = x' - x
reward main {
  progress
  2 * a
  0.1 * r
  (success' ? 10 : 0)
}
`;
  for (const path of [fx.path('minari-0.5'), fx.path('minari-old/data/main_data.hdf5')]) {
    const o = await evaluate(spec, [path]);
    assert.deepEqual(o.problems, []);
    // episode_0: x 0 1 3 6, actions 1 0 2, rewards 0.5 1 1.5, success on the last state.
    // episode_1: x 10 8 9, actions 1 1, rewards 2 -1.
    assertNear(rewards(o), [1 + 2 + 0.05, 2 + 0 + 0.1, 3 + 4 + 0.15 + 10, -2 + 2 + 0.2, 1 + 2 - 0.1]);
    assert.deepEqual(o.episodes.map((e) => [e.episode, e.steps, e.end]), [[0, 3, 'terminated'], [1, 2, 'truncated']]);
    assertNear(o.episodes.map((e) => e.discounted_return), [3.05 + 0.5 * 2.1 + 0.25 * 17.15, 0.2 + 0.5 * 2.9]);
  }
});

test('D4RL: the next observation closes each episode; shaping sees terminated and truncated ends', async () => {
  const spec = `
discount 0.5
signal x: number = obs[0]
action a: number = action[0]
action r: number = reward
term progress = x' - x
potential phi = x
reward main {
  progress
  2 * a
  0.1 * r
  shaping phi
}
`;
  const o = await evaluate(spec, [fx.path('d4rl.hdf5')]);
  assert.deepEqual(o.problems, []);
  // Rows: x 0 1 2 | 10 11, next x 1 2 3 | 11 12, actions 1 0 1 0 1, rewards 1..5; row 2 is
  // terminal (phi of the next state counts 0), row 4 a timeout (phi kept).
  assertNear(rewards(o), [1 + 2 + 0.1 + (0.5 * 1 - 0), 1 + 0 + 0.2 + (0.5 * 2 - 1), 1 + 2 + 0.3 + (0 - 2), 1 + 0 + 0.4 + (0.5 * 11 - 10), 1 + 2 + 0.5 + (0.5 * 12 - 11)]);
  assert.deepEqual(o.episodes.map((e) => [e.steps, e.end]), [[3, 'terminated'], [2, 'truncated']]);

  // Without next_observations the last row of each episode has no step, and the end is a cut.
  const cut = await evaluate(spec, [fx.path('d4rl-no-next.hdf5')]);
  assert.deepEqual(cut.problems, []);
  assertNear(rewards(cut), [3.1 + 0.5, 1.2 + 0, 1.4 - 4.5]);
  assert.deepEqual(cut.episodes.map((e) => [e.steps, e.end]), [[2, 'truncated'], [1, 'truncated']]);
});

test('D4RL: infos are absent on the record built from next_observations, and say so', async () => {
  const o = await evaluate('signal q: number = info.qpos\nreward main { q }\n', [fx.path('d4rl.hdf5')]);
  assert.deepEqual(o.problems.map((p) => [p.line, p.field, p.message]), [[3, 'info.qpos', 'missing field'], [5, 'info.qpos', 'missing field']]);
  // The step into the lost record is lost with it; the record before ends the episode.
  assertNear(rewards(o), [0.5, 1.5, 3.5]);
});

test('LeRobot folder and Minari Parquet folder: one spec over obs/action/reward aliases or the dataset names', async () => {
  const lerobotSpec = `
signal x: number = observation.state[0]
action a: number = action[0]
action r: number = next.reward
reward main { (x' - x); 2 * a; 0.1 * r }
`;
  const aliasSpec = `
signal x: number = obs[0]
action a: number = action[0]
action r: number = reward
reward main { (x' - x); 2 * a; 0.1 * r }
`;
  // Frames: x 0 2 5, actions 1 0 1, rewards 0.5 1 9 | x 1 1.5, actions 0.5 0, rewards 1 0.
  for (const spec of [lerobotSpec, aliasSpec]) {
    const o = await evaluate(spec, [fx.path('lerobot')]);
    assert.deepEqual(o.problems, []);
    assertNear(rewards(o), [2 + 2 + 0.05, 3 + 0 + 0.1, 0.5 + 1 + 0.1]);
    assert.deepEqual(o.episodes.map((e) => [e.episode, e.steps, e.end]), [[0, 2, 'truncated'], [1, 1, 'truncated']]);
  }
  const minari = await evaluate('signal x: number = obs[0]\naction a: number\naction r: number = reward\nreward main { (x\' - x); 2 * a; 0.1 * r }\n', [fx.path('minari-parquet')]);
  assert.deepEqual(minari.problems, []);
  // x 0 1 3, actions 1 2, rewards 1 2, terminated | x 5 4, action 0, reward -1, truncated.
  assertNear(rewards(minari), [1 + 2 + 0.1, 2 + 4 + 0.2, -1 + 0 - 0.1]);
  assert.deepEqual(minari.episodes.map((e) => e.end), ['terminated', 'truncated']);
});

test('bad dataset files are problems of the evaluation; the other files are still evaluated', async () => {
  const spec = 'signal x: number = obs[0]\nreward main { x }\n';
  const o = await evaluate(spec, [fx.path('not-a-dataset.hdf5'), fx.path('truncated.hdf5'), fx.path('d4rl.hdf5')]);
  assert.deepEqual(o.problems.map((p) => [p.file, p.line]), [[fx.path('not-a-dataset.hdf5'), 1], [fx.path('truncated.hdf5'), 1]]);
  assert.match(o.problems[0].message, /^not a Minari or D4RL dataset: expected/);
  assert.match(o.problems[1].message, /^the HDF5 file is truncated or damaged/);
  assertNear(rewards(o), [0, 1, 2, 10, 11]);
});
