type TypedArray = Float64Array | Int32Array | Int8Array | Uint8Array;
type Ctor<T extends TypedArray> = { new (n: number): T };

/** A typed array that grows by doubling while the evaluation streams in; `done` trims it. */
export class Grow<T extends TypedArray> {
  private data: T;
  length = 0;

  constructor(private readonly ctor: Ctor<T>) {
    this.data = new ctor(256);
  }

  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new this.ctor(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }

  done(): T {
    return this.data.slice(0, this.length) as T;
  }
}
