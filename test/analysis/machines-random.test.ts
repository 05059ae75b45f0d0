// Random machines over external labels, checked against a brute-force reading of LANGUAGE.md
// section 4 written here independently: every label set is enumerated, guards are evaluated on
// the syntax, the first guard that holds is taken. The analyses must agree on reachability,
// overlaps, dead guards and farmable cycles, and never throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyze } from '../../server/src/analysis/analyze';
import { classifyReward, ltlFacts } from '../../server/src/analysis/classes';
import { expressivityChecks } from '../../server/src/analysis/expressivity';
import { machineChecks } from '../../server/src/analysis/machines';

const PROPS = ['p', 'q', 'r'];
const STATES = ['s0', 's1', 's2', 's3'];

type G = { k: 'prop'; p: string } | { k: 'not'; g: G } | { k: 'and' | 'or'; l: G; r: G } | { k: 'true' | 'false' };
interface T {
  from: string;
  to: string;
  guard: G | 'otherwise';
  reward: number;
}
interface M {
  terminals: string[];
  transitions: T[];
  exclusive: boolean;
}

const guardArb: fc.Arbitrary<G> = fc.letrec<{ g: G }>((tie) => ({
  g: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...PROPS).map((p): G => ({ k: 'prop', p })),
    fc.constantFrom<G>({ k: 'true' }, { k: 'false' }),
    tie('g').map((g): G => ({ k: 'not', g })),
    fc.record({ k: fc.constantFrom<'and' | 'or'>('and', 'or'), l: tie('g'), r: tie('g') }) as fc.Arbitrary<G>,
  ),
})).g;

const machineArb: fc.Arbitrary<M> = fc.record({
  terminals: fc.subarray(STATES.slice(1)),
  transitions: fc.array(
    fc.record({
      from: fc.constantFrom(...STATES),
      to: fc.constantFrom(...STATES),
      guard: fc.oneof({ weight: 6, arbitrary: guardArb }, { weight: 1, arbitrary: fc.constant<'otherwise'>('otherwise') }),
      reward: fc.constantFrom(0, 0, 1, -1, 0.5, -0.5, 2),
    }),
    { minLength: 1, maxLength: 8 },
  ),
  exclusive: fc.boolean(),
});

const guardText = (g: G): string => {
  switch (g.k) {
    case 'prop':
      return g.p;
    case 'true':
    case 'false':
      return g.k;
    case 'not':
      return `!(${guardText(g.g)})`;
    default:
      return `(${guardText(g.l)} ${g.k === 'and' ? '&&' : '||'} ${guardText(g.r)})`;
  }
};

function specText(m: M): string {
  const lines = ['continuing', 'discount 0.9', ...PROPS.map((p) => `prop ${p}`)];
  if (m.exclusive) lines.push('exclusive p, q');
  lines.push('machine m {', '  initial s0');
  if (m.terminals.length) lines.push(`  terminal ${m.terminals.join(', ')}`);
  for (const t of m.transitions) {
    lines.push(`  ${t.from} -> ${t.to} when ${t.guard === 'otherwise' ? 'otherwise' : guardText(t.guard)}${t.reward ? ` reward ${t.reward}` : ''}`);
  }
  lines.push('}', 'ltl f = F (p && X q)', 'reward main { m; f }');
  return lines.join('\n') + '\n';
}

const holds = (g: G, L: ReadonlySet<string>): boolean => {
  switch (g.k) {
    case 'prop':
      return L.has(g.p);
    case 'true':
      return true;
    case 'false':
      return false;
    case 'not':
      return !holds(g.g, L);
    case 'and':
      return holds(g.l, L) && holds(g.r, L);
    case 'or':
      return holds(g.l, L) || holds(g.r, L);
  }
};

function letters(exclusive: boolean): Set<string>[] {
  const out: Set<string>[] = [];
  for (let bits = 0; bits < 1 << PROPS.length; bits++) {
    const L = new Set(PROPS.filter((_, i) => (bits >> i) & 1));
    if (exclusive && L.has('p') && L.has('q')) continue;
    out.push(L);
  }
  return out;
}

/** The transition index taken from `u` on L (section 4), or -1 to stay. */
function taken(m: M, u: string, L: ReadonlySet<string>): number {
  if (m.terminals.includes(u)) return -1;
  const ts = m.transitions.map((t, i) => ({ t, i })).filter((x) => x.t.from === u);
  const hit = ts.find((x) => x.t.guard !== 'otherwise' && holds(x.t.guard, L));
  if (hit) return hit.i;
  return ts.find((x) => x.t.guard === 'otherwise')?.i ?? -1;
}

