/** What a command may touch of the process: its output streams. */
export interface Io {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
  readonly stdout: NodeJS.WritableStream;
}

export type Command = (argv: readonly string[], io: Io) => Promise<number>;

/** Why a file could not be read, in words (every command says it the same way). */
export function fileError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'EACCES') return 'permission denied';
  return code ?? String(e);
}
