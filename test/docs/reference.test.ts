// The language reference and the tutorial teach what the tools do: every spec in them checks
// with exactly the diagnostics it marks, and evaluates to the returns written under it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../lsp/build';
import { docExamples, expectedMarks, reward, writeTemp, type CheckRow } from './examples-in-docs';

const PAGES = ['docs/reference.md', 'docs/tutorial.md'];

for (const page of PAGES) {
  const examples = docExamples(readFileSync(join(ROOT, page), 'utf8'));

  test(`${page}: has examples, and every evaluated one states its returns`, () => {
    assert.ok(examples.length >= 2, `${page} has ${examples.length} reward examples`);
    for (const e of examples) if (e.trajectory !== undefined) assert.ok(e.returns && e.returns.every(Number.isFinite), `${page}:${e.line}: a trajectory without a 'Returns:' line`);
  });

  for (const e of examples) {
    test(`${page}:${e.line}: reward check gives exactly the marked errors and warnings`, () => {
      const spec = writeTemp('example.reward', e.spec);
      const r = reward(ROOT, ['check', '--format', 'json', spec]);
      const rows = JSON.parse(r.stdout) as CheckRow[];
      const marked = expectedMarks(e.spec);
      const found = rows.map((d) => `${d.range.start.line}:${d.code}`);
      // Every error and warning must be marked; marked information and hints must fire.
      const loud = rows.filter((d) => d.severity === 'error' || d.severity === 'warning').map((d) => `${d.range.start.line}:${d.code}`).sort();
      assert.deepEqual(loud.filter((x) => !marked.includes(x)), [], `unmarked among: ${rows.map((d) => `${d.range.start.line}:${d.code}: ${d.message}`).join('\n')}`);
      assert.deepEqual(marked.filter((x) => !found.includes(x)), [], 'marked but not reported');
      assert.equal(r.status, rows.some((d) => d.severity === 'error') ? 1 : 0);
    });

    if (e.trajectory === undefined) continue;
    test(`${page}:${e.line}: reward eval gives the returns written under it`, () => {
      const spec = writeTemp('example.reward', e.spec);
      const traj = writeTemp('example.jsonl', e.trajectory!);
      const r = reward(ROOT, ['eval', spec, traj, '--format', 'json']);
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { episodes: { return: number }[]; problems: unknown[] };
      assert.deepEqual(out.problems, []);
      assert.equal(out.episodes.length, e.returns!.length);
      out.episodes.forEach((ep, i) => assert.ok(Math.abs(ep.return - e.returns![i]) < 1e-9, `episode ${i}: return ${ep.return}, the page says ${e.returns![i]}`));
    });
  }
}
