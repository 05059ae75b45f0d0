// LTLf to minimal DFA, compositionally: each subformula's automaton is built from its operands'
// minimal automata (operators.ts) and minimised again, so intermediate automata stay small
// (the nested `F (a1 && F (a2 && ...))` has one state per nesting level at every stage).
import type { Dfa } from './dfa';
import { foldLtl, type Ltl, ltlProblem } from './ltl';
import { minimize } from './minimize';
import { align, atom, complement, constant, eventually, next, type Part, product, until } from './operators';

/**
 * The minimal complete DFA over all 2^atoms letters that accepts a non-empty trace exactly when
 * the trace satisfies `f` at position 0 (LTLf). The empty trace is no LTLf trace, so the initial
 * state's acceptance is free: it is chosen to give the fewer states, and false on a tie.
 * Throws a RangeError with a readable message on a malformed formula (see `ltlProblem`) or
 * when an automaton would exceed MAX_CELLS table cells (explore.ts).
 */
export function ltlToDfa(f: Ltl, atoms: number): Dfa {
  const problem = ltlProblem(f, atoms);
  if (problem !== undefined) throw new RangeError(problem);
  const all = Array.from({ length: atoms }, (_, i) => i);
  return smallestWithEmpty(align(compile(f), all).dfa);
}

/** Each subformula's minimal automaton from its operands', bottom-up without recursion (`foldLtl`). */
function compile(root: Ltl): Part {
  return foldLtl<Part>(root, (f, [a, b]) => {
    switch (f.kind) {
      case 'true':
        return constant(true);
      case 'false':
        return constant(false);
      case 'atom':
        return atom(f.atom);
      case 'not':
        return complement(a);
      case 'and':
      case 'or':
      case 'implies':
      case 'iff':
        return product(f.kind, a, b);
      case 'next':
        return next(a, false);
      case 'weakNext':
        return next(a, true);
      case 'eventually':
        return eventually(a, f.bound);
      case 'always':
        // G f = !F !f, and G[a,b] f = !F[a,b] !f by definition.
        return complement(eventually(complement(a), f.bound));
      case 'until':
        return until(a, b);
      case 'release':
        // l R r = !(!l U !r)
        return complement(until(complement(a), complement(b)));
      case 'weakUntil':
        // l W r = l U r || G l
        return product('or', until(a, b), complement(eventually(complement(a))));
    }
  });
}

/** Minimises with the initial state's acceptance set both ways and keeps the smaller. */
function smallestWithEmpty(d: Dfa): Dfa {
  const k = 1 << d.atoms;
  // A fresh initial state, so that its acceptance speaks only for the empty trace.
  const nextTable = new Int32Array((d.states + 1) * k);
  nextTable.set(d.next);
  nextTable.copyWithin(d.states * k, d.initial * k, (d.initial + 1) * k);
  const withEmpty = (empty: boolean): Dfa =>
    minimize({ atoms: d.atoms, states: d.states + 1, initial: d.states, accepting: [...d.accepting, empty], next: nextTable });
  const rejecting = withEmpty(false);
  const accepting = withEmpty(true);
  return accepting.states < rejecting.states ? accepting : rejecting;
}
