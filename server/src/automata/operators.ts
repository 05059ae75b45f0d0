// The automaton of each LTLf operator, built from the minimal automata of its operands.
//
// A `Part` is the automaton of one subformula over the atoms it mentions (`vars`), so that inner
// subformulas are tabulated over few letters. Only the acceptance of states reached by at least
// one letter carries meaning here (LTLf has no empty trace); the initial state's own acceptance
// is left to the caller (see compile.ts).
import type { Dfa } from './dfa';
import { explore, type Implicit } from './explore';
import { inclusion } from './inclusion';
import { letterClasses } from './letter-classes';
import { minimize } from './minimize';
import { verdicts } from './verdict';

export interface Part {
  readonly vars: readonly number[]; // sorted atom indices; bit i of a letter is atom vars[i]
  readonly dfa: Dfa;
}

export function constant(value: boolean): Part {
  return { vars: [], dfa: { atoms: 0, states: 1, initial: 0, accepting: [value], next: Int32Array.of(0) } };
}

/** `p` at position 0: state 1 once it held, state 2 once it did not. */
export function atom(p: number): Part {
  const next = Int32Array.of(2, 1, 1, 1, 2, 2);
  return { vars: [p], dfa: { atoms: 1, states: 3, initial: 0, accepting: [false, true, false], next } };
}

export function complement(p: Part): Part {
  return { vars: p.vars, dfa: { ...p.dfa, accepting: p.dfa.accepting.map((a) => !a) } };
}

/** The same automaton over a superset of its atoms (the added atoms are ignored). */
export function align(p: Part, vars: readonly number[]): Part {
  if (sameVars(p.vars, vars)) return p;
  const project = projection(p.vars, vars);
  const k = 1 << vars.length;
  const ks = 1 << p.vars.length;
  const next = new Int32Array(p.dfa.states * k);
  for (let s = 0; s < p.dfa.states; s++) {
    for (let c = 0; c < k; c++) next[s * k + c] = p.dfa.next[s * ks + project[c]];
  }
  return { vars, dfa: { ...p.dfa, atoms: vars.length, next } };
}

export type BoolOp = 'and' | 'or' | 'implies' | 'iff';

const combine: Record<BoolOp, (x: boolean, y: boolean) => boolean> = {
  and: (x, y) => x && y,
  or: (x, y) => x || y,
  implies: (x, y) => !x || y,
  iff: (x, y) => x === y,
};

export function product(op: BoolOp, l: Part, r: Part): Part {
  const vars = unionVars(l.vars, r.vars);
  const a = align(l, vars).dfa;
  const b = align(r, vars).dfa;
  const k = 1 << vars.length;
  const join = combine[op];
  return finish(vars, [a, b], {
    initial: [a.initial, b.initial] as const,
    key: ([x, y]) => x * b.states + y,
    step: ([x, y], c) => [a.next[x * k + c], b.next[y * k + c]] as const,
    accepting: ([x, y]) => join(a.accepting[x], b.accepting[y]),
  });
}

/** `X f` (strong: false at the last position) or `WX f` (weak: true there). */
export function next(p: Part, weak: boolean): Part {
  const d = p.dfa;
  const k = 1 << d.atoms;
  // State 0 is the new start, state 1 a copy of f's start that judges the one-letter trace.
  const table = new Int32Array((d.states + 2) * k);
  for (let c = 0; c < k; c++) {
    table[c] = 1;
    table[k + c] = d.next[d.initial * k + c] + 2;
  }
  for (let i = 0; i < d.states * k; i++) table[2 * k + i] = d.next[i] + 2;
  const accepting = [false, weak, ...d.accepting];
  return { vars: p.vars, dfa: minimize({ atoms: d.atoms, states: d.states + 2, initial: 0, accepting, next: table }) };
}

/** What the constructions need to know about an operand's states. */
interface Operand {
  readonly d: Dfa;
  readonly k: number;
  readonly top: readonly boolean[]; // every continuation accepted
  readonly bottom: readonly boolean[]; // no continuation accepted
  readonly included: (p: number, q: number) => boolean; // language of p within that of q
}

function operand(d: Dfa): Operand {
  const { reps } = letterClasses(d.atoms, [d]);
  const v = verdicts(d, reps);
  return {
    d,
    k: 1 << d.atoms,
    top: v.map((x) => x === 'accept'),
    bottom: v.map((x) => x === 'reject'),
    included: inclusion(d, reps),
  };
}

/** Runs started at several positions of which one must accept: the weakest states, or 'top'. */
function anyRun(o: Operand, states: Iterable<number>): readonly number[] | 'top' {
  const set = new Set<number>();
  for (const s of states) {
    if (o.top[s]) return 'top';
    if (!o.bottom[s]) set.add(s);
  }
  const xs = [...set];
  return xs.filter((x) => !xs.some((y) => y !== x && o.included(x, y))).sort((a, b) => a - b);
}

/** Runs of which all must accept: the strongest states, or undefined when one cannot. */
function allRuns(o: Operand, states: Iterable<number>): readonly number[] | undefined {
  const set = new Set<number>();
  for (const s of states) {
    if (o.bottom[s]) return undefined;
    if (!o.top[s]) set.add(s);
  }
  const xs = [...set];
  return xs.filter((x) => !xs.some((y) => y !== x && o.included(y, x))).sort((a, b) => a - b);
}

