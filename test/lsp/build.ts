// Builds the two bundles the protocol tests start (dist/server.cjs and dist/cli.cjs) with the
// options of scripts/build.mjs, unless they are newer than every source file. Test files run
// in parallel processes, so each writes to a temporary file and renames it into place: a
// reader never sees half a bundle.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SERVER = join(ROOT, 'dist', 'server.cjs');
export const CLI = join(ROOT, 'bin', 'reward.cjs');

const ENTRIES = [
  { entry: 'server/src/lsp/main.ts', out: 'dist/server.cjs' },
  { entry: 'server/src/lsp/analysis-worker.ts', out: 'dist/analysis-worker.cjs' },
  { entry: 'server/src/cli/main.ts', out: 'dist/cli.cjs' },
];

let built: Promise<void> | undefined;

export function ensureBuilt(): Promise<void> {
  return (built ??= buildAll());
}

async function buildAll(): Promise<void> {
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const sources = newestSource(join(ROOT, 'server', 'src'));
  await Promise.all(
    ENTRIES.map(async ({ entry, out }) => {
      const outfile = join(ROOT, out);
      if (mtime(outfile) > sources) return;
      const result = await build({
        entryPoints: [join(ROOT, entry)], outfile, bundle: true, sourcemap: true, platform: 'node', target: 'node20',
        format: 'cjs', logLevel: 'error', legalComments: 'none', write: false,
      });
      for (const f of result.outputFiles) {
        const tmp = `${f.path}.${process.pid}.tmp`;
        writeFileSync(tmp, f.contents);
        renameSync(tmp, f.path);
      }
    }),
  );
}

const mtime = (file: string) => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
};

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : mtime(p));
  }
  return newest;
}
