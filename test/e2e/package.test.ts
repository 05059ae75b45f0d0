// The extension's manifest and its .vsix allowlist: what VS Code reads before any code runs.
// `vsce ls` lists exactly what `npm run package` would put in the .vsix (needs npm run build).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CODES } from '../../server/src/base/diagnostic';
import { COMMAND_IDS } from '../../client/src/command-ids';
import { format } from '../../server/src/syntax/print';

const repo = resolve(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));

test('every command the client registers is contributed, in the Rewardsmith category', () => {
  const contributed = pkg.contributes.commands as { command: string; title: string; category: string }[];
  assert.deepEqual(contributed.map((c) => c.command).sort(), Object.values(COMMAND_IDS).sort());
  for (const c of contributed) assert.equal(c.category, 'Rewardsmith', c.command);
  // Every command named in a menu exists.
  const menus = Object.values(pkg.contributes.menus as Record<string, { command: string }[]>).flat();
  for (const m of menus) assert.ok(contributed.some((c) => c.command === m.command), `menu names unknown command ${m.command}`);
  assert.ok(pkg.contributes.menus['editor/title'].some((m: { command: string; when: string }) => m.command === COMMAND_IDS.preview && /reward/.test(m.when)));
});

test('rewardsmith.severity offers exactly the diagnostic codes, with their default severity', () => {
  const severity = pkg.contributes.configuration.properties['rewardsmith.severity'];
  assert.deepEqual(Object.keys(severity.properties).sort(), Object.keys(CODES).sort());
  for (const [code, def] of Object.entries(CODES)) {
    assert.equal(severity.properties[code].default, def, code);
    assert.deepEqual(severity.properties[code].enum, ['error', 'warning', 'information', 'hint', 'off']);
  }
  for (const key of ['rewardsmith.trajectories', 'rewardsmith.defaultReward', 'rewardsmith.trace.server']) {
    assert.ok(pkg.contributes.configuration.properties[key], `${key} is not contributed`);
  }
});

test('engine, entry point and workspace trust as code-server 4.100.3 needs them', () => {
  assert.equal(pkg.engines.vscode, '^1.100.0');
  const types = JSON.parse(readFileSync(join(repo, 'node_modules', '@types', 'vscode', 'package.json'), 'utf8'));
  assert.equal(types.version, '1.100.0', '@types/vscode must not be newer than the engine');
  assert.equal(pkg.main, './dist/client.cjs');
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.ok(pkg.activationEvents.includes('onLanguage:reward'));
  assert.match(pkg.scripts.package, /vsce package --no-dependencies/);
});

test('the .vsix holds only the allowlist, with a page for every diagnostic code', () => {
  const r = spawnSync(join(repo, 'node_modules', '.bin', 'vsce'), ['ls', '--no-dependencies'], { cwd: repo, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const files = r.stdout.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const allowed = [/^dist\/[^/]+\.(cjs|js|css)$/,
    // The ESM-only dataset readers the build copies beside the bundles (they load with import()).
    /^dist\/node_modules\/(h5wasm|hyparquet)\/(?!.*\.map$)/, /^syntaxes\/[^/]+\.json$/, /^language-configuration\.json$/, /^snippets\/[^/]+\.json$/,
    /^media\/[^/]+\.(png|svg)$/, /^docs\/diagnostics\/[^/]+\.md$/, /^(README\.md|LICENSE|CHANGELOG\.md|package\.json)$/];
  for (const f of files) assert.ok(allowed.some((a) => a.test(f)), `${f} would be shipped but is not on the allowlist`);
  const required = ['dist/client.cjs', 'dist/server.cjs', 'dist/cli.cjs', 'syntaxes/reward.tmLanguage.json', 'language-configuration.json',
    'snippets/reward.json', 'media/icon.png', 'README.md', 'LICENSE', 'CHANGELOG.md', 'package.json',
    ...Object.keys(CODES).map((c) => `docs/diagnostics/${c}.md`)];
  for (const f of required) assert.ok(files.includes(f), `${f} is missing from the .vsix (run npm run build first for dist/)`);
  assert.ok(!files.some((f) => f.endsWith('.map')), 'source maps are left out');
});

test('.reward files are indented as the formatter writes them: 2 spaces, no tabs', () => {
  const defaults = pkg.contributes.configurationDefaults?.['[reward]'];
  const formatted = format('machine m {\ninitial a\nterminal b\na -> b when true reward 1\n}\nreward main { m }\n').text;
  const indent = /^( +)initial/m.exec(formatted)?.[1] ?? '';
  assert.ok(indent.length > 0, formatted);
  assert.deepEqual(defaults, { 'editor.tabSize': indent.length, 'editor.insertSpaces': true });
});
