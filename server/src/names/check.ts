import { diagnostic, type Diagnostic, type Fix } from '../base/diagnostic';
import type { Span } from '../base/span';
import type * as A from '../syntax/ast';
import { isNamed, sliceIndices } from '../syntax/ast';
import { FUNCTION_TABLE } from '../program/functions';
import { FUNCTIONS } from './functions';
import { BOOL, ERROR, NUMBER, vectorType, type MachineInfo, type MachineTransition, type Model, type Occurrence, type Reads, type Target, type Type } from './model';
import { closest } from './suggest';
import { shifted } from '../syntax/incremental';


// Names and types (LANGUAGE.md sections 2 and 3): resolves every name, types every
// expression, and enforces the table of what each kind of declaration may read.

export interface CheckResult {
  readonly model: Model;
  readonly diagnostics: readonly Diagnostic[];
}

/** Where an expression stands decides what it may read (LANGUAGE.md section 3's table). */
type Context = 'def' | 'potential' | 'prop' | 'term' | 'guard' | 'transition-reward' | 'item' | 'verdict' | 'ltl';

interface Use {
  readonly name: string;
  readonly primed: boolean;
  readonly span: Span;
  /** `prev(name)`: the previous step's value. */
  readonly prev?: boolean;
}

interface BodyFacts {
  direct: { current: boolean; next: boolean; action: boolean };
  uses: Use[];
  /** Actions and primes written directly in the body, with where. */
  actionSpans: Span[];
  primeSpans: Span[];
  prevSpans: Span[];
}

const EMPTY_READS: Reads = { current: false, next: false, action: false };
const sameType = (a: Type, b: Type) =>
  a.kind === 'error' || b.kind === 'error' || (a.kind === b.kind && (a.kind !== 'enum' || (b.kind === 'enum' && a.owner === b.owner)) && (a.kind !== 'vector' || (b.kind === 'vector' && a.length === b.length && a.element === b.element)));
/** A vector where one value is needed: the message suggests the reduction (LANGUAGE.md section 10). */
const reduceHint = (t: Type): string =>
  t.kind !== 'vector' ? '' : t.element === 'bool'
    ? ': reduce it with any(...), all(...) or count(...)'
    : ': reduce it to one number, e.g. sum(...), norm(...), max(...), or take one element (v[0])';
const isNumeric = (t: Type) => t.kind === 'number' || t.kind === 'error' || (t.kind === 'vector' && t.element === 'number');
const isTruth = (t: Type) => t.kind === 'bool' || t.kind === 'error' || (t.kind === 'vector' && t.element === 'bool');
const lengthOf = (t: Type) => (t.kind === 'vector' ? t.length : 0);
const an = (w: string) => (/^[aeiou]/.test(w) ? `an ${w}` : `a ${w}`);
const show = (t: Type) => (t.kind === 'enum' ? `enum ${t.owner}` : t.kind === 'vector' ? `vector[${t.length}]${t.element === 'bool' ? ' of bools' : ''}` : t.kind);

const KIND_WORDS: Record<string, string> = {
  signal: 'signal', action: 'action', def: 'def', prop: 'prop', term: 'term', potential: 'potential',
  machine: 'machine', ltl: 'ltl formula', reward: 'reward', exclusive: 'exclusive',
};

/** A whole file, every declaration checked. */
export function check(file: A.SpecFile): CheckResult {
  return run(file, file.declarations.map((d) => ({ placed: d, local: d, delta: 0 })), undefined, false).result;
}

/**
 * A declaration to check: as it stands in the file (`placed`), and the tree it is checked on
 * (`local`: its chunk's own, syntax/incremental.ts, `delta` characters before its place; the
 * key of its result from one version to the next). `origin` maps each node of `placed` to its
 * node of `local` (absent: the same objects).
 */
export interface CheckPiece {
  readonly placed: A.Declaration;
  readonly local: A.Declaration;
  readonly delta: number;
  readonly origin?: ReadonlyMap<object, object>;
}

/** What one version's check keeps for the next: each declaration's result, by its local tree, and the file's derived facts. */
export interface CheckState {
  readonly units: ReadonlyMap<A.Declaration, Unit>;
  /** The declared names and kinds, in order, and every enum (keys). */
  readonly names: string;
  readonly enums: string;
  /** The unit of each declared name. */
  readonly byName: ReadonlyMap<string, Unit>;
  readonly derived: Derived;
  readonly machines: ReadonlyMap<A.Declaration, MachineInfo>;
}

/** What the file's units decide together: what each name reads, the order, cycles, the names used. */
interface Derived {
  readonly memo: ReadonlyMap<string, Reads>;
  readonly order: readonly string[];
  readonly cycles: ReadonlySet<string>;
  readonly used: ReadonlySet<string>;
}

export interface IncrementalCheck {
  readonly result: CheckResult;
  /** Undefined when the next version must be checked whole (definitions in a cycle: their types depend on the order). */
  readonly state: CheckState | undefined;
  /** How many declarations were checked anew (the others kept their results). */
  readonly checked: number;
}

/**
 * The check of a file from the last version's (issue #15, point 2): a declaration whose tree is
 * unchanged and whose every name it looked up has the same signature as then (its kind and
 * type; the list of all names when it suggested one; the enum members when it asked) keeps its
 * result, moved to its place; the others are checked again. The names of the file, duplicates,
 * what each declaration reads transitively, cycles, the table of section 3 and unused names are
 * decided on the whole file each time (cheap). The result is `check(file)`'s: the tests hold
 * them equal after random edits.
 */
export function checkIncremental(file: A.SpecFile, pieces: readonly CheckPiece[], previous: CheckState | undefined): IncrementalCheck {
  const warm = run(file, pieces, previous, true, true);
  if (warm.cyclic && previous) return run(file, pieces, undefined, true);
  return warm;
}

/** The result of checking one declaration, in the coordinates of its local tree. */
interface Unit {
  readonly diagnostics: Diagnostic[];
  readonly occurrences: Occurrence[];
  readonly types: Map<A.Expr, Type>;
  readonly targets: Map<A.Expr, Target>;
  /** What the declaration's body reads (every declaration with a body has one: its own). */
  facts?: BodyFacts;
  /** The names it uses (repeats allowed). */
  readonly used: string[];
  /** Each name looked up, with its signature (filled once every declaration of the version is checked). */
  readonly deps: Map<string, Signature | undefined>;
  /** Checked in this version (its deps' signatures still to fill in), not kept from the last. */
  fresh: boolean;
  /** It read the list of every declared name (a suggestion): `names` is that list's key. */
  allNames: boolean;
  names?: string;
  /** It asked whether a name is an enum member: `enums` is the key of every enum. */
  allEnums: boolean;
  enums?: string;
  /** The type of a signal, action, def or term. */
  type?: Type;
  /** A prop with a body. */
  body?: boolean;
  /** The table of section 3 on this declaration's body (decided with the whole file, kept with the unit). */
  table?: Diagnostic[];
  /** The groups of an `exclusive` (of every one, when the units share their parts). */
  readonly groups: string[][];
  /** The occurrences moved to the text, for the delta they were moved by. */
  placed?: { readonly delta: number; readonly occurrences: readonly Occurrence[] };
}

const NO_DECLARATION: Signature = { kind: undefined };
/** A unit with parts of its own, or sharing those of `shared`. */
const newUnitOf = (shared: Unit | undefined): Unit => ({
  diagnostics: shared?.diagnostics ?? [], occurrences: shared?.occurrences ?? [], types: shared?.types ?? new Map(), targets: shared?.targets ?? new Map(),
  facts: undefined, used: shared?.used ?? [], deps: shared?.deps ?? new Map(), fresh: true, allNames: false, names: undefined, allEnums: false, enums: undefined,
  type: undefined, body: undefined, table: undefined, groups: shared?.groups ?? [], placed: undefined,
});

/**
 * What a unit saw of a name it looked up: the declaration's kind (none: undeclared), its type
 * (signals, actions, defs, terms), and a flag (a prop has a body; a reward comes before the
 * unit that names it).
 */
interface Signature {
  readonly kind: string | undefined;
  readonly type?: Type;
  readonly flag?: boolean;
}

