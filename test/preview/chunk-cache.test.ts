// The report page's decoded chunks stay within a byte budget (webview/src/chunk-cache.ts): the
// least recently read go first, and never the ones the answer being computed reads.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChunkCache } from '../../webview/src/chunk-cache';

const chunk = (bytes: number) => new Uint8Array(bytes);

test('within its budget the cache keeps everything', () => {
  const c = new ChunkCache<Uint8Array>(100);
  c.set('a', chunk(40));
  c.set('b', chunk(60));
  c.trim(new Set());
  assert.equal(c.size, 2);
  assert.equal(c.bytes, 100);
});

test('over budget the least recently read go first', () => {
  const c = new ChunkCache<Uint8Array>(100);
  c.set('a', chunk(40));
  c.set('b', chunk(40));
  c.set('c', chunk(40));
  c.get('a'); // read again: now b is the least recent
  c.trim(new Set());
  assert.deepEqual(['a', 'b', 'c'].filter((k) => c.has(k)), ['a', 'c']);
  assert.equal(c.bytes, 80);
});

test('the chunks an answer needs stay, even past the budget', () => {
  const c = new ChunkCache<Uint8Array>(50);
  for (const k of ['a', 'b', 'c', 'd']) c.set(k, chunk(40));
  c.trim(new Set(['a', 'b', 'c']));
  assert.deepEqual(['a', 'b', 'c', 'd'].filter((k) => c.has(k)), ['a', 'b', 'c']);
  assert.equal(c.bytes, 120);
});

test('setting a key again replaces its bytes', () => {
  const c = new ChunkCache<Uint8Array>(1000);
  c.set('a', chunk(40));
  c.set('a', chunk(10));
  assert.equal(c.bytes, 10);
  assert.equal(c.size, 1);
});
