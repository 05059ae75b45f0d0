// LTLf to minimal DFA, compositionally: each subformula's automaton is built from its operands'
// minimal automata (operators.ts) and minimised again, so intermediate automata stay small
// (the nested `F (a1 && F (a2 && ...))` has one state per nesting level at every stage).
import type { Dfa } from './dfa';
import { type Ltl, ltlProblem } from './ltl';
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

function compile(f: Ltl): Part {
  switch (f.kind) {
    case 'true':
      return constant(true);
    case 'false':
      return constant(false);
    case 'atom':
      return atom(f.atom);
    case 'not':
      return complement(compile(f.f));
    case 'and':
    case 'or':
    case 'implies':
    case 'iff':
      return product(f.kind, compile(f.l), compile(f.r));
    case 'next':
      return next(compile(f.f), false);
    case 'weakNext':
      return next(compile(f.f), true);
    case 'eventually':
      return eventually(compile(f.f), f.bound);
    case 'always':
      // G f = !F !f, and G[a,b] f = !F[a,b] !f by definition.
      return complement(eventually(complement(compile(f.f)), f.bound));
    case 'until':
      return until(compile(f.l), compile(f.r));
    case 'release':
      // l R r = !(!l U !r)
      return complement(until(complement(compile(f.l)), complement(compile(f.r))));
    case 'weakUntil': {
      // l W r = l U r || G l
      const l = compile(f.l);
      return product('or', until(l, compile(f.r)), complement(eventually(complement(l))));
    }
  }
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
