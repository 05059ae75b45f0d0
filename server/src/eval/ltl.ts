import type { Ltl } from '../automata/ltl';
import type * as A from '../syntax/ast';
import { fold, walk } from '../syntax/walk';

/** The formula of an `ltl` declaration over numbered atoms (its props, in order of first use). */
export interface LtlFormula {
  readonly formula: Ltl;
  readonly atoms: readonly string[];
}

const FALSE: Ltl = { kind: 'false' };

/** What a binary operator of a formula means; undefined for arithmetic (no formula: false). */
const connective = (op: A.BinaryOp) => (op === '&&' ? 'and' : op === '||' ? 'or' : op === '->' ? 'implies' : op === '<->' ? 'iff' : undefined);

/** A node whose operands are no part of the formula (it maps to false whatever they are). */
const opaque = (x: A.Expr): boolean =>
  !(x.kind === 'bool' || x.kind === 'name' || x.kind === 'paren' || x.kind === 'unary' || x.kind === 'temporal' || x.kind === 'temporalBinary' || (x.kind === 'binary' && connective(x.op) !== undefined));

/**
 * Maps the syntax tree of a formula onto the automata's formula type, in loops (syntax/walk.ts):
 * a formula may be as long as any expression (`F (g && g && ... && g)`, 100,000 operands).
 */
export function toLtl(e: A.Expr): LtlFormula {
  // Atoms in order of first use, as read left to right; names under a node that is no part
  // of the formula are not atoms.
  const atoms: string[] = [];
  const index = new Map<string, number>();
  walk(e, (x) => {
    if (x.kind === 'name' && !index.has(x.name.text)) index.set(x.name.text, atoms.push(x.name.text) - 1);
    return !opaque(x);
  });
  const formula = fold<Ltl>(e, (x, kids) => {
    switch (x.kind) {
      case 'bool':
        return { kind: x.value ? 'true' : 'false' };
      case 'name':
        // Absent only under an opaque node, whose value is false whatever this is.
        return { kind: 'atom', atom: index.get(x.name.text) ?? 0 };
      case 'paren':
        return kids[0];
      case 'unary':
        return { kind: 'not', f: kids[0] };
      case 'binary': {
        const kind = connective(x.op);
        return kind ? { kind, l: kids[0], r: kids[1] } : FALSE;
      }
      case 'temporal':
        if (x.op === 'X') return { kind: 'next', f: kids[0] };
        if (x.op === 'WX') return { kind: 'weakNext', f: kids[0] };
        return { kind: x.op === 'F' ? 'eventually' : 'always', f: kids[0], bound: x.bound };
      case 'temporalBinary':
        return { kind: x.op === 'U' ? 'until' : x.op === 'R' ? 'release' : 'weakUntil', l: kids[0], r: kids[1] };
      default:
        return FALSE;
    }
  });
  return { formula, atoms };
}
