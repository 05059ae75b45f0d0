// `reward import rm FILE`: every task file of the reward_machines library (copied in
// test/fixtures/reward_machines) imports through the CLI, checks without errors and evaluates;
// label traces whose rewards follow by hand from that library's semantics (RewardMachine.step:
// the first transition whose guard holds, the episode ends when none holds, rewards of
// ConstantRewardFunction and of RewardControl = info's reward_ctrl on the reached state).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/analysis/analyze';
import { run } from '../../server/src/cli/import';
import { compareRuns, runPythonBatch, tempDir, tsEval, writeModule, type PyCase, type RunResult } from './harness';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'reward_machines');

async function importRm(argv: string[]): Promise<{ code: number; out: string; err: string[] }> {
  let out = '';
  const err: string[] = [];
  const code = await run(argv, { out: (s) => (out += s), err: (s) => err.push(s), stdout: process.stdout });
  return { code, out, err };
}

interface Evaluated {
  steps: { reward: number; machines: Record<string, string> }[];
  episodes: { steps: number; return: number; end: string }[];
  problems: unknown[];
}

/** Every evaluation here is also run by the exported Python module, at the end (one process). */
const pythonChecks: { py: PyCase; ts: RunResult; name: string }[] = [];

/** Imports FILE, writes the spec and a trajectory of label sets (one record per state), evaluates it. */
async function evaluateTrace(file: string, records: readonly Record<string, unknown>[]): Promise<Evaluated> {
  const dir = tempDir();
  const imported = await importRm(['rm', file]);
  const spec = join(dir, 'task.reward');
  writeFileSync(spec, imported.out);
  const traj = join(dir, 'trace.jsonl');
  writeFileSync(traj, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const r = await tsEval(spec, [traj]);
  assert.equal(r.code, 0, r.err);
  const module = join(dir, 'task.py');
  writeModule(imported.out, module);
  pythonChecks.push({ py: { module, argv: [traj] }, ts: r, name: file });
  return JSON.parse(r.out) as Evaluated;
}

/** Records for a label trace: s_0 carries no label; record t+1 holds L_t. */
const trace = (labels: readonly string[], end: 'terminated' | 'truncated' = 'truncated') =>
  ['', ...labels].map((l, i) => ({ labels: l, ...(i === labels.length ? { [end]: true } : {}) }));

const files = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(join(FIXTURES, d.name)).filter((n) => n.endsWith('.txt')).map((n) => join(FIXTURES, d.name, n)));

test('every reward_machines task file imports, checks without errors and evaluates', async () => {
  assert.ok(files.length >= 26, `${files.length} task files`);
  for (const file of files) {
    const imported = await importRm(['rm', file]);
    assert.equal(imported.code, 0, file);
    const a = analyze(imported.out);
    assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), [], file);
    // Every label each file's props can show, one at a time, then all of them: the machine
    // moves, and the evaluation reports no problem.
    const props = a.model.props.map((p) => p.name.text);
    const labels = [...props, props.join(''), '', ...props.reverse()];
    const result = await evaluateTrace(file, trace(labels).map((r) => (a.model.signals.length ? { ...r, info: { reward_ctrl: -0.5, reward_run: 2 } } : r)));
    assert.deepEqual(result.problems, [], file);
    assert.ok(result.steps.length > 0, file);
    assert.equal(result.episodes.length, 1, file);
  }
});

test('office t1 (coffee to the office): rewards by hand, and a plant ends the episode with 0', async () => {
  // (0,0,'!f&!n',0) (0,1,'f&!n',0) (1,1,'!g&!n',0) (1,2,'g&!n',1); terminal 2.
  const file = join(FIXTURES, 'office', 't1.txt');
  const ok = await evaluateTrace(file, trace(['', 'f', 'e', 'g'], 'terminated'));
  assert.deepEqual(ok.steps.map((s) => s.reward), [0, 0, 0, 1]);
  assert.deepEqual(ok.steps.map((s) => s.machines.t1), ['u0', 'u1', 'u1', 'u2']);
  // A plant: no guard of u1 holds, reward_machines ends the episode (reward 0): u_end.
  const plant = await evaluateTrace(file, trace(['f', 'n', 'g']));
  assert.deepEqual(plant.steps.map((s) => s.reward), [0, 0, 0]);
  assert.deepEqual(plant.steps.map((s) => s.machines.t1), ['u1', 'u_end', 'u_end']);
});

