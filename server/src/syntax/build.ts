import type { IToken } from 'chevrotain';
import type { Span } from '../base/span';
import type * as A from './ast';
import type { DeclAcc, DefaultAcc, ItemAcc, ParseProblem, PathAcc, SignedNum, StmtAcc, TypeAcc } from './parser';

// Turns what the grammar read (parser.ts accumulators) into the syntax tree of ast.ts. After a
// recovered error any part may be missing, and a token may be one that chevrotain inserted to
// recover (no position): every accessor here tolerates both.

export const tokenSpan = (t: IToken): Span => ({ start: t.startOffset, end: t.startOffset + t.image.length });

/** A token the user wrote (not one inserted by recovery). */
const real = (t: IToken | undefined): IToken | undefined => (t && !t.isInsertedInRecovery && Number.isFinite(t.startOffset) && t.image !== undefined ? t : undefined);
const ident = (t: IToken): A.Ident => ({ text: t.image, span: tokenSpan(t) });
const cover = (a: Span, b: Span): Span => ({ start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) });
const endOf = (t: IToken) => t.startOffset + t.image.length;

/** The span from `first` to `last` (the last token the statement consumed), or to the furthest part known. */
function spanOf(first: IToken, last: IToken | undefined, parts: readonly (IToken | A.Expr | undefined)[]): Span {
  const start = first.startOffset;
  let end = endOf(first);
  if (real(last) && last!.startOffset >= start) end = Math.max(end, endOf(last!));
  else {
    for (const p of parts) {
      if (!p) continue;
      if ('span' in p) end = Math.max(end, p.span.end);
      else if (real(p)) end = Math.max(end, endOf(p));
    }
  }
  return { start, end };
}

export class AstBuilder {
  readonly problems: ParseProblem[] = [];

  constructor(private readonly text: string) {}

  private problem(span: Span, message: string) {
    this.problems.push({ span, message });
  }

  private signed(n: SignedNum | undefined): { value: number; span: Span; text: string } | undefined {
    const num = real(n?.num);
    if (!n || !num || num.tokenType.name !== 'NumberLit') return undefined;
    const sign = real(n.sign);
    const value = Number(num.image) * (sign?.image === '-' ? -1 : 1);
    const span = { start: (sign ?? num).startOffset, end: endOf(num) };
    return { value, span, text: this.text.slice(span.start, span.end) };
  }

  private expr(e: A.Expr | undefined, fallback: Span): A.Expr {
    return e ?? { kind: 'error', span: fallback };
  }

  declaration(d: DeclAcc): A.Declaration | undefined {
    const kw = real(d.kw);
    if (!kw) return undefined;
    const name = real(d.name);
    const span = spanOf(d.first, d.last, [d.kw, d.name, d.close, d.body, d.formula, d.eq, ...d.names]);
    const atEnd = { start: span.end, end: span.end };
    switch (kw.tokenType.name) {
      case 'Continuing':
        return { kind: 'continuing', span };
      case 'Discount':
      case 'Horizon': {
        const num = this.signed(d.value);
        return { kind: kw.tokenType.name === 'Discount' ? 'discount' : 'horizon', value: num?.value, valueSpan: num?.span, span };
      }
      case 'Signal':
      case 'Action':
        return name ? this.signal(d, kw, name, span) : undefined;
      case 'Def':
      case 'Term':
      case 'Potential':
        if (!name) return undefined;
        return { kind: kw.tokenType.name.toLowerCase() as 'def' | 'term' | 'potential', name: ident(name), body: this.expr(d.body, atEnd), span };
      case 'Prop':
        if (!name) return undefined;
        return { kind: 'prop', name: ident(name), body: d.body || real(d.eq) ? this.expr(d.body, atEnd) : undefined, span };
      case 'Exclusive':
        return { kind: 'exclusive', names: d.names.filter((t) => real(t)).map(ident), span };
      case 'Machine':
        return name ? this.machine(d, name, span) : undefined;
      case 'Ltl':
        return name ? this.ltl(d, name, span) : undefined;
      case 'Reward':
        return name ? this.reward(d, name, span) : undefined;
      default:
        return undefined;
    }
  }

