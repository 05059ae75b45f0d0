import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeDecoder, type FieldSpec, type FieldType } from '../../server/src/data/decode';
import type { DataProblem } from '../../server/src/data/problem';
import type { RawRecord } from '../../server/src/data/record';

const ROOM: FieldType = { kind: 'enum', members: ['hall', 'kitchen', 'office'] };

function field(name: string, path: (string | number)[], type: FieldType, extra: Partial<FieldSpec> = {}): FieldSpec {
  return { name, path, type, isAction: false, ...extra };
}

/** Decodes one record: the values written, whether it is kept, and the problems as `line field: message`. */
function decodeOne(
  fields: readonly FieldSpec[],
  value: Record<string, unknown>,
  opts: { labels?: string[]; format?: 'jsonl' | 'json' | 'csv'; needActions?: boolean } = {},
): { kept: boolean; values: number[]; problems: string[] } {
  const labels = opts.labels ?? [];
  const decoder = makeDecoder(fields, labels, opts.format ?? 'jsonl');
  const out = new Float64Array(fields.length + labels.length).fill(-999);
  const problems: DataProblem[] = [];
  const record: RawRecord = { file: 'run.jsonl', line: 12, value };
  const kept = decoder.decode(record, opts.needActions ?? true, out, (p) => problems.push(p));
  for (const p of problems) assert.equal(p.file, 'run.jsonl');
  return { kept, values: [...out], problems: problems.map((p) => `${p.line} ${p.field}: ${p.message}`) };
}

test('number fields are written as they are', () => {
  const r = decodeOne([field('x', ['obs', 0], { kind: 'number' }), field('y', ['obs', 1], { kind: 'number' })], { obs: [0.25, -3] });
  assert.deepEqual(r, { kept: true, values: [0.25, -3], problems: [] });
});

test('a wrong type is reported with line and field, saying what was expected; the record is skipped', () => {
  const r = decodeOne([field('x', ['obs', 0], { kind: 'number' })], { obs: ['abc'] });
  assert.equal(r.kept, false);
  assert.deepEqual(r.problems, ['12 obs[0]: expected a number, got the string "abc"']);
});

test('a missing field is reported and the record skipped', () => {
  const r = decodeOne([field('room', ['info', 'room'], ROOM)], { info: {} });
  assert.deepEqual([r.kept, r.problems], [false, ['12 info.room: missing field']]);
  assert.deepEqual(decodeOne([field('room', ['info', 'room'], ROOM)], {}).problems, ['12 info.room: missing field']);
});

test('a non-finite number is reported as such, whatever the declared type', () => {
  for (const type of [{ kind: 'number' }, { kind: 'int' }, { kind: 'bool' }, ROOM] as FieldType[]) {
    const r = decodeOne([field('x', ['x'], type)], { x: NaN });
    assert.deepEqual([r.kept, r.problems], [false, ['12 x: not a finite number (got NaN)']], type.kind);
  }
  assert.deepEqual(decodeOne([field('x', ['x'], { kind: 'number' })], { x: -Infinity }).problems, ['12 x: not a finite number (got -Infinity)']);
});

test('int accepts any integral number, 2.0 too, and nothing else', () => {
  assert.deepEqual(decodeOne([field('n', ['n'], { kind: 'int' })], { n: 2.0 }).values, [2]);
  assert.deepEqual(decodeOne([field('n', ['n'], { kind: 'int' })], { n: -7 }).values, [-7]);
  assert.deepEqual(decodeOne([field('n', ['n'], { kind: 'int' })], { n: 2.5 }).problems, ['12 n: expected an integer, got 2.5']);
  assert.deepEqual(decodeOne([field('n', ['n'], { kind: 'int' })], { n: '2' }).problems, ['12 n: expected an integer, got the string "2"']);
});

test('bool is true/false (written 1/0) in JSON; 1 and 0 are not booleans there', () => {
  const f = [field('c', ['c'], { kind: 'bool' })];
  assert.deepEqual(decodeOne(f, { c: true }).values, [1]);
  assert.deepEqual(decodeOne(f, { c: false }).values, [0]);
  assert.deepEqual(decodeOne(f, { c: 1 }).problems, ['12 c: expected true or false, got 1']);
  assert.deepEqual(decodeOne(f, { c: 'true' }, { format: 'json' }).problems, ['12 c: expected true or false, got the string "true"']);
});

test('bool in CSV also accepts 1 and 0, and true/false in any case', () => {
  const f = [field('c', ['c'], { kind: 'bool' })];
  for (const [cell, v] of [['true', 1], ['False', 0], [1, 1], [0, 0]] as const) {
    assert.deepEqual(decodeOne(f, { c: cell }, { format: 'csv' }).values, [v], String(cell));
  }
  assert.deepEqual(decodeOne(f, { c: 2 }, { format: 'csv' }).problems, ['12 c: expected true, false, 1 or 0, got 2']);
  assert.deepEqual(decodeOne(f, { c: 'yes' }, { format: 'csv' }).problems, ['12 c: expected true, false, 1 or 0, got the string "yes"']);
});

