// The MuJoCo and legged-robot examples, whose physics engines are not available here, pay what
// the environments' own reward code pays: their trajectories (examples/gen/mujoco_like.py)
// carry in `env_reward` the reward computed by a numpy transcription of that code
// (Gymnasium 1.4.0's ant_v5.py, humanoid_v5.py, reacher_v5.py, pusher_v5.py; legged_gym's
// rewards with only_positive_rewards), and `reward eval` must give it on every step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../lsp/build';

const EXAMPLES: readonly [spec: string, trajectory: string][] = [
  ['gymnasium/ant-v5.reward', 'gymnasium/ant-v5.synthetic.jsonl'],
  ['gymnasium/humanoid-v5.reward', 'gymnasium/humanoid-v5.synthetic.jsonl'],
  ['gymnasium/reacher-v5.reward', 'gymnasium/reacher-v5.synthetic.jsonl'],
  ['gymnasium/pusher-v5.reward', 'gymnasium/pusher-v5.synthetic.jsonl'],
  ['legged-velocity.reward', 'legged-velocity.synthetic.jsonl'],
];

for (const [spec, trajectory] of EXAMPLES) {
  test(`examples/${spec} pays the transcribed environment reward on every step of ${trajectory}`, () => {
    const log = join(ROOT, 'examples', trajectory);
    const expected = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { env_reward?: number }).filter((r) => r.env_reward !== undefined).map((r) => r.env_reward!);
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'reward.cjs'), 'eval', join(ROOT, 'examples', spec), log, '--format', 'json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { steps: { reward: number | null }[]; problems: unknown[] };
    assert.deepEqual(out.problems, []);
    assert.equal(out.steps.length, expected.length);
    out.steps.forEach((s, t) => assert.ok(s.reward !== null && Math.abs(s.reward - expected[t]) <= 1e-9, `step ${t}: the spec pays ${s.reward}, the environment's code ${expected[t]}`));
  });
}
