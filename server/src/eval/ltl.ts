import type { Ltl } from '../automata/ltl';
import type * as A from '../syntax/ast';

/** The formula of an `ltl` declaration over numbered atoms (its props, in order of first use). */
export interface LtlFormula {
  readonly formula: Ltl;
  readonly atoms: readonly string[];
}

/** Maps the syntax tree of a formula onto the automata's formula type. */
export function toLtl(e: A.Expr): LtlFormula {
  const atoms: string[] = [];
  const atom = (name: string): Ltl => {
    let i = atoms.indexOf(name);
    if (i < 0) i = atoms.push(name) - 1;
    return { kind: 'atom', atom: i };
  };
  const go = (x: A.Expr): Ltl => {
    switch (x.kind) {
      case 'bool':
        return { kind: x.value ? 'true' : 'false' };
      case 'name':
        return atom(x.name.text);
      case 'paren':
        return go(x.inner);
      case 'unary':
        return { kind: 'not', f: go(x.operand) };
      case 'binary': {
        const kind = x.op === '&&' ? 'and' : x.op === '||' ? 'or' : x.op === '->' ? 'implies' : x.op === '<->' ? 'iff' : undefined;
        return kind ? { kind, l: go(x.left), r: go(x.right) } : { kind: 'false' };
      }
      case 'temporal':
        if (x.op === 'X') return { kind: 'next', f: go(x.operand) };
        if (x.op === 'WX') return { kind: 'weakNext', f: go(x.operand) };
        return { kind: x.op === 'F' ? 'eventually' : 'always', f: go(x.operand), bound: x.bound };
      case 'temporalBinary':
        return { kind: x.op === 'U' ? 'until' : x.op === 'R' ? 'release' : 'weakUntil', l: go(x.left), r: go(x.right) };
      default:
        return { kind: 'false' };
    }
  };
  return { formula: go(e), atoms };
}
