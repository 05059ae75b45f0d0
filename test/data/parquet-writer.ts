// Test helper: a minimal Parquet writer for fixtures (no Parquet writer is installed, and
// Debian has no pyarrow). It writes one row group, one uncompressed PLAIN data page (v1) per
// leaf column, required fields only; lists are the standard three-level LIST of required
// elements (as pyarrow writes fixed-size lists), structs are required groups. Format:
// https://github.com/apache/parquet-format (Thrift compact protocol for the metadata).

import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

export type Column =
  | { readonly name: string; readonly type: 'double' | 'float' | 'int64' | 'int32' | 'boolean' | 'string'; readonly values: readonly (number | boolean | string)[] }
  | { readonly name: string; readonly type: 'list-float' | 'list-double'; readonly values: readonly (readonly number[])[] }
  | { readonly name: string; readonly type: 'struct'; readonly children: readonly Column[] };

// Parquet physical types and enums used here.
const BOOLEAN = 0, INT32 = 1, INT64 = 2, FLOAT = 4, DOUBLE = 5, BYTE_ARRAY = 6;
const REQUIRED = 0, REPEATED = 2;
const UTF8 = 0, LIST = 3;
const PLAIN = 0, RLE = 3;

type Thrift =
  | { readonly i32: number }
  | { readonly i64: number }
  | { readonly str: string }
  | { readonly list: readonly Thrift[]; readonly of: 'i32' | 'str' | 'struct' }
  | { readonly struct: readonly (readonly [number, Thrift | undefined])[] };

const COMPACT = { i32: 5, i64: 6, str: 8, list: 9, struct: 12 } as const;

