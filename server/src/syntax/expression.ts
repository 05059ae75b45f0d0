import type { IToken } from 'chevrotain';
import type { Span } from '../base/span';
import type * as A from './ast';
import { describeToken } from './messages';
import { MAX_NESTING } from './layout';

// Reads the tokens of one expression (collected by the parser) into a tree, by precedence
// climbing. Ordinary expressions and temporal formulas share the reader but not the table:
// LANGUAGE.md section 3 for the one, section 5 (Spot / ltlf2dfa precedence) for the other.

export type ExpressionMode = 'expr' | 'ltl';

const EXPR_BINARY: Record<string, [number, 'left' | 'right']> = {
  '<->': [1, 'left'], '->': [2, 'right'], '||': [3, 'left'], '|': [3, 'left'], '&&': [4, 'left'], '&': [4, 'left'],
  '==': [5, 'left'], '!=': [5, 'left'], '<': [6, 'left'], '<=': [6, 'left'], '>': [6, 'left'], '>=': [6, 'left'],
  '+': [7, 'left'], '-': [7, 'left'], '*': [8, 'left'], '/': [8, 'left'], '%': [8, 'left'],
};
const LTL_BINARY: Record<string, [number, 'left' | 'right']> = {
  '<->': [1, 'left'], '->': [2, 'right'], '||': [3, 'left'], '|': [3, 'left'], '&&': [4, 'left'], '&': [4, 'left'],
  U: [5, 'right'], R: [5, 'right'], W: [5, 'right'],
};
const TEMPORAL_PREFIX = new Set(['X', 'WX', 'F', 'G']);
const normalise = (op: string) => (op === '|' ? '||' : op === '&' ? '&&' : op);

class Stop extends Error {}

const span = (t: IToken): Span => ({ start: t.startOffset, end: t.startOffset + t.image.length });
const cover = (a: Span, b: Span): Span => ({ start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) });

/** Reads `tokens` as one expression. The first problem is reported and ends the reading:
 *  what was read so far is kept, the rest becomes an `error` node. */
