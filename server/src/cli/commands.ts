import { UsageError } from './args';

/** Commands that arrive with later layers (preview, export, import, fmt, lsp). */
export async function run(command: string, _argv: readonly string[], _out: (s: string) => void, _err: (s: string) => void): Promise<number> {
  throw new UsageError(`'reward ${command}' is not available in this build yet`);
}
