// The exported RewardWrapper against the real Gymnasium 1.4.0 (vendored in ../shared/vendor):
// classic control and toy text environments, single, in SyncVectorEnv and AsyncVectorEnv,
// through gymnasium.utils.env_checker.check_env, recreated from env.spec and pickled. Every
// rollout is logged and `reward eval` must give the rewards the wrapper paid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/analysis/analyze';
import { exportPython } from '../../server/src/export/python/module';
import { gymnasiumEnv, runPythonScript, tempDir, tsEval } from './harness';

const ROOT = join(import.meta.dirname, '..', '..');
const example = (name: string) => readFileSync(join(ROOT, 'examples', 'gymnasium', name), 'utf8');

interface Case {
  /** Python module name of the exported spec. */
  readonly module: string;
  readonly id: string;
  readonly kwargs?: Record<string, unknown>;
  readonly spec: string;
  /** The spec pays exactly the environment's own reward. */
  readonly sameAsEnv: boolean;
}

const CASES: readonly Case[] = [
  { module: 'cartpole_reward', id: 'CartPole-v1', spec: example('cartpole-v1.reward'), sameAsEnv: true },
  { module: 'mountaincar_reward', id: 'MountainCar-v0', spec: example('mountaincar-v0.reward'), sameAsEnv: true },
  {
    module: 'pendulum_reward',
    id: 'Pendulum-v1',
    sameAsEnv: false,
    spec: `discount 0.99
horizon 200
signal c: number in [-1, 1] = obs[0]
signal s: number in [-1, 1] = obs[1]
signal w: number in [-8, 8] = obs[2]
action u: number in [-2, 2] = action[0]
term cost = 0.1 * w^2 + 0.001 * u^2
reward main {
  -1 * cost
  -1 * (1 - c)
}
`,
  },
  {
    module: 'acrobot_reward',
    id: 'Acrobot-v1',
    sameAsEnv: false,
    spec: `discount 0.99
horizon 500
signal c1: number in [-1, 1] = obs[0]
signal s1: number in [-1, 1] = obs[1]
signal c2: number in [-1, 1] = obs[2]
signal s2: number in [-1, 1] = obs[3]
action torque: enum { minus, zero, plus }
prop up = -c1 - (c1 * c2 - s1 * s2) > 1
def height = -c1 - (c1 * c2 - s1 * s2)
potential phi = height
reward main {
  (up' ? 0 : -1)
  shaping phi
}
`,
  },
  {
    module: 'frozenlake_reward',
    id: 'FrozenLake-v1',
    sameAsEnv: true,
    spec: `discount 0.99
horizon 100
signal cell: int in [0, 15] = obs
action move: enum { left, down, right, up }
reward main {
  (cell' == 15 ? 1 : 0)
}
`,
  },
  {
    module: 'cliffwalking_reward',
    id: 'CliffWalking-v1',
    kwargs: { max_episode_steps: 60 },
    sameAsEnv: true,
    spec: `discount 0.99
horizon 60
signal cell: int in [0, 47] = obs
action move: enum { up, right, down, left }
// The cliff is row 3, columns 1 to 10 (cells 37 to 46): a step into it pays -100.
prop fall = (cell >= 25 && cell <= 34 && move == down) || (cell == 36 && move == right)
reward main {
  (fall ? -100 : -1)
}
`,
  },
  {
    module: 'taxi_reward',
    id: 'Taxi-v4',
    kwargs: { max_episode_steps: 40 },
    sameAsEnv: false,
    spec: `discount 0.99
horizon 40
signal state: int in [0, 499] = obs
action move: enum { south, north, east, west, pickup, dropoff }
prop fumble = move == pickup || move == dropoff
machine tries {
  initial none
  terminal many
  none -> one when fumble reward -1
  one -> many when fumble reward -2
}
reward main {
  -1
  tries
}
`,
  },
];

