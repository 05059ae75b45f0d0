import { BYTES, CHUNK_STEPS, chunkedColumn, chunkValues, escapeBytes, Layout, toPlanes, unescapeBytes, type SeriesKind } from '../../../protocol/detail';
import { mapSeries, type Column, type StepSource } from '../../../protocol/slices';
import type { PreviewMeta } from '../../../protocol/preview';
import type { PreviewSeries, SeriesSink, SeriesWriter } from './compute';

/** zlib's compress and uncompress (the zlib format, with its checksum): the CLI passes Node's. */
export interface Zlib {
  deflate(bytes: Uint8Array): Uint8Array;
  inflate(bytes: Uint8Array): Uint8Array;
}

/** One series of the report as it will be written: the bytes of each chunk (compressed, escaped) and its layout. */
export interface DetailSeries {
  readonly kind: SeriesKind;
  readonly chunks: readonly Uint8Array[];
  readonly layouts: readonly number[];
}

/**
 * The report's sink: each series is cut in chunks of CHUNK_STEPS steps, and each full chunk is
 * compressed at once (as plain bytes or as byte planes, whichever is smaller) and kept as the
 * bytes the report will hold. Memory is the output plus one open chunk per series.
 */
export function reportSink(zlib: Zlib): SeriesSink<DetailSeries> {
  return { open: (kind) => new ChunkWriter(kind, zlib) };
}

const CTORS = { f64: Float64Array, i32: Int32Array, i8: Int8Array, u8: Uint8Array } as const;

class ChunkWriter implements SeriesWriter<DetailSeries> {
  private readonly buf: Float64Array | Int32Array | Int8Array | Uint8Array;
  private n = 0;
  private readonly chunks: Uint8Array[] = [];
  private readonly layouts: number[] = [];

  constructor(private readonly kind: SeriesKind, private readonly zlib: Zlib) {
    this.buf = new CTORS[kind](CHUNK_STEPS);
  }

  push(x: number): void {
    this.buf[this.n++] = x;
    if (this.n === CHUNK_STEPS) this.flush();
  }

  private flush(): void {
    const b = this.buf;
    const bytes = new Uint8Array(b.buffer, 0, this.n * BYTES[this.kind]);
    let best = this.zlib.deflate(bytes);
    let layout = Layout.Plain;
    if (BYTES[this.kind] > 1) {
      const planes = this.zlib.deflate(toPlanes(bytes, BYTES[this.kind]));
      if (planes.length < best.length) {
        best = planes;
        layout = Layout.Planes;
      }
    }
    this.chunks.push(escapeBytes(best));
    this.layouts.push(layout);
    this.n = 0;
  }

  done(): DetailSeries {
    if (this.n > 0) this.flush();
    return { kind: this.kind, chunks: this.chunks, layouts: this.layouts };
  }
}

/**
 * The written detail read back, as the page reads it but synchronously: for the first view the
 * report embeds, and for tests. Each column keeps its last decoded chunk (views read in order).
 */
export function detailSource(meta: PreviewMeta, offsets: Int32Array, series: PreviewSeries<DetailSeries>, zlib: Zlib): StepSource {
  const column = (s: DetailSeries): Column => {
    let at = -1;
    let values: ArrayLike<number> & { subarray(a: number, b: number): ArrayLike<number> } = new Float64Array(0);
    return chunkedColumn(CHUNK_STEPS, (i) => {
      if (i !== at) {
        values = chunkValues(s.kind, s.layouts[i], zlib.inflate(unescapeBytes(s.chunks[i])));
        at = i;
      }
      return values;
    });
  };
  return { meta, offsets, ...mapSeries(series, column) };
}

