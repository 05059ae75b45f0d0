// The shaping recognisers read the lowered program (analysis/potential-form.ts: linear forms per
// instruction, atoms keyed by instruction; analysis/farmable.ts: a piece per instruction). Held
// against the recognisers as they read the syntax tree (tree-oracle/, the oracle): on random
// shaping items, the examples and the specs of the shaping and farmable tests, every auxiliary
// item gets the same potential shape (ratios and potential text), the same literal to fix, and
// the same farmable verdict (the difference as written, its reach, what a round trip earns, the
// potential offered).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { farmable, type Farmable } from '../../server/src/analysis/farmable';
import { itemRole, itemWeight } from '../../server/src/analysis/item-roles';
import { potentialShape, ratioLiteral, sameRatio, type PotentialShape } from '../../server/src/analysis/potential-form';
import { itemExpression } from '../../server/src/analysis/shaping';
import { check } from '../../server/src/names/check';
import type { Model } from '../../server/src/names/model';
import { parse } from '../../server/src/syntax/parse';
import { Rng } from '../export/spec-gen';
import * as T from './tree-oracle/farmable';
import * as P from './tree-oracle/potential-form';

const SPECS = 400;
const BASE = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);

/**
 * The one known difference: a function written twice in an item with different spacing
 * (`abs(x-4)` and `abs(x - 4)`) is one atom on both, named by its first occurrence on the
 * program and by a later one on the tree. Spacing aside, texts are equal.
 */
const unspaced = (t: string | undefined) => t?.replace(/\s+/g, '');
const spaced = (s: PotentialShape | undefined) => s && { parts: s.parts.map((p) => ({ ...p, potential: unspaced(p.potential) })), potentialText: unspaced(s.potentialText) };

/** The farmable verdict as the message and the fix read it (the coefficients in order, by atom text). */
const verdict = (f: Farmable | undefined) =>
  f && {
    text: f.difference.text,
    reach: f.difference.reach,
    best: f.best,
    at: f.at,
    earnsAt: f.earnsAt,
    oneSided: f.oneSided,
    potentialText: unspaced(f.potentialText),
    terms: [...f.difference.linear.coefficients.values()].map(({ atom, c }) => [unspaced(atom.text), atom.primed, atom.previous ?? false, c]),
  };

const literal = (model: Model, e: Parameters<typeof ratioLiteral>[1], shape: PotentialShape | undefined, gamma: number, rl: typeof ratioLiteral) => {
  const wrong = shape?.parts.find((p) => !sameRatio(p.ratio, gamma) && !sameRatio(p.ratio, 1));
  const lit = wrong && rl(model, e, wrong.ratio, gamma);
  return lit && { start: lit.literal.span.start, end: lit.literal.span.end, value: lit.value };
};

/** Every auxiliary item of an error-free spec: program and tree agree. Returns how many shapes and verdicts were found. */
function compare(text: string, what: string): { items: number; shapes: number; farmed: number } {
  const tree = parse(text);
  const { model, diagnostics } = check(tree.file);
  const out = { items: 0, shapes: 0, farmed: 0 };
  // The analyses need a spec the checker accepts (their own errors, shaping's among them, do not count).
  if ([...tree.diagnostics, ...diagnostics].some((d) => d.severity === 'error')) return out;
  for (const reward of model.rewards) {
    for (const item of reward.items) {
      if (itemRole(model, reward, item) !== 'auxiliary') continue;
      const source = itemExpression(model, item);
      if (!source) continue;
      out.items++;
      const w = itemWeight(item);
      const where = `${what}: item '${item.label}'\n${text}`;
      const ours = potentialShape(model, source.expr, w);
      const tree = P.potentialShape(model, source.expr, w);
      assert.deepEqual(spaced(ours), spaced(tree), `potential shape, ${where}`);
      if (ours) out.shapes++;
      for (const gamma of [0.9, 0.99]) {
        assert.deepEqual(literal(model, source.expr, ours, gamma, ratioLiteral), literal(model, source.expr, tree, gamma, P.ratioLiteral), `ratio literal, ${where}`);
      }
      const f = verdict(farmable(model, source.expr, w));
      assert.deepEqual(f, verdict(T.farmable(model, source.expr, w)), `farmable, ${where}`);
      if (f) out.farmed++;
    }
  }
  return out;
}

const HEADER = [
  'discount 0.9',
  'horizon 100',
  'signal x: int in [0, 10] = obs[0]',
  'signal y: number in [-2, 3] = obs[1]',
  'signal far: number = info.far',
  'action push: number in [-1, 1]',
  'def dist = abs(x - 10)',
  'def both = x + 2 * y',
  'def lin = 0.5 * x - y',
  // Not a function an item writes itself: on the program a declaration and an expression that
  // compute the same function are one atom (`potential phi = y`: phi' - phi is y' - y), on the
  // tree they were two (the program's reading is the right one; the oracle cannot follow it).
  'potential phi = 2 * y + 1',
  'prop at_goal = dist == 0',
];

