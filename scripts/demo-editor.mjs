// VS Code itself, with the extension: builds, packages the .vsix (`npm run package`), installs it
// into a fresh extensions folder of code-server 4.100.3 (test/e2e/code-server, installed by
// .ci/install-code-server.sh when missing), opens examples/ and prints the URL. Runs until
// Ctrl-C, then stops code-server and everything it started and removes its temp folders.
//   node scripts/demo-editor.mjs [--port 8080]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..');
const portArg = process.argv.indexOf('--port');
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 8080;
if (!Number.isInteger(port) || port <= 0 || port > 65535) fail(`--port: expected a port number, got '${process.argv[portArg + 1]}'`);

function fail(message) {
  console.error(`demo-editor: ${message}`);
  process.exit(1);
}

function run(what, command, args) {
  console.log(`demo-editor: ${what}`);
  const r = spawnSync(command, args, { cwd: repo, stdio: 'inherit' });
  if (r.status !== 0) fail(`${what} failed (exit status ${r.status})`);
}

const bin = join(repo, 'test', 'e2e', 'code-server', 'node_modules', '.bin', 'code-server');
if (!existsSync(bin)) run('installing code-server 4.100.3', 'bash', ['.ci/install-code-server.sh']);

const root = mkdtempSync(join(tmpdir(), 'rewardsmith-demo-'));
const vsix = join(root, 'rewardsmith.vsix');
run('building and packaging the extension', 'npm', ['run', 'package', '--', '--out', vsix]);

const userData = join(root, 'user-data');
const extensions = join(root, 'extensions');
const config = join(root, 'config.yaml');
mkdirSync(join(userData, 'User'), { recursive: true });
mkdirSync(extensions, { recursive: true });
writeFileSync(config, '');
// Quiet and offline: no welcome page, no update or telemetry traffic.
writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({
  'workbench.startupEditor': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
}, null, 2));
const dirs = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensions];
// code-server writes a config.yaml on any start; XDG_CONFIG_HOME keeps it out of $HOME.
const env = { ...process.env, XDG_CONFIG_HOME: root };
run('installing the .vsix', bin, [...dirs, '--install-extension', vsix]);

const workspace = join(repo, 'examples');
// detached: code-server and its extension host form one process group, stopped together.
const child = spawn(bin, [
  ...dirs, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
  '--disable-update-check', '--disable-getting-started-override', workspace,
], { cwd: repo, env, detached: true, stdio: ['ignore', 'ignore', 'inherit'] });

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
  setTimeout(() => {
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    rmSync(root, { recursive: true, force: true });
    process.exit(code);
  }, 2000);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
child.on('exit', (code) => {
  if (!stopping) {
    console.error(`demo-editor: code-server exited (${code}); is port ${port} free? Try --port.`);
    stop(1);
  }
});

const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
for (let i = 0; i < 600 && !stopping; i++) {
  try {
    if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
  } catch { /* not listening yet */ }
  await new Promise((r) => setTimeout(r, 200));
}
if (!stopping) console.log(`\nVS Code with Rewardsmith, examples/ open:\n\n  ${url}\n\nCtrl-C stops it.`);
