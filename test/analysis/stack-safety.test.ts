// Architecture invariant (issue #12): no analysis recurses once per operand. Left-associative
// chains are unbounded (`x + x + ... + x` is a tree as deep as it is long), so every analysis
// must take them in loops. Each spec below is checked at the default stack, then every analysis
// of LANGUAGE.md section 7 runs with only a few hundred frames of stack left: a pass that
// recursed per operand on these 1000-operand chains and 900-deep nestings would overflow there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis/analyze';
import { ANALYSES } from '../../server/src/analysis/registry';
import { itemBounds } from '../../server/src/analysis/bounds';
import { classifyReward } from '../../server/src/analysis/classes';
import { check } from '../../server/src/names/check';
import type { Model } from '../../server/src/names/model';
import { parse } from '../../server/src/syntax/parse';

/**
 * Runs `f` with only `frames` frames of this recursion's stack left: it recurses until the
 * stack overflows, then, unwinding, calls `f` that many frames above the deepest one.
 */
function withLittleStack<T>(frames: number, f: () => T): T {
  let deepest = -1;
  let outcome: { value: T } | { error: unknown } | undefined;
  const eat = (k: number): void => {
    try {
      eat(k + 1);
    } catch {
      if (deepest < 0) deepest = k;
    }
    if (outcome === undefined && deepest - k >= frames) {
      try {
        outcome = { value: f() };
      } catch (error) {
        outcome = { error };
      }
    }
  };
  eat(0);
  if (!outcome) throw new Error('the stack was too small to leave room');
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}

function model(text: string): Model {
  const parsed = parse(text);
  const checked = check(parsed.file);
  const errors = [...parsed.diagnostics, ...checked.diagnostics].filter((d) => d.severity === 'error');
  assert.deepEqual(errors.map((d) => d.message), []);
  return checked.model;
}

const chain = (n: number, item: string, op: string) => Array.from({ length: n }, () => item).join(` ${op} `);
const nest = (n: number, open: string, inner: string, close: string) => open.repeat(n) + inner + close.repeat(n);

const header = [
  'discount 0.99',
  'horizon 20',
  'signal x: number in [0, 1] = obs[0]',
  'signal y: number in [0, 1] = obs[1]',
  'prop g = x > 0.5',
];

const SHAPES: Record<string, string> = {
  'a 1000-term sum in a term, a potential difference of it, and a one-sided function of that': [
    ...header,
    `term t = ${chain(1000, 'x', '+')}`,
    `term u = max(0, ${chain(1000, "x'", '+')} - (${chain(1000, 'x', '+')}))`,
    'reward main {', "  task (g' ? 1 : 0)", '  0.1 * t', '  u', `  (${chain(1000, "y'", '-')})`, '}',
  ].join('\n'),
  'a 1000-factor product and a 1000-term conditional sum': [
    ...header,
    `term p = ${chain(1000, 'x', '*')}`,
    `term c = ${chain(1000, "(x' > x ? 1 : 0)", '+')}`,
    'reward main {', "  task (g' ? 1 : 0)", '  p', '  c', '}',
  ].join('\n'),
  'a 1000-atom guard, prop and formula': [
    ...header,
    'prop h = y < 0.5',
    `prop all = ${chain(1000, 'g', '&&')}`,
    'machine m {', '  initial a', '  terminal b', `  a -> b when ${chain(1000, '(g || h)', '&&')} reward ${chain(1000, '0.001', '+')}`, '  a -> a when !g', '}',
    `ltl f = F (${chain(500, 'g', '&&')})`,
    'reward main {', '  m', '  f', "  0.01 * (all' ? 1 : 0)", '}',
  ].join('\n'),
  'nesting 900 deep: parentheses, unary minus, calls and conditionals': [
    ...header,
    `term n1 = ${nest(900, '(-', 'x', ')')}`,
    `term n2 = ${nest(900, 'abs(', "x' - x", ')')}`,
    `term n3 = ${nest(300, '(g ? ', 'x', ' : 0)')}`,
    `term n4 = ${nest(300, 'max(0, -(', "x' - x", '))')}`,
    'reward main {', "  task (g' ? 1 : 0)", '  n1', '  n2', '  n3', '  n4', '}',
  ].join('\n'),
  'a 10,000-item reward block': [
    ...header,
    "term d = x - x'",
    'reward main {', "  task (g' ? 1 : 0)", ...Array.from({ length: 10_000 }, (_, i) => (i % 2 ? '  0.001 * d' : `  -${(i % 7) + 1}e-4`)), '}',
  ].join('\n'),
};

for (const [name, text] of Object.entries(SHAPES)) {
  test(`stack-safe: ${name}`, () => {
    // Checked at the default stack (the checker is not under test here); each run gets its own
    // model, since the analyses keep what they derive beside the model they read.
    const [reference, tight, views] = [model(text), model(text), model(text)];
    const expected = ANALYSES.flatMap((a) => a(reference)).map((d) => `${d.code}@${d.span.start}`);
    const found = withLittleStack(1200, () => ANALYSES.flatMap((a) => a(tight)).map((d) => `${d.code}@${d.span.start}`));
    assert.deepEqual(found, expected);
    // Hover and `reward check --explain` read the bounds and classes of every item.
    withLittleStack(1200, () => {
      for (const r of views.rewards) {
        itemBounds(views, r);
        classifyReward(views, r);
      }
    });
  });
}

test('stack-safe: issue #12\'s case, a 100,000-term sum on one line, checks at the default stack with its diagnostics', () => {
  const sum = chain(1000, 'x', '+');
  const text = [...header, `term t = ${chain(100_000, 'x', '+')}`, `term u = max(0, ${sum.replace(/x/g, "x'")} - (${sum}))`, 'reward main {', "  task (g' ? 1 : 0)", '  0.1 * t', '  u', '  0 * y', '}', ''].join('\n');
  const a = analyze(text);
  assert.deepEqual(a.diagnostics.filter((d) => d.severity !== 'hint').map((d) => d.code), ['auxiliary-may-dominate', 'farmable-progress']);
  // The message names the difference without printing a thousand terms.
  assert.ok(a.diagnostics.find((d) => d.code === 'farmable-progress')!.message.length < 1500);
});
