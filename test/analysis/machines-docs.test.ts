// The docs page of every machine and expressivity code (docs/diagnostics/CODE.md): its first
// `reward` block shows the code firing, every later block (the fix) is free of it and of errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze } from '../../server/src/analysis/analyze';

const CODES = [
  'unreachable-state',
  'no-path-to-terminal',
  'transition-from-terminal',
  'nondeterministic-transitions',
  'unsatisfiable-guard',
  'positive-reward-cycle',
  'non-markovian-reward',
  'ltl-not-finitary',
  'ltl-trivial',
  'machine-is-markov',
];

function blocks(page: string): string[] {
  return [...page.matchAll(/```reward\n([\s\S]*?)```/g)].map((m) => m[1]);
}

for (const code of CODES) {
  test(`docs/diagnostics/${code}.md: the example fires, the fix does not`, () => {
    const [bad, ...good] = blocks(readFileSync(`docs/diagnostics/${code}.md`, 'utf8'));
    assert.ok(bad !== undefined && good.length > 0, 'the page has an example and a fix');
    const a = analyze(bad);
    assert.equal(a.hasErrors, false, a.diagnostics.map((d) => d.message).join('\n'));
    assert.ok(a.diagnostics.some((d) => d.code === code), `${code} fires on the example:\n${a.diagnostics.map((d) => d.code).join('\n')}`);
    for (const g of good) {
      const b = analyze(g);
      assert.deepEqual(b.diagnostics.filter((d) => d.code === code || d.severity === 'error').map((d) => d.message), []);
    }
  });
}