const typeKey = (t: Type): string => (t.kind === 'enum' ? `enum ${t.owner} ${t.members.join(',')}` : t.kind === 'vector' ? `vector ${t.length} ${t.element}` : t.kind);

/** `keep`: the units are kept for the next version (each its own maps); otherwise they share one. */
function run(file: A.SpecFile, pieces: readonly CheckPiece[], previous: CheckState | undefined, keep: boolean, trust = true): IncrementalCheck & { cyclic: boolean } {
  const early: Diagnostic[] = [];
  const late: Diagnostic[] = [];
  const declOccurrences: Occurrence[] = [];

  // ---- declarations and their names ----
  const declarations = new Map<string, A.NamedDeclaration>();
  let discount: number | undefined;
  let horizon: number | undefined;
  let continuing = false;
  let discountDecl: A.Declaration | undefined;
  let horizonDecl: A.Declaration | undefined;
  let continuingDecl: A.Declaration | undefined;

  for (const d of file.declarations) {
    switch (d.kind) {
      case 'discount':
        if (discountDecl) early.push(diagnostic('duplicate-name', d.span, "'discount' is declared twice: keep one.", { related: [{ span: discountDecl.span, message: 'first declared here' }] }));
        else {
          discountDecl = d;
          if (d.value !== undefined && !(d.value > 0 && d.value <= 1)) {
            early.push(diagnostic('invalid-discount', d.valueSpan ?? d.span, `The discount ${d.value} is outside (0, 1]: gamma must be above 0 and at most 1 (0.99 is usual; 1 only for episodic tasks).`));
          } else discount = d.value;
        }
        break;
      case 'horizon':
        if (horizonDecl) early.push(diagnostic('duplicate-name', d.span, "'horizon' is declared twice: keep one.", { related: [{ span: horizonDecl.span, message: 'first declared here' }] }));
        else {
          horizonDecl = d;
          if (d.value !== undefined && !(Number.isInteger(d.value) && d.value >= 1)) {
            early.push(diagnostic('type-mismatch', d.valueSpan ?? d.span, `The horizon must be a whole number of steps, at least 1 (found ${d.value}).`));
          } else horizon = d.value;
        }
        break;
      case 'continuing':
        continuing = true;
        continuingDecl = d;
        break;
      case 'exclusive':
        break;
      default: {
        const prior = declarations.get(d.name.text);
        if (prior) {
          early.push(diagnostic('duplicate-name', d.name.span, `'${d.name.text}' is already declared as a ${KIND_WORDS[prior.kind]}: names are unique across all declarations of a file. Rename one.`, {
            related: [{ span: prior.name.span, message: `'${d.name.text}' first declared here` }],
          }));
        } else declarations.set(d.name.text, d);
        declOccurrences.push({ span: d.name.span, target: { kind: 'declaration', name: d.name.text }, declaration: true });
      }
    }
  }
  if (continuingDecl && horizonDecl) {
    early.push(diagnostic('type-mismatch', continuingDecl.span, "A spec is either episodic ('horizon') or 'continuing', not both: remove one.", { related: [{ span: horizonDecl.span, message: 'horizon declared here' }] }));
  }

  const named = <K extends A.NamedDeclaration['kind']>(kind: K) =>
    file.declarations.filter((d): d is Extract<A.NamedDeclaration, { kind: K }> => d.kind === kind && declarations.get((d as A.NamedDeclaration).name.text) === d);
  const signals = named('signal') as A.SignalDecl[];
  const actions = named('action') as A.SignalDecl[];
  const defs = named('def') as A.ExprDecl[];
  const props = named('prop') as A.PropDecl[];
  const terms = named('term') as A.ExprDecl[];
  const potentials = named('potential') as A.ExprDecl[];
  const machinesDecls = named('machine') as A.MachineDecl[];
  const ltls = named('ltl') as A.LtlDecl[];
  const rewards = named('reward') as A.RewardDecl[];

  // ---- each declaration checked on its own (a unit), its result kept while its inputs are unchanged ----
  const pieceOf = new Map<A.Declaration, CheckPiece>();
  for (const p of pieces) pieceOf.set(p.placed, p);
  const units = new Map<A.Declaration, Unit>();
  const inProgress = new Set<A.Declaration>();
  let cyclic = false;
  let checked = 0;
  // Checked once (keep false): every unit types into the same maps, and nothing records what it looked up.
  const shared = keep ? undefined : newUnitOf(undefined);
  const newUnit = (): Unit => newUnitOf(shared);
  /** The unit being checked: reports, lookups and facts go to it. */
  let sink: Unit = newUnit();
  let fast = false;
  let unitPlaced: A.Declaration = file.declarations[0];
  const report = (d: Diagnostic) => sink.diagnostics.push(d);
  /** A name looked up from the unit being checked: its signature is an input of the unit. */
  const lookup = (name: string): A.NamedDeclaration | undefined => {
    if (keep) sink.deps.set(name, undefined);
    return declarations.get(name);
  };
  /** Every declaration (for a suggestion): the list of names is an input of the unit. */
  const allDeclared = (): A.NamedDeclaration[] => {
    sink.allNames = true;
    return [...declarations.values()];
  };
  let namesKeyMemo: string | undefined;
  const namesKey = () => (namesKeyMemo ??= [...declarations.values()].map((d) => `${d.kind} ${d.name.text}`).join('\n'));
  let enumsKeyMemo: string | undefined;
  const enumsKey = () => (enumsKeyMemo ??= [...signalType.values()].filter((t) => t.kind === 'enum').map(typeKey).join('\n'));

  /**
   * What a unit that looked `name` up saw of it. A reward names another only in error; whether
   * that one comes first decides whether the use counts (`hasFacts`).
   */
  const signature = (name: string, from: A.Declaration): Signature => {
    const d = declarations.get(name);
    if (!d) return NO_DECLARATION;
    switch (d.kind) {
      case 'signal':
      case 'action':
        return { kind: d.kind, type: signalType.get(name) ?? ERROR };
      case 'def':
      case 'term':
        return { kind: d.kind, type: typeOfDef(d) };
      case 'prop':
        return { kind: d.kind, flag: d.body !== undefined };
      case 'reward':
        return { kind: d.kind, flag: d.span.start <= from.span.start };
      default:
        return { kind: d.kind };
    }
  };

  /** Whether `name` has the signature `sig` (signature() without building one). */
  const seesSame = (sig: Signature | undefined, name: string, from: A.Declaration): boolean => {
    if (!sig) return false;
    const d = declarations.get(name);
    if (!d) return sig.kind === undefined;
    if (sig.kind !== d.kind) return false;
    switch (d.kind) {
      case 'signal':
      case 'action':
        return sameTypeKey(sig.type, signalType.get(name) ?? ERROR);
      case 'def':
      case 'term':
        return sameTypeKey(sig.type, typeOfDef(d));
      case 'prop':
        return sig.flag === (d.body !== undefined);
      case 'reward':
        return sig.flag === d.span.start <= from.span.start;
      default:
        return true;
    }
  };
  const sameTypeKey = (a: Type | undefined, b: Type) => a === b || (a !== undefined && typeKey(a) === typeKey(b));

  /** The unit of a declaration of the file (placed): kept from the last version when its inputs are unchanged, checked otherwise. */
  const unitOf = (placed: A.Declaration): Unit => {
    const piece = pieceOf.get(placed)!;
    const done = units.get(piece.local);
    if (done) return done;
    inProgress.add(piece.local);
    const old = previous?.units.get(piece.local);
    let u: Unit;
    if (old && (fast || unchanged(old, placed))) u = old;
    else {
      checked++;
      const [outer, outerPlaced] = [sink, unitPlaced];
      sink = newUnit();
      unitPlaced = placed;
      u = sink;
      checkUnit(piece.local);
      [sink, unitPlaced] = [outer, outerPlaced];
    }
    inProgress.delete(piece.local);
    units.set(piece.local, u);
    return u;
  };
  const unchanged = (u: Unit, placed: A.Declaration): boolean => {
    if (u.allNames && u.names !== namesKey()) return false;
    if (u.allEnums && u.enums !== enumsKey()) return false;
    for (const [name, sig] of u.deps) if (!seesSame(sig, name, placed)) return false;
    return true;
  };
  /** The type of a def or term; its unit is checked first if need be (a definition in a cycle is an error). */
  const typeOfDef = (placed: A.NamedDeclaration): Type => {
    const local = pieceOf.get(placed)!.local;
    if (inProgress.has(local)) {
      cyclic = true;
      return ERROR;
    }
    return unitOf(placed).type ?? ERROR;
  };

  // ---- signal types ----
  const signalType = new Map<string, Type>();
  const signalUnit = (s: A.SignalDecl): Type => {
    const t = s.type;
    let type: Type = NUMBER;
    if (t?.kind === 'bool') type = BOOL;
    else if (t?.kind === 'enum') {
      const seen = new Map<string, A.Ident>();
      for (const m of t.members) {
        const prior = seen.get(m.text);
        if (prior) report(diagnostic('duplicate-name', m.span, `'${m.text}' is already a member of this enum.`, { related: [{ span: prior.span, message: 'first listed here' }] }));
        else seen.set(m.text, m);
        sink.occurrences.push({ span: m.span, target: { kind: 'member', owner: s.name.text, member: m.text }, declaration: true });
      }
      if (t.members.length === 0) report(diagnostic('type-mismatch', t.span, 'An enum needs at least one member.'));
      type = { kind: 'enum', owner: s.name.text, members: [...seen.keys()] };
    } else if (t?.kind === 'vector') {
      if (!(Number.isInteger(t.length) && t.length >= 1 && t.length <= 10000)) {
        report(diagnostic('type-mismatch', t.lengthSpan, `A vector has a whole number of elements from 1 to 10000 (found ${t.length}).`));
        type = ERROR;
      } else type = vectorType(t.length);
    }
    if (s.source?.slice && type.kind === 'vector') {
      const b = s.source.slice;
      const count = b.end === undefined ? type.length : Math.max(0, Math.ceil((b.end - (b.start ?? 0)) / (b.step ?? 1)));
      if (!(b.step === undefined || b.step >= 1) || ![b.start ?? 0, b.end ?? 0, b.step ?? 1].every(Number.isInteger) || (b.start ?? 0) < 0) {
        report(diagnostic('type-mismatch', b.span, 'Slice bounds are whole numbers from 0 and the step is at least 1.'));
      } else if (count !== type.length) {
        report(diagnostic('type-mismatch', b.span, `This slice reads ${count} element${count === 1 ? '' : 's'}, but '${s.name.text}' is a vector[${type.length}]: make them agree.`));
      }
    } else if (s.source?.slice && type.kind !== 'error') {
      report(diagnostic('type-mismatch', s.source.slice.span, `A slice reads several elements, but '${s.name.text}' is ${an(show(type))}: declare it 'vector[N]' or read one element (path[i]).`));
    }
    if (s.default) checkDefault(s, s.default, type, report);
    if (s.range) {
      if (t && (t.kind === 'bool' || t.kind === 'enum')) report(diagnostic('type-mismatch', s.range.span, `A range applies to number and int signals, not to ${t.kind}.`));
      else if (s.range.lo > s.range.hi) report(diagnostic('type-mismatch', s.range.span, `The range [${s.range.lo}, ${s.range.hi}] is empty: write the lower bound first.`));
    }
    return type;
  };
  for (const s of [...signals, ...actions]) signalType.set(s.name.text, unitOf(s).type ?? ERROR);
  // Early cutoff: with the same names, kinds and enums as the last version, every unit kept is
  // taken as it is, and the units checked anew are then held to the signatures of those they
  // replace (if one differs, the file is checked again with every unit's inputs compared).
  fast = keep && trust && previous !== undefined && previous.names === namesKey() && previous.enums === enumsKey();

  // ---- expressions ----
  /** The type of a declared name; `get` finds the declaration (a unit's lookup, or the model's). */
  const typeOfName = (name: string, get: (name: string) => A.NamedDeclaration | undefined): Type => {
    const d = get(name);
    if (!d) return ERROR;
    switch (d.kind) {
      case 'signal':
      case 'action':
        return signalType.get(name) ?? ERROR;
      case 'prop':
        return BOOL;
      case 'potential':
        return NUMBER;
      case 'term':
      case 'def':
        return typeOfDef(d);
      default:
        return ERROR;
    }
  };
  const declType = (name: string): Type => typeOfName(name, lookup);

  const isMemberOfSomeEnum = (name: string) => {
    sink.allEnums = true;
    return [...signalType.values()].some((t) => t.kind === 'enum' && t.members.includes(name));
  };

  /**
   * Types an expression without recursion: a frame per node on an explicit stack, children
   * typed in order; a child's expected type (an enum beside `==`, the enum of the other
   * branch) may depend on the types of the siblings before it. A 100,000-term sum is 100,000
   * frames on the heap, not on the call stack.
   */
  const typeExpr = (root: A.Expr, ctx: Context, f: BodyFacts, expected?: Type): Type => {
    const stack: Frame[] = [frame(root, expected)];
    let result: Type = ERROR;
    while (stack.length) {
      const top = stack[stack.length - 1];
      const next = nextChild(top);
      if (next) {
        stack.push(frame(next.e, next.expected));
        continue;
      }
      stack.pop();
      const t = finish(top, ctx, f);
      sink.types.set(top.e, t);
      if (stack.length) stack[stack.length - 1].kids.push(t);
      else result = t;
    }
    return result;
  };

  interface Frame {
    readonly e: A.Expr;
    readonly expected?: Type;
    readonly kids: Type[];
    /** `==`/`!=` with a bare enum member on the left: the right side is typed first. */
    memberLeft?: boolean;
  }
  const frame = (e: A.Expr, expected?: Type): Frame => ({ e, expected, kids: [] });

  /** The next child of a frame to type, with what it is expected to be; none when all are typed. */
  const nextChild = (fr: Frame): { e: A.Expr; expected?: Type } | undefined => {
    const e = fr.e;
    const k = fr.kids.length;
    switch (e.kind) {
      case 'paren':
        return k === 0 ? { e: e.inner, expected: fr.expected } : undefined;
      case 'unary':
        return k === 0 ? { e: e.operand, expected: e.op === '!' ? BOOL : NUMBER } : undefined;
      case 'binary': {
        if (e.op === '==' || e.op === '!=') {
          if (k === 0) {
            // A bare enum member beside an enum operand means the member (LANGUAGE.md section 2).
            fr.memberLeft = isBareName(e.left) && !(lookup(e.left.name.text)?.kind === 'signal' || lookup(e.left.name.text)?.kind === 'action') && isMemberOfSomeEnum(e.left.name.text);
            return fr.memberLeft ? { e: e.right } : { e: e.left };
          }
          if (k === 1) return fr.memberLeft ? { e: e.left, expected: fr.kids[0] } : { e: e.right, expected: fr.kids[0] };
          return undefined;
        }
        const logical = e.op === '&&' || e.op === '||' || e.op === '->' || e.op === '<->';
        const want = logical ? BOOL : NUMBER;
        return k === 0 ? { e: e.left, expected: want } : k === 1 ? { e: e.right, expected: want } : undefined;
      }
      case 'conditional':
        if (k === 0) return { e: e.test, expected: BOOL };
        if (k === 1) return { e: e.then, expected: fr.expected };
        if (k === 2) return { e: e.else, expected: fr.kids[1].kind === 'enum' ? fr.kids[1] : fr.expected };
        return undefined;
      case 'call':
        return k < e.args.length ? { e: e.args[k], expected: NUMBER } : undefined;
      case 'index':
      case 'slice':
        return k === 0 ? { e: e.target } : undefined;
      case 'vector':
        return k < e.elements.length ? { e: e.elements[k], expected: NUMBER } : undefined;
      default:
        return undefined;
    }
  };

  /** The type of a node from its children's types, reporting what does not fit. */
  const finish = (fr: Frame, ctx: Context, f: BodyFacts): Type => {
    const e = fr.e;
    const kids = fr.kids;
    switch (e.kind) {
      case 'number':
        // LANGUAGE.md section 13: a literal that is not finite (1e999) is refused where it stands.
        if (!Number.isFinite(e.value)) report(diagnostic('type-mismatch', e.span, `The number ${e.text} is not finite (it overflows a double): write a finite number.`));
        return NUMBER;
      case 'bool':
        return BOOL;
      case 'error':
        return ERROR;
      case 'paren':
        return kids[0];
      case 'name':
        return typeName(e, ctx, f, fr.expected);
      case 'unary': {
        const t = kids[0];
        if (e.op === '!') {
          if (!isTruth(t)) report(diagnostic('type-mismatch', e.operand.span, `'!' expects a bool, but this is ${an(show(t))}.`));
          return t.kind === 'vector' && t.element === 'bool' ? t : BOOL;
        }
        if (!isNumeric(t)) report(diagnostic('type-mismatch', e.operand.span, `'-' expects a number, but this is ${an(show(t))}.`));
        return t.kind === 'vector' && t.element === 'number' ? t : NUMBER;
      }
      case 'binary':
        return typeBinary(e, kids, fr.memberLeft === true);
      case 'conditional': {
        const [test, a, b] = kids;
        if (!isTruth(test)) report(diagnostic('type-mismatch', e.test.span, `A condition must be a bool, but this is ${an(show(test))}.`));
        if (test.kind === 'vector') {
          // Element by element: numbers or vectors of the test's length.
          for (const [side, t] of [[e.then, a], [e.else, b]] as const) {
            if (!isNumeric(t) || (t.kind === 'vector' && t.length !== test.length)) report(diagnostic('type-mismatch', side.span, `With a vector condition of ${test.length} elements, each branch must be a number or a vector[${test.length}], but this is ${an(show(t))}.`));
          }
          return vectorType(test.length);
        }
        if (!sameType(a, b)) report(diagnostic('type-mismatch', e.else.span, `Both branches must have the same type: ${show(a)} and ${show(b)}.`));
        return a.kind === 'error' ? b : a;
      }
      case 'call':
        return typeCall(e, kids);
      case 'index': {
        const t = kids[0];
        if (t.kind === 'error') return ERROR;
        if (t.kind !== 'vector') {
          report(diagnostic('type-mismatch', e.indexSpan, `Only a vector has elements, but this is ${an(show(t))}.`));
          return ERROR;
        }
        if (!Number.isInteger(e.index) || e.index < 0 || e.index >= t.length) {
          report(diagnostic('type-mismatch', e.indexSpan, `The index ${e.indexText} is outside this vector[${t.length}]: elements are numbered 0 to ${t.length - 1}.`));
        }
        return t.element === 'bool' ? BOOL : NUMBER;
      }
      case 'slice': {
        const t = kids[0];
        if (t.kind === 'error') return ERROR;
        if (t.kind !== 'vector') {
          report(diagnostic('type-mismatch', e.bounds.span, `Only a vector can be sliced, but this is ${an(show(t))}.`));
          return ERROR;
        }
        const r = sliceIndices(e.bounds, t.length);
        if ('error' in r) {
          report(diagnostic('type-mismatch', e.bounds.span, `This slice of a vector[${t.length}] is out of range: ${r.error}.`));
          return ERROR;
        }
        if (r.indexes.length === 0) {
          report(diagnostic('type-mismatch', e.bounds.span, 'This slice selects no element: a vector has at least one.'));
          return ERROR;
        }
        return vectorType(r.indexes.length, t.element);
      }
      case 'vector':
        kids.forEach((t, i) => {
          if (t.kind !== 'number' && t.kind !== 'error') report(diagnostic('type-mismatch', e.elements[i].span, `The elements of a vector literal are numbers, but this is ${an(show(t))}${t.kind === 'vector' ? ' (vectors do not nest)' : ''}.`));
        });
        return vectorType(e.elements.length);
      case 'prev':
        return typePrev(e, ctx, f);
      case 'temporal':
      case 'temporalBinary':
        // Only inside `ltl`, which is checked by checkLtl.
        return BOOL;
    }
  };

  const typeBinary = (e: Extract<A.Expr, { kind: 'binary' }>, kids: readonly Type[], memberLeft: boolean): Type => {
    const op = e.op;
    if (op === '==' || op === '!=') {
      const r = memberLeft ? kids[0] : kids[1];
      const lt = memberLeft ? kids[1] : kids[0];
      if (lt.kind === 'vector' || r.kind === 'vector') return elementwise(e, lt, r, 'number', 'bool');
      if (!sameType(lt, r)) report(diagnostic('type-mismatch', e.span, `'${op}' compares values of one type, but these are ${show(lt)} and ${show(r)}.`));
      return BOOL;
    }
    const logical = op === '&&' || op === '||' || op === '->' || op === '<->';
    const [l, r] = kids;
    if (l.kind === 'vector' || r.kind === 'vector') return elementwise(e, l, r, logical ? 'bool' : 'number', logical || ['<', '<=', '>', '>='].includes(op) ? 'bool' : 'number');
    const want = logical ? BOOL : NUMBER;
    for (const [side, t] of [[e.left, l], [e.right, r]] as const) {
      if (!sameType(t, want)) report(diagnostic('type-mismatch', side.span, `'${op}' expects ${logical ? 'bools' : 'numbers'}, but this is ${an(show(t))}.`));
    }
    return logical || op === '<' || op === '<=' || op === '>' || op === '>=' ? BOOL : NUMBER;
  };

  /** A binary operator with a vector operand: element by element (LANGUAGE.md section 10). */
  const elementwise = (e: Extract<A.Expr, { kind: 'binary' }>, l: Type, r: Type, operands: 'number' | 'bool', result: 'number' | 'bool'): Type => {
    const ok = operands === 'bool' ? isTruth : isNumeric;
    for (const [side, t] of [[e.left, l], [e.right, r]] as const) {
      if (!ok(t)) {
        const why = t.kind === 'vector' && t.element === 'bool' ? ` (arithmetic on booleans is refused; count(...) counts them)` : '';
        report(diagnostic('type-mismatch', side.span, `'${e.op}' expects ${operands === 'bool' ? 'bools or vectors of bools' : 'numbers or vectors of numbers'}, but this is ${an(show(t))}${why}.`));
      }
    }
    const n = lengthOf(l) || lengthOf(r);
    if (l.kind === 'vector' && r.kind === 'vector' && l.length !== r.length) {
      report(diagnostic('type-mismatch', e.opSpan, `'${e.op}' needs vectors of one length, but these have ${l.length} and ${r.length} elements.`));
    }
    return vectorType(n, result);
  };

  const typeCall = (e: Extract<A.Expr, { kind: 'call' }>, kids: readonly Type[]): Type => {
    const name = e.callee.text;
    const fn = FUNCTION_TABLE.get(name);
    if (!fn) {
      const guess = closest(name, FUNCTIONS.keys());
      report(diagnostic('undefined-name', e.callee.span, `Unknown function '${name}'${guess ? `: did you mean '${guess}'?` : '.'} The functions are ${[...FUNCTIONS.keys()].join(', ')}.`, {
        fixes: guess ? [{ title: `Change to '${guess}'`, edits: [{ span: e.callee.span, newText: guess }], preferred: true }] : undefined,
      }));
      return NUMBER;
    }
    sink.occurrences.push({ span: e.callee.span, target: { kind: 'function', name }, declaration: false });
    const vectors = kids.filter((t) => t.kind === 'vector');
    // A reduction: one vector (two for dot), giving one value.
    if (fn.reduce && (!fn.scalar || (kids.length === 1 && vectors.length === 1))) {
      const red = fn.reduce;
      if (kids.length !== red.vectors) {
        report(diagnostic('type-mismatch', e.span, `${fn.signature} takes ${red.vectors === 1 ? 'one vector' : 'two vectors'}, got ${kids.length} argument${kids.length === 1 ? '' : 's'}.`));
        return red.yields === 'bool' ? BOOL : NUMBER;
      }
      kids.forEach((t, i) => {
        if (t.kind === 'error') return;
        if (t.kind !== 'vector') {
          report(diagnostic('type-mismatch', e.args[i].span, `${name}() takes a vector, but this is ${an(show(t))}${red.element === 'bool' ? ': compare elements to get booleans, e.g. any(v > 0)' : `: ${name} of one number is the number itself`}.`));
        } else if (t.element !== red.element) {
          report(diagnostic('type-mismatch', e.args[i].span, red.element === 'bool'
            ? `${name}() takes a vector of bools, but this is ${an(show(t))}: compare its elements, e.g. ${name}(v > 0).`
            : `${name}() takes a vector of numbers, but this is ${an(show(t))}: count(...) counts the elements that hold.`));
        }
      });
      if (red.vectors === 2 && kids[0].kind === 'vector' && kids[1].kind === 'vector' && kids[0].length !== kids[1].length) {
        report(diagnostic('type-mismatch', e.span, `${fn.signature} needs vectors of one length, but these have ${kids[0].length} and ${kids[1].length} elements.`));
      }
      return red.yields === 'bool' ? BOOL : NUMBER;
    }
    const scalar = fn.scalar!;
    void scalar;
    if (e.args.length < fn.min || e.args.length > fn.max) {
      report(diagnostic('type-mismatch', e.span, `${fn.signature} takes ${fn.min === fn.max ? fn.min : `at least ${fn.min}`} argument${fn.min === 1 && fn.max === 1 ? '' : 's'}, got ${e.args.length}.`));
    }
    let n = 0;
    kids.forEach((t, i) => {
      if (!isNumeric(t)) report(diagnostic('type-mismatch', e.args[i].span, `${name}() takes numbers, but this is ${an(show(t))}.`));
      else if (t.kind === 'vector') {
        if (n !== 0 && t.length !== n) report(diagnostic('type-mismatch', e.args[i].span, `${name}() applies element by element to vectors of one length, but this has ${t.length} elements and an earlier argument ${n}.`));
        n ||= t.length;
      }
    });
    return n ? vectorType(n) : NUMBER;
  };

  /** `prev(NAME)` (LANGUAGE.md section 13): a signal, action, def or term one step earlier. */
  const typePrev = (e: Extract<A.Expr, { kind: 'prev' }>, ctx: Context, f: BodyFacts): Type => {
    const name = e.name.text;
    const d = lookup(name);
    if (!d) {
      const guess = closest(name, allDeclared().filter((x) => ['signal', 'action', 'def', 'term'].includes(x.kind)).map((x) => x.name.text));
      report(diagnostic('undefined-name', e.name.span, `'${name}' is not declared${guess ? `: did you mean '${guess}'?` : '.'}`, {
        fixes: guess ? [{ title: `Change to '${guess}'`, edits: [{ span: e.name.span, newText: guess }], preferred: true }] : undefined,
      }));
      return ERROR;
    }
    const target: Target = { kind: 'declaration', name };
    sink.occurrences.push({ span: e.name.span, target, declaration: false });
    sink.used.push(name);
    if (!(d.kind === 'signal' || d.kind === 'action' || d.kind === 'def' || d.kind === 'term')) {
      report(diagnostic('type-mismatch', e.name.span, `prev() takes a signal, action, def or term, but '${name}' is a ${KIND_WORDS[d.kind]}.`));
      return ERROR;
    }
    if (!(ctx === 'term' || ctx === 'transition-reward' || ctx === 'item' || ctx === 'verdict')) {
      const where = { def: 'a def', potential: 'a potential', prop: 'a prop', guard: 'a guard', ltl: 'a formula' }[ctx as 'def'] ?? 'here';
      report(diagnostic('prime-not-allowed', e.span, `prev() reads the previous step, which ${where} cannot: it may stand in terms, transition rewards, reward items, accept/reject and replace. Move it into a term.`));
    }
    f.prevSpans.push(e.span);
    f.uses.push({ name, primed: false, span: e.span, prev: true });
    if (d.kind === 'def' || d.kind === 'term') return typeDef(d as A.ExprDecl);
    return declType(name);
  };

  const typeName = (e: Extract<A.Expr, { kind: 'name' }>, ctx: Context, f: BodyFacts, expected?: Type): Type => {
    const name = e.name.text;
    const d = lookup(name);
    // Beside an enum operand a bare member name means the member (LANGUAGE.md section 2),
    // even when a declaration has the same name.
    if (expected?.kind === 'enum' && expected.members.includes(name) && !e.primed) {
      const target: Target = { kind: 'member', owner: expected.owner, member: name };
      sink.targets.set(e, target);
      sink.occurrences.push({ span: e.name.span, target, declaration: false });
      return expected;
    }
    // `pi` is a constant wherever no declaration is named `pi` (LANGUAGE.md section 13).
    if (!d && name === 'pi' && !e.primed) return NUMBER;
    if (!d) {
      const candidates = [...allDeclared().map((x) => x.name.text), ...(expected?.kind === 'enum' ? expected.members : [])];
      const guess = closest(name, candidates);
      report(diagnostic('undefined-name', e.name.span, `'${name}' is not declared${guess ? `: did you mean '${guess}'?` : `. Declare it (e.g. 'signal ${name}: number' or 'prop ${name}').`}`, {
        fixes: guess ? [{ title: `Change to '${guess}'`, edits: [{ span: e.name.span, newText: guess }], preferred: true }] : undefined,
      }));
      return ERROR;
    }
    const target: Target = { kind: 'declaration', name };
    sink.targets.set(e, target);
    sink.occurrences.push({ span: e.name.span, target, declaration: false });
    sink.used.push(name);
    if (d.kind === 'machine' || d.kind === 'ltl' || d.kind === 'reward') {
      report(diagnostic('type-mismatch', e.span, `'${name}' is a ${KIND_WORDS[d.kind]}, not a value: use it as a reward item${d.kind === 'reward' ? ' of another reward is not possible either' : ''}.`));
      return ERROR;
    }
    if (e.primed && (d.kind === 'action' || d.kind === 'term')) {
      report(diagnostic('prime-not-allowed', e.span, d.kind === 'action'
        ? `'${name}' is an action: it has a value at a_t only, so '${name}'' means nothing. Remove the prime.`
        : `'${name}' is a term over a whole transition (s, a, s'): it has no next value. Remove the prime.`));
    }
    if (ctx === 'ltl' && d.kind !== 'prop') {
      report(diagnostic('type-mismatch', e.span, `Atoms of a temporal formula are props, but '${name}' is a ${KIND_WORDS[d.kind]}: declare 'prop ${name}_holds = ...' and use that.`));
    }
    if (ctx === 'guard' && e.primed) {
      report(diagnostic('prime-not-allowed', e.span, `A guard is read on the state reached by the step, so '${name}' already means its value there: remove the prime.`));
    }
    f.uses.push({ name, primed: e.primed, span: e.span });
    if (d.kind === 'action') {
      f.direct.action = true;
      f.actionSpans.push(e.span);
    } else if (e.primed) {
      f.direct.next = true;
      f.primeSpans.push(e.span);
    } else f.direct.current = true;
    if (d.kind === 'def' || d.kind === 'term') return typeDef(d as A.ExprDecl);
    return declType(name);
  };

  /** The type of a def or term named in the unit being checked. */
  const typeDef = (d: A.ExprDecl): Type => typeOfDef(d);

  /** The unit of a def or term: its body typed, its type checked. */
  const defUnit = (d: A.ExprDecl): Type => {
    const name = d.name.text;
    const f = newFacts();
    const t = typeExpr(d.body, d.kind === 'term' ? 'term' : 'def', f);
    sink.facts = f;
    // Defs and terms may be vectors of numbers (LANGUAGE.md section 10); a term is numeric.
    if (d.kind === 'term' && !isNumeric(t)) report(diagnostic('type-mismatch', d.body.span, `The term '${name}' must be a number, but this is ${an(show(t))}.`));
    if (d.kind === 'def' && t.kind === 'vector' && t.element === 'bool') report(diagnostic('type-mismatch', d.body.span, `The def '${name}' is a vector of bools, but vectors hold numbers: reduce it with any(...), all(...) or count(...).`));
    return t;
  };

  const checkBody = (name: string, body: A.Expr, ctx: Context, want: Type, what: string) => {
    const f = newFacts();
    const t = typeExpr(body, ctx, f, want);
    sink.facts = f;
    if (!sameType(t, want)) report(diagnostic('type-mismatch', body.span, `${what} must be ${an(show(want))}, but this is ${an(show(t))}${reduceHint(t)}.`));
  };

  /** Checks one declaration (its local tree) into `sink`. */
  function checkUnit(d: A.Declaration): void {
    switch (d.kind) {
      case 'signal':
      case 'action':
        sink.type = signalUnit(d);
        return;
      case 'def':
      case 'term':
        sink.type = defUnit(d);
        return;
      case 'prop':
        sink.body = d.body !== undefined;
        if (d.body) checkBody(d.name.text, d.body, 'prop', BOOL, `The prop '${d.name.text}'`);
        return;
      case 'potential':
        checkBody(d.name.text, d.body, 'potential', NUMBER, `The potential '${d.name.text}'`);
        return;
      case 'machine': {
        // Machine guards and rewards, ltl formulas and verdicts, reward items: facts kept per owner.
        const m = machineInfo(d, report, sink.occurrences);
        const f = newFacts();
        sink.facts = f;
        for (const tr of m.transitions) {
          if (tr.guard.kind !== 'otherwise' && tr.order === firstOrderOf(m, tr)) {
            const t = typeExpr(tr.guard, 'guard', f, BOOL);
            if (!sameType(t, BOOL)) report(diagnostic('type-mismatch', tr.guard.span, `A guard must be a bool, but this is ${an(show(t))}${reduceHint(t)}.`));
          }
          if (tr.reward && tr.order === firstOrderOf(m, tr)) {
            const t = typeExpr(tr.reward, 'transition-reward', f, NUMBER);
            if (!sameType(t, NUMBER)) report(diagnostic('type-mismatch', tr.reward.span, `A transition reward must be a number, but this is ${an(show(t))}${reduceHint(t)}.`));
          }
        }
        return;
      }
      case 'ltl': {
        const f = newFacts();
        sink.facts = f;
        checkLtl(d.formula, (e) => typeExpr(e, 'ltl', f, BOOL), report);
        for (const v of [d.accept, d.reject]) {
          if (!v) continue;
          const t = typeExpr(v, 'verdict', newFacts(), NUMBER);
          if (!sameType(t, NUMBER)) report(diagnostic('type-mismatch', v.span, `'accept' and 'reject' values must be numbers, but this is ${an(show(t))}${reduceHint(t)}.`));
        }
        return;
      }
      case 'exclusive': {
        const group: string[] = [];
        for (const n of d.names) {
          const target = lookup(n.text);
          if (!target) {
            const guess = closest(n.text, allDeclared().filter((x) => x.kind === 'prop').map((p) => p.name.text));
            report(diagnostic('undefined-name', n.span, `'${n.text}' is not declared${guess ? `: did you mean '${guess}'?` : ': exclusive lists props.'}`, {
              fixes: guess ? [{ title: `Change to '${guess}'`, edits: [{ span: n.span, newText: guess }], preferred: true }] : undefined,
            }));
            continue;
          }
          sink.occurrences.push({ span: n.span, target: { kind: 'declaration', name: n.text }, declaration: false });
          if (target.kind !== 'prop') report(diagnostic('type-mismatch', n.span, `'exclusive' lists props, but '${n.text}' is a ${KIND_WORDS[target.kind]}.`));
          else group.push(n.text);
        }
        if (group.length >= 2) sink.groups.push(group);
        return;
      }
      case 'reward': {
        const f = newFacts();
        sink.facts = f;
        for (const item of d.items) checkItem(item, f, d);
        // LANGUAGE.md section 13: at most one clip per block. The message names the first by its
        // text, not its line: a unit's messages must not move when other declarations do.
        const clips = d.items.filter((i) => i.body.kind === 'clip');
        for (const extra of clips.slice(1)) {
          report(diagnostic('type-mismatch', extra.span, `A reward block clips at most once, and '${clips[0].label}' above already clips this block: keep one clip line (items below it are added after the clip).`));
        }
        return;
      }
    }
  }

  function checkItem(item: A.RewardItem, f: BodyFacts, owner: A.RewardDecl) {
    const b = item.body;
    // LANGUAGE.md section 13: a literal that is not finite (1e999) is refused, weights included.
    const literal = b.kind === 'const' ? b.value : b.kind === 'ref' || b.kind === 'expr' ? b.weight : undefined;
    if (literal !== undefined && !Number.isFinite(literal)) report(diagnostic('type-mismatch', item.span, `The number in '${item.label}' is not finite (it overflows a double): write a finite number.`));
    if (b.kind === 'const') return;
    if (b.kind === 'clip') {
      if (!(b.lo.value <= b.hi.value)) report(diagnostic('type-mismatch', item.span, `The clip [${b.lo.text}, ${b.hi.text}] is empty: write the lower bound first.`));
      return;
    }
    if (b.kind === 'replace') {
      const v = typeExpr(b.value, 'item', f, NUMBER);
      if (!sameType(v, NUMBER)) report(diagnostic('type-mismatch', b.value.span, `A replacing reward must be a number, but this is ${an(show(v))}${reduceHint(v)}.`));
      const c = typeExpr(b.when, 'item', f, BOOL);
      if (!sameType(c, BOOL)) report(diagnostic('type-mismatch', b.when.span, `The condition after 'when' must be a bool, but this is ${an(show(c))}${reduceHint(c)}.`));
      return;
    }
    if (b.kind === 'expr') {
      const t = typeExpr(b.expr, 'item', f, NUMBER);
      if (!sameType(t, NUMBER)) report(diagnostic('type-mismatch', b.expr.span, `A reward item must be a number, but this is ${an(show(t))}${reduceHint(t)}.`));
      return;
    }
    const name = b.name.text;
    const d = lookup(name);
    if (!d) {
      const candidates = allDeclared().filter((x) => (b.kind === 'shaping' ? x.kind === 'potential' || x.kind === 'machine' : x.kind !== 'reward' && x.kind !== 'prop')).map((x) => x.name.text);
      const guess = closest(name, candidates);
      report(diagnostic('undefined-name', b.name.span, `'${name}' is not declared${guess ? `: did you mean '${guess}'?` : '.'}`, {
        fixes: guess ? [{ title: `Change to '${guess}'`, edits: [{ span: b.name.span, newText: guess }], preferred: true }] : undefined,
      }));
      return;
    }
    sink.occurrences.push({ span: b.name.span, target: { kind: 'declaration', name }, declaration: false });
    sink.used.push(name);
    if (b.kind === 'shaping') {
      if (d.kind !== 'potential' && d.kind !== 'machine') {
        report(diagnostic('type-mismatch', b.name.span, `'shaping' takes a potential or a machine, but '${name}' is a ${KIND_WORDS[d.kind]}.`));
      }
      if (b.discount !== undefined && d.kind === 'potential') {
        report(diagnostic('type-mismatch', b.discountSpan ?? item.span, "'discount' after 'shaping' applies to machine shaping only: a potential is shaped with the declared discount."));
      }
      if (b.discount !== undefined && !(b.discount > 0 && b.discount <= 1)) {
        report(diagnostic('invalid-discount', b.discountSpan ?? item.span, `The shaping discount ${b.discount} is outside (0, 1].`));
      }
      return;
    }
    switch (d.kind) {
      case 'machine':
      case 'ltl':
        break;
      case 'term': {
        const t = typeDef(d);
        if (!sameType(t, NUMBER)) report(diagnostic('type-mismatch', b.name.span, `A reward item must be a number, but '${name}' is ${an(show(t))}${reduceHint(t)}.`));
        break;
      }
      case 'signal':
      case 'action':
      case 'def': {
        const t = d.kind === 'def' ? typeDef(d) : declType(name);
        if (!sameType(t, NUMBER)) report(diagnostic('type-mismatch', b.name.span, `A reward item must be numeric, but '${name}' is ${an(show(t))}${t.kind === 'bool' ? `: write '(${name} ? 1 : 0)'` : reduceHint(t)}.`));
        break;
      }
      case 'potential':
        report(diagnostic('type-mismatch', b.name.span, `'${name}' is a potential: add it as 'shaping ${name}' (a potential is not a reward by itself).`, {
          fixes: [{ title: `Write 'shaping ${name}'`, edits: [{ span: item.span, newText: `${item.task ? 'task ' : ''}shaping ${name}` }], preferred: true }],
        }));
        break;
      case 'prop':
        report(diagnostic('type-mismatch', b.name.span, `'${name}' is a prop (a bool): write '(${name} ? 1 : 0)' to pay for it.`));
        break;
      default:
        report(diagnostic('type-mismatch', b.name.span, `'${name}' is a ${KIND_WORDS[d.kind]} and cannot be a reward item.`));
    }
    // A use of what has a body of its own (a reward only of itself or one before it, as they are checked in order).
    const hasBody = d.kind === 'prop' ? d.body !== undefined : d.kind === 'reward' ? d.span.start <= unitPlaced.span.start : d.kind !== 'signal' && d.kind !== 'action';
    if (hasBody) f.uses.push({ name, primed: false, span: b.name.span });
  }

  // ---- every declaration of the file (the first of each name), in order ----
  const live: { readonly piece: CheckPiece; readonly unit: Unit }[] = [];
  const liveByName = new Map<string, { readonly piece: CheckPiece; readonly unit: Unit }>();
  for (const d of file.declarations) {
    if (d.kind === 'exclusive') live.push({ piece: pieceOf.get(d)!, unit: unitOf(d) });
    else if (isNamed(d) && declarations.get(d.name.text) === d) {
      const at = { piece: pieceOf.get(d)!, unit: unitOf(d) };
      live.push(at);
      liveByName.set(d.name.text, at);
    }
  }
  // The units checked anew must show what those they replace showed, or the cutoff was wrong.
  let sameFacts = fast;
  if (fast) {
    for (const [name, { unit }] of liveByName) {
      if (!unit.fresh) continue;
      const old = previous!.byName.get(name);
      if (!old || old.body !== unit.body || (old.type !== unit.type && (old.type === undefined || unit.type === undefined || typeKey(old.type) !== typeKey(unit.type)))) return run(file, pieces, previous, keep, false);
      sameFacts &&= factsAlike(old, unit);
    }
  }
  /** Per owner name, its facts and how far its unit's tree is from the text. */
  const factsOf = (name: string) => {
    const at = liveByName.get(name);
    return at?.unit.facts && { f: at.unit.facts, delta: at.piece.delta };
  };
  const exclusive: string[][] = [];
  for (const { unit } of live) if (unit.groups !== shared?.groups) exclusive.push(...unit.groups);
  if (shared) exclusive.push(...shared.groups);
  const moved = (s: Span, delta: number): Span => (delta === 0 ? s : { start: s.start + delta, end: s.end + delta });

  // With the facts of the last version (same names, kinds and uses), what they decide is the same too.
  const derived = sameFacts ? previous!.derived : derive();
  const readsOf = (name: string): Reads => {
    const memo = derived.memo.get(name);
    if (memo) return memo;
    const d = declarations.get(name);
    return d?.kind === 'signal' ? { current: true, next: false, action: false } : d?.kind === 'action' ? { current: false, next: false, action: true } : EMPTY_READS;
  };

  // ---- what each declaration reads, transitively, and the table of section 3 ----
  function derive(): Derived {
    const readsMemo = new Map<string, Reads>();
    const cycles = new Set<string>();
    const order: string[] = [];
    const visiting: string[] = [];
    const reads = (name: string): Reads => {
      const memo = readsMemo.get(name);
      if (memo) return memo;
      const d = declarations.get(name);
      if (!d) return EMPTY_READS;
      if (d.kind === 'signal') return { current: true, next: false, action: false };
      if (d.kind === 'action') return { current: false, next: false, action: true };
      const f = factsOf(name)?.f;
      if (!f) return EMPTY_READS;
      if (visiting.includes(name)) {
        const cycle = visiting.slice(visiting.indexOf(name));
        for (const c of cycle) cycles.add(c);
        return EMPTY_READS;
      }
      visiting.push(name);
      let current = false;
      let next = false;
      let action = false;
      let previous = f.prevSpans.length > 0;
      for (const u of f.uses) {
        const r = reads(u.name);
        previous ||= r.previous === true;
        if (u.prev) continue;
        const ud = declarations.get(u.name);
        if (u.primed && ud && (ud.kind === 'signal' || ud.kind === 'def' || ud.kind === 'prop' || ud.kind === 'potential')) {
          next ||= r.current || r.next;
        } else {
          current ||= r.current;
          next ||= r.next;
        }
        action ||= r.action;
      }
      visiting.pop();
      const result = { current: current || f.direct.current, next, action, previous };
      readsMemo.set(name, result);
      order.push(name);
      return result;
    };
    for (const name of declarations.keys()) reads(name);
      const used = new Set<string>();
      for (const { unit } of live) if (unit.used !== shared?.used) for (const n of unit.used) used.add(n);
      if (shared) for (const n of shared.used) used.add(n);
      return { memo: readsMemo, order: order.filter((n) => !cycles.has(n)), cycles, used };
  }

  for (const name of derived.cycles) {
    const d = declarations.get(name)!;
    late.push(diagnostic('undefined-name', d.name.span, `'${name}' is defined in terms of itself: break the cycle.`));
  }

  const tableRule = (d: A.NamedDeclaration) => {
    if (d.kind !== 'def' && d.kind !== 'potential' && d.kind !== 'prop') return;
    const owner = liveByName.get(d.name.text)?.unit;
    const f = owner?.facts;
    if (!owner || !f) return;
    const table: Diagnostic[] = (owner.table = []);
    const code = d.kind === 'potential' ? 'potential-not-state-function' : 'prime-not-allowed';
    const why = d.kind === 'prop'
      ? `a prop is a predicate on one state (and the action): use '${d.name.text}'' elsewhere to read it on the next state`
      : d.kind === 'def'
        ? 'a def is a state function f(s): it reads s_t only'
        : 'a potential must be a state function phi(s) for shaping to preserve the optimal policy (Ng et al. 1999)';
    for (const u of f.uses) {
      const ud = declarations.get(u.name);
      if (!ud) continue;
      const r = readsOf(u.name);
      const readsNext = (u.primed && ud.kind !== 'action' && ud.kind !== 'term') || r.next;
      const readsAction = r.action;
      if (readsNext) table.push(diagnostic(code, u.span, u.primed ? `'${u.span && u.name}'' reads the next state, but ${why}.` : `'${u.name}' reads the next state (s_{t+1}), but ${why}.`));
      else if (readsAction && d.kind !== 'prop') table.push(diagnostic(code, u.span, `'${u.name}' ${ud.kind === 'action' ? 'is an action' : 'reads an action'}, but ${why}.`));
    }
  };
  // The units checked anew, or every one when the file's facts changed.
  for (const { piece, unit } of live) if (!sameFacts || unit.fresh) if (isNamed(piece.placed)) tableRule(piece.placed);

  // ---- unused declarations ----
  for (const d of declarations.values()) {
    if (d.kind === 'reward' || derived.used.has(d.name.text)) continue;
    late.push(diagnostic('unused-declaration', d.name.span, `'${d.name.text}' is declared but no reward or declaration uses it.`, { unnecessary: true }));
  }

  // The units' diagnostics and occurrences, moved from their local trees to the text.
  const diagnostics: Diagnostic[] = [...early, ...(shared?.diagnostics ?? [])];
  const occurrences: Occurrence[] = [...declOccurrences, ...(shared?.occurrences ?? [])];
  for (const { piece, unit } of live) {
    if (shared) {
      if (unit.table) diagnostics.push(...unit.table);
      continue;
    }
    for (const d of unit.diagnostics) diagnostics.push(piece.delta === 0 ? d : shifted(d, piece.delta));
    for (const d of unit.table ?? []) diagnostics.push(piece.delta === 0 ? d : shifted(d, piece.delta));
    if (piece.delta === 0) occurrences.push(...unit.occurrences);
    else {
      if (unit.placed?.delta !== piece.delta) unit.placed = { delta: piece.delta, occurrences: unit.occurrences.map((o) => ({ ...o, span: moved(o.span, piece.delta) })) };
      occurrences.push(...unit.placed.occurrences);
    }
  }
  diagnostics.push(...late);
  // The inputs each unit saw, for the next version to compare with.
  // (A unit kept from the last version saw the same, or it would have been checked again.)
  for (const { piece, unit } of keep ? live : []) {
    if (!unit.fresh) continue;
    unit.fresh = false;
    for (const name of unit.deps.keys()) unit.deps.set(name, signature(name, piece.placed));
    if (unit.allNames) unit.names = namesKey();
    if (unit.allEnums) unit.enums = enumsKey();
  }
  /** The unit an expression of the file lies in, and the expression in that unit's tree. */
  const inUnit = <T>(e: A.Expr, get: (u: Unit, local: A.Expr) => T | undefined): T | undefined => {
    if (!keep) return get(sink, e);
    let lo = 0;
    let hi = live.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (live[mid].piece.placed.span.start <= e.span.start) lo = mid;
      else hi = mid - 1;
    }
    const at = live[lo];
    if (!at) return undefined;
    return get(at.unit, (at.piece.origin?.get(e) as A.Expr | undefined) ?? e);
  };
  // The machines of the model, on the tree of the file (kept while a machine's declaration is the same object).
  const machineInfos = new Map<A.Declaration, MachineInfo>();
  const machines: MachineInfo[] = machinesDecls.map((m) => {
    const info = previous?.machines.get(m) ?? machineInfo(m, () => {}, []);
    if (keep) machineInfos.set(m, info);
    return info;
  });

  const model: Model = {
    file, discount, horizon, continuing, declarations,
    signals, actions, defs, props, terms, potentials, machines, ltls, rewards, exclusive,
    typeOf: (e) => inUnit(e, (u, x) => u.types.get(x)) ?? ERROR,
    declType: (name) => typeOfName(name, (n) => declarations.get(n)),
    targetOf: (e) => inUnit(e, (u, x) => u.targets.get(x)),
    occurrences,
    reads: readsOf,
    order: derived.order,
  };
  diagnostics.sort((a, b) => a.span.start - b.span.start);
  const state: CheckState | undefined = cyclic || !keep
    ? undefined
    : { units, names: namesKey(), enums: enumsKey(), byName: new Map([...liveByName].map(([n, at]) => [n, at.unit])), derived, machines: machineInfos };
  // The model's functions close over this scope: it must not hold the last version's state.
  previous = undefined;
  return { result: { model, diagnostics }, state, checked, cyclic };
}

