import type { Writable } from 'node:stream';

/**
 * Buffers small writes into large ones and passes back-pressure on: `write` returns a promise
 * only when the stream's buffer is full, and the caller must wait for it before writing more.
 * So output of millions of lines into a slow pipe holds one chunk, not the whole output; the
 * common case (the stream keeps up) costs no promise at all.
 */
export class BufferedWriter {
  private parts: string[] = [];
  private size = 0;
  private failed = false;

  constructor(private readonly out: Writable | NodeJS.WritableStream, private readonly limit = 1 << 16) {
    // A reader that goes away (EPIPE) ends the output; waiting for 'drain' then would hang.
    out.once('error', () => {
      this.failed = true;
    });
  }

  /** Whether the stream failed (its reader went away): further output is dropped. */
  get closed(): boolean {
    return this.failed;
  }

  /** Queues `s`; a promise when the caller must wait for the stream to drain. */
  write(s: string): Promise<void> | undefined {
    this.parts.push(s);
    this.size += s.length;
    return this.size >= this.limit ? this.flush() : undefined;
  }

  /** Writes what is queued; a promise when the stream's buffer is full. */
  flush(): Promise<void> | undefined {
    if (this.parts.length === 0 || this.failed) {
      this.parts = [];
      this.size = 0;
      return undefined;
    }
    const chunk = this.parts.length === 1 ? this.parts[0] : this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (this.out.write(chunk)) return undefined;
    return new Promise<void>((resolve) => {
      const done = () => {
        this.out.removeListener('drain', done);
        this.out.removeListener('error', done);
        this.out.removeListener('close', done);
        resolve();
      };
      this.out.on('drain', done);
      this.out.on('error', done);
      this.out.on('close', done);
    });
  }

  /** Writes what is queued and waits until the stream has taken it. */
  async end(): Promise<void> {
    await this.flush();
  }
}

/** Writes a large text in chunks, waiting for the stream between them. */
export async function writeChunked(out: Writable | NodeJS.WritableStream, text: string, chunk = 1 << 20): Promise<void> {
  const w = new BufferedWriter(out, chunk);
  for (let i = 0; i < text.length && !w.closed; i += chunk) await w.write(text.slice(i, i + chunk));
  await w.end();
}
