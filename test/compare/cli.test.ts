import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { before, test } from 'node:test';
import { writeFiles } from './run-compare';

// LANGUAGE.md section 12: `reward compare` as users run it (the built bundle): both formats,
// exit status as for `eval`.

const reward = (...args: string[]) => spawnSync(process.execPath, ['bin/reward.cjs', ...args], { encoding: 'utf8' });
before(() => {
  const b = spawnSync(process.execPath, ['scripts/build.mjs'], { encoding: 'utf8' });
  assert.equal(b.status, 0, b.stderr);
});

const grid = ['examples/gridworld-shaping.reward', 'examples/gridworld-shaping.episodes.jsonl'];

test('--format json prints {rewards, pairs, steps, skipped, problems}, and preferences only with --preferences', () => {
  const r = reward('compare', ...grid, '--format', 'json');
  assert.equal(r.status, 0, r.stderr);
  const o = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(o), ['rewards', 'pairs', 'steps', 'skipped', 'problems']);
  assert.deepEqual(o.rewards, ['main', 'sparse']);
  assert.deepEqual(Object.keys(o.pairs[0]), ['a', 'b', 'epic', 'return_spearman', 'disagreements']);
  // main is sparse plus a constant and potential shaping: the same reward for EPIC.
  assert.ok(o.pairs[0].epic < 1e-6);
  assert.equal(o.steps, 146);
  const { paths } = writeFiles({ 'p.jsonl': '{"a": 0, "b": 1, "prefer": "a"}\n{"a": 0, "b": "x", "prefer": "a"}\n' });
  const p = JSON.parse(reward('compare', ...grid, '--format', 'json', '--preferences', paths[0]).stdout);
  assert.deepEqual(Object.keys(p), ['rewards', 'pairs', 'preferences', 'steps', 'skipped', 'problems']);
  assert.deepEqual(Object.keys(p.preferences), ['main', 'sparse']);
  assert.deepEqual(Object.keys(p.preferences.main), ['agreement', 'log_likelihood', 'beta', 'pairs']);
  assert.equal(p.preferences.main.pairs, 1);
  assert.deepEqual(p.problems.map((x: { line: number; field: string }) => [x.line, x.field]), [[2, 'b']]);
});

test('the same seed gives the same output; --rewards chooses and orders the variants', () => {
  const args = ['compare', 'examples/office-coffee.reward', 'examples/office-coffee.success.jsonl', 'examples/office-coffee.plant.jsonl', 'examples/office-coffee.truncated.jsonl', '--format', 'json', '--samples', '64'];
  const a = reward(...args, '--seed', '3');
  assert.equal(a.stdout, reward(...args, '--seed', '3').stdout);
  assert.notEqual(a.stdout, reward(...args, '--seed', '4').stdout);
  const o = JSON.parse(reward(...args, '--rewards', 'sparse,main').stdout);
  assert.deepEqual(o.rewards, ['sparse', 'main']);
  assert.deepEqual([o.pairs[0].a, o.pairs[0].b], ['sparse', 'main']);
});

test('the table shows the distance matrix, the pairs and a summary; problems go to stderr; exit 0', () => {
  const { paths } = writeFiles({ 't.jsonl': '{"obs": [0, 0], "action": 1}\n{"obs": "bad"}\n{"obs": [0, 1], "action": 1}\n{"obs": [1, 1], "truncated": true}\n' });
  const r = reward('compare', grid[0], grid[1], paths[0]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^EPIC distance/);
  assert.match(r.stdout, /\n\s+main\s+sparse\n\s+main\s+0\s+0\.0000\n\s+sparse\s+0\.0000\s+0\n/);
  assert.match(r.stdout, /\na\s+b\s+epic\s+returns spearman\s+most disagreeing episode pairs\nmain\s+sparse\s+0\.0000\s+/);
  assert.match(r.stdout, /4 episodes, 148 steps, 1 record skipped; 512 samples, seed 0\n$/);
  assert.match(r.stderr, /t\.jsonl:2: obs/);
});

test('bad arguments, unknown rewards and unreadable files exit 1 with one line on stderr', () => {
  const { paths } = writeFiles({ 'bad.reward': 'signal x: number\nreward main { (y) }\n' });
  for (const args of [
    ['compare', grid[0]],
    ['compare', grid[0], 'missing.jsonl'],
    ['compare', ...grid, '--format', 'csv'],
    ['compare', ...grid, '--rewards', 'main,nope'],
    ['compare', ...grid, '--rewards', 'main,main'],
    ['compare', ...grid, '--samples', '0'],
    ['compare', ...grid, '--samples', 'many'],
    ['compare', ...grid, '--seed', '-1'],
    ['compare', ...grid, '--preferences', 'missing-prefs.jsonl'],
    ['compare', paths[0], grid[1]],
  ]) {
    const r = reward(...args);
    assert.equal(r.status, 1, args.join(' '));
    assert.equal(r.stderr.trim().split('\n').length, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    assert.equal(r.stdout, '', args.join(' '));
  }
  const help = reward('compare', '--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /reward compare SPEC TRAJ/);
  assert.match(reward('--help').stdout, /reward compare/);
});
