import type { RecordLayout } from '../../eval/layout';
import type { Model } from '../../names/model';
import type * as A from '../../syntax/ast';
import { FUNCTION_TABLE } from '../../program/functions';
import { pyNumber } from './quote';

// Expressions as Python code, mirroring server/src/eval/expr.ts node for node: the code reads
// the records `s` (state read), `a` (action a_t) and `n` (next state) of the function it sits
// in, every value is a float (bools 0.0/1.0, enum members their index), and every operation
// that raises in Python goes through a helper with JavaScript's result (_div, _mod, _pow, ...).

export interface PyExprContext {
  readonly model: Model;
  readonly layout: RecordLayout;
  /** The Python function of a declaration (called f(s, a, n)), when it has one. */
  readonly functionOf: (name: string) => string | undefined;
  /** Where `prev(NAME)` is read: the runner appends the prev values to the record of s_t
   *  (the `a` of every function that may read prev), from index WIDTH. */
  readonly prevSlot: (name: string) => number | undefined;
}

/** Python code for a function body: statements for hoisted parts, then the value. */
export interface PyCode {
  readonly prelude: readonly string[];
  readonly value: string;
}

// Deeply nested expressions are cut into local variables: CPython's parser refuses about 200
// levels of parentheses. Every helper is total and pure, so evaluating a hoisted part eagerly
// gives the same value as evaluating it in place.
const MAX_NESTING = 12;

interface Piece {
  readonly code: string;
  readonly depth: number;
}

export function pyExpr(e: A.Expr, ctx: PyExprContext): PyCode {
  const prelude: string[] = [];
  const piece = (code: string, parts: readonly Piece[]): Piece => {
    const depth = 1 + Math.max(0, ...parts.map((p) => p.depth));
    if (depth < MAX_NESTING) return { code, depth };
    const name = `_t${prelude.length + 1}`;
    prelude.push(`${name} = ${code}`);
    return { code: name, depth: 1 };
  };
  const leaf = (code: string): Piece => ({ code, depth: 1 });

  const go = (x: A.Expr): Piece => {
    switch (x.kind) {
      case 'number':
        return leaf(pyNumber(x.value));
      case 'bool':
        return leaf(x.value ? '1.0' : '0.0');
      case 'paren':
        return go(x.inner);
      case 'name':
        return leaf(nameCode(x, ctx));
      case 'unary': {
        const v = go(x.operand);
        return piece(x.op === '!' ? `(0.0 if ${v.code} != 0 else 1.0)` : `(-${v.code})`, [v]);
      }
      case 'binary': {
        const l = go(x.left);
        const r = go(x.right);
        return piece(binaryCode(x.op, l.code, r.code), [l, r]);
      }
      case 'conditional': {
        const c = go(x.test);
        const t = go(x.then);
        const o = go(x.else);
        return piece(`(${t.code} if ${c.code} != 0 else ${o.code})`, [c, t, o]);
      }
      case 'call': {
        const args = x.args.map(go);
        return piece(callCode(x.callee.text, args.map((p) => p.code)), args);
      }
      case 'prev': {
        const slot = ctx.prevSlot(x.name.text);
        return leaf(slot === undefined ? '_NAN' : `a[WIDTH + ${slot}]`);
      }
      default:
        return leaf('_NAN');
    }
  };
  const value = go(e).code;
  return { prelude, value };
}

function nameCode(x: Extract<A.Expr, { kind: 'name' }>, ctx: PyExprContext): string {
  const { model, layout } = ctx;
  const target = model.targetOf(x);
  if (target?.kind === 'member') {
    const t = model.declType(target.owner);
    return pyNumber(t.kind === 'enum' ? t.members.indexOf(target.member) : NaN);
  }
  const d = model.declarations.get(x.name.text);
  // `pi` is a constant wherever no declaration is named so (LANGUAGE.md section 13).
  if (!d) return x.name.text === 'pi' && target === undefined ? pyNumber(Math.PI) : '_NAN';
  const i = layout.index.get(x.name.text);
  // A primed state name is the same function read on the next state (LANGUAGE.md section 3);
  // actions and terms ignore the prime, as in the evaluator.
  const primed = x.primed && d.kind !== 'action' && d.kind !== 'term';
  if (d.kind === 'signal' && i !== undefined) return primed ? `n[${i}]` : `s[${i}]`;
  if (d.kind === 'action' && i !== undefined) return `a[${i}]`;
  if (d.kind === 'prop' && !d.body && i !== undefined) return primed ? `n[${i}]` : `s[${i}]`;
  const f = ctx.functionOf(x.name.text);
  if (!f) return '_NAN';
  return primed ? `${f}(n, a, n)` : `${f}(s, a, n)`;
}

function binaryCode(op: A.BinaryOp, l: string, r: string): string {
  const test = (cond: string) => `(1.0 if ${cond} else 0.0)`;
  switch (op) {
    case '+': return `(${l} + ${r})`;
    case '-': return `(${l} - ${r})`;
    case '*': return `(${l} * ${r})`;
    case '/': return `_div(${l}, ${r})`;
    case '%': return `_mod(${l}, ${r})`;
    case '^': return `_pow(${l}, ${r})`;
    case '==': return test(`${l} == ${r}`);
    case '!=': return test(`${l} != ${r}`);
    case '<': return test(`${l} < ${r}`);
    case '<=': return test(`${l} <= ${r}`);
    case '>': return test(`${l} > ${r}`);
    case '>=': return test(`${l} >= ${r}`);
    case '&&': return test(`${l} != 0 and ${r} != 0`);
    case '||': return test(`${l} != 0 or ${r} != 0`);
    case '->': return test(`${l} == 0 or ${r} != 0`);
    case '<->': return test(`(${l} != 0) == (${r} != 0)`);
  }
}

/** A built-in by the function table's Python helper (program/functions.ts: one entry per function). */
function callCode(name: string, args: readonly string[]): string {
  const fn = FUNCTION_TABLE.get(name);
  if (!fn?.scalar || args.length < fn.min || args.length > fn.max) return '_NAN';
  return `${fn.scalar.python}(${args.join(', ')})`;
}
