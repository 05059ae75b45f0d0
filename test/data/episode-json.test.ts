import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readTrajectory, type ReadItem } from '../../server/src/data/read';
import { collect, tempDir } from './temp-files';

function summary(items: readonly ReadItem[]): string[] {
  return items.map((it) =>
    it.kind === 'record'
      ? `record ${it.record.line} g${it.record.group} ${JSON.stringify(it.record.value)}`
      : it.kind === 'skipped' ? `skipped ${it.count}` : `problem ${it.problem.line} [${it.problem.field}] ${it.problem.message}${it.skipped ? ' (skipped)' : ''}`,
  );
}

async function readJsonText(text: string): Promise<string[]> {
  const t = tempDir();
  try {
    return summary(await collect(readTrajectory(t.write('t.json', text))));
  } finally {
    t.remove();
  }
}

test('episode JSON: one episode object; each step carries the line where it starts', async () => {
  const text = '{"episode": 7,\n "steps": [\n  {"x": 1,\n   "action": 0},\n  {"x": 2}\n ]\n}\n';
  assert.deepEqual(await readJsonText(text), ['record 3 g0 {"x":1,"action":0}', 'record 5 g0 {"x":2}']);
});

test('episode JSON: an array of episode objects; each object is its own group, even with the same id', async () => {
  const text = '[\n{"episode": 1, "steps": [{"x": 1}, {"x": 2}]},\n{"episode": 1, "steps": [\n{"x": 3}]}\n]';
  assert.deepEqual(await readJsonText(text), ['record 2 g0 {"x":1}', 'record 2 g0 {"x":2}', 'record 4 g1 {"x":3}']);
});

test('episode JSON: "steps" may come before "episode"; other keys are ignored', async () => {
  assert.deepEqual(await readJsonText('{"steps": [{"x": 1}], "meta": {"seed": [1, 2]}, "episode": "a"}'), ['record 1 g0 {"x":1}']);
});

test('episode JSON: a malformed step is reported at its line and skipped; the steps after it are read', async () => {
  const text = '{"episode": 0, "steps": [\n{"x": 1},\n{"x": 2, "obs": [1,, 2]},\n{"x": 3}\n]}';
  const lines = await readJsonText(text);
  assert.equal(lines.length, 3);
  assert.equal(lines[0], 'record 2 g0 {"x":1}');
  assert.ok(lines[1].startsWith('problem 3 [obs[1]] malformed JSON (column 20): expected a value'), lines[1]);
  assert.equal(lines[2], 'record 4 g0 {"x":3}');
});

test('episode JSON: NaN and Infinity tokens are read as numbers, for the decoder to report', async () => {
  const t = tempDir();
  try {
    const items = await collect(readTrajectory(t.write('n.json', '{"episode": 0, "steps": [{"x": NaN}, {"x": -Infinity}]}')));
    assert.ok(items[0].kind === 'record' && Number.isNaN(items[0].record.value.x));
    assert.ok(items[1].kind === 'record' && items[1].record.value.x === -Infinity);
  } finally {
    t.remove();
  }
});

test('episode JSON: a step that is not an object is a problem, skipped', async () => {
  assert.deepEqual(await readJsonText('{"episode": 0, "steps": [{"x": 1}, [2], "three"]}'), [
    'record 1 g0 {"x":1}',
    'problem 1 [] expected a record (a JSON object), got an array (skipped)',
    'problem 1 [] expected a record (a JSON object), got the string "three" (skipped)',
  ]);
});

test('episode JSON: wrong shapes are reported with what was expected', async () => {
  assert.deepEqual(await readJsonText('[{"episode": 0}, 5, {"episode": 1, "steps": {"x": 1}}]'), [
    'problem 1 [steps] missing field: an episode object is {"episode": id, "steps": [record, ...]}',
    'problem 1 [] expected an episode object {"episode": id, "steps": [record, ...]}, got 5 (skipped)',
    'problem 1 [steps] expected an array of step records, got an object (skipped)',
  ]);
  const top = await readJsonText('"hello"');
  assert.equal(top.length, 1);
  assert.match(top[0], /^problem 1 \[\] malformed JSON \(column 1\): expected an episode object .* or an array of them/);
});

test('episode JSON: a syntax error outside any step ends the file with one problem at its line', async () => {
  const lines = await readJsonText('[{"episode": 0, "steps": [{"x": 1}]}\n{"episode": 1, "steps": []}]');
  assert.deepEqual(lines.slice(0, 1), ['record 1 g0 {"x":1}']);
  assert.equal(lines.length, 2);
  assert.match(lines[1], /^problem 2 \[\] malformed JSON \(column 1\): expected ',' or '\]' after an episode object, found '\{' \(skipped\)$/);
});

test('episode JSON: text after the trajectory is reported', async () => {
  const lines = await readJsonText('{"episode": 0, "steps": [{"x": 1}]}\n\nextra');
  assert.equal(lines[0], 'record 1 g0 {"x":1}');
  assert.match(lines[1], /^problem 3 \[\] malformed JSON \(column 1\): unexpected text after the trajectory/);
});

test('episode JSON: an empty file, `[]` or an episode with no steps is the problem `empty trajectory` on line 1', async () => {
  for (const text of ['', '  \n', '\uFEFF', '[]', '{"episode": 0, "steps": []}']) {
    assert.deepEqual(await readJsonText(text), ['problem 1 [] empty trajectory'], JSON.stringify(text));
  }
});

test('episode JSON: BOM and CRLF are accepted', async () => {
  assert.deepEqual(await readJsonText('\uFEFF{"episode": 0,\r\n"steps": [\r\n{"x": 1},\r\n{"x": 2}]}\r\n'), [
    'record 3 g0 {"x":1}',
    'record 4 g0 {"x":2}',
  ]);
});

test('episode JSON: thousands of steps come through in order, each on its own line', async () => {
  const steps = Array.from({ length: 10_000 }, (_, i) => `{"x": ${i}}`);
  const lines = await readJsonText(`{"episode": 0, "steps": [\n${steps.join(',\n')}\n]}`);
  assert.equal(lines.length, 10_000);
  assert.ok(lines.every((l, i) => l === `record ${i + 2} g0 {"x":${i}}`));
});
