// Untrusted workspaces (issue 9, part 5): package.json declares limited support honestly, and
// the client's commands in Restricted Mode, run against a stand-in for the `vscode` module
// (vscode-stub.mjs): the preview, the export and the import (which read trajectory files or
// run the reward command) are refused with a message that says so and offers to manage trust;
// nothing else runs. Trusted, the same commands go past the guard.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

const STUB = pathToFileURL('test/reliability/vscode-stub.mjs').href;
register('data:text/javascript,' + encodeURIComponent(`export async function resolve(s, c, next) { return s === 'vscode' ? { url: ${JSON.stringify(STUB)}, shortCircuit: true } : next(s, c); }`));

interface Stub {
  shown: { message: string; items: string[] }[];
  executed: string[];
  registered: Map<string, (...args: unknown[]) => Promise<void>>;
  workspace: { isTrusted: boolean };
}

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const GUARDED = { 'rewardsmith.preview': 'the preview', 'rewardsmith.exportPython': 'the export to Python', 'rewardsmith.importRewardMachine': 'the import of a reward machine' } as const;

test('package.json: limited support, what is disabled, and the trajectory and preference globs restricted', () => {
  const u = pkg.capabilities.untrustedWorkspaces;
  assert.equal(u.supported, 'limited');
  assert.match(u.description, /preview/);
  assert.match(u.description, /export to Python/);
  assert.match(u.description, /import of a reward machine/);
  assert.match(u.description, /trajectory globs .* ignored/);
  assert.deepEqual(u.restrictedConfigurations, ['rewardsmith.trajectories', 'rewardsmith.preferences']);
  // Every setting that names files to read is restricted; the others only change how things look.
  const fileSettings = Object.entries(pkg.contributes.configuration.properties as Record<string, { markdownDescription?: string }>).filter(([, p]) => /glob|folder|path to/i.test(p.markdownDescription ?? '')).map(([k]) => k);
  assert.deepEqual([...fileSettings].sort(), [...u.restrictedConfigurations].sort());
});

test('Restricted Mode: the preview, the export and the import are refused with a message; nothing else runs', async () => {
  const v = (await import(STUB)) as Stub;
  const { registerCommands } = await import('../../client/src/commands');
  registerCommands({ extensionPath: '/ext', extensionUri: {}, subscriptions: [] } as never, {} as never);
  assert.deepEqual([...v.registered.keys()].sort(), Object.values(pkg.contributes.commands as { command: string }[]).map((c) => c.command).sort());

  v.workspace.isTrusted = false;
  for (const [id, feature] of Object.entries(GUARDED)) {
    v.shown.length = 0;
    v.executed.length = 0;
    await v.registered.get(id)!('file:///w/spec.reward', 'main');
    assert.equal(v.shown.length, 1, id);
    assert.equal(v.shown[0].message, `Rewardsmith: ${feature} is disabled in Restricted Mode, because it reads trajectory files or runs the reward command. Trust this workspace to enable it.`);
    assert.deepEqual(v.shown[0].items, ['Manage Workspace Trust']);
    assert.deepEqual(v.executed, [], `${id} does nothing else`);
  }

  v.workspace.isTrusted = true;
  for (const id of Object.keys(GUARDED)) {
    v.shown.length = 0;
    await v.registered.get(id)!().catch(() => undefined);
    assert.ok(!v.shown.some((s) => /Restricted Mode/.test(s.message)), `${id} is not refused when trusted`);
  }
});
