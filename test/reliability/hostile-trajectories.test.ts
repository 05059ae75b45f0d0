// Hostile trajectories (issue 9, part 3): every malformed file of test/fixtures/hostile/ gives
// exactly the problems listed here (line, field, message), and nothing is dropped without
// being counted: records read (steps + episodes) + skipped = the records the file holds,
// counted by hand (README.md of the corpus). The files too big or too binary to commit (a
// 100 MB line, HDF5 files that are not Minari datasets, deep nesting) are made by the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../server/src/analysis/analyze';
import type { DataProblem } from '../../server/src/data/problem';
import { evaluateFiles, type EvalTotals } from '../../server/src/eval/evaluate';
import { compileProgram } from '../../server/src/eval/program';
import { CLI, ensureBuilt } from '../lsp/build';
import { report } from '../fuzz/budget';

const DIR = join('test', 'fixtures', 'hostile');
const SPEC = join(DIR, 'spec.reward');
const program = compileProgram(analyze(readFileSync(SPEC, 'utf8')).model);

interface Expected {
  readonly file: string;
  /** Records the file holds (a whole-file or whole-container failure counts as one). */
  readonly records: number;
  readonly skipped: number;
  readonly episodes: number;
  /** `LINE FIELD: MESSAGE`, in file order. */
  readonly problems: readonly string[];
}

