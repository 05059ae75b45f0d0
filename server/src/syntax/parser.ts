import { CstParser, tokenMatcher, type IToken, type TokenType } from 'chevrotain';
import * as T from './tokens';
import { messages } from './messages';


/** Alternatives told apart by gates (contextual words), not by token types alone. */
const ambiguous = <A extends object>(alts: A[]): A[] => alts.map((a) => ({ ...a, IGNORE_AMBIGUITIES: true }));

const is = (tok: IToken, type: TokenType) => tokenMatcher(tok, type);
const isEnd = (tok: IToken) => is(tok, T.Newline) || is(tok, T.Semi) || is(tok, T.RCurly) || tok.tokenType === undefined || tok.image === undefined;
const word = (tok: IToken, w: string) => is(tok, T.Identifier) && tok.image === w;

/**
 * The statement grammar of LANGUAGE.md sections 2 to 6. Contextual words are recognised by
 * their image behind gates (see tokens.ts); expressions are delegated (see below).
 */
export class RewardParser extends CstParser {
  constructor() {
    super(T.ALL_TOKENS, { recoveryEnabled: true, nodeLocationTracking: 'full', maxLookahead: 1, errorMessageProvider: messages });
    this.performSelfAnalysis();
  }

  private blockGate = () => !T.DECLARATION_KEYWORDS.includes(this.LA(1).tokenType);

  public file = this.RULE('file', () => {
    this.MANY(() =>
      this.OR(ambiguous([
        { ALT: () => this.CONSUME(T.Newline) },
        { ALT: () => this.CONSUME(T.Semi) },
        { ALT: () => this.CONSUME(T.RCurly, { LABEL: 'strayCurly' }) },
        { ALT: () => this.SUBRULE(this.declaration) },
        { ALT: () => this.SUBRULE(this.stray) },
      ])),
    );
  });

  /** A line that is not a declaration: consumed whole so that the next line parses on its own. */
  public stray = this.RULE('stray', () => {
    this.AT_LEAST_ONE(() => this.CONSUME(T.Stray));
  });

