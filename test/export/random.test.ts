// At least 500 random spec + trajectory pairs per run (spec-gen.ts): the exported module, run by
// python3, prints what `reward eval --format json` prints, to 1e-9. The modules are run in a few
// Python processes that import many modules each, while the evaluator runs here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/analysis/analyze';
import { exportPython } from '../../server/src/export/python/module';
import { generateCase, Rng } from './spec-gen';
import { compareRuns, runPythonBatchAsync, tempDir, tsEval, type PyCase } from './harness';

const PAIRS = 500;
const BATCHES = 2;
// A new seed every run explores new specs; a failure prints the seed to replay it with.
const BASE = Number(process.env.EXPORT_SEED ?? Date.now() % 1_000_000);

interface Prepared {
  readonly seed: number;
  readonly spec: string;
  readonly files: readonly string[];
  readonly reward: string;
  readonly py: PyCase;
}

test(`the exported module agrees with reward eval on ${PAIRS} random specs and trajectories`, async (t) => {
  const dir = tempDir();
  const prepared: Prepared[] = [];
  let rejected = 0;
  for (let seed = BASE; prepared.length < PAIRS; seed++) {
    const c = generateCase(seed);
    const a = analyze(c.spec);
    // A spec the checker rejects cannot be exported or evaluated (e.g. shaping that does not converge).
    if (a.hasErrors) {
      rejected++;
      continue;
    }
    const caseDir = join(dir, `c${seed}`);
    mkdirSync(caseDir);
    const spec = join(caseDir, 'spec.reward');
    writeFileSync(spec, c.spec);
    const files = c.files.map((f) => {
      const path = join(caseDir, f.name);
      writeFileSync(path, f.text);
      return path;
    });
    const module = join(caseDir, 'spec_module.py');
    writeFileSync(module, exportPython(a.model, { specName: 'spec.reward' }));
    const reward = new Rng(seed).pick(c.rewards);
    prepared.push({ seed, spec, files, reward, py: { module, argv: [...files, '--reward', reward] } });
  }
  assert.ok(rejected < PAIRS / 10, `${rejected} generated specs had errors`);

  const size = Math.ceil(prepared.length / BATCHES);
  const batches = Array.from({ length: BATCHES }, (_, i) => {
    const part = prepared.slice(i * size, (i + 1) * size);
    const batchDir = join(dir, `batch${i}`);
    mkdirSync(batchDir);
    return runPythonBatchAsync(part.map((p) => p.py), batchDir);
  });
  const ts = [];
  for (const p of prepared) ts.push(await tsEval(p.spec, p.files, p.reward));
  const py = (await Promise.all(batches)).flat();

  let identical = 0;
  let steps = 0;
  let problems = 0;
  for (let i = 0; i < prepared.length; i++) {
    const p = prepared[i];
    assert.equal(ts[i].code, 0, `seed ${p.seed}: reward eval failed: ${ts[i].err}`);
    const diff = compareRuns(ts[i], py[i]);
    assert.equal(diff, undefined, `seed ${p.seed} (EXPORT_SEED=${p.seed} replays it): ${diff}\n${p.spec}`);
    if (ts[i].out === py[i].out) identical++;
    const parsed = JSON.parse(ts[i].out) as { steps: unknown[]; problems: unknown[] };
    steps += parsed.steps.length;
    problems += parsed.problems.length;
  }
  // The comparison is not vacuous: steps were evaluated and problems reported.
  assert.ok(steps > PAIRS * 3, `${steps} steps`);
  assert.ok(problems > PAIRS / 5, `${problems} problems`);
  t.diagnostic(`seeds ${BASE}..${prepared[prepared.length - 1].seed}: ${steps} steps, ${problems} problems, ${identical} of ${prepared.length} outputs byte-identical`);
});
