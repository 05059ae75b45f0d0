/**
 * The report's decoded chunks, kept within a byte budget: a report of millions of steps zoomed
 * and hovered all over would otherwise end up holding every series decoded (what the chunks
 * exist to avoid). The least recently read chunks go first; the chunks one answer needs are
 * never dropped while it is being computed (`trim` keeps them).
 */
export class ChunkCache<V extends { readonly byteLength: number }> {
  // A Map iterates in insertion order: re-inserting on every read makes it least recent first.
  private readonly entries = new Map<string, V>();
  private held = 0;

  constructor(private readonly budget: number) {}

  get bytes(): number {
    return this.held;
  }

  get size(): number {
    return this.entries.size;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** The value, marked as just read. */
  get(key: string): V | undefined {
    const v = this.entries.get(key);
    if (v !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, v);
    }
    return v;
  }

  set(key: string, value: V): void {
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.held -= old.byteLength;
      this.entries.delete(key);
    }
    this.entries.set(key, value);
    this.held += value.byteLength;
  }

  /** Drops the least recently read entries outside `keep` until the cache is within its budget. */
  trim(keep: ReadonlySet<string>): void {
    if (this.held <= this.budget) return;
    for (const [key, v] of this.entries) {
      if (this.held <= this.budget) break;
      if (keep.has(key)) continue;
      this.entries.delete(key);
      this.held -= v.byteLength;
    }
  }
}
