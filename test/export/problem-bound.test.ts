// Issue #17, item 3: the exported module bounds its problems as `reward eval` does (the first
// 1,000 whole, the rest counted by file, field and kind, `skipped` exact) and prints the same
// bytes on a file with thousands of bad records, in the script and in evaluate().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PYTHON, runPythonScript, tempDir, tsEval, writeModule } from './harness';
import { spawnSync } from 'node:child_process';

const SPEC = `signal x: number in [0, 1] = obs[0]
signal mode: enum { walk, run } = info.mode
reward main { x }
`;

function badFile(path: string, records: number): void {
  const lines: string[] = [];
  for (let i = 0; i < records; i++) {
    // Four kinds of problems, with values that differ on every line, and some good records.
    switch (i % 5) {
      case 0: lines.push(JSON.stringify({ obs: [`bad${i}`], info: { mode: 'walk' } })); break;
      case 1: lines.push(JSON.stringify({ obs: [i + 2], info: { mode: 'walk' } })); break; // out of range: kept, warned
      case 2: lines.push(JSON.stringify({ obs: [0.5], info: { mode: `fly${i}` } })); break;
      case 3: lines.push(`{"obs": [${i}`); break; // malformed JSON
      default: lines.push(JSON.stringify({ obs: [0.25], info: { mode: 'run' } }));
    }
  }
  lines.push(JSON.stringify({ obs: [0.5], info: { mode: 'run' }, terminated: true }));
  writeFileSync(path, lines.join('\n') + '\n');
}

test('more than 1,000 problems: the module prints what reward eval prints, the rest counted exactly', async () => {
  const dir = tempDir();
  const spec = join(dir, 'spec.reward');
  const module = join(dir, 'spec_module.py');
  const file = join(dir, 'bad.jsonl');
  writeFileSync(spec, SPEC);
  writeModule(SPEC, module);
  badFile(file, 3000);
  const ts = await tsEval(spec, [file]);
  assert.equal(ts.code, 0, ts.err);
  const py = runPythonScript(module, [file]);
  assert.equal(py.code, 0, py.err);
  assert.equal(py.out, ts.out, 'the same bytes');
  const out = JSON.parse(py.out) as { problems: unknown[]; more_problems: { field: string; kind: string; count: number }[]; skipped: number };
  assert.equal(out.problems.length, 1000);
  const counted = out.more_problems.reduce((n, g) => n + g.count, 0);
  // 600 problems of each of the four kinds in all; skipped: the three kinds that skip a record.
  assert.equal(out.problems.length + counted, 2400);
  assert.equal(out.skipped, 1800);
  assert.ok(out.more_problems.some((g) => g.field === 'obs[0]' && /expected a number, got the string \.\.\./.test(g.kind)), JSON.stringify(out.more_problems));

  // evaluate() returns the same dict.
  const r = spawnSync(PYTHON, ['-c', `import json, sys; sys.path.insert(0, ${JSON.stringify(dir)}); import spec_module as m; rs = [json.loads(l) for l in open(${JSON.stringify(file)}) if l.strip().startswith('{') and l.strip().endswith('}')]; d = m.evaluate(rs); print(len(d["problems"]), sum(g["count"] for g in d.get("more_problems", [])))`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  // The malformed lines are not records here: 1800 problems of the three other kinds.
  assert.equal(r.stdout.trim(), '1000 800');
});
