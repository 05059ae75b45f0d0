// The module as a library: the online Reward (step and transition), evaluate(records), the
// Gymnasium wrapper, and safety: hostile names, file names and comments never become code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/analysis/analyze';
import { exportPython } from '../../server/src/export/python/module';
import { compareRuns, gymnasiumEnv, runPythonScript, tempDir, tsEval } from './harness';

const SPEC = `discount 0.9
signal x: number in [0, 10] = obs[0]
action move: enum { left, right }
prop goal
prop hazard
def dist = abs(x - 5)
term progress = dist - dist'
machine task {
  initial start
  terminal done, failed
  start -> done when goal reward 10
  start -> failed when hazard reward -10
}
ltl safe = G !hazard accept 1 reject -1
reward main {
  task
  safe
  0.5 * progress
  shaping task
}
reward sparse { task }
`;

function moduleFor(spec: string, dir: string, name = 'spec_module.py', specName = 'spec.reward'): string {
  const a = analyze(spec);
  assert.equal(a.hasErrors, false, a.diagnostics.map((d) => d.message).join('\n'));
  const file = join(dir, name);
  writeFileSync(file, exportPython(a.model, { specName }));
  return file;
}

function runPy(dir: string, script: string, gymnasium = true): unknown {
  const file = join(dir, 'use.py');
  writeFileSync(file, `import json, sys\nsys.path.insert(0, ${JSON.stringify(dir)})\n${script}`);
  const r = runPythonScript(file, [], dir, gymnasium ? gymnasiumEnv() : undefined);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out);
}

const RECORDS = [
  { obs: [1], action: 'right' },
  { obs: [2], action: 'right' },
  { obs: [3], action: 'right', labels: ['hazard'] },
  { obs: [4], action: 'right' },
  { obs: [5], labels: 'g', terminated: true },
];

test('Reward.step, Reward.transition and evaluate(records) give the rewards of reward eval', async () => {
  const dir = tempDir();
  moduleFor(SPEC, dir);
  const traj = join(dir, 'run.jsonl');
  writeFileSync(traj, RECORDS.map((r) => JSON.stringify(r)).join('\n') + '\n');
  writeFileSync(join(dir, 'spec.reward'), SPEC);
  const ts = JSON.parse((await tsEval(join(dir, 'spec.reward'), [traj])).out) as { steps: { reward: number; components: Record<string, number>; machines: unknown; ltl: unknown }[]; episodes: unknown[] };
  const py = runPy(dir, `
import spec_module as m
records = json.loads(${JSON.stringify(JSON.stringify(RECORDS))})
r = m.Reward()
online = []
for rec in records:
    out = r.step(rec)
    online.append(None if out is None else [out[0], out[1], r.machines, r.ltl, r.formula_states, r.props, r.t])
final = [r.episode_return, r.discounted_return]
r2 = m.Reward()
pairs = [list(r2.transition(records[i], records[i + 1], terminated=records[i + 1].get("terminated", False))) for i in range(len(records) - 1)]
ev = m.evaluate(records)
first_after_end = r.step({"obs": [1], "action": "left"})
print(json.dumps({"online": online, "final": final, "pairs": pairs, "evaluate": ev, "restart": first_after_end, "t_after": r.t}))
`) as { online: unknown[][]; final: number[]; pairs: unknown[][]; evaluate: { steps: unknown[]; episodes: unknown[] }; restart: unknown; t_after: number };
  assert.equal(py.online[0], null, 's_0 completes no step');
  ts.steps.forEach((s, i) => {
    const [reward, components, machines, ltl, , , t] = py.online[i + 1];
    assert.ok(Math.abs((reward as number) - s.reward) < 1e-12);
    assert.deepEqual(components, s.components);
    assert.deepEqual(machines, s.machines);
    assert.deepEqual(ltl, s.ltl);
    assert.equal(t, i + 1);
    assert.deepEqual(py.pairs[i], [s.reward, s.components]);
  });
  // The machine fails on the hazard (reward -10) and the formula is rejected there.
  assert.deepEqual(py.online[3]!.slice(2, 4), [{ task: 'failed' }, { safe: 'rejected' }]);
  assert.deepEqual(py.evaluate.steps, ts.steps);
  assert.deepEqual(py.evaluate.episodes, ts.episodes);
  const episode = ts.episodes[0] as { return: number; discounted_return: number };
  assert.ok(Math.abs(py.final[0] - episode.return) < 1e-12 && Math.abs(py.final[1] - episode.discounted_return) < 1e-12);
  // After the terminated record, the next record starts a new episode.
  assert.equal(py.restart, null);
  assert.equal(py.t_after, 0);
});

