import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../server/src/analysis/analyze';
import { compileProgram } from '../../server/src/eval/program';
import { Runner } from '../../server/src/eval/runner';

// LANGUAGE.md section 12: a drawn transition (s, A, S') is evaluated from what the evaluator
// knows at s: a machine steps from s's machine state on the label of (A, S'); the end-of-trace
// judgement of an undecided formula never applies; a state that ended a terminated episode
// has potential 0.

const spec = `
discount 0.5
signal x: number
action u: number
prop hot = x > 5
prop pushed = u > 0
potential phi = x
machine m {
  initial cold
  terminal done
  cold -> warm when hot
  warm -> done when hot && pushed reward 10
}
ltl eventually = F hot accept 1 reject -1
reward task { m; eventually }
reward shaped { shaping phi }
`;

function setup(reward: string) {
  const a = analyze(spec);
  assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error'), []);
  const program = compileProgram(a.model, reward);
  const record = (x: number, u = 0) => {
    const r = new Float64Array(program.layout.width);
    r[program.layout.index.get('x')!] = x;
    r[program.layout.index.get('u')!] = u;
    return r;
  };
  return { runner: new Runner(program), record };
}

test('a machine steps from the drawn state\'s machine state on the label of (A, S\')', () => {
  const { runner, record } = setup('task');
  const at = runner.newState();
  runner.initialState(at);
  // From cold, hot leads to warm: no machine reward; the formula is accepted: 1.
  assert.equal(runner.rewardFrom(at, record(0), record(0, 1), record(9), false, false), 1);
  // Reach warm through a real step, then save the state there.
  runner.step(record(0), record(9), null);
  runner.saveState(at);
  assert.equal(runner.machineStateName(0), 'warm');
  // From warm, hot and pushed (the action of A, not of s) pays 10; the formula is decided: 0.
  assert.equal(runner.rewardFrom(at, record(9, -1), record(0, 1), record(9), false, false), 10);
  assert.equal(runner.rewardFrom(at, record(9, 1), record(0, -1), record(9), false, false), 0);
  // The saved state and the runner's episode are unchanged.
  assert.equal(runner.program.machines[0].states[at.machine[0]], 'warm');
  assert.equal(runner.machineStateName(0), 'warm');
  assert.equal(runner.t, 1);
});

test('no end-of-trace judgement on drawn transitions, even into a state that ended a terminated episode', () => {
  const { runner, record } = setup('task');
  const at = runner.newState();
  runner.initialState(at);
  assert.equal(runner.rewardFrom(at, record(0), record(0), record(1), false, true), 0);
  // The real last step of a terminated episode judges the undecided formula: rejected, -1.
  assert.equal(runner.step(record(0), record(1), 'terminated'), -1);
});

test('potential shaping: phi is 0 at a state that ended a terminated episode, on either side', () => {
  const { runner, record } = setup('shaped');
  const at = runner.newState();
  runner.initialState(at);
  assert.equal(runner.rewardFrom(at, record(4), record(0), record(2), false, false), 0.5 * 2 - 4);
  assert.equal(runner.rewardFrom(at, record(4), record(0), record(2), false, true), -4);
  assert.equal(runner.rewardFrom(at, record(4), record(0), record(2), true, false), 1);
});
