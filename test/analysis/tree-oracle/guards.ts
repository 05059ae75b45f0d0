// Machine guards as formulas as they were read off the syntax tree before they moved onto the
// lowered program (issue #12): kept only as the oracle of test/analysis/program-guards.test.ts.
// Machine guards as propositional formulas (automata/bool.ts) over atoms: props, bool signals
// and defs by name, and every comparison as one atom (LANGUAGE.md section 4). Comparisons of one
// name with constants are not independent, though: `x < 3` and `x > 5`, or `room == hall` and
// `room == office`, cannot hold together, and saying so keeps the overlap checks free of
// impossible witnesses. Such pairs become two-atom `exclusive` groups beside the declared ones.
import type { BoolF } from '../../../server/src/automata/bool';
import type { Model } from '../../../server/src/names/model';
import type * as A from '../../../server/src/syntax/ast';
import { foldWith } from '../../../server/src/syntax/walk';

/** What one atom stands for, as the user would read it in a witness label set. */
export interface Atom {
  readonly key: string;
  readonly text: string;
  /** Set for `NAME op CONSTANT` and `NAME == MEMBER`: what makes two atoms incompatible. */
  readonly test?: AtomTest;
}

type AtomTest =
  | { readonly kind: 'member'; readonly subject: string; readonly member: string }
  | { readonly kind: 'interval'; readonly subject: string; readonly lo: number; readonly hi: number; readonly loOpen: boolean; readonly hiOpen: boolean };

export interface GuardTable {
  readonly atoms: readonly Atom[];
  /** Groups of atom indices of which at most one holds at a step. */
  readonly exclusive: readonly (readonly number[])[];
  /** The formula of each guard expression given to `guardTable`. */
  readonly formulas: ReadonlyMap<A.Expr, BoolF>;
}

export const TRUE: BoolF = { kind: 'const', value: true };
export const FALSE: BoolF = { kind: 'const', value: false };
export const not = (f: BoolF): BoolF => (f.kind === 'const' ? { kind: 'const', value: !f.value } : { kind: 'not', f });
export const and = (l: BoolF, r: BoolF): BoolF =>
  l.kind === 'const' ? (l.value ? r : FALSE) : r.kind === 'const' ? (r.value ? l : FALSE) : { kind: 'and', l, r };
export const or = (l: BoolF, r: BoolF): BoolF =>
  l.kind === 'const' ? (l.value ? TRUE : r) : r.kind === 'const' ? (r.value ? TRUE : l) : { kind: 'or', l, r };
export const any = (fs: readonly BoolF[]): BoolF => fs.reduce(or, FALSE);

/** The formulas of `guards` over one shared table of atoms, with the exclusive groups that hold. */
export function guardTable(model: Model, guards: readonly A.Expr[]): GuardTable {
  const atoms: Atom[] = [];
  const index = new Map<string, number>();
  const atom = (a: Atom): BoolF => {
    let i = index.get(a.key);
    if (i === undefined) {
      i = atoms.push(a) - 1;
      index.set(a.key, i);
    }
    return { kind: 'atom', atom: i };
  };
  const formulas = new Map<A.Expr, BoolF>();
  for (const g of guards) if (!formulas.has(g)) formulas.set(g, toFormula(model, g, atom));
  return { atoms, exclusive: exclusiveGroups(model, atoms), formulas };
}

/** The label set of a witness letter, e.g. `{coffee, x > 3}` (`{}`: no atom holds). */
export function labelSetText(table: GuardTable, letter: number): string {
  const names = table.atoms.filter((_, i) => Math.floor(letter / 2 ** i) % 2 === 1).map((a) => a.text);
  return `{${names.join(', ')}}`;
}

/** Whether the formula of a node is built from its children's formulas (else it is one atom). */
function composes(model: Model, x: A.Expr): boolean {
  switch (x.kind) {
    case 'paren':
    case 'conditional':
      return true;
    case 'unary':
      return x.op === '!';
    case 'binary':
      return x.op === '&&' || x.op === '||' || x.op === '->' || x.op === '<->' ||
        ((x.op === '==' || x.op === '!=') && model.typeOf(x.left).kind === 'bool' && model.typeOf(x.right).kind === 'bool');
    default:
      return false;
  }
}

/** Stack-safe: a fold that builds children's formulas only where the parent composes them, so
 *  the operands of a comparison never become atoms of their own. */