/** Whether two units of one name give the file the same facts: the same uses, read alike, and the same names used. */
function factsAlike(a: Unit, b: Unit): boolean {
  const [f, g] = [a.facts, b.facts];
  if ((f === undefined) !== (g === undefined)) return false;
  if (f && g) {
    if (f.direct.current !== g.direct.current || f.direct.next !== g.direct.next || f.direct.action !== g.direct.action) return false;
    if ((f.prevSpans.length > 0) !== (g.prevSpans.length > 0) || f.uses.length !== g.uses.length) return false;
    for (let i = 0; i < f.uses.length; i++) {
      const [u, v] = [f.uses[i], g.uses[i]];
      if (u.name !== v.name || u.primed !== v.primed || u.prev !== v.prev) return false;
    }
  }
  return a.used.length === b.used.length && a.used.every((n, i) => n === b.used[i]);
}

const newFacts = (): BodyFacts => ({ direct: { current: false, next: false, action: false }, uses: [], actionSpans: [], primeSpans: [], prevSpans: [] });

/** `default LITERAL` (LANGUAGE.md section 13): a literal of the signal's type. */
function checkDefault(s: A.SignalDecl, lit: A.DefaultLiteral, type: Type, report: (d: Diagnostic) => void): void {
  const bad = (why: string) => report(diagnostic('type-mismatch', lit.span, `The default of '${s.name.text}' ${why}.`));
  if (lit.kind === 'number' && !Number.isFinite(lit.value)) return bad(`${lit.text} is not finite`);
  switch (type.kind) {
    case 'error':
      return;
    case 'number':
      if (lit.kind !== 'number') bad('must be a number');
      else if (s.type?.kind === 'int' && !Number.isInteger(lit.value)) bad(`must be a whole number (found ${lit.text})`);
      return;
    case 'bool':
      if (lit.kind !== 'bool') bad("must be 'true' or 'false'");
      return;
    case 'enum':
      if (lit.kind === 'member' ? !type.members.includes(lit.name.text) : lit.kind !== 'number' || !Number.isInteger(lit.value) || lit.value < 0 || lit.value >= type.members.length) {
        bad(`must be a member of the enum (${type.members.join(', ')}) or its index, 0 to ${type.members.length - 1}`);
      }
      return;
    case 'vector':
      if (lit.kind === 'number') return;
      if (lit.kind !== 'vector') bad(`must be a vector literal of ${type.length} numbers, or one number for every element`);
      else if (lit.elements.length !== type.length) bad(`has ${lit.elements.length} elements, but '${s.name.text}' is a vector[${type.length}]`);
      else if (lit.elements.some((x) => !Number.isFinite(x.value))) bad('must have finite elements');
  }
}

