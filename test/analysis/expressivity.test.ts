// The expressivity diagnostics and classes (LANGUAGE.md section 7), through the real pipeline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis/analyze';
import { classifyReward, classText, ltlFacts } from '../../server/src/analysis/classes';
import type { Diagnostic } from '../../server/src/base/diagnostic';

const CODES = new Set(['non-markovian-reward', 'ltl-not-finitary', 'ltl-trivial', 'machine-is-markov']);

function expressivity(text: string): Diagnostic[] {
  return analyze(text).diagnostics.filter((d) => CODES.has(d.code));
}

const at = (text: string, d: Diagnostic): string => text.slice(d.span.start, d.span.end);
const codes = (text: string): string[] => expressivity(text).map((d) => `${d.code}@${at(text, d)}`);

const DELIVER = `prop coffee
prop office
exclusive coffee, office
machine deliver {
  initial start
  terminal done
  start    -> carrying when coffee
  carrying -> done     when office reward 1
}
`;

test('non-markovian-reward: on every item that names a machine, information severity', () => {
  const text = `${DELIVER}reward main {
  deliver
  0.5 * deliver
}
reward sparse { task deliver }
`;
  const ds = expressivity(text);
  assert.deepEqual(ds.map((d) => [d.code, at(text, d)]), [
    ['non-markovian-reward', 'deliver'],
    ['non-markovian-reward', '0.5 * deliver'],
    ['non-markovian-reward', 'task deliver'],
  ]);
  assert.equal(ds[0].severity, 'information');
  assert.match(ds[0].message, /'deliver' is a reward machine: what it pays depends on the history of the episode \(which of its 3 states it is in\)/);
  assert.match(ds[0].message, /machine state as input/);
});

test('non-markovian-reward: on an ltl item, naming its automaton and class', () => {
  const text = `prop a
prop b
ltl seq = F (a && F b)
reward main { seq }
`;
  const [d] = expressivity(text);
  assert.equal(d.code, 'non-markovian-reward');
  assert.equal(at(text, d), 'seq');
  assert.match(d.message, /'seq' is a temporal formula/);
  assert.match(d.message, /3-state automaton, a guarantee property/);
});

test('non-markovian-reward near misses: Markov items, shaping items, and machines that are Markov', () => {
  const text = `discount 0.9
signal x: number in [0, 1]
prop a
term t = x' - x
potential phi = x
machine bonus {
  initial s
  s -> s when a reward 1
}
reward main {
  t
  -0.1
  shaping phi
  bonus
}
`;
  assert.deepEqual(codes(text), ['machine-is-markov@bonus']);
});

test('ltl-not-finitary: G safe and G F goal in a continuing spec, on the declaration', () => {
  const text = `continuing
discount 0.99
prop plant
prop goal
ltl safe = G !plant  accept 1 reject -1
ltl often = G F goal
reward main { safe; often }
`;
  const ds = expressivity(text).filter((d) => d.code === 'ltl-not-finitary');
  assert.deepEqual(ds.map((d) => at(text, d)), ['safe', 'often']);
  assert.equal(ds[0].severity, 'warning');
  assert.match(ds[0].message, /the formula 'safe' can never be accepted/);
  assert.match(ds[0].message, /a safety property/);
  assert.match(ds[1].message, /a recurrence property/);
});

test('ltl-not-finitary near misses: an episodic spec, and a formula with a goal', () => {
  const episodic = `horizon 100
prop plant
ltl safe = G !plant
reward main { safe }
`;
  assert.deepEqual(codes(episodic), ['non-markovian-reward@safe']);
  const goal = `continuing
discount 0.99
prop goal
prop plant
ltl reach = !plant U goal
reward main { reach }
`;
  assert.deepEqual(codes(goal), ['non-markovian-reward@reach']);
});

test('ltl-trivial: unsatisfiable under an exclusive group, and valid', () => {
  const text = `prop coffee
prop office
exclusive coffee, office
ltl deliver = F (coffee && office)
ltl always = G (coffee || !coffee)
reward main { deliver; always }
`;
  const ds = expressivity(text);
  assert.deepEqual(ds.map((d) => [d.code, at(text, d)]), [
    ['ltl-trivial', 'deliver'],
    ['ltl-trivial', 'always'],
  ]);
  assert.match(ds[0].message, /holds on no trace \(it is unsatisfiable\)/);
  assert.match(ds[0].message, /pays 'reject' whatever the agent does/);
  assert.match(ds[1].message, /holds on every trace \(it is valid\)/);
});

test('ltl-trivial near miss: sequencing the exclusive props is satisfiable', () => {
  const text = `prop coffee
prop office
exclusive coffee, office
ltl deliver = F (coffee && F office)
reward main { deliver }
`;
  assert.deepEqual(codes(text), ['non-markovian-reward@deliver']);
});

