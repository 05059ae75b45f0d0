import type { Writable } from 'node:stream';

/** Buffers small writes into large ones and respects back-pressure, for output of millions of lines. */
export class BufferedWriter {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly out: Writable, private readonly limit = 1 << 16) {}

  async write(s: string): Promise<void> {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= this.limit) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!this.out.write(chunk)) await new Promise<void>((resolve) => this.out.once('drain', resolve));
  }
}
