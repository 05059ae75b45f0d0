// BatchReward and RewardVectorWrapper as LANGUAGE.md section 11 writes them: the state it keeps
// (machine_states, formula_states, ltl, done, reset(mask), active, autoreset, episode_sums()),
// RecordError naming the environment and the field, torch.jit.trace of the step, and the
// vector wrapper on the real Gymnasium under both autoreset modes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/analysis/analyze';
import { exportBatch } from '../../server/src/export/batch/module';
import { exportPython } from '../../server/src/export/python/module';
import { gymnasiumEnv, runPythonScript, tempDir, tsEval } from './harness';

const SPEC = `discount 0.9
signal x: number in [0, 10] = obs[0]
signal room: enum { hall, kitchen } = info.room
action move: enum { left, right }
prop goal
prop hazard
def dist = abs(x - 5)
potential phi = -dist
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
  0.5 * (dist - dist')
  shaping phi
}
reward sparse { task }
`;

function modules(dir: string, spec = SPEC): void {
  const a = analyze(spec);
  assert.equal(a.hasErrors, false, a.diagnostics.map((d) => d.message).join('\n'));
  writeFileSync(join(dir, 'spec_np.py'), exportBatch(a.model, 'numpy'));
  writeFileSync(join(dir, 'spec_torch.py'), exportBatch(a.model, 'torch'));
  writeFileSync(join(dir, 'spec_py.py'), exportPython(a.model));
}

function runPy(dir: string, script: string): unknown {
  const file = join(dir, 'use.py');
  writeFileSync(file, `import json, sys\nsys.path.insert(0, ${JSON.stringify(dir)})\n${script}`);
  const r = runPythonScript(file, [], dir, gymnasiumEnv(dir));
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out);
}

test('BatchReward keeps per-environment machine and formula states, done, active, reset(mask), autoreset and episode_sums()', () => {
  const dir = tempDir();
  modules(dir);
  const out = runPy(dir, `
import numpy as np
import spec_np as m
b = m.BatchReward(3)
def rec(xs, labels):
    return {"obs": np.array(xs, dtype=float).reshape(3, 1), "info": {"room": np.array(["hall", "kitchen", "hall"])}, "labels": labels}
F = np.array([False, False, False])
# Env 0 reaches the goal, env 1 meets the hazard, env 2 walks on.
r1, c1 = b.step(rec([4, 4, 1], [[], [], []]), np.array([1, 1, 1]), rec([5, 3, 2], [["goal"], ["hazard"], []]), F, F)
s1 = {"machines": b.machine_states["task"].tolist(), "ltl": b.ltl["safe"].tolist(), "done": b.done.tolist(), "dfa": b.formula_states["safe"].tolist()}
# Env 2 is inactive: it pays 0 and keeps its state; env 0 terminates (autoreset); env 1 goes on.
r2, c2 = b.step(rec([5, 3, 2], [[], [], []]), np.array([1, 1, 1]), rec([6, 2, 3], [[], [], []]), np.array([True, False, False]), F, np.array([True, True, False]))
s2 = {"machines": b.machine_states["task"].tolist(), "ltl": b.ltl["safe"].tolist(), "done": b.done.tolist()}
sums = b.episode_sums()
again = b.episode_sums()
b.reset(np.array([False, True, False]))
s3 = {"machines": b.machine_states["task"].tolist(), "ltl": b.ltl["safe"].tolist()}
print(json.dumps({"r1": r1.tolist(), "c1": dict((k, v.tolist()) for k, v in c1.items()), "s1": s1,
                  "r2": r2.tolist(), "s2": s2, "s3": s3,
                  "sums": {"env": sums["env"].tolist(), "steps": sums["steps"].tolist(), "return": sums["return"].tolist(),
                           "discounted_return": sums["discounted_return"].tolist(), "terminated": sums["terminated"].tolist(),
                           "components": dict((k, v.tolist()) for k, v in sums["components"].items())},
                  "again": len(again["env"]), "keys": list(b.keys), "sparse": m.BatchReward(2, "sparse").keys}))
`) as Record<string, any>;
  // Step 1: the machine pays 10 (env 0) and -10 (env 1); the formula is rejected on env 1.
  assert.deepEqual(out.c1.task, [10, -10, 0]);
  assert.deepEqual(out.c1.safe, [0, -1, 0]);
  assert.deepEqual(out.s1.machines, [1, 2, 0]);
  assert.deepEqual(out.s1.ltl, [0, 2, 0]);
  // done: the machine is terminal, but the formula of 'main' is undecided on env 0.
  assert.deepEqual(out.s1.done, [false, true, false]);
  // Step 2: env 0 terminates: the formula is judged (accepted, +1) and its states reset.
  assert.equal(out.r2[2], 0);
  assert.deepEqual(out.s2.done, [true, true, false]);
  assert.deepEqual(out.s2.machines, [0, 2, 0]);
  assert.deepEqual(out.s2.ltl, [0, 2, 0]);
  assert.deepEqual(out.sums.env, [0]);
  assert.deepEqual(out.sums.steps, [2]);
  assert.deepEqual(out.sums.terminated, [true]);
  assert.ok(Math.abs(out.sums.return[0] - (out.r1[0] + out.r2[0])) < 1e-12);
  assert.ok(Math.abs(out.sums.discounted_return[0] - (out.r1[0] + 0.9 * out.r2[0])) < 1e-12);
  assert.deepEqual(out.sums.components.task, [10]);
  assert.deepEqual(out.sums.components.safe, [1]);
  assert.equal(out.again, 0);
  // reset(mask) restarts env 1 only.
  assert.deepEqual(out.s3.machines, [0, 0, 0]);
  assert.deepEqual(out.s3.ltl, [0, 0, 0]);
  assert.deepEqual(out.keys, ['task', 'safe', "0.5 * (dist - dist')", 'shaping phi']);
  assert.deepEqual(out.sparse, ['task']);
});

