import { readdir } from 'node:fs/promises';
import { isAbsolute, join, sep } from 'node:path';
import { globBase, globToRegExp } from '../../../protocol/globs';

// Walks the file system for the first file a `rewardsmith.trajectories` glob matches
// (protocol/globs.ts says what the patterns mean).

const SKIP = new Set(['node_modules', '.git']);

/**
 * The first file (in sorted walk order) matching one of `globs`, relative globs being tried
 * under each root in turn. The walk is bounded so that a glob such as `/**` stays cheap.
 */
export async function firstMatch(globs: readonly string[], roots: readonly string[], limit = 20_000): Promise<string | undefined> {
  for (const glob of globs) {
    const bases = isAbsolute(glob) ? [''] : roots;
    for (const root of bases) {
      const full = (root ? join(root, glob) : glob).split(sep).join('/');
      const re = globToRegExp(full);
      const found = await walk(globBase(full), (p) => re.test(p.split(sep).join('/')), { left: limit });
      if (found) return found;
    }
  }
  return undefined;
}

async function walk(dir: string, match: (path: string) => boolean, budget: { left: number }): Promise<string | undefined> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (--budget.left < 0) return undefined;
    const p = join(dir, e.name);
    if (e.isFile() && match(p)) return p;
  }
  for (const e of entries) {
    if (!e.isDirectory() || SKIP.has(e.name)) continue;
    const found = await walk(join(dir, e.name), match, budget);
    if (found) return found;
  }
  return undefined;
}

