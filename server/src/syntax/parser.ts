import { EmbeddedActionsParser, tokenMatcher, type IToken, type TokenType } from 'chevrotain';
import type { Span } from '../base/span';
import type * as A from './ast';
import { readExpression, type ExpressionMode } from './expression';
import { messages } from './messages';
import * as T from './tokens';

// The statement grammar of LANGUAGE.md sections 2 to 6, 10 and 13, with chevrotain's embedded
// actions: no concrete syntax tree. A rule writes what it consumes into an accumulator that
// its caller created and already holds, so that when a rule fails and chevrotain recovers
// (re-sync), what was read before the failure is still there: the build step (build.ts) turns
// the accumulators into the syntax tree, tolerating every missing part. Expressions are read
// by expression.ts straight off the token vector, with no grammar rule per token.

/**
 * Alternatives told apart by gates (contextual words), not by token types alone. Marks them in
 * place: an OR's alternatives are built at every call, and copying them cost as much as parsing.
 */
const ambiguous = <A extends object>(alts: A[]): A[] => {
  for (const a of alts) (a as { IGNORE_AMBIGUITIES?: boolean }).IGNORE_AMBIGUITIES = true;
  return alts;
};

const is = (tok: IToken, type: TokenType) => tokenMatcher(tok, type);
const isEnd = (tok: IToken) => is(tok, T.Newline) || is(tok, T.Semi) || is(tok, T.RCurly) || tok.tokenType === undefined || tok.image === undefined;
const word = (tok: IToken, w: string) => is(tok, T.Identifier) && tok.image === w;
const DECLARATION_TYPES: ReadonlySet<TokenType> = new Set(T.DECLARATION_KEYWORDS);

export interface SignedNum {
  readonly sign?: IToken;
  readonly num: IToken;
}

export interface TypeAcc {
  name?: IToken;
  open?: IToken;
  members: IToken[];
  close?: IToken;
  length?: IToken;
}

export type PathPart =
  | { readonly kind: 'field'; readonly dot: IToken; readonly name?: IToken }
  | { readonly kind: 'bracket'; readonly open: IToken; readonly numbers: readonly (IToken | undefined)[]; readonly colons: number; readonly close?: IToken };

export interface PathAcc {
  head?: IToken;
  parts: PathPart[];
}

export type DefaultAcc =
  | { readonly kind: 'number'; readonly value: SignedNum }
  | { readonly kind: 'word'; readonly tok: IToken }
  | { readonly kind: 'vector'; readonly open: IToken; readonly elements: readonly SignedNum[]; readonly close?: IToken };

export interface StmtAcc {
  first: IToken;
  last?: IToken;
  initialKw?: IToken;
  terminalKw?: IToken;
  states: IToken[];
  from: IToken[];
  arrow?: IToken;
  to?: IToken;
  whenKw?: IToken;
  otherwise?: IToken;
  guard?: A.Expr;
  rewardKw?: IToken;
  reward?: A.Expr;
}

export interface ItemAcc {
  first: IToken;
  last?: IToken;
  task?: IToken;
  shaping?: IToken;
  name?: IToken;
  discountKw?: IToken;
  discount?: SignedNum;
  plus?: IToken;
  expr?: A.Expr;
  clip?: IToken;
  lo?: SignedNum;
  hi?: SignedNum;
  clipClose?: IToken;
  replace?: IToken;
  value?: A.Expr;
  whenKw?: IToken;
  cond?: A.Expr;
}

export interface DeclAcc {
  first: IToken;
  last?: IToken;
  kw?: IToken;
  name?: IToken;
  value?: SignedNum;
  type?: TypeAcc;
  lo?: SignedNum;
  hi?: SignedNum;
  source?: PathAcc;
  defaultKw?: IToken;
  default?: DefaultAcc;
  eq?: IToken;
  body?: A.Expr;
  names: IToken[];
  open?: IToken;
  close?: IToken;
  statements: StmtAcc[];
  formula?: A.Expr;
  verdicts: { kw: IToken; value?: A.Expr }[];
  items: ItemAcc[];
}

