import { createToken, Lexer, type TokenType } from 'chevrotain';

// Only `true false if then else in` are reserved (LANGUAGE.md section 2). Declaration keywords
// get their own token types, but `layout.ts` turns them back into identifiers unless they
// start a line; every other contextual word (`when`, `task`, `F`, `accept`, ...) stays an
// Identifier and the parser looks at its image.

/** Every token that can stand in a line the parser could not read (all but `\n ; }`). */
export const Stray = createToken({ name: 'Stray', pattern: Lexer.NA });
/** The binary operators of ordinary expressions. */
export const BinaryOperator = createToken({ name: 'BinaryOperator', pattern: Lexer.NA });
/** Every token that can be part of an expression: the parser collects them, expression.ts reads them. */
export const ExprPart = createToken({ name: 'ExprPart', pattern: Lexer.NA });

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\f\v\u00a0\ufeff]+/, group: Lexer.SKIPPED });
export const Newline = createToken({ name: 'Newline', pattern: /\r\n|\r|\n/, line_breaks: true, label: 'a line break' });
export const DocLineComment = createToken({ name: 'DocLineComment', pattern: /\/\/\/[^\r\n]*/, group: 'comments' });
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\r\n]*/, group: 'comments' });
export const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, line_breaks: true, group: 'comments' });
/** Tried after BlockComment, so it matches only a `/*` with no end: it runs to the end of the file. */
export const UnterminatedComment = createToken({ name: 'UnterminatedComment', pattern: /\/\*[\s\S]*/, line_breaks: true, group: 'comments' });

export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/, label: 'a name', categories: [Stray, ExprPart] });
export const NumberLit = createToken({ name: 'NumberLit', pattern: /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/, label: 'a number', categories: [Stray, ExprPart] });

const reserved = (name: string, word: string) =>
  createToken({ name, pattern: new RegExp(word), longer_alt: Identifier, label: `'${word}'`, categories: [Stray, ExprPart] });
export const True = reserved('True', 'true');
export const False = reserved('False', 'false');
export const If = reserved('If', 'if');
export const Then = reserved('Then', 'then');
export const Else = reserved('Else', 'else');
export const In = reserved('In', 'in');

const keyword = (name: string, word: string) =>
  createToken({ name, pattern: new RegExp(word), longer_alt: Identifier, label: `'${word}'`, categories: [Identifier, Stray] });
export const Discount = keyword('Discount', 'discount');
export const Horizon = keyword('Horizon', 'horizon');
export const Continuing = keyword('Continuing', 'continuing');
export const Signal = keyword('Signal', 'signal');
export const Action = keyword('Action', 'action');
export const Def = keyword('Def', 'def');
export const Prop = keyword('Prop', 'prop');
export const Exclusive = keyword('Exclusive', 'exclusive');
export const Term = keyword('Term', 'term');
export const Potential = keyword('Potential', 'potential');
export const Machine = keyword('Machine', 'machine');
export const Ltl = keyword('Ltl', 'ltl');
export const Reward = keyword('Reward', 'reward');

export const DECLARATION_KEYWORDS: readonly TokenType[] = [
  Discount, Horizon, Continuing, Signal, Action, Def, Prop, Exclusive, Term, Potential, Machine, Ltl, Reward,
];
export const DECLARATION_WORDS: ReadonlySet<string> = new Set(DECLARATION_KEYWORDS.map((t) => t.LABEL!.slice(1, -1)));

const punct = (name: string, pattern: RegExp, label: string, binary = false, expr = binary) =>
  createToken({ name, pattern, label: `'${label}'`, categories: [Stray, ...(binary ? [BinaryOperator] : []), ...(expr ? [ExprPart] : [])] });
export const Iff = punct('Iff', /<->/, '<->', true);
export const Arrow = punct('Arrow', /->/, '->', true);
export const OrOr = punct('OrOr', /\|\|/, '||', true);
export const AndAnd = punct('AndAnd', /&&/, '&&', true);
export const Pipe = punct('Pipe', /\|/, '|', true);
export const Amp = punct('Amp', /&/, '&', true);
export const EqEq = punct('EqEq', /==/, '==', true);
export const NotEq = punct('NotEq', /!=/, '!=', true);
export const LessEq = punct('LessEq', /<=/, '<=', true);
export const GreaterEq = punct('GreaterEq', />=/, '>=', true);
export const Less = punct('Less', /</, '<', true);
export const Greater = punct('Greater', />/, '>', true);
export const Plus = punct('Plus', /\+/, '+', true);
export const Minus = punct('Minus', /-/, '-', true);
export const Star = punct('Star', /\*/, '*', true);
export const Slash = punct('Slash', /\//, '/', true);
export const Percent = punct('Percent', /%/, '%', true);
export const Caret = punct('Caret', /\^/, '^', true);
export const Bang = punct('Bang', /!/, '!', false, true);
export const Question = punct('Question', /\?/, '?', false, true);
export const Colon = punct('Colon', /:/, ':', false, true);
export const Semi = createToken({ name: 'Semi', pattern: /;/, label: "';'" });
export const Comma = punct('Comma', /,/, ',', false, true);
export const Dot = punct('Dot', /\./, '.');
export const Equals = punct('Equals', /=/, '=');
export const Prime = punct('Prime', /'/, "'", false, true);
export const LParen = punct('LParen', /\(/, '(', false, true);
export const RParen = punct('RParen', /\)/, ')', false, true);
export const LBracket = punct('LBracket', /\[/, '[', false, true);
export const RBracket = punct('RBracket', /\]/, ']', false, true);
export const LCurly = punct('LCurly', /\{/, '{');
export const RCurly = createToken({ name: 'RCurly', pattern: /\}/, label: "'}'" });

export const ALL_TOKENS: TokenType[] = [
  Stray, BinaryOperator, ExprPart,
  WhiteSpace, Newline, DocLineComment, LineComment, BlockComment, UnterminatedComment,
  True, False, If, Then, Else, In,
  ...DECLARATION_KEYWORDS,
  Identifier, NumberLit,
  Iff, Arrow, OrOr, AndAnd, Pipe, Amp, EqEq, NotEq, LessEq, GreaterEq, Less, Greater,
  Plus, Minus, Star, Slash, Percent, Caret, Bang, Question, Colon, Semi, Comma, Dot, Equals, Prime,
  LParen, RParen, LBracket, RBracket, LCurly, RCurly,
];

/** One lexer for the process: building it validates and optimises the token set once. */
export const lexer = new Lexer(ALL_TOKENS, { ensureOptimizations: true, positionTracking: 'onlyOffset' });
