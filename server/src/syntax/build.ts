import type { CstNode, IToken } from 'chevrotain';
import type { Span } from '../base/span';
import type * as A from './ast';
import { readExpression, type ExpressionMode } from './expression';

// Turns chevrotain's concrete syntax tree into the syntax tree of ast.ts. The CST of a
// recovered parse may lack any child, so every accessor here tolerates absence.

type Child = CstNode | IToken;
type Children = Record<string, Child[] | undefined>;

export interface BuildProblem {
  readonly span: Span;
  readonly message: string;
}

const isToken = (c: Child | undefined): c is IToken => c !== undefined && 'image' in c;
const nodes = (n: CstNode | undefined, key: string): CstNode[] => ((n?.children as Children | undefined)?.[key] ?? []).filter((c): c is CstNode => !isToken(c));
const tokens = (n: CstNode | undefined, key: string): IToken[] => ((n?.children as Children | undefined)?.[key] ?? []).filter(isToken).filter((t) => !t.isInsertedInRecovery && Number.isFinite(t.startOffset));
const node = (n: CstNode | undefined, key: string): CstNode | undefined => nodes(n, key)[0];
const token = (n: CstNode | undefined, key: string): IToken | undefined => tokens(n, key)[0];

export const tokenSpan = (t: IToken): Span => ({ start: t.startOffset, end: t.startOffset + t.image.length });

function nodeSpan(n: CstNode | undefined, fallback: Span): Span {
  const loc = n?.location;
  if (!loc || !Number.isFinite(loc.startOffset) || !Number.isFinite(loc.endOffset)) return fallback;
  return { start: loc.startOffset, end: (loc.endOffset as number) + 1 };
}

const ident = (t: IToken): A.Ident => ({ text: t.image, span: tokenSpan(t) });
const cover = (a: Span, b: Span): Span => ({ start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) });

export class AstBuilder {
  readonly problems: BuildProblem[] = [];

  constructor(private readonly text: string) {}

  expression(n: CstNode | undefined, fallback: Span, mode: ExpressionMode = 'expr'): A.Expr {
    if (!n) return { kind: 'error', span: fallback };
    return readExpression(tokens(n, 'part'), mode, nodeSpan(n, fallback), (span, message) => this.problems.push({ span, message }));
  }

  private signedNumber(n: CstNode | undefined): { value: number; span: Span } | undefined {
    const num = token(n, 'NumberLit');
    if (!n || !num) return undefined;
    const sign = token(n, 'sign');
    const value = Number(num.image) * (sign?.image === '-' ? -1 : 1);
    return { value, span: { start: (sign ?? num).startOffset, end: num.startOffset + num.image.length } };
  }

  declaration(n: CstNode): A.Declaration | undefined {
    const span = nodeSpan(n, { start: 0, end: 0 });
    const [kind] = Object.keys(n.children);
    const child = node(n, kind);
    switch (kind) {
      case 'Continuing':
        return { kind: 'continuing', span };
      case 'discountDecl':
      case 'horizonDecl': {
        const num = this.signedNumber(node(child, 'signedNumber'));
        return { kind: kind === 'discountDecl' ? 'discount' : 'horizon', value: num?.value, valueSpan: num?.span, span };
      }
      case 'signalDecl':
        return this.signal(child!, span);
      case 'exprDecl': {
        const kw = token(child, 'kw');
        const name = token(child, 'name');
        if (!kw || !name) return undefined;
        return { kind: kw.image as 'def' | 'term' | 'potential', name: ident(name), body: this.expression(node(child, 'expression'), { start: span.end, end: span.end }), span };
      }
      case 'propDecl': {
        const name = token(child, 'name');
        if (!name) return undefined;
        const body = node(child, 'expression');
        return { kind: 'prop', name: ident(name), body: body || token(child, 'Equals') ? this.expression(body, { start: span.end, end: span.end }) : undefined, span };
      }
      case 'exclusiveDecl':
        return { kind: 'exclusive', names: tokens(child, 'name').map(ident), span };
      case 'machineDecl':
        return this.machine(child!, span);
      case 'ltlDecl':
        return this.ltlDecl(child!, span);
      case 'rewardDecl':
        return this.reward(child!, span);
      default:
        return undefined;
    }
  }

  private signal(n: CstNode, span: Span): A.Declaration | undefined {
    const kw = token(n, 'kw');
    const name = token(n, 'name');
    if (!kw || !name) return undefined;
    let type: A.TypeNode | undefined;
    const t = node(n, 'typeExpr');
    const typeName = token(t, 'typeName');
    if (t && typeName) {
      const tspan = nodeSpan(t, tokenSpan(typeName));
      if (typeName.image === 'enum') type = { kind: 'enum', members: tokens(t, 'member').map(ident), span: tspan };
      else if (typeName.image === 'number' || typeName.image === 'int' || typeName.image === 'bool') type = { kind: typeName.image, span: tspan };
      else this.problems.push({ span: tokenSpan(typeName), message: `Unknown type '${typeName.image}': expected number, int, bool or enum { ... }.` });
    }
    let range: A.SignalDecl['range'];
    const lo = this.signedNumber(node(n, 'lo'));
    const hi = this.signedNumber(node(n, 'hi'));
    if (lo && hi) range = { lo: lo.value, hi: hi.value, span: cover(lo.span, hi.span) };
    let source: A.SourcePath | undefined;
    const p = node(n, 'sourcePath');
    if (p) {
      const pspan = nodeSpan(p, span);
      const segments: (string | number)[] = [];
      for (const c of Object.values(p.children).flat().filter(isToken).sort((a, b) => a.startOffset - b.startOffset)) {
        if (c.tokenType.name === 'NumberLit') segments.push(Number(c.image));
        else if (c.tokenType.name !== 'Dot' && c.tokenType.name !== 'LBracket' && c.tokenType.name !== 'RBracket') segments.push(c.image);
      }
      source = { text: this.text.slice(pspan.start, pspan.end), segments, span: pspan };
    }
    return { kind: kw.image as 'signal' | 'action', name: ident(name), type, range, source, span };
  }

