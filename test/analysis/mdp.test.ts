// The proof that the shaping analysis is right (issue 5, item 8). Small grid-world MDPs are
// built here; the reward of every transition comes from the real evaluator (compileProgram +
// Runner on records built for the cells); value iteration solves them. Potential-based
// shaping (every `shaping` of the examples, and generated ones) leaves the set of optimal
// actions unchanged in every state; the auxiliaries that the analysis flags
// (`not-potential-based`, `living-reward-incentive`) make a task-suboptimal action optimal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { analyze } from '../../server/src/analysis/analyze';
import { compileProgram, type Program } from '../../server/src/eval/program';
import { Runner } from '../../server/src/eval/runner';
import type { Code } from '../../server/src/base/diagnostic';

// ---- worlds ----

type Cell = readonly [number, number];
const key = (c: Cell) => `${c[0]},${c[1]}`;

interface World {
  readonly width: number;
  readonly height: number;
  readonly walls: ReadonlySet<string>;
  /** Cells where a move fails (the agent stays) with this probability. */
  readonly ice?: ReadonlyMap<string, number>;
  /** Probability that a move goes to one of the two perpendicular directions instead (half each). */
  readonly slip?: number;
  readonly start: Cell;
  /** Cells that end the episode (terminated). A task machine reaching a terminal state ends it too. */
  readonly terminal: ReadonlySet<string>;
  /** External labels present on a cell (`labels` of the record of that state). */
  readonly labels?: ReadonlyMap<string, readonly string[]>;
  /** The signals that hold the column and the row. */
  readonly xSignal?: string;
  readonly ySignal?: string;
}

// Action i is member i of `enum { up, down, left, right }`.
const MOVES: readonly Cell[] = [[0, 1], [0, -1], [-1, 0], [1, 0]];
const PERPENDICULAR: readonly (readonly number[])[] = [[2, 3], [2, 3], [0, 1], [0, 1]];

function moveTo(w: World, c: Cell, a: number): Cell {
  const n: Cell = [c[0] + MOVES[a][0], c[1] + MOVES[a][1]];
  return n[0] < 0 || n[1] < 0 || n[0] >= w.width || n[1] >= w.height || w.walls.has(key(n)) ? c : n;
}

function outcomes(w: World, c: Cell, a: number): { p: number; to: Cell }[] {
  const stay = w.ice?.get(key(c)) ?? 0;
  const slip = w.slip ?? 0;
  const out = [{ p: (1 - stay) * (1 - slip), to: moveTo(w, c, a) }];
  for (const b of PERPENDICULAR[a]) out.push({ p: ((1 - stay) * slip) / 2, to: moveTo(w, c, b) });
  out.push({ p: stay, to: c });
  return out.filter((o) => o.p > 0);
}

// ---- the MDP: cells times machine states, rewards from the evaluator ----

interface Edge {
  readonly p: number;
  readonly to: number;
  /** The weighted value of every reward item on this transition. */
  readonly components: readonly number[];
}

interface Mdp {
  readonly program: Program;
  readonly states: readonly string[];
  readonly terminal: readonly boolean[];
  /** edges[s][a]: the outcomes of action a in state s. */
  readonly edges: readonly (readonly (readonly Edge[])[])[];
  readonly start: number;
}

function record(program: Program, w: World, c: Cell, action: number): Float64Array {
  const r = new Float64Array(program.layout.width);
  const set = (name: string | undefined, v: number) => {
    const i = name === undefined ? undefined : program.layout.index.get(name);
    if (i !== undefined) r[i] = v;
  };
  set(w.xSignal ?? 'x', c[0]);
  set(w.ySignal ?? 'y', c[1]);
  set('move', action);
  for (const label of program.layout.labels) set(label, w.labels?.get(key(c))?.includes(label) ? 1 : 0);
  return r;
}

