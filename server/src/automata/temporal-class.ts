// The syntactic classes of Chang, Manna & Pnueli (1992), "Characterization of temporal property
// classes", in the future-only form of Černá & Pelánek (2003): with state formulas at level 0,
//   Σ(i+1) closes Π(i) under && || X F U     (Σ1 guarantee, Σ2 persistence)
//   Π(i+1) closes Σ(i) under && || X G W R   (Π1 safety,    Π2 recurrence)
// and the obligation (reactivity) formulas are the boolean combinations of Σ1 and Π1 (Σ2 and Π2).
// Negation swaps Σ and Π. Levels read the formula as an LTL formula on infinite traces.
import { foldLtl, type Ltl } from './ltl';

/** Smallest i with the formula in Σi, in Πi, and in the boolean closure of Σi ∪ Πi. */
export interface Levels {
  readonly sigma: number;
  readonly pi: number;
  readonly bool: number;
}

/** Bottom-up over the formula without recursion (`foldLtl`): formulas are as long as expressions. */
export function levels(root: Ltl): Levels {
  return foldLtl<Levels>(root, (f, [a, b]) => {
    switch (f.kind) {
      case 'true':
      case 'false':
      case 'atom':
        return { sigma: 0, pi: 0, bool: 0 };
      case 'not':
        return { sigma: a.pi, pi: a.sigma, bool: a.bool };
      case 'and':
      case 'or':
        return join([a, b]);
      case 'implies':
        return join([negate(a), b]);
      case 'iff':
        // l <-> r is (l && r) || (!l && !r): both polarities of both sides.
        return join([a, negate(a), b, negate(b)]);
      case 'next':
      case 'weakNext':
        return stepwise(a);
      case 'eventually':
      case 'always':
        // A bounded F/G is a finite disjunction/conjunction of X^j f.
        if (f.bound !== undefined) return stepwise(a);
        return f.kind === 'eventually' ? sigmaOp([a]) : piOp([a]);
      case 'until':
        return sigmaOp([a, b]);
      case 'release':
      case 'weakUntil':
        return piOp([a, b]);
    }
  });
}

/** X keeps a formula in every class (but no longer a state formula). */
function stepwise(g: Levels): Levels {
  return normal({ sigma: Math.max(1, g.sigma), pi: Math.max(1, g.pi), bool: Math.max(1, g.bool) });
}

function negate(x: Levels): Levels {
  return { sigma: x.pi, pi: x.sigma, bool: x.bool };
}

function join(xs: readonly Levels[]): Levels {
  return normal({
    sigma: Math.max(...xs.map((x) => x.sigma)),
    pi: Math.max(...xs.map((x) => x.pi)),
    bool: Math.max(...xs.map((x) => x.bool)),
  });
}

/** F and U: in Σi when the operands are; only in Π(i+1) then. */
function sigmaOp(xs: readonly Levels[]): Levels {
  const sigma = Math.max(1, ...xs.map((x) => x.sigma));
  return normal({ sigma, pi: sigma + 1, bool: sigma });
}

/** G, W and R: in Πi when the operands are; only in Σ(i+1) then. */
function piOp(xs: readonly Levels[]): Levels {
  const pi = Math.max(1, ...xs.map((x) => x.pi));
  return normal({ sigma: pi + 1, pi, bool: pi });
}

/** Σi and Πi are both within Σ(i+1), Π(i+1) and the boolean closure at level i. */
function normal(x: Levels): Levels {
  const sigma = Math.min(x.sigma, x.pi + 1);
  const pi = Math.min(x.pi, x.sigma + 1);
  return { sigma, pi, bool: Math.min(x.bool, sigma, pi) };
}
