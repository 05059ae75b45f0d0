import { readdir } from 'node:fs/promises';
import { isAbsolute, join, sep } from 'node:path';

// Just enough of glob matching for the `rewardsmith.trajectories` setting: `**`, `*`, `?` and
// `{a,b}`, over `/`-separated paths. Node 20 has no fs.glob.

export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const close = glob.indexOf('}', i);
      if (close < 0) re += '\\{';
      else {
        re += '(?:' + glob.slice(i + 1, close).split(',').map(escape).join('|') + ')';
        i = close;
      }
    } else re += escape(c);
  }
  return new RegExp(`^${re}$`);
}

const escape = (s: string) => s.replace(/[.+^$()|[\]\\{}*?]/g, '\\$&');

/** The folder a glob can be searched from: its segments before the first wildcard. */
export function globBase(glob: string): string {
  const parts = glob.split('/');
  const fixed: string[] = [];
  for (const p of parts.slice(0, -1)) {
    if (/[*?{]/.test(p)) break;
    fixed.push(p);
  }
  return fixed.join('/') || (glob.startsWith('/') ? '/' : '.');
}

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

