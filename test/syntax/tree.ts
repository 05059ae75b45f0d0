// Helpers of the syntax tests: compact views of syntax trees, so that a test states the
// structure it expects in one line.
import assert from 'node:assert/strict';
import type * as A from '../../server/src/syntax/ast';
import { parse } from '../../server/src/syntax/parse';

/** An expression as an S-expression: `-x^2` is `(- (^ x 2))`, `(a)` is `(paren a)`, `f(a, b)` is `(call f a b)`. */
export function sexpr(e: A.Expr): string {
  switch (e.kind) {
    case 'number':
      return e.text;
    case 'bool':
      return String(e.value);
    case 'name':
      return e.name.text + (e.primed ? "'" : '');
    case 'unary':
      return `(${e.op} ${sexpr(e.operand)})`;
    case 'binary':
    case 'temporalBinary':
      return `(${e.op} ${sexpr(e.left)} ${sexpr(e.right)})`;
    case 'conditional':
      return `(${e.form} ${sexpr(e.test)} ${sexpr(e.then)} ${sexpr(e.else)})`;
    case 'call':
      return `(call ${[e.callee.text, ...e.args.map(sexpr)].join(' ')})`;
    case 'paren':
      return `(paren ${sexpr(e.inner)})`;
    case 'temporal':
      return `(${e.op}${e.bound ? `[${e.bound[0]},${e.bound[1]}]` : ''} ${sexpr(e.operand)})`;
    case 'index':
      return `(index ${sexpr(e.target)} ${e.indexText})`;
    case 'slice':
      return `(slice ${sexpr(e.target)} ${e.bounds.start ?? ''}:${e.bounds.end ?? ''}${e.bounds.step !== undefined ? `:${e.bounds.step}` : ''})`;
    case 'vector':
      return `(vector ${e.elements.map(sexpr).join(' ')})`;
    case 'prev':
      return `(prev ${e.name.text})`;
    case 'error':
      return '<error>';
  }
}

/** Parses text that must have no syntax error. */
export function parseClean(text: string): A.SpecFile {
  const r = parse(text);
  assert.deepEqual(r.diagnostics.map((d) => d.message), [], `unexpected syntax errors in:\n${text}`);
  return r.file;
}

/** The declaration type of a kind (`signal` and `action` share one, as do `def`, `term`, `potential`). */
type DeclOf<K extends A.Declaration['kind'], D = A.Declaration> = D extends { readonly kind: infer DK } ? (K extends DK ? D : never) : never;

/** The only declaration of `text`, which must parse cleanly. */
export function single<K extends A.Declaration['kind']>(text: string, kind: K): DeclOf<K> {
  const { declarations } = parseClean(text);
  assert.equal(declarations.length, 1, `one declaration expected in: ${text}`);
  assert.equal(declarations[0].kind, kind);
  return declarations[0] as DeclOf<K>;
}

/** The body of `def e = EXPR` as an S-expression. */
export const expr = (source: string): string => sexpr(single(`def e = ${source}`, 'def').body);

/** The formula of `ltl f = FORMULA` as an S-expression. */
export const formula = (source: string): string => sexpr(single(`ltl f = ${source}`, 'ltl').formula);

const SPAN_KEYS = new Set(['span', 'opSpan', 'valueSpan', 'discountSpan', 'indexSpan', 'lengthSpan', 'defaultSpan', 'whenSpan']);

/** A tree without its source positions, for comparing parses of differently laid-out texts. */
export function withoutSpans(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (k, v) => (SPAN_KEYS.has(k) ? undefined : v)));
}

/** The text a diagnostic points at. */
export const pointedAt = (text: string, span: { start: number; end: number }): string => text.slice(span.start, span.end);