  private signal(d: DeclAcc, kw: IToken, name: IToken, span: Span): A.Declaration {
    const type = d.type ? this.type(d.type) : undefined;
    let range: A.SignalDecl['range'];
    const lo = this.signed(d.lo);
    const hi = this.signed(d.hi);
    if (lo && hi) range = { lo: lo.value, hi: hi.value, span: cover(lo.span, hi.span) };
    const source = d.source ? this.path(d.source) : undefined;
    const defaultKw = real(d.defaultKw);
    const dflt = d.default ? this.defaultLiteral(d.default) : undefined;
    return {
      kind: kw.tokenType.name === 'Signal' ? 'signal' : 'action', name: ident(name), type, range, source, span,
      ...(dflt ? { default: dflt } : {}), ...(defaultKw ? { defaultSpan: tokenSpan(defaultKw) } : {}),
    };
  }

  private type(t: TypeAcc): A.TypeNode | undefined {
    const typeName = real(t.name);
    if (!typeName) return undefined;
    const close = real(t.close);
    const tspan = close ? cover(tokenSpan(typeName), tokenSpan(close)) : t.members.length ? cover(tokenSpan(typeName), tokenSpan(t.members[t.members.length - 1])) : tokenSpan(typeName);
    switch (typeName.image) {
      case 'enum':
        return { kind: 'enum', members: t.members.filter((m) => real(m)).map(ident), span: tspan };
      case 'number':
      case 'int':
      case 'bool':
        return { kind: typeName.image, span: tspan };
      case 'vector': {
        const length = real(t.length);
        if (!length) {
          if (!real(t.open)) this.problem(tokenSpan(typeName), "A vector type needs its length: write 'vector[N]', for example 'vector[8]'.");
          return undefined;
        }
        return { kind: 'vector', length: Number(length.image), lengthSpan: tokenSpan(length), span: tspan };
      }
      default:
        this.problem(tokenSpan(typeName), `Unknown type '${typeName.image}': expected number, int, bool, enum { ... } or vector[N].`);
        return undefined;
    }
  }

  private path(p: PathAcc): A.SourcePath | undefined {
    const head = real(p.head);
    if (!head) return undefined;
    const segments: (string | number)[] = [head.image];
    let slice: A.SliceBounds | undefined;
    let end = endOf(head);
    for (const part of p.parts) {
      if (slice) {
        const at = part.kind === 'field' ? part.dot : part.open;
        this.problem(tokenSpan(at), 'A slice ends the source path: nothing may follow it (write the path to the array, then its slice: info.cfrc[6:84]).');
        break;
      }
      if (part.kind === 'field') {
        const name = real(part.name);
        if (!name) break;
        segments.push(name.image);
        end = endOf(name);
        continue;
      }
      const close = real(part.close);
      if (!close) break;
      end = endOf(close);
      const nums = part.numbers.map((n) => (real(n) ? Number(n!.image) : undefined));
      if (part.colons === 0) {
        if (nums[0] === undefined) {
          this.problem(cover(tokenSpan(part.open), tokenSpan(close)), 'Expected an index (a whole number: obs[0]) or a slice (obs[0:3]) between the brackets.');
          break;
        }
        segments.push(nums[0]);
      } else {
        slice = { start: nums[0], end: nums[1], step: part.colons === 2 ? nums[2] : undefined, span: cover(tokenSpan(part.open), tokenSpan(close)) };
      }
    }
    const span = { start: head.startOffset, end };
    return { text: this.text.slice(span.start, span.end), segments, ...(slice ? { slice } : {}), span };
  }

