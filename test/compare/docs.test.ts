import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { before, test } from 'node:test';

// docs/compare.md's worked example is real output: each `$ reward compare ...` block prints
// what the command prints today.

before(() => {
  const b = spawnSync(process.execPath, ['scripts/build.mjs'], { encoding: 'utf8' });
  assert.equal(b.status, 0, b.stderr);
});

test('the worked examples of docs/compare.md print what the command prints', () => {
  const doc = readFileSync('docs/compare.md', 'utf8');
  const blocks = [...doc.matchAll(/```\n\$ reward (compare [^\n]+)\n([\s\S]*?)```/g)];
  assert.ok(blocks.length >= 3, `found ${blocks.length} examples`);
  for (const [, command, output] of blocks) {
    const r = spawnSync(process.execPath, ['bin/reward.cjs', ...command.split(' ')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, output, command);
  }
});
