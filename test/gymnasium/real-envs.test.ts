// The Gymnasium examples pay what the real environments pay. Each environment of the vendored,
// unmodified Gymnasium 1.4.0 is rolled out under Debian's Python (test/gymnasium/rollout.py
// logs every state with the action taken and the environment's own reward), then `reward eval`
// of the example spec and the exported Python module must give, step for step, the
// environment's reward, with no problem.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../lsp/build';

const GYMNASIUM = join(ROOT, '..', 'shared', 'vendor', 'gymnasium-1.4.0');
// Tolerance: 1e-9, except where the environment computes its reward from its float64 state
// and shows the policy only a float32 observation of it (Pendulum's cos and sin of the angle):
// then the spec, which reads the observation, agrees to float32 precision.
const ENVIRONMENTS: readonly [id: string, spec: string, episodes: number, tolerance: number][] = [
  ['CartPole-v1', 'cartpole-v1', 5, 1e-9],
  ['MountainCar-v0', 'mountaincar-v0', 3, 1e-9],
  ['MountainCarContinuous-v0', 'mountaincarcontinuous-v0', 3, 1e-9],
  ['Pendulum-v1', 'pendulum-v1', 2, 1e-5],
  ['Acrobot-v1', 'acrobot-v1', 2, 1e-9],
  ['FrozenLake-v1', 'frozenlake-v1', 40, 1e-9],
  ['CliffWalking-v1', 'cliffwalking-v1', 2, 1e-9],
  ['Taxi-v4', 'taxi-v4', 5, 1e-9],
];

interface Step { reward: number | null }
interface Episode { end: string; steps: number }

for (const [id, spec, episodes, tolerance] of ENVIRONMENTS) {
  test(`${id}: reward eval of examples/gymnasium/${spec}.reward equals the environment's reward on every step`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'rewardsmith-gym-'));
    const log = join(dir, `${spec}.jsonl`);
    const roll = spawnSync('/usr/bin/python3', [join(ROOT, 'test', 'gymnasium', 'rollout.py'), id, String(episodes), '7', log], {
      encoding: 'utf8',
      env: { ...process.env, PYTHONPATH: GYMNASIUM, PYTHONWARNINGS: 'ignore' },
    });
    assert.equal(roll.status, 0, roll.stderr);
    const records = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { env_reward?: number; terminated?: boolean });
    const expected = records.filter((r) => r.env_reward !== undefined).map((r) => r.env_reward!);

    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'reward.cjs'), 'eval', join(ROOT, 'examples', 'gymnasium', `${spec}.reward`), log, '--format', 'json'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { steps: Step[]; episodes: Episode[]; problems: unknown[] };
    assert.deepEqual(out.problems, []);
    assert.equal(out.episodes.length, episodes);
    assert.equal(out.steps.length, expected.length);
    out.steps.forEach((s, t) => assert.ok(s.reward !== null && Math.abs(s.reward - expected[t]) <= tolerance, `step ${t}: the spec pays ${s.reward}, ${id} paid ${expected[t]}`));

    // The exported module, run as a script on the same log, pays the same.
    const module = join(dir, 'reward_module.py');
    const exported = spawnSync(process.execPath, [join(ROOT, 'bin', 'reward.cjs'), 'export', 'python', join(ROOT, 'examples', 'gymnasium', `${spec}.reward`), '-o', module], { encoding: 'utf8' });
    assert.equal(exported.status, 0, exported.stderr);
    const py = spawnSync('/usr/bin/python3', [module, log], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    assert.equal(py.status, 0, py.stderr);
    const pyOut = JSON.parse(py.stdout) as { steps: Step[]; problems: unknown[] };
    assert.deepEqual(pyOut.problems, []);
    assert.equal(pyOut.steps.length, expected.length);
    pyOut.steps.forEach((s, t) => assert.ok(s.reward !== null && Math.abs(s.reward - expected[t]) <= tolerance, `exported module, step ${t}: ${s.reward}, ${id} paid ${expected[t]}`));

    // The rollouts reach the ends that matter: a termination in every environment but the
    // ones whose episodes only end by the time limit under a random policy.
    assert.equal(out.episodes.filter((e) => e.end === 'terminated').length, records.filter((x) => x.terminated).length);
  });
}
