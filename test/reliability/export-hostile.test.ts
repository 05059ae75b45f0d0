// Export safety, fuzzed (issue 9, part 6; the export's own test has one hand-made hostile
// spec): specs whose names, enum members, machine states and source paths are drawn from
// Python's keywords, builtins, dunders and the module's own names, with comments and spec file
// names of arbitrary text carrying a payload. Every exported module is printable ASCII, imports
// without running the payload, and evaluates a trajectory to the rewards `reward eval` gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../server/src/analysis/analyze';
import { exportPython } from '../../server/src/export/python/module';
import { evaluateText } from '../fuzz/evaluate';
import { report, runs, seed } from '../fuzz/budget';
import { PYTHON } from '../export/harness';

const SPEC_RESERVED = new Set(['true', 'false', 'if', 'then', 'else', 'in']);
const POOL = [
  'None', 'True', 'False', 'class', 'lambda', 'import', 'pass', 'yield', 'return', 'print', 'sys', 'math', 'os', 'json', 'self', 'cls', 'del', 'global',
  'nonlocal', 'async', 'await', 'match', 'case', 'type', 'object', 'str', 'int', 'float', 'dict', 'list', 'raise', 'try', 'except', 'finally', 'with',
  'as', 'assert', 'break', 'continue', 'elif', 'from', 'is', 'not', 'or', 'and', 'while', 'for', 'exec', 'eval', 'open', 'globals', 'locals', 'vars',
  'getattr', 'setattr', '__import__', '__builtins__', '__init__', '__class__', '__dict__', '__name__', '__main__', '_', '__', 'MACHINES', 'REWARDS',
  'DEFAULT_REWARD', 'Reward', 'RewardWrapper', 'evaluate', 'evaluate_files', 'main', '_NAN', '_INF', 's', 'a', 'n', 'r', 'record', 'records', 'k',
].filter((n) => !SPEC_RESERVED.has(n));
const FLAG_KEYS = new Set(['labels', 'terminated', 'truncated', 'episode', 'action']);

/** `count` distinct names of the pool. */
const names = (count: number) => fc.shuffledSubarray(POOL, { minLength: count, maxLength: count });

interface Hostile {
  readonly top: readonly string[];
  readonly members: readonly string[];
  readonly states: readonly string[];
  readonly keys: readonly string[];
  readonly comment: string;
  readonly block: string;
  readonly specName: string;
}

const hostileArb: fc.Arbitrary<Hostile> = fc.record({
  top: names(10),
  members: names(5),
  states: names(2),
  keys: names(3).filter((ks) => ks.every((k) => !FLAG_KEYS.has(k))),
  comment: fc.string({ unit: 'binary', maxLength: 60 }),
  block: fc.string({ unit: 'binary', maxLength: 60 }),
  specName: fc.string({ unit: 'binary', maxLength: 40 }),
});

function specOf(h: Hostile, marker: string): string {
  const [n1, n2, n3, p1, p2, d1, t1, ma, l1, r1] = h.top;
  const [m1, m2, m3, m4, m5] = h.members;
  const [s1, s2] = h.states;
  const [k1, k2, k3] = h.keys;
  const payload = `"""; __import__('os').system('touch ${marker}'); """ '''\\`;
  const line = (h.comment + payload).replace(/[\r\n\u2028\u2029\u0085]/g, ' ');
  const block = (h.block + payload).replace(/\*\//g, '* /');
  return `// ${line}
discount 0.9
signal ${n1}: number = ${k1}.${k2}[0]
signal ${n2}: enum { ${m1}, ${m2}, ${m3} } = ${k3}
action ${n3}: enum { ${m4}, ${m5} }
prop ${p1}
prop ${p2} = ${n2} == ${m1}
/** ${block} */
def ${d1} = ${n1} * 2
term ${t1} = ${d1}' - ${d1} + (${n3} == ${m5} ? 1 : 0)
machine ${ma} {
  initial ${s1}
  terminal ${s2}
  ${s1} -> ${s2} when ${p1} && ${p2} reward 1
  ${s1} -> ${s1} when otherwise reward ${t1}
}
ltl ${l1} = F (${p1} && X ${p2})
reward ${r1} { ${ma}; ${l1}; 2 * ${t1}; -0.5 }
`;
}

function recordsOf(h: Hostile): object[] {
  const [k1, k2, k3] = h.keys;
  const [m1, m2, , m4, m5] = h.members;
  const [, , , p1] = h.top;
  const rec = (x: number, member: string, action: string | undefined, labels: string[], end = false) => ({
    [k1]: { [k2]: [x] }, [k3]: member, ...(action === undefined ? {} : { action }), labels, ...(end ? { terminated: true } : {}),
  });
  return [rec(1, m2, m4, []), rec(2.5, m1, m5, [p1]), rec(4, m1, m4, [p1, "'); import os; ('"]), rec(3, m2, undefined, [], true)];
}

test(`hostile names, paths, comments and file names: ${runs(40)} exported modules, ASCII, inert, and faithful`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rewardsmith-export-hostile-'));
  const marker = join(dir, 'PWNED');
  try {
    const cases = fc.sample(hostileArb, { numRuns: runs(40), seed: seed() });
    const modules: { module: string; records: string; expected: number[] }[] = [];
    for (const [i, h] of cases.entries()) {
      const spec = specOf(h, marker);
      const a = analyze(spec);
      assert.equal(a.hasErrors, false, `${spec}\n${a.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message).join('\n')}`);
      const source = exportPython(a.model, { specName: h.specName });
      assert.ok(/^[\x09\x0a\x20-\x7e]*$/.test(source), 'the module is printable ASCII');
      const module = join(dir, `hostile_${i}.py`);
      writeFileSync(module, source);
      const records = join(dir, `run_${i}.jsonl`);
      writeFileSync(records, recordsOf(h).map((r) => JSON.stringify(r)).join('\n') + '\n');
      const ts = await evaluateText(spec, [records]);
      assert.equal(ts.steps.length, 3);
      modules.push({ module, records, expected: ts.steps.map((s) => s.reward) });
    }
    // One Python process imports every module and evaluates its records.
    const script = `
import importlib.util, json, os, sys
out = []
for module, records in json.loads(sys.argv[1]):
    spec = importlib.util.spec_from_file_location("hostile", module)
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    with open(records) as f:
        rows = [json.loads(line) for line in f if line.strip()]
    result = m.evaluate(rows)
    out.append([s["reward"] for s in result["steps"]])
print(json.dumps(out))
`;
    const r = spawnSync(PYTHON, ['-c', script, JSON.stringify(modules.map((m) => [m.module, m.records]))], { encoding: 'utf8', maxBuffer: 1 << 24 });
    assert.equal(r.status, 0, r.stderr);
    const got = JSON.parse(r.stdout) as number[][];
    modules.forEach((m, i) => m.expected.forEach((v, t) => assert.ok(Math.abs(got[i][t] - v) <= 1e-9, `${m.module} step ${t}: ${got[i][t]} vs ${v}`)));
    assert.equal(existsSync(marker), false, 'no payload ran');
    report({ target: 'export: hostile names, paths, comments and file names', inputs: modules.length });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