test('a bad record raises RecordError with the evaluator message, and the episode goes on', () => {
  const dir = tempDir();
  moduleFor(SPEC, dir);
  const out = runPy(dir, `
import spec_module as m
r = m.Reward("sparse")
r.step({"obs": [1], "action": "right"})
errors = []
for bad in [{"obs": ["far"], "action": "right"}, {"obs": [2], "action": "up"}, {"obs": [2], "action": "left", "labels": 3}, [1, 2], {"obs": [float("nan")], "action": "left"}, {"obs": [2], "action": "left", "terminated": "yes"}]:
    try:
        r.step(bad)
    except m.RecordError as e:
        errors.append(str(e))
step = r.step({"obs": [12], "labels": ["goal"], "terminated": True})
try:
    m.Reward("nope")
except ValueError as e:
    errors.append(str(e))
print(json.dumps({"errors": errors, "step": list(step), "warnings": [list(w) for w in r.warnings], "machines": r.machines}))
`) as { errors: string[]; step: [number, Record<string, number>]; warnings: unknown[][]; machines: Record<string, string> };
  assert.deepEqual(out.errors, [
    '<record>:2: obs[0]: expected a number, got the string "far"',
    '<record>:2: action: expected one of left, right (or an index 0..1), got "up"',
    '<record>:2: labels: expected an array of names or a string of one-character names, got 3',
    '<record>:2: expected a record (a JSON object), got an array',
    '<record>:2: obs[0]: not a finite number (got NaN)',
    '<record>:2: terminated: expected true or false, got the string "yes"',
    "the spec has no reward named 'nope' (it has: main, sparse)",
  ]);
  assert.deepEqual(out.step, [10, { task: 10 }]);
  assert.deepEqual(out.machines, { task: 'done' });
  assert.deepEqual(out.warnings, [['<record>', 2, 'obs[0]', 'value 12 is outside the declared range [0, 10]']]);
});

// A small real Gymnasium environment (the vendored Gymnasium 1.4.0): x moves by one.
const CORRIDOR = `
import gymnasium
import numpy as np
from gymnasium import spaces

class Corridor(gymnasium.Env):
    """x moves right by one on action 1; the goal at 5; a hazard at x <= hazard_at."""
    def __init__(self, start=1.0, hazard_at=-1.0):
        self.observation_space = spaces.Box(low=0.0, high=10.0, shape=(1,), dtype=np.float64)
        self.action_space = spaces.Discrete(2)
        self.start, self.hazard_at = start, hazard_at
    def reset(self, seed=None, options=None):
        super().reset(seed=seed)
        self.x = self.start
        return np.array([self.x]), {}
    def step(self, action):
        self.x += 1.0 if action == 1 else -1.0
        done = self.x >= 5
        labels = (["goal"] if done else []) + (["hazard"] if self.x <= self.hazard_at else [])
        return np.array([self.x]), -1.0, done, False, {"labels": labels}
`;

test('RewardWrapper replaces the reward and puts the machine and formula states in the observation', () => {
  const dir = tempDir();
  moduleFor(SPEC, dir);
  const out = runPy(dir, `${CORRIDOR}
import spec_module as m

env = m.RewardWrapper(Corridor())
obs, info = env.reset()
trace = [obs]
total = 0.0
while True:
    obs, reward, terminated, truncated, info = env.step(1)
    obs["obs"] = obs["obs"].tolist()
    trace.append(obs)
    total += reward
    if terminated or truncated:
        break
trace[0]["obs"] = trace[0]["obs"].tolist()
space = env.observation_space.spaces
print(json.dumps({"trace": trace, "total": total, "info": info, "machine_n": int(space["machines"].spaces["task"].n),
                  "ltl_n": int(space["ltl"].spaces["safe"].n), "has_wrapper": hasattr(m, "RewardWrapper")}))
`) as { trace: { obs: number[]; machines: Record<string, number>; ltl: Record<string, number> }[]; total: number; info: Record<string, unknown>; machine_n: number; ltl_n: number };
  assert.deepEqual(out.trace[0], { obs: [1], machines: { task: 0 }, ltl: { safe: 0 } });
  // The last observation carries the machine in `done` (state 1) and the formula's decided state.
  assert.equal(out.trace.at(-1)!.machines.task, 1);
  assert.equal(out.machine_n, 3);
  assert.ok(out.ltl_n >= 2);
  // The last step: progress 0.5 * (|4 - 5| - |5 - 5|) = 0.5, the task pays 10 at the goal, the
  // formula is accepted as the episode terminates (+1), and the machine shaping gives
  // 0 - Phi(start) = V(start) = 10 (Phi(u_T) := 0 on termination).
  assert.equal(out.info.env_reward, -1);
  assert.deepEqual(out.info.reward_components, { task: 10, safe: 1, '0.5 * progress': 0.5, 'shaping task': 10 });
  // Steps 0 to 2 pay 0.5 of progress and 0.9 * Phi(start) - Phi(start) = 1 of shaping each.
  assert.ok(Math.abs(out.total - (3 * (0.5 + 1) + 21.5)) < 1e-12, String(out.total));
  assert.ok('reward_components' in out.info);
  const components = out.info.reward_components as Record<string, number>;
  assert.equal(components.task, 10);
  assert.equal(components.safe, 1);
});

