// A formula is as long as any expression (issue #12): `F (g && g && ... && g)` on one line is a
// tree as deep as it has operands. Mapping it onto the automata's type (eval/ltl.ts), compiling
// it (automata/compile.ts) and classifying it (automata/temporal-class.ts) keep their own stacks,
// so its facts are found, not lost to a stack overflow that the analyses would swallow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis/analyze';
import { ltlFacts } from '../../server/src/analysis/classes';
import { ltlToDfa, run } from '../../server/src/automata/dfa';
import { foldLtl, type Ltl } from '../../server/src/automata/ltl';
import { levels } from '../../server/src/automata/temporal-class';
import { compileProgram } from '../../server/src/eval/program';
import { Runner } from '../../server/src/eval/runner';
import { toLtl } from '../../server/src/eval/ltl';

const N = 20_000;
const chain = (n: number, item: string, op: string) => Array.from({ length: n }, () => item).join(` ${op} `);

const SPEC = [
  'signal x: number in [0, 1] = obs[0]',
  'prop g = x > 0.5',
  'prop h',
  `ltl reach = F (${chain(N, 'g', '&&')})   accept 1 reject -1`,
  `ltl safe = G (${chain(N, '(g || h)', '&&')}) || F h`,
  `ltl nested = ${'X ('.repeat(900)}g${')'.repeat(900)}`,
  'reward r {',
  '  reach',
  '  safe',
  '  nested',
  '}',
  '',
].join('\n');

let analysed: ReturnType<typeof analyze> | undefined;
/** Analysed once for both tests: compiling 60,000 operands is the slow part. */
const analysis = () => (analysed ??= analyze(SPEC));

test(`a ${N.toLocaleString('en-US')}-operand formula keeps its facts: class, automaton states, diagnostics`, () => {
  const a = analysis();
  assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error' || d.code === 'internal-error').map((d) => d.message), []);
  assert.deepEqual(ltlFacts(a.model, 'reach'), { states: 2, temporalClass: 'guarantee', hasAcceptingSink: true, valid: false, unsatisfiable: false });
  assert.equal(ltlFacts(a.model, 'safe')?.temporalClass, 'obligation');
  // X^900 g: 900 steps to wait, then one letter decides.
  assert.equal(ltlFacts(a.model, 'nested')?.temporalClass, 'guarantee');
  // Every formula is reported on as a temporal item (the facts were lost before: no diagnostic at all).
  const temporal = a.diagnostics.filter((d) => d.code === 'non-markovian-reward').map((d) => d.message.match(/'(\w+)'/)?.[1]);
  assert.deepEqual(temporal.sort(), ['nested', 'reach', 'safe']);
});

test('the long formula evaluates: accepted on the step where g first holds', () => {
  const a = analysis();
  const runner = new Runner(compileProgram(a.model));
  runner.reset();
  const rec = (x: number) => Float64Array.from([x, 0]);
  runner.step(rec(0), rec(0.2), null);
  assert.equal(runner.ltlVerdict(0), 'pending');
  runner.step(rec(0.2), rec(0.9), null);
  assert.equal(runner.ltlVerdict(0), 'accepted');
  assert.equal(runner.components[0], 1);
});

test('toLtl, ltlToDfa and levels agree with a small formula on a long chain of one atom', () => {
  // a && a && ... && a is a: the same automaton, the same class as the one-atom formula.
  const long = analyze(`prop a\nltl f = F (${chain(N, 'a', '&&')})\nreward r { f }\n`).model.ltls[0];
  const { formula, atoms } = toLtl(long.formula);
  assert.deepEqual(atoms, ['a']);
  const depth = foldLtl<number>(formula, (_f, kids) => 1 + Math.max(0, ...kids));
  assert.equal(depth, N + 1);
  const small: Ltl = { kind: 'eventually', f: { kind: 'atom', atom: 0 } };
  const [d, e] = [ltlToDfa(formula, 1), ltlToDfa(small, 1)];
  assert.equal(d.states, e.states);
  for (const trace of [[0], [1], [0, 0, 1], [0, 0, 0]]) assert.equal(d.accepting[run(d, trace)], e.accepting[run(e, trace)], trace.join(''));
  assert.deepEqual(levels(formula), levels(small));
});
