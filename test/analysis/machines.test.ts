// The reward-machine diagnostics (LANGUAGE.md section 7), through the real pipeline: each code
// where it fires (message, span, related information, quick fix) and a near miss where it must not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis/analyze';
import type { Diagnostic } from '../../server/src/base/diagnostic';
import { applyEdits } from '../../server/src/analysis/edits';

const MACHINE_CODES = new Set([
  'unreachable-state',
  'no-path-to-terminal',
  'transition-from-terminal',
  'nondeterministic-transitions',
  'unsatisfiable-guard',
  'positive-reward-cycle',
]);

function machineDiagnostics(text: string): Diagnostic[] {
  const a = analyze(text);
  return a.diagnostics.filter((d) => MACHINE_CODES.has(d.code));
}

const at = (text: string, d: { span: { start: number; end: number } }): string => text.slice(d.span.start, d.span.end);

function only(text: string, code: string): Diagnostic {
  const ds = machineDiagnostics(text);
  assert.deepEqual(ds.map((d) => d.code), [code], ds.map((d) => d.message).join('\n'));
  return ds[0];
}

function fixed(text: string, d: Diagnostic, fix = 0): string {
  assert.ok(d.fixes && d.fixes[fix], 'a quick fix is offered');
  return applyEdits(text, d.fixes[fix].edits);
}

test('unreachable-state: on the state, with a fix that removes it and its transitions', () => {
  const text = `prop coffee
prop office
machine deliver {
  initial start
  terminal done
  start   -> carying when coffee
  carrying -> done   when office reward 1
}
reward main { deliver }
`;
  const ds = machineDiagnostics(text);
  const d = ds.find((x) => x.code === 'unreachable-state' && at(text, x) === 'carrying')!;
  assert.ok(d, 'fires');
  assert.equal(d.span.start, text.indexOf('carrying'));
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /State 'carrying' of machine 'deliver' is unreachable/);
  assert.match(d.message, /'carying'/, 'points at the similar reachable name');
  assert.equal(
    fixed(text, d),
    `prop coffee
prop office
machine deliver {
  initial start
  terminal done
  start   -> carying when coffee
}
reward main { deliver }
`,
  );
  // `done` is behind `carrying`; `start` and `carying` cannot reach it: the same typo, seen from each state.
  assert.deepEqual(ds.map((x) => [x.code, at(text, x)]), [
    ['no-path-to-terminal', 'start'],
    ['unreachable-state', 'done'],
    ['no-path-to-terminal', 'carying'],
    ['unreachable-state', 'carrying'],
  ]);
});

test('unreachable-state: the fix keeps the other sources of a shared transition and the terminal list', () => {
  const text = `prop a
prop b
exclusive a, b
machine m {
  initial s
  terminal done, lost
  s -> done when a
  s, lost2 -> done when b
  lost2 -> lost when a; s -> s when false
}
reward main { m }
`;
  const ds = machineDiagnostics(text).filter((d) => d.code === 'unreachable-state');
  assert.deepEqual(ds.map((d) => at(text, d)), ['lost', 'lost2']);
  assert.equal(
    fixed(text, ds[1]),
    `prop a
prop b
exclusive a, b
machine m {
  initial s
  terminal done, lost
  s -> done when a
  s -> done when b
  s -> s when false
}
reward main { m }
`,
  );
  assert.equal(
    fixed(text, ds[0]),
    `prop a
prop b
exclusive a, b
machine m {
  initial s
  terminal done
  s -> done when a
  s, lost2 -> done when b
  s -> s when false
}
reward main { m }
`,
  );
});

test('unreachable-state: a state behind a guard that cannot hold, or behind a shadowed transition', () => {
  const text = `prop a
prop b
exclusive a, b
machine m {
  initial s
  s -> t when a && b
  s -> u when a
  s -> v when a
}
reward main { m }
`;
  const ds = machineDiagnostics(text);
  const unreachable = ds.filter((d) => d.code === 'unreachable-state').map((d) => at(text, d));
  assert.deepEqual(unreachable, ['t', 'v']);
});

test('unreachable-state near miss: every state is reached through some label set', () => {
  const text = `prop a
prop b
machine m {
  initial s
  terminal done
  s -> t when a
  t -> done when b
  s -> done when otherwise
}
reward main { m }
`;
  assert.deepEqual(machineDiagnostics(text), []);
});

