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
  let classOf = new Int32Array(k);
  let count = 1;
  for (const d of ds) {
    for (let s = 0; s < d.states && count < k; s++) {
      const ids = new Map<number, number>();
      const refined = new Int32Array(k);
      const base = s * k;
      for (let c = 0; c < k; c++) {
        const key = classOf[c] * d.states + d.next[base + c];
        let id = ids.get(key);
        if (id === undefined) {
          id = ids.size;
          ids.set(key, id);
        }
        refined[c] = id;
      }
      classOf = refined;
      count = ids.size;
    }
  }
  // Ids are numbered by first occurrence, so class j's smallest letter comes j-th.
  const reps: number[] = [];
  for (let c = 0; c < k; c++) if (classOf[c] === reps.length) reps.push(c);
  return { classOf, reps };
}
