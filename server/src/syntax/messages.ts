import { EOF, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';

// Parser errors in the words of the language, not of the parser generator.

const RULES: Record<string, string> = {
  file: 'the file',
  declaration: 'a declaration',
  discountDecl: "'discount'",
  horizonDecl: "'horizon'",
  signedNumber: 'a number',
  signalDecl: 'a signal declaration',
  typeExpr: 'a type (number, int, bool or enum { ... })',
  sourcePath: "a source path such as obs[0] or info.room",
  exprDecl: 'a declaration',
  propDecl: "a 'prop' declaration",
  exclusiveDecl: "an 'exclusive' declaration",
  machineDecl: 'a machine',
  machineStatement: "a machine statement ('initial S', 'terminal S, ...' or 'A -> B when GUARD reward EXPR')",
  transition: "a transition ('A -> B when GUARD reward EXPR')",
  ltlDecl: "an 'ltl' declaration",
  rewardDecl: "a 'reward' block",
  rewardItem: "a reward item ('[w *] NAME', '[w *] (EXPR)', a number, or 'shaping NAME')",
  expression: 'an expression',
  chain: 'an expression',
  prefixed: 'an expression',
  primary: 'a value (a number, a name, true, false or a parenthesised expression)',
  ltlFormula: 'a temporal formula',
  ltlPrefixed: 'a temporal formula',
  ltlPrefix: 'a temporal operator',
  ltlAtom: 'a proposition, true, false or a parenthesised formula',
};

export const describeToken = (t: IToken | undefined): string => {
  if (!t || t.tokenType === EOF) return 'end of file';
  if (t.tokenType.name === 'Newline') return 'end of line';
  return `'${t.image}'`;
};

const RESERVED = new Set(['true', 'false', 'if', 'then', 'else', 'in']);

const label = (t: TokenType): string => t.LABEL ?? t.name;

const firsts = (paths: TokenType[][][]): string => {
  const seen = new Set<string>();
  for (const alt of paths) for (const path of alt) if (path[0]) seen.add(label(path[0]));
  const list = [...seen];
  return list.length <= 1 ? list.join('') : `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`;
};

export const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, ruleName }) {
    const reserved = expected.name === 'Identifier' && RESERVED.has(actual.image) ? ` ('${actual.image}' is reserved and cannot be a name)` : '';
    return `Expected ${label(expected)} in ${RULES[ruleName] ?? ruleName} but found ${describeToken(actual)}${reserved}.`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `Unexpected ${describeToken(firstRedundant)}: expected a declaration.`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    return `Unexpected ${describeToken(actual[0])}: expected ${RULES[ruleName] ?? firsts(expectedPathsPerAlt)}.`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, ruleName }) {
    return `Unexpected ${describeToken(actual[0])}: expected ${RULES[ruleName] ?? firsts([expectedIterationPaths])}.`;
  },
};
