// Where the benchmark reads and writes. run.mjs starts every suite with the repository root as
// its working directory; generated files live in bench/tmp/ (gitignored).
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve('.');
export const TMP = join(ROOT, 'bench', 'tmp');
/** The product bundles built for this run (the CLI, the server, the webview). */
export const DIST = join(TMP, 'dist');
export const CLI = join(DIST, 'cli.cjs');
export const SERVER = join(DIST, 'server.cjs');

export function tmpDir(name: string): string {
  const dir = join(TMP, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}
