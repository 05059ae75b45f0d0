// The tutorial's training script runs as written: the spec above it, exported with
// `reward export python`, wraps the real Gymnasium MountainCar-v0 (vendored, unmodified) under
// Debian's Python, and the script's own assertion (components add up to the reward) holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../lsp/build';
import { fencedBlocks, reward } from './examples-in-docs';

const GYMNASIUM = join(ROOT, '..', 'shared', 'vendor', 'gymnasium-1.4.0');

test('docs/tutorial.md: the training script runs on the exported spec with the real Gymnasium', () => {
  const blocks = fencedBlocks(readFileSync(join(ROOT, 'docs', 'tutorial.md'), 'utf8'));
  const script = blocks.findIndex((b) => b.lang === 'python' && b.body.includes('RewardWrapper'));
  assert.ok(script > 0, 'the tutorial has a training script');
  const spec = blocks.slice(0, script).reverse().find((b) => b.lang === 'reward');
  assert.ok(spec, 'a spec comes before the script');
  const module = /import (\w+) as spec/.exec(blocks[script].body)![1];

  const dir = mkdtempSync(join(tmpdir(), 'rewardsmith-tutorial-'));
  writeFileSync(join(dir, 'spec.reward'), spec.body);
  writeFileSync(join(dir, 'train.py'), blocks[script].body);
  const exported = reward(ROOT, ['export', 'python', join(dir, 'spec.reward'), '-o', join(dir, `${module}.py`)]);
  assert.equal(exported.status, 0, exported.stderr);

  const r = spawnSync('/usr/bin/python3', ['train.py'], { cwd: dir, encoding: 'utf8', env: { ...process.env, PYTHONPATH: `${dir}:${GYMNASIUM}` }, timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 20, r.stdout);
  // Every episode of MountainCar-v0 under this policy is truncated at 200 steps: -1 a step
  // plus shaping that telescopes to 0.99^t-weighted potential changes, so near -200 + small.
  for (const l of lines) {
    const total = Number(l.split(' ')[1]);
    assert.ok(total < -150 && total > -250, l);
  }
});