const isBareName = (e: A.Expr): e is Extract<A.Expr, { kind: 'name' }> => e.kind === 'name' && !e.primed;

/** `a, b -> c when g` is one statement and several transitions sharing g: type g once. */
function firstOrderOf(m: MachineInfo, tr: MachineTransition): number {
  const first = m.transitions.find((t) => t.statement === tr.statement)!;
  return first.order === tr.order && first.from === tr.from ? tr.order : -1;
}

function checkLtl(e: A.Expr, atom: (e: A.Expr) => Type, report: (d: Diagnostic) => void): void {
  const stack: A.Expr[] = [e];
  while (stack.length) {
    const x = stack.pop()!;
    switch (x.kind) {
      case 'temporal':
        stack.push(x.operand);
        break;
      case 'temporalBinary':
        stack.push(x.left, x.right);
        break;
      case 'unary':
        stack.push(x.operand);
        break;
      case 'binary':
        if (['&&', '||', '->', '<->'].includes(x.op)) stack.push(x.left, x.right);
        else report(diagnostic('type-mismatch', x.opSpan, `'${x.op}' is not a temporal operator: atoms of a formula are props (declare 'prop p = ...' for a comparison).`));
        break;
      case 'paren':
        stack.push(x.inner);
        break;
      case 'name':
      case 'bool':
        atom(x);
        break;
      default:
        break;
    }
  }
}