function brute(m: M) {
  const Ls = letters(m.exclusive);
  const usedTransitions = new Set<number>();
  const reach = new Set(['s0']);
  const queue = ['s0'];
  for (let i = 0; i < queue.length; i++) {
    for (const L of Ls) {
      const k = taken(m, queue[i], L);
      if (k < 0) continue;
      usedTransitions.add(k);
      const to = m.transitions[k].to;
      if (!reach.has(to)) (reach.add(to), queue.push(to));
    }
  }
  const mentioned = new Set(['s0', ...m.terminals, ...m.transitions.flatMap((t) => [t.from, t.to])]);
  const unreachable = [...mentioned].filter((s) => !reach.has(s)).sort();
  // A positive closed walk among reachable non-terminal states, over transitions that are taken.
  const nodes = [...reach].filter((s) => !m.terminals.includes(s));
  const edges = [...usedTransitions].map((k) => m.transitions[k]).filter((t) => nodes.includes(t.from) && nodes.includes(t.to));
  let best = new Map(nodes.map((s) => [s, new Map(nodes.map((v) => [v, s === v ? 0 : -Infinity]))]));
  let positive = false;
  for (let len = 1; len <= nodes.length && !positive; len++) {
    const next = new Map(nodes.map((s) => [s, new Map(nodes.map((v) => [v, -Infinity]))]));
    for (const s of nodes) for (const e of edges) {
      const w = best.get(s)!.get(e.from)! + e.reward;
      if (w > next.get(s)!.get(e.to)!) next.get(s)!.set(e.to, w);
    }
    best = next;
    positive = nodes.some((s) => best.get(s)!.get(s)! > 1e-9);
  }
  // Markov: on every label set, every reachable state emits the same reward.
  const markov = Ls.every((L) => new Set([...reach].map((u) => (taken(m, u, L) < 0 ? 0 : m.transitions[taken(m, u, L)].reward))).size === 1);
  return { unreachable, positive, markov, Ls };
}

test('random machines: the analyses agree with a brute-force reading of the semantics', () => {
  fc.assert(
    fc.property(machineArb, (m) => {
      const text = specText(m);
      const a = analyze(text);
      assert.equal(a.diagnostics.filter((d) => d.severity === 'error' && d.code !== 'positive-reward-cycle').length, 0, text);
      const direct = [...machineChecks(a.model), ...expressivityChecks(a.model)];
      const at = (d: { span: { start: number; end: number } }) => text.slice(d.span.start, d.span.end);
      const { unreachable, positive, markov, Ls } = brute(m);
      assert.deepEqual(direct.filter((d) => d.code === 'unreachable-state').map(at).sort(), unreachable, text);
      assert.equal(direct.some((d) => d.code === 'positive-reward-cycle'), positive, text);
      // Every overlap has a witness label set on which both guards hold, and every pair that
      // can hold together is reported.
      const overlaps = new Set<string>();
      m.transitions.forEach((t2, j) =>
        m.transitions.forEach((t1, i) => {
          if (i >= j || t1.from !== t2.from || m.terminals.includes(t1.from) || t1.guard === 'otherwise' || t2.guard === 'otherwise') return;
          const g1 = t1.guard;
          const g2 = t2.guard;
          if (Ls.some((L) => holds(g1, L) && holds(g2, L))) overlaps.add(`${i}:${j}`);
        }),
      );
      assert.equal(direct.filter((d) => d.code === 'nondeterministic-transitions').length, overlaps.size, text);
      // One statement per transition here, so one diagnostic per dead guard.
      const dead = m.transitions.filter((t) => t.guard !== 'otherwise' && !m.terminals.includes(t.from) && !Ls.some((L) => holds(t.guard as G, L)));
      assert.equal(direct.filter((d) => d.code === 'unsatisfiable-guard').length, dead.length, text);
      assert.equal(direct.some((d) => d.code === 'machine-is-markov'), markov, text);
      assert.equal(direct.some((d) => d.code === 'non-markovian-reward' && at(d) === 'm'), !markov, text);
      assert.equal(classifyReward(a.model, a.model.rewards[0]).items[0].cls === 'finite-state', !markov, text);
      assert.ok(ltlFacts(a.model, 'f'));
    }),
    { numRuns: 200 },
  );
});
