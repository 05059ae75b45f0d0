// The NumPy and PyTorch modules carry the scalar module's names too (Reward, evaluate, the
// script mode: LANGUAGE.md section 11), and those must compute as the scalar module does. They
// once did not: the batched runtime redefined the scalar helpers (`_pow`, `_sqrt`, ...) under
// the same names, so `x ^ 2` gave a 0-d array in the NumPy module and a TypeError in torch.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../server/src/analysis/analyze';
import { exportBatch } from '../../server/src/export/batch/module';
import { exportPython } from '../../server/src/export/python/module';
import { FUNCTION_TABLE } from '../../server/src/program/functions';
import { compareRuns, PYTHON, runPythonScript, tempDir, tsEval } from './harness';
import { spawnSync } from 'node:child_process';

// Every built-in of the function table, in one spec: scalar forms on two signals, reductions on a vector.
const SPEC = `signal x: number = obs[0]
signal y: number = obs[1]
signal v: vector[3] = obs[2:5]
reward main {
  x ^ 2
  x % 3
  mod(x, 3)
  hypot(x, y) + hypot(x)
  sqrt(x) + log(x) + exp(y) + tanh(x) + sign(y) + floor(x) + ceil(y) + abs(-y)
  sin(x) + cos(x) + tan(x) + atan(x) + atan2(y, x) + asin(0.5) + acos(0.5) + pi
  min(x, y) + max(x, y) + clamp(x, 0, 1)
  sum(v) + mean(v) + norm(v) + dot(v, v) + min(v) + max(v) + count(v > 1) + (any(v > 4) ? 1 : 0) + (all(v > 0) ? 1 : 0)
}
`;

const RECORDS = ['{"obs":[2,3,1,2,3],"action":0}', '{"obs":[3,4,2,3,5],"action":0}', '{"obs":[0.5,-1,0,1,2],"action":0,"terminated":true}'].join('\n') + '\n';

test('the spec reads every function of the table', () => {
  for (const name of FUNCTION_TABLE.keys()) assert.match(SPEC, new RegExp(`\\b${name}\\(`), name);
});

test('the NumPy and PyTorch modules: script mode, Reward and evaluate print what reward eval prints', async () => {
  const a = analyze(SPEC);
  assert.equal(a.hasErrors, false, a.diagnostics.map((d) => d.message).join('; '));
  const dir = tempDir();
  const data = join(dir, 't.jsonl');
  writeFileSync(data, RECORDS);
  writeFileSync(join(dir, 'spec.reward'), SPEC);
  const ts = await tsEval(join(dir, 'spec.reward'), [data]);
  assert.equal(ts.code, 0, ts.err);
  for (const backend of ['numpy', 'torch'] as const) {
    const module = join(dir, `spec_${backend}.py`);
    writeFileSync(module, exportBatch(a.model, backend));
    const py = runPythonScript(module, [data], dir);
    assert.equal(py.code, 0, `${backend}: ${py.err}`);
    assert.equal(compareRuns(ts, py), undefined, backend);
    // Reward.transition gives plain floats, as the scalar module's does.
    const probe = spawnSync(PYTHON, ['-c', `import json, spec_${backend} as m
r = m.Reward()
reward, components = r.transition({"obs": [2, 3, 1, 2, 3], "action": 0}, {"obs": [3, 4, 2, 3, 5]}, False, False)
print(json.dumps([type(reward).__name__, sorted(set(type(c).__name__ for c in components.values()))]))`], { cwd: dir, encoding: 'utf8' });
    assert.equal(probe.status, 0, probe.stderr);
    assert.deepEqual(JSON.parse(probe.stdout), ['float', ['float']], backend);
  }
});

test('no exported module defines a top-level name twice', () => {
  const a = analyze(SPEC);
  const dir = tempDir();
  const modules = { python: exportPython(a.model, { specName: 'spec.reward' }), numpy: exportBatch(a.model, 'numpy'), torch: exportBatch(a.model, 'torch') };
  for (const [kind, text] of Object.entries(modules)) {
    const file = join(dir, `${kind}_module.py`);
    writeFileSync(file, text);
    const r = spawnSync(PYTHON, ['-c', `import ast, collections, json, sys
tree = ast.parse(open(sys.argv[1]).read())
seen = collections.Counter()
for node in tree.body:
    if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
        seen[node.name] += 1
    elif isinstance(node, ast.Assign):
        for t in node.targets:
            if isinstance(t, ast.Name):
                seen[t.id] += 1
print(json.dumps(sorted(k for k, n in seen.items() if n > 1)))`, file], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), [], `${kind}: names defined twice`);
  }
});