  private machine(n: CstNode, span: Span): A.Declaration | undefined {
    const name = token(n, 'name');
    if (!name) return undefined;
    const statements: A.MachineStatement[] = [];
    for (const s of nodes(n, 'machineStatement')) {
      const sspan = nodeSpan(s, span);
      if (token(s, 'initialKw')) {
        const st = token(s, 'state');
        if (st) statements.push({ kind: 'initial', state: ident(st), span: sspan });
      } else if (token(s, 'terminalKw')) {
        statements.push({ kind: 'terminal', states: tokens(s, 'state').map(ident), span: sspan });
      } else {
        const tr = node(s, 'transition');
        const from = tokens(tr, 'from');
        const to = token(tr, 'to');
        if (!tr || from.length === 0 || !to) continue;
        const tspan = nodeSpan(tr, sspan);
        const otherwise = token(tr, 'otherwise');
        const guardNode = node(tr, 'guard');
        const whenKw = token(tr, 'whenKw');
        const guard: A.Transition['guard'] = otherwise
          ? { kind: 'otherwise', span: tokenSpan(otherwise) }
          : whenKw
            ? this.expression(guardNode, { start: whenKw.startOffset + 4, end: whenKw.startOffset + 4 })
            : { kind: 'bool', value: true, span: tokenSpan(to) };
        const rewardNode = node(tr, 'reward');
        const rewardKw = token(tr, 'rewardKw');
        const reward = rewardKw ? this.expression(rewardNode, { start: rewardKw.startOffset + 6, end: rewardKw.startOffset + 6 }) : undefined;
        statements.push({ kind: 'transition', from: from.map(ident), to: ident(to), guard, reward, span: tspan });
      }
    }
    return { kind: 'machine', name: ident(name), statements, span };
  }

  private ltlDecl(n: CstNode, span: Span): A.Declaration | undefined {
    const name = token(n, 'name');
    if (!name) return undefined;
    const formula = this.expression(node(n, 'formula'), { start: span.end, end: span.end }, 'ltl');
    let accept: A.Expr | undefined;
    let reject: A.Expr | undefined;
    const kws = tokens(n, 'verdictKw');
    const values = nodes(n, 'verdictValue');
    kws.forEach((kw, i) => {
      const value = this.expression(values[i], { start: kw.startOffset + kw.image.length, end: kw.startOffset + kw.image.length });
      if ((kw.image === 'accept' ? accept : reject) !== undefined) {
        this.problems.push({ span: tokenSpan(kw), message: `'${kw.image}' is given twice: keep one.` });
      }
      if (kw.image === 'accept') accept = value;
      else reject = value;
    });
    return { kind: 'ltl', name: ident(name), formula, accept, reject, span };
  }

  private reward(n: CstNode, span: Span): A.Declaration | undefined {
    const name = token(n, 'name');
    if (!name) return undefined;
    const items: A.RewardItem[] = [];
    for (const it of nodes(n, 'rewardItem')) {
      const item = this.rewardItem(it, span);
      if (item) items.push(item);
    }
    return { kind: 'reward', name: ident(name), items, span };
  }

  private rewardItem(n: CstNode, parent: Span): A.RewardItem | undefined {
    const span = nodeSpan(n, parent);
    const task = token(n, 'task');
    const labelStart = task ? task.startOffset + task.image.length : span.start;
    const label = this.text
      .slice(labelStart, span.end)
      .replace(/\/\*[\s\S]*?\*\//g, ' ')
      .replace(/\/\/[^\n]*/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    const name = token(n, 'name');
    const base = { task: task !== undefined, label, span };
    if (token(n, 'shaping')) {
      if (!name) return undefined;
      const d = this.signedNumber(node(n, 'discount'));
      return { ...base, body: { kind: 'shaping', name: ident(name), discount: d?.value, discountSpan: d?.span } };
    }
    const weight = this.signedNumber(node(n, 'weight'));
    const expr = node(n, 'expression');
    if (weight && !token(n, 'Star')) return { ...base, body: { kind: 'const', value: weight.value } };
    if (name) return { ...base, body: { kind: 'ref', weight: weight?.value, name: ident(name) } };
    if (expr) return { ...base, body: { kind: 'expr', weight: weight?.value, expr: this.expression(expr, span) } };
    return undefined;
  }
}