export type StrayPlace = 'file' | 'machineDecl' | 'rewardDecl';

export interface Stray {
  readonly span: Span;
  readonly where: StrayPlace;
  /** The tokens of the stray line (a stray block `name name {` ... `}` lists its first line only). */
  readonly tokens: readonly IToken[];
}

export interface ParseProblem {
  readonly span: Span;
  readonly message: string;
}

/** What one run of the grammar found: the declarations' accumulators and the lines it could not read. */
export interface GrammarResult {
  readonly declarations: readonly DeclAcc[];
  readonly strays: readonly Stray[];
  /** Problems the expression reader found (the parser's own errors are in `parser.errors`). */
  readonly problems: readonly ParseProblem[];
}

/** chevrotain's token cursor, which the fast paths below read and move directly. */
interface Cursor {
  tokVector: IToken[];
  currIdx: number;
}

const tokenSpan = (t: IToken): Span => ({ start: t.startOffset, end: t.startOffset + t.image.length });

export class RewardParser extends EmbeddedActionsParser {
  private decls: DeclAcc[] = [];
  private strays: Stray[] = [];
  private problems: ParseProblem[] = [];
  private readonly report = (span: Span, message: string) => void this.problems.push({ span, message });

  constructor() {
    super(T.ALL_TOKENS, { recoveryEnabled: true, maxLookahead: 1, errorMessageProvider: messages });
    this.performSelfAnalysis();
  }

  /** Parses a laid-out token vector (layout.ts). One parser serves every parse, one at a time. */
  run(tokens: IToken[]): GrammarResult {
    this.decls = [];
    this.strays = [];
    this.problems = [];
    this.input = tokens;
    this.file();
    return { declarations: this.decls, strays: this.strays, problems: this.problems };
  }

  private blockGate = () => !DECLARATION_TYPES.has(this.LA(1).tokenType);

  private file = this.RULE('file', () => {
    this.MANY(() =>
      this.OR(ambiguous([
        { ALT: () => this.CONSUME(T.Newline) },
        { ALT: () => this.CONSUME(T.Semi) },
        {
          ALT: () => {
            const t = this.CONSUME(T.RCurly);
            this.ACTION(() => this.strays.push({ span: tokenSpan(t), where: 'file', tokens: [t] }));
          },
        },
        {
          ALT: () => {
            const acc = this.ACTION(() => this.openDecl());
            this.SUBRULE(this.declaration, { ARGS: [acc] });
            this.ACTION(() => (acc.last = this.LA(0)));
          },
        },
        { ALT: () => this.SUBRULE(this.stray, { ARGS: ['file'] }) },
      ])),
    );
  });

  private openDecl(): DeclAcc {
    const acc: DeclAcc = { first: this.LA(1), names: [], statements: [], verdicts: [], items: [] };
    this.decls.push(acc);
    return acc;
  }

  /**
   * A line that is not a declaration: consumed whole so that the next line parses on its own.
   * At top level, a line that opens a block (`machin keydoor {`) takes its block with it up to
   * the matching `}` (or a declaration keyword), so that one typo costs one error.
   */
  private stray = this.RULE('stray', (where: StrayPlace = 'file') => {
    const cursor = this as unknown as Cursor;
    const from = cursor.currIdx + 1;
    this.AT_LEAST_ONE(() => this.CONSUME(T.Stray));
    this.ACTION(() => {
      const v = cursor.tokVector;
      const lineEnd = cursor.currIdx;
      const first = v[from];
      const line = v.slice(from, lineEnd + 1);
      const last = v[lineEnd];
      this.strays.push({ span: { start: first.startOffset, end: last.startOffset + last.image.length }, where, tokens: line });
      if (where !== 'file' || last.tokenType !== T.LCurly) return;
      let depth = 1;
      let i = lineEnd + 1;
      for (; i < v.length; i++) {
        const t = v[i].tokenType;
        if (DECLARATION_TYPES.has(t)) break;
        if (t === T.LCurly) depth++;
        else if (t === T.RCurly && --depth === 0) {
          i++;
          break;
        }
      }
      cursor.currIdx = i - 1;
    });
  });

