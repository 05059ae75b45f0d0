import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis/analyze';
import { evaluateFiles } from '../../server/src/eval/evaluate';
import { compileProgram } from '../../server/src/eval/program';
import type { DataProblem } from '../../server/src/data/problem';
import { tempDir } from './temp-files';

// LANGUAGE.md section 13, "CSV headers": a header with none of the paths the spec reads is
// one problem on line 1 naming the expected and the found columns; its rows still count in
// `skipped`, without a problem each.

async function evaluate(spec: string, name: string, text: string) {
  const t = tempDir();
  try {
    const file = t.write(name, text);
    const a = analyze(spec);
    assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
    const problems: DataProblem[] = [];
    let steps = 0;
    const totals = await evaluateFiles(compileProgram(a.model), [file], { step: () => void steps++, episode() {}, problem: (p) => void problems.push(p) });
    return { ...totals, steps, problems: problems.map((p) => ({ ...p, file: p.file === file ? 'FILE' : p.file })) };
  }
  finally {
    t.remove();
  }
}

const SPEC = 'signal x: number = obs[0]\nsignal room: enum { hall, office } = info.room\naction a: number\nreward main { x }\n';

test('a CSV header with none of the spec\'s columns is one problem on line 1; every row is skipped without one', async () => {
  const r = await evaluate(SPEC, 't.csv', 'pos_x,pos_y,act\n1,2,0\n3,4,1\n5,6,\n');
  assert.deepEqual(r.problems, [{
    file: 'FILE', line: 1, field: '',
    message: 'the header has none of the columns this spec reads: expected obs[0], info.room, action; found pos_x, pos_y, act',
  }]);
  assert.deepEqual({ episodes: r.episodes, steps: r.steps, skipped: r.skipped }, { episodes: 0, steps: 0, skipped: 3 });
});

test('near misses: a header with one of the columns reports the missing fields per record, as before', async () => {
  const r = await evaluate(SPEC, 't.csv', 'obs[0],act\n1,0\n2,0\n');
  assert.deepEqual(r.problems.map((p) => [p.line, p.field, p.message]), [[2, 'info.room', 'missing field'], [2, 'action', 'missing field'], [3, 'info.room', 'missing field']]);
  assert.equal(r.skipped, 2);
  // A JSONL file has no header: each record is judged on its own.
  const jsonl = await evaluate(SPEC, 't.jsonl', '{"pos_x": 1}\n');
  assert.equal(jsonl.problems.length, 2);
});

test('a spec that reads only fields with defaults, or nothing, never blames the header', async () => {
  const r = await evaluate('reward main { -1 }\n', 't.csv', 'a,b\n1,2\n3,4\n');
  assert.deepEqual(r.problems, []);
  assert.equal(r.steps, 1);
});
