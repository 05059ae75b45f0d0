// A trajectory file is never held whole: reading a file larger than the memory bound, with
// episode splitting and decoding on the way, must keep the process's memory flat.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import { readTrajectory } from '../../server/src/data/read';
import { splitEpisodes } from '../../server/src/data/episodes';
import { makeDecoder } from '../../server/src/data/decode';
import { tempDir } from './temp-files';

const MB = 1024 * 1024;
const BOUND = 200 * MB;

async function writeLines(file: string, count: number, line: (i: number) => string): Promise<void> {
  const out = createWriteStream(file);
  const block: string[] = [];
  for (let i = 0; i < count; i++) {
    block.push(line(i));
    if (block.length === 10_000) {
      if (!out.write(block.join(''))) await once(out, 'drain');
      block.length = 0;
    }
  }
  out.end(block.join(''));
  await once(out, 'finish');
}

/** Reads, splits and decodes `file`; returns the record count and the largest RSS growth seen. */
async function readFlat(file: string, format: 'jsonl' | 'csv'): Promise<{ records: number; episodes: number; kept: number; problems: number; growth: number }> {
  const decoder = makeDecoder(
    [
      { name: 'x', path: ['obs', 0], type: { kind: 'number' }, range: [0, 10], isAction: false },
      { name: 'room', path: ['info', 'room'], type: { kind: 'enum', members: ['hall', 'kitchen', 'office'] }, isAction: false },
      { name: 'move', path: ['action'], type: { kind: 'int' }, isAction: true },
    ],
    ['c'],
    format,
  );
  const out = new Float64Array(4);
  const base = process.memoryUsage().rss;
  let peak = base;
  let records = 0;
  let episodes = 0;
  let kept = 0;
  let problems = 0;
  for await (const item of splitEpisodes(readTrajectory(file))) {
    if (item.kind !== 'record') {
      problems++;
      continue;
    }
    records++;
    if (item.end !== null) episodes++;
    if (decoder.decode(item.record, item.end === null, out, () => problems++)) kept++;
    if ((records & 0xffff) === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  return { records, episodes, kept, problems, growth: peak - base };
}

test('a multi-million-line JSONL file larger than the memory bound is read with flat memory', async () => {
  const t = tempDir();
  try {
    const file = t.dir + '/big.jsonl';
    const n = 2_000_000;
    const pad = 'x'.repeat(40);
    await writeLines(file, n, (i) => {
      const last = i % 500 === 499;
      const action = last ? '' : `, "action": ${i % 4}`;
      return `{"episode": ${Math.floor(i / 500)}, "obs": [${(i % 100) / 10}, 1], "info": {"room": "${i % 2 ? 'hall' : 'office'}", "pad": "${pad}"}${action}, "labels": "${i % 3 ? '' : 'c'}", "terminated": ${last}}\n`;
    });
    assert.ok(statSync(file).size > BOUND, 'the file is larger than the bound');
    const r = await readFlat(file, 'jsonl');
    assert.deepEqual({ ...r, growth: 0 }, { records: n, episodes: n / 500, kept: n, problems: 0, growth: 0 });
    assert.ok(r.growth < BOUND, `memory grew by ${Math.round(r.growth / MB)} MB`);
  } finally {
    t.remove();
  }
});

test('a million-row CSV file is read with flat memory', async () => {
  const t = tempDir();
  try {
    const file = t.dir + '/big.csv';
    const n = 1_000_000;
    await writeLines(file, n + 1, (i) =>
      i === 0 ? 'episode,obs[0],info.room,action,labels,truncated\n' : `${Math.floor(i / 1000)},${i % 10},${i % 2 ? 'hall' : 'kitchen'},${i % 4},${i % 5 ? '' : 'c'},\n`,
    );
    const r = await readFlat(file, 'csv');
    assert.deepEqual({ ...r, growth: 0 }, { records: n, episodes: 1001, kept: n, problems: 0, growth: 0 });
    assert.ok(r.growth < BOUND, `memory grew by ${Math.round(r.growth / MB)} MB`);
  } finally {
    t.remove();
  }
});

test('an episode JSON file larger than the memory bound is read with flat memory', async () => {
  const t = tempDir();
  try {
    const file = t.dir + '/big.json';
    const n = 1_000_000;
    const pad = 'x'.repeat(160);
    // Ten episode objects in one array, their steps one per line.
    await writeLines(file, n + 2, (i) => {
      if (i === 0) return '[\n';
      if (i === n + 1) return ']}]\n';
      const k = i - 1;
      const head = k % 100_000 === 0 ? `${k === 0 ? '' : ']},\n'}{"episode": ${k / 100_000}, "steps": [\n` : ',\n';
      const last = k % 100_000 === 99_999;
      return `${head}{"obs": [${(k % 100) / 10}, 1], "info": {"room": "${k % 2 ? 'hall' : 'office'}", "pad": "${pad}"}${last ? '' : `, "action": ${k % 4}`}, "labels": "${k % 3 ? '' : 'c'}"}`;
    });
    assert.ok(statSync(file).size > BOUND, 'the file is larger than the bound');
    const r = await readFlat(file, 'jsonl');
    assert.deepEqual({ ...r, growth: 0 }, { records: n, episodes: 10, kept: n, problems: 0, growth: 0 });
    assert.ok(r.growth < BOUND, `memory grew by ${Math.round(r.growth / MB)} MB`);
  } finally {
    t.remove();
  }
});
