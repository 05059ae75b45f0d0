import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lookup, parsePath, pathText } from '../../server/src/data/path';

test('parsePath reads names, .keys and [indexes]', () => {
  assert.deepEqual(parsePath('obs[0]'), ['obs', 0]);
  assert.deepEqual(parsePath('info.room'), ['info', 'room']);
  assert.deepEqual(parsePath('obs.pos[2]'), ['obs', 'pos', 2]);
  assert.deepEqual(parsePath('action'), ['action']);
  assert.deepEqual(parsePath('grid[1][2]'), ['grid', 1, 2]);
});

test('parsePath answers undefined for malformed paths', () => {
  for (const bad of ['', '0obs', 'obs.', 'obs[', 'obs[]', 'obs[-1]', 'obs[1.5]', 'a..b', '.a', 'a b', 'obs[0', '[0]', 'a.0']) {
    assert.equal(parsePath(bad), undefined, bad);
  }
});

test('lookup walks objects and arrays, undefined when a step is missing', () => {
  const record = { obs: [1.5, 2], info: { room: 'hall', pos: [0, 7] }, n: null };
  assert.equal(lookup(record, ['obs', 1]), 2);
  assert.equal(lookup(record, ['info', 'room']), 'hall');
  assert.equal(lookup(record, ['info', 'pos', 1]), 7);
  assert.equal(lookup(record, ['obs', 2]), undefined);
  assert.equal(lookup(record, ['info', 'x']), undefined);
  assert.equal(lookup(record, ['n', 'x']), undefined);
  assert.equal(lookup(record, ['obs', 'length']), undefined);
  assert.equal(lookup(record, ['info', 0]), undefined);
  assert.equal(lookup(record, ['n']), null);
});

test('lookup reads [i] on an object with key "i" (Python dicts with int keys)', () => {
  assert.equal(lookup({ obs: { '0': 4 } }, ['obs', 0]), 4);
});

test('lookup never returns inherited members', () => {
  const record = JSON.parse('{"a": {}}');
  for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
    assert.equal(lookup(record, [key]), undefined, key);
    assert.equal(lookup(record, ['a', key]), undefined, key);
  }
  assert.equal(lookup(JSON.parse('{"__proto__": 3}'), ['__proto__']), 3);
});

test('pathText writes a path back as parsePath reads it', () => {
  assert.equal(pathText(['obs', 'pos', 2]), 'obs.pos[2]');
  assert.equal(pathText(['obs', 0, 1]), 'obs[0][1]');
  const ident = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,6}$/);
  const segment = fc.oneof(ident, fc.nat({ max: 1000 }));
  fc.assert(
    fc.property(ident, fc.array(segment, { maxLength: 5 }), (head, rest) => {
      const path = [head, ...rest];
      assert.deepEqual(parsePath(pathText(path)), path);
    }),
  );
});