function toFormula(model: Model, e: A.Expr, atom: (a: Atom) => BoolF): BoolF {
  const opaque = (x: A.Expr): BoolF => atom({ key: `expr:${textOf(model, x)}`, text: textOf(model, x) });
  return foldWith<boolean, BoolF>(e, true, (needed, parent) => needed && composes(model, parent), (x, kids, needed) => {
    if (!needed) return FALSE;
    switch (x.kind) {
      case 'bool':
        return x.value ? TRUE : FALSE;
      case 'paren':
        return kids[0];
      case 'name':
        return atom({ key: `name:${x.name.text}${x.primed ? "'" : ''}`, text: x.name.text + (x.primed ? "'" : '') });
      case 'unary':
        return x.op === '!' ? not(kids[0]) : opaque(x);
      case 'conditional': {
        const [c, t, f] = kids;
        return or(and(c, t), and(not(c), f));
      }
      case 'binary':
        switch (x.op) {
          case '&&':
            return and(kids[0], kids[1]);
          case '||':
            return or(kids[0], kids[1]);
          case '->':
            return { kind: 'implies', l: kids[0], r: kids[1] };
          case '<->':
            return { kind: 'iff', l: kids[0], r: kids[1] };
          case '==':
          case '!=': {
            const f = composes(model, x) ? ({ kind: 'iff', l: kids[0], r: kids[1] } as BoolF) : comparison(model, x.left, '==', x.right, atom);
            return x.op === '==' ? f : not(f);
          }
          case '<':
          case '<=':
          case '>':
          case '>=':
            return comparison(model, x.left, x.op, x.right, atom);
          default:
            return opaque(x);
        }
      default:
        return opaque(x);
    }
  });
}

type CompareOp = '==' | '<' | '<=' | '>' | '>=';
const FLIP: Record<CompareOp, CompareOp> = { '==': '==', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

function comparison(model: Model, left: A.Expr, op: CompareOp, right: A.Expr, atom: (a: Atom) => BoolF): BoolF {
  const text = `${textOf(model, left)} ${op} ${textOf(model, right)}`;
  const l = subjectOf(model, left);
  const r = subjectOf(model, right);
  // Written either way round, `NAME op CONSTANT` is one atom: `3 < x` is `x > 3`.
  const [subject, o, value] = l !== undefined && r === undefined ? [l, op, right] : r !== undefined && l === undefined ? [r, FLIP[op], left] : [];
  if (subject === undefined || o === undefined || value === undefined) return atom({ key: `cmp:${text}`, text });
  const member = memberOf(model, value);
  if (member !== undefined && o === '==') {
    return atom({ key: `member:${subject}==${member}`, text: `${subject} == ${member}`, test: { kind: 'member', subject, member } });
  }
  const c = constantOf(value);
  if (c === undefined) return atom({ key: `cmp:${text}`, text });
  const test: AtomTest = {
    kind: 'interval',
    subject,
    lo: o === '<' || o === '<=' ? -Infinity : c,
    hi: o === '>' || o === '>=' ? Infinity : c,
    loOpen: o === '>',
    hiOpen: o === '<',
  };
  return atom({ key: `num:${subject}${o}${c}`, text: `${subject} ${o} ${numberText(c)}`, test });
}

/** A name read in the guard, when the expression is just that. */
function subjectOf(model: Model, e: A.Expr): string | undefined {
  if (e.kind === 'paren') return subjectOf(model, e.inner);
  if (e.kind !== 'name' || e.primed) return undefined;
  return model.targetOf(e)?.kind === 'declaration' ? e.name.text : undefined;
}

function memberOf(model: Model, e: A.Expr): string | undefined {
  if (e.kind === 'paren') return memberOf(model, e.inner);
  const t = e.kind === 'name' ? model.targetOf(e) : undefined;
  return t?.kind === 'member' ? t.member : undefined;
}

function constantOf(e: A.Expr): number | undefined {
  if (e.kind === 'number') return e.value;
  if (e.kind === 'paren') return constantOf(e.inner);
  if (e.kind === 'unary' && e.op === '-') {
    const v = constantOf(e.operand);
    return v === undefined ? undefined : -v;
  }
  return undefined;
}

const numberText = (n: number): string => String(n);

/** The source text of an expression, whitespace collapsed: the key of an atom. */
function textOf(model: Model, e: A.Expr): string {
  return model.file.text.slice(e.span.start, e.span.end).replace(/\s+/g, ' ').trim();
}

/** The declared groups (over the props that occur as atoms) and the incompatible tests. */
function exclusiveGroups(model: Model, atoms: readonly Atom[]): number[][] {
  const byKey = new Map(atoms.map((a, i) => [a.key, i]));
  const declared = model.exclusive
    .map((g) => g.map((p) => byKey.get(`name:${p}`)).filter((i): i is number => i !== undefined))
    .filter((g) => g.length > 1);
  const pairs: number[][] = [];
  for (let i = 0; i < atoms.length; i++) {
    for (let j = i + 1; j < atoms.length; j++) {
      const a = atoms[i].test;
      const b = atoms[j].test;
      if (a && b && incompatible(a, b)) pairs.push([i, j]);
    }
  }
  return [...declared, ...pairs];
}

function incompatible(a: AtomTest, b: AtomTest): boolean {
  if (a.subject !== b.subject) return false;
  if (a.kind === 'member' && b.kind === 'member') return a.member !== b.member;
  if (a.kind === 'interval' && b.kind === 'interval') {
    const lo = Math.max(a.lo, b.lo);
    const hi = Math.min(a.hi, b.hi);
    if (lo > hi) return true;
    if (lo < hi) return false;
    // One point in common: it must belong to both.
    const closed = (t: typeof a): boolean => (t.lo === lo ? !t.loOpen : true) && (t.hi === hi ? !t.hiOpen : true);
    return !(closed(a) && closed(b));
  }
  return false;
}