test("enum data is the member's name or its 0-based index", () => {
  const f = [field('room', ['info', 'room'], ROOM)];
  assert.deepEqual(decodeOne(f, { info: { room: 'kitchen' } }).values, [1]);
  assert.deepEqual(decodeOne(f, { info: { room: 2 } }).values, [2]);
  assert.deepEqual(decodeOne(f, { info: { room: 0.0 } }).values, [0]);
  assert.deepEqual(decodeOne(f, { info: { room: 'garage' } }).problems, [
    '12 info.room: expected one of hall, kitchen, office (or an index 0..2), got "garage"',
  ]);
  assert.deepEqual(decodeOne(f, { info: { room: 3 } }).problems, ['12 info.room: expected one of hall, kitchen, office (or an index 0..2), got 3']);
  assert.deepEqual(decodeOne(f, { info: { room: 1.5 } }).problems, ['12 info.room: expected one of hall, kitchen, office (or an index 0..2), got 1.5']);
});

test('a value outside the declared range is reported and kept', () => {
  const f = [field('x', ['x'], { kind: 'number' }, { range: [0, 10] })];
  const r = decodeOne(f, { x: 12 });
  assert.deepEqual(r, { kept: true, values: [12], problems: ['12 x: value 12 is outside the declared range [0, 10]'] });
  assert.deepEqual(decodeOne(f, { x: 10 }).problems, []);
  assert.deepEqual(decodeOne(f, { x: -0.5 }).problems, ['12 x: value -0.5 is outside the declared range [0, 10]']);
});

test('every bad field of a record is reported, and the record is skipped once', () => {
  const r = decodeOne([field('x', ['x'], { kind: 'number' }, { range: [0, 1] }), field('y', ['y'], { kind: 'number' }), field('z', ['z'], { kind: 'int' })], {
    x: 5,
    z: 'q',
  });
  assert.equal(r.kept, false);
  assert.deepEqual(r.problems, [
    '12 x: value 5 is outside the declared range [0, 1]',
    '12 y: missing field',
    '12 z: expected an integer, got the string "q"',
  ]);
});

test('action fields: required when the record needs an action, NaN and unread when it does not', () => {
  const f = [field('x', ['x'], { kind: 'number' }), field('torque', ['action', 0], { kind: 'number' }, { isAction: true })];
  assert.deepEqual(decodeOne(f, { x: 1, action: [0.5] }).values, [1, 0.5]);
  assert.deepEqual(decodeOne(f, { x: 1 }).problems, ['12 action[0]: missing field']);
  const last = decodeOne(f, { x: 1 }, { needActions: false });
  assert.equal(last.kept, true);
  assert.equal(last.values[0], 1);
  assert.ok(Number.isNaN(last.values[1]));
  assert.ok(Number.isNaN(decodeOne(f, { x: 1, action: ['bad'] }, { needActions: false }).values[1]));
});

test('an action on its default path reads `action`, or `action.NAME` when the action is an object', () => {
  const move = field('move', ['action'], { kind: 'enum', members: ['up', 'down'] }, { isAction: true });
  const grip = field('grip', ['action'], { kind: 'bool' }, { isAction: true });
  assert.deepEqual(decodeOne([move], { action: 'down' }).values, [1]);
  assert.deepEqual(decodeOne([move, grip], { action: { move: 'up', grip: true } }).values, [0, 1]);
  assert.deepEqual(decodeOne([move, grip], { action: { move: 'up' } }).problems, ['12 action.grip: missing field']);
});

test('labels: an array of names or a string of one-character names; undeclared names ignored', () => {
  const labels = ['a', 'b', 'coffee'];
  assert.deepEqual(decodeOne([], { labels: ['coffee', 'a', 'zzz'] }, { labels }).values, [1, 0, 1]);
  assert.deepEqual(decodeOne([], { labels: 'bz' }, { labels }).values, [0, 1, 0]);
  assert.deepEqual(decodeOne([], { labels: '' }, { labels }).values, [0, 0, 0]);
  assert.deepEqual(decodeOne([], {}, { labels }), { kept: true, values: [0, 0, 0], problems: [] });
});

test('labels of another type are a problem with field `labels`; the record is skipped', () => {
  const expected = 'expected an array of names or a string of one-character names';
  assert.deepEqual(decodeOne([], { labels: 5 }, { labels: ['a'] }), { kept: false, values: [0], problems: [`12 labels: ${expected}, got 5`] });
  assert.deepEqual(decodeOne([], { labels: ['a', 1] }, { labels: ['a'] }).problems, [`12 labels: ${expected}, got an array holding 1`]);
  assert.deepEqual(decodeOne([], { labels: null }, { labels: ['a'] }).problems, [`12 labels: ${expected}, got null`]);
});

test('a spec with no external labels does not look at `labels` at all', () => {
  assert.deepEqual(decodeOne([field('x', ['x'], { kind: 'number' })], { x: 1, labels: 5 }), { kept: true, values: [1], problems: [] });
});

test('field values follow the fields, label flags follow the values', () => {
  const r = decodeOne([field('x', ['x'], { kind: 'number' }), field('room', ['room'], ROOM)], { x: 4, room: 'office', labels: 'b' }, { labels: ['a', 'b'] });
  assert.deepEqual(r.values, [4, 2, 0, 1]);
});

test('a long string is cut in messages', () => {
  const [message] = decodeOne([field('x', ['x'], { kind: 'number' })], { x: 'y'.repeat(500) }).problems;
  assert.ok(message.length < 100, message);
  assert.match(message, /got the string "y+\.\.\."$/);
});
