import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rewards, runSpec } from './run-spec';

// LANGUAGE.md section 4: how a reward machine reads labels and pays.

const spec = `
signal x: number
prop a = x == 1
prop b = x == 2
machine m {
  initial u0
  terminal done
  u0 -> u1 when a reward 1
  u0 -> u2 when a reward 5
  u1 -> done when b reward 10
  u1 -> u0 when otherwise reward -1
}
reward main { m }
`;

const episode = (xs: number[], end: 'terminated' | 'truncated' = 'terminated') =>
  xs.map((x, i) => ({ x, action: 0, ...(i === xs.length - 1 ? { [end]: true } : {}) }));

test('the first transition whose guard holds is taken, in source order', async () => {
  const o = await runSpec(spec, { 't.jsonl': episode([0, 1]) });
  assert.deepEqual(rewards(o), [1]);
  assert.equal(o.steps[0].machines.m, 'u1');
});

test('labels are read on the reached state: L_t holds on s_{t+1}', async () => {
  // s_0 has x = 1, but the label of step 0 is read on s_1 (x = 0): no transition.
  const o = await runSpec(spec, { 't.jsonl': episode([1, 0, 1]) });
  assert.deepEqual(rewards(o), [0, 1]);
  assert.deepEqual(o.steps.map((s) => s.props.a), [false, true]);
});

test('when no guard holds the machine stays and pays 0', async () => {
  const o = await runSpec(spec, { 't.jsonl': episode([0, 0, 2, 0]) });
  assert.deepEqual(rewards(o), [0, 0, 0]);
  assert.deepEqual(o.steps.map((s) => s.machines.m), ['u0', 'u0', 'u0']);
});

test('otherwise holds only when no other guard of the state holds', async () => {
  const o = await runSpec(spec, { 't.jsonl': episode([0, 1, 0, 1, 2]) });
  // u0 -a-> u1 (1); u1 otherwise -> u0 (-1); u0 -a-> u1 (1); u1 -b-> done (10)
  assert.deepEqual(rewards(o), [1, -1, 1, 10]);
});

test('a terminal state absorbs: it stays and pays 0 for the rest of the episode', async () => {
  const o = await runSpec(spec, { 't.jsonl': episode([0, 1, 2, 1, 2, 0]) });
  assert.deepEqual(rewards(o), [1, 10, 0, 0, 0]);
  assert.deepEqual(o.steps.map((s) => s.machines.m), ['u1', 'done', 'done', 'done', 'done']);
});

test('every machine runs, whichever reward is evaluated, and restarts each episode', async () => {
  const two = spec + 'reward other { 2 }\n';
  const o = await runSpec(two, { 't.jsonl': [...episode([0, 1]), ...episode([0, 0])] }, 'other');
  assert.deepEqual(rewards(o), [2, 2]);
  assert.deepEqual(o.steps.map((s) => s.machines.m), ['u1', 'u0']);
  assert.deepEqual(o.steps.map((s) => s.episode), [0, 1]);
});

test('a transition reward is an expression over the step (s_t, a_t, s_{t+1})', async () => {
  const s = `
signal x: number
machine m {
  initial u
  u -> u when true reward x' - x
}
reward main { m }
`;
  const o = await runSpec(s, { 't.jsonl': episode([0, 3, 2, 7]) });
  assert.deepEqual(rewards(o), [3, -1, 5]);
});

test('external labels come from the labels field of the reached state, as names or one-character strings', async () => {
  const s = `
prop a
prop coffee
machine m {
  initial u
  terminal v
  u -> v when a && coffee reward 1
}
reward main { m }
`;
  const o = await runSpec(s, {
    't.jsonl': [{ labels: [] , action: 0 }, { labels: ['a'], action: 0 }, { labels: ['a', 'coffee', 'unknown'], terminated: true }],
  });
  assert.deepEqual(rewards(o), [0, 1]);
  const s2 = s.replace('a && coffee', 'a');
  const o2 = await runSpec(s2, { 't.jsonl': [{ labels: '', action: 0 }, { labels: 'ba', terminated: true }] });
  assert.deepEqual(rewards(o2), [1]);
});

// eval/machine-table.ts: a machine whose guards are logic over the props (reward_machines'
// office machines) steps by one table lookup; the table means what the switch means.
test('a machine whose guards are logic over props steps by a table, equal to the reference on every state and letter', async () => {
  const { readFileSync } = await import('node:fs');
  const { analyze } = await import('../../server/src/analysis/analyze');
  const { importRewardMachine } = await import('../../server/src/interop/rm-import');
  const { compileProgram } = await import('../../server/src/eval/program');
  const { compileReference, ReferenceRunner } = await import('../../server/src/eval/reference');
  const { Runner } = await import('../../server/src/eval/runner');
  const { machineTables } = await import('../../server/src/eval/machine-table');
  const text = importRewardMachine(readFileSync('test/fixtures/reward_machines/office/t4.txt', 'utf8'), 't4').text;
  const model = analyze(text).model;
  const program = compileProgram(model);
  const [table] = machineTables(program.lowered);
  assert.ok(table, 'office t4 is stepped by a table');
  assert.equal(table.width, 32);
  const ours = new Runner(program);
  const ref = new ReferenceRunner(compileReference(model));
  // Every letter from every state the walk reaches, episodes restarting after 40 steps.
  let seed = 3;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  const width = program.layout.width;
  let cur = new Float64Array(width);
  for (let t = 0; t < 20_000; t++) {
    const next = new Float64Array(width);
    const letter = rand() < 0.6 ? 0 : Math.floor(rand() * 32);
    for (let b = 0; b < 5; b++) next[program.layout.index.get('abcdn'[b])!] = (letter >> b) & 1;
    const end = t % 40 === 39 ? 'truncated' : null;
    assert.equal(ours.step(cur, next, end), ref.step(cur, next, end), `step ${t}`);
    assert.deepEqual(ours.machineState, ref.machineState, `step ${t}`);
    assert.deepEqual(ours.props, ref.props, `step ${t}`);
    cur = next;
    if (end) {
      ours.reset();
      ref.reset();
    }
  }
  // A guard on a comparison, or a reward that is not a constant, keeps the switch.
  // (Props with a body are atoms: the spec at the top has a table.)
  assert.equal(machineTables(compileProgram(analyze(spec).model).lowered)[0]?.width, 4);
  const byComparison = compileProgram(analyze('signal x: number\nprop a\nmachine m {\n  initial u\n  u -> u when a && x > 3 reward 1\n}\nreward main { m }\n').model).lowered;
  assert.deepEqual(machineTables(byComparison), [undefined]);
  const byRewards = compileProgram(analyze('signal x: number\nprop a\nmachine m {\n  initial u\n  u -> u when a reward x\n}\nreward main { m }\n').model).lowered;
  assert.deepEqual(machineTables(byRewards), [undefined]);
});