  private declaration = this.RULE('declaration', (acc: DeclAcc = scratchDecl()) => {
    this.OR([
      { ALT: () => this.SUBRULE(this.discountDecl, { ARGS: [acc] }) },
      { ALT: () => this.SUBRULE(this.horizonDecl, { ARGS: [acc] }) },
      { ALT: () => void (acc.kw = this.CONSUME(T.Continuing)) },
      { ALT: () => this.SUBRULE(this.signalDecl, { ARGS: [acc] }) },
      { ALT: () => this.SUBRULE(this.exprDecl, { ARGS: [acc] }) },
      { ALT: () => this.SUBRULE(this.propDecl, { ARGS: [acc] }) },
      { ALT: () => this.SUBRULE(this.exclusiveDecl, { ARGS: [acc] }) },
      { ALT: () => this.SUBRULE(this.machineDecl, { ARGS: [acc] }) },
      { ALT: () => this.SUBRULE(this.ltlDecl, { ARGS: [acc] }) },
      { ALT: () => this.SUBRULE(this.rewardDecl, { ARGS: [acc] }) },
    ]);
  });

  private discountDecl = this.RULE('discountDecl', (acc: DeclAcc = scratchDecl()) => {
    acc.kw = this.CONSUME(T.Discount);
    acc.value = this.SUBRULE(this.signedNumber);
  });

  private horizonDecl = this.RULE('horizonDecl', (acc: DeclAcc = scratchDecl()) => {
    acc.kw = this.CONSUME(T.Horizon);
    acc.value = this.SUBRULE(this.signedNumber);
  });

