import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { importRewardMachine, machineNameFromStem } from '../../server/src/interop/rm-import';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'reward_machines');
const fixture = (path: string): string => readFileSync(join(FIXTURES, path), 'utf8');
const allFixtures = (): string[] =>
  readdirSync(FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(FIXTURES, d.name)).filter((f) => f.endsWith('.txt')).map((f) => `${d.name}/${f}`))
    .sort();
const lines = (...ls: string[]): string => ls.join('\n') + '\n';

test('every reward_machines fixture imports with no error and no warning', () => {
  const files = allFixtures();
  assert.ok(files.length >= 26, `only ${files.length} fixtures found`);
  for (const f of files) {
    const r = importRewardMachine(fixture(f), f.replace(/^.*\/|\.txt$/g, ''), { fileName: f });
    assert.deepEqual(r.errors, [], f);
    assert.deepEqual(r.warnings, [], f);
    assert.match(r.text, /^machine \w+ \{$/m, f);
    assert.match(r.text, /^reward main \{ \w+ \}$/m, f);
    assert.doesNotMatch(r.text, /^discount/m, f);
  }
});

test('office t1: props, u_end for the plant, the reward 1 on delivery', () => {
  const r = importRewardMachine(fixture('office/t1.txt'), 't1', { fileName: 'office/t1.txt' });
  assert.equal(
    r.text,
    lines(
      '// Imported by `reward import rm` from office/t1.txt (reward_machines text format).',
      '// u_end: reward_machines ends the episode (reward 0) when no guard of the current state holds.',
      '',
      'prop f',
      'prop g',
      'prop n',
      '',
      'machine t1 {',
      '  initial u0',
      '  terminal u2, u_end',
      '  u0 -> u0    when !f && !n',
      '  u0 -> u1    when f && !n',
      '  u0 -> u_end when otherwise',
      '  u1 -> u1    when !g && !n',
      '  u1 -> u2    when g && !n reward 1',
      '  u1 -> u_end when otherwise',
      '}',
      '',
      'reward main { t1 }',
    ),
  );
});

test('water t10: initial state 1, terminal state 0, six-prop guards', () => {
  const r = importRewardMachine(fixture('water/t10.txt'), 't10');
  assert.match(r.text, /^\/\/ Imported by `reward import rm` from t10\.txt/);
  assert.match(r.text, /^prop a\nprop b\nprop c\nprop d\nprop e\nprop f\n\nmachine t10 \{$/m);
  assert.match(r.text, /^  initial u1$/m);
  assert.match(r.text, /^  terminal u0, u_end$/m);
  assert.match(r.text, /^  u1 -> u2    when !a && !b && !c && d && !e && !f$/m);
  assert.match(r.text, /^  u3 -> u0    when !a && !b && !c && !d && !e && f reward 1$/m);
  // Each of the three states falls off on any other label set: three `otherwise` lines.
  assert.deepEqual(r.text.match(/^ {2}u\d -> u_end when otherwise$/gm), [
    '  u1 -> u_end when otherwise',
    '  u2 -> u_end when otherwise',
    '  u3 -> u_end when otherwise',
  ]);
});

test('mujoco t1: no terminal states, control costs read from the reached state info', () => {
  const r = importRewardMachine(fixture('mujoco/t1.txt'), 't1', { fileName: 'mujoco/t1.txt' });
  assert.equal(
    r.text,
    lines(
      '// Imported by `reward import rm` from mujoco/t1.txt (reward_machines text format).',
      '',
      'signal reward_ctrl: number = info.reward_ctrl',
      '',
      'prop c',
      'prop d',
      '',
      'machine t1 {',
      '  initial u0',
      "  u0 -> u0 when !c reward reward_ctrl'",
      "  u0 -> u1 when c  reward reward_ctrl'",
      "  u1 -> u1 when !d reward reward_ctrl'",
      '  u1 -> u0 when d  reward 1000',
      '}',
      '',
      'reward main { t1 }',
    ),
  );
});

test('craft t1: guards that cover every label set need no u_end', () => {
  const r = importRewardMachine(fixture('craft/t1.txt'), 't1');
  assert.equal(
    r.text.split('\n\n').slice(1).join('\n\n'),
    lines(
      'prop a',
      'prop b',
      '',
      'machine t1 {',
      '  initial u0',
      '  terminal u2',
      '  u0 -> u0 when !a',
      '  u0 -> u1 when a',
      '  u1 -> u1 when !b',
      '  u1 -> u2 when b reward 1',
      '}',
      '',
      'reward main { t1 }',
    ),
  );
});

test('RewardForward and RewardBackwards declare both signals, RewardControl only reward_ctrl', () => {
  const r = importRewardMachine(
    lines('0', '[]', "(0,0,'!a',RewardForward())", "(0,1,'a',RewardBackwards())", "(1,1,'True',ConstantRewardFunction(-0.5))"),
    'cheetah',
  );
  assert.deepEqual(r.errors, []);
  assert.match(r.text, /^signal reward_ctrl: number = info\.reward_ctrl\nsignal reward_run: number = info\.reward_run$/m);
  assert.match(r.text, /^ {2}u0 -> u0 when !a {3}reward reward_run' \+ reward_ctrl'$/m);
  assert.match(r.text, /^ {2}u0 -> u1 when a {4}reward -reward_run' \+ reward_ctrl'$/m);
  assert.match(r.text, /^ {2}u1 -> u1 when true reward -0\.5$/m);
  assert.doesNotMatch(r.text, /u_end/);
});

test('a repeated pair keeps the later guard and reward at the earlier place, and warns', () => {
  const r = importRewardMachine(
    lines('0', '[2]', "(0,1,'a',ConstantRewardFunction(0))", "(0,0,'!a',ConstantRewardFunction(0))", "(0,1,'a&b',ConstantRewardFunction(3))", "(1,2,'c',ConstantRewardFunction(1))"),
    'dup',
  );
  assert.deepEqual(r.errors, []);
  assert.equal(r.warnings.length, 1);
  assert.equal(r.warnings[0].line, 5);
  assert.match(r.warnings[0].message, /repeated transition u0 -> u1 \(first on line 3\)/);
  const body = r.text.split('\n').filter((l) => l.includes('->'));
  assert.deepEqual(body.slice(0, 3).map((l) => l.trim().replace(/\s+/g, ' ')), [
    'u0 -> u1 when a && b reward 3',
    'u0 -> u0 when !a',
    'u0 -> u_end when otherwise',
  ]);
});

test('two transitions to two different terminal states are one key in that library: the later wins', () => {
  const r = importRewardMachine(
    lines('0', '[2, 3]', "(0,2,'a',ConstantRewardFunction(1))", "(0,0,'!a&!b',ConstantRewardFunction(0))", "(0,3,'b',ConstantRewardFunction(-1))"),
    'ends',
  );
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.warnings.map((w) => w.line), [5]);
  assert.match(r.warnings[0].message, /u0 -> u3 and u0 -> u2 \(line 3\) both lead to a terminal state/);
  const body = r.text.split('\n').filter((l) => l.includes('->')).map((l) => l.trim().replace(/\s+/g, ' '));
  assert.deepEqual(body, ['u0 -> u3 when b reward -1', 'u0 -> u0 when !a && !b', 'u0 -> u_end when otherwise']);
  assert.match(r.text, /^ {2}terminal u2, u3, u_end$/m);
});

test('a transition out of a terminal state is skipped with a warning', () => {
  const r = importRewardMachine(lines('0', '[1]', "(0,1,'a',ConstantRewardFunction(1))", "(0,0,'!a',ConstantRewardFunction(0))", "(1,0,'b',ConstantRewardFunction(5))"), 'x');
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.warnings.map((w) => w.line), [5]);
  assert.match(r.warnings[0].message, /transition out of terminal state u1 skipped/);
  assert.doesNotMatch(r.text, /u1 ->/);
  assert.doesNotMatch(r.text, /prop b/);
});

