import type { IToken } from 'chevrotain';
import type { Span } from '../base/span';
import type * as A from './ast';
import { describeToken } from './messages';
import { MAX_NESTING } from './layout';

// Reads the tokens of one expression (collected by the parser) into a tree. Ordinary
// expressions and temporal formulas share the reader but not the table: LANGUAGE.md section 3
// for the one, section 5 (Spot / ltlf2dfa precedence) for the other.
//
// The reader is an operator-precedence (shunting-yard) loop with its own stacks, not a
// recursive descent: no nesting of any kind (parentheses, calls, conditionals, prefix runs,
// right-associative chains, vectors) costs a stack frame, so no input can exhaust the stack
// here (issue #12, point 5). Nesting is still bounded, as the contract says, because the tree
// it builds is read by other passes: parentheses, calls and vectors at MAX_NESTING, all pending
// nesting together (the same, plus prefix operators, right-associative operators and
// conditional branches) at twice that. Left-associative chains are unbounded.

export type ExpressionMode = 'expr' | 'ltl';

type Assoc = 'left' | 'right';
const EXPR_BINARY: Record<string, [number, Assoc]> = {
  '<->': [1, 'left'], '->': [2, 'right'], '||': [3, 'left'], '|': [3, 'left'], '&&': [4, 'left'], '&': [4, 'left'],
  '==': [5, 'left'], '!=': [5, 'left'], '<': [6, 'left'], '<=': [6, 'left'], '>': [6, 'left'], '>=': [6, 'left'],
  '+': [7, 'left'], '-': [7, 'left'], '*': [8, 'left'], '/': [8, 'left'], '%': [8, 'left'],
  '^': [10, 'right'],
};
const LTL_BINARY: Record<string, [number, Assoc]> = {
  '<->': [1, 'left'], '->': [2, 'right'], '||': [3, 'left'], '|': [3, 'left'], '&&': [4, 'left'], '&': [4, 'left'],
  U: [5, 'right'], R: [5, 'right'], W: [5, 'right'],
};
/** Prefix operators bind tighter than every binary operator but `^` (`-x^2` is `-(x^2)`). */
const PREFIX_PRECEDENCE = 9;
const TEMPORAL_PREFIX = new Set(['X', 'WX', 'F', 'G']);
const normalise = (op: string) => (op === '|' ? '||' : op === '&' ? '&&' : op);

class Stop extends Error {}

const span = (t: IToken): Span => ({ start: t.startOffset, end: t.startOffset + t.image.length });
const cover = (a: Span, b: Span): Span => ({ start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) });

/** What is pending on the operator stack. */
type Frame =
  | { readonly k: 'prefix'; readonly tok: IToken; readonly op: string; readonly bound?: readonly [number, number] }
  | { readonly k: 'binary'; readonly tok: IToken; readonly op: string; readonly prec: number; readonly assoc: Assoc }
  // Groups: closed by a token.
  | { readonly k: 'paren'; readonly tok: IToken }
  | { readonly k: 'call'; readonly callee: A.Ident; readonly args: A.Expr[] }
  | { readonly k: 'vector'; readonly tok: IToken; readonly elements: A.Expr[] }
  // Conditionals: `?` waits for `:`, `if` for `then`, `then` for `else`; the else branches
  // (`:` and `else`) run to the end of their group.
  | { readonly k: '?'; readonly test: A.Expr }
  | { readonly k: ':'; readonly test: A.Expr; readonly then: A.Expr }
  | { readonly k: 'if'; readonly tok: IToken }
  | { readonly k: 'then'; readonly tok: IToken; readonly test: A.Expr }
  | { readonly k: 'else'; readonly tok: IToken; readonly test: A.Expr; readonly then: A.Expr };

const isGroup = (f: Frame) => f.k === 'paren' || f.k === 'call' || f.k === 'vector';
/** Frames that need a token to go on: reducing stops at them. */
const isBarrier = (f: Frame) => isGroup(f) || f.k === '?' || f.k === 'if' || f.k === 'then';

