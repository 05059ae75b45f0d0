import { diagnostic, type Diagnostic, type Fix } from '../base/diagnostic';
import type { Span } from '../base/span';
import type * as A from '../syntax/ast';
import { FUNCTION_TABLE } from '../program/functions';
import { sliceIndices } from '../syntax/ast';
import { FUNCTIONS } from './functions';
import { BOOL, ERROR, NUMBER, vectorType, type MachineInfo, type MachineTransition, type Model, type Occurrence, type Reads, type Target, type Type } from './model';
import { closest } from './suggest';


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

export function check(file: A.SpecFile): CheckResult {
  const diagnostics: Diagnostic[] = [];
  const report = (d: Diagnostic) => diagnostics.push(d);
  const occurrences: Occurrence[] = [];
  const types = new Map<A.Expr, Type>();
  const targets = new Map<A.Expr, Target>();
  const facts = new Map<string, BodyFacts>();
  const usedNames = new Set<string>();

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
        if (discountDecl) report(diagnostic('duplicate-name', d.span, "'discount' is declared twice: keep one.", { related: [{ span: discountDecl.span, message: 'first declared here' }] }));
        else {
          discountDecl = d;
          if (d.value !== undefined && !(d.value > 0 && d.value <= 1)) {
            report(diagnostic('invalid-discount', d.valueSpan ?? d.span, `The discount ${d.value} is outside (0, 1]: gamma must be above 0 and at most 1 (0.99 is usual; 1 only for episodic tasks).`));
          } else discount = d.value;
        }
        break;
      case 'horizon':
        if (horizonDecl) report(diagnostic('duplicate-name', d.span, "'horizon' is declared twice: keep one.", { related: [{ span: horizonDecl.span, message: 'first declared here' }] }));
        else {
          horizonDecl = d;
          if (d.value !== undefined && !(Number.isInteger(d.value) && d.value >= 1)) {
            report(diagnostic('type-mismatch', d.valueSpan ?? d.span, `The horizon must be a whole number of steps, at least 1 (found ${d.value}).`));
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
          report(diagnostic('duplicate-name', d.name.span, `'${d.name.text}' is already declared as a ${KIND_WORDS[prior.kind]}: names are unique across all declarations of a file. Rename one.`, {
            related: [{ span: prior.name.span, message: `'${d.name.text}' first declared here` }],
          }));
        } else declarations.set(d.name.text, d);
        occurrences.push({ span: d.name.span, target: { kind: 'declaration', name: d.name.text }, declaration: true });
      }
    }
  }
  if (continuingDecl && horizonDecl) {
    report(diagnostic('type-mismatch', continuingDecl.span, "A spec is either episodic ('horizon') or 'continuing', not both: remove one.", { related: [{ span: horizonDecl.span, message: 'horizon declared here' }] }));
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

  // ---- signal types ----
  const signalType = new Map<string, Type>();
  for (const s of [...signals, ...actions]) {
    const t = s.type;
    let type: Type = NUMBER;
    if (t?.kind === 'bool') type = BOOL;
    else if (t?.kind === 'enum') {
      const seen = new Map<string, A.Ident>();
      for (const m of t.members) {
        const prior = seen.get(m.text);
        if (prior) report(diagnostic('duplicate-name', m.span, `'${m.text}' is already a member of this enum.`, { related: [{ span: prior.span, message: 'first listed here' }] }));
        else seen.set(m.text, m);
        occurrences.push({ span: m.span, target: { kind: 'member', owner: s.name.text, member: m.text }, declaration: true });
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
    signalType.set(s.name.text, type);
  }

  // ---- machines ----
  const machines: MachineInfo[] = machinesDecls.map((m) => machineInfo(m, report, occurrences));

  // ---- expressions ----
  const declType = (name: string): Type => {
    const d = declarations.get(name);
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
        return defTypes.get(name) ?? (d.kind === 'term' ? NUMBER : ERROR);
      default:
        return ERROR;
    }
  };
  const defTypes = new Map<string, Type>();
  const inProgress = new Set<string>();

  const isMemberOfSomeEnum = (name: string) => [...signalType.values()].some((t) => t.kind === 'enum' && t.members.includes(name));

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
      types.set(top.e, t);
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
            fr.memberLeft = isBareName(e.left) && !(declarations.get(e.left.name.text)?.kind === 'signal' || declarations.get(e.left.name.text)?.kind === 'action') && isMemberOfSomeEnum(e.left.name.text);
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
    occurrences.push({ span: e.callee.span, target: { kind: 'function', name }, declaration: false });
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
    const d = declarations.get(name);
    if (!d) {
      const guess = closest(name, [...declarations.values()].filter((x) => ['signal', 'action', 'def', 'term'].includes(x.kind)).map((x) => x.name.text));
      report(diagnostic('undefined-name', e.name.span, `'${name}' is not declared${guess ? `: did you mean '${guess}'?` : '.'}`, {
        fixes: guess ? [{ title: `Change to '${guess}'`, edits: [{ span: e.name.span, newText: guess }], preferred: true }] : undefined,
      }));
      return ERROR;
    }
    const target: Target = { kind: 'declaration', name };
    occurrences.push({ span: e.name.span, target, declaration: false });
    usedNames.add(name);
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
    const d = declarations.get(name);
    // Beside an enum operand a bare member name means the member (LANGUAGE.md section 2),
    // even when a declaration has the same name.
    if (expected?.kind === 'enum' && expected.members.includes(name) && !e.primed) {
      const target: Target = { kind: 'member', owner: expected.owner, member: name };
      targets.set(e, target);
      occurrences.push({ span: e.name.span, target, declaration: false });
      return expected;
    }
    // `pi` is a constant wherever no declaration is named `pi` (LANGUAGE.md section 13).
    if (!d && name === 'pi' && !e.primed) return NUMBER;
    if (!d) {
      const candidates = [...declarations.keys(), ...(expected?.kind === 'enum' ? expected.members : [])];
      const guess = closest(name, candidates);
      report(diagnostic('undefined-name', e.name.span, `'${name}' is not declared${guess ? `: did you mean '${guess}'?` : `. Declare it (e.g. 'signal ${name}: number' or 'prop ${name}').`}`, {
        fixes: guess ? [{ title: `Change to '${guess}'`, edits: [{ span: e.name.span, newText: guess }], preferred: true }] : undefined,
      }));
      return ERROR;
    }
    const target: Target = { kind: 'declaration', name };
    targets.set(e, target);
    occurrences.push({ span: e.name.span, target, declaration: false });
    usedNames.add(name);
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

  const typeDef = (d: A.ExprDecl): Type => {
    const name = d.name.text;
    const known = defTypes.get(name);
    if (known) return known;
    if (inProgress.has(name)) return ERROR;
    inProgress.add(name);
    const f = newFacts();
    const t = typeExpr(d.body, d.kind === 'term' ? 'term' : 'def', f);
    facts.set(name, f);
    inProgress.delete(name);
    // Defs and terms may be vectors of numbers (LANGUAGE.md section 10); a term is numeric.
    if (d.kind === 'term' && !isNumeric(t)) report(diagnostic('type-mismatch', d.body.span, `The term '${name}' must be a number, but this is ${an(show(t))}.`));
    if (d.kind === 'def' && t.kind === 'vector' && t.element === 'bool') report(diagnostic('type-mismatch', d.body.span, `The def '${name}' is a vector of bools, but vectors hold numbers: reduce it with any(...), all(...) or count(...).`));
    defTypes.set(name, t);
    return t;
  };

  const checkBody = (name: string, body: A.Expr, ctx: Context, want: Type, what: string) => {
    const f = newFacts();
    const t = typeExpr(body, ctx, f, want);
    facts.set(name, f);
    if (!sameType(t, want)) report(diagnostic('type-mismatch', body.span, `${what} must be ${an(show(want))}, but this is ${an(show(t))}${reduceHint(t)}.`));
  };

  for (const d of defs) typeDef(d);
  for (const p of props) if (p.body) checkBody(p.name.text, p.body, 'prop', BOOL, `The prop '${p.name.text}'`);
  for (const t of terms) typeDef(t);
  for (const p of potentials) checkBody(p.name.text, p.body, 'potential', NUMBER, `The potential '${p.name.text}'`);

  // Machine guards and rewards, ltl formulas and verdicts, reward items: facts kept per owner.
  const ownerFacts = (owner: string) => {
    let f = facts.get(owner);
    if (!f) facts.set(owner, (f = newFacts()));
    return f;
  };
  for (const m of machines) {
    const f = ownerFacts(m.name);
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
  }
  for (const l of ltls) {
    const f = ownerFacts(l.name.text);
    checkLtl(l.formula, (e) => typeExpr(e, 'ltl', f, BOOL), report);
    for (const v of [l.accept, l.reject]) {
      if (!v) continue;
      const t = typeExpr(v, 'verdict', newFacts(), NUMBER);
      if (!sameType(t, NUMBER)) report(diagnostic('type-mismatch', v.span, `'accept' and 'reject' values must be numbers, but this is ${an(show(t))}${reduceHint(t)}.`));
    }
  }

  // ---- exclusive groups ----
  const exclusive: string[][] = [];
  for (const d of file.declarations) {
    if (d.kind !== 'exclusive') continue;
    const group: string[] = [];
    for (const n of d.names) {
      const target = declarations.get(n.text);
      if (!target) {
        const guess = closest(n.text, props.map((p) => p.name.text));
        report(diagnostic('undefined-name', n.span, `'${n.text}' is not declared${guess ? `: did you mean '${guess}'?` : ': exclusive lists props.'}`, {
          fixes: guess ? [{ title: `Change to '${guess}'`, edits: [{ span: n.span, newText: guess }], preferred: true }] : undefined,
        }));
        continue;
      }
      occurrences.push({ span: n.span, target: { kind: 'declaration', name: n.text }, declaration: false });
      if (target.kind !== 'prop') report(diagnostic('type-mismatch', n.span, `'exclusive' lists props, but '${n.text}' is a ${KIND_WORDS[target.kind]}.`));
      else group.push(n.text);
    }
    if (group.length >= 2) exclusive.push(group);
  }

  // ---- reward items ----
  for (const r of rewards) {
    const f = ownerFacts(r.name.text);
    for (const item of r.items) checkItem(item, f);
  }

  function checkItem(item: A.RewardItem, f: BodyFacts) {
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
    const d = declarations.get(name);
    if (!d) {
      const candidates = [...declarations.values()].filter((x) => (b.kind === 'shaping' ? x.kind === 'potential' || x.kind === 'machine' : x.kind !== 'reward' && x.kind !== 'prop')).map((x) => x.name.text);
      const guess = closest(name, candidates);
      report(diagnostic('undefined-name', b.name.span, `'${name}' is not declared${guess ? `: did you mean '${guess}'?` : '.'}`, {
        fixes: guess ? [{ title: `Change to '${guess}'`, edits: [{ span: b.name.span, newText: guess }], preferred: true }] : undefined,
      }));
      return;
    }
    occurrences.push({ span: b.name.span, target: { kind: 'declaration', name }, declaration: false });
    usedNames.add(name);
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
    const tf = facts.get(name);
    if (tf) {
      f.uses.push({ name, primed: false, span: b.name.span });
    }
  }

  // ---- what each declaration reads, transitively, and the table of section 3 ----
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
    const f = facts.get(name);
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

  for (const name of cycles) {
    const d = declarations.get(name)!;
    report(diagnostic('undefined-name', d.name.span, `'${name}' is defined in terms of itself: break the cycle.`));
  }

  const tableRule = (d: A.NamedDeclaration) => {
    if (d.kind !== 'def' && d.kind !== 'potential' && d.kind !== 'prop') return;
    const f = facts.get(d.name.text);
    if (!f) return;
    const code = d.kind === 'potential' ? 'potential-not-state-function' : 'prime-not-allowed';
    const why = d.kind === 'prop'
      ? `a prop is a predicate on one state (and the action): use '${d.name.text}'' elsewhere to read it on the next state`
      : d.kind === 'def'
        ? 'a def is a state function f(s): it reads s_t only'
        : 'a potential must be a state function phi(s) for shaping to preserve the optimal policy (Ng et al. 1999)';
    for (const u of f.uses) {
      const ud = declarations.get(u.name);
      if (!ud) continue;
      const r = reads(u.name);
      const readsNext = (u.primed && ud.kind !== 'action' && ud.kind !== 'term') || r.next;
      const readsAction = r.action;
      if (readsNext) report(diagnostic(code, u.span, u.primed ? `'${u.span && u.name}'' reads the next state, but ${why}.` : `'${u.name}' reads the next state (s_{t+1}), but ${why}.`));
      else if (readsAction && d.kind !== 'prop') report(diagnostic(code, u.span, `'${u.name}' ${ud.kind === 'action' ? 'is an action' : 'reads an action'}, but ${why}.`));
    }
  };
  for (const d of declarations.values()) tableRule(d);

  // ---- unused declarations ----
  for (const d of declarations.values()) {
    if (d.kind === 'reward' || usedNames.has(d.name.text)) continue;
    report(diagnostic('unused-declaration', d.name.span, `'${d.name.text}' is declared but no reward or declaration uses it.`, { unnecessary: true }));
  }

  const model: Model = {
    file, discount, horizon, continuing, declarations,
    signals, actions, defs, props, terms, potentials, machines, ltls, rewards, exclusive,
    typeOf: (e) => types.get(e) ?? ERROR,
    declType,
    targetOf: (e) => targets.get(e),
    occurrences,
    reads,
    order: order.filter((n) => !cycles.has(n)),
  };
  diagnostics.sort((a, b) => a.span.start - b.span.start);
  return { model, diagnostics };
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