/** A random shaping-like item: differences of state functions on s' and s, weighted, wrapped in what farmable reads. */
function shapingItem(rng: Rng): string {
  const fns = ['x', 'y', 'dist', 'both', 'lin', 'phi', 'abs(x - 4)', 'abs(x-4)', 'max(x, y)', '(x * y)', 'far', 'x + y'];
  const primed = (f: string) => f.replace(/\b(x|y|dist|both|lin|phi|far)\b/g, "$1'");
  const k = () => rng.pick(['', '', '0.9 * ', '0.99 * ', '2 * ', '0.5 * ', '-1 * ']);
  const diff = (): string => {
    const f = rng.pick(fns);
    const later = rng.chance(0.15) ? f : primed(f);
    const parts = rng.chance(0.5) ? [`${k()}${later.includes(' ') ? `(${later})` : later}`, `${k()}${f.includes(' ') ? `(${f})` : f}`] : [`${k()}${f.includes(' ') ? `(${f})` : f}`, `${k()}${later.includes(' ') ? `(${later})` : later}`];
    const prev = rng.chance(0.1) && ['x', 'y', 'dist', 'phi'].includes(f) ? `${f} - prev(${f})` : undefined;
    return prev ?? `${parts[0]} - ${parts[1]}`;
  };
  const expr = (depth: number): string => {
    const d = diff();
    if (depth <= 0 || rng.chance(0.3)) return rng.chance(0.2) ? `${d} + ${diff()}` : d;
    const e = expr(depth - 1);
    switch (rng.int(0, 9)) {
      case 0: return `max(0, ${e})`;
      case 1: return `min(${e}, 0)`;
      case 2: return `clamp(${e}, 0, ${rng.pick(['1', '2', '0.5'])})`;
      case 3: return `abs(${e})`;
      case 4: return `(${e} > 0 ? ${e} : 0)`;
      case 5: return `(${e})^2`;
      case 6: return `${rng.pick(['0.1', '3', '-2'])} * (${e})`;
      case 7: return `-(${e})`;
      case 8: return `(${e}) + ${rng.pick(['1', '-0.01', 'x', 'push'])}`;
      default: return `(${e}) / ${rng.pick(['2', '4'])}`;
    }
  };
  return `${rng.pick(['', '0.1 * ', '2 * ', '-0.5 * '])}(${expr(rng.int(0, 3))})`;
}

function randomSpec(seed: number): string {
  // Consecutive seeds start mulberry32 alike: spread them first.
  const rng = new Rng(Math.imul(seed, 0x9e3779b1) >>> 0);
  const items = Array.from({ length: rng.int(1, 4) }, () => shapingItem(rng));
  const term = rng.chance(0.3) ? [`term t = ${shapingItem(rng)}`] : [];
  const gamma = rng.pick(['discount 0.9', 'discount 0.99', 'discount 1']);
  return [gamma, ...HEADER.slice(1), ...term, 'reward main {', "  task (at_goal' ? 1 : 0)", ...items.map((i) => `  ${i}`), ...(term.length ? ['  0.1 * t'] : []), '}', ''].join('\n');
}

test(`potential shapes and farmable verdicts on the program equal the tree's on ${SPECS} random shaping specs (seed ${BASE})`, () => {
  const total = { items: 0, shapes: 0, farmed: 0 };
  for (let k = 0; k < SPECS; k++) {
    const seed = BASE + k;
    const r = compare(randomSpec(seed), `seed ${seed}`);
    total.items += r.items;
    total.shapes += r.shapes;
    total.farmed += r.farmed;
  }
  // The generator must reach both recognisers, or the comparison says nothing.
  assert.ok(total.items > SPECS, JSON.stringify(total));
  assert.ok(total.shapes > SPECS / 10, JSON.stringify(total));
  assert.ok(total.farmed > SPECS / 20, JSON.stringify(total));
});

/** Every `.reward` file under a folder, and every spec written out in a test file (template lines joined). */
function specs(dir: string): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    if (name.endsWith('.reward')) out.push({ name: join(dir, name), text: readFileSync(join(dir, name), 'utf8') });
  }
  return out;
}

test('potential shapes and farmable verdicts on the program equal the tree\'s on every example', () => {
  let items = 0;
  for (const { name, text } of [...specs('examples'), ...specs('../shared/reward_machines')]) items += compare(text, name).items;
  assert.ok(items > 5, `${items} auxiliary items`);
});

test('potential shapes and farmable verdicts on the program equal the tree\'s on the items of the shaping and farmable tests', () => {
  // The items those tests write, on the header they use.
  const quoted = (file: string) => [...readFileSync(file, 'utf8').matchAll(/\["((?:[^"\\]|\\.)*)",/g)].map((m) => m[1].replace(/\\"/g, '"'));
  let items = 0;
  for (const item of [...quoted('test/analysis/farmable.test.ts'), ...quoted('test/analysis/shaping.test.ts')]) {
    const text = [...HEADER, 'reward main {', "  task (at_goal' ? 1 : 0)", `  ${item}`, '}', ''].join('\n');
    items += compare(text, `item ${item}`).items;
  }
  assert.ok(items > 10, `${items} auxiliary items`);
});
