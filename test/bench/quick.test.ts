// The benchmark's smoke run (`node bench/run.mjs --quick`) as CI runs it: it must finish and
// write a well-formed bench/results.json whose rows hold together. No timing is asserted: the
// machines are shared and noisy.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const SUITES = ['evaluator', 'streaming', 'parser', 'analysis', 'lsp', 'automata', 'preview', 'compare', 'batch'];

interface Row {
  suite: string;
  what: string;
  figure: number;
  unit: string;
  reference: number | null;
  referenceWhat: string | null;
  ratio: number | null;
  target: { on: 'ratio' | 'figure'; op: '>=' | '<='; value: number } | null;
  met: boolean | null;
  why: string | null;
  detail: Record<string, unknown>;
}

test('npm run bench -- --quick writes a well-formed bench/results.json', { timeout: 15 * 60_000 }, () => {
  const run = spawnSync(process.execPath, ['bench/run.mjs', '--quick'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(run.status, 0, `bench/run.mjs --quick failed:\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-3000)}`);
  assert.match(run.stdout, /bench\/results\.json written/);

  const results = JSON.parse(readFileSync('bench/results.json', 'utf8'));
  assert.equal(results.quick, true);
  assert.ok(Date.parse(results.startedAt) > 0, 'startedAt is a date');
  assert.ok(results.elapsedMs > 0);
  assert.equal(typeof results.machine.nproc, 'number');
  assert.equal(typeof results.machine.cpu, 'string');
  assert.equal(results.machine.node, process.version);
  assert.deepEqual(results.suites.map((s: { name: string; ok: boolean }) => [s.name, s.ok]), SUITES.map((s) => [s, true]));

  const rows = results.rows as Row[];
  for (const suite of SUITES) assert.ok(rows.some((r) => r.suite === suite), `a row of the ${suite} suite`);
  for (const r of rows) {
    const where = `row '${r.what}'`;
    assert.ok(r.what.length > 0 && r.unit.length > 0, `${where}: what and unit`);
    assert.ok(Number.isFinite(r.figure), `${where}: a finite figure`);
    if (r.reference !== null) {
      assert.ok(Number.isFinite(r.reference) && r.referenceWhat, `${where}: the reference says what it is`);
      if (r.reference !== 0) assert.ok(Math.abs(r.ratio! - r.figure / r.reference) <= 1e-9 * Math.abs(r.ratio!), `${where}: ratio = figure / reference`);
    }
    if (r.target === null) {
      assert.equal(r.met, null, `${where}: no target, no verdict`);
    } else {
      const x = r.target.on === 'ratio' ? r.ratio! : r.figure;
      assert.equal(r.met, r.target.op === '>=' ? x >= r.target.value : x <= r.target.value, `${where}: the verdict follows the target`);
    }
    // Every missed target says why and what would close it; a met one says nothing.
    if (r.met === false) assert.ok(typeof r.why === 'string' && r.why.length > 40, `${where}: why it was missed`);
    else assert.equal(r.why, null, `${where}: no why`);
  }

  // The checks the measurements rest on: same numbers as the references.
  const hand = rows.find((r) => r.suite === 'evaluator' && r.referenceWhat?.includes('hand-written'))!;
  assert.ok((hand.detail.maxAbsDiff as number) <= 1e-9, 'the evaluator and the hand-written loop compute the same rewards');
  assert.equal(hand.detail.sumOfRewards, hand.detail.handSum);
  const python = rows.find((r) => r.suite === 'evaluator' && r.referenceWhat?.includes('Python'))!;
  assert.ok(Math.abs((python.detail.sumOfRewards as number) - (python.detail.pythonSum as number)) <= 1e-6, 'the Python module computes the same rewards');
  const identical = rows.filter((r) => r.suite === 'automata' && r.unit === 'formulas');
  assert.ok(identical.length >= 3, 'one comparison with MONA per family');
  for (const r of identical) assert.equal(r.figure, r.reference, `${r.what}: every minimal DFA equals MONA's`);
  const exponent = rows.find((r) => r.unit === 'exponent')!;
  assert.equal((exponent.detail.lines as number[]).length, 3, 'the exponent is fitted on three sizes');
  const rss = rows.find((r) => r.suite === 'streaming' && r.unit === 'MB')!;
  assert.ok(rss.figure > 10, 'peak RSS is measured in MB');
});
