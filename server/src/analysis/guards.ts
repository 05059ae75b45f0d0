// Machine guards as propositional formulas (automata/bool.ts) over atoms: props, bool signals
// and defs by name, and every comparison as one atom (LANGUAGE.md section 4). Comparisons of one
// name with constants are not independent, though: `x < 3` and `x > 5`, or `room == hall` and
// `room == office`, cannot hold together, and saying so keeps the overlap checks free of
// impossible witnesses. Such pairs become two-atom `exclusive` groups beside the declared ones.
import type { BoolF } from '../automata/bool';
import type { Model } from '../names/model';
import type { Instr } from '../program/ir';
import { loweredCode } from '../program/lower';
import type * as A from '../syntax/ast';
import { children, foldWith, walk } from '../syntax/walk';

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

/**
 * The formula of a guard. What each node means is its lowered code's (program/lower.ts
 * `loweredCode`, the guard read on the state reached): the boolean ops compose, every other
 * instruction is one atom. The tree names the atoms: a name as written (a prop, a bool signal or
 * def is one atom, its body unread), a comparison as `left op right`, anything else by its text.
 * Stack-safe: the shared fold (syntax/walk.ts), which builds children's formulas only where the
 * parent composes them, so the operands of a comparison never become atoms of their own.
 */
function toFormula(model: Model, e: A.Expr, atom: (a: Atom) => BoolF): BoolF {
  const { code, nodes } = loweredCode(model);
  const opaque = (x: A.Expr): BoolF => atom({ key: `expr:${textOf(model, x)}`, text: textOf(model, x) });
  const isBool = (i: number) => code[i].element === 'bool' && code[i].shape === 0;
  /** A declaration named: one atom, whatever its body computes. */
  const named = (x: A.Expr): string | undefined =>
    x.kind === 'name' && model.targetOf(x)?.kind === 'declaration' ? x.name.text + (x.primed ? "'" : '') : undefined;
  /** A node that is its one child's code (parentheses): its formula is the child's. */
  const passes = (x: A.Expr, i: number): boolean => {
    const kids = children(x);
    return kids.length === 1 && nodes.get(kids[0]) === i;
  };
  const composes = (x: A.Expr): boolean => {
    const i = nodes.get(x);
    if (i === undefined || named(x) !== undefined) return false;
    if (passes(x, i)) return true;
    const ins = code[i];
    switch (ins.op) {
      case 'cond':
        return true;
      case 'unary':
        return ins.fn === '!';
      case 'binary':
        return ins.fn === '&&' || ins.fn === '||' || ins.fn === '->' || ins.fn === '<->' ||
          ((ins.fn === '==' || ins.fn === '!=') && isBool(ins.args[0]) && isBool(ins.args[1]));
      default:
        return false;
    }
  };
  return foldWith<boolean, BoolF>(e, true, (needed, parent) => needed && composes(parent), (x, kids, needed) => {
    if (!needed) return FALSE;
    const name = named(x);
    if (name !== undefined) return atom({ key: `name:${name}`, text: name });
    const i = nodes.get(x);
    if (i === undefined) return opaque(x);
    if (passes(x, i)) return kids[0];
    const ins = code[i];
    switch (ins.op) {
      case 'const':
        return ins.value ? TRUE : FALSE;
      case 'unary':
        return ins.fn === '!' ? not(kids[0]) : opaque(x);
      case 'cond': {
        const [c, t, f] = kids;
        return or(and(c, t), and(not(c), f));
      }
      case 'binary': {
        const [left, right] = children(x).map((k) => operand(k));
        switch (ins.fn) {
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
            const f = composes(x) ? ({ kind: 'iff', l: kids[0], r: kids[1] } as BoolF) : comparison(model, left, '==', right, atom);
            return ins.fn === '==' ? f : not(f);
          }
          case '<':
          case '<=':
          case '>':
          case '>=':
            return comparison(model, left, ins.fn, right, atom);
          default:
            return opaque(x);
        }
      }
      default:
        return opaque(x);
    }
  });

  /** An operand as written, and with parentheses skipped (what it is: a name, a number) with its code. */
  function operand(x: A.Expr): Operand {
    let node = x;
    for (let i = nodes.get(node); i !== undefined && passes(node, i); i = nodes.get(node)) node = children(node)[0];
    const at = nodes.get(node);
    return { written: x, node, ins: at === undefined ? undefined : code[at] };
  }
}

type CompareOp = '==' | '<' | '<=' | '>' | '>=';
const FLIP: Record<CompareOp, CompareOp> = { '==': '==', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/** A comparison atom; `NAME op CONSTANT` (either way round) with a test that makes incompatible pairs exclusive. */
/** An operand of a comparison: its node as written, with parentheses skipped, and its instruction. */
interface Operand {
  readonly written: A.Expr;
  readonly node: A.Expr;
  readonly ins: Instr | undefined;
}

function comparison(model: Model, left: Operand, op: CompareOp, right: Operand, atom: (a: Atom) => BoolF): BoolF {
  const text = `${textOf(model, left.written)} ${op} ${textOf(model, right.written)}`;
  const l = subjectOf(model, left.node);
  const r = subjectOf(model, right.node);
  // Written either way round, `NAME op CONSTANT` is one atom: `3 < x` is `x > 3`.
  const [subject, o, operand] = l !== undefined && r === undefined ? [l, op, right] : r !== undefined && l === undefined ? [r, FLIP[op], left] : [];
  if (subject === undefined || o === undefined || operand === undefined) return atom({ key: `cmp:${text}`, text });
  const { node: value, ins: vi } = operand;
  const member = memberOf(model, value);
  if (member !== undefined && o === '==') {
    return atom({ key: `member:${subject}==${member}`, text: `${subject} == ${member}`, test: { kind: 'member', subject, member } });
  }
  // A constant as written: numbers only (a name that lowers to a constant, a member or pi, is not one).
  const c = vi?.op === 'const' && !readsName(value) ? vi.value : undefined;
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

/** A name read in the guard, when the operand is just that (its first node, parentheses skipped). */
function subjectOf(model: Model, e: A.Expr): string | undefined {
  if (e.kind !== 'name' || e.primed) return undefined;
  return model.targetOf(e)?.kind === 'declaration' ? e.name.text : undefined;
}

function readsName(e: A.Expr): boolean {
  let found = false;
  walk(e, (x) => !(found ||= x.kind === 'name'));
  return found;
}

function memberOf(model: Model, e: A.Expr): string | undefined {
  const t = e.kind === 'name' ? model.targetOf(e) : undefined;
  return t?.kind === 'member' ? t.member : undefined;
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