test('malformed lines give line-numbered errors and the rest still imports', () => {
  const src = lines(
    '0  # initial state',
    '[2]  # terminal state',
    '',
    '# a comment line',
    "(0,0,'!a',ConstantRewardFunction(0))",
    "(0,1 'a',ConstantRewardFunction(0))", // 6: missing comma
    "(0,1,'a',LinearRewardFunction(2))", // 7: unknown reward function
    "(1,1,'!b+c',ConstantRewardFunction(0))", // 8: bad character in the guard
    "(0,1,'a',ConstantRewardFunction(0))",
    "(1,2,'b',ConstantRewardFunction(1))",
    '(1,2,', // 11: truncated tuple
    "(1,1,'ab',ConstantRewardFunction(0))", // 12: two-letter prop
  );
  const r = importRewardMachine(src, 'broken');
  assert.deepEqual(r.errors.map((e) => e.line), [6, 7, 8, 11, 12]);
  assert.match(r.errors[0].message, /expected ',' after the target state/);
  assert.match(r.errors[1].message, /unknown reward function `LinearRewardFunction`/);
  assert.match(r.errors[2].message, /guard '!b\+c': unexpected '\+'/);
  assert.match(r.errors[3].message, /transition target.*found the end of the line|expected/);
  assert.match(r.errors[4].message, /'ab' is not a one-letter prop/);
  assert.deepEqual(r.warnings, []);
  const body = r.text.split('\n').filter((l) => l.includes('->')).map((l) => l.trim().replace(/\s+/g, ' '));
  assert.deepEqual(body, ['u0 -> u0 when !a', 'u0 -> u1 when a', 'u1 -> u2 when b reward 1', 'u1 -> u_end when otherwise']);
});

test('an unreadable header is an error on its line; the transitions still import', () => {
  const r = importRewardMachine(lines('start', 'two', "(0,1,'a',ConstantRewardFunction(1))"), 'h');
  assert.deepEqual(r.errors.map((e) => e.line), [1, 2]);
  assert.match(r.errors[0].message, /initial state: expected a non-negative integer state, found `start`/);
  assert.match(r.errors[1].message, /terminal states: expected a list such as `\[2\]`/);
  assert.doesNotMatch(r.text, /initial/);
  assert.match(r.text, /u0 -> u1 +when a reward 1/);
});