  private signedNumber = this.RULE('signedNumber', (): SignedNum => {
    const sign = this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(T.Minus) }, { ALT: () => this.CONSUME(T.Plus) }]));
    const num = this.CONSUME(T.NumberLit);
    return { sign, num };
  });

  private signalDecl = this.RULE('signalDecl', (acc: DeclAcc = scratchDecl()) => {
    acc.kw = this.OR([{ ALT: () => this.CONSUME(T.Signal) }, { ALT: () => this.CONSUME(T.Action) }]);
    acc.name = this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      const type: TypeAcc = { members: [] };
      acc.type = type;
      this.SUBRULE(this.typeExpr, { ARGS: [type] });
    });
    this.OPTION2(() => {
      this.CONSUME(T.In);
      this.CONSUME(T.LBracket);
      acc.lo = this.SUBRULE2(this.signedNumber);
      this.CONSUME(T.Comma);
      acc.hi = this.SUBRULE3(this.signedNumber);
      this.CONSUME(T.RBracket);
    });
    this.OPTION3(() => {
      acc.eq = this.CONSUME(T.Equals);
      const source: PathAcc = { parts: [] };
      acc.source = source;
      this.SUBRULE(this.sourcePath, { ARGS: [source] });
      // `default` is a keyword only after a source path (LANGUAGE.md section 13).
      this.OPTION4({
        GATE: () => word(this.LA(1), 'default'),
        DEF: () => {
          acc.defaultKw = this.CONSUME2(T.Identifier);
          acc.default = this.SUBRULE(this.defaultLiteral);
        },
      });
    });
  });

  private typeExpr = this.RULE('typeExpr', (acc: TypeAcc = { members: [] }) => {
    acc.name = this.CONSUME(T.Identifier);
    this.OPTION({
      GATE: () => this.LA(0).image === 'enum',
      DEF: () => {
        acc.open = this.CONSUME(T.LCurly);
        this.MANY(() => this.CONSUME(T.Newline));
        this.MANY_SEP({
          SEP: T.Comma,
          DEF: () => {
            this.MANY2(() => this.CONSUME2(T.Newline));
            acc.members.push(this.CONSUME2(T.Identifier));
            this.MANY3(() => this.CONSUME3(T.Newline));
          },
        });
        acc.close = this.CONSUME(T.RCurly);
      },
    });
    // `vector` is a type word only here, before `[` (LANGUAGE.md section 13).
    this.OPTION2({
      GATE: () => this.LA(0).image === 'vector',
      DEF: () => {
        acc.open = this.CONSUME(T.LBracket);
        acc.length = this.CONSUME(T.NumberLit);
        acc.close = this.CONSUME(T.RBracket);
      },
    });
  });

  private sourcePath = this.RULE('sourcePath', (acc: PathAcc = { parts: [] }) => {
    acc.head = this.CONSUME(T.Identifier);
    this.MANY(() =>
      this.OR([
        {
          ALT: () => {
            const dot = this.CONSUME(T.Dot);
            const part: { kind: 'field'; dot: IToken; name?: IToken } = { kind: 'field', dot };
            acc.parts.push(part);
            part.name = this.CONSUME2(T.Identifier);
          },
        },
        {
          ALT: () => {
            // `[i]`, or a slice `[a:b]`, `[a:b:s]` with any part left out (LANGUAGE.md section 10).
            const open = this.CONSUME(T.LBracket);
            const numbers: (IToken | undefined)[] = [];
            let colons = 0;
            numbers.push(this.OPTION(() => this.CONSUME(T.NumberLit)));
            this.OPTION2(() => {
              this.CONSUME(T.Colon);
              colons++;
              numbers.push(this.OPTION3(() => this.CONSUME2(T.NumberLit)));
              this.OPTION4(() => {
                this.CONSUME2(T.Colon);
                colons++;
                numbers.push(this.OPTION5(() => this.CONSUME3(T.NumberLit)));
              });
            });
            const part: { kind: 'bracket'; open: IToken; numbers: (IToken | undefined)[]; colons: number; close?: IToken } = { kind: 'bracket', open, numbers, colons };
            acc.parts.push(part);
            part.close = this.CONSUME(T.RBracket);
          },
        },
      ]),
    );
  });

  private defaultLiteral = this.RULE('defaultLiteral', (): DefaultAcc => {
    return this.OR([
      { ALT: (): DefaultAcc => ({ kind: 'number', value: this.SUBRULE(this.signedNumber) }) },
      { ALT: (): DefaultAcc => ({ kind: 'word', tok: this.CONSUME(T.True) }) },
      { ALT: (): DefaultAcc => ({ kind: 'word', tok: this.CONSUME(T.False) }) },
      { ALT: (): DefaultAcc => ({ kind: 'word', tok: this.CONSUME(T.Identifier) }) },
      {
        ALT: (): DefaultAcc => {
          const open = this.CONSUME(T.LBracket);
          const elements: SignedNum[] = [];
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => elements.push(this.SUBRULE2(this.signedNumber)) });
          const close = this.CONSUME(T.RBracket);
          return { kind: 'vector', open, elements, close };
        },
      },
    ]);
  });

  private exprDecl = this.RULE('exprDecl', (acc: DeclAcc = scratchDecl()) => {
    acc.kw = this.OR([
      { ALT: () => this.CONSUME(T.Def) },
      { ALT: () => this.CONSUME(T.Term) },
      { ALT: () => this.CONSUME(T.Potential) },
    ]);
    acc.name = this.CONSUME(T.Identifier);
    acc.eq = this.CONSUME(T.Equals);
    acc.body = this.SUBRULE(this.expression);
  });

  private propDecl = this.RULE('propDecl', (acc: DeclAcc = scratchDecl()) => {
    acc.kw = this.CONSUME(T.Prop);
    acc.name = this.CONSUME(T.Identifier);
    this.OPTION(() => {
      acc.eq = this.CONSUME(T.Equals);
      acc.body = this.SUBRULE(this.expression);
    });
  });

  private exclusiveDecl = this.RULE('exclusiveDecl', (acc: DeclAcc = scratchDecl()) => {
    acc.kw = this.CONSUME(T.Exclusive);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => acc.names.push(this.CONSUME(T.Identifier)) });
  });

  private machineDecl = this.RULE('machineDecl', (acc: DeclAcc = scratchDecl()) => {
    acc.kw = this.CONSUME(T.Machine);
    acc.name = this.CONSUME(T.Identifier);
    acc.open = this.CONSUME(T.LCurly);
    this.MANY({
      GATE: this.blockGate,
      DEF: () =>
        this.OR(ambiguous([
          { ALT: () => this.CONSUME(T.Newline) },
          { ALT: () => this.CONSUME(T.Semi) },
          {
            ALT: () => {
              const s: StmtAcc = { first: this.LA(1), states: [], from: [] };
              acc.statements.push(s);
              this.SUBRULE(this.machineStatement, { ARGS: [s] });
              s.last = this.LA(0);
            },
          },
          { ALT: () => this.SUBRULE(this.stray, { ARGS: ['machineDecl'] }) },
        ])),
    });
    acc.close = this.CONSUME(T.RCurly);
  });

  private machineStatement = this.RULE('machineStatement', (acc: StmtAcc = scratchStmt()) => {
    this.OR(ambiguous([
      {
        GATE: () => word(this.LA(1), 'initial') && is(this.LA(2), T.Identifier),
        ALT: () => {
          acc.initialKw = this.CONSUME(T.Identifier);
          acc.states.push(this.CONSUME2(T.Identifier));
        },
      },
      {
        GATE: () => word(this.LA(1), 'terminal') && is(this.LA(2), T.Identifier),
        ALT: () => {
          acc.terminalKw = this.CONSUME3(T.Identifier);
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => acc.states.push(this.CONSUME4(T.Identifier)) });
        },
      },
      { ALT: () => this.SUBRULE(this.transition, { ARGS: [acc] }) },
    ]));
  });

  private transition = this.RULE('transition', (acc: StmtAcc = scratchStmt()) => {
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => acc.from.push(this.CONSUME(T.Identifier)) });
    acc.arrow = this.CONSUME(T.Arrow);
    acc.to = this.CONSUME2(T.Identifier);
    this.OPTION({
      GATE: () => word(this.LA(1), 'when'),
      DEF: () => {
        acc.whenKw = this.CONSUME3(T.Identifier);
        this.OR(ambiguous([
          {
            GATE: () => word(this.LA(1), 'otherwise') && (isEnd(this.LA(2)) || word(this.LA(2), 'reward')),
            ALT: () => (acc.otherwise = this.CONSUME4(T.Identifier)),
          },
          { ALT: () => (acc.guard = this.SUBRULE(this.expression)) },
        ]));
      },
    });
    this.OPTION2({
      GATE: () => word(this.LA(1), 'reward'),
      DEF: () => {
        acc.rewardKw = this.CONSUME5(T.Identifier);
        acc.reward = this.SUBRULE2(this.expression);
      },
    });
  });

  private ltlDecl = this.RULE('ltlDecl', (acc: DeclAcc = scratchDecl()) => {
    acc.kw = this.CONSUME(T.Ltl);
    acc.name = this.CONSUME(T.Identifier);
    acc.eq = this.CONSUME(T.Equals);
    acc.formula = this.SUBRULE(this.expression, { ARGS: ['ltl'] });
    this.MANY({
      GATE: () => word(this.LA(1), 'accept') || word(this.LA(1), 'reject'),
      DEF: () => {
        const v: { kw: IToken; value?: A.Expr } = { kw: this.CONSUME2(T.Identifier) };
        acc.verdicts.push(v);
        v.value = this.SUBRULE2(this.expression);
      },
    });
  });

  private rewardDecl = this.RULE('rewardDecl', (acc: DeclAcc = scratchDecl()) => {
    acc.kw = this.CONSUME(T.Reward);
    acc.name = this.CONSUME(T.Identifier);
    acc.open = this.CONSUME(T.LCurly);
    this.MANY({
      GATE: this.blockGate,
      DEF: () =>
        this.OR(ambiguous([
          { ALT: () => this.CONSUME(T.Newline) },
          { ALT: () => this.CONSUME(T.Semi) },
          {
            // Not at `,` `)` `]`, which no item starts with: such a line is a stray, and the block goes on.
            GATE: () => continuesExpression(this.LA(1), 0, undefined, false),
            ALT: () => {
              const it: ItemAcc = { first: this.LA(1) };
              acc.items.push(it);
              this.SUBRULE(this.rewardItem, { ARGS: [it] });
              it.last = this.LA(0);
            },
          },
          { ALT: () => this.SUBRULE(this.stray, { ARGS: ['rewardDecl'] }) },
        ])),
    });
    acc.close = this.CONSUME(T.RCurly);
  });

  /** `replace` marks an item only when `when` follows on its line (LANGUAGE.md section 13). */
  private whenFollows(): boolean {
    for (let k = 2; ; k++) {
      const t = this.LA(k);
      if (isEnd(t)) return false;
      if (word(t, 'when')) return true;
    }
  }

  // ITEM := ['task'] (['+'] EXPR | 'shaping' NAME ['discount' NUM]) | 'clip' '[' BOUND ',' BOUND ']'
  //       | 'replace' EXPR 'when' EXPR                                        (LANGUAGE.md section 13)
  // `task` before `clip` or `replace` is read here and refused by the build, with a message.
  private rewardItem = this.RULE('rewardItem', (acc: ItemAcc = scratchItem()) => {
    this.OPTION({
      GATE: () => word(this.LA(1), 'task') && marksItem(this.LA(1), this.LA(2)),
      DEF: () => (acc.task = this.CONSUME(T.Identifier)),
    });
    this.OR(ambiguous([
      {
        GATE: () => word(this.LA(1), 'shaping') && is(this.LA(2), T.Identifier),
        ALT: () => {
          acc.shaping = this.CONSUME2(T.Identifier);
          acc.name = this.CONSUME3(T.Identifier);
          this.OPTION2({
            GATE: () => word(this.LA(1), 'discount'),
            DEF: () => {
              acc.discountKw = this.CONSUME4(T.Identifier);
              acc.discount = this.SUBRULE(this.signedNumber);
            },
          });
        },
      },
      {
        GATE: () => word(this.LA(1), 'clip') && is(this.LA(2), T.LBracket),
        ALT: () => {
          acc.clip = this.CONSUME5(T.Identifier);
          this.CONSUME(T.LBracket);
          acc.lo = this.SUBRULE(this.clipBound);
          this.CONSUME(T.Comma);
          acc.hi = this.SUBRULE2(this.clipBound);
          acc.clipClose = this.CONSUME(T.RBracket);
        },
      },
      {
        GATE: () => word(this.LA(1), 'replace') && this.whenFollows(),
        ALT: () => {
          acc.replace = this.CONSUME6(T.Identifier);
          acc.value = this.SUBRULE(this.expression, { ARGS: ['expr', true] });
          acc.whenKw = this.CONSUME7(T.Identifier);
          acc.cond = this.SUBRULE2(this.expression);
        },
      },
      {
        ALT: () => {
          this.OPTION3(() => (acc.plus = this.CONSUME(T.Plus)));
          acc.expr = this.SUBRULE3(this.expression, { ARGS: ['expr', false, 'item'] });
        },
      },
    ]));
  });

  /** A bound of `clip [lo, hi]`: a signed number or `inf` (checked by the build). */
  private clipBound = this.RULE('clipBound', (): SignedNum => {
    const sign = this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(T.Minus) }, { ALT: () => this.CONSUME(T.Plus) }]));
    const num = this.OR2([{ ALT: () => this.CONSUME(T.NumberLit) }, { ALT: () => this.CONSUME(T.Identifier) }]);
    return { sign, num };
  });

  // ---- expressions ----
  // An expression is the run of expression tokens up to where the statement goes on (a clause
  // word such as `reward`, an unopened `)` `]` `,`, the end of the line). The grammar knows it
  // as `ExprPart+`; at run time the run is found by a plain loop over the token vector and read
  // by expression.ts, a bounded operator-precedence reader: no rule call per token.

  private expression = this.RULE('expression', (mode: ExpressionMode = 'expr', stopAtWhen = false, context: 'item' | undefined = undefined): A.Expr => {
    if (!this.RECORDING_PHASE && continuesExpression(this.LA(1), 0, undefined, stopAtWhen)) {
      const cursor = this as unknown as Cursor;
      const v = cursor.tokVector;
      const from = cursor.currIdx + 1;
      let i = from;
      let depth = 0;
      let previous: IToken | undefined;
      for (; i < v.length; i++) {
        const t = v[i];
        if (!continuesExpression(t, depth, previous, stopAtWhen)) break;
        const type = t.tokenType;
        if (type === T.LParen || type === T.LBracket) depth++;
        else if (type === T.RParen || type === T.RBracket) depth--;
        previous = t;
      }
      cursor.currIdx = i - 1;
      const first = v[from];
      return readExpression(v, from, i, mode, tokenSpan(first), context === 'item' ? itemReport(first, this.report) : this.report, context);
    }
    // Recording the grammar, or no expression here: chevrotain reports and recovers.
    this.AT_LEAST_ONE({ GATE: () => continuesExpression(this.LA(1), 0, undefined, stopAtWhen), DEF: () => this.CONSUME(T.ExprPart) });
    return { kind: 'error', span: { start: 0, end: 0 } };
  });
}