export function readExpression(
  tokens: readonly IToken[],
  from: number,
  to: number,
  mode: ExpressionMode,
  fallback: Span,
  report: (span: Span, message: string) => void,
  context?: 'item',
): A.Expr {
  let i = from;
  let depth = 0;
  let parens = 0;
  const binary = mode === 'ltl' ? LTL_BINARY : EXPR_BINARY;
  const peek = (): IToken | undefined => (i < to ? tokens[i] : undefined);
  const is = (image: string) => i < to && tokens[i].image === image;
  const typeIs = (name: string) => i < to && tokens[i].tokenType.name === name;
  const end = () => (i > from ? tokens[i - 1].startOffset + tokens[i - 1].image.length : fallback.start);
  const fail = (expected: string): never => {
    const t = peek();
    report(t ? span(t) : { start: end(), end: end() + 1 }, `Expected ${expected} but found ${t ? describeToken(t) : 'end of line'}.`);
    throw new Stop();
  };
  const expect = (image: string, what: string) => {
    if (!is(image)) fail(what);
    return tokens[i++];
  };
  // Nesting is bounded so that every pass over the tree (all recursive) stays far from the
  // stack's end: parentheses and calls at MAX_NESTING, as the contract says; all nesting
  // together (parentheses, right-associative chains, prefix runs, conditional branches) at
  // twice that.
  const tooDeep = (): never => {
    const t = peek() ?? tokens[to - 1];
    report(t ? span(t) : fallback, `Nesting deeper than ${MAX_NESTING} levels: simplify this expression.`);
    throw new Stop();
  };
  // Written without closures: every frame counts when a thousand levels recurse.
  const open = (levels: number, parenthesis: boolean) => {
    depth += levels;
    if (parenthesis) parens++;
    if (depth > 2 * MAX_NESTING || parens > MAX_NESTING) tooDeep();
  };
  const close = (levels: number, parenthesis: boolean) => {
    depth -= levels;
    if (parenthesis) parens--;
  };
  const nested = (): A.Expr => {
    open(1, false);
    try {
      return conditional();
    } finally {
      close(1, false);
    }
  };

  /** `first`: an operand already read (see parenthesised), from which the expression goes on. */
  const conditional = (first?: A.Expr): A.Expr => {
    {
      const ifTok = peek();
      if (!first && ifTok && typeIs('If')) {
        i++;
        if (mode === 'ltl') fail("a temporal formula ('if' is not a temporal operator)");
        const test = nested();
        expect('then', "'then'");
        const then = nested();
        expect('else', "'else'");
        const other = nested();
        return { kind: 'conditional', form: 'if', test, then, else: other, span: cover(span(ifTok), other.span) };
      }
      const test = climb(0, first);
      if (!is('?')) return test;
      if (mode === 'ltl') fail("a temporal operator ('? :' is not one)");
      i++;
      const then = nested();
      expect(':', "':'");
      const other = nested();
      return { kind: 'conditional', form: '?', test, then, else: other, span: cover(test.span, other.span) };
    }
  };

  const operator = (): [string, number, 'left' | 'right'] | undefined => {
    const t = peek();
    if (!t) return undefined;
    const isOp = mode === 'ltl' ? t.tokenType.name !== 'Identifier' || /^[URW]$/.test(t.image) : t.tokenType.name !== 'Identifier';
    const entry = isOp ? binary[t.image] : undefined;
    return entry ? [t.image, entry[0], entry[1]] : undefined;
  };

  const climb = (minPrecedence: number, first?: A.Expr): A.Expr => {
    {
      let left = first ?? unary();
      for (let op = operator(); op && op[1] >= minPrecedence; op = operator()) {
        const opTok = tokens[i++];
        // A left-associative operand recurses at most once per precedence level; a
        // right-associative chain recurses once per operator, and counts as nesting.
        let right: A.Expr;
        if (op[2] === 'right') {
          open(1, false);
          try {
            right = climb(op[1]);
          } finally {
            close(1, false);
          }
        } else right = climb(op[1] + 1);
        const name = normalise(op[0]);
        left = name === 'U' || name === 'R' || name === 'W'
          ? { kind: 'temporalBinary', op: name, left, right, span: cover(left.span, right.span), opSpan: span(opTok) }
          : { kind: 'binary', op: name as A.BinaryOp, left, right, span: cover(left.span, right.span), opSpan: span(opTok) };
      }
      return left;
    }
  };

  /** Prefix operators are gathered in a loop (a long run of `!` or `-` costs no stack). */
  const unary = (): A.Expr => {
    const prefixes: { tok: IToken; op: string; bound?: readonly [number, number] }[] = [];
    for (;;) {
      const t = peek();
      if (!t) break;
      if (t.image === '!' || (mode === 'expr' && t.image === '-')) {
        prefixes.push({ tok: t, op: t.image });
        i++;
      } else if (mode === 'ltl' && t.tokenType.name === 'Identifier' && TEMPORAL_PREFIX.has(t.image)) {
        i++;
        let bound: readonly [number, number] | undefined;
        if ((t.image === 'F' || t.image === 'G') && is('[')) bound = readBound();
        prefixes.push({ tok: t, op: t.image, bound });
      } else break;
    }
    if (prefixes.length === 0) return mode === 'expr' ? powerTail(primary()) : atom();
    open(prefixes.length, false);
    let acc: A.Expr;
    try {
      acc = mode === 'expr' ? powerTail(primary()) : atom();
    } finally {
      close(prefixes.length, false);
    }
    for (let k = prefixes.length - 1; k >= 0; k--) {
      const { tok, op, bound } = prefixes[k];
      const s = { start: tok.startOffset, end: acc.span.end };
      acc = op === '!' || op === '-'
        ? { kind: 'unary', op, operand: acc, span: s }
        : { kind: 'temporal', op: op as A.TemporalOp, bound, operand: acc, span: s, opSpan: span(tok) };
    }
    return acc;
  };

  const readBound = (): readonly [number, number] => {
    const open = tokens[i++];
    const lo = peek();
    if (!lo || lo.tokenType.name !== 'NumberLit') fail('a whole number of steps');
    i++;
    expect(',', "','");
    const hi = peek();
    if (!hi || hi.tokenType.name !== 'NumberLit') fail('a whole number of steps');
    i++;
    const close = expect(']', "']'");
    const bound: [number, number] = [Number(lo!.image), Number(hi!.image)];
    if (!Number.isInteger(bound[0]) || !Number.isInteger(bound[1]) || bound[0] > bound[1]) {
      report(cover(span(open), span(close)), `The bound [${lo!.image}, ${hi!.image}] must be two whole numbers a <= b (steps from the current one).`);
    }
    return bound;
  };

  /** `^` binds tighter than prefix operators (`-x^2` is `-(x^2)`) and its right side may carry its own (`2^-1`). */
  const powerTail = (base: A.Expr): A.Expr => {
    if (!is('^')) return base;
    const opTok = tokens[i++];
    open(1, false);
    let exponent: A.Expr;
    try {
      exponent = unary();
    } finally {
      close(1, false);
    }
    return { kind: 'binary', op: '^', left: base, right: exponent, span: cover(base.span, exponent.span), opSpan: span(opTok) };
  };

  /**
   * `[i]` and `[a:b:s]` after an operand (LANGUAGE.md section 10), in a loop: `v[0]`, `q'[2]`,
   * `(u - v)[0:2]`, `f(x)[1]`. A prime after the bracket is refused: it belongs to the name.
   */
  const postfix = (target: A.Expr): A.Expr => {
    let e = target;
    while (is('[')) {
      const openTok = tokens[i++];
      // Up to three parts, each an optionally signed whole-number literal or nothing.
      const parts: ({ sign?: IToken; num: IToken } | undefined)[] = [];
      let colons = 0;
      for (;;) {
        const t = peek();
        const signed = t !== undefined && (t.image === '-' || t.image === '+') && i + 1 < to && tokens[i + 1].tokenType.name === 'NumberLit';
        if (signed) {
          parts.push({ sign: t, num: tokens[i + 1] });
          i += 2;
        } else if (t && t.tokenType.name === 'NumberLit') {
          parts.push({ num: t });
          i++;
        } else parts.push(undefined);
        if (colons < 2 && is(':')) {
          colons++;
          i++;
          continue;
        }
        break;
      }
      if (!is(']') || (colons === 0 && parts[0] === undefined)) {
        fail(colons === 0 && parts[0] === undefined
          ? 'an element index, a whole number such as 0 (or a slice a:b or a:b:s)'
          : colons === 0 ? "']' (an index is one whole number: v[2])" : "']' (a slice is a:b or a:b:s, each a whole number)");
      }
      const closeTok = tokens[i++];
      const bracketSpan = cover(span(openTok), span(closeTok));
      const value = (p: { sign?: IToken; num: IToken }) => Number(p.num.image) * (p.sign?.image === '-' ? -1 : 1);
      if (colons === 0) {
        const p = parts[0]!;
        const indexSpan = cover(span(p.sign ?? p.num), span(p.num));
        e = { kind: 'index', target: e, index: value(p), indexText: (p.sign?.image ?? '') + p.num.image, indexSpan, span: cover(e.span, span(closeTok)) };
      } else {
        const num = (k: number) => (parts[k] ? value(parts[k]!) : undefined);
        const bounds: A.SliceBounds = { start: num(0), end: num(1), step: colons === 2 ? num(2) : undefined, span: bracketSpan };
        e = { kind: 'slice', target: e, bounds, span: cover(e.span, span(closeTok)) };
      }
      if (is("'")) {
        const what = e.kind === 'index' ? 'element' : 'slice';
        const name = target.kind === 'name' && !target.primed ? target.name.text : undefined;
        report(span(tokens[i]), name
          ? `A prime goes on the name, before the ${what}: write ${name}'${'['}...] for the ${what} in the next state.`
          : `A prime goes on a name, not on an ${what}: prime the names inside (q'[2], not q[2]').`);
        throw new Stop();
      }
    }
    return e;
  };

  /** `[e1, e2, ...]`: a vector literal (LANGUAGE.md section 10). */
  const vectorLiteral = (): A.Expr => {
    const openTok = tokens[i++];
    open(1, true);
    try {
      const elements: A.Expr[] = [];
      if (is(']')) fail('an element (a vector literal has at least one: [0.5, 0, 0.2])');
      elements.push(conditional());
      while (is(',')) {
        i++;
        elements.push(conditional());
      }
      const closeTok = expect(']', "',' or ']'");
      return { kind: 'vector', elements, span: cover(span(openTok), span(closeTok)) };
    } finally {
      close(1, true);
    }
  };

  /** `prev(NAME)` (LANGUAGE.md section 13): one unprimed name, else a message saying what to write. */
  const prevCall = (callee: IToken): A.Expr => {
    const openTok = tokens[i++];
    const arg = peek();
    const after = i + 1 < to ? tokens[i + 1] : undefined;
    if (arg && arg.tokenType.name === 'Identifier' && after?.image === ')') {
      i += 2;
      return { kind: 'prev', name: { text: arg.image, span: span(arg) }, span: cover(span(callee), span(after)) };
    }
    if (arg && arg.tokenType.name === 'Identifier' && after?.image === "'") {
      report(cover(span(arg), span(after)), `'prev' takes an unprimed name: prev(${arg.image}) is ${arg.image} on the previous step (and ${arg.image}' there is ${arg.image} itself).`);
      throw new Stop();
    }
    report(arg && arg.image !== ')' ? span(arg) : span(openTok), "'prev' takes one signal, action, def or term name: prev(a). For an expression, declare it first (term t = ...) and write prev(t).");
    throw new Stop();
  };

  const primary = (): A.Expr => postfix(operand());

  const operand = (): A.Expr => {
    const t = peek();
    if (!t) return fail('a value (a number, a name, true, false or a parenthesised expression)');
    switch (t!.tokenType.name) {
      case 'NumberLit':
        i++;
        return { kind: 'number', value: Number(t!.image), text: t!.image, span: span(t!) };
      case 'True':
      case 'False':
        i++;
        return { kind: 'bool', value: t!.image === 'true', span: span(t!) };
      case 'Identifier': {
        i++;
        const name = { text: t!.image, span: span(t!) };
        if (t!.image === 'prev' && is('(')) return prevCall(t!);
        if (is('(')) {
          i++;
          open(1, true);
          try {
            const args: A.Expr[] = [];
            if (!is(')')) {
              args.push(conditional());
              while (is(',')) {
                i++;
                args.push(conditional());
              }
            }
            const end = expect(')', "',' or ')'");
            return { kind: 'call', callee: name, args, span: cover(name.span, span(end)) };
          } finally {
            close(1, true);
          }
        }
        if (is("'")) {
          const prime = tokens[i++];
          return { kind: 'name', name, primed: true, span: cover(name.span, span(prime)) };
        }
        return { kind: 'name', name, primed: false, span: name.span };
      }
      case 'LParen':
        return parenthesised();
      case 'LBracket':
        return vectorLiteral();
      default:
        return fail('a value (a number, a name, true, false or a parenthesised expression)');
    }
  };

  const atom = (): A.Expr => {
    const t = peek();
    if (!t) return fail('a proposition, true, false or a parenthesised formula');
    switch (t!.tokenType.name) {
      case 'True':
      case 'False':
        i++;
        return { kind: 'bool', value: t!.image === 'true', span: span(t!) };
      case 'Identifier':
        i++;
        if (is("'")) fail("an operator (primes are not used in temporal formulas: atoms are read on the reached state)");
        return { kind: 'name', name: { text: t!.image, span: span(t!) }, primed: false, span: span(t!) };
      case 'LParen':
        return parenthesised();
      default:
        return fail('a proposition, true, false or a parenthesised formula');
    }
  };

  // Called in tail position by primary and atom, so a parenthesis level costs four frames:
  // conditional, climb, unary, primary (or atom) and this one.
  /**
   * A run of opening parentheses `((((` is read in a loop, not by recursion: the innermost
   * expression first, then each enclosing level goes on from its closed parenthesis as a first
   * operand (`((a) + b)`). Hostile nesting is mostly such runs; mixed nesting (`(-(`) recurses.
   */
  const parenthesised = (): A.Expr => {
    const opens: IToken[] = [tokens[i++]];
    while (is('(')) opens.push(tokens[i++]);
    open(opens.length, true);
    for (let k = 1; k < opens.length; k++) parens++;
    if (parens > MAX_NESTING) tooDeep();
    try {
      let e = conditional();
      for (let k = opens.length - 1; k >= 0; k--) {
        const last = expect(')', "')'");
        e = { kind: 'paren', inner: e, span: cover(span(opens[k]), span(last)) };
        if (k > 0) e = conditional(mode === 'expr' ? powerTail(postfix(e)) : e);
      }
      return e;
    } finally {
      close(opens.length, true);
      for (let k = 1; k < opens.length; k++) parens--;
    }
  };

  // The parser has already reported a missing expression.
  if (to <= from) return { kind: 'error', span: fallback };
  try {
    const e = conditional();
    if (i < to) {
      if (context === 'item') {
        const t = tokens[i];
        report(span(t), `Expected an operator or the end of the item but found ${describeToken(t)}: write one item per line, or separate items with ';'.`);
        throw new Stop();
      }
      fail(mode === 'ltl' ? 'an operator or the end of the formula' : 'an operator or the end of the expression');
    }
    return e;
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    const first = tokens[from];
    const last = tokens[to - 1];
    return { kind: 'error', span: first && last ? cover(span(first), span(last)) : fallback };
  }
}