function buildMdp(text: string, w: World, rewardName?: string): Mdp {
  const a = analyze(text);
  assert.equal(a.hasErrors, false, 'the spec must be free of errors');
  const program = compileProgram(a.model, rewardName);
  const runner = new Runner(program);
  const initialMachines = program.machines.map((m) => m.initial);
  const index = new Map<string, number>();
  const states: string[] = [];
  const cells: Cell[] = [];
  const machines: number[][] = [];
  const terminal: boolean[] = [];
  const edges: Edge[][][] = [];
  const intern = (c: Cell, ms: readonly number[], isTerminal: boolean): number => {
    const k = `${key(c)}|${ms.join(',')}`;
    let i = index.get(k);
    if (i === undefined) {
      i = states.push(k) - 1;
      index.set(k, i);
      cells.push(c);
      machines.push([...ms]);
      terminal.push(isTerminal);
      edges.push([]);
    }
    return i;
  };
  const step = (ms: readonly number[], cur: Float64Array, next: Float64Array, end: 'terminated' | null) => {
    runner.reset();
    ms.forEach((u, i) => (runner.machineState[i] = u));
    runner.step(cur, next, end);
    return { components: Array.from(runner.components), machines: Array.from(runner.machineState) };
  };
  const start = intern(w.start, initialMachines, false);
  for (let s = 0; s < states.length; s++) {
    if (terminal[s]) continue;
    for (let act = 0; act < MOVES.length; act++) {
      const cur = record(program, w, cells[s], act);
      edges[s][act] = outcomes(w, cells[s], act).map(({ p, to }) => {
        const next = record(program, w, to, 0);
        const open = step(machines[s], cur, next, null);
        const ends = w.terminal.has(key(to)) || open.machines.some((u, i) => program.machines[i].terminal[u]);
        const result = ends ? step(machines[s], cur, next, 'terminated') : open;
        return { p, to: intern(to, result.machines, ends), components: result.components };
      });
    }
  }
  return { program, states, terminal, edges, start };
}

// ---- value iteration ----

interface Solution {
  readonly V: readonly number[];
  readonly Q: readonly (readonly number[])[];
}

/** Optimal values for the reward made of the items `counts` selects, under the program's gamma. */
function solve(mdp: Mdp, counts: (item: number) => boolean): Solution {
  const gamma = mdp.program.gamma;
  assert.ok(gamma < 1, 'the MDPs are solved as discounted infinite-horizon problems');
  const reward = mdp.edges.map((byAction) => byAction.map((outs) => outs.map((e) => e.components.reduce((s, v, i) => (counts(i) ? s + v : s), 0))));
  let V = new Array<number>(mdp.states.length).fill(0);
  const q = (V: readonly number[], s: number, a: number) =>
    mdp.edges[s][a].reduce((sum, e, k) => sum + e.p * (reward[s][a][k] + (mdp.terminal[e.to] ? 0 : gamma * V[e.to])), 0);
  for (let sweep = 0; sweep < 200_000; sweep++) {
    const next = V.map((_, s) => (mdp.terminal[s] ? 0 : Math.max(...mdp.edges[s].map((_, a) => q(V, s, a)))));
    const delta = Math.max(...next.map((v, s) => Math.abs(v - V[s])));
    V = next;
    if (delta < 1e-13) break;
  }
  return { V, Q: V.map((_, s) => (mdp.terminal[s] ? [] : mdp.edges[s].map((_, a) => q(V, s, a)))) };
}

const TIE = 1e-8;
const optimalActions = (sol: Solution, s: number): number[] => {
  const best = Math.max(...sol.Q[s]);
  return sol.Q[s].flatMap((v, a) => (v >= best - TIE ? [a] : []));
};

/** States whose optimal action sets differ between two solutions. */
function policyDifferences(mdp: Mdp, a: Solution, b: Solution): string[] {
  return mdp.states.flatMap((name, s) => {
    if (mdp.terminal[s]) return [];
    const x = optimalActions(a, s).join();
    const y = optimalActions(b, s).join();
    return x === y ? [] : [`${name}: ${x} vs ${y}`];
  });
}

const itemKinds = (mdp: Mdp) => mdp.program.items.map((i) => i.kind);
const isShaping = (mdp: Mdp) => (i: number) => ['potential', 'machine-shaping'].includes(itemKinds(mdp)[i]);

function assertShapingInvariant(text: string, w: World, rewardName?: string): Mdp {
  const mdp = buildMdp(text, w, rewardName);
  assert.ok(mdp.program.items.some((_, i) => isShaping(mdp)(i)), 'the reward shapes');
  const unshaped = solve(mdp, (i) => !isShaping(mdp)(i));
  const shaped = solve(mdp, () => true);
  assert.deepEqual(policyDifferences(mdp, unshaped, shaped), []);
  return mdp;
}