  private defaultLiteral(d: DefaultAcc): A.DefaultLiteral | undefined {
    switch (d.kind) {
      case 'number': {
        const n = this.signed(d.value);
        return n ? { kind: 'number', value: n.value, text: n.text, span: n.span } : undefined;
      }
      case 'word': {
        const t = real(d.tok);
        if (!t) return undefined;
        if (t.image === 'true' || t.image === 'false') return { kind: 'bool', value: t.image === 'true', span: tokenSpan(t) };
        return { kind: 'member', name: ident(t), span: tokenSpan(t) };
      }
      case 'vector': {
        const close = real(d.close);
        const elements = d.elements.map((e) => this.signed(e)).filter((e): e is NonNullable<typeof e> => e !== undefined);
        if (!close || elements.length !== d.elements.length) return undefined;
        return { kind: 'vector', elements, span: cover(tokenSpan(d.open), tokenSpan(close)) };
      }
    }
  }

  private machine(d: DeclAcc, name: IToken, span: Span): A.Declaration {
    const statements: A.MachineStatement[] = [];
    for (const s of d.statements) {
      const st = this.statement(s, span);
      if (st) statements.push(st);
    }
    return { kind: 'machine', name: ident(name), statements, span };
  }

  private statement(s: StmtAcc, parent: Span): A.MachineStatement | undefined {
    if (!real(s.first)) return undefined;
    const sspan = spanOf(s.first, s.last, [s.to, s.guard, s.reward, ...s.states, ...s.from]);
    if (real(s.initialKw)) {
      const st = real(s.states[0]);
      return st ? { kind: 'initial', state: ident(st), span: sspan } : undefined;
    }
    if (real(s.terminalKw)) return { kind: 'terminal', states: s.states.filter((t) => real(t)).map(ident), span: sspan };
    const from = s.from.filter((t) => real(t));
    const to = real(s.to);
    if (from.length === 0 || !to) return undefined;
    void parent;
    const otherwise = real(s.otherwise);
    const whenKw = real(s.whenKw);
    const guard: A.Transition['guard'] = otherwise
      ? { kind: 'otherwise', span: tokenSpan(otherwise) }
      : whenKw
        ? this.expr(s.guard, { start: whenKw.startOffset + 4, end: whenKw.startOffset + 4 })
        : { kind: 'bool', value: true, span: tokenSpan(to) };
    const rewardKw = real(s.rewardKw);
    const reward = rewardKw ? this.expr(s.reward, { start: rewardKw.startOffset + 6, end: rewardKw.startOffset + 6 }) : undefined;
    return { kind: 'transition', from: from.map(ident), to: ident(to), guard, reward, span: sspan };
  }

  private ltl(d: DeclAcc, name: IToken, span: Span): A.Declaration {
    const formula = this.expr(d.formula, { start: span.end, end: span.end });
    let accept: A.Expr | undefined;
    let reject: A.Expr | undefined;
    for (const v of d.verdicts) {
      const kw = real(v.kw);
      if (!kw) continue;
      const value = this.expr(v.value, { start: endOf(kw), end: endOf(kw) });
      if ((kw.image === 'accept' ? accept : reject) !== undefined) this.problem(tokenSpan(kw), `'${kw.image}' is given twice: keep one.`);
      if (kw.image === 'accept') accept = value;
      else reject = value;
    }
    return { kind: 'ltl', name: ident(name), formula, accept, reject, span };
  }

  private reward(d: DeclAcc, name: IToken, span: Span): A.Declaration {
    const items: A.RewardItem[] = [];
    for (const it of d.items) {
      const item = this.item(it);
      if (item) items.push(item);
    }
    return { kind: 'reward', name: ident(name), items, span };
  }