  private declaration = this.RULE('declaration', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.discountDecl) },
      { ALT: () => this.SUBRULE(this.horizonDecl) },
      { ALT: () => this.CONSUME(T.Continuing) },
      { ALT: () => this.SUBRULE(this.signalDecl) },
      { ALT: () => this.SUBRULE(this.exprDecl) },
      { ALT: () => this.SUBRULE(this.propDecl) },
      { ALT: () => this.SUBRULE(this.exclusiveDecl) },
      { ALT: () => this.SUBRULE(this.machineDecl) },
      { ALT: () => this.SUBRULE(this.ltlDecl) },
      { ALT: () => this.SUBRULE(this.rewardDecl) },
    ]);
  });

  private discountDecl = this.RULE('discountDecl', () => {
    this.CONSUME(T.Discount);
    this.SUBRULE(this.signedNumber);
  });

  private horizonDecl = this.RULE('horizonDecl', () => {
    this.CONSUME(T.Horizon);
    this.SUBRULE(this.signedNumber);
  });

  private signedNumber = this.RULE('signedNumber', () => {
    this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(T.Minus, { LABEL: 'sign' }) }, { ALT: () => this.CONSUME(T.Plus, { LABEL: 'sign' }) }]));
    this.CONSUME(T.NumberLit);
  });

  private signalDecl = this.RULE('signalDecl', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Signal, { LABEL: 'kw' }) }, { ALT: () => this.CONSUME(T.Action, { LABEL: 'kw' }) }]);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.typeExpr);
    });
    this.OPTION2(() => {
      this.CONSUME(T.In);
      this.CONSUME(T.LBracket);
      this.SUBRULE(this.signedNumber, { LABEL: 'lo' });
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.signedNumber, { LABEL: 'hi' });
      this.CONSUME(T.RBracket);
    });
    this.OPTION3(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.sourcePath);
    });
  });

  private typeExpr = this.RULE('typeExpr', () => {
    this.CONSUME(T.Identifier, { LABEL: 'typeName' });
    this.OPTION({
      GATE: () => this.LA(0).image === 'enum',
      DEF: () => {
        this.CONSUME(T.LCurly);
        this.MANY(() => this.CONSUME(T.Newline));
        this.MANY_SEP({
          SEP: T.Comma,
          DEF: () => {
            this.MANY2(() => this.CONSUME2(T.Newline));
            this.CONSUME2(T.Identifier, { LABEL: 'member' });
            this.MANY3(() => this.CONSUME3(T.Newline));
          },
        });
        this.CONSUME(T.RCurly);
      },
    });
  });

  private sourcePath = this.RULE('sourcePath', () => {
    this.CONSUME(T.Identifier, { LABEL: 'head' });
    this.MANY(() =>
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Dot);
            this.CONSUME2(T.Identifier, { LABEL: 'field' });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.LBracket);
            this.CONSUME(T.NumberLit, { LABEL: 'index' });
            this.CONSUME(T.RBracket);
          },
        },
      ]),
    );
  });

  private exprDecl = this.RULE('exprDecl', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Def, { LABEL: 'kw' }) },
      { ALT: () => this.CONSUME(T.Term, { LABEL: 'kw' }) },
      { ALT: () => this.CONSUME(T.Potential, { LABEL: 'kw' }) },
    ]);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
  });

  private propDecl = this.RULE('propDecl', () => {
    this.CONSUME(T.Prop);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.expression);
    });
  });

  private exclusiveDecl = this.RULE('exclusiveDecl', () => {
    this.CONSUME(T.Exclusive);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME(T.Identifier, { LABEL: 'name' }) });
  });

  private machineDecl = this.RULE('machineDecl', () => {
    this.CONSUME(T.Machine);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.CONSUME(T.LCurly);
    this.MANY({
      GATE: this.blockGate,
      DEF: () =>
        this.OR(ambiguous([
          { ALT: () => this.CONSUME(T.Newline) },
          { ALT: () => this.CONSUME(T.Semi) },
          { ALT: () => this.SUBRULE(this.machineStatement) },
          { ALT: () => this.SUBRULE(this.stray) },
        ])),
    });
    this.CONSUME(T.RCurly);
  });

  private machineStatement = this.RULE('machineStatement', () => {
    this.OR(ambiguous([
      {
        GATE: () => word(this.LA(1), 'initial') && is(this.LA(2), T.Identifier),
        ALT: () => {
          this.CONSUME(T.Identifier, { LABEL: 'initialKw' });
          this.CONSUME2(T.Identifier, { LABEL: 'state' });
        },
      },
      {
        GATE: () => word(this.LA(1), 'terminal') && is(this.LA(2), T.Identifier),
        ALT: () => {
          this.CONSUME3(T.Identifier, { LABEL: 'terminalKw' });
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME4(T.Identifier, { LABEL: 'state' }) });
        },
      },
      { ALT: () => this.SUBRULE(this.transition) },
    ]));
  });

  private transition = this.RULE('transition', () => {
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME(T.Identifier, { LABEL: 'from' }) });
    this.CONSUME(T.Arrow);
    this.CONSUME2(T.Identifier, { LABEL: 'to' });
    this.OPTION({
      GATE: () => word(this.LA(1), 'when'),
      DEF: () => {
        this.CONSUME3(T.Identifier, { LABEL: 'whenKw' });
        this.OR(ambiguous([
          {
            GATE: () => word(this.LA(1), 'otherwise') && (isEnd(this.LA(2)) || word(this.LA(2), 'reward')),
            ALT: () => this.CONSUME4(T.Identifier, { LABEL: 'otherwise' }),
          },
          { ALT: () => this.SUBRULE(this.expression, { LABEL: 'guard' }) },
        ]));
      },
    });
    this.OPTION2({
      GATE: () => word(this.LA(1), 'reward'),
      DEF: () => {
        this.CONSUME5(T.Identifier, { LABEL: 'rewardKw' });
        this.SUBRULE2(this.expression, { LABEL: 'reward' });
      },
    });
  });

  private ltlDecl = this.RULE('ltlDecl', () => {
    this.CONSUME(T.Ltl);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression, { LABEL: 'formula' });
    this.MANY({
      GATE: () => word(this.LA(1), 'accept') || word(this.LA(1), 'reject'),
      DEF: () => {
        this.CONSUME2(T.Identifier, { LABEL: 'verdictKw' });
        this.SUBRULE2(this.expression, { LABEL: 'verdictValue' });
      },
    });
  });

  private rewardDecl = this.RULE('rewardDecl', () => {
    this.CONSUME(T.Reward);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.CONSUME(T.LCurly);
    this.MANY({
      GATE: this.blockGate,
      DEF: () =>
        this.OR(ambiguous([
          { ALT: () => this.CONSUME(T.Newline) },
          { ALT: () => this.CONSUME(T.Semi) },
          { ALT: () => this.SUBRULE(this.rewardItem) },
          { ALT: () => this.SUBRULE(this.stray) },
        ])),
    });
    this.CONSUME(T.RCurly);
  });

  private rewardItem = this.RULE('rewardItem', () => {
    this.OPTION({
      GATE: () => word(this.LA(1), 'task') && !isEnd(this.LA(2)),
      DEF: () => this.CONSUME(T.Identifier, { LABEL: 'task' }),
    });
    this.OR(ambiguous([
      {
        GATE: () => word(this.LA(1), 'shaping') && is(this.LA(2), T.Identifier),
        ALT: () => {
          this.CONSUME2(T.Identifier, { LABEL: 'shaping' });
          this.CONSUME3(T.Identifier, { LABEL: 'name' });
          this.OPTION2({
            GATE: () => word(this.LA(1), 'discount'),
            DEF: () => {
              this.CONSUME4(T.Identifier, { LABEL: 'discountKw' });
              this.SUBRULE(this.signedNumber, { LABEL: 'discount' });
            },
          });
        },
      },
      {
        ALT: () => {
          this.SUBRULE2(this.signedNumber, { LABEL: 'weight' });
          this.OPTION3(() => {
            this.CONSUME(T.Star);
            this.OR2([
              { ALT: () => this.CONSUME5(T.Identifier, { LABEL: 'name' }) },
              {
                ALT: () => {
                  this.CONSUME(T.LParen);
                  this.SUBRULE(this.expression);
                  this.CONSUME(T.RParen);
                },
              },
            ]);
          });
        },
      },
      { ALT: () => this.CONSUME6(T.Identifier, { LABEL: 'name' }) },
      {
        ALT: () => {
          this.CONSUME2(T.LParen);
          this.SUBRULE2(this.expression);
          this.CONSUME2(T.RParen);
        },
      },
    ]));
  });

  // ---- expressions ----
  // An expression is collected here as a run of tokens and read by expression.ts, an
  // operator-precedence reader with a depth bound: parenthesis nesting then costs a few
  // stack frames, not a dozen parser rules, and can never exhaust the stack.

  public expression = this.RULE('expression', () => {
    let depth = 0;
    let previous: IToken | undefined;
    this.AT_LEAST_ONE({
      GATE: () => continuesExpression(this.LA(1), depth, previous),
      DEF: () => {
        const t = this.CONSUME(T.ExprPart, { LABEL: 'part' });
        if (t.tokenType === T.LParen || t.tokenType === T.LBracket) depth++;
        else if (t.tokenType === T.RParen || t.tokenType === T.RBracket) depth--;
        previous = t;
      },
    });
  });
}

const ENDS_OPERAND = new Set<TokenType>([T.Identifier, T.NumberLit, T.True, T.False, T.RParen, T.RBracket, T.Prime]);
const CLAUSE_WORDS = new Set(['reward', 'accept', 'reject']);

/** Where an expression stops: a closing bracket or comma it did not open, or (after a complete
 *  operand) a clause word such as `reward` in `a -> b when g reward 1`. */
function continuesExpression(t: IToken, depth: number, previous: IToken | undefined): boolean {
  if (!tokenMatcher(t, T.ExprPart)) return false;
  if (depth > 0) return true;
  if (t.tokenType === T.RParen || t.tokenType === T.RBracket || t.tokenType === T.Comma) return false;
  if (t.tokenType === T.Identifier && CLAUSE_WORDS.has(t.image) && previous && ENDS_OPERAND.has(previous.tokenType)) return false;
  return true;
}

/** One parser instance for the process (chevrotain's advice: building one is costly). */
export const parser = new RewardParser();