test('a batched record that cannot be read raises RecordError naming the environment and the field', () => {
  const dir = tempDir();
  modules(dir);
  const out = runPy(dir, `
import numpy as np, torch
import spec_np as m, spec_torch as t
def rec(xs, rooms=None, labels=None):
    r = {"obs": np.array(xs, dtype=float).reshape(-1, 1), "info": {"room": np.array(rooms or ["hall"] * len(xs))}}
    if labels is not None:
        r["labels"] = labels
    return r
F = np.zeros(3, dtype=bool)
A = np.array([0, 1, 0])
errors = []
def attempt(module, state, action, nxt, term=F):
    b = module.BatchReward(3)
    try:
        b.step(state, action, nxt, term, F)
        errors.append(None)
    except module.RecordError as e:
        errors.append([e.record, e.env, e.field, str(e)])
attempt(m, rec([1, 2, 3]), A, rec([1, float("nan"), 3]))
attempt(m, rec([1, 2, 3]), A, {"obs": np.zeros((3, 1))})
attempt(m, rec([1, 2, 3], ["hall", "hall", "attic"]), A, rec([1, 2, 3]))
attempt(m, rec([1, 2, 3]), np.array([0, 1, 5]), rec([1, 2, 3]))
attempt(m, rec([1, 2, 3]), A, rec([1, 2, 3], labels=[["goal"], 7, []]))
attempt(m, rec([1, 2]), A, rec([1, 2, 3]))
attempt(m, rec([1, 2, 3]), A, rec([1, 2, 3]), np.array([0, 2, 0]))
attempt(t, {"obs": torch.tensor([[1.0], [2.0], [3.0]]), "info": {"room": torch.tensor([0, 0, 1])}}, torch.tensor([0, 1, 0]),
        {"obs": torch.tensor([[1.0], [2.0], [float("inf")]]), "info": {"room": torch.tensor([0, 0, 1])}})
attempt(t, {"obs": torch.zeros(3, 1), "info": {"room": torch.tensor([0, 3, 1])}}, torch.tensor([0, 1, 0]), {"obs": torch.zeros(3, 1), "info": {"room": torch.tensor([0, 0, 1])}})
print(json.dumps(errors))
`) as (string | number)[][];
  assert.deepEqual(out.map((e) => e.slice(0, 3)), [
    ['next_state', 1, 'obs[0]'],
    ['next_state', 0, 'info.room'],
    ['state', 2, 'info.room'],
    ['state', 2, 'action'],
    ['next_state', 1, 'labels'],
    ['state', 0, 'obs[0]'],
    ['terminated', 1, 'terminated'],
    ['next_state', 2, 'obs[0]'],
    ['state', 1, 'info.room'],
  ]);
  assert.equal(out[0][3], 'next_state of environment 1: obs[0]: not a finite number (got NaN)');
  assert.equal(out[1][3], 'next_state of environment 0: info.room: missing field');
  assert.equal(out[2][3], 'state of environment 2: info.room: expected one of hall, kitchen (or an index 0..1), got "attic"');
  assert.equal(out[3][3], 'state of environment 2: action: expected one of left, right (or an index 0..1), got 5');
  assert.match(String(out[4][3]), /^next_state of environment 1: labels: expected an array of names/);
  assert.equal(out[5][3], 'state of environment 0: obs[0]: expected an array with 3 rows (one per environment), got shape (2, 1)'.replace('(2, 1)', '(2,)'));
  assert.equal(out[7][3], 'next_state of environment 2: obs[0]: not a finite number (got Infinity)');
});