const CORPUS: readonly Expected[] = [
  { file: "bad-bool.jsonl", records: 4, skipped: 2, episodes: 1, problems: [
    "2 carrying: expected true or false, got the string \"yes\"",
    "3 carrying: expected true or false, got 1",
  ] },
  { file: "bad-enum.jsonl", records: 5, skipped: 3, episodes: 1, problems: [
    "2 info.room: expected one of hall, kitchen (or an index 0..1), got \"garage\"",
    "3 info.room: expected one of hall, kitchen (or an index 0..1), got 7",
    "4 action: expected one of up, down (or an index 0..1), got \"sideways\"",
  ] },
  { file: "bad-flags.jsonl", records: 4, skipped: 1, episodes: 2, problems: [
    "2 terminated: expected true or false, got the string \"yes\"",
  ] },
  { file: "bad-int.jsonl", records: 4, skipped: 2, episodes: 1, problems: [
    "2 n: expected an integer, got 2.5",
    "3 n: expected an integer, got the string \"3\"",
  ] },
  { file: "bad-labels.jsonl", records: 5, skipped: 3, episodes: 1, problems: [
    "2 labels: expected an array of names or a string of one-character names, got 5",
    "3 labels: expected an array of names or a string of one-character names, got an object",
    "4 labels: expected an array of names or a string of one-character names, got an array holding 1",
  ] },
  { file: "binary-garbage.csv", records: 7, skipped: 7, episodes: 0, problems: [
    // LANGUAGE.md section 13, "CSV headers": a header with none of the spec's columns is one
    // problem on line 1; its rows are skipped without one each.
    "1 : the header has none of the columns this spec reads: expected obs[0], info.room, carrying, n, action, labels; found \"�\\u0004�y�(\\u001a\\u000b��;��9�φ\\u0007@5���\\\"�u���\\u001bC�@���r����...\", \"���o�7�QO��Ci�g�Ō#}m�<�I\\u0016i�D�2���a~?����...\"",
  ] },
  { file: "binary-garbage.jsonl", records: 8, skipped: 8, episodes: 0, problems: [
    "1 : malformed JSON (column 1): expected a value, found bytes that are not UTF-8 text (U+FFFD)",
    "2 : malformed JSON (column 1): expected a value, found 'M'",
    "3 : malformed JSON (column 1): expected a value, found '~'",
    "4 : malformed JSON (column 1): expected a value, found '('",
    "5 : malformed JSON (column 1): expected a value, found bytes that are not UTF-8 text (U+FFFD)",
    "6 : malformed JSON (column 1): expected a value, found bytes that are not UTF-8 text (U+FFFD)",
    "7 : malformed JSON (column 1): expected a value, found U+0008",
    "8 : malformed JSON (column 1): expected a value, found bytes that are not UTF-8 text (U+FFFD)",
  ] },
  { file: "blank-lines.jsonl", records: 0, skipped: 0, episodes: 0, problems: [
    "1 : empty trajectory",
  ] },
  { file: "bom-crlf.csv", records: 3, skipped: 0, episodes: 1, problems: [

  ] },
  { file: "bom.jsonl", records: 3, skipped: 0, episodes: 1, problems: [

  ] },
  { file: "control-characters.jsonl", records: 4, skipped: 2, episodes: 1, problems: [
    "2 info.room: malformed JSON (column 30): control character in a string, found U+0000",
    "3 : malformed JSON (column 1): expected a value, found U+0000",
  ] },
  { file: "crlf.jsonl", records: 3, skipped: 0, episodes: 1, problems: [

  ] },
  { file: "csv-nan-text.csv", records: 5, skipped: 3, episodes: 1, problems: [
    "3 obs[0]: not a finite number (got NaN)",
    "4 obs[0]: not a finite number (got Infinity)",
    "5 obs[0]: expected a number, got the string \"five\"",
  ] },
  { file: "duplicate-header.csv", records: 2, skipped: 0, episodes: 1, problems: [
    "1 obs[0]: this column collides with an earlier one (the same field twice, or a field that is both a value and a container); it is ignored",
  ] },
  { file: "empty.jsonl", records: 0, skipped: 0, episodes: 0, problems: [
    "1 : empty trajectory",
  ] },
  { file: "episode-ids.jsonl", records: 4, skipped: 0, episodes: 3, problems: [

  ] },
  { file: "header-only.csv", records: 0, skipped: 0, episodes: 0, problems: [
    "1 : empty trajectory",
  ] },
  { file: "infinity.jsonl", records: 4, skipped: 2, episodes: 1, problems: [
    "2 obs[0]: not a finite number (got Infinity)",
    "3 obs[0]: not a finite number (got -Infinity)",
  ] },
  { file: "missing-action.jsonl", records: 3, skipped: 1, episodes: 1, problems: [
    "2 action: missing field",
  ] },
  { file: "missing-field.jsonl", records: 3, skipped: 1, episodes: 1, problems: [
    "2 obs[0]: missing field",
  ] },
  { file: "nan.jsonl", records: 3, skipped: 1, episodes: 1, problems: [
    "2 obs[0]: not a finite number (got NaN)",
  ] },
  { file: "not-a-record.jsonl", records: 7, skipped: 5, episodes: 1, problems: [
    "2 : expected a record (a JSON object), got an array",
    "3 : expected a record (a JSON object), got 42",
    "4 : expected a record (a JSON object), got the string \"text\"",
    "5 : expected a record (a JSON object), got null",
    "6 : expected a record (a JSON object), got true",
  ] },
  { file: "not-hdf5.hdf5", records: 0, skipped: 0, episodes: 0, problems: [
    "1 : not an HDF5 file (no HDF5 signature at its start): expected a Minari or D4RL dataset, as h5py writes them",
  ] },
  { file: "not-parquet.parquet", records: 0, skipped: 0, episodes: 0, problems: [
    "1 : not a readable Parquet file (file invalid (footer != PAR1)): it is truncated, damaged or of another format; expected a LeRobot-style Parquet file (one row per frame: observation.state, action, next.reward, episode_index, ...)",
  ] },
  { file: "null-values.jsonl", records: 5, skipped: 3, episodes: 1, problems: [
    "2 obs[0]: expected a number, got null",
    "3 carrying: expected true or false, got null",
    "4 info.room: missing field",
  ] },
  { file: "out-of-range.jsonl", records: 4, skipped: 0, episodes: 1, problems: [
    "2 obs[0]: value 12 is outside the declared range [0, 10]",
    "3 obs[0]: value -1 is outside the declared range [0, 10]",
  ] },
  { file: "overflow-number.jsonl", records: 3, skipped: 1, episodes: 1, problems: [
    "2 obs[0]: not a finite number (got Infinity)",
  ] },
  { file: "ragged.csv", records: 4, skipped: 2, episodes: 1, problems: [
    "3 : malformed row: 8 cells, but the header names 6 columns",
    "4 carrying: missing field",
    "4 n: missing field",
    "4 action: missing field",
  ] },
  { file: "steps-not-records.json", records: 5, skipped: 3, episodes: 1, problems: [
    "1 : expected a record (a JSON object), got 7",
    "1 : expected a record (a JSON object), got the string \"x\"",
    "1 steps: missing field: an episode object is {\"episode\": id, \"steps\": [record, ...]}",
    "1 : expected an episode object {\"episode\": id, \"steps\": [record, ...]}, got 3",
  ] },
  { file: "string-for-number.jsonl", records: 3, skipped: 1, episodes: 1, problems: [
    "2 obs[0]: expected a number, got the string \"2\"",
  ] },
  { file: "trailing-garbage.jsonl", records: 4, skipped: 2, episodes: 1, problems: [
    "2 : malformed JSON (column 73): unexpected text after the value, found 'x'",
    "3 : malformed JSON (column 72): unexpected text after the value, found '}'",
  ] },
  { file: "truncated-line.jsonl", records: 3, skipped: 1, episodes: 1, problems: [
    "3 info.room: malformed JSON (column 31): unterminated string, found the end of the text",
  ] },
  { file: "truncated.json", records: 3, skipped: 1, episodes: 1, problems: [
    "33 carrying: malformed JSON (column 16): expected a value, found 'f'",
  ] },
  { file: "unclosed-quote.csv", records: 3, skipped: 1, episodes: 1, problems: [
    "3 : unterminated quoted cell: a `\"` opens a cell that never closes; the row is skipped",
  ] },
  { file: "unicode.jsonl", records: 4, skipped: 2, episodes: 1, problems: [
    "2 info.room: expected one of hall, kitchen (or an index 0..1), got \"häll 😀\"",
    "3 info.room: expected one of hall, kitchen (or an index 0..1), got \"\\ud800\"",
  ] },
  { file: "wrong-nesting-array.jsonl", records: 4, skipped: 1, episodes: 1, problems: [
    "3 obs[0]: expected a number, got an array",
  ] },
  { file: "wrong-nesting-object.jsonl", records: 3, skipped: 1, episodes: 1, problems: [
    "2 info.room: missing field",
  ] },
  { file: "wrong-shape.json", records: 1, skipped: 1, episodes: 0, problems: [
    "1 steps: expected an array of step records, got 5",
  ] },
];

