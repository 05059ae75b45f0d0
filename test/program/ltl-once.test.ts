// Each `ltl` declaration's DFA is computed once, in lowering (program/lower.ts `ltlAutomaton`),
// and the analyses read that one: the classes, the task outcomes, the program and the views.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis/analyze';
import { reachable } from '../../server/src/automata/verdict';
import { ltlFacts } from '../../server/src/analysis/classes';
import type { Model } from '../../server/src/names/model';
import { ltlAutomaton, lowerProgram } from '../../server/src/program/lower';

const SPEC = `prop coffee
prop office
exclusive coffee, office
ltl deliver = F (coffee && X F office)
reward r {
  deliver
}
`;

test('the program, the classes and the views share one automaton per declaration', () => {
  const { model, diagnostics } = analyze(SPEC);
  assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), []);
  const decl = model.ltls[0];
  const a = ltlAutomaton(model, decl);
  const p = lowerProgram(model);
  assert.equal(p.ltls[0].dfa, a.dfa, 'the program holds the same DFA object');
  assert.equal(ltlAutomaton(model, decl), a, 'asked again, the same automaton');
  const facts = ltlFacts(model, 'deliver')!;
  assert.equal(facts.temporalClass, 'guarantee');
  assert.equal(facts.states, 3);
});

test('a kept declaration gets new letters and verdicts when the exclusive groups change', () => {
  const { model } = analyze(SPEC.replace('X F office', 'office'));
  const decl = model.ltls[0];
  const exclusive = ltlAutomaton(model, decl);
  // With coffee and office exclusive, F (coffee && office) can never be accepted.
  const acceptable = (a: typeof exclusive) => reachable(a.dfa, a.letters).some((r, s) => r && a.verdict[s] === 1);
  assert.ok(!acceptable(exclusive));
  // The same declaration object (as an incremental parse keeps it) in a model without the group.
  const free = ltlAutomaton({ ...model, exclusive: [] } as unknown as Model, decl);
  assert.equal(free.dfa, exclusive.dfa, 'the DFA depends on the text only');
  assert.ok(acceptable(free));
  assert.deepEqual(free.letters, [0, 1, 2, 3]);
  assert.deepEqual(exclusive.letters, [0, 1, 2]);
});
