// Item roles are decided once, in the program (program/lower.ts), and the preview reads them
// (issue #12: the preview used to count `task shaping M` as a task item, the analyses did not).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis/analyze';
import { compileProgram } from '../../server/src/eval/program';
import { componentInfo } from '../../server/src/preview/compute';
import { lowerProgram } from '../../server/src/program/lower';

const roles = (text: string) => lowerProgram(analyze(text).model).rewards.map((r) => r.items.map((i) => i.role));

const MACHINE = 'prop p\nmachine m {\n  initial a\n  terminal b\n  a -> b when p reward 1\n}\n';

test('machines, ltl items and task items are the task; the rest auxiliary', () => {
  assert.deepEqual(roles(`${MACHINE}signal x: number\nreward r {\n  m\n  0.1 * x\n  task 2 * x\n}\n`), [['task', 'auxiliary', 'task']]);
});

test('a block with no task item is all task (a plain Markov reward)', () => {
  assert.deepEqual(roles('signal x: number\nreward r {\n  x\n  -0.01\n}\n'), [['task', 'task']]);
});

test('shaping items are shaping, marked task or not, and do not make the others auxiliary', () => {
  const text = `${MACHINE}signal x: number\npotential phi = -x\nreward r {\n  task shaping m\n  x\n  shaping phi\n}\n`;
  assert.deepEqual(roles(text), [['shaping', 'task', 'shaping']]);
  // The preview reads the same roles.
  assert.deepEqual(componentInfo(compileProgram(analyze(text).model)).map((c) => c.kind), ['shaping', 'task', 'shaping']);
});

test('a replace item is a task item, so the unmarked value items beside it are auxiliaries (LunarLander)', () => {
  const text = "signal x: number\nprop crashed\nreward r {\n  (x' - x)\n  -0.3\n  replace -100 when crashed'\n}\n";
  assert.deepEqual(roles(text), [['auxiliary', 'auxiliary', 'task']]);
  // and the analyses judge them: the ratio-1 difference under gamma < 1 is not-potential-based.
  const codes = analyze(`discount 0.99\nhorizon 100\n${text}`).diagnostics.map((d) => d.code);
  assert.ok(codes.includes('not-potential-based'), codes.join(', '));
});