  private item(it: ItemAcc): A.RewardItem | undefined {
    if (!real(it.first)) return undefined;
    const span = spanOf(it.first, it.last, [it.name, it.expr, it.clipClose, it.cond, it.value]);
    const task = real(it.task);
    const labelStart = task ? endOf(task) : span.start;
    const label = this.text
      .slice(labelStart, span.end)
      .replace(/\/\*[\s\S]*?\*\//g, ' ')
      .replace(/\/\/[^\n]*/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    const base = { task: task !== undefined, label, span };
    if (real(it.shaping)) {
      const name = real(it.name);
      if (!name) return undefined;
      const d = this.signed(it.discount);
      return { ...base, body: { kind: 'shaping', name: ident(name), discount: d?.value, discountSpan: d?.span } };
    }
    const clip = real(it.clip);
    if (clip) {
      if (task) this.problem(tokenSpan(task), "A 'clip' line is not an item of the task: drop 'task' (write 'clip [lo, hi]').");
      const lo = this.clipBound(it.lo);
      const hi = this.clipBound(it.hi);
      if (!lo || !hi || !real(it.clipClose)) return undefined;
      return { ...base, task: false, body: { kind: 'clip', lo, hi } };
    }
    const replace = real(it.replace);
    if (replace) {
      if (task) this.problem(tokenSpan(task), "A 'replace' item is always a task item: drop 'task' (write 'replace EXPR when COND').");
      const whenKw = real(it.whenKw);
      if (!whenKw || !it.value) return undefined;
      return { ...base, task: false, body: { kind: 'replace', value: it.value, when: this.expr(it.cond, { start: endOf(whenKw), end: endOf(whenKw) }), whenSpan: tokenSpan(whenKw) } };
    }
    if (!it.expr) return undefined;
    return { ...base, body: itemBody(it.expr) };
  }

  private clipBound(b: SignedNum | undefined): A.ClipBound | undefined {
    const num = real(b?.num);
    if (!b || !num) return undefined;
    const sign = real(b.sign);
    const span = { start: (sign ?? num).startOffset, end: endOf(num) };
    const text = this.text.slice(span.start, span.end);
    if (num.tokenType.name === 'NumberLit') return { value: Number(num.image) * (sign?.image === '-' ? -1 : 1), text, span };
    if (num.image === 'inf') return { value: sign?.image === '-' ? -Infinity : Infinity, text, span };
    this.problem(tokenSpan(num), `A clip bound is a number, inf or -inf, but this is '${num.image}': write for example 'clip [0, inf]'.`);
    return undefined;
  }
}

/** A signed number literal as written: `2`, `-0.5` (unary minus on a number). */
function literal(e: A.Expr): number | undefined {
  if (e.kind === 'number') return e.value;
  if (e.kind === 'unary' && e.op === '-' && e.operand.kind === 'number') return -e.operand.value;
  return undefined;
}

/**
 * The most specific shape of an item's expression (ast.ts, ItemBody): the version-1 shapes
 * where the item is one, so that every version-1 item means what it meant.
 */
export function itemBody(e: A.Expr): A.ItemBody {
  const c = literal(e);
  if (c !== undefined) return { kind: 'const', value: c };
  if (e.kind === 'name' && !e.primed) return { kind: 'ref', name: e.name };
  if (e.kind === 'paren') return { kind: 'expr', expr: e.inner };
  if (e.kind === 'unary' && e.op === '-' && e.operand.kind === 'name' && !e.operand.primed) return { kind: 'ref', weight: -1, name: e.operand.name };
  if (e.kind === 'binary' && e.op === '*') {
    const lw = literal(e.left);
    if (lw !== undefined && e.right.kind === 'name' && !e.right.primed) return { kind: 'ref', weight: lw, name: e.right.name };
    if (lw !== undefined && e.right.kind === 'paren') return { kind: 'expr', weight: lw, expr: e.right.inner };
    const rw = literal(e.right);
    if (rw !== undefined && e.left.kind === 'name' && !e.left.primed) return { kind: 'ref', weight: rw, name: e.left.name };
  }
  return { kind: 'expr', expr: e };
}
