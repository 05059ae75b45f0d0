// Runs the bundled `reward` command (dist/cli.cjs of the extension) as a child process: the
// extension stays a thin client and the CLI does the work exactly as on the command line.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(extensionPath: string, args: readonly string[], cwd: string): Promise<CliResult> {
  const cli = join(extensionPath, 'dist', 'cli.cjs');
  return new Promise((resolve) => {
    // The extension host's own executable is Node in code-server and Electron in the desktop
    // app, where ELECTRON_RUN_AS_NODE makes it behave as Node; no `node` on PATH is needed.
    const child = spawn(process.execPath, [cli, ...args], {
      cwd,
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => { stdout += b.toString(); });
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
    child.on('error', (e) => resolve({ code: -1, stdout, stderr: `could not start ${cli}: ${e.message}` }));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** The one line worth showing a user for a failed run: the CLI prints exactly one on failure. */
export function failureMessage(what: string, r: CliResult): string {
  const line = r.stderr.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? `exit status ${r.code}`;
  return `${what} failed: ${line}`;
}
