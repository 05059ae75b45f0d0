// Builds a DFA from an implicit one: states are values, equal when their keys are equal.
// Every construction of the compiler is a determinisation written this way.
import type { Dfa } from './dfa';
import type { LetterClasses } from './letter-classes';

/** Table cells (states x letters) allowed for one automaton before compilation gives up. */
export const MAX_CELLS = 1 << 24;

export interface Implicit<S> {
  readonly atoms: number;
  /** Letters in one class lead to the same successor: `step` is called for `reps` only. */
  readonly classes: LetterClasses;
  readonly initial: S;
  readonly key: (s: S) => string | number;
  readonly step: (s: S, letter: number) => S;
  readonly accepting: (s: S) => boolean;
}

/** The reachable part of `m` as a table. Throws a RangeError when it exceeds MAX_CELLS. */
export function explore<S>(m: Implicit<S>): Dfa {
  const k = 1 << m.atoms;
  const { reps, classOf } = m.classes;
  const ids = new Map<string | number, number>([[m.key(m.initial), 0]]);
  const states: S[] = [m.initial];
  const rows: Int32Array[] = [];
  for (let i = 0; i < states.length; i++) {
    if ((i + 1) * k > MAX_CELLS) {
      throw new RangeError(`the automaton is too large (over ${Math.floor(MAX_CELLS / k)} states over ${m.atoms} atoms)`);
    }
    const row = new Int32Array(reps.length);
    reps.forEach((c, j) => {
      const t = m.step(states[i], c);
      const key = m.key(t);
      let id = ids.get(key);
      if (id === undefined) {
        id = states.length;
        ids.set(key, id);
        states.push(t);
      }
      row[j] = id;
    });
    rows.push(row);
  }
  const next = new Int32Array(states.length * k);
  rows.forEach((row, i) => {
    for (let c = 0; c < k; c++) next[i * k + c] = row[classOf[c]];
  });
  return { atoms: m.atoms, states: states.length, initial: 0, accepting: states.map(m.accepting), next };
}