function machineInfo(m: A.MachineDecl, report: (d: Diagnostic) => void, occurrences: Occurrence[]): MachineInfo {
  const states: string[] = [];
  const stateSpans = new Map<string, Span>();
  const mention = (id: A.Ident) => {
    const first = !stateSpans.has(id.text);
    if (first) {
      states.push(id.text);
      stateSpans.set(id.text, id.span);
    }
    occurrences.push({ span: id.span, target: { kind: 'state', machine: m.name.text, state: id.text }, declaration: first });
  };
  let initial: string | undefined;
  let initialSpan: Span | undefined;
  const terminals = new Set<string>();
  const transitions: MachineTransition[] = [];
  const orderFrom = new Map<string, number>();
  for (const s of m.statements) {
    if (s.kind === 'initial') {
      mention(s.state);
      if (initial !== undefined) {
        report(diagnostic('duplicate-name', s.span, `Machine '${m.name.text}' already has the initial state '${initial}': a machine has exactly one.`, { related: [{ span: initialSpan!, message: 'initial state declared here' }] }));
      } else {
        initial = s.state.text;
        initialSpan = s.span;
      }
    } else if (s.kind === 'terminal') {
      for (const t of s.states) {
        mention(t);
        terminals.add(t.text);
      }
    } else {
      for (const from of s.from) {
        mention(from);
        const order = orderFrom.get(from.text) ?? 0;
        orderFrom.set(from.text, order + 1);
        transitions.push({ from: from.text, to: s.to.text, guard: s.guard, reward: s.reward, statement: s, order });
      }
      mention(s.to);
    }
  }
  if (initial === undefined) {
    const fix: Fix | undefined = states.length
      ? { title: `Add 'initial ${states[0]}'`, edits: [{ span: { start: m.statements[0]?.span.start ?? m.span.end - 1, end: m.statements[0]?.span.start ?? m.span.end - 1 }, newText: `initial ${states[0]}\n  ` }] }
      : undefined;
    report(diagnostic('undefined-name', m.name.span, `Machine '${m.name.text}' has no initial state: add 'initial STATE'.`, { fixes: fix ? [fix] : undefined }));
  }
  return { decl: m, name: m.name.text, states, stateSpans, initial, terminals, transitions };
}
