// The one marking of which instructions a step needs (program/live.ts), read by lowering's
// prune, the generated evaluator and the batched kernels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis/analyze';
import type { Program } from '../../server/src/program/ir';
import { liveInstructions } from '../../server/src/program/live';
import { lowerProgram } from '../../server/src/program/lower';
import { liveInstructions as fromKernel } from '../../server/src/export/batch/kernel';

const program = (text: string): Program => {
  const a = analyze(text);
  assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error'), []);
  return lowerProgram(a.model);
};

/** The instructions reached from `roots`, by a plain depth-first walk (the test's own oracle). */
function reach(p: Program, roots: readonly number[]): Set<number> {
  const seen = new Set<number>();
  const todo = [...roots];
  while (todo.length) {
    const i = todo.pop()!;
    if (seen.has(i)) continue;
    seen.add(i);
    todo.push(...p.code[i].args);
  }
  return seen;
}

const SPEC = `signal x: number in [0, 10]
signal y: number in [0, 10]
action a: number
prop near = x < 1
machine m {
  initial s
  terminal t
  s -> t when near reward y
}
reward main {
  m
  0.5 * (x - 3)
}
reward other {
  abs(y * y - 7)
  replace 1 when a > 2
}
`;

test('after lowering, every instruction is live: prune keeps only what the roots reach', () => {
  const p = program(SPEC);
  assert.ok(liveInstructions(p).every((v) => v === 1));
});

test('one block marks its own items and the shared roots, not the other blocks', () => {
  const p = program(SPEC);
  const [main, other] = p.rewards;
  const shared = [p.props[0].label, ...p.machines[0].transitions.flat().flatMap((t) => [t.guard!, t.reward!])];
  const roots = (r: typeof main) => r.items.flatMap((it) => (it.kind === 'value' ? [it.value] : it.kind === 'replace' ? [it.value, it.when] : []));
  for (const [k, r] of [[0, main], [1, other]] as const) {
    const live = liveInstructions(p, k);
    const expected = reach(p, [...shared, ...roots(r)]);
    assert.deepEqual(new Set([...live.keys()].filter((i) => live[i])), expected);
    assert.deepEqual(fromKernel(p, k), live, 'the batch kernel re-exports the same marking');
  }
  // `abs(y * y - 7)` is only the second block's: not live for the first.
  const onlyOther = reach(p, roots(other));
  const liveMain = liveInstructions(p, [0]);
  assert.ok([...onlyOther].some((i) => !liveMain[i]));
  assert.deepEqual(liveInstructions(p, [0, 1]), liveInstructions(p));
});