/**
 * An item that starts with `replace` or `clip` and cannot be read as an expression was meant
 * as a `replace` or `clip` line: the message says how to write one (issue #18, point 5).
 */
function itemReport(first: IToken, report: (span: Span, message: string) => void): (span: Span, message: string) => void {
  if (first.tokenType !== T.Identifier) return report;
  if (first.image === 'replace') return (span) => report(span, "A 'replace' item is 'replace EXPR when COND', with 'when' on the same line (for example 'replace -100 when crashed').");
  if (first.image === 'clip') return (span) => report(span, "A clip line is 'clip [lo, hi]', each bound a number, inf or -inf (for example 'clip [0, inf]').");
  return report;
}

/**
 * `task` marks an item only when something follows it on its line (LANGUAGE.md section 2) that
 * can start an item: `task * 0.1` and `task' - task` read the name `task` (spacing never
 * matters, so `task [1, 2]` and `task[0]` both mark a vector literal).
 */
function marksItem(_task: IToken, next: IToken): boolean {
  if (isEnd(next)) return false;
  const type = next.tokenType;
  if (tokenMatcher(next, T.BinaryOperator) && type !== T.Minus && type !== T.Plus) return false;
  return !(type === T.Prime || type === T.Question || type === T.Colon || type === T.Comma || type === T.RParen || type === T.RBracket);
}