interface Run extends EvalTotals {
  readonly problems: readonly DataProblem[];
}

async function run(files: readonly string[]): Promise<Run> {
  const problems: DataProblem[] = [];
  const totals = await evaluateFiles(program, files, { step() {}, episode() {}, problem: (p) => problems.push(p) });
  return { ...totals, problems };
}

const shown = (p: DataProblem) => `${p.line} ${p.field}: ${p.message}`;

test('the corpus holds at least 25 malformed files, each of them listed here', () => {
  const files = readdirSync(DIR).filter((f) => f !== 'README.md' && f !== 'spec.reward').sort();
  assert.deepEqual(files, CORPUS.map((c) => c.file).sort());
  assert.ok(CORPUS.filter((c) => c.problems.length > 0).length >= 25);
});

for (const c of CORPUS) {
  test(`${c.file}: the exact problems, and records read + skipped = records in the file`, async () => {
    const file = join(DIR, c.file);
    const r = await run([file]);
    assert.deepEqual(r.problems.map(shown), c.problems);
    assert.ok(r.problems.every((p) => p.file === file && Number.isInteger(p.line) && p.line >= 1));
    assert.equal(r.skipped, c.skipped, 'skipped');
    assert.equal(r.episodes, c.episodes, 'episodes');
    // An episode of n records has n - 1 steps.
    assert.equal(r.steps + r.episodes + r.skipped, c.records, 'records read + skipped');
  });
}

test('the whole corpus in one run: problems and counts add up, and the evaluation goes on after each file', async () => {
  const r = await run(CORPUS.map((c) => join(DIR, c.file)));
  assert.equal(r.problems.length, CORPUS.reduce((n, c) => n + c.problems.length, 0));
  assert.equal(r.skipped, CORPUS.reduce((n, c) => n + c.skipped, 0));
  assert.equal(r.episodes, CORPUS.reduce((n, c) => n + c.episodes, 0));
  const records = CORPUS.reduce((n, c) => n + c.records, 0);
  assert.equal(r.steps + r.episodes + r.skipped, records);
  report({ target: `hostile trajectory corpus (${CORPUS.length} files)`, inputs: CORPUS.length, records, accounted: r.steps + r.episodes + r.skipped });
});

test('`reward eval` over the corpus exits 0, prints one JSON object with every problem, and no stack trace', async () => {
  await ensureBuilt();
  const files = CORPUS.map((c) => join(DIR, c.file));
  const out = spawnSync(process.execPath, [CLI, 'eval', SPEC, ...files, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(out.status, 0, out.stderr);
  assert.equal(out.stderr, '');
  const json = JSON.parse(out.stdout) as { skipped: number; problems: DataProblem[]; steps: unknown[]; episodes: unknown[] };
  assert.equal(json.skipped, CORPUS.reduce((n, c) => n + c.skipped, 0));
  assert.deepEqual(json.problems.map(shown), CORPUS.flatMap((c) => c.problems));
  // The table format lists each problem on stderr as file:line: field: message.
  const table = spawnSync(process.execPath, [CLI, 'eval', SPEC, join(DIR, 'nan.jsonl'), join(DIR, 'not-a-record.jsonl')], { encoding: 'utf8' });
  assert.equal(table.status, 0);
  assert.match(table.stderr, /^test\/fixtures\/hostile\/nan\.jsonl:2: obs\[0\]: not a finite number \(got NaN\)$/m);
  assert.match(table.stderr, /^test\/fixtures\/hostile\/not-a-record\.jsonl:5: expected a record \(a JSON object\), got null$/m);
  assert.doesNotMatch(table.stderr + table.stdout, /\n\s+at /);
  assert.match(table.stdout, /2 episodes, 2 steps, 6 records skipped/);
});

/** A temporary folder for the files not worth committing. */
function scratch(): { dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'rewardsmith-hostile-'));
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

const RECORD = '"obs":[1],"info":{"room":"hall"},"carrying":false,"n":1,"action":"up"';
const LAST = '{"obs":[2],"info":{"room":"kitchen"},"carrying":true,"n":2,"terminated":true}\n';

/** Writes `head`, then `mb` megabytes of `x`, then `tail`, without holding it in memory. */
function writeLong(file: string, head: string, mb: number, tail: string): void {
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, head);
    const chunk = Buffer.alloc(1 << 20, 'x');
    for (let i = 0; i < mb; i++) writeSync(fd, chunk);
    writeSync(fd, tail);
  } finally {
    closeSync(fd);
  }
}