/** The flagged reward makes an action optimal that is strictly worse for the task alone. */
function assertFlaggedChangesPolicy(mdp: Mdp, taskItems: (i: number) => boolean, at: number = mdp.start): void {
  const task = solve(mdp, taskItems);
  const full = solve(mdp, () => true);
  const chosen = optimalActions(full, at);
  assert.ok(chosen.every((a) => task.Q[at][a] < task.V[at] - 1e-9), `state ${mdp.states[at]}: the full reward picks ${chosen}, task-optimal are ${optimalActions(task, at)}`);
}

const codesOf = (text: string): Code[] => analyze(text).diagnostics.map((d) => d.code);
const example = (name: string) => readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8');

const openGrid = (width: number, height: number, rest: Partial<World> = {}): World => ({
  width, height, walls: new Set(), start: [0, 0], terminal: new Set(), ...rest,
});

// ---- the shaping of the examples is policy-invariant ----

test('gridworld-shaping: shaping phi leaves every optimal action unchanged (open grid, and walls with slips)', () => {
  const text = example('gridworld-shaping.reward');
  assert.ok(!codesOf(text).some((c) => c === 'not-potential-based' || c === 'shaping-discount-mismatch'));
  const goal = new Set(['9,9']);
  const mdp = assertShapingInvariant(text, openGrid(10, 10, { terminal: goal }));
  assert.ok(mdp.states.length >= 100);
  const walls = new Set(['3,0', '3,1', '3,2', '3,3', '3,4', '3,5', '3,6', '6,9', '6,8', '6,7', '6,6', '6,5', '6,4', '6,3']);
  assertShapingInvariant(text, openGrid(10, 10, { terminal: goal, walls, slip: 0.2, ice: new Map([['5,5', 0.5], ['8,8', 0.3]]) }));
});

test('office-coffee: machine shaping (shaping deliver discount 0.9) leaves every optimal action unchanged', () => {
  const text = example('office-coffee.reward');
  const labels = new Map<string, readonly string[]>([
    ['0,4', ['coffee']], ['4,0', ['mail']], ['4,4', ['office']], ['2,2', ['plant']], ['1,3', ['plant']], ['3,1', ['coffee']],
  ]);
  const w = openGrid(5, 5, { labels, start: [0, 0] });
  const mdp = assertShapingInvariant(text, w);
  // The product reaches every machine state, the two terminal ones included.
  const machineStates = new Set(mdp.states.map((s) => s.split('|')[1]));
  assert.ok(machineStates.size >= 5, [...machineStates].join(' '));
  assertShapingInvariant(text, { ...w, slip: 0.3 });
});

// ---- generated shaping ----

const potentialBody = fc.record({
  a: fc.integer({ min: -3, max: 3 }),
  b: fc.integer({ min: -3, max: 3 }),
  c: fc.integer({ min: -2, max: 2 }),
  d: fc.integer({ min: -2, max: 2 }),
}).map(({ a, b, c, d }) => `${a} * abs(x - 4) + ${b} * abs(y - 3) + ${c} * (x - 4) * (y - 3) + ${d} * max(abs(x - 4), abs(y - 3))`);

const world = fc.record({
  walls: fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 3 })), { maxLength: 5 }),
  slip: fc.constantFrom(0, 0.1, 0.4),
  lava: fc.option(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 3 })), { nil: undefined }),
}).map(({ walls, slip, lava }): World => {
  const keep = (c: Cell) => key(c) !== '4,3' && key(c) !== '0,0';
  const lavaCell = lava && keep(lava) ? key(lava) : undefined;
  return {
    width: 5, height: 4, start: [0, 0], slip,
    walls: new Set(walls.filter(keep).map(key).filter((k) => k !== lavaCell)),
    terminal: new Set(['4,3', ...(lavaCell ? [lavaCell] : [])]),
    labels: lavaCell ? new Map([[lavaCell, ['lava']]]) : new Map(),
  };
});

const generated = (gamma: number, items: readonly string[], extra: readonly string[] = []) => [
  `discount ${gamma}`,
  'horizon 100',
  'signal x: int in [0, 4] = obs[0]',
  'signal y: int in [0, 3] = obs[1]',
  'action move: enum { up, down, left, right }',
  'prop lava',
  "prop at_goal = x == 4 && y == 3",
  ...extra,
  'reward main {',
  "  task (at_goal' ? 1 : 0)",
  "  task (lava' ? -1 : 0)",
  ...items.map((i) => `  ${i}`),
  '}',
].join('\n') + '\n';

