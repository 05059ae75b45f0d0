import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readTrajectory, type ReadItem } from '../../server/src/data/read';
import { makeDecoder } from '../../server/src/data/decode';
import type { DataProblem } from '../../server/src/data/problem';
import { collect, tempDir } from './temp-files';

function summary(items: readonly ReadItem[]): string[] {
  return items.map((it) =>
    it.kind === 'record'
      ? `record ${it.record.line} ${JSON.stringify(it.record.value)}`
      : it.kind === 'skipped' ? `skipped ${it.count}` : `problem ${it.problem.line} [${it.problem.field}] ${it.problem.message}${it.skipped ? ' (skipped)' : ''}`,
  );
}

test('JSONL: one record per line, each with its 1-based line', async () => {
  const t = tempDir();
  try {
    const file = t.write('a.jsonl', '{"x": 1}\n{"x": 2, "action": "up"}\n{"x": 3}\n');
    const items = await collect(readTrajectory(file));
    assert.deepEqual(summary(items), ['record 1 {"x":1}', 'record 2 {"x":2,"action":"up"}', 'record 3 {"x":3}']);
    assert.equal(items[0].kind === 'record' && items[0].record.file, file);
  } finally {
    t.remove();
  }
});

test('JSONL: a broken line in the middle is reported and skipped, its neighbours are read', async () => {
  const t = tempDir();
  try {
    const file = t.write('b.jsonl', '{"x": 1}\n{"x": 2,, }\n{"x": 3}\n');
    const items = await collect(readTrajectory(file));
    assert.equal(items.length, 3);
    assert.deepEqual(summary([items[0], items[2]]), ['record 1 {"x":1}', 'record 3 {"x":3}']);
    const bad = items[1];
    assert.ok(bad.kind === 'problem');
    assert.equal(bad.skipped, true);
    assert.equal(bad.problem.file, file);
    assert.equal(bad.problem.line, 2);
    assert.match(bad.problem.message, /^malformed JSON \(column 9\): /);
  } finally {
    t.remove();
  }
});

test('JSONL: a malformed line names the field it broke in, when it can', async () => {
  const t = tempDir();
  try {
    const file = t.write('c.jsonl', '{"x": 1, "obs": [1, 2, oops]}\n');
    const [item] = await collect(readTrajectory(file));
    assert.ok(item.kind === 'problem');
    assert.equal(item.problem.field, 'obs[2]');
    assert.match(item.problem.message, /expected a value, found 'o'/);
  } finally {
    t.remove();
  }
});

test('JSONL: a line that is not an object is a problem, the record skipped', async () => {
  const t = tempDir();
  try {
    const file = t.write('d.jsonl', '[1, 2]\n"step"\n{"x": 1}\n');
    assert.deepEqual(summary(await collect(readTrajectory(file))), [
      'problem 1 [] expected a record (a JSON object), got an array (skipped)',
      'problem 2 [] expected a record (a JSON object), got the string "step" (skipped)',
      'record 3 {"x":1}',
    ]);
  } finally {
    t.remove();
  }
});

test('JSONL: a byte-order mark, CRLF line ends and blank lines are accepted; lines keep their numbers', async () => {
  const t = tempDir();
  try {
    const file = t.write('e.jsonl', '\uFEFF{"x": 1}\r\n\r\n   \r\n{"x": 2}\r\n\n{"x": 3}');
    assert.deepEqual(summary(await collect(readTrajectory(file))), ['record 1 {"x":1}', 'record 4 {"x":2}', 'record 6 {"x":3}']);
  } finally {
    t.remove();
  }
});

test('JSONL: NaN, Infinity and -Infinity tokens cost the record that holds them in a read field, not the line', async () => {
  const t = tempDir();
  try {
    const file = t.write('f.jsonl', '{"obs": [NaN, 1], "info": {"d": 2}}\n{"obs": [1, -Infinity], "info": {"d": Infinity}}\n{"obs": [3, 4], "info": {"d": 5}}\n');
    const items = await collect(readTrajectory(file));
    assert.ok(items.every((it) => it.kind === 'record'), 'every line is readable');
    const decoder = makeDecoder(
      [
        { name: 'x', path: ['obs', 0], type: { kind: 'number' }, isAction: false },
        { name: 'd', path: ['info', 'd'], type: { kind: 'number' }, isAction: false },
      ],
      [],
      'jsonl',
    );
    const out = new Float64Array(2);
    const problems: DataProblem[] = [];
    const kept = items.map((it) => it.kind === 'record' && decoder.decode(it.record, true, out, (p) => problems.push(p)));
    assert.deepEqual(kept, [false, false, true]);
    assert.deepEqual(
      problems.map((p) => `${p.line} ${p.field} ${p.message}`),
      ['1 obs[0] not a finite number (got NaN)', '2 info.d not a finite number (got Infinity)'],
    );
    assert.deepEqual([...out], [3, 5]);
  } finally {
    t.remove();
  }
});

test('JSONL: a NaN token inside a string is text, and a misspelt token is still malformed', async () => {
  const t = tempDir();
  try {
    const file = t.write('g.jsonl', '{"s": "NaN"}\n{"x": Nan}\n{"x": -NaN}\n');
    const lines = summary(await collect(readTrajectory(file)));
    assert.equal(lines.length, 3);
    assert.equal(lines[0], 'record 1 {"s":"NaN"}');
    assert.ok(lines[1].startsWith('problem 2 [x] malformed JSON (column 7)'), lines[1]);
    assert.ok(lines[2].startsWith('problem 3 [x] malformed JSON (column 7)'), lines[2]);
  } finally {
    t.remove();
  }
});

test('JSONL: an empty file is the problem `empty trajectory` on line 1', async () => {
  const t = tempDir();
  try {
    for (const content of ['', '\n\n  \n', '\uFEFF']) {
      const file = t.write('h.jsonl', content);
      assert.deepEqual(summary(await collect(readTrajectory(file))), ['problem 1 [] empty trajectory'], JSON.stringify(content));
    }
  } finally {
    t.remove();
  }
});

test('JSONL: a file of only broken lines reports them, not `empty trajectory`', async () => {
  const t = tempDir();
  try {
    const file = t.write('i.jsonl', '{\n');
    const lines = summary(await collect(readTrajectory(file)));
    assert.equal(lines.length, 1);
    assert.ok(lines[0].startsWith('problem 1 [] malformed JSON'), lines[0]);
  } finally {
    t.remove();
  }
});

test('JSONL: lines longer than a read chunk, and many-byte characters across chunk edges, are read whole', async () => {
  const t = tempDir();
  try {
    const long = 'é'.repeat(700_000) + '😀';
    const file = t.write('j.jsonl', `{"s": "${long}"}\n{"x": 2}\n`);
    const items = await collect(readTrajectory(file));
    assert.equal(items.length, 2);
    assert.ok(items[0].kind === 'record' && items[0].record.value.s === long);
    assert.ok(items[1].kind === 'record' && items[1].record.line === 2);
  } finally {
    t.remove();
  }
});