test('craft t1 (get a, then b): rewards by hand', async () => {
  // (0,0,'!a',0) (0,1,'a',0) (1,1,'!b',0) (1,2,'b',1); terminal 2.
  const r = await evaluateTrace(join(FIXTURES, 'craft', 't1.txt'), trace(['b', 'a', 'a', 'c', 'b', 'b']));
  assert.deepEqual(r.steps.map((s) => s.reward), [0, 0, 0, 0, 1, 0]);
  assert.deepEqual(r.steps.map((s) => s.machines.t1), ['u0', 'u1', 'u1', 'u1', 'u2', 'u2']);
  assert.equal(r.episodes[0].return, 1);
});

test('water t1 (initial state 1: touch a, then b): rewards by hand', async () => {
  // initial 1; (0,0,'!b',0) (0,2,'b',1) (1,1,'!a',0) (1,0,'a',0); terminal 2.
  const r = await evaluateTrace(join(FIXTURES, 'water', 't1.txt'), trace(['b', 'a', 'c', 'b']));
  assert.deepEqual(r.steps.map((s) => s.reward), [0, 0, 0, 1]);
  assert.deepEqual(r.steps.map((s) => s.machines.t1), ['u1', 'u0', 'u0', 'u2']);
});

test("mujoco t1: RewardControl pays the reached state's info.reward_ctrl, the constant 1000 on d", async () => {
  // (0,0,'!c',RewardControl) (0,1,'c',RewardControl) (1,1,'!d',RewardControl) (1,0,'d',1000); no terminal.
  const ctrl = [-0.1, -0.2, -0.3, -0.4, -0.5, -0.6];
  const labels = ['', 'c', '', 'd', 'c'];
  const records = trace(labels).map((r, i) => ({ ...r, info: { reward_ctrl: ctrl[i], reward_run: 3 } }));
  const r = await evaluateTrace(join(FIXTURES, 'mujoco', 't1.txt'), records);
  assert.deepEqual(r.steps.map((s) => s.machines.t1), ['u0', 'u1', 'u1', 'u0', 'u1']);
  const expected = [-0.2, -0.3, -0.4, 1000, -0.6];
  r.steps.forEach((s, i) => assert.ok(Math.abs(s.reward - expected[i]) < 1e-12, `step ${i}: ${s.reward}`));
});

test('RewardForward and RewardBackwards read reward_run and reward_ctrl; warnings and errors go to stderr with file:line', async () => {
  const dir = tempDir();
  const file = join(dir, 'run.txt');
  writeFileSync(file, [
    '0 # initial state',
    '[2] # terminal state',
    "(0,0,'!a',RewardForward())",
    "(0,1,'a',RewardBackwards())",
    "(1,2,'b',ConstantRewardFunction(5))",
    "(1,1,'!b',ConstantRewardFunction(0))",
    "(0,0,'!a',RewardForward())",
    'this line is not a transition',
  ].join('\n'));
  const imported = await importRm(['rm', file]);
  // A line that could not be imported is an error: exit 1, the rest written all the same.
  assert.equal(imported.code, 1);
  assert.ok(imported.err.some((e) => e.startsWith(`${file}:7: warning: repeated transition u0 -> u0`)), imported.err.join('\n'));
  assert.ok(imported.err.some((e) => e.startsWith(`${file}:8: error: `)), imported.err.join('\n'));
  const records = trace(['', 'a', 'b']).map((r, i) => ({ ...r, info: { reward_ctrl: -i, reward_run: 10 * i } }));
  const r = await evaluateTrace(file, records);
  // Forward: run + ctrl on the reached state (10 - 1); backwards: -run + ctrl (-20 - 2); then 5.
  assert.deepEqual(r.steps.map((s) => s.reward), [9, -22, 5]);
  const out = join(dir, 'out.reward');
  assert.equal((await importRm(['rm', file, '-o', out])).out, '');
  assert.equal(readFileSync(out, 'utf8'), imported.out);
  await assert.rejects(importRm(['rm', join(dir, 'missing.txt')]), /cannot read .*missing\.txt: no such file/);
  await assert.rejects(importRm(['json', file]), /needs a format: rm/);
});

test('the exported Python modules of the imported machines evaluate every trace above alike', () => {
  assert.ok(pythonChecks.length >= 30, `${pythonChecks.length} evaluations`);
  const py = runPythonBatch(pythonChecks.map((c) => c.py), tempDir());
  pythonChecks.forEach((c, i) => assert.equal(compareRuns(c.ts, py[i]), undefined, c.name));
});