test('no-path-to-terminal: a reachable dead end, with a fix that declares it terminal', () => {
  const text = `prop coffee
prop plant
prop office
exclusive coffee, plant, office
machine deliver {
  initial start
  terminal done
  start    -> carrying when coffee
  start    -> broken   when plant
  carrying -> done     when office reward 1
}
reward main { deliver }
`;
  const d = only(text, 'no-path-to-terminal');
  assert.equal(at(text, d), 'broken');
  assert.match(d.message, /From state 'broken' of machine 'deliver' no terminal state \(done\) can be reached/);
  assert.equal(fixed(text, d), text.replace('terminal done', 'terminal done, broken'));
});

test('no-path-to-terminal: a loop that never leads out has no mechanical fix', () => {
  const text = `prop a
prop b
prop c
exclusive a, b, c
machine m {
  initial s
  terminal done
  s -> done when a
  s -> x when b
  x -> y when a
  y -> x when b
}
reward main { m }
`;
  const ds = machineDiagnostics(text);
  assert.deepEqual(ds.map((d) => [d.code, at(text, d)]), [['no-path-to-terminal', 'x'], ['no-path-to-terminal', 'y']]);
  assert.equal(ds[0].fixes, undefined);
});

test('no-path-to-terminal near miss: a machine without terminal states never ends, and that is fine', () => {
  const text = `prop a
prop b
exclusive a, b
machine m {
  initial s
  s -> t when a
  t -> s when b reward -1
}
reward main { m }
`;
  assert.deepEqual(machineDiagnostics(text), []);
});

test('transition-from-terminal: on the transition, fix removes it', () => {
  const text = `prop goal
prop start_pad
exclusive goal, start_pad
machine laps {
  initial out
  terminal back
  out  -> back when goal      reward 1
  back -> out  when start_pad
}
reward main { laps }
`;
  const d = only(text, 'transition-from-terminal');
  assert.equal(at(text, d), 'back -> out  when start_pad');
  assert.match(d.message, /'back -> out' leaves a terminal state/);
  assert.equal(fixed(text, d), text.replace('  back -> out  when start_pad\n', ''));
});

test('transition-from-terminal: in a shared statement only the terminal source is flagged and removed', () => {
  const text = `prop a
machine m {
  initial s
  terminal done
  s, done -> done when a
}
reward main { m }
`;
  const d = only(text, 'transition-from-terminal');
  assert.equal(at(text, d), 'done');
  assert.equal(d.span.start, text.indexOf('done ->'));
  assert.equal(fixed(text, d), text.replace('s, done -> done', 's -> done'));
});

test('nondeterministic-transitions: witness label set, the earlier transition as related information', () => {
  const text = `prop coffee
prop plant
machine deliver {
  initial start
  terminal got, broken
  start -> got    when coffee
  start -> broken when plant    reward -1
}
reward main { deliver }
`;
  const d = only(text, 'nondeterministic-transitions');
  assert.equal(at(text, d), 'start -> broken when plant    reward -1');
  assert.match(d.message, /When the labels are \{coffee, plant\}/);
  assert.match(d.message, /'start -> got' \(line 6\)/);
  assert.equal(d.related?.length, 1);
  assert.equal(at(text, d.related![0]), 'start -> got    when coffee');
  assert.equal(fixed(text, d), text.replace('when plant ', 'when plant && !coffee '));
  // The fix writes out what the evaluator does already: the overlap is gone.
  assert.deepEqual(machineDiagnostics(fixed(text, d)), []);
});

test('nondeterministic-transitions: the fix adds the parentheses the precedence needs', () => {
  const text = `prop a
prop b
prop c
machine m {
  initial s
  s -> t when a || b
  s -> u when c || a
}
reward main { m }
`;
  const d = machineDiagnostics(text).find((x) => x.code === 'nondeterministic-transitions')!;
  assert.match(d.message, /\{a\}/);
  assert.equal(fixed(text, d), text.replace('when c || a', 'when (c || a) && !(a || b)'));
});