class Bytes {
  readonly out: number[] = [];
  byte(b: number) {
    this.out.push(b & 0xff);
  }
  varint(n: bigint) {
    let v = n;
    while (v >= 0x80n) {
      this.byte(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.byte(Number(v));
  }
  zigzag(n: number) {
    const b = BigInt(n);
    this.varint(b >= 0n ? b << 1n : ((-b) << 1n) - 1n);
  }
  raw(bytes: ArrayLike<number>) {
    for (let i = 0; i < bytes.length; i++) this.byte(bytes[i]);
  }
}

function kind(t: Thrift): keyof typeof COMPACT {
  return 'i32' in t ? 'i32' : 'i64' in t ? 'i64' : 'str' in t ? 'str' : 'list' in t ? 'list' : 'struct';
}

function writeThrift(w: Bytes, t: Thrift): void {
  if ('i32' in t) w.zigzag(t.i32);
  else if ('i64' in t) w.zigzag(t.i64);
  else if ('str' in t) {
    const b = Buffer.from(t.str, 'utf8');
    w.varint(BigInt(b.length));
    w.raw(b);
  } else if ('list' in t) {
    const type = COMPACT[t.of];
    if (t.list.length < 15) w.byte((t.list.length << 4) | type);
    else {
      w.byte(0xf0 | type);
      w.varint(BigInt(t.list.length));
    }
    for (const e of t.list) writeThrift(w, e);
  } else {
    let last = 0;
    for (const [id, v] of t.struct) {
      if (v === undefined) continue;
      const delta = id - last;
      if (delta > 0 && delta <= 15) w.byte((delta << 4) | COMPACT[kind(v)]);
      else {
        w.byte(COMPACT[kind(v)]);
        w.zigzag(id);
      }
      writeThrift(w, v);
      last = id;
    }
    w.byte(0);
  }
}

interface Leaf {
  readonly path: readonly string[];
  readonly type: number;
  readonly values: readonly (number | boolean | string)[];
  /** Repetition levels, for list elements only. */
  readonly rep?: readonly number[];
}

function schemaOf(c: Column): Thrift[] {
  switch (c.type) {
    case 'struct':
      return [{ struct: [[3, { i32: REQUIRED }], [4, { str: c.name }], [5, { i32: c.children.length }]] }, ...c.children.flatMap(schemaOf)];
    case 'list-float':
    case 'list-double':
      return [
        { struct: [[3, { i32: REQUIRED }], [4, { str: c.name }], [5, { i32: 1 }], [6, { i32: LIST }]] },
        { struct: [[3, { i32: REPEATED }], [4, { str: 'list' }], [5, { i32: 1 }]] },
        { struct: [[1, { i32: c.type === 'list-float' ? FLOAT : DOUBLE }], [3, { i32: REQUIRED }], [4, { str: 'element' }]] },
      ];
    default:
      return [{ struct: [[1, { i32: physical(c.type) }], [3, { i32: REQUIRED }], [4, { str: c.name }], [6, c.type === 'string' ? { i32: UTF8 } : undefined]] }];
  }
}

function physical(type: string): number {
  return ({ double: DOUBLE, float: FLOAT, int64: INT64, int32: INT32, boolean: BOOLEAN, string: BYTE_ARRAY } as Record<string, number>)[type];
}

function leavesOf(c: Column, prefix: readonly string[] = []): Leaf[] {
  switch (c.type) {
    case 'struct':
      return c.children.flatMap((k) => leavesOf(k, [...prefix, c.name]));
    case 'list-float':
    case 'list-double': {
      const values: number[] = [];
      const rep: number[] = [];
      for (const row of c.values) {
        if (row.length === 0) throw new Error('parquet-writer: empty lists are not supported');
        row.forEach((v, i) => {
          values.push(v);
          rep.push(i === 0 ? 0 : 1);
        });
      }
      return [{ path: [...prefix, c.name, 'list', 'element'], type: c.type === 'list-float' ? FLOAT : DOUBLE, values, rep }];
    }
    default:
      return [{ path: [...prefix, c.name], type: physical(c.type), values: c.values }];
  }
}

function plain(leaf: Leaf): Bytes {
  const w = new Bytes();
  if (leaf.type === BOOLEAN) {
    for (let i = 0; i < leaf.values.length; i += 8) {
      let b = 0;
      for (let k = 0; k < 8 && i + k < leaf.values.length; k++) if (leaf.values[i + k]) b |= 1 << k;
      w.byte(b);
    }
    return w;
  }
  for (const v of leaf.values) {
    const buf = Buffer.alloc(leaf.type === INT64 || leaf.type === DOUBLE ? 8 : 4);
    if (leaf.type === DOUBLE) buf.writeDoubleLE(v as number);
    else if (leaf.type === FLOAT) buf.writeFloatLE(v as number);
    else if (leaf.type === INT64) buf.writeBigInt64LE(BigInt(v as number));
    else if (leaf.type === INT32) buf.writeInt32LE(v as number);
    else {
      const s = Buffer.from(String(v), 'utf8');
      buf.writeUInt32LE(s.length);
      w.raw(buf);
      w.raw(s);
      continue;
    }
    w.raw(buf);
  }
  return w;
}

/** Levels of bit width 1 in the RLE/bit-packed hybrid, one RLE run per stretch of equal values, length-prefixed. */
function levels(values: readonly number[]): number[] {
  const w = new Bytes();
  for (let i = 0; i < values.length; ) {
    let j = i;
    while (j < values.length && values[j] === values[i]) j++;
    w.varint(BigInt(j - i) << 1n);
    w.byte(values[i]);
    i = j;
  }
  const len = Buffer.alloc(4);
  len.writeUInt32LE(w.out.length);
  return [...len, ...w.out];
}

/** Writes `columns` (all of one row count) to `file` as a Parquet file, its pages optionally gzip-compressed. */
export function writeParquet(file: string, columns: readonly Column[], codec: 'UNCOMPRESSED' | 'GZIP' = 'UNCOMPRESSED'): void {
  const rowsOf = (c: Column): number => (c.type === 'struct' ? rowsOf(c.children[0]) : c.values.length);
  const rows = rowsOf(columns[0]);
  const out = new Bytes();
  out.raw(Buffer.from('PAR1'));
  const chunks: Thrift[] = [];
  for (const leaf of columns.flatMap((c) => leavesOf(c))) {
    const data: number[] = [];
    if (leaf.rep !== undefined) {
      data.push(...levels(leaf.rep));
      data.push(...levels(leaf.rep.map(() => 1)));
    }
    data.push(...plain(leaf).out);
    const page = codec === 'GZIP' ? [...gzipSync(Buffer.from(data))] : data;
    const header = new Bytes();
    writeThrift(header, {
      struct: [
        [1, { i32: 0 }],
        [2, { i32: data.length }],
        [3, { i32: page.length }],
        [5, { struct: [[1, { i32: leaf.values.length }], [2, { i32: PLAIN }], [3, { i32: RLE }], [4, { i32: RLE }]] }],
      ],
    });
    const offset = out.out.length;
    out.raw(header.out);
    out.raw(page);
    const size = header.out.length + page.length;
    chunks.push({
      struct: [
        [2, { i64: offset }],
        [3, {
          struct: [
            [1, { i32: leaf.type }],
            [2, { list: [{ i32: PLAIN }, { i32: RLE }], of: 'i32' }],
            [3, { list: leaf.path.map((p) => ({ str: p })), of: 'str' }],
            [4, { i32: codec === 'GZIP' ? 2 : 0 }],
            [5, { i64: leaf.values.length }],
            [6, { i64: header.out.length + data.length }],
            [7, { i64: size }],
            [9, { i64: offset }],
          ],
        }],
      ],
    });
  }
  const schema: Thrift[] = [{ struct: [[4, { str: 'schema' }], [5, { i32: columns.length }]] }, ...columns.flatMap(schemaOf)];
  const footer = new Bytes();
  writeThrift(footer, {
    struct: [
      [1, { i32: 1 }],
      [2, { list: schema, of: 'struct' }],
      [3, { i64: rows }],
      [4, { list: [{ struct: [[1, { list: chunks, of: 'struct' }], [2, { i64: out.out.length }], [3, { i64: rows }]] }], of: 'struct' }],
      [6, { str: 'rewardsmith test parquet-writer' }],
    ],
  });
  out.raw(footer.out);
  const len = Buffer.alloc(4);
  len.writeUInt32LE(footer.out.length);
  out.raw(len);
  out.raw(Buffer.from('PAR1'));
  writeFileSync(file, Buffer.from(out.out));
}