const ENDS_OPERAND: ReadonlySet<TokenType> = new Set([T.Identifier, T.NumberLit, T.True, T.False, T.RParen, T.RBracket, T.Prime]);
const CLAUSE_WORDS = new Set(['reward', 'accept', 'reject']);

/** Where an expression stops: a closing bracket or comma it did not open, or (after a complete
 *  operand) a clause word such as `reward` in `a -> b when g reward 1` (and `when` after the
 *  value of `replace`). */
function continuesExpression(t: IToken, depth: number, previous: IToken | undefined, stopAtWhen: boolean): boolean {
  if (!tokenMatcher(t, T.ExprPart)) return false;
  if (depth > 0) return true;
  const type = t.tokenType;
  if (type === T.RParen || type === T.RBracket || type === T.Comma) return false;
  if (type === T.Identifier && previous && ENDS_OPERAND.has(previous.tokenType) && (CLAUSE_WORDS.has(t.image) || (stopAtWhen && t.image === 'when'))) return false;
  return true;
}

// Accumulators for the recording phase, when rules run once without their callers' arguments.
const scratchDecl = (): DeclAcc => ({ first: undefined as unknown as IToken, names: [], statements: [], verdicts: [], items: [] });
const scratchStmt = (): StmtAcc => ({ first: undefined as unknown as IToken, states: [], from: [] });
const scratchItem = (): ItemAcc => ({ first: undefined as unknown as IToken });

/** One parser instance for the process (chevrotain's advice: building one is costly). */
export const parser = new RewardParser();
