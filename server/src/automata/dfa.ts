// The deterministic automaton shared by the LTLf compiler, the monitor and the exports.

/** A complete DFA whose letters are label sets: bit i of a letter is set when atom i holds. */
export interface Dfa {
  readonly atoms: number; // letters are bitmasks over atoms: 2^atoms letters
  readonly states: number;
  readonly initial: number;
  readonly accepting: readonly boolean[];
  readonly next: Int32Array; // next[state * 2^atoms + letter]
}

export { ltlToDfa } from './compile';
export { minimize } from './minimize';

/** The state reached from `state` by reading `trace` (letters in order). */
export function run(d: Dfa, trace: readonly number[], state: number = d.initial): number {
  const k = 1 << d.atoms;
  let s = state;
  for (const letter of trace) s = d.next[s * k + letter];
  return s;
}
