import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitEpisodes, type EpisodeItem } from '../../server/src/data/episodes';
import { readTrajectory, type ReadItem } from '../../server/src/data/read';
import { makeDecoder } from '../../server/src/data/decode';
import { dataProblem, type DataProblem } from '../../server/src/data/problem';
import { collect, tempDir } from './temp-files';

/** `line:end` per record (`-` when the episode goes on), `!line` per problem. */
function shape(items: readonly EpisodeItem[]): string {
  return items.map((it) => (it.kind === 'record' ? `${it.record.line}:${it.end ?? '-'}` : it.kind === 'skipped' ? `~${it.count}` : `!${it.problem.line}`)).join(' ');
}

async function* itemsOf(values: readonly (Record<string, unknown> | 'bad')[], file = 'f.jsonl'): AsyncGenerator<ReadItem> {
  let line = 0;
  for (const value of values) {
    line++;
    yield value === 'bad'
      ? { kind: 'problem', problem: dataProblem(file, line, '', 'malformed JSON'), skipped: true }
      : { kind: 'record', record: { file, line, value } };
  }
}

async function split(values: readonly (Record<string, unknown> | 'bad')[]): Promise<string> {
  return shape(await collect(splitEpisodes(itemsOf(values))));
}

test('an episode is terminated only at a record whose `terminated` is true', async () => {
  assert.equal(await split([{ t: 0 }, { t: 1, terminated: true }, { t: 0 }, { t: 1, terminated: false }]), '1:- 2:terminated 3:- 4:truncated');
});

test('an episode is truncated at a record whose `truncated` is true', async () => {
  assert.equal(await split([{ t: 0 }, { t: 1, truncated: true }, { t: 0 }]), '1:- 2:truncated 3:truncated');
  assert.equal(await split([{ t: 0, terminated: true, truncated: true }]), '1:terminated');
});

test('an episode ends before a record whose `episode` differs', async () => {
  assert.equal(await split([{ episode: 0 }, { episode: 0 }, { episode: 1 }, { episode: 'b' }, { episode: 'b' }]), '1:- 2:truncated 3:truncated 4:- 5:truncated');
  assert.equal(await split([{ episode: 3 }, { episode: '3' }, { x: 1 }]), '1:- 2:truncated 3:truncated');
});

test('an episode ends at the end of the input', async () => {
  assert.equal(await split([{ x: 1 }]), '1:truncated');
  assert.equal(await split([]), '');
});

test('a missing action never ends an episode', async () => {
  const items = await collect(splitEpisodes(itemsOf([{ x: 0, action: 1 }, { x: 1 }, { x: 2, action: 0 }, { x: 3 }])));
  assert.equal(shape(items), '1:- 2:- 3:- 4:truncated');
  // The record in the middle needs its action: the decoder reports it; the last one does not.
  const decoder = makeDecoder([{ name: 'a', path: ['action'], type: { kind: 'int' }, isAction: true }], [], 'jsonl');
  const problems: DataProblem[] = [];
  const kept = items.map((it) => it.kind === 'record' && decoder.decode(it.record, it.end === null, new Float64Array(1), (p) => problems.push(p)));
  assert.deepEqual(kept, [true, false, true, true]);
  assert.deepEqual(problems.map((p) => `${p.line} ${p.field} ${p.message}`), ['2 action missing field']);
});

test('a skipped record does not end the episode: the records on either side join; problems keep file order', async () => {
  assert.equal(await split([{ x: 0 }, 'bad', { x: 2 }, 'bad', 'bad', { x: 5, terminated: true }, 'bad']), '1:- !2 3:- !4 !5 6:terminated !7');
  assert.equal(await split(['bad', { x: 2 }]), '!1 2:truncated');
});

test('a flag of the wrong type is a problem with its field; the record is skipped', async () => {
  const items = await collect(splitEpisodes(itemsOf([{ x: 0 }, { x: 1, terminated: 'yes' }, { x: 2, truncated: [1] }, { x: 3, terminated: 1, truncated: null }])));
  assert.equal(shape(items), '1:- !2 !3 4:terminated');
  const problems = items.flatMap((it) => (it.kind === 'problem' ? [`${it.problem.field}: ${it.problem.message} ${it.skipped}`] : []));
  assert.deepEqual(problems, ['terminated: expected true or false, got the string "yes" true', 'truncated: expected true or false, got an array true']);
});

test('each episode object of an episode JSON file is an episode, even when ids repeat', async () => {
  const t = tempDir();
  try {
    const file = t.write('e.json', '[{"episode": 1, "steps": [{"x": 1}, {"x": 2}]},\n {"episode": 1, "steps": [{"x": 3}, {"x": 4, "terminated": true}]},\n {"steps": [{"x": 5}]}]');
    assert.equal(shape(await collect(splitEpisodes(readTrajectory(file)))), '1:- 1:truncated 2:- 2:terminated 3:truncated');
  } finally {
    t.remove();
  }
});

test('records of different files never share an episode', async () => {
  async function* both(): AsyncGenerator<ReadItem> {
    yield* itemsOf([{ x: 1 }, { x: 2 }], 'a.jsonl');
    yield* itemsOf([{ x: 3 }], 'b.jsonl');
  }
  assert.equal(shape(await collect(splitEpisodes(both()))), '1:- 2:truncated 1:truncated');
});

test('splitting a file read from disk: CSV flags and ids end episodes', async () => {
  const t = tempDir();
  try {
    const file = t.write('e.csv', 'episode,x,action,terminated\n0,1,up,false\n0,2,,true\n1,3,down,0\n1,4,,\n2,5,up,\n');
    assert.equal(shape(await collect(splitEpisodes(readTrajectory(file)))), '2:- 3:terminated 4:- 5:truncated 6:truncated');
  } finally {
    t.remove();
  }
});
