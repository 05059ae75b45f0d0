// LTLf to MONA's input (monadic second-order logic over finite strings, M2L-Str), the usual
// translation that ltlf2dfa (Fuggitti et al.) writes and then hands to MONA: each subformula at
// a first-order position variable, the trace's positions being 0 .. max($), an atom p at
// position v being `v in P`. Bounded F[a,b] (which ltlf2dfa has not) quantifies over
// v+a .. v+b, cut at max($). The empty trace is left to MONA (it has no LTLf reading; the
// comparison in read-dfa.ts leaves the initial acceptance free on both sides).
import type { Ltl } from '../../../server/src/automata/ltl';

/** The MONA program for `f` over atoms named `names` (index = atom number). */
export function monaProgram(f: Ltl, names: readonly string[]): string {
  let fresh = 0;
  const v = () => `v${++fresh}`;
  const atom = (i: number) => names[i].toUpperCase();

  const go = (g: Ltl, at: string): string => {
    switch (g.kind) {
      case 'true':
        return 'true';
      case 'false':
        return 'false';
      case 'atom':
        return `(${at} in ${atom(g.atom)})`;
      case 'not':
        return `~(${go(g.f, at)})`;
      case 'and':
        return `(${go(g.l, at)} & ${go(g.r, at)})`;
      case 'or':
        return `(${go(g.l, at)} | ${go(g.r, at)})`;
      case 'implies':
        return `(~(${go(g.l, at)}) | ${go(g.r, at)})`;
      case 'iff':
        return `(${go(g.l, at)} <=> ${go(g.r, at)})`;
      case 'next': {
        const y = v();
        return `(ex1 ${y}: ${y}=${at}+1 & ${y}<=max($) & ${go(g.f, y)})`;
      }
      case 'weakNext': {
        const y = v();
        return `((${at}=max($)) | (ex1 ${y}: ${y}=${at}+1 & ${y}<=max($) & ${go(g.f, y)}))`;
      }
      case 'eventually': {
        if (g.bound) return go(unfold(g.f, g.bound[0], g.bound[1]), at);
        return go({ kind: 'until', l: { kind: 'true' }, r: g.f }, at);
      }
      case 'always':
        // G f = !F !f, bounded or not.
        return `~(${go({ kind: 'eventually', f: { kind: 'not', f: g.f }, bound: g.bound }, at)})`;
      case 'until': {
        const y = v();
        const z = v();
        return `(ex1 ${y}: ${at}<=${y} & ${y}<=max($) & ${go(g.r, y)} & (all1 ${z}: ${at}<=${z} & ${z}<${y} => ${go(g.l, z)}))`;
      }
      case 'release': {
        // l R r: r holds up to and including the first l, or r holds to the end.
        const y = v();
        const z = v();
        const w = v();
        return `((ex1 ${y}: ${at}<=${y} & ${y}<=max($) & ${go(g.l, y)} & (all1 ${z}: ${at}<=${z} & ${z}<=${y} => ${go(g.r, z)})) | (all1 ${w}: ${at}<=${w} & ${w}<=max($) => ${go(g.r, w)}))`;
      }
      case 'weakUntil':
        // l W r = (l U r) | G l
        return `(${go({ kind: 'until', l: g.l, r: g.r }, at)} | ${go({ kind: 'always', f: g.l }, at)})`;
    }
  };

  const vars = names.length ? `var2 ${names.map((_, i) => atom(i)).join(', ')};\n` : '';
  return `m2l-str;\n${vars}${go(f, '0')};\n`;
}

/** F[a,b] f as X^a (f | X (f | ... X f)), b - a nexts deep, strong nexts (none past the end). */
export function unfold(f: Ltl, a: number, b: number): Ltl {
  let g = f;
  for (let i = 0; i < b - a; i++) g = { kind: 'or', l: f, r: { kind: 'next', f: g } };
  for (let i = 0; i < a; i++) g = { kind: 'next', f: g };
  return g;
}
