import { appendFileSync, createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BufferedWriter } from './output';

/**
 * Output that must come after something still being written (the episode objects come after
 * every step): kept in memory up to a bound, then in a temporary file, so that a file of
 * millions of episodes holds a few megabytes, not millions of objects.
 */
export class Spool {
  private parts: string[] = [];
  private size = 0;
  private dir: string | undefined;
  private file: string | undefined;

  constructor(private readonly limit = 1 << 20) {}

  add(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= this.limit) this.spill();
  }

  /** Writes everything added, in order, to `out` (waiting for it), then forgets it. */
  async replay(out: BufferedWriter): Promise<void> {
    try {
      if (this.file !== undefined) {
        this.spill();
        for await (const chunk of createReadStream(this.file, { encoding: 'utf8', highWaterMark: 1 << 16 })) {
          if (out.closed) break;
          await out.write(chunk as string);
        }
      } else {
        for (const p of this.parts) await out.write(p);
      }
    } finally {
      this.dispose();
    }
  }

  /** Removes the temporary file, if any. */
  dispose(): void {
    this.parts = [];
    this.size = 0;
    if (this.dir !== undefined) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
    this.file = undefined;
  }

  private spill(): void {
    if (this.parts.length === 0) return;
    if (this.file === undefined) {
      this.dir = mkdtempSync(join(tmpdir(), 'reward-eval-'));
      this.file = join(this.dir, 'spool.txt');
      // Whatever ends the process, the spool goes with it.
      const dir = this.dir;
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    }
    appendFileSync(this.file, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}