test('nondeterministic-transitions near misses: otherwise, exclusive props, incompatible comparisons', () => {
  const text = `prop coffee
prop plant
exclusive coffee, plant
signal x: number in [0, 10]
signal room: enum { hall, kitchen }
machine m {
  initial s
  terminal a, b, c
  s -> a when coffee
  s -> b when plant
  s -> c when otherwise
}
machine n {
  initial s
  terminal a, b, c
  s -> a when x < 3
  s -> b when x >= 3 && room == hall
  s -> c when room == kitchen && 3 <= x
}
reward main { m; n }
`;
  assert.deepEqual(machineDiagnostics(text).map((d) => d.code), []);
});

test('nondeterministic-transitions: comparisons that can hold together do overlap', () => {
  const text = `signal x: number in [0, 10]
machine n {
  initial s
  terminal a, b
  s -> a when x <= 3
  s -> b when x >= 3
}
reward main { n }
`;
  const d = only(text, 'nondeterministic-transitions');
  assert.match(d.message, /\{x <= 3, x >= 3\}/);
});

test('unsatisfiable-guard: against an exclusive group, and a contradiction, each says why', () => {
  const text = `prop coffee
prop office
exclusive coffee, office
machine deliver {
  initial start
  terminal done
  start -> done when coffee && office reward 1
  start -> done when coffee && !coffee
}
reward main { deliver }
`;
  const ds = machineDiagnostics(text).filter((d) => d.code === 'unsatisfiable-guard');
  assert.equal(ds.length, 2);
  assert.equal(at(text, ds[0]), 'coffee && office');
  assert.match(ds[0].message, /at most one of coffee, office holds at a step/);
  assert.match(ds[0].message, /'start -> done' is never taken and its reward is never paid/);
  assert.equal(at(text, ds[1]), 'coffee && !coffee');
  assert.match(ds[1].message, /contradicts itself/);
});

test('unsatisfiable-guard: comparisons of one signal against constants', () => {
  const text = `signal x: number in [0, 10]
machine m {
  initial s
  terminal done
  s -> done when x > 5 && x < 2
  s -> done when otherwise
}
reward main { m }
`;
  const d = only(text, 'unsatisfiable-guard');
  assert.equal(at(text, d), 'x > 5 && x < 2');
  assert.match(d.message, /x > 5, x < 2/);
});

test('unsatisfiable-guard near miss: props outside an exclusive group may hold together', () => {
  const text = `prop coffee
prop office
prop mail
exclusive coffee, mail
machine deliver {
  initial start
  terminal done
  start -> done when coffee && office reward 1
}
reward main { deliver }
`;
  assert.deepEqual(machineDiagnostics(text), []);
});

test('positive-reward-cycle: names the cycle from its first transition, others as related information', () => {
  const text = `prop picked
prop dropped
prop binned
exclusive picked, dropped, binned
machine tidy {
  initial empty
  terminal done
  empty   -> holding when picked   reward 1
  holding -> empty   when dropped
  holding -> done    when binned   reward 1
}
reward main { tidy }
`;
  const d = only(text, 'positive-reward-cycle');
  assert.equal(at(text, d), 'empty   -> holding when picked   reward 1');
  assert.match(d.message, /The cycle empty -> holding -> empty of machine 'tidy' pays 1 per round \(1 \+ 0\)/);
  assert.deepEqual(d.related?.map((r) => at(text, r)), ['holding -> empty   when dropped']);
});

test('positive-reward-cycle: a self-loop, and a longer cycle reported from its first written transition', () => {
  const text = `prop a
prop b
prop c
exclusive a, b, c
machine m {
  initial s
  terminal done
  t -> u when b reward 2
  u -> s when c reward -0.5
  s -> t when a
  s -> done when c
}
machine n {
  initial s
  s -> s when a reward 0.25
}
reward main { m; n }
`;
  const ds = machineDiagnostics(text);
  assert.deepEqual(ds.map((d) => d.code), ['positive-reward-cycle', 'positive-reward-cycle']);
  assert.match(ds[0].message, /The cycle t -> u -> s -> t of machine 'm' pays 1.5 per round \(2 \+ -0.5 \+ 0\)/);
  assert.equal(at(text, ds[0]), 't -> u when b reward 2');
  assert.match(ds[1].message, /The cycle s -> s of machine 'n' pays 0.25/);
});