// One Python process runs every case: check_env (render modes included, headless through
// SDL's dummy driver), env.spec recreation, pickling, one logged rollout of the single wrapped
// environment, then both vector environments against single environments replayed with the
// same seeds and actions.
const SCRIPT = String.raw`
import functools, importlib, json, pickle, sys
import numpy as np
import gymnasium
from gymnasium.utils.env_checker import check_env
from gymnasium.vector import SyncVectorEnv, AsyncVectorEnv
import cloudpickle

def plain(x):
    if isinstance(x, np.ndarray):
        return x.tolist()
    if isinstance(x, np.generic):
        return x.item()
    return x

def make(module, env_id, kwargs):
    m = importlib.import_module(module)
    return m.RewardWrapper(gymnasium.make(env_id, **kwargs))

def first_episode(module, env_id, kwargs, seed, actions):
    env = make(module, env_id, kwargs)
    env.reset(seed=seed)
    out = []
    for a in actions:
        _obs, r, te, tr, _info = env.step(a)
        out.append(r)
        if te or tr:
            break
    return out

results = []
for case in json.load(open(sys.argv[1])):
    module, env_id, kwargs = case["module"], case["id"], case["kwargs"]
    m = importlib.import_module(module)
    res = {"module": module}
    env = make(module, env_id, kwargs)
    check_env(env)
    check_env(m.RewardWrapper(gymnasium.make(env_id, **kwargs), observation="flat"))
    again = gymnasium.make(env.spec)
    res["recreated"] = type(again).__name__
    res["spec_wrapper"] = env.spec.additional_wrappers[-1].entry_point
    copy = cloudpickle.loads(cloudpickle.dumps(env))
    copy.reset(seed=1)
    res["pickled_step"] = isinstance(copy.step(copy.action_space.sample())[1], float)
    res["pickle_stdlib"] = type(pickle.loads(pickle.dumps(env))).__name__

    # One logged rollout, with the seeds fixed.
    obs, info = env.reset(seed=7)
    env.action_space.seed(7)
    records, rewards, env_rewards, components = [], [], [], []
    last = {"obs": plain(obs["obs"])}
    for t in range(300):
        a = env.action_space.sample()
        obs, r, te, tr, info = env.step(a)
        last["action"] = plain(a)
        records.append(last)
        rewards.append(r)
        env_rewards.append(float(info["env_reward"]))
        components.append(info["reward_components"])
        last = {"obs": plain(obs["obs"])}
        if te or tr:
            last["terminated" if te else "truncated"] = True
            break
    records.append(last)
    with open(module + ".jsonl", "w") as f:
        for rec in records:
            f.write(json.dumps(rec) + "\n")
    res.update(rewards=rewards, env_rewards=env_rewards, components=components, obs_keys=sorted(obs))

    # Vector environments: the first episode of each sub-environment, against a replay.
    space = env.action_space
    space.seed(11)
    actions = [[space.sample() for _ in range(2)] for _ in range(300)]
    fns = [functools.partial(make, module, env_id, kwargs) for _ in range(2)]
    for name, cls in (("sync", SyncVectorEnv), ("async", AsyncVectorEnv)):
        venv = cls(fns)
        venv.reset(seed=[3, 4])
        paid = [[], []]
        live = [True, True]
        has_components = True
        for step in actions:
            _obs, r, te, tr, info = venv.step(np.array(step))
            has_components = has_components and "reward_components" in info
            for i in range(2):
                if live[i]:
                    paid[i].append(float(r[i]))
                    if te[i] or tr[i]:
                        live[i] = False
            if not any(live):
                break
        venv.close()
        replay = [first_episode(module, env_id, kwargs, 3 + i, [a[i] for a in actions]) for i in range(2)]
        res[name] = {"same": paid == replay, "steps": [len(p) for p in paid], "components": has_components}
    results.append(res)
print(json.dumps(results))
`;

test('RewardWrapper runs the real Gymnasium environments: check_env, env.spec, pickle, Sync and Async vector envs, and pays what reward eval computes', async () => {
  const dir = tempDir();
  for (const c of CASES) {
    const a = analyze(c.spec);
    assert.equal(a.hasErrors, false, `${c.id}: ${a.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message).join('; ')}`);
    writeFileSync(join(dir, `${c.module}.py`), exportPython(a.model, { specName: `${c.module}.reward` }));
    writeFileSync(join(dir, `${c.module}.reward`), c.spec);
  }
  writeFileSync(join(dir, 'cases.json'), JSON.stringify(CASES.map((c) => ({ module: c.module, id: c.id, kwargs: c.kwargs ?? {} }))));
  writeFileSync(join(dir, 'run.py'), SCRIPT);
  const r = runPythonScript(join(dir, 'run.py'), [join(dir, 'cases.json')], dir, gymnasiumEnv(dir));
  assert.equal(r.code, 0, r.err);
  const results = JSON.parse(r.out) as {
    module: string; recreated: string; spec_wrapper: string; pickled_step: boolean; pickle_stdlib: string;
    rewards: number[]; env_rewards: number[]; components: Record<string, number>[]; obs_keys: string[];
    sync: { same: boolean; steps: number[]; components: boolean }; async: { same: boolean; steps: number[]; components: boolean };
  }[];
  assert.equal(results.length, CASES.length);
  for (const [i, c] of CASES.entries()) {
    const res = results[i];
    assert.equal(res.recreated, 'RewardWrapper', c.id);
    assert.equal(res.spec_wrapper, `${c.module}:RewardWrapper`, c.id);
    assert.equal(res.pickled_step, true, c.id);
    assert.equal(res.pickle_stdlib, 'RewardWrapper', c.id);
    assert.ok(res.rewards.length >= 2, `${c.id}: ${res.rewards.length} steps`);
    if (c.sameAsEnv) assert.deepEqual(res.rewards, res.env_rewards, `${c.id}: the spec pays the environment's reward`);
    // The logged rollout through `reward eval` gives what the wrapper paid, component by component.
    const ts = await tsEval(join(dir, `${c.module}.reward`), [join(dir, `${c.module}.jsonl`)]);
    assert.equal(ts.code, 0, ts.err);
    const out = JSON.parse(ts.out) as { steps: { reward: number; components: Record<string, number> }[]; problems: unknown[] };
    assert.deepEqual(out.problems, [], c.id);
    assert.equal(out.steps.length, res.rewards.length, c.id);
    out.steps.forEach((s, t) => {
      assert.ok(Math.abs(s.reward - res.rewards[t]) <= 1e-9, `${c.id} step ${t}: eval ${s.reward}, wrapper ${res.rewards[t]}`);
      for (const [k, v] of Object.entries(s.components)) assert.ok(Math.abs(v - res.components[t][k]) <= 1e-9, `${c.id} step ${t} ${k}`);
    });
    for (const mode of ['sync', 'async'] as const) {
      assert.equal(res[mode].same, true, `${c.id} ${mode}: the vector env pays what single environments pay`);
      assert.ok(res[mode].steps.every((n) => n >= 1), `${c.id} ${mode}`);
      assert.equal(res[mode].components, true, `${c.id} ${mode}: info carries reward_components`);
    }
  }
});

