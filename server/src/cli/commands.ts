import type { Command } from './io';

/** Commands loaded on demand, so that `reward check` does not pay for the preview or the server. */
export const COMMANDS: Record<string, () => Promise<{ run: Command }>> = {
  fmt: () => import('./fmt'),
  export: () => import('./export'),
  import: () => import('./import'),
  preview: () => import('./preview'),
  compare: () => import('./compare'),
  lsp: () => import('./lsp'),
};
