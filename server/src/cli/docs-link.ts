import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where the diagnostic pages are: docs/diagnostics beside the installed package (found upward
 *  from the running script), so a link opens the page that ships with this version. */
export function diagnosticDocsUri(code: string): string {
  return pathToFileURL(join(docsFolder(), `${code}.md`)).href;
}

let cached: string | undefined;
function docsFolder(): string {
  if (cached) return cached;
  const starts = [process.argv[1] ? dirname(safeRealpath(process.argv[1])) : undefined, process.cwd()];
  for (const start of starts) {
    let dir = start;
    while (dir) {
      const candidate = join(dir, 'docs', 'diagnostics');
      if (existsSync(candidate)) return (cached = candidate);
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return (cached = join(process.cwd(), 'docs', 'diagnostics'));
}

function safeRealpath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
