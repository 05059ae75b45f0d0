// Items travel between the readers and the episode splitter in arrays (one per read chunk):
// an async step per item costs more than reading the item, so the per-item interface is one
// thin layer at the end, and a consumer that wants full speed can take the batches.

/**
 * Items per batch. Large enough that the async step per batch costs nothing; small enough
 * that a batch's records die young (a batch of a whole 1 MB chunk of short rows survives the
 * young-generation collections and inflates the heap by hundreds of MB before a full one).
 */
export const BATCH_SIZE = 4096;

/** An async iterable of items that also offers the same items in batches. */
export interface Batched<T> extends AsyncIterable<T> {
  readonly batches: AsyncIterable<readonly T[]>;
}

export function isBatched<T>(items: AsyncIterable<T>): items is Batched<T> {
  return 'batches' in items && typeof (items as { batches?: unknown }).batches === 'object';
}

/** The items of `batches` one by one, without an async step for items already at hand. */
export function batched<T>(batches: AsyncIterable<readonly T[]>): Batched<T> {
  return {
    batches,
    [Symbol.asyncIterator](): AsyncIterator<T> {
      const source = batches[Symbol.asyncIterator]();
      let current: readonly T[] = [];
      let i = 0;
      const refill = async (): Promise<IteratorResult<T>> => {
        for (;;) {
          const r = await source.next();
          if (r.done) return { done: true, value: undefined };
          current = r.value;
          i = 0;
          if (current.length > 0) return { done: false, value: current[i++] };
        }
      };
      return {
        next: () => (i < current.length ? Promise.resolve({ done: false, value: current[i++] }) : refill()),
        // Stopping early must still close the file behind the batches.
        return: async () => {
          current = [];
          await source.return?.();
          return { done: true, value: undefined };
        },
      };
    },
  };
}

/** Groups a synchronous sequence into arrays of at most `size`. */
export function* chunked<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
