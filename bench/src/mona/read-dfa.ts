// MONA's printed automaton (`mona -q -u -w`) as the project's Dfa, letters numbered by the
// project's atom indexes. MONA's state 0 reads a dummy first letter (its encoding of position
// -1); the trace starts in the state it leads to, as ltlf2dfa reads it.
import type { Dfa } from '../../../server/src/automata/dfa';
import { minimize } from '../../../server/src/automata/minimize';

/** Parses MONA's output; `names` are the atom names, index = atom number. */
export function readMonaDfa(output: string, names: readonly string[]): Dfa {
  const vars = /DFA for formula with free variables:([^\n]*)/.exec(output)?.[1].trim().split(/\s+/).filter(Boolean) ?? [];
  const accepting = new Set(numbers(/Accepting states:([^\n]*)/.exec(output)?.[1] ?? ''));
  const count = Number(/Automaton has (\d+) state/.exec(output)?.[1]);
  if (!Number.isInteger(count) || count < 1) throw new Error(`cannot read MONA's output:\n${output.slice(0, 400)}`);
  // Bit of each MONA variable in the project's letters.
  const bit = vars.map((v) => {
    const i = names.findIndex((n) => n.toUpperCase() === v);
    if (i < 0) throw new Error(`MONA names a variable ${v} that is not an atom`);
    return i;
  });
  const k = 1 << names.length;
  const next = new Int32Array(count * k).fill(-1);
  for (const m of output.matchAll(/^State (\d+): ([01X]*) -> state (\d+)$/gm)) {
    const from = Number(m[1]);
    const pattern = m[2];
    const to = Number(m[3]);
    for (let letter = 0; letter < k; letter++) {
      let ok = true;
      for (let j = 0; j < pattern.length && ok; j++) {
        const c = pattern[j];
        if (c !== 'X') ok = ((letter >> bit[j]) & 1) === (c === '1' ? 1 : 0);
      }
      if (ok && next[from * k + letter] < 0) next[from * k + letter] = to;
    }
  }
  if (next.includes(-1)) throw new Error('MONA\'s automaton is not complete over the letters');
  const initial = next[0];
  return { atoms: names.length, states: count, initial, accepting: Array.from({ length: count }, (_, s) => accepting.has(s)), next };
}

const numbers = (s: string) => s.trim().split(/\s+/).filter(Boolean).map(Number);

/**
 * The minimal DFA with the initial state's acceptance (the empty trace) chosen to give the
 * fewer states, false on a tie: the convention of the project's ltlToDfa, applied to MONA's DFA
 * so that the two are comparable field by field.
 */
export function smallestWithEmpty(d: Dfa): Dfa {
  const k = 1 << d.atoms;
  const next = new Int32Array((d.states + 1) * k);
  next.set(d.next);
  next.copyWithin(d.states * k, d.initial * k, (d.initial + 1) * k);
  const variant = (empty: boolean) => minimize({ atoms: d.atoms, states: d.states + 1, initial: d.states, accepting: [...d.accepting, empty], next });
  const rejecting = variant(false);
  const accepting = variant(true);
  return accepting.states < rejecting.states ? accepting : rejecting;
}

/** Whether two minimal canonical DFAs are the same automaton (same language). */
export function sameDfa(a: Dfa, b: Dfa): boolean {
  return a.atoms === b.atoms && a.states === b.states && a.initial === b.initial && a.accepting.every((x, i) => x === b.accepting[i]) && a.next.every((x, i) => x === b.next[i]);
}
