// The training run of examples/train (docs/training.md), short: tabular Q-learning on the real
// FrozenLake-v1 with the reward machine of fetch-key.reward. The diagnostics of the spec say
// what must happen, and the agents do it: on the observation alone the task is not learnt
// (non-markovian-reward); with the wrapper's machine state it is; with the farmable bonus
// (farmable-progress) the agent walks back and forth and never finishes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/analysis/analyze';
import { LineIndex } from '../../server/src/base/line-index';
import { exportPython } from '../../server/src/export/python/module';
import { gymnasiumEnv, runPythonScript, tempDir } from './harness';

const DIR = join(import.meta.dirname, '..', '..', 'examples', 'train');
const SPEC = readFileSync(join(DIR, 'fetch-key.reward'), 'utf8');

test('fetch-key.reward gets non-markovian-reward on the machine and farmable-progress on the bonus', () => {
  const a = analyze(SPEC);
  const lines = new LineIndex(SPEC);
  const at = (code: string) => a.diagnostics.filter((d) => d.code === code).map((d) => SPEC.split('\n')[lines.lineNumber(d.span.start) - 1].trim());
  assert.equal(a.hasErrors, false);
  assert.deepEqual(at('non-markovian-reward').map((l) => l.split(/\s/)[0]), ['fetch', 'fetch']);
  assert.deepEqual(at('farmable-progress').map((l) => l.split(/\s/)[0]), ['closer']);
});

test('Q-learning on FrozenLake: fails on the cell alone, learns with the machine state, farms the bonus', () => {
  const dir = tempDir('rewardsmith-train-');
  writeFileSync(join(dir, 'fetch_key_reward.py'), exportPython(analyze(SPEC).model, { specName: 'fetch-key.reward' }));
  const out = join(dir, 'results.json');
  const svg = join(dir, 'curves.svg');
  const r = runPythonScript(join(DIR, 'qlearning.py'), ['--module', join(dir, 'fetch_key_reward.py'), '--episodes', '800', '--seeds', '0,1', '--every', '100', '--out', out, '--svg', svg], dir, gymnasiumEnv(dir));
  assert.equal(r.code, 0, r.err);
  const res = JSON.parse(readFileSync(out, 'utf8')) as { agents: Record<string, { success_rate: number; mean_steps: number; mean_bonus: number; curve: number[] }> };
  const { 'obs-only': blind, 'obs+machine': seeing, farm } = res.agents;
  assert.equal(blind.success_rate, 0, 'on the cell alone the task is not learnt');
  assert.equal(seeing.success_rate, 1, 'with the machine state it is');
  assert.equal(seeing.mean_steps, 8, 'by the shortest path: 0 1 2 3 2 6 10 14 15');
  assert.equal(farm.success_rate, 0, 'the farmed bonus wins over the task');
  assert.equal(farm.mean_steps, 100, 'the farming agent walks until the time limit');
  assert.ok(farm.mean_bonus > 5, `bonus farmed: ${farm.mean_bonus}`);
  assert.equal(seeing.curve.length, 8);
  const picture = readFileSync(svg, 'utf8');
  assert.match(picture, /^<svg /);
  assert.equal((picture.match(/<polyline /g) ?? []).length, 6, "two panels of three curves");
});
