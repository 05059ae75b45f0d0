// The standalone report's per-step detail: every series of the store (rewards, components,
// machines, formulas, props), cut in chunks of CHUNK_STEPS steps, each chunk compressed (zlib
// format: its Adler-32 tells a damaged file) and written as bytes into an inert element of its
// own. The page draws from the downsampled first view it embeds and decodes a chunk only when
// a view or a hovered step needs it. Pure: the writer (Node's zlib) and the page (the browser's
// DecompressionStream) bring their own inflate and deflate.
//
// The bytes travel as text in a document declared windows-1252: each byte is one character, and
// only the four bytes the HTML parser would not hand back as they are (NUL, CR, `<`, and the
// escape itself) take two. That is 1.02 characters a byte, where base64 takes 1.33: the report
// of a 1,000,000-step episode stays under 3 times the size of its reward series in base64
// (docs/architecture.md, "The preview at scale").
import { allSeries, type Column, type SeriesOf } from './slices';
import { arr, i32, int, object, oneOf, refine, str, u8, fail, lengthIs, type Schema } from './schema';

/** Steps per chunk: 512 KiB of Float64 values; a hover decodes one chunk of each series. */
export const CHUNK_STEPS = 65536;

export type SeriesKind = 'f64' | 'i32' | 'i8' | 'u8';

/** How a chunk's bytes were arranged before compression. */
export const enum Layout {
  /** The little-endian bytes of the typed array. */
  Plain = 0,
  /** Byte planes: every value's first byte, then every second byte, ... (exponents compress). */
  Planes = 1,
}

/** One series in the page: the element that holds its chunks and where each chunk starts in its text. */
export interface SeriesRef {
  readonly element: string;
  readonly kind: SeriesKind;
  /** Character offsets into the element's text: chunk i is `[bounds[i], bounds[i + 1])`. */
  readonly bounds: Int32Array;
  /** Per chunk, its Layout. */
  readonly layouts: Uint8Array;
}

/** Where the report's detail is: one SeriesRef per series of the store, in the store's order. */
export interface DetailIndex extends SeriesOf<SeriesRef> {
  readonly chunk: number;
  readonly steps: number;
  /** Episode `e` owns the steps `offsets[e]` to `offsets[e + 1] - 1` (length episodes + 1). */
  readonly offsets: Int32Array;
}

export const chunkCount = (steps: number, chunk: number): number => Math.ceil(steps / chunk);

const SeriesRefSchema: Schema<SeriesRef> = refine(
  object<SeriesRef>({ element: str, kind: oneOf<SeriesKind>(['f64', 'i32', 'i8', 'u8']), bounds: i32, layouts: u8 }),
  (s, p) => {
    lengthIs(s.bounds, s.layouts.length + 1, `${p}.bounds`);
    for (let i = 0; i < s.layouts.length; i++) if (!(s.bounds[i] <= s.bounds[i + 1])) fail(`${p}.bounds[${i + 1}]`, `at least ${s.bounds[i]}`, s.bounds[i + 1]);
  },
);

export const DetailIndexSchema: Schema<DetailIndex> = refine(
  object<DetailIndex>({
    chunk: int(1),
    steps: int(),
    offsets: i32,
    reward: arr(SeriesRefSchema),
    components: arr(arr(SeriesRefSchema)),
    machines: arr(SeriesRefSchema),
    ltl: arr(SeriesRefSchema),
    props: arr(SeriesRefSchema),
  }),
  (d, p) => {
    const n = chunkCount(d.steps, d.chunk);
    allSeries(d).forEach((s) => lengthIs(s.layouts, n, `${p}.${s.element}.layouts`));
    if (d.offsets.length === 0 || d.offsets[d.offsets.length - 1] !== d.steps) fail(`${p}.offsets`, `to end at ${d.steps}`, d.offsets[d.offsets.length - 1]);
  },
);

export const BYTES: Readonly<Record<SeriesKind, number>> = { f64: 8, i32: 4, i8: 1, u8: 1 };

/** Byte planes of `bytes`, values of `width` bytes each (Layout.Planes). */
export function toPlanes(bytes: Uint8Array, width: number): Uint8Array {
  const n = bytes.length / width;
  const out = new Uint8Array(bytes.length);
  for (let k = 0; k < width; k++) for (let i = 0; i < n; i++) out[k * n + i] = bytes[i * width + k];
  return out;
}

export function fromPlanes(planes: Uint8Array, width: number): Uint8Array {
  const n = planes.length / width;
  const out = new Uint8Array(planes.length);
  for (let k = 0; k < width; k++) for (let i = 0; i < n; i++) out[i * width + k] = planes[k * n + i];
  return out;
}

