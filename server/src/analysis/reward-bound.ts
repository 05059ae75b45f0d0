// How much a machine transition can pay in one step, for the farmable-cycle check.
import type { Model } from '../names/model';
import type * as A from '../syntax/ast';
import { fold as walkFold } from '../syntax/walk';
import { exprBounds } from './bounds';

/**
 * The largest value the transition reward `e` can take (0 when there is none): a constant, or
 * the upper end of its range from the declared ranges of what it reads. Undefined when it is not
 * bounded above (it reads a signal with no range): such a transition is left out of the cycle
 * search, since nothing says that the cycle pays.
 */
export function rewardUpperBound(model: Model, e: A.Expr | undefined): number | undefined {
  if (!e) return 0;
  const v = fold(e) ?? exprBounds(model, e).hi;
  return Number.isFinite(v) ? v : undefined;
}

/** The value of a reward written as arithmetic over constants (0 when there is none). */
export function constantValue(e: A.Expr | undefined): number | undefined {
  return e ? fold(e) : 0;
}

/** Arithmetic over number literals, folded without recursion. */
function fold(e: A.Expr): number | undefined {
  return walkFold<number | undefined>(e, (x, kids) => {
    switch (x.kind) {
      case 'number':
        return x.value;
      case 'paren':
        return kids[0];
      case 'unary':
        return x.op === '-' && kids[0] !== undefined ? -kids[0] : undefined;
      case 'binary': {
        const [l, r] = kids;
        if (l === undefined || r === undefined) return undefined;
        switch (x.op) {
          case '+':
            return l + r;
          case '-':
            return l - r;
          case '*':
            return l * r;
          case '/':
            return r === 0 ? undefined : l / r;
          default:
            return undefined;
        }
      }
      default:
        return undefined;
    }
  });
}