test('generated: shaping phi is policy-invariant for any potential, world and discount', () => {
  fc.assert(fc.property(potentialBody, world, fc.constantFrom(0.5, 0.9, 0.99), fc.constantFrom('-0.01', '0.02'), (phi, w, gamma, step) => {
    const text = generated(gamma, [step, 'shaping phi'], [`potential phi = ${phi}`]);
    assert.ok(!codesOf(text).some((c) => c === 'not-potential-based' || c === 'shaping-discount-mismatch'));
    assertShapingInvariant(text, w);
  }), { numRuns: 40, seed: 5 });
});

test('generated: a term gamma * f\' - f that the analysis accepts is policy-invariant (f = 0 at the goal, no lava)', () => {
  fc.assert(fc.property(potentialBody, world, fc.constantFrom(0.5, 0.9, 0.99), (f, w, gamma) => {
    const text = generated(gamma, [`task -0.01`, `(${gamma} * f' - f)`], [`def f = ${f}`]);
    const codes = codesOf(text);
    assert.ok(!codes.includes('not-potential-based') && !codes.includes('shaping-discount-mismatch'), codes.join());
    // Without the Grzes terminal convention a term is exact only when f vanishes on every
    // terminal state: keep the goal as the only one.
    const dry: World = { ...w, terminal: new Set(['4,3']), labels: new Map() };
    const mdp = buildMdp(text, dry);
    const termIndex = mdp.program.items.length - 1;
    assert.deepEqual(policyDifferences(mdp, solve(mdp, (i) => i !== termIndex), solve(mdp, () => true)), []);
  }), { numRuns: 30, seed: 11 });
});

test('generated machine shaping is policy-invariant for random machines over labels', () => {
  const machine = fc.record({
    rewards: fc.array(fc.integer({ min: -2, max: 3 }), { minLength: 5, maxLength: 5 }),
    // g = 1 with a paying cycle does not converge: an error of its own (LANGUAGE.md section 6).
    g: fc.constantFrom(0.5, 0.9, 0.99),
  });
  fc.assert(fc.property(machine, world, fc.constantFrom(0.9, 0.99), ({ rewards, g }, w, gamma) => {
    const text = [
      `discount ${gamma}`,
      'signal x: int in [0, 4] = obs[0]',
      'signal y: int in [0, 3] = obs[1]',
      'prop a',
      'prop b',
      'prop lava',
      'machine m {',
      '  initial u0',
      '  terminal done, dead',
      `  u0 -> u1 when a reward ${rewards[0]}`,
      `  u1 -> u0 when b reward ${rewards[1]}`,
      `  u1 -> done when a reward ${rewards[2]}`,
      `  u0, u1 -> dead when lava reward ${rewards[3]}`,
      `  u0 -> done when b reward ${rewards[4]}`,
      '}',
      'reward main {',
      '  m',
      `  shaping m discount ${g}`,
      '}',
    ].join('\n') + '\n';
    const labels = new Map<string, readonly string[]>([...(w.labels ?? new Map()), ['2,0', ['a']], ['0,3', ['b']], ['4,1', ['a']]]);
    assertShapingInvariant(text, { ...w, walls: new Set([...w.walls].filter((c) => !labels.has(c))), labels, terminal: new Set([...w.terminal].filter((c) => c !== '4,3')) });
  }), { numRuns: 25, seed: 3 });
});

// ---- what the analysis flags does change the optimal policy ----

// Two equally long routes from (4, 0) to the goal (4, 4): left through (3, 0) and (3, 1), far
// from the goal, or up through (4, 1) and (4, 2), nearer, where (4, 1) is icy (a move fails with
// probability 0.2). The task alone prefers the sure route; `dist - dist'` adds the penalty
// -(1 - gamma) * 0.1 * dist(s') per step, which pays for the icy route near the goal.
//   y4  . . . . G
//   y3  # # . . #
//   y2  . ~ # . .
//   y1  # . # . ~
//   y0  . # . . S
const detour: World = {
  width: 5, height: 5, start: [4, 0], terminal: new Set(['4,4']),
  walls: new Set(['0,1', '0,3', '1,0', '1,3', '2,1', '2,2', '4,3']),
  ice: new Map([['1,2', 0.2], ['4,1', 0.2]]),
};

