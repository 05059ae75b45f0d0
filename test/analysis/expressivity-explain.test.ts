// `reward check --explain`: the classes printed after the diagnostics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCheck } from '../../server/src/cli/check';

function check(files: Record<string, string>, ...flags: string[]): { code: number; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rewardsmith-explain-'));
  const paths = Object.entries(files).map(([name, text]) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  });
  let out = '';
  const code = runCheck([...paths, ...flags], (s) => (out += s), () => {});
  return { code, out: out.split(dir + '/').join('') };
}

const SPEC = `signal x: number in [0, 1]
action push: number in [-1, 1]
prop a
prop b
machine m {
  initial s
  terminal done
  s -> t when a
  t -> done when b reward 1
}
ltl f = F (a && F b)
reward main {
  m
  0.1 * x
  -0.01 * (push^2)
}
reward formula { f; (x') }
`;

test('--explain prints each reward and item class after the diagnostics', () => {
  const { code, out } = check({ 'spec.reward': SPEC }, '--explain');
  assert.equal(code, 0);
  const tail = out.slice(out.indexOf('spec.reward: expressivity'));
  assert.equal(
    tail,
    `spec.reward: expressivity
  reward main: finite-state (3 automaton states to track)
    m                 finite-state (machine m, 3 automaton states to track)
    0.1 * x           Markov R(s)
    -0.01 * (push^2)  Markov R(s,a)
  reward formula: finite-state (3 automaton states to track)
    f     finite-state (ltl f, 3 automaton states to track, guarantee)
    (x')  Markov R(s,a,s')
`,
  );
  assert.ok(out.indexOf('non-markovian-reward') < out.indexOf('expressivity'), 'diagnostics come first');
});

test('without --explain nothing about classes is printed; a spec with errors is not classified', () => {
  assert.doesNotMatch(check({ 'spec.reward': SPEC }).out, /expressivity/);
  const { code, out } = check({ 'bad.reward': 'reward main { nothing }\n' }, '--explain');
  assert.equal(code, 1);
  assert.match(out, /bad\.reward: expressivity\n  not classified: the spec has errors\n/);
});