test('ltl-trivial and ltl-not-finitary: a trivial formula gets only ltl-trivial, even in a continuing spec', () => {
  const text = `continuing
discount 0.9
prop a
ltl never = G (a && !a)
reward main { never }
`;
  assert.deepEqual(codes(text), ['ltl-trivial@never']);
});

test('machine-is-markov: states that pay alike for the same labels, on the machine name', () => {
  const text = `prop a
prop b
exclusive a, b
machine toggle {
  initial s
  s -> t when a reward 1
  t -> s when a reward 1
  s -> s when b reward -1
  t -> t when b reward -1
}
reward main { toggle }
`;
  const ds = expressivity(text);
  assert.deepEqual(ds.map((d) => [d.code, at(text, d)]), [['machine-is-markov', 'toggle']]);
  assert.equal(ds[0].severity, 'hint');
  assert.match(ds[0].message, /pays the same in every state for the same labels/);
});

test('machine-is-markov near misses: a terminal state that stops paying, a state-dependent payment', () => {
  assert.deepEqual(codes(`${DELIVER}reward main { deliver }\n`), ['non-markovian-reward@deliver']);
  const text = `prop a
prop b
exclusive a, b
machine toggle {
  initial s
  s -> t when a reward 1
  t -> s when a reward 2
}
reward main { toggle }
`;
  assert.deepEqual(codes(text), ['non-markovian-reward@toggle']);
  // Pays only in the initial state, but the implicit stay of the other pays 0: not Markov.
  const stay = `prop a
prop b
exclusive a, b
machine m {
  initial s
  s -> t when b
  s -> s when a reward 1
}
reward main { m }
`;
  assert.deepEqual(codes(stay), ['non-markovian-reward@m']);
});

test('classifyReward: each item and the whole reward', () => {
  const text = `discount 0.9
signal x: number in [0, 1]
action push: number in [-1, 1]
prop a
prop b
term progress = x' - x
potential phi = x
${DELIVER}ltl seq = F (a && F b)
reward main {
  -0.01
  x
  0.1 * (push * x)
  progress
  shaping phi
  deliver
  shaping deliver
  seq
}
reward markov { x; (push ^ 2) }
`;
  const a = analyze(text);
  assert.equal(a.hasErrors, false, a.diagnostics.map((d) => d.message).join('\n'));
  const main = classifyReward(a.model, a.model.rewards[0]);
  assert.deepEqual(
    main.items.map((i) => [i.label, i.cls, i.states, i.temporal]),
    [
      ['-0.01', 'constant', undefined, undefined],
      ['x', 'R(s)', undefined, undefined],
      ['0.1 * (push * x)', 'R(s,a)', undefined, undefined],
      ['progress', "R(s,a,s')", undefined, undefined],
      ['shaping phi', "R(s,a,s')", undefined, undefined],
      ['deliver', 'finite-state', 3, undefined],
      ['shaping deliver', 'finite-state', 3, undefined],
      ['seq', 'finite-state', 3, 'guarantee'],
    ],
  );
  assert.equal(main.cls, 'finite-state');
  // deliver (3 states, counted once) times seq (3 states).
  assert.equal(main.states, 9);
  assert.equal(classText(main.items[7]), 'finite-state (ltl seq, 3 automaton states to track, guarantee)');
  const markov = classifyReward(a.model, a.model.rewards[1]);
  assert.equal(markov.cls, 'R(s,a)');
  assert.equal(markov.states, undefined);
  assert.equal(classText(markov), 'Markov R(s,a)');
});

test('classifyReward: a Markov machine takes the class of what its guards read', () => {
  const text = `prop a
machine bonus {
  initial s
  s -> s when a reward 1
}
machine silent {
  initial s
  s -> s when a
}
reward main { bonus }
reward zero { silent }
`;
  const a = analyze(text);
  assert.equal(classifyReward(a.model, a.model.rewards[0]).cls, "R(s,a,s')");
  assert.equal(classifyReward(a.model, a.model.rewards[1]).cls, 'constant');
});

test('ltlFacts: states, temporal class, accepting sink, triviality', () => {
  const text = `prop safe
prop goal
prop a
exclusive safe, a
ltl s = G safe
ltl g = F goal
ltl r = F G goal
ltl t = F (safe && a)
reward main { s; g; r; t }
`;
  const a = analyze(text);
  assert.deepEqual(ltlFacts(a.model, 's'), { states: 2, temporalClass: 'safety', hasAcceptingSink: false, valid: false, unsatisfiable: false });
  assert.deepEqual(ltlFacts(a.model, 'g'), { states: 2, temporalClass: 'guarantee', hasAcceptingSink: true, valid: false, unsatisfiable: false });
  assert.equal(ltlFacts(a.model, 'r')?.temporalClass, 'persistence');
  assert.equal(ltlFacts(a.model, 't')?.unsatisfiable, true);
  assert.equal(ltlFacts(a.model, 'nothing'), undefined);
});