/** Reads `tokens[from, to)` as one expression. The first problem is reported and ends the
 *  reading: the whole expression becomes an `error` node. */
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
  const ops: Frame[] = [];
  const vals: A.Expr[] = [];
  const peek = (): IToken | undefined => (i < to ? tokens[i] : undefined);
  const is = (image: string) => i < to && tokens[i].image === image;
  const typeIs = (name: string) => i < to && tokens[i].tokenType.name === name;
  const end = () => (i > from ? tokens[i - 1].startOffset + tokens[i - 1].image.length : fallback.start);
  const fail = (expected: string): never => {
    const t = peek();
    report(t ? span(t) : { start: end(), end: end() + 1 }, `Expected ${expected} but found ${t ? describeToken(t) : 'end of line'}.`);
    throw new Stop();
  };
  const VALUE = mode === 'ltl' ? 'a proposition, true, false or a parenthesised formula' : 'a value (a number, a name, true, false or a parenthesised expression)';

  const push = (f: Frame) => {
    if (f.k !== 'binary' || f.assoc === 'right') depth++;
    if (isGroup(f)) parens++;
    if (depth > 2 * MAX_NESTING || parens > MAX_NESTING) {
      const t = peek() ?? tokens[to - 1];
      report(t ? span(t) : fallback, `Nesting deeper than ${MAX_NESTING} levels: simplify this expression.`);
      throw new Stop();
    }
    ops.push(f);
  };
  const pop = (): Frame => {
    const f = ops.pop()!;
    if (f.k !== 'binary' || f.assoc === 'right') depth--;
    if (isGroup(f)) parens--;
    return f;
  };

  /** Builds the node of a reducible frame from the operands on the stack. */
  const reduceTop = () => {
    const f = pop();
    switch (f.k) {
      case 'prefix': {
        const operand = vals.pop()!;
        const s = { start: f.tok.startOffset, end: operand.span.end };
        vals.push(f.op === '!' || f.op === '-'
          ? { kind: 'unary', op: f.op, operand, span: s }
          : { kind: 'temporal', op: f.op as A.TemporalOp, bound: f.bound, operand, span: s, opSpan: span(f.tok) });
        break;
      }
      case 'binary': {
        const right = vals.pop()!;
        const left = vals.pop()!;
        const name = normalise(f.op);
        vals.push(name === 'U' || name === 'R' || name === 'W'
          ? { kind: 'temporalBinary', op: name, left, right, span: cover(left.span, right.span), opSpan: span(f.tok) }
          : { kind: 'binary', op: name as A.BinaryOp, left, right, span: cover(left.span, right.span), opSpan: span(f.tok) });
        break;
      }
      case ':': {
        const other = vals.pop()!;
        vals.push({ kind: 'conditional', form: '?', test: f.test, then: f.then, else: other, span: cover(f.test.span, other.span) });
        break;
      }
      case 'else': {
        const other = vals.pop()!;
        vals.push({ kind: 'conditional', form: 'if', test: f.test, then: f.then, else: other, span: cover(span(f.tok), other.span) });
        break;
      }
      default:
        throw new Error(`not reducible: ${f.k}`);
    }
  };
  /** Reduces everything above the innermost barrier; returns that barrier (or undefined at the bottom). */
  const reduceToBarrier = (): Frame | undefined => {
    while (ops.length > 0 && !isBarrier(ops[ops.length - 1])) reduceTop();
    return ops[ops.length - 1];
  };
  /** What the innermost frame waits for, for a message at a token that fits nowhere. */
  const expectation = (f: Frame | undefined): string => {
    switch (f?.k) {
      case 'paren': return "')'";
      case 'call': return "',' or ')'";
      case 'vector': return "',' or ']'";
      case '?': return "':'";
      case 'if': return "'then'";
      case 'then': return "'else'";
      default: return mode === 'ltl' ? 'an operator or the end of the formula' : 'an operator or the end of the expression';
    }
  };
  const unexpected = (): never => {
    const f = reduceToBarrier();
    if (!f && context === 'item') {
      const t = tokens[i];
      report(span(t), `Expected an operator or the end of the item but found ${describeToken(t)}: write one item per line, or separate items with ';'.`);
      throw new Stop();
    }
    return fail(expectation(f));
  };

  const readBound = (): readonly [number, number] => {
    const openTok = tokens[i++];
    const lo = peek();
    if (!lo || lo.tokenType.name !== 'NumberLit') fail('a whole number of steps');
    i++;
    if (!is(',')) fail("','");
    i++;
    const hi = peek();
    if (!hi || hi.tokenType.name !== 'NumberLit') fail('a whole number of steps');
    i++;
    if (!is(']')) fail("']'");
    const closeTok = tokens[i++];
    const bound: [number, number] = [Number(lo!.image), Number(hi!.image)];
    if (!Number.isInteger(bound[0]) || !Number.isInteger(bound[1]) || bound[0] > bound[1]) {
      report(cover(span(openTok), span(closeTok)), `The bound [${lo!.image}, ${hi!.image}] must be two whole numbers a <= b (steps from the current one).`);
    }
    return bound;
  };

  /**
   * `[i]` and `[a:b:s]` after an operand (LANGUAGE.md section 10), in a loop: `v[0]`, `q'[2]`,
   * `(u - v)[0:2]`, `f(x)[1]`. A prime after the bracket is refused: it belongs to the name.
   */
  const postfix = () => {
    const target = vals.pop()!;
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
          ? `A prime goes on the name, before the ${what}: write ${name}'[...] for the ${what} in the next state.`
          : `A prime goes on a name, not on an ${what}: prime the names inside (q'[2], not q[2]').`);
        throw new Stop();
      }
    }
    vals.push(e);
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

  /**
   * Reads prefix operators and openings until an operand is complete, and pushes it. Returns
   * with the operand on `vals` (or, for `f()` and the like, a finished group).
   */
  const operand = (conditionalStart: boolean) => {
    for (let atStart = conditionalStart; ; ) {
      const t = peek();
      if (!t) return fail(VALUE);
      const type = t.tokenType.name;
      if (atStart && type === 'If') {
        i++;
        if (mode === 'ltl') fail("a temporal formula ('if' is not a temporal operator)");
        push({ k: 'if', tok: t });
        continue;
      }
      atStart = false;
      if (t.image === '!' || (mode === 'expr' && t.image === '-')) {
        i++;
        push({ k: 'prefix', tok: t, op: t.image });
        continue;
      }
      if (mode === 'ltl' && type === 'Identifier' && TEMPORAL_PREFIX.has(t.image)) {
        i++;
        const bound = (t.image === 'F' || t.image === 'G') && is('[') ? readBound() : undefined;
        push({ k: 'prefix', tok: t, op: t.image, bound });
        continue;
      }
      switch (type) {
        case 'NumberLit':
          i++;
          if (mode === 'ltl') {
            i--;
            return fail(VALUE);
          }
          vals.push({ kind: 'number', value: Number(t.image), text: t.image, span: span(t) });
          return;
        case 'True':
        case 'False':
          i++;
          vals.push({ kind: 'bool', value: t.image === 'true', span: span(t) });
          return;
        case 'Identifier': {
          i++;
          const name = { text: t.image, span: span(t) };
          if (mode === 'ltl') {
            if (is("'")) fail('an operator (primes are not used in temporal formulas: atoms are read on the reached state)');
            vals.push({ kind: 'name', name, primed: false, span: name.span });
            return;
          }
          if (t.image === 'prev' && is('(')) {
            vals.push(prevCall(t));
            return;
          }
          if (is('(')) {
            const openTok = tokens[i++];
            if (is(')')) {
              const closeTok = tokens[i++];
              vals.push({ kind: 'call', callee: name, args: [], span: cover(name.span, span(closeTok)) });
              void openTok;
              return;
            }
            push({ k: 'call', callee: name, args: [] });
            atStart = true;
            continue;
          }
          if (is("'")) {
            const prime = tokens[i++];
            vals.push({ kind: 'name', name, primed: true, span: cover(name.span, span(prime)) });
            return;
          }
          vals.push({ kind: 'name', name, primed: false, span: name.span });
          return;
        }
        case 'LParen':
          i++;
          push({ k: 'paren', tok: t });
          atStart = true;
          continue;
        case 'LBracket':
          if (mode === 'ltl') return fail(VALUE);
          i++;
          push({ k: 'vector', tok: t, elements: [] });
          if (is(']')) fail('an element (a vector literal has at least one: [0.5, 0, 0.2])');
          atStart = true;
          continue;
        default:
          return fail(VALUE);
      }
    }
  };

  // The parser has already reported a missing expression.
  if (to <= from) return { kind: 'error', span: fallback };
  try {
    let conditionalStart = true;
    for (;;) {
      operand(conditionalStart);
      conditionalStart = false;
      // After an operand: postfix, an operator, a continuation of a frame, or the end.
      for (;;) {
        if (mode === 'expr' && is('[')) {
          postfix();
          continue;
        }
        const t = peek();
        if (!t) {
          // The end: everything closes; a frame that waits for a token is an error.
          const f = reduceToBarrier();
          if (f) fail(expectation(f));
          return vals[0];
        }
        const image = t.image;
        const isOp = mode === 'ltl' ? t.tokenType.name !== 'Identifier' || /^[URW]$/.test(image) : t.tokenType.name !== 'Identifier';
        const entry = isOp ? binary[image] : undefined;
        if (entry) {
          const [prec, assoc] = entry;
          for (;;) {
            const top = ops[ops.length - 1];
            if (!top) break;
            const topPrec = top.k === 'prefix' ? PREFIX_PRECEDENCE : top.k === 'binary' ? top.prec : -1;
            if (topPrec > prec || (topPrec === prec && assoc === 'left')) reduceTop();
            else break;
          }
          i++;
          push({ k: 'binary', tok: t, op: image, prec, assoc });
          break;
        }
        if (image === '?' && t.tokenType.name === 'Question') {
          if (mode === 'ltl') fail("a temporal operator ('? :' is not one)");
          // The loosest level, right-associative: the test is everything since the last barrier
          // or conditional branch.
          while (ops.length > 0 && (ops[ops.length - 1].k === 'prefix' || ops[ops.length - 1].k === 'binary')) reduceTop();
          i++;
          push({ k: '?', test: vals.pop()! });
          conditionalStart = true;
          break;
        }
        if (image === ':' && t.tokenType.name === 'Colon' && mode === 'expr') {
          const f = reduceToBarrier();
          if (f?.k !== '?') return unexpected();
          i++;
          pop();
          push({ k: ':', test: f.test, then: vals.pop()! });
          conditionalStart = true;
          break;
        }
        if (t.tokenType.name === 'Then' && mode === 'expr') {
          const f = reduceToBarrier();
          if (f?.k !== 'if') return unexpected();
          i++;
          pop();
          push({ k: 'then', tok: f.tok, test: vals.pop()! });
          conditionalStart = true;
          break;
        }
        if (t.tokenType.name === 'Else' && mode === 'expr') {
          const f = reduceToBarrier();
          if (f?.k !== 'then') return unexpected();
          i++;
          pop();
          push({ k: 'else', tok: f.tok, test: f.test, then: vals.pop()! });
          conditionalStart = true;
          break;
        }
        if (image === ',') {
          const f = reduceToBarrier();
          if (f?.k === 'call') f.args.push(vals.pop()!);
          else if (f?.k === 'vector') f.elements.push(vals.pop()!);
          else return unexpected();
          i++;
          conditionalStart = true;
          break;
        }
        if (image === ')' || image === ']') {
          const f = reduceToBarrier();
          const closeTok = t;
          if (image === ')' && f?.k === 'paren') {
            i++;
            pop();
            vals.push({ kind: 'paren', inner: vals.pop()!, span: cover(span(f.tok), span(closeTok)) });
            continue;
          }
          if (image === ')' && f?.k === 'call') {
            i++;
            pop();
            f.args.push(vals.pop()!);
            vals.push({ kind: 'call', callee: f.callee, args: f.args, span: cover(f.callee.span, span(closeTok)) });
            continue;
          }
          if (image === ']' && f?.k === 'vector') {
            i++;
            pop();
            f.elements.push(vals.pop()!);
            vals.push({ kind: 'vector', elements: f.elements, span: cover(span(f.tok), span(closeTok)) });
            continue;
          }
          return unexpected();
        }
        return unexpected();
      }
    }
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    const first = tokens[from];
    const last = tokens[to - 1];
    return { kind: 'error', span: first && last ? cover(span(first), span(last)) : fallback };
  }
}
