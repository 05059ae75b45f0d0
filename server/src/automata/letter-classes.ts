// Letters that no automaton of interest tells apart. Most formulas mention few of the atoms, so
// the 2^atoms letters fall into few classes and the constructions work on one letter per class.
import type { Dfa } from './dfa';

export interface LetterClasses {
  readonly classOf: Int32Array; // class of every letter
  readonly reps: readonly number[]; // the smallest letter of every class, in increasing order
}

/** The coarsest partition of the 2^atoms letters under which every DFA in `ds` is deterministic. */
export function letterClasses(atoms: number, ds: readonly Dfa[]): LetterClasses {
  const k = 1 << atoms;
  // Two letters are in one class when their columns (the successor of every state) are equal:
  // hash the columns, then compare a letter only with the earlier letters of its hash.
  const hash = new Int32Array(k);
  for (const d of ds) {
    for (let s = 0; s < d.states; s++) {
      const base = s * k;
      for (let c = 0; c < k; c++) hash[c] = Math.imul(hash[c] ^ d.next[base + c], 0x9e3779b1) ^ (hash[c] >>> 15);
    }
  }
  const sameColumn = (x: number, y: number): boolean =>
    ds.every((d) => {
      for (let s = 0; s < d.states; s++) if (d.next[s * k + x] !== d.next[s * k + y]) return false;
      return true;
    });
  const byHash = new Map<number, number[]>();
  const classOf = new Int32Array(k);
  const reps: number[] = [];
  for (let c = 0; c < k; c++) {
    const bucket = byHash.get(hash[c]);
    const rep = bucket?.find((r) => sameColumn(r, c));
    if (rep !== undefined) {
      classOf[c] = classOf[rep];
      continue;
    }
    classOf[c] = reps.length;
    reps.push(c);
    if (bucket === undefined) byHash.set(hash[c], [c]);
    else bucket.push(c);
  }
  return { classOf, reps };
}
