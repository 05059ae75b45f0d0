import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

// Where the diagnostic pages are: docs/diagnostics beside the installed package, so that a link
// opens the page that ships with this version. Each entry point (dist/server.cjs, the `reward`
// command) finds the folder once, from its own script and working directory, and hands the
// link to whatever names pages: nothing here keeps state or reads the process.

/** The link to one code's page. */
export type DocsLink = (code: string) => string;

/** docs/diagnostics in the nearest folder upward from `script`'s real location, then from `cwd`; else under `cwd`. */
export function findDocsFolder(script: string | undefined, cwd: string): string {
  const starts = [script ? dirname(safeRealpath(script)) : undefined, cwd];
  for (const start of starts) {
    let dir = start;
    while (dir) {
      const candidate = join(dir, 'docs', 'diagnostics');
      if (existsSync(candidate)) return candidate;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return join(cwd, 'docs', 'diagnostics');
}

export function docsLink(folder: string): DocsLink {
  return (code) => pathToFileURL(join(folder, `${code}.md`)).href;
}

function safeRealpath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
