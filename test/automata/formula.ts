// Test helper: reads the `ltl` formula syntax of LANGUAGE.md section 5 into the automata's Ltl
// type, so that tests can be written as `F (a && F b)`. Atoms are the single letters a, b, c, ...
// (atom 0, 1, 2, ...). Not the project's parser: just enough for the tests.
import type { Ltl } from '../../server/src/automata/ltl';

export function ltl(text: string): Ltl {
  const tokens = text.match(/\[\s*\d+\s*,\s*\d+\s*\]|<->|->|&&|\|\||WX|[A-Za-z_]\w*|[!()]/g) ?? [];
  let i = 0;
  const peek = (): string | undefined => tokens[i];
  const take = (t?: string): string => {
    const x = tokens[i++];
    if (x === undefined || (t !== undefined && x !== t)) throw new Error(`expected ${t ?? 'more'} in ${text}`);
    return x;
  };
  const binary = (kind: 'and' | 'or' | 'implies' | 'iff', l: Ltl, r: Ltl): Ltl => ({ kind, l, r });
  // Loosest first: <->, -> (right), ||, &&, U R W (right), unary.
  const iff = (): Ltl => {
    let l = implies();
    while (peek() === '<->') (take(), (l = binary('iff', l, implies())));
    return l;
  };
  const implies = (): Ltl => {
    const l = or();
    return peek() === '->' ? (take(), binary('implies', l, implies())) : l;
  };
  const or = (): Ltl => {
    let l = and();
    while (peek() === '||') (take(), (l = binary('or', l, and())));
    return l;
  };
  const and = (): Ltl => {
    let l = until();
    while (peek() === '&&') (take(), (l = binary('and', l, until())));
    return l;
  };
  const until = (): Ltl => {
    const l = unary();
    const op = peek();
    const kind = op === 'U' ? 'until' : op === 'R' ? 'release' : op === 'W' ? 'weakUntil' : undefined;
    if (kind === undefined) return l;
    take();
    return { kind, l, r: until() };
  };
  const unary = (): Ltl => {
    const t = take();
    if (t === '!') return { kind: 'not', f: unary() };
    if (t === 'X') return { kind: 'next', f: unary() };
    if (t === 'WX') return { kind: 'weakNext', f: unary() };
    if (t === 'F' || t === 'G') {
      const kind = t === 'F' ? 'eventually' : 'always';
      const b = peek();
      if (b !== undefined && b.startsWith('[')) {
        take();
        const [lo, hi] = b.slice(1, -1).split(',').map(Number);
        return { kind, f: unary(), bound: [lo, hi] };
      }
      return { kind, f: unary() };
    }
    if (t === '(') {
      const f = iff();
      take(')');
      return f;
    }
    if (t === 'true' || t === 'false') return { kind: t };
    if (/^[a-z]$/.test(t)) return { kind: 'atom', atom: t.charCodeAt(0) - 97 };
    throw new Error(`unexpected ${t} in ${text}`);
  };
  const f = iff();
  if (i !== tokens.length) throw new Error(`trailing ${tokens[i]} in ${text}`);
  return f;
}

/** Prints a formula back, fully parenthesised (for failure messages). */
export function show(f: Ltl): string {
  switch (f.kind) {
    case 'true':
    case 'false':
      return f.kind;
    case 'atom':
      return String.fromCharCode(97 + f.atom);
    case 'not':
      return `!${show(f.f)}`;
    case 'next':
      return `X ${show(f.f)}`;
    case 'weakNext':
      return `WX ${show(f.f)}`;
    case 'eventually':
    case 'always':
      return `${f.kind === 'eventually' ? 'F' : 'G'}${f.bound ? `[${f.bound[0]},${f.bound[1]}]` : ''} ${show(f.f)}`;
    default: {
      const op = { and: '&&', or: '||', implies: '->', iff: '<->', until: 'U', release: 'R', weakUntil: 'W' }[f.kind];
      return `(${show(f.l)} ${op} ${show(f.r)})`;
    }
  }
}