test('progress-not-potential (flagged not-potential-based): the progress term changes the optimal action', () => {
  const text = example('progress-not-potential.reward');
  assert.ok(codesOf(text).includes('not-potential-based'));
  const mdp = buildMdp(text, detour);
  assertFlaggedChangesPolicy(mdp, (i) => i === 0);
  // The quick fix's rewrite (potential + shaping) is policy-invariant on the same MDP.
  const d = analyze(text).diagnostics.find((x) => x.code === 'not-potential-based')!;
  const fixed = [...d.fixes![0].edits].sort((a, b) => b.span.start - a.span.start).reduce((t, e) => t.slice(0, e.span.start) + e.newText + t.slice(e.span.end), text);
  assert.ok(!codesOf(fixed).includes('not-potential-based'));
  assertShapingInvariant(fixed, detour);
});

test('the same progress written with the discount (dist - 0.99 * dist\') is not flagged and keeps the policy', () => {
  const text = example('progress-not-potential.reward').replace("term progress = dist - dist'", "term progress = dist - 0.99 * dist'");
  const codes = codesOf(text);
  assert.ok(!codes.includes('not-potential-based') && !codes.includes('shaping-discount-mismatch'), codes.join());
  const mdp = buildMdp(text, detour);
  assert.deepEqual(policyDifferences(mdp, solve(mdp, (i) => i === 0), solve(mdp, () => true)), []);
});

const corridor = (length: number, lava: boolean): World => ({
  width: length, height: 1, start: [2, 0], xSignal: 'pos',
  walls: new Set(), terminal: new Set([`${length - 1},0`, ...(lava ? ['0,0'] : [])]),
});

test('early-exit (flagged living-reward-incentive): the step cost makes walking into the lava optimal', () => {
  const text = example('early-exit.reward');
  assert.ok(codesOf(text).includes('living-reward-incentive'));
  const mdp = buildMdp(text, corridor(131, true));
  assertFlaggedChangesPolicy(mdp, (i) => i === 0);
  // From the start, the full reward walks left (into the lava), the task right.
  const full = solve(mdp, () => true);
  assert.deepEqual(optimalActions(full, mdp.start), [2]);
});

const corridorSpec = (length: number, step: number, lava: boolean) => [
  'discount 0.99',
  'horizon 500',
  `signal pos: int in [0, ${length - 1}] = obs[0]`,
  'prop in_lava = pos == 0',
  `prop at_goal = pos == ${length - 1}`,
  'machine cross {',
  '  initial walking',
  `  terminal arrived${lava ? ', burned' : ''}`,
  '  walking -> arrived when at_goal reward 1',
  ...(lava ? ['  walking -> burned when in_lava'] : []),
  '}',
  'reward main {',
  '  cross',
  `  ${step}`,
  '}',
].join('\n') + '\n';

test('generated corridors: a step cost beyond the break-even is flagged and changes the policy; without lava it is neither', () => {
  fc.assert(fc.property(fc.integer({ min: 12, max: 60 }), fc.double({ min: 1.2, max: 4, noNaN: true }), (length, factor) => {
    // The cost at which failing at once (2 steps) beats the walk to the goal, times `factor`.
    const g = 0.99;
    const sum = (n: number) => (1 - g ** n) / (1 - g);
    const walk = length - 3;
    const cost = Number(((factor * g ** (walk - 1)) / (sum(walk) - sum(2))).toFixed(6));
    const flagged = corridorSpec(length, -cost, true);
    assert.ok(codesOf(flagged).includes('living-reward-incentive'));
    assertFlaggedChangesPolicy(buildMdp(flagged, corridor(length, true)), (i) => i === 0);
    // Success the only way out (MountainCar): the same cost is a minimum-time objective.
    const quiet = corridorSpec(length, -cost, false);
    assert.ok(!codesOf(quiet).includes('living-reward-incentive'));
    const mdp = buildMdp(quiet, corridor(length, false));
    assert.deepEqual(policyDifferences(mdp, solve(mdp, (i) => i === 0), solve(mdp, () => true)), []);
  }), { numRuns: 15, seed: 2 });
});

test('a step bonus above (1 - gamma) * the goal reward is flagged and makes the agent avoid the goal', () => {
  const text = corridorSpec(12, 0.05, false);
  const d = analyze(text).diagnostics.find((x) => x.code === 'living-reward-incentive');
  assert.ok(d);
  const mdp = buildMdp(text, corridor(12, false));
  // Next to the goal, stepping onto it is what the task wants; the bonus says stay away.
  const beside = mdp.states.indexOf('10,0|0');
  assertFlaggedChangesPolicy(mdp, (i) => i === 0, beside);
});
