// Installation as users do it (README, "Install"): `npm install -g` of the packed tarball
// puts `reward` on the PATH, and it works from any folder, outside the repository.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../lsp/build';

const npm = (args: string[], cwd: string) => spawnSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });

test('npm pack + npm install -g: `reward` on the PATH checks and evaluates a spec outside the repository', () => {
  const work = mkdtempSync(join(tmpdir(), 'rewardsmith-install-'));
  // dist/ is already built (CI builds before testing; `prepack` builds it for a user's `npm pack`).
  const packed = npm(['pack', '--ignore-scripts', '--pack-destination', work, ROOT], work);
  assert.equal(packed.status, 0, packed.stderr);
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  assert.ok(tarball, packed.stdout);
  const listing = spawnSync('tar', ['-tzf', join(work, tarball)], { encoding: 'utf8' }).stdout.split('\n');
  assert.ok(listing.includes('package/dist/cli.cjs') && listing.includes('package/bin/reward.cjs'), 'the tarball holds the command and its bundle');
  assert.ok(!listing.some((f) => f.startsWith('package/test/') || f.startsWith('package/server/src/')), 'sources and tests stay out');

  const prefix = join(work, 'prefix');
  const installed = npm(['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', join(work, tarball)], work);
  assert.equal(installed.status, 0, installed.stderr);
  const bin = join(prefix, 'bin', 'reward');
  assert.ok(existsSync(bin));

  const elsewhere = mkdtempSync(join(tmpdir(), 'rewardsmith-user-'));
  for (const f of ['patrol.reward', 'patrol.accepted.jsonl']) copyFileSync(join(ROOT, 'examples', f), join(elsewhere, f));
  const env = { ...process.env, PATH: `${join(prefix, 'bin')}:${process.env.PATH}` };
  const check = spawnSync('reward', ['check', 'patrol.reward'], { cwd: elsewhere, encoding: 'utf8', env });
  assert.equal(check.status, 0, check.stderr);
  assert.match(check.stderr + check.stdout, /1 file checked: 0 errors/);
  const evaluated = spawnSync('reward', ['eval', 'patrol.reward', 'patrol.accepted.jsonl', '--format', 'json'], { cwd: elsewhere, encoding: 'utf8', env });
  assert.equal(evaluated.status, 0, evaluated.stderr);
  assert.equal(JSON.parse(evaluated.stdout).episodes[0].return, 1);
});