test('without gymnasium the module still imports and has no RewardWrapper', () => {
  const dir = tempDir();
  moduleFor(SPEC, dir);
  const out = runPy(dir, `
import spec_module as m
print(json.dumps({"wrapper": hasattr(m, "RewardWrapper"), "rewards": list(m.REWARDS), "default": m.DEFAULT_REWARD}))
`, false);
  assert.deepEqual(out, { wrapper: false, rewards: ['main', 'sparse'], default: 'main' });
});

test('hostile names, file names and comments never become code', async () => {
  const dir = tempDir();
  const marker = join(dir, 'PWNED');
  const evil = `__import__('os').system('touch ${marker}')`;
  const spec = `// ${evil}
discount 0.9
signal None: number = __import__.os[0]
signal s: int = n.a
signal _NAN: enum { lambda, yield_, __init__ } = info.${'class_'}
action True: enum { import, pass }
prop a
prop print
def sys = None + s /* \u2028 ${evil} \n ${evil} */ * 2
term __class__ = sys' - sys
machine MACHINES {
  initial return
  terminal raise
  return -> raise when a && _NAN == lambda reward 1
  return -> return when otherwise reward __class__
}
ltl REWARDS = F (a && X print)
reward main { MACHINES; REWARDS; 2 * __class__; 1; 0; -1 }
`;
  const file = moduleFor(spec, dir, 'hostile.py', `x.reward\n${evil}\n\r\u2028"""`);
  const source = readFileSync(file, 'utf8');
  assert.ok(/^[\x09\x0a\x20-\x7e]*$/.test(source), 'the module is printable ASCII');
  for (const line of source.split('\n')) assert.ok(!line.trimStart().startsWith('__import__'), line);
  const traj = join(dir, 'run.jsonl');
  const rows = [
    { __import__: { os: [1] }, n: { a: 2 }, info: { class_: 'lambda' }, action: 'import', labels: ['a', "'); import os; ('"] },
    { __import__: { os: [2] }, n: { a: 3 }, info: { class_: 0 }, action: 'pass', labels: 'a' },
    { __import__: { os: [3] }, n: { a: 4 }, info: { class_: '__init__' }, labels: ['print'], terminated: true },
  ];
  writeFileSync(traj, rows.map((r) => JSON.stringify(r)).join('\n'));
  const specFile = join(dir, 'hostile.reward');
  writeFileSync(specFile, spec);
  const py = runPythonScript(file, [traj], dir);
  const ts = await tsEval(specFile, [traj]);
  assert.equal(compareRuns(ts, py), undefined);
  assert.equal(existsSync(marker), false);
  const out = JSON.parse(py.out) as { steps: { components: Record<string, number> }[] };
  // Integer-like component keys come first, as JavaScript orders object keys.
  assert.deepEqual(Object.keys(out.steps[0].components), Object.keys(JSON.parse(ts.out).steps[0].components));
  assert.match(py.out, /"components":\{"0":.*"1":/);
});

test('RewardWrapper(observation="flat") appends one one-hot block per machine and formula to a Box observation', () => {
  const dir = tempDir();
  moduleFor(SPEC, dir);
  const out = runPy(dir, `${CORRIDOR}
import spec_module as m

env = m.RewardWrapper(Corridor(start=3.0, hazard_at=10.0), reward="main", observation="flat")
first, _ = env.reset()
second, reward, _, _, info = env.step(1)
n = env.observation_space.low.shape[0]
print(json.dumps({"first": first.tolist(), "second": second.tolist(), "n": n, "high": env.observation_space.high.tolist(), "ltl": env.spec_reward.ltl}))
`) as { first: number[]; second: number[]; n: number; high: number[]; ltl: Record<string, string> };
  // [x, machine one-hot (start, done, failed), formula one-hot (its DFA states)]
  assert.equal(out.first.length, out.n);
  assert.deepEqual(out.first.slice(0, 4), [3, 1, 0, 0]);
  assert.deepEqual(out.second.slice(0, 4), [4, 0, 0, 1]);
  assert.equal(out.first.slice(4).reduce((a, b) => a + b, 0), 1);
  assert.equal(out.second.slice(4).reduce((a, b) => a + b, 0), 1);
  assert.notDeepEqual(out.first.slice(4), out.second.slice(4));
  assert.deepEqual(out.ltl, { safe: 'rejected' });
  assert.equal(out.high[0], 10);
});

test('Reward.done: every task machine terminal and every task formula decided; false without a task automaton', () => {
  const dir = tempDir();
  moduleFor(SPEC, dir);
  moduleFor('signal x = obs[0]\nreward main { x }\n', dir, 'plain_module.py');
  const out = runPy(dir, `
import spec_module as m, plain_module as p
seen = {}
for name in ("main", "sparse"):
    r = m.Reward(name)
    flags = [r.done]
    r.transition({"obs": [1], "action": "right"}, {"obs": [2]})
    flags.append(r.done)
    # The goal: the machine reaches its terminal state 'done'; the formula G !hazard is still open.
    r.transition({"obs": [2], "action": "right"}, {"obs": [3], "labels": ["goal"]})
    flags.append(r.done)
    # The episode terminates: the formula is judged on the whole trace (accepted).
    r.transition({"obs": [3], "action": "right"}, {"obs": [4]}, terminated=True)
    flags.append(r.done)
    r.reset()
    flags.append(r.done)
    seen[name] = flags
q = p.Reward()
q.transition({"obs": [1]}, {"obs": [2]}, terminated=True)
seen["plain"] = q.done
print(json.dumps(seen))
`, false);
  assert.deepEqual(out, { main: [false, false, false, true, false], sparse: [false, false, true, true, false], plain: false });
});

const MID_SPEC = `discount 0.9
signal x: number in [0, 10] = obs[0]
action move: enum { left, right }
prop mid = x >= 3
def dist = abs(x - 5)
potential phi = -dist
machine task {
  initial start
  terminal done
  start -> done when mid reward 1
}
reward main {
  task
  -0.1
  shaping phi
}
`;

test('RewardWrapper(terminate_on_task_end=True) ends the episode when the task is over and pays that step as terminating', () => {
  const dir = tempDir();
  moduleFor(MID_SPEC, dir);
  const out = runPy(dir, `${CORRIDOR}
import spec_module as m
from gymnasium.utils.env_checker import check_env
runs = {}
for flag in (False, True):
    env = m.RewardWrapper(Corridor(), terminate_on_task_end=flag)
    check_env(env)
    env.reset(seed=0)
    steps = []
    while True:
        obs, reward, terminated, truncated, info = env.step(1)
        steps.append([round(reward, 12), terminated, info["task_done"], obs["machines"]["task"]])
        if terminated or truncated:
            break
    runs[str(flag)] = steps
again = m.RewardWrapper(Corridor(), terminate_on_task_end=True)
runs["spec_kwargs"] = again.spec_reward is not None and True
print(json.dumps(runs))
`) as Record<string, unknown>;
  // Off (the default): the environment alone ends the episode at x = 5; after the task is over
  // the step cost and the shaping go on being paid. Step 2 reaches x = 3: the machine pays 1,
  // shaping 0.9 * -2 - (-3) = 1.2.
  assert.deepEqual(out.False, [
    [-0.1 + 0.9 * -3 + 4, false, false, 0],
    [1 - 0.1 + 0.9 * -2 + 3, false, true, 1],
    [-0.1 + 0.9 * -1 + 2, false, true, 1],
    [-0.1 + 0.9 * 0 + 1, true, true, 1],
  ].map(([r, ...rest]) => [Math.round((r as number) * 1e12) / 1e12, ...rest]));
  // On: the episode terminates at x = 3, and the shaping there counts phi(s') as 0: 0 - (-3) = 3.
  assert.deepEqual(out.True, [
    [-0.1 + 0.9 * -3 + 4, false, false, 0],
    [1 - 0.1 + 3, true, true, 1],
  ].map(([r, ...rest]) => [Math.round((r as number) * 1e12) / 1e12, ...rest]));
});
