import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeDecoder, fieldSlots, type FieldSpec } from '../../server/src/data/decode';
import type { DataProblem } from '../../server/src/data/problem';
import { readTrajectory } from '../../server/src/data/read';
import { collect, tempDir } from './temp-files';

// LANGUAGE.md section 10, "Source paths", and section 13, "Defaults": vectors read whole
// arrays, slices and strides, arrays of arrays row by row, CSV columns `path[i]`; a missing
// field reads its default; bad input is a problem with file, line, field, expected and found.

const num = { kind: 'number' } as const;
const vec = (name: string, path: (string | number)[], shape: number, more: Partial<FieldSpec> = {}): FieldSpec =>
  ({ name, path, type: num, isAction: false, shape, ...more });

/** Decodes every record of a file written from `text`; the slots and the problems of each. */
async function decodeFile(fields: FieldSpec[], name: string, text: string): Promise<{ values: (number[] | 'skipped')[]; problems: string[] }> {
  const t = tempDir();
  try {
    const file = t.write(name, text);
    const format = name.endsWith('.csv') ? 'csv' : name.endsWith('.json') ? 'json' : 'jsonl';
    const decoder = makeDecoder(fields, [], format);
    const out = new Float64Array(fieldSlots(fields).width);
    const values: (number[] | 'skipped')[] = [];
    const problems: string[] = [];
    const report = (p: DataProblem) => problems.push(`${p.line} ${p.field}: ${p.message}`);
    for (const item of await collect(readTrajectory(file))) {
      if (item.kind !== 'record') continue;
      values.push(decoder.decode(item.record, true, out, report) ? [...out] : 'skipped');
    }
    return { values, problems };
  } finally {
    t.remove();
  }
}

test('a vector reads a whole array into N consecutive slots, after the slots of the fields before it', async () => {
  const fields = [{ name: 'h', path: ['height'], type: num, isAction: false }, vec('a', ['action'], 3), vec('hand', ['info', 'hand_pos'], 2)];
  assert.deepEqual(fieldSlots(fields), { slots: [0, 1, 4], width: 6 });
  const r = await decodeFile(fields, 't.jsonl', '{"height": 1, "action": [0.5, -1, 2], "info": {"hand_pos": [7, 8]}}\n');
  assert.deepEqual(r, { values: [[1, 0.5, -1, 2, 7, 8]], problems: [] });
});

test('slices and strides read elements a, a + s, ... below b; the array need only hold those', async () => {
  const fields = [vec('q', ['obs'], 3, { slice: { start: 1, step: 1, text: '[1:4]' } }), vec('e', ['obs'], 3, { slice: { start: 0, step: 2, text: '[0:6:2]' } })];
  const r = await decodeFile(fields, 't.jsonl', '{"obs": [0, 1, 2, 3, 4, 5]}\n{"obs": [0, 1, 2, 3, 4]}\n');
  assert.deepEqual(r.values, [[1, 2, 3, 0, 2, 4], [1, 2, 3, 0, 2, 4]]);
  assert.deepEqual(r.problems, []);
});

test('an array of arrays is read flattened row by row, and a slice indexes the flat elements', async () => {
  // A 3 x 2 cfrc_ext: flat elements 0..5; [2:6] reads rows 1 and 2.
  const fields = [vec('all', ['info', 'cfrc'], 6), vec('tail', ['info', 'cfrc'], 4, { slice: { start: 2, step: 1, text: '[2:6]' } })];
  const r = await decodeFile(fields, 't.json', '{"episode": 0, "steps": [{"info": {"cfrc": [[1, 2], [3, 4], [5, 6]]}}]}');
  assert.deepEqual(r, { values: [[1, 2, 3, 4, 5, 6, 3, 4, 5, 6]], problems: [] });
});

test('in CSV the elements are the columns path[i]; a vector is missing when all its cells are empty', async () => {
  const fields = [vec('q', ['obs'], 2, { slice: { start: 1, step: 1, text: '[1:3]' } }), { name: 'x', path: ['obs', 0], type: num, isAction: false } as FieldSpec];
  const r = await decodeFile(fields, 't.csv', 'obs[0],obs[1],obs[2]\n9,1,2\n9,,\n9,5,\n');
  assert.deepEqual(r.values, [[1, 2, 9], 'skipped', 'skipped']);
  assert.deepEqual(r.problems, ['3 obs: missing field (every cell of the vector is empty)', '4 obs[2]: missing field']);
  // With a default, the empty vector reads the default.
  const d = await decodeFile([vec('q', ['obs'], 2, { slice: { start: 1, step: 1, text: '[1:3]' }, default: [0, 0] })], 't.csv', 'obs[0],obs[1],obs[2]\n9,,\n');
  assert.deepEqual(d, { values: [[0, 0]], problems: [] });
});

test('bad vectors: wrong length, too short for the slice, not an array, a non-number element; the record is skipped', async () => {
  const fields = [vec('a', ['action'], 3), vec('q', ['obs'], 2, { slice: { start: 3, step: 2, text: '[3:7:2]' } })];
  const r = await decodeFile(fields, 't.jsonl', [
    '{"action": [1, 2], "obs": [0, 0, 0, 0, 0, 0]}',
    '{"action": [1, 2, 3], "obs": [0, 0, 0, 0, 0]}',
    '{"action": 5, "obs": {"x": 1}}',
    '{"action": [1, "two", NaN], "obs": [0, 0, 0, 0, 0, null]}',
  ].join('\n') + '\n');
  assert.deepEqual(r.values, ['skipped', 'skipped', 'skipped', 'skipped']);
  assert.deepEqual(r.problems, [
    '1 action: expected an array of 3 numbers, got an array of 2',
    '2 obs: the slice [3:7:2] needs an array of at least 6 elements, got an array of 5',
    '3 action: expected an array of 3 numbers, got 5',
    '3 obs: expected an array of numbers to slice, got an object',
    '4 action[1]: expected a number, got the string "two"',
    '4 action[2]: not a finite number (got NaN)',
    '4 obs[5]: expected a number, got null',
  ]);
});

test('an element outside the declared range is reported with its element path and kept', async () => {
  const fields = [vec('q', ['obs'], 2, { slice: { start: 16, step: 1, text: '[16:18]' }, range: [-1, 1] })];
  const obs = Array.from({ length: 18 }, (_, i) => (i === 17 ? 3 : 0));
  const r = await decodeFile(fields, 't.jsonl', JSON.stringify({ obs }) + '\n');
  assert.deepEqual(r, { values: [[0, 3]], problems: ['1 obs[17]: value 3 is outside the declared range [-1, 1]'] });
});

test('defaults: a missing field reads its default without a problem; present but bad (null included) is still a problem', async () => {
  const fields: FieldSpec[] = [
    { name: 'v', path: ['info', 'x_velocity'], type: num, isAction: false, default: [0] },
    { name: 'room', path: ['info', 'room'], type: { kind: 'enum', members: ['hall', 'office'] }, isAction: false, default: [1] },
    vec('g', ['goal'], 2, { default: [0.5, 0.5] }),
  ];
  const r = await decodeFile(fields, 't.jsonl', '{"info": {}}\n{"info": {"x_velocity": 2, "room": "hall"}, "goal": [1, 2]}\n{"info": {"x_velocity": null}}\n');
  assert.deepEqual(r.values, [[0, 1, 0.5, 0.5], [2, 0, 1, 2], 'skipped']);
  assert.deepEqual(r.problems, ['3 info.x_velocity: expected a number, got null']);
});
