import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { readTrajectory, readTrajectoryBatches, trajectoryFormat } from '../../server/src/data/read';
import { collect, tempDir } from './temp-files';

test('the reader is chosen by extension, case-insensitive', async () => {
  assert.equal(trajectoryFormat('a/b.jsonl'), 'jsonl');
  assert.equal(trajectoryFormat('run.NDJSON'), 'jsonl');
  assert.equal(trajectoryFormat('B.Json'), 'json');
  assert.equal(trajectoryFormat('x.csv'), 'csv');
  assert.equal(trajectoryFormat('x.txt'), undefined);
  assert.equal(trajectoryFormat('jsonl'), undefined);
  const t = tempDir();
  try {
    // The same text means different things to different readers.
    const text = '{"episode": 0, "steps": [{"x": 1}]}\n';
    const asJsonl = await collect(readTrajectory(t.write('a.jsonl', text)));
    const asJson = await collect(readTrajectory(t.write('a.JSON', text)));
    assert.ok(asJsonl[0].kind === 'record' && 'steps' in asJsonl[0].record.value);
    assert.ok(asJson[0].kind === 'record' && asJson[0].record.value.x === 1);
  } finally {
    t.remove();
  }
});

test('an unsupported extension is a one-line error naming the file and the formats', async () => {
  await assert.rejects(collect(readTrajectory('data/run.txt')), {
    message: 'cannot read data/run.txt: a trajectory file must end in .jsonl, .json, .csv, .hdf5, .h5 or .parquet, or be a Minari or LeRobot dataset folder',
  });
});

test('a file that cannot be opened is a one-line error; bad data never is', async () => {
  const t = tempDir();
  try {
    for (const name of ['missing.jsonl', 'missing.json', 'missing.csv']) {
      await assert.rejects(collect(readTrajectory(`${t.dir}/${name}`)), (err: Error) => {
        assert.equal(err.message, `cannot read ${t.dir}/${name}: no such file`);
        return true;
      });
    }
    for (const name of ['garbage.jsonl', 'garbage.json', 'garbage.csv']) {
      const file = t.write(name, Buffer.from([0xff, 0xfe, 0x00, 0x22, 0x0a, 0x7b, 0x0a, 0xc3]));
      const items = await collect(readTrajectory(file));
      assert.ok(items.length > 0, name);
    }
  } finally {
    t.remove();
  }
});

test('a directory named like a trajectory is a one-line error', async () => {
  const t = tempDir();
  try {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(`${t.dir}/d.jsonl`);
    mkdirSync(`${t.dir}/d.json`);
    await assert.rejects(collect(readTrajectory(`${t.dir}/d.jsonl`)), { message: `cannot read ${t.dir}/d.jsonl: it is a directory` });
    await assert.rejects(collect(readTrajectory(`${t.dir}/d.json`)), { message: `cannot read ${t.dir}/d.json: it is a directory` });
  } finally {
    t.remove();
  }
});

test('batches hold the same items as the item-by-item reader', async () => {
  const t = tempDir();
  try {
    const file = t.write('b.jsonl', Array.from({ length: 50_000 }, (_, i) => (i % 997 === 5 ? '{oops' : `{"x": ${i}}`)).join('\n'));
    const items = await collect(readTrajectory(file));
    const batches = await collect(readTrajectoryBatches(file));
    assert.ok(batches.length > 1, 'a file larger than a chunk comes in several batches');
    assert.deepEqual(batches.flat(), items);
    assert.equal(items.length, 50_000);
    assert.equal(items.filter((it) => it.kind === 'problem').length, 51);
  } finally {
    t.remove();
  }
});

test('stopping early closes the file', async () => {
  const t = tempDir();
  try {
    const file = t.write('big.jsonl', '{"x": 1}\n'.repeat(400_000));
    const openFds = (): number => readdirSync('/proc/self/fd').length;
    const before = openFds();
    for (let round = 0; round < 20; round++) {
      for await (const item of readTrajectory(file)) {
        assert.equal(item.kind, 'record');
        break;
      }
    }
    assert.ok(openFds() <= before + 1, `open descriptors: ${before} before, ${openFds()} after`);
  } finally {
    t.remove();
  }
});
