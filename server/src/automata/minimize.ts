// Minimisation by Hopcroft's partition refinement, then a canonical numbering (breadth-first
// from the initial state, letters in increasing order), so that two minimal DFAs of the same
// language are identical objects field by field.
import type { Dfa } from './dfa';
import { letterClasses } from './letter-classes';

/** The minimal complete DFA of the same language: unreachable states dropped, equivalent states merged. */
export function minimize(d: Dfa): Dfa {
  const k = 1 << d.atoms;
  const live = reachableStates(d);
  const n = live.length;
  const index = new Int32Array(d.states).fill(-1);
  live.forEach((s, i) => (index[s] = i));
  const next = new Int32Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) next[i * k + c] = index[d.next[live[i] * k + c]];
  }
  const accepting = live.map((s) => d.accepting[s]);
  // Refine over one letter per class: equivalent letters split nothing new.
  const { reps } = letterClasses(d.atoms, [{ atoms: d.atoms, states: n, initial: 0, accepting, next }]);
  const kc = reps.length;
  const reduced = new Int32Array(n * kc);
  for (let i = 0; i < n; i++) reps.forEach((c, j) => (reduced[i * kc + j] = next[i * k + c]));
  const blockOf = refine(n, kc, reduced, accepting);
  return renumber(k, d.atoms, index[d.initial], blockOf, next, accepting);
}

function reachableStates(d: Dfa): number[] {
  const k = 1 << d.atoms;
  const seen = new Uint8Array(d.states);
  const order = [d.initial];
  seen[d.initial] = 1;
  for (let i = 0; i < order.length; i++) {
    const base = order[i] * k;
    for (let c = 0; c < k; c++) {
      const t = d.next[base + c];
      if (!seen[t]) {
        seen[t] = 1;
        order.push(t);
      }
    }
  }
  return order;
}

/** Hopcroft's algorithm; returns the block of every state. Blocks are ranges of `elems`. */
function refine(n: number, k: number, next: Int32Array, accepting: readonly boolean[]): Int32Array {
  // Predecessors in compressed rows: preds of (target t, letter c) are predList[predStart[t*k+c] ..].
  const predStart = new Int32Array(n * k + 1);
  for (let i = 0; i < n * k; i++) predStart[next[i] * k + (i % k) + 1]++;
  for (let i = 0; i < n * k; i++) predStart[i + 1] += predStart[i];
  const fill = predStart.slice(0, n * k);
  const predList = new Int32Array(n * k);
  for (let i = 0; i < n * k; i++) predList[fill[next[i] * k + (i % k)]++] = Math.floor(i / k);

  const elems = new Int32Array(n);
  const pos = new Int32Array(n);
  const blockOf = new Int32Array(n);
  const start: number[] = [];
  const end: number[] = [];
  const marked: number[] = [];
  let p = 0;
  for (const acc of [true, false]) {
    const first = p;
    for (let s = 0; s < n; s++) {
      if (accepting[s] === acc) {
        elems[p] = s;
        pos[s] = p;
        blockOf[s] = start.length;
        p++;
      }
    }
    if (p > first) {
      start.push(first);
      end.push(p);
      marked.push(0);
    }
  }
  const inWork: boolean[] = start.map(() => false);
  const work: number[] = [];
  if (start.length === 2) {
    // Refining against one of {accepting, rejecting} suffices: the other is the complement.
    const smaller = end[0] - start[0] <= end[1] - start[1] ? 0 : 1;
    work.push(smaller);
    inWork[smaller] = true;
  }

  const touched: number[] = [];
  while (work.length > 0) {
    const a = work.pop()!;
    inWork[a] = false;
    const splitter = elems.slice(start[a], end[a]);
    for (let c = 0; c < k; c++) {
      for (const t of splitter) {
        for (let j = predStart[t * k + c]; j < predStart[t * k + c + 1]; j++) {
          const s = predList[j];
          const b = blockOf[s];
          const m = start[b] + marked[b];
          if (pos[s] < m) continue; // already marked
          if (marked[b] === 0) touched.push(b);
          // Move s to the marked prefix of its block.
          const other = elems[m];
          elems[m] = s;
          elems[pos[s]] = other;
          pos[other] = pos[s];
          pos[s] = m;
          marked[b]++;
        }
      }
      for (const b of touched) {
        const count = marked[b];
        marked[b] = 0;
        if (count === end[b] - start[b]) continue;
        const nb = start.length;
        start.push(start[b]);
        end.push(start[b] + count);
        marked.push(0);
        start[b] += count;
        for (let i = start[nb]; i < end[nb]; i++) blockOf[elems[i]] = nb;
        if (inWork[b]) {
          inWork.push(true);
          work.push(nb);
        } else {
          const smaller = count <= end[b] - start[b] ? nb : b;
          inWork.push(smaller === nb);
          if (smaller === b) inWork[b] = true;
          work.push(smaller);
        }
      }
      touched.length = 0;
    }
  }
  return blockOf;
}

function renumber(
  k: number,
  atoms: number,
  initial: number,
  blockOf: Int32Array,
  next: Int32Array,
  accepting: readonly boolean[],
): Dfa {
  let blocks = 0;
  for (const b of blockOf) blocks = Math.max(blocks, b + 1);
  const member = new Int32Array(blocks);
  blockOf.forEach((b, s) => (member[b] = s));
  const id = new Int32Array(blocks).fill(-1);
  const order = [blockOf[initial]];
  id[blockOf[initial]] = 0;
  for (let i = 0; i < order.length; i++) {
    const base = member[order[i]] * k;
    for (let c = 0; c < k; c++) {
      const b = blockOf[next[base + c]];
      if (id[b] < 0) {
        id[b] = order.length;
        order.push(b);
      }
    }
  }
  const out = new Int32Array(order.length * k);
  order.forEach((b, i) => {
    const base = member[b] * k;
    for (let c = 0; c < k; c++) out[i * k + c] = id[blockOf[next[base + c]]];
  });
  return {
    atoms,
    states: order.length,
    initial: 0,
    accepting: order.map((b) => accepting[member[b]]),
    next: out,
  };
}
