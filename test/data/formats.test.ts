import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readTrajectory, trajectoryFormat } from '../../server/src/data/read';
import { splitEpisodes } from '../../server/src/data/episodes';
import { makeDecoder, type FieldSpec } from '../../server/src/data/decode';
import type { DataProblem } from '../../server/src/data/problem';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'data');

const FIELDS: FieldSpec[] = [
  { name: 'x', path: ['obs', 0], type: { kind: 'int' }, range: [0, 10], isAction: false },
  { name: 'y', path: ['obs', 1], type: { kind: 'int' }, range: [0, 10], isAction: false },
  { name: 'room', path: ['info', 'room'], type: { kind: 'enum', members: ['hall', 'kitchen', 'office'] }, isAction: false },
  { name: 'move', path: ['action'], type: { kind: 'enum', members: ['up', 'down', 'left', 'right'] }, isAction: true },
];
const LABELS = ['e', 'f', 'g', 'n'];

/** Per record: its episode end and decoded values (x, y, room, move, then label flags). */
async function table(name: string): Promise<string[]> {
  const file = join(FIXTURES, name);
  const format = trajectoryFormat(file);
  assert.ok(format);
  const decoder = makeDecoder(FIELDS, LABELS, format);
  const out = new Float64Array(FIELDS.length + LABELS.length);
  const rows: string[] = [];
  const problems: DataProblem[] = [];
  for await (const item of splitEpisodes(readTrajectory(file))) {
    assert.equal(item.kind, 'record', name);
    if (item.kind !== 'record') continue;
    assert.ok(decoder.decode(item.record, item.end === null, out, (p) => problems.push(p)), name);
    rows.push(`${item.end ?? '-'} ${[...out].join(',')}`);
  }
  assert.deepEqual(problems, [], name);
  return rows;
}

test('the same run in JSONL, CSV and episode JSON decodes to the same values and episode ends', async () => {
  const expected = [
    '- 1,1,0,3,0,0,0,0',
    '- 2,1,1,0,0,1,0,0',
    'terminated 2,2,2,NaN,0,0,1,0',
    '- 5,5,0,2,0,0,0,0',
    '- 4,5,0,2,0,0,0,1',
    'truncated 3,5,0,NaN,0,0,0,0',
  ];
  assert.deepEqual(await table('office.jsonl'), expected);
  assert.deepEqual(await table('office.csv'), expected);
  assert.deepEqual(await table('office.json'), expected);
});

test('records keep the lines they start on, in every format', async () => {
  const lines = async (name: string): Promise<number[]> => {
    const out: number[] = [];
    for await (const item of readTrajectory(join(FIXTURES, name))) if (item.kind === 'record') out.push(item.record.line);
    return out;
  };
  assert.deepEqual(await lines('office.jsonl'), [1, 2, 4, 5, 6, 7]);
  assert.deepEqual(await lines('office.csv'), [2, 3, 4, 5, 6, 7]);
  assert.deepEqual(await lines('office.json'), [5, 6, 7, 13, 14, 15]);
});