// LANGUAGE.md section 13: a reward that reads prev(NAME) is Markov once the previous values are
// observed; the wrapper adds them, as it adds machine states.
const PREV_SPEC = `discount 0.99
horizon 200
signal w: number in [-8, 8] = obs[2]
action u: number in [-2, 2] = action[0]
term rate = (u - prev(u))^2
term spin = (w - prev(w))^2
reward main {
  -0.1 * rate
  -0.01 * spin
}
`;

const PREV_SCRIPT = String.raw`
import json, sys
import numpy as np
import gymnasium
from gymnasium.utils.env_checker import check_env
import pendulum_prev as m

check_env(m.RewardWrapper(gymnasium.make("Pendulum-v1")))
check_env(m.RewardWrapper(gymnasium.make("Pendulum-v1"), observation="flat"))
env = m.RewardWrapper(gymnasium.make("Pendulum-v1"))
flat = m.RewardWrapper(gymnasium.make("Pendulum-v1"), observation="flat")
obs, _ = env.reset(seed=5)
fobs, _ = flat.reset(seed=5)
out = {"space": sorted(env.observation_space["prev"].spaces), "flat_size": int(flat.observation_space.shape[0]),
       "reset_prev": {k: v.tolist() for k, v in obs["prev"].items()}, "steps": []}
for a in (0.5, -1.25, 2.0):
    last_w = float(obs["obs"][2])
    obs, r, te, tr, _ = env.step(np.array([a], dtype=np.float32))
    fobs, fr, _, _, _ = flat.step(np.array([a], dtype=np.float32))
    out["steps"].append({"action": a, "last_w": last_w, "w": float(obs["obs"][2]), "prev": {k: v.tolist() for k, v in obs["prev"].items()},
                         "flat_tail": fobs[-2:].tolist(), "same_reward": r == fr, "contains": bool(env.observation_space.contains(obs))})
print(json.dumps(out))
`;

test('RewardWrapper adds the values prev reads to the observation (dict and flat), and passes check_env with them', () => {
  const dir = tempDir();
  const a = analyze(PREV_SPEC);
  assert.equal(a.hasErrors, false);
  writeFileSync(join(dir, 'pendulum_prev.py'), exportPython(a.model, { specName: 'pendulum_prev.reward' }));
  writeFileSync(join(dir, 'run.py'), PREV_SCRIPT);
  const r = runPythonScript(join(dir, 'run.py'), [], dir, gymnasiumEnv(dir));
  assert.equal(r.code, 0, r.err);
  const out = JSON.parse(r.out) as {
    space: string[]; flat_size: number; reset_prev: Record<string, number[]>;
    steps: { action: number; last_w: number; w: number; prev: Record<string, number[]>; flat_tail: number[]; same_reward: boolean; contains: boolean }[];
  };
  assert.deepEqual(out.space, ['u', 'w']);
  // Pendulum's observation is 3 numbers; two prev values of width 1 follow it.
  assert.equal(out.flat_size, 5);
  assert.deepEqual(out.reset_prev, { u: [0], w: [0] }, 'after reset: the defaults, zeros');
  for (const s of out.steps) {
    // After a step, prev holds that step's values: what prev(NAME) reads on the next one.
    assert.equal(s.prev.u[0], s.action);
    assert.equal(s.prev.w[0], s.last_w, 'prev(w) of the next step is w on the state the step left');
    assert.ok(Math.abs(s.flat_tail[0] - s.action) < 1e-6 && Math.abs(s.flat_tail[1] - s.last_w) < 1e-5, JSON.stringify(s));
    assert.equal(s.same_reward, true);
    assert.equal(s.contains, true);
  }
});