function stepAll(o: Operand, states: readonly number[], c: number): number[] {
  return states.map((s) => o.d.next[s * o.k + c]);
}

/** `F f`, or with a bound, `F[lo,hi] f`: some run of f started in the window accepts. */
export function eventually(p: Part, bound?: readonly [number, number]): Part {
  const [lo, hi] = bound ?? [0, Infinity];
  if (lo > hi) return constant(false);
  const o = operand(p.dfa);
  const { d, k } = o;
  // The position counter only matters up to the end of the window.
  const cap = Number.isFinite(hi) ? hi + 1 : lo;
  type S = { readonly pos: number; readonly runs: readonly number[] | 'top' };
  return finish(p.vars, [d], {
    initial: { pos: 0, runs: [] } as S,
    key: (s) => (s.runs === 'top' ? 'top' : `${s.pos}:${s.runs.join(',')}`),
    step: (s, c) => {
      if (s.runs === 'top' || s.pos < 0) return s;
      const moved = stepAll(o, s.runs, c);
      if (s.pos >= lo && s.pos <= hi) moved.push(d.next[d.initial * k + c]);
      const runs = anyRun(o, moved);
      const pos = Math.min(s.pos + 1, cap);
      // Past the window with no run left: never satisfied (one shared dead state).
      if (runs !== 'top' && runs.length === 0 && pos > hi) return { pos: -1, runs };
      return { pos, runs };
    },
    accepting: (s) => s.runs === 'top' || s.runs.some((x) => d.accepting[x]),
  });
}

/**
 * `l U r`: some position j where a run of r accepts, with the runs of l from every earlier
 * position accepting too. A candidate j is kept as (state of r's run, states of the l-runs it
 * still needs); a candidate is dropped when another one is at least as easy to satisfy.
 */
export function until(left: Part, right: Part): Part {
  const vars = unionVars(left.vars, right.vars);
  const ol = operand(align(left, vars).dfa);
  const or = operand(align(right, vars).dfa);
  interface Candidate {
    readonly g: number;
    readonly needs: readonly number[];
  }
  // `all` holds the l-runs from every position so far, 'blocked' once one of them can no longer
  // accept: from then on no new candidate may start.
  type S = 'top' | { readonly all: readonly number[] | 'blocked'; readonly candidates: readonly Candidate[] };
  const key = (s: S): string =>
    s === 'top'
      ? 'top'
      : `${s.all === 'blocked' ? 'x' : s.all.join(',')}|${s.candidates.map((c) => `${c.g}:${c.needs.join(',')}`).join(';')}`;
  const easier = (a: Candidate, b: Candidate): boolean =>
    or.included(b.g, a.g) && a.needs.every((x) => b.needs.some((y) => ol.included(y, x)));
  return finish(vars, [ol.d, or.d], {
    initial: { all: [], candidates: [] } as S,
    key,
    step: (s, c) => {
      if (s === 'top') return s;
      const moved: Candidate[] = [];
      const add = (g: number, needs: readonly number[] | undefined): boolean => {
        if (needs === undefined || or.bottom[g]) return false;
        if (or.top[g] && needs.length === 0) return true;
        moved.push({ g, needs });
        return false;
      };
      for (const cand of s.candidates) {
        if (add(or.d.next[cand.g * or.k + c], allRuns(ol, stepAll(ol, cand.needs, c)))) return 'top';
      }
      let all: readonly number[] | 'blocked' = 'blocked';
      if (s.all !== 'blocked') {
        const before = stepAll(ol, s.all, c);
        if (add(or.d.next[or.d.initial * or.k + c], allRuns(ol, before))) return 'top';
        all = allRuns(ol, [...before, ol.d.next[ol.d.initial * ol.k + c]]) ?? 'blocked';
      }
      const unique = [...new Map(moved.map((m) => [`${m.g}:${m.needs.join(',')}`, m])).values()];
      const kept = unique.filter((m, i) => !unique.some((o, j) => j !== i && easier(o, m) && (j < i || !easier(m, o))));
      kept.sort((a, b) => a.g - b.g || cmp(a.needs, b.needs));
      return { all, candidates: kept };
    },
    accepting: (s) =>
      s === 'top' || s.candidates.some((c) => or.d.accepting[c.g] && c.needs.every((x) => ol.d.accepting[x])),
  });
}

function cmp(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Explores a construction over the letters its operands (all over `vars`) tell apart, and minimises. */
function finish<S>(vars: readonly number[], operands: readonly Dfa[], m: Omit<Implicit<S>, 'atoms' | 'classes'>): Part {
  const atoms = vars.length;
  return { vars, dfa: minimize(explore({ ...m, atoms, classes: letterClasses(atoms, operands) })) };
}

function sameVars(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function unionVars(a: readonly number[], b: readonly number[]): number[] {
  return [...new Set([...a, ...b])].sort((x, y) => x - y);
}

/** For each letter over `to`, the letter over `from` (a subset of `to`) it restricts to. */
function projection(from: readonly number[], to: readonly number[]): Int32Array {
  const bitOf = from.map((v) => to.indexOf(v));
  const out = new Int32Array(1 << to.length);
  for (let c = 0; c < out.length; c++) {
    let x = 0;
    bitOf.forEach((b, i) => {
      if ((c >> b) & 1) x |= 1 << i;
    });
    out[c] = x;
  }
  return out;
}
