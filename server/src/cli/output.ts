import type { Writable } from 'node:stream';
import type { ByteOut } from '../eval/step-bytes';

/**
 * Buffers small writes into large chunks of bytes and passes back-pressure on: `write` returns
 * a promise only when the stream's buffer is full, and the caller must wait for it before
 * writing more. So output of millions of lines into a slow pipe holds one chunk, not the whole
 * output; the common case (the stream keeps up) costs no promise at all.
 *
 * The chunk is a Buffer that writers may fill directly (`ByteOut`: `reserve`, then bytes at
 * `at`, then `commit`): a step line of `reward eval` goes in as bytes, with no string per line.
 * Every write ends inside the chunk, so a chunk never splits a character or a line.
 */
export class BufferedWriter implements ByteOut {
  buf: Buffer;
  at = 0;
  private failed = false;

  constructor(private readonly out: Writable | NodeJS.WritableStream, private readonly limit = 1 << 17) {
    this.buf = Buffer.allocUnsafe(2 * limit);
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
    if (3 * s.length > this.limit) {
      // A large text (a spooled chunk) goes to the stream as it is, after what is queued.
      void this.flush();
      return this.failed ? undefined : this.send(s);
    }
    this.reserve(3 * s.length);
    this.at += this.buf.write(s, this.at, 'utf8');
    return this.commit();
  }

  /** Makes room for n more bytes at `at`. */
  reserve(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(2 * this.limit, this.at + n + this.limit));
    this.buf.copy(bigger, 0, 0, this.at);
    this.buf = bigger;
  }

  /** After bytes were written at `at`: a promise when the caller must wait for the stream. */
  commit(): Promise<void> | undefined {
    return this.at >= this.limit ? this.flush() : undefined;
  }

  /** Writes what is queued; a promise when the stream's buffer is full. */
  flush(): Promise<void> | undefined {
    if (this.at === 0 || this.failed) {
      this.at = 0;
      return undefined;
    }
    // The stream keeps the chunk until it is written: the next bytes go into a new one.
    const chunk = this.buf.subarray(0, this.at);
    this.buf = Buffer.allocUnsafe(Math.max(2 * this.limit, this.buf.length));
    this.at = 0;
    return this.send(chunk);
  }

  private send(chunk: Buffer | string): Promise<void> | undefined {
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
