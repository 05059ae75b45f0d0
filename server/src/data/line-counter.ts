/** Turns offsets into 1-based line and column numbers, counting forward from the last question. */
export class LineCounter {
  private offset = 0;
  private line = 1;
  private lineStart = 0;

  constructor(private readonly text: string) {}

  /** 1-based line of `offset`; cheap when offsets are asked in increasing order. */
  lineAt(offset: number): number {
    this.moveTo(offset);
    return this.line;
  }

  /** 1-based column of `offset` within its line. */
  columnAt(offset: number): number {
    this.moveTo(offset);
    return offset - this.lineStart + 1;
  }

  private moveTo(offset: number): void {
    if (offset < this.offset) {
      this.offset = 0;
      this.line = 1;
      this.lineStart = 0;
    }
    const { text } = this;
    for (let p = this.offset; p < offset && p < text.length; p++) {
      if (text.charCodeAt(p) === 10) {
        this.line++;
        this.lineStart = p + 1;
      }
    }
    this.offset = offset;
  }
}
