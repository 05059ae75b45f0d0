// Machine guards are read off the lowered program (analysis/guards.ts: the boolean ops of a
// guard's code compose, every other instruction is one atom named by its node). Held against
// the guards as they were read off the syntax tree (tree-oracle/guards.ts): on random specs, the
// examples, the reward_machines files and random guards over comparisons, every machine gets
// the same atoms (key, text, test), the same exclusive groups and the same formula per guard.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { guardTable } from '../../server/src/analysis/guards';
import { check } from '../../server/src/names/check';
import { parse } from '../../server/src/syntax/parse';
import { generateCase, Rng } from '../export/spec-gen';
import * as T from './tree-oracle/guards';

const SPECS = 300;
const BASE = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);

/** Every machine of an error-free spec: program and tree agree. Returns how many guards were compared. */
function compare(text: string, what: string): number {
  const tree = parse(text);
  const { model, diagnostics } = check(tree.file);
  if ([...tree.diagnostics, ...diagnostics].some((d) => d.severity === 'error')) return 0;
  let guards = 0;
  for (const m of model.machines) {
    const gs = m.transitions.flatMap((t) => (t.guard.kind === 'otherwise' ? [] : [t.guard]));
    const ours = guardTable(model, gs);
    const theirs = T.guardTable(model, gs);
    const where = `${what}: machine ${m.name}\n${text}`;
    assert.deepEqual(ours.atoms, theirs.atoms, `atoms, ${where}`);
    assert.deepEqual(ours.exclusive, theirs.exclusive, `exclusive groups, ${where}`);
    for (const g of gs) assert.deepEqual(ours.formulas.get(g), theirs.formulas.get(g), `formula of '${text.slice(g.span.start, g.span.end)}', ${where}`);
    guards += gs.length;
  }
  return guards;
}

/** A machine whose guards mix props, bool signals and defs, comparisons of numbers and members, written every way round. */
function guardSpec(seed: number): string {
  const rng = new Rng(Math.imul(seed, 0x9e3779b1) >>> 0);
  const leaf = (): string => rng.pick([
    'p', 'q', 'near', 'flag', 'true', 'false', 'x > 3', '3 < x', 'x <= -1', '(x) >= (2)', 'x == 0', 'x != 5', '-(2) > x', 'x < pi',
    'room == hall', 'hall == room', 'room != office', '(room == office)', 'y * 2 < x', 'abs(y) > 1', 'x + 1 == y', 'flag == p', 'p != q',
    'x>3', 'x  >  3',
  ]);
  const guard = (d: number): string => {
    if (d <= 0 || rng.chance(0.35)) return leaf();
    switch (rng.int(0, 5)) {
      case 0: return `${guard(d - 1)} && ${guard(d - 1)}`;
      case 1: return `(${guard(d - 1)} || ${guard(d - 1)})`;
      case 2: return `!(${guard(d - 1)})`;
      case 3: return `(${guard(d - 1)} -> ${guard(d - 1)})`;
      case 4: return `(${guard(d - 1)} ? ${guard(d - 1)} : ${guard(d - 1)})`;
      default: return `(${guard(d - 1)} <-> ${guard(d - 1)})`;
    }
  };
  const states = ['a', 'b', 'c', 'done'];
  const lines = Array.from({ length: rng.int(2, 7) }, () => `  ${rng.pick(states.slice(0, 3))} -> ${rng.pick(states)} when ${guard(rng.int(0, 3))} reward 1`);
  return [
    'signal x: number in [-5, 5] = obs[0]',
    'signal y: number = obs[1]',
    'signal room: enum { hall, office, lab } = obs[2]',
    'signal flag: bool = obs[3]',
    'prop p',
    'prop q = x > 1',
    'def near = x < 2',
    ...(rng.chance(0.5) ? ['exclusive p, q'] : []),
    'machine m {', '  initial a', '  terminal done', ...lines, '}',
    'reward r { m }', '',
  ].join('\n');
}

test(`machine guards on the program equal the tree's on ${SPECS} random guard specs and ${SPECS} random specs (seed ${BASE})`, () => {
  let guards = 0;
  for (let k = 0; k < SPECS; k++) {
    guards += compare(guardSpec(BASE + k), `guard seed ${BASE + k}`);
    guards += compare(generateCase(BASE + k).spec, `spec seed ${BASE + k}`);
  }
  assert.ok(guards > 3 * SPECS, `${guards} guards compared`);
});

test('machine guards on the program equal the tree\'s on every example and reward_machines file', () => {
  let guards = 0;
  for (const dir of ['examples', '../shared/reward_machines', 'test/fixtures']) {
    for (const name of readdirSync(dir, { recursive: true }) as string[]) {
      if (name.endsWith('.reward')) guards += compare(readFileSync(join(dir, name), 'utf8'), join(dir, name));
    }
  }
  assert.ok(guards > 10, `${guards} guards compared`);
});
