// Test helper: the LTLf semantics written directly (De Giacomo & Vardi 2013) over one finite
// trace, and brute-force facts about DFAs, independent of the code under test.
import type { Dfa } from '../../server/src/automata/dfa';
import type { Ltl } from '../../server/src/automata/ltl';

/** Whether the finite trace (letters are bitmasks over atoms) satisfies f at position 0. */
export function holds(f: Ltl, trace: readonly number[]): boolean {
  return truth(f, trace)[0];
}

/**
 * The truth of f at every position of the trace, each operator written as its quantified
 * definition over positions (no recurrences, no automata), from its operands' truth values.
 */
export function truth(f: Ltl, trace: readonly number[]): boolean[] {
  const n = trace.length;
  // Quantifiers over the positions j of the trace with from <= j <= to.
  const some = (from: number, to: number, p: (j: number) => boolean): boolean => {
    for (let j = from; j <= to && j < n; j++) if (p(j)) return true;
    return false;
  };
  const every = (from: number, to: number, p: (j: number) => boolean): boolean => !some(from, to, (j) => !p(j));
  const each = (p: (i: number) => boolean): boolean[] => {
    const out = new Array<boolean>(n);
    for (let i = 0; i < n; i++) out[i] = p(i);
    return out;
  };
  switch (f.kind) {
    case 'true':
      return each(() => true);
    case 'false':
      return each(() => false);
    case 'atom':
      return each((i) => ((trace[i] >> f.atom) & 1) === 1);
    case 'not': {
      const g = truth(f.f, trace);
      return each((i) => !g[i]);
    }
    case 'next': {
      const g = truth(f.f, trace);
      return each((i) => i + 1 < n && g[i + 1]);
    }
    case 'weakNext': {
      const g = truth(f.f, trace);
      return each((i) => i + 1 >= n || g[i + 1]);
    }
    case 'eventually': {
      const g = truth(f.f, trace);
      const [a, b] = f.bound ?? [0, n];
      return each((i) => some(i + a, i + b, (j) => g[j]));
    }
    case 'always': {
      const g = truth(f.f, trace);
      const [a, b] = f.bound ?? [0, n];
      return each((i) => every(i + a, i + b, (j) => g[j]));
    }
  }
  const l = truth(f.l, trace);
  const r = truth(f.r, trace);
  switch (f.kind) {
    case 'and':
      return each((i) => l[i] && r[i]);
    case 'or':
      return each((i) => l[i] || r[i]);
    case 'implies':
      return each((i) => !l[i] || r[i]);
    case 'iff':
      return each((i) => l[i] === r[i]);
    case 'until':
      return each((i) => some(i, n, (j) => r[j] && every(i, j - 1, (k) => l[k])));
    case 'weakUntil':
      return each((i) => some(i, n, (j) => r[j] && every(i, j - 1, (k) => l[k])) || every(i, n, (j) => l[j]));
    case 'release':
      return each((i) => every(i, n, (j) => r[j] || some(i, j - 1, (k) => l[k])));
  }
}

/** Calls visit(trace, state) for every non-empty trace up to maxLength over `letters`. */
export function forEachTrace(
  d: Dfa,
  letters: readonly number[],
  maxLength: number,
  visit: (trace: readonly number[], state: number) => void,
): void {
  const k = 1 << d.atoms;
  const walk = (trace: number[], state: number): void => {
    if (trace.length === maxLength) return;
    for (const c of letters) {
      const t = d.next[state * k + c];
      trace.push(c);
      visit(trace, t);
      walk(trace, t);
      trace.pop();
    }
  };
  walk([], d.initial);
}

export function allLetters(atoms: number): number[] {
  return Array.from({ length: 1 << atoms }, (_, i) => i);
}

/** The number of Myhill-Nerode classes among the DFA's states, by naive Moore refinement. */
export function distinctStates(d: Dfa): number {
  const k = 1 << d.atoms;
  let cls: number[] = d.accepting.map((a) => (a ? 1 : 0));
  for (;;) {
    const sig = cls.map((c, s) => [c, ...Array.from({ length: k }, (_, x) => cls[d.next[s * k + x]])].join(','));
    const ids = new Map<string, number>();
    const refined = sig.map((x) => {
      if (!ids.has(x)) ids.set(x, ids.size);
      return ids.get(x)!;
    });
    if (new Set(refined).size === new Set(cls).size) return ids.size;
    cls = refined;
  }
}

/** Whether every state is reachable from the initial one. */
export function allReachable(d: Dfa): boolean {
  const k = 1 << d.atoms;
  const seen = new Set([d.initial]);
  const queue = [d.initial];
  while (queue.length > 0) {
    const s = queue.pop()!;
    for (let c = 0; c < k; c++) {
      const t = d.next[s * k + c];
      if (!seen.has(t)) (seen.add(t), queue.push(t));
    }
  }
  return seen.size === d.states;
}

/** Whether the initial state is entered again by some non-empty trace. */
export function initialReentered(d: Dfa): boolean {
  return Array.from(d.next).includes(d.initial);
}