test('a 100 MB single line: read as one record when it is one, one skipped record when it is garbage, in seconds', async () => {
  const { dir, done } = scratch();
  try {
    const good = join(dir, 'long-record.jsonl');
    writeLong(good, `{${RECORD},"pad":"`, 100, `"}\n${LAST}`);
    let t = Date.now();
    const a = await run([good]);
    assert.deepEqual(a.problems, []);
    assert.deepEqual([a.episodes, a.steps, a.skipped], [1, 1, 0]);
    assert.ok(Date.now() - t < 60_000, `took ${Date.now() - t} ms`);

    const bad = join(dir, 'long-garbage.jsonl');
    writeLong(bad, '', 100, `\n{${RECORD}}\n${LAST}`);
    t = Date.now();
    const b = await run([bad]);
    assert.deepEqual(b.problems.map(shown), ["1 : malformed JSON (column 1): expected a value, found 'x'"]);
    assert.deepEqual([b.episodes, b.steps, b.skipped], [1, 1, 1]);
    assert.ok(Date.now() - t < 60_000, `took ${Date.now() - t} ms`);
  } finally {
    done();
  }
});

test('nesting 200,000 deep is one malformed record with a bounded message, not a stack overflow', async () => {
  const { dir, done } = scratch();
  try {
    const file = join(dir, 'deep.jsonl');
    writeFileSync(file, `${'['.repeat(200_000)}\n${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}\n{${RECORD}}\n${LAST}`);
    const r = await run([file]);
    assert.equal(r.skipped, 2);
    assert.deepEqual([r.episodes, r.steps], [1, 1]);
    assert.match(r.problems[0].message, /^malformed JSON \(column 1001\): nested deeper than 1000 levels/);
    assert.equal(r.problems[1].line, 2);
    assert.ok(r.problems.every((p) => p.message.length < 500));
  } finally {
    done();
  }
});

// Debian's python3-h5py, installed by .ci/install-system.sh (npm test's pretest).
const PYTHON = '/usr/bin/python3';

test('HDF5 files that are not Minari datasets: each is one clear problem', async () => {
  const { dir, done } = scratch();
  try {
    execFileSync(PYTHON, ['-c', `
import sys, h5py, numpy as np
d = sys.argv[1]
with h5py.File(d + '/weights.hdf5', 'w') as f:
    f.create_dataset('weights', data=np.arange(10.0))
    f.create_group('layer1').attrs['kind'] = 'dense'
with h5py.File(d + '/no-rewards.hdf5', 'w') as f:
    g = f.create_group('episode_0')
    g.create_dataset('observations', data=np.arange(4.0))
    g.create_dataset('actions', data=np.arange(3.0))
with h5py.File(d + '/empty.hdf5', 'w') as f:
    pass
`, dir]);
    const whole = readFileSync(join(dir, 'weights.hdf5'));
    writeFileSync(join(dir, 'cut.hdf5'), whole.subarray(0, 1500));
    const cases: [string, RegExp][] = [
      ['weights.hdf5', /^1 : not a Minari or D4RL dataset: expected a Minari dataset .*; found 'layer1', 'weights' at the root$/],
      ['no-rewards.hdf5', /^1 : episode_0 is left out: it has no 'rewards': a Minari episode holds observations, actions, rewards, terminations and truncations$/],
      ['cut.hdf5', /^1 : the HDF5 file is truncated or damaged \(.*\): copy or download it again$/],
      ['empty.hdf5', /^1 : not a Minari or D4RL dataset/],
    ];
    for (const [name, expected] of cases) {
      const r = await run([join(dir, name)]);
      assert.equal(r.problems.length, 1, `${name}: ${r.problems.map(shown).join('\n')}`);
      assert.match(shown(r.problems[0]), expected, name);
      assert.deepEqual([r.episodes, r.steps], [0, 0], name);
    }
  } finally {
    done();
  }
});
