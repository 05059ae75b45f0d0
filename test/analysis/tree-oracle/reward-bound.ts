// Transition rewards as arithmetic over literals, as folded on the syntax tree before the fold moved
// onto the lowered program (issue #12): kept only as the oracle of test/analysis/program-constants.test.ts.
import type * as A from '../../../server/src/syntax/ast';
import { fold as walkFold } from '../../../server/src/syntax/walk';

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
