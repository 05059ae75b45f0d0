/** What a command may touch of the process: its output streams. */
export interface Io {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
  readonly stdout: NodeJS.WritableStream;
}

export type Command = (argv: readonly string[], io: Io) => Promise<number>;
