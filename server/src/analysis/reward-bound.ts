// How much a machine transition can pay in one step, for the farmable-cycle check.
import type { Model } from '../names/model';
import type * as A from '../syntax/ast';
import { foldTree } from '../base/fold';
import { loweredCode } from '../program/lower';
import { walk } from '../syntax/walk';
import { exprBounds } from './bounds';

/**
 * The largest value the transition reward `e` can take (0 when there is none): a constant, or
 * the upper end of its range from the declared ranges of what it reads. Undefined when it is not
 * bounded above (it reads a signal with no range): such a transition is left out of the cycle
 * search, since nothing says that the cycle pays.
 */
export function rewardUpperBound(model: Model, e: A.Expr | undefined): number | undefined {
  if (!e) return 0;
  const v = constantValue(model, e) ?? exprBounds(model, e).hi;
  return Number.isFinite(v) ? v : undefined;
}

/**
 * The value of a reward written as arithmetic over number literals (0 when there is none): its
 * lowered code (program/lower.ts) computed when it is made of constants, `+ - * /` and negation
 * only, and the text names nothing (a def or a member that lowers to a constant is not written
 * as one). Stack-safe: a fold over the instructions (base/fold.ts).
 */
export function constantValue(model: Model, e: A.Expr | undefined): number | undefined {
  if (!e) return 0;
  const { code, nodes } = loweredCode(model);
  const top = nodes.get(e);
  if (top === undefined || namesSomething(e)) return undefined;
  const arithmetic = (i: number): boolean => {
    const ins = code[i];
    return ins.shape === 0 && ((ins.op === 'unary' && ins.fn === '-') || (ins.op === 'binary' && (ins.fn === '+' || ins.fn === '-' || ins.fn === '*' || ins.fn === '/')));
  };
  return foldTree<number, number | undefined>(top, (i) => (arithmetic(i) ? code[i].args : NONE), (i, kids) => {
    const ins = code[i];
    if (ins.op === 'const') return ins.value;
    if (!arithmetic(i) || kids.some((k) => k === undefined)) return undefined;
    const [l, r] = kids as number[];
    if (ins.op !== 'binary') return -l;
    switch (ins.fn) {
      case '+':
        return l + r;
      case '-':
        return l - r;
      case '*':
        return l * r;
      default:
        return r === 0 ? undefined : l / r;
    }
  });
}
const NONE: readonly never[] = [];

function namesSomething(e: A.Expr): boolean {
  let found = false;
  walk(e, (x) => !(found ||= x.kind === 'name' || x.kind === 'prev'));
  return found;
}
