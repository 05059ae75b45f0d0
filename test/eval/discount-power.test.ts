// The discount power gamma^t of a long episode (docs/language.md, Evaluation): once it falls
// below the smallest normal double (2^-1022) it is 0 in every backend, the evaluator, the
// reference evaluator, the preview's returns so far, the Python module and the NumPy and
// PyTorch batches, so that discounted returns past that point agree to the bit. Without the
// rule gamma^t sticks at a denormal (2 * 2^-1074 for gamma 0.8, about 2.4e-322 for 0.99) and
// a reward of 1e300 there still adds about 1e-23 to the discounted return.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/analysis/analyze';
import { evaluateWith, type EvalSink } from '../../server/src/eval/evaluate';
import { compileProgram } from '../../server/src/eval/program';
import { compileReference, ReferenceRunner } from '../../server/src/eval/reference';
import { Runner, type StepView } from '../../server/src/eval/runner';
import { exportBatch } from '../../server/src/export/batch/module';
import { exportPython } from '../../server/src/export/python/module';
import { previewText } from '../../server/src/preview/compute';
import { stepValues } from '../../protocol/slices';
import type { PreviewStore } from '../../protocol/preview';
import { PYTHON, runPythonScript, tempDir, tsEval } from '../export/harness';

const GAMMA = 0.8;
const STEPS = 3600;
// 0.8^t falls below 2^-1022 at t = 3,175; from 3,300 on it would be a denormal.
const LATE = 3300;
const SPEC = `discount ${GAMMA}\nsignal x: number = x\nreward main { x }\n`;

/** Episode 0 pays 1 at every step; episode 1 pays 0 until LATE, then 1e300. */
function trajectory(dir: string): string {
  const lines: string[] = [];
  for (let t = 0; t <= STEPS; t++) lines.push(JSON.stringify({ x: 1, ...(t === STEPS ? { terminated: true } : {}) }));
  for (let t = 0; t <= STEPS; t++) lines.push(JSON.stringify({ x: t < LATE ? 0 : 1e300, ...(t === STEPS ? { terminated: true } : {}) }));
  const file = join(dir, 'long.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** sum_t gamma^t r_t in the evaluator's order, with gamma^t := 0 below 2^-1022. */
function expected(reward: (t: number) => number, clamp = true): number {
  let disc = 0;
  let power = 1;
  for (let t = 0; t < STEPS; t++) {
    disc += power * reward(t);
    power *= GAMMA;
    if (clamp && power < 2 ** -1022) power = 0;
  }
  return disc;
}

async function returns(runner: StepView, file: string): Promise<number[]> {
  const out: number[] = [];
  const sink: EvalSink = { step() {}, episode: (e) => void out.push(e.discounted_return), problem() {} };
  await evaluateWith(runner, [file], sink);
  return out;
}

const PY_BATCH = String.raw`
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("batch", sys.argv[1])
m = importlib.util.module_from_spec(spec)
spec.loader.exec_module(m)
xs = json.load(open(sys.argv[2]))
b = m.BatchReward(1)
import numpy as np
F = np.array([False])
for episode in xs:
    for t in range(len(episode) - 1):
        b.step({"x": np.array([episode[t]])}, None, {"x": np.array([episode[t + 1]])}, np.array([t == len(episode) - 2]), F)
print(json.dumps([float(v) for v in b.episode_sums()["discounted_return"]]))
`;

test('gamma^t is 0 below the smallest normal double: discounted returns past that point agree to the bit in every backend', async () => {
  const dir = tempDir('rewardsmith-discount-');
  const file = trajectory(dir);
  const model = analyze(SPEC).model;
  const want = [expected(() => 1), expected((t) => (t < LATE ? 0 : 1e300))];
  // The rule is what makes the second episode's discounted return exactly 0: unclamped, it is not.
  assert.equal(want[1], 0);
  assert.ok(expected((t) => (t < LATE ? 0 : 1e300), false) > 0);

  assert.deepEqual(await returns(new Runner(compileProgram(model, 'main')), file), want, 'evaluator');
  assert.deepEqual(await returns(new ReferenceRunner(compileReference(model, 'main')), file), want, 'reference evaluator');

  const specFile = join(dir, 'spec.reward');
  writeFileSync(specFile, SPEC);
  const cli = JSON.parse((await tsEval(specFile, [file])).out) as { episodes: { discounted_return: number }[] };
  assert.deepEqual(cli.episodes.map((e) => e.discounted_return), want, 'reward eval');

  const preview = await previewText(SPEC, specFile, [file]);
  assert.equal(preview.kind, 'store');
  const store = (preview as { store: PreviewStore }).store;
  assert.deepEqual(Array.from(store.discounted[0]), want, 'preview, per episode');
  for (const episode of [0, 1]) assert.equal(stepValues(store, episode, STEPS - 1).discounted[0], want[episode], `preview, return so far, episode ${episode}`);

  const module = join(dir, 'spec_module.py');
  writeFileSync(module, exportPython(model, { specName: 'spec.reward' }));
  const py = runPythonScript(module, [file], dir);
  assert.equal(py.code, 0, py.err);
  assert.deepEqual((JSON.parse(py.out) as typeof cli).episodes.map((e) => e.discounted_return), want, 'Python module');

  const xs = join(dir, 'xs.json');
  writeFileSync(xs, JSON.stringify([Array.from({ length: STEPS + 1 }, () => 1), Array.from({ length: STEPS + 1 }, (_, t) => (t < LATE ? 0 : 1e300))]));
  const driver = join(dir, 'batch.py');
  writeFileSync(driver, PY_BATCH);
  for (const backend of ['numpy', 'torch'] as const) {
    const batch = join(dir, `spec_${backend}.py`);
    writeFileSync(batch, exportBatch(model, backend, { specName: 'spec.reward' }));
    const r = runPythonScript(driver, [batch, xs], dir);
    assert.equal(r.code, 0, `${backend} (${PYTHON}): ${r.err}`);
    assert.deepEqual(JSON.parse(r.out), want, `BatchReward ${backend}`);
  }
});
