// The report's detail encoding (protocol/detail.ts): bytes as windows-1252 text survive both
// readings (Latin-1 in Node, windows-1252's code points in the browser), byte planes are undone,
// and a chunk reads back the values written.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deflateSync, inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { chunkedColumn, chunkValues, escapeBytes, fromPlanes, Layout, textToBytes, toPlanes, unescapeBytes } from '../../protocol/detail';

const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');
/** The text as a browser reads a windows-1252 document (TextDecoder implements the same WHATWG table). */
const cp1252 = (b: Uint8Array) => new TextDecoder('windows-1252').decode(b);

test('every byte survives the escape, read as Latin-1 or as windows-1252; the unsafe ones never appear raw', () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  const written = escapeBytes(all);
  assert.equal(written.length, 256 + 4, 'NUL, CR, < and the escape take two characters');
  for (const b of [0x00, 0x0d, 0x3c]) assert.ok(!written.includes(b), `byte ${b} is never written as it is`);
  assert.deepEqual(unescapeBytes(written), all);
  assert.deepEqual(textToBytes(latin1(written)), all);
  assert.deepEqual(textToBytes(cp1252(written)), all);
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 2000 }), fc.nat(50), (bytes, cut) => {
      const w = escapeBytes(bytes);
      assert.deepEqual(unescapeBytes(w), bytes);
      // A chunk is read by its character bounds inside a longer text.
      const text = 'x'.repeat(cut) + cp1252(w) + 'y';
      assert.deepEqual(textToBytes(text, cut, cut + w.length), bytes);
      return true;
    }),
  );
  assert.throws(() => textToBytes('\u4e00'), /U\+4E00 at 0 is no byte of the report's data/);
});

test('byte planes are undone, and a chunk reads back its values whichever layout was smaller', () => {
  fc.assert(
    fc.property(fc.array(fc.double(), { maxLength: 300 }), (xs) => {
      const a = Float64Array.from(xs);
      const bytes = new Uint8Array(a.buffer);
      assert.deepEqual(fromPlanes(toPlanes(bytes, 8), 8), bytes);
      for (const layout of [Layout.Plain, Layout.Planes]) {
        const stored = layout === Layout.Planes ? toPlanes(bytes, 8) : bytes;
        const back = chunkValues('f64', layout, inflateSync(deflateSync(stored)));
        assert.deepEqual(back, a);
      }
      return true;
    }),
  );
  const states = Int32Array.from([0, 1, 1, 2, -1]);
  assert.deepEqual(chunkValues('i32', Layout.Planes, toPlanes(new Uint8Array(states.buffer), 4)), states);
  assert.throws(() => chunkValues('f64', Layout.Plain, new Uint8Array(12)), /f64 chunk of 12 bytes/);
});

test('a chunked column reads any range, inside a chunk and across chunks', () => {
  const size = 7;
  const all = Float64Array.from({ length: 50 }, (_, i) => i * 1.5);
  const col = chunkedColumn(size, (i) => all.subarray(i * size, (i + 1) * size));
  for (let a = 0; a <= 50; a++) for (let b = a; b <= 50; b++) assert.deepEqual(Array.from(col.subarray(a, b)), Array.from(all.subarray(a, b)));
});