// LANGUAGE.md section 9: "A value outside its declared range is reported and kept."
const RANGE_SPEC = `discount 0.9
signal x: number in [0, 10] = obs[0]
signal q: vector[3] in [-1, 1] = obs[1:7:2]
action a: number in [-2, 2]
reward main {
  x + sum(q) + a
}
`;

test('a value outside its declared range is reported, as reward eval words it, and kept (numpy and torch)', async () => {
  const dir = tempDir();
  modules(dir, RANGE_SPEC);
  // Environment 1's state and next state as a trajectory, for reward eval's own words.
  const env1 = [{ obs: [11, 0, 0, 1.5, 0, 0, 0], action: -2.5 }, { obs: [2, 0, 0, 0, 0, -1.25, 0], terminated: true }];
  const file = join(dir, 'env1.jsonl');
  writeFileSync(file, env1.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const spec = join(dir, 'range.reward');
  writeFileSync(spec, RANGE_SPEC);
  const ev = JSON.parse((await tsEval(spec, [file])).out) as { steps: { reward: number }[]; problems: { field: string; message: string }[] };
  const out = runPy(dir, `
import warnings
import numpy as np, torch
import spec_np as m, spec_torch as t
results = {}
def unchecked(mod, conv, s, a, n):
    b = mod.BatchReward(3, check=False)
    b.step({"obs": conv(s)}, conv(a), {"obs": conv(n)}, conv(np.zeros(3, bool)), conv(np.zeros(3, bool)))
    return len(b.warnings)
for name, mod, conv in (("numpy", m, np.asarray), ("torch", t, torch.as_tensor)):
    # env 0 in range (obs[5] = 1.00000001 is float32's 1, at the bound); env 1 out of range in
    # both records; env 2 out of range but inactive.
    s = np.zeros((3, 7)); s[0, 5] = 1.00000001; s[1, 0] = 11; s[1, 3] = 1.5; s[2, 0] = -5
    n = np.zeros((3, 7)); n[1, 0] = 2; n[1, 5] = -1.25; n[2, 1] = 9
    a = np.array([2.0, -2.5, 7.0])
    b = mod.BatchReward(3)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r, _c = b.step({"obs": conv(s)}, conv(a), {"obs": conv(n)}, conv(np.array([False, True, False])), conv(np.zeros(3, bool)), conv(np.array([True, True, False])))
    # 1,200 values out of range: the first 1,000 listed, the rest counted by field.
    many = mod.BatchReward(600)
    big = np.zeros((600, 7)); big[:, 0] = 20
    with warnings.catch_warnings(record=True) as caught2:
        warnings.simplefilter("always")
        for _ in range(2):
            many.step({"obs": conv(big)}, conv(np.zeros(600)), {"obs": conv(np.zeros((600, 7)))}, conv(np.zeros(600, bool)), conv(np.zeros(600, bool)))
    results[name] = {"reward": [float(v) for v in r], "warnings": [list(w) for w in b.warnings], "more": b.more_warnings,
                     "issued": [(str(w.message), w.category.__name__) for w in caught],
                     "many": len(many.warnings), "many_more": many.more_warnings, "many_last": list(many.warnings[-1]), "issued2": len(caught2),
                     "unchecked": unchecked(mod, conv, s, a, n)}
print(json.dumps(results))
`) as Record<string, { reward: number[]; warnings: [string, number, number, string, string][]; more: Record<string, number>; issued: [string, string][]; many: number; many_more: Record<string, number>; many_last: unknown[]; issued2: number; unchecked: number }>;
  const evalWords = ev.problems.map((p) => `${p.field}: ${p.message}`).sort();
  assert.equal(evalWords.length, 4, JSON.stringify(ev.problems));
  for (const [backend, r] of Object.entries(out)) {
    // Kept: the reward is paid on the values as they are.
    assert.deepEqual(r.reward, [2 + 1.00000001, ev.steps[0].reward, 0], backend);
    assert.equal(ev.steps[0].reward, 11 + 1.5 - 2.5);
    // Reported: environment 1 only, each value once per record it is read from, with the
    // element path of a vector and reward eval's message.
    assert.deepEqual(r.warnings.map((w) => `${w[3]}: ${w[4]}`).sort(), evalWords, backend);
    assert.deepEqual([...new Set(r.warnings.map((w) => `${w[0]} ${w[1]} ${w[2]}`))].sort(), ['next_state 0 1', 'state 0 1'], backend);
    assert.deepEqual(r.more, {}, backend);
    // One RangeWarning per field (obs[0], obs, action), naming the environment and the value.
    assert.equal(r.issued.length, 3, backend);
    assert.ok(r.issued.every(([, category]) => category === 'RangeWarning'), backend);
    assert.match(r.issued[0][0], /^BatchReward, state of environment 1 at step 0: obs\[0\]: value 11 is outside the declared range \[0, 10\]/, backend);
    // Bounded as reward eval bounds its problems: the first 1,000 whole, the rest counted.
    assert.equal(r.many, 1000, backend);
    assert.deepEqual(r.many_more, { 'obs[0]': 200 }, backend);
    assert.deepEqual(r.many_last, ['state', 1, 399, 'obs[0]', 'value 20 is outside the declared range [0, 10]'], backend);
    assert.equal(r.issued2, 1, backend);
    // check=False skips the checks (on a GPU each waits for the device).
    assert.equal(r.unchecked, 0, backend);
  }
});

// The traced step also looks up a machine whose transition rewards are expressions (the
// reward-row gather) and one with an \`otherwise\`.
const TRACE_SPEC = SPEC.replace(
  'reward main {\n  task\n',
  'machine streak {\n  initial low\n  low -> high when x > 5 reward x - 5\n  high -> low when x <= 5 && hazard reward -dist\n  high -> high when otherwise reward 0.1\n}\nreward main {\n  task\n  streak\n',
);

test('torch: the step is tensor operations only, torch.jit.trace of it gives what step gives', () => {
  const dir = tempDir();
  assert.notEqual(TRACE_SPEC, SPEC);
  modules(dir, TRACE_SPEC);
  // The machines in both forms of their letter class (machine-tables.ts): dense and gathered.
  writeFileSync(join(dir, 'spec_torch_gathered.py'), exportBatch(analyze(TRACE_SPEC).model, 'torch', { denseGuards: 0 }));
  for (const module of ['spec_torch', 'spec_torch_gathered']) {
    const out = runPy(dir, `
import warnings
warnings.filterwarnings("ignore")
import torch
import ${module} as t
torch.manual_seed(0)
N = 64
eager, traced = t.BatchReward(N), t.BatchReward(N)
def batch():
    x = torch.randint(0, 11, (N, 1)).double()
    return {"obs": x, "info": {"room": torch.randint(0, 2, (N,))}, "labels": torch.rand(N, 2) < 0.1}
s = batch()
first = True
worst = 0.0
ends = 0
for step in range(200):
    a = torch.randint(0, 2, (N,))
    n = batch()
    term = torch.rand(N) < 0.05
    trunc = torch.rand(N) < 0.02
    active = torch.rand(N) < 0.9
    if first:
        traced.trace(s, a, n, term, trunc, active)
        first = False
    r1, c1 = eager.step(s, a, n, term, trunc, active)
    r2, c2 = traced.step(s, a, n, term, trunc, active)
    worst = max(worst, float((r1 - r2).abs().max()))
    for k in c1:
        worst = max(worst, float((c1[k] - c2[k]).abs().max()))
    for k in eager.machine_states:
        assert torch.equal(eager.machine_states[k], traced.machine_states[k])
    for k in eager.ltl:
        assert torch.equal(eager.ltl[k], traced.ltl[k])
    ends += int((term | trunc).sum())
    s = n
e, d = eager.episode_sums(), traced.episode_sums()
print(json.dumps({"worst": worst, "ends": ends, "episodes": [len(e["env"]), len(d["env"])], "same_returns": bool(torch.equal(e["return"], d["return"])), "dtype": str(r1.dtype)}))
  `) as { worst: number; ends: number; episodes: number[]; same_returns: boolean; dtype: string };
    assert.equal(out.worst, 0);
    assert.ok(out.ends > 100, String(out.ends));
    assert.equal(out.episodes[0], out.episodes[1]);
    assert.ok(out.episodes[0] > 50);
    assert.equal(out.same_returns, true);
    assert.equal(out.dtype, 'torch.float64');
  }
});

// The vector wrapper against single environments wrapped by the scalar RewardWrapper, replayed
// with the same seeds and actions, over several episodes per sub-environment.
const CARTPOLE_SPEC = `discount 0.99
horizon 500
signal x: number = obs[0]
signal theta: number = obs[2]
action push: enum { left, right }
prop leaning = abs(theta) > 0.05
potential phi = -abs(x)
machine wobble {
  initial calm
  terminal over
  calm -> shaky when leaning reward -1
  shaky -> over when leaning && push == left reward -2
}
reward main {
  wobble
  1
  0.1 * (push == right ? 1 : 0)
  shaping phi
}
`;

test('RewardVectorWrapper pays what single wrapped environments pay, under next-step and same-step autoreset (numpy and torch)', () => {
  const dir = tempDir();
  modules(dir, CARTPOLE_SPEC);
  const out = runPy(dir, `
import numpy as np
import gymnasium
from gymnasium.vector import SyncVectorEnv, AutoresetMode
import spec_np, spec_torch, spec_py
N, STEPS = 3, 120
rng = np.random.default_rng(5)
actions = rng.integers(0, 2, size=(STEPS, N))
results = {}
for mode in (AutoresetMode.NEXT_STEP, AutoresetMode.SAME_STEP):
    for name, module in (("numpy", spec_np), ("torch", spec_torch)):
        venv = module.RewardVectorWrapper(SyncVectorEnv([lambda: gymnasium.make("CartPole-v1") for _ in range(N)], autoreset_mode=mode))
        venv.reset(seed=[10, 11, 12])
        paid, ends = [[] for _ in range(N)], [[] for _ in range(N)]
        resetting = np.zeros(N, dtype=bool)
        for t in range(STEPS):
            _obs, r, te, tr, info = venv.step(actions[t])
            for i in range(N):
                if mode == AutoresetMode.NEXT_STEP and resetting[i]:
                    assert r[i] == 0, "a reset step pays 0"
                    continue
                paid[i].append(float(r[i]))
                ends[i].append(bool(te[i] or tr[i]))
            resetting = te | tr
        # Replay each sub-environment alone with the scalar wrapper.
        same = True
        for i in range(N):
            env = spec_py.RewardWrapper(gymnasium.make("CartPole-v1"))
            env.reset(seed=10 + i)
            k = 0
            expect = []
            skip = False
            for t in range(STEPS):
                if skip:
                    skip = False
                    continue
                _o, r, te, tr, _info = env.step(actions[t][i])
                expect.append(r)
                if te or tr:
                    env.reset()
                    skip = mode == AutoresetMode.NEXT_STEP
            same = same and len(expect) == len(paid[i]) and max(abs(a - b) for a, b in zip(expect, paid[i])) < 1e-9
        results["%s/%s" % (mode.value, name)] = {"same": same, "episodes": sum(sum(e) for e in ends), "components": sorted(info["reward_components"])}
print(json.dumps(results))
`) as Record<string, { same: boolean; episodes: number; components: string[] }>;
  assert.deepEqual(Object.keys(out).sort(), ['NextStep/numpy', 'NextStep/torch', 'SameStep/numpy', 'SameStep/torch']);
  for (const [k, r] of Object.entries(out)) {
    assert.equal(r.same, true, k);
    assert.ok(r.episodes >= 3, `${k}: ${r.episodes} episodes`);
    assert.deepEqual(r.components, ['0.1 * (push == right ? 1 : 0)', '1', 'shaping phi', 'wobble'], k);
  }
});