test('positive-reward-cycle near misses: zero-sum and negative cycles, unreachable and never-taken cycles', () => {
  const text = `prop picked
prop dropped
prop binned
exclusive picked, dropped, binned
machine tidy {
  initial empty
  terminal done
  empty   -> holding when picked   reward 0.1
  holding -> empty   when dropped  reward -0.1
  holding -> done    when binned   reward 1
}
machine costly {
  initial s
  s -> s when picked reward -1
}
machine dead {
  initial s
  terminal done
  s -> done when binned
  done -> s when picked reward 5
  s -> s when picked && dropped reward 5
}
reward main { tidy; costly; dead }
`;
  const ds = machineDiagnostics(text);
  assert.deepEqual(ds.map((d) => d.code), ['transition-from-terminal', 'unsatisfiable-guard']);
});

test('positive-reward-cycle: a reward expression counts by its upper bound from the declared ranges', () => {
  const text = `signal x: number in [-1, 0.5]
prop a
prop b
exclusive a, b
machine m {
  initial s
  s -> t when a reward x
  t -> s when b reward -0.25
}
reward main { m }
`;
  const d = only(text, 'positive-reward-cycle');
  assert.match(d.message, /can pay up to 0.25 per round \(at most 0.5 \+ -0.25, from the declared ranges\)/);
});

test('positive-reward-cycle near misses: a reward with no upper bound, or one bounded by 0', () => {
  const unbounded = `signal x: number
prop a
machine m {
  initial s
  s -> s when a reward x
}
reward main { m }
`;
  assert.deepEqual(machineDiagnostics(unbounded), []);
  const nonPositive = `signal x: number in [-1, 0]
prop a
machine m {
  initial s
  s -> s when a reward 2 * x
}
reward main { m }
`;
  assert.deepEqual(machineDiagnostics(nonPositive), []);
});

test('machine shaping whose value iteration does not converge is an error on the shaping item', () => {
  const text = `discount 0.9
prop a
prop b
exclusive a, b
machine m {
  initial s
  terminal done
  s -> t when a reward 1
  t -> s when b
  t -> done when a
}
reward main {
  m
  shaping m discount 1
}
reward converges {
  m
  shaping m
}
`;
  const ds = machineDiagnostics(text);
  const error = ds.find((d) => d.severity === 'error');
  assert.ok(error, ds.map((d) => d.message).join('\n'));
  assert.equal(error.code, 'positive-reward-cycle');
  assert.equal(at(text, error), 'shaping m discount 1');
  assert.match(error.message, /does not converge within 10,000 sweeps/);
  assert.match(error.message, /falls back to 0/);
  // Discount 0.9 converges; the cycle itself is still a warning once.
  assert.deepEqual(ds.map((d) => d.severity).sort(), ['error', 'warning']);
  assert.equal(analyze(text).hasErrors, true);
});

test('machine shaping near miss: a machine without positive cycles converges with discount 1', () => {
  const text = `discount 1
prop a
prop b
exclusive a, b
machine m {
  initial s
  terminal done
  s -> t when a reward 1
  t -> s when b reward -1
  t -> done when a
}
reward main {
  m
  shaping m
}
`;
  assert.deepEqual(machineDiagnostics(text), []);
});

test('the machine analyses never throw on odd machines', () => {
  const texts = [
    'machine m {\n  initial s\n}\nreward main { m }\n',
    'prop a\nmachine m {\n  initial s\n  terminal s\n  s -> s when a reward 1\n}\nreward main { m }\n',
    'prop a\nmachine m {\n  initial s\n  s -> t when otherwise reward 1\n  s -> t when otherwise\n  t -> s when otherwise\n}\nreward main { m }\n',
    'signal x: number\nmachine m {\n  initial s\n  s -> s when (x > 1 ? x < 0 : x == 2) reward 1 / 0\n}\nreward main { m }\n',
  ];
  for (const t of texts) {
    const a = analyze(t);
    assert.equal(a.diagnostics.filter((d) => d.severity === 'error' && !MACHINE_CODES.has(d.code)).length, 0, t);
  }
  const loops = machineDiagnostics(texts[2]);
  assert.deepEqual(loops.map((d) => d.code), ['positive-reward-cycle']);
  assert.match(loops[0].message, /s -> t -> s/);
});