/** The values of a chunk from its inflated bytes. */
export function chunkValues(kind: SeriesKind, layout: number, bytes: Uint8Array): Float64Array | Int32Array | Int8Array | Uint8Array {
  const width = BYTES[kind];
  if (bytes.length % width !== 0) throw new Error(`a ${kind} chunk of ${bytes.length} bytes`);
  const plain = layout === Layout.Planes ? fromPlanes(bytes, width) : bytes.byteOffset % width === 0 ? bytes : bytes.slice();
  const n = plain.length / width;
  switch (kind) {
    case 'f64':
      return new Float64Array(plain.buffer, plain.byteOffset, n);
    case 'i32':
      return new Int32Array(plain.buffer, plain.byteOffset, n);
    case 'i8':
      return new Int8Array(plain.buffer, plain.byteOffset, n);
    case 'u8':
      return new Uint8Array(plain.buffer, plain.byteOffset, n);
  }
}

// Bytes as windows-1252 text. The HTML parser replaces NUL, turns CR (and CR LF) into LF, and a
// `<` could close the element: those three and the escape byte are written as ESCAPE followed by
// the byte XOR 0x40. The decoder maps characters back to bytes; windows-1252 sends 27 of the
// bytes 0x80-0x9F to other code points (0x80 is U+20AC), which REVERSE_1252 undoes.

const ESCAPE = 0x3d; // '='
const NEEDS_ESCAPE = new Uint8Array(256);
for (const b of [0x00, 0x0d, 0x3c, ESCAPE]) NEEDS_ESCAPE[b] = 1;

/** `bytes` as the report writes them: each a character (code point 0-255), the four unsafe ones escaped. */
export function escapeBytes(bytes: Uint8Array): Uint8Array {
  let extra = 0;
  for (let i = 0; i < bytes.length; i++) extra += NEEDS_ESCAPE[bytes[i]];
  const out = new Uint8Array(bytes.length + extra);
  let o = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (NEEDS_ESCAPE[b]) {
      out[o++] = ESCAPE;
      out[o++] = b ^ 0x40;
    } else out[o++] = b;
  }
  return out;
}

/** The bytes of escaped bytes (as escapeBytes wrote them, read back as bytes). */
export function unescapeBytes(escaped: Uint8Array): Uint8Array {
  const out = new Uint8Array(escaped.length);
  let o = 0;
  for (let i = 0; i < escaped.length; i++) {
    const c = escaped[i];
    out[o++] = c === ESCAPE ? escaped[++i] ^ 0x40 : c;
  }
  return out.subarray(0, o);
}

// The code points windows-1252 gives the bytes 0x80-0x9F (WHATWG Encoding: the five it leaves
// undefined map to themselves).
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];
const REVERSE_1252 = new Map<number, number>(CP1252_HIGH.map((cp, i) => [cp, 0x80 + i]));

/**
 * The bytes of `text[from, to)` as the page reads it: either the characters written (a Latin-1
 * reading, as Node's tests do) or windows-1252's code points for them (the browser's reading).
 */
export function textToBytes(text: string, from = 0, to = text.length): Uint8Array {
  const out = new Uint8Array(to - from);
  let o = 0;
  for (let i = from; i < to; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0x100) {
      const b = REVERSE_1252.get(c);
      if (b === undefined) throw new Error(`character U+${c.toString(16).toUpperCase().padStart(4, '0')} at ${i} is no byte of the report's data`);
      c = b;
    }
    if (c === ESCAPE) {
      if (i + 1 >= to) throw new Error(`the report's data ends inside an escape at ${i}`);
      c = text.charCodeAt(++i) ^ 0x40;
    }
    out[o++] = c;
  }
  return out.subarray(0, o);
}

export type Chunk = ArrayLike<number> & { subarray(a: number, b: number): ArrayLike<number> };

/** A column over chunks of `size` steps, each given by `chunk(i)`: a range inside one chunk is a view of it, across chunks a copy. */
export function chunkedColumn(size: number, chunk: (i: number) => Chunk): Column {
  return {
    subarray(begin: number, end: number): ArrayLike<number> {
      if (end <= begin) return new Float64Array(0);
      const a = Math.floor(begin / size);
      const b = Math.floor((end - 1) / size);
      if (a === b) return chunk(a).subarray(begin - a * size, end - a * size);
      const out = new Float64Array(end - begin);
      for (let c = a; c <= b; c++) {
        const s = Math.max(begin, c * size);
        const e = Math.min(end, (c + 1) * size);
        const part = chunk(c).subarray(s - c * size, e - c * size);
        for (let k = 0; k < part.length; k++) out[s - begin + k] = part[k];
      }
      return out;
    },
  };
}
