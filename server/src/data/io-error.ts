// One-line messages for files that cannot be read at all (the CLI prints them and exits 1).

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EMFILE: 'too many open files',
};

export function cannotRead(file: string, err: unknown): Error {
  const code = (err as { code?: unknown } | null)?.code;
  const reason = typeof code === 'string' && REASONS[code] !== undefined
    ? REASONS[code]
    : String((err as Error | null)?.message ?? err).split('\n')[0];
  return new Error(`cannot read ${file}: ${reason}`);
}