test('hostile Python is rejected as text, never run', () => {
  const src = lines(
    "__import__('os').system('touch /tmp/rm-import-pwned')",
    "[__import__('os').getcwd()]",
    "(0,1,'a',__import__('os').system('id'))",
    "(0,1,'__import__(\"os\")',ConstantRewardFunction(0))",
    "(0,1,'a',ConstantRewardFunction(exec('1')))",
    "(0,0,'a',ConstantRewardFunction(1)); import os",
    "(0,1,'a',ConstantRewardFunction(2))",
  );
  const r = importRewardMachine(src, 'evil');
  assert.deepEqual(r.errors.map((e) => e.line), [1, 2, 3, 4, 5, 6]);
  assert.match(r.errors[0].message, /initial state/);
  assert.match(r.errors[2].message, /unknown reward function `__import__`/);
  assert.doesNotMatch(r.text, /__import__|exec\(|system\(|getcwd|\bos\b/);
  assert.match(r.text, /u0 -> u1 +when a reward 2/);
});

test('the spellings Python reads: double quotes, spaces, c=, signs, True/False, !!, CRLF and BOM', () => {
  const src =
    '\uFEFF 3 # start\r\n[ 7 , ]\r\n' +
    '( 3 , 3 , "!!a" , ConstantRewardFunction( c = -2.5 ) )\r\n' +
    "(3,7,'!a&True',ConstantRewardFunction(+1e3),)\r\n" +
    "(3,4,'!True|False',ConstantRewardFunction(0.0))\r\n" +
    "(4,4,'True',ConstantRewardFunction(0))\r\n";
  const r = importRewardMachine(src, 't');
  assert.deepEqual(r.errors, []);
  assert.match(r.text, /^ {2}initial u3$/m);
  assert.match(r.text, /^ {2}terminal u7$/m);
  assert.match(r.text, /^ {2}u3 -> u3 when a {10}reward -2\.5$/m);
  assert.match(r.text, /^ {2}u3 -> u7 when !a && true reward 1000$/m);
  assert.match(r.text, /^ {2}u3 -> u4 when false \|\| false$/m);
  assert.match(r.text, /^ {2}u4 -> u4 when true$/m);
  assert.deepEqual(r.warnings, []);
  assert.doesNotMatch(r.text, /u_end/);
});

test('guards that reward_machines would read as never or always holding are errors', () => {
  const r = importRewardMachine(
    lines('0', '[]', "(0,0,'a & b',ConstantRewardFunction(0))", "(0,0,'a|',ConstantRewardFunction(0))", "(0,0,'',ConstantRewardFunction(0))", "(0,0,'a!',ConstantRewardFunction(0))"),
    'g',
  );
  assert.deepEqual(r.errors.map((e) => e.line), [3, 4, 5, 6]);
  assert.match(r.errors[0].message, /unexpected a space/);
  assert.match(r.errors[1].message, /empty operand/);
});

test('a state with no transitions ends the episode, with a warning', () => {
  const r = importRewardMachine(lines('0', '[]', "(0,1,'a',ConstantRewardFunction(1))", "(0,0,'!a',ConstantRewardFunction(0))"), 's');
  assert.deepEqual(r.warnings.map((w) => w.line), [3]);
  assert.match(r.warnings[0].message, /state u1 has no transitions/);
  assert.match(r.text, /^ {2}terminal u_end$/m);
  assert.match(r.text, /^ {2}u1 -> u_end when otherwise$/m);
});

test('machine names come from the stem and never clash', () => {
  assert.equal(machineNameFromStem('t1'), 't1');
  assert.equal(machineNameFromStem('office-t1.v2'), 'office_t1_v2');
  assert.equal(machineNameFromStem('1task'), '_1task');
  assert.equal(machineNameFromStem('reward'), 'reward_');
  const r = importRewardMachine(lines('0', '[1]', "(0,1,'a',ConstantRewardFunction(1))"), 'a');
  assert.match(r.text, /^machine a_2 \{$/m);
  assert.match(r.text, /^reward main \{ a_2 \}$/m);
  const m = importRewardMachine(lines('0', '[1]', "(0,1,'a',ConstantRewardFunction(1))"), 'main');
  assert.match(m.text, /^machine main_2 \{$/m);
});

test('an empty file is one error, never a crash', () => {
  const r = importRewardMachine('', 'empty');
  assert.equal(r.errors.length, 1);
  assert.equal(r.errors[0].line, 1);
  assert.match(r.text, /^machine empty \{$/m);
});

test('an initial state that is terminal is kept, with a warning', () => {
  const r = importRewardMachine(lines('0', '[0]', "(0,1,'a',ConstantRewardFunction(1))"), 'stuck');
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.warnings.map((w) => w.line), [1, 3]);
  assert.match(r.warnings[0].message, /initial state u0 is terminal/);
  assert.match(r.warnings[1].message, /transition out of terminal state u0 skipped/);
  assert.match(r.text, /^ {2}initial u0\n {2}terminal u0\n\}$/m);
});
