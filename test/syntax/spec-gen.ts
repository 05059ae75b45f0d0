// A generator of valid .reward specs for the formatter's property tests, and two ways of
// writing each: neat (single spaces, one statement a line) and messy (random spacing,
// `;` separators, extra blank lines, and optionally line breaks inside parentheses).
// Names are drawn from pools that include contextual keywords, so that the tests meet
// `def discount`, a state named `reward`, an item named `shaping`, `F` outside ltl.
import fc from 'fast-check';

/** A statement: its tokens, an optional trailing `//` comment, an optional comment line above it. */
export interface Stmt {
  readonly tokens: readonly string[];
  readonly comment?: string;
  readonly note?: string;
  /** A blank line precedes the statement (or its note). */
  readonly blank: boolean;
  /** The statements of a `machine` or `reward` block. */
  readonly block?: readonly Stmt[];
}

const DECLARATION_WORDS = new Set(['discount', 'horizon', 'continuing', 'signal', 'action', 'def', 'prop', 'exclusive', 'term', 'potential', 'machine', 'ltl', 'reward']);

const NUMBERS = ['0', '1', '2', '0.5', '.5', '2.', '1e-3', '10', '0.99', '3E2'];
const EXPR_NAMES = ['a', 'b', 'x', 'y', 'progress', 'F', 'G', 'U', 'task', 'shaping', 'discount', 'initial', 'enum', 'when'];
const LTL_NAMES = ['a', 'b', 'coffee', 'plant', 'task', 'shaping', 'discount', 'initial'];
const DECL_NAMES = ['a', 'b', 'x', 'phi', 'progress', 'task', 'shaping', 'discount', 'F', 'reward', 'when'];
const STATES = ['s', 'u1', 'done', 'reward', 'when', 'initial', 'terminal', 'task', 'otherwise'];
const ITEM_NAMES = ['a', 'progress', 'deliver', 'task', 'shaping', 'discount', 'reward', 'F'];
const SIGNED = ['0.1', '-0.3', '+2', '1e-3', '-1', '5'];

const flat = (parts: readonly (string | readonly string[])[]): string[] => parts.flatMap((p) => (typeof p === 'string' ? [p] : [...p]));
const commaList = (xs: readonly (readonly string[])[]): string[] => xs.flatMap((x, i) => (i === 0 ? [...x] : [',', ...x]));

type Tokens = readonly string[];

/** Expressions of section 3; `if` conditionals are parenthesised unless they are the whole expression. */
const exprArb: fc.Arbitrary<Tokens> = fc.letrec<{ e: Tokens; operand: Tokens; atom: Tokens }>((tie) => ({
  atom: fc.oneof(
    fc.constantFrom(...NUMBERS).map((n) => [n]),
    fc.constantFrom(...EXPR_NAMES).map((n) => [n]),
    fc.constantFrom(...EXPR_NAMES).map((n) => [n, "'"]),
    fc.constantFrom('true', 'false').map((b) => [b]),
  ),
  operand: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('atom'),
    tie('e').map((e) => ['(', ...e, ')']),
    fc.tuple(fc.constantFrom('abs', 'min', 'max', 'clamp', 'F', 'sum', 'atan2'), fc.array(tie('e'), { maxLength: 3 })).map(([f, args]) => [f, '(', ...commaList(args), ')']),
    // Version 2: vector literals, elements and slices (after primes too), prev.
    fc.array(tie('e'), { minLength: 1, maxLength: 3 }).map((xs) => ['[', ...commaList(xs), ']']),
    fc.tuple(fc.constantFrom(...EXPR_NAMES), fc.boolean(), fc.constantFrom(['0'], ['2'], ['0', ':', '3'], ['1', ':', '6', ':', '2'], [':', '2'], ['1', ':'])).map(([n, primed, ix]) => [n, ...(primed ? ["'"] : []), '[', ...ix, ']']),
    fc.constantFrom(...EXPR_NAMES).map((n) => ['prev', '(', n, ')']),
  ),
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('operand'),
    fc.tuple(fc.constantFrom('-', '!'), tie('operand')).map(([op, x]) => [op, ...x]),
    fc.tuple(tie('operand'), fc.constantFrom('+', '-', '*', '/', '%', '^', '==', '!=', '<', '<=', '>', '>=', '&&', '||', '|', '&', '->', '<->'), tie('operand')).map(([l, op, r]) => [...l, op, ...r]),
    fc.tuple(tie('operand'), tie('operand'), tie('operand')).map(([c, a, b]) => [...c, '?', ...a, ':', ...b]),
    fc.tuple(tie('operand'), tie('operand'), tie('operand')).map(([c, a, b]) => ['(', 'if', ...c, 'then', ...a, 'else', ...b, ')']),
  ),
})).e;

/** Temporal formulas of section 5. */
const formulaArb: fc.Arbitrary<Tokens> = fc.letrec<{ f: Tokens; unit: Tokens }>((tie) => ({
  unit: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...LTL_NAMES, 'true', 'false').map((n) => [n]),
    tie('f').map((f) => ['(', ...f, ')']),
    fc.tuple(fc.constantFrom('!', 'X', 'WX', 'F', 'G'), tie('unit')).map(([op, x]) => [op, ...x]),
    fc.tuple(fc.constantFrom('F', 'G'), fc.nat(3), fc.nat(3), tie('unit')).map(([op, a, d, x]) => [op, '[', String(a), ',', String(a + d), ']', ...x]),
  ),
  f: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('unit'),
    fc.tuple(tie('unit'), fc.constantFrom('&&', '||', '|', '&', '->', '<->', 'U', 'R', 'W'), tie('unit')).map(([l, op, r]) => [...l, op, ...r]),
  ),
})).f;

const name = fc.constantFrom(...DECL_NAMES);
const typeArb = fc.oneof(
  fc.constantFrom(['number'], ['int'], ['bool'], ['vector', '[', '4', ']']),
  fc.subarray(['hall', 'kitchen', 'up', 'down'], { minLength: 1 }).map((ms) => ['enum', '{', ...commaList(ms.map((m) => [m])), '}']),
);
const pathArb = fc.constantFrom(['obs', '[', '0', ']'], ['info', '.', 'room'], ['obs', '.', 'pos', '[', '2', ']'], ['action'], ['obs', '[', '0', ':', '4', ']'], ['info', '.', 'c', '[', '1', ':', '9', ':', '2', ']'], ['info', '.', 'v', 'default', '-1'], ['obs', '[', '2', ']', 'default', '[', '0', ',', '1', ']']);

const simpleDecl: fc.Arbitrary<Tokens> = fc.oneof(
  fc.constantFrom('0.9', '0.99', '1').map((g) => ['discount', g]),
  fc.constantFrom('100', '500').map((h) => ['horizon', h]),
  fc.constant(['continuing']),
  fc.tuple(fc.constantFrom('signal', 'action'), name, fc.option(typeArb), fc.option(fc.constantFrom(['0', '10'], ['-1', '1'], ['-2.5', '+2.5'])), fc.option(pathArb)).map(([kw, n, t, r, p]) =>
    flat([kw, n, t ? [':', ...t] : [], r ? ['in', '[', r[0], ',', r[1], ']'] : [], p ? ['=', ...p] : []]),
  ),
  fc.tuple(fc.constantFrom('def', 'term', 'potential'), name, exprArb).map(([kw, n, e]) => [kw, n, '=', ...e]),
  fc.tuple(name, fc.option(exprArb)).map(([n, e]) => (e ? ['prop', n, '=', ...e] : ['prop', n])),
  fc.array(name, { minLength: 1, maxLength: 3 }).map((ns) => ['exclusive', ...commaList(ns.map((n) => [n]))]),
  fc.tuple(name, formulaArb, fc.option(exprArb), fc.option(exprArb)).map(([n, f, a, r]) => flat(['ltl', n, '=', f, a ? ['accept', ...a] : [], r ? ['reject', ...r] : []])),
);

const state = fc.constantFrom(...STATES);
const machineStmt: fc.Arbitrary<Tokens> = fc.oneof(
  state.map((s) => ['initial', s]),
  fc.array(state, { minLength: 1, maxLength: 2 }).map((ss) => ['terminal', ...commaList(ss.map((s) => [s]))]),
  fc.tuple(fc.array(state, { minLength: 1, maxLength: 3 }), state, fc.option(fc.oneof(fc.constant(['otherwise']), exprArb)), fc.option(exprArb)).map(([from, to, guard, reward]) =>
    flat([commaList(from.map((s) => [s])), '->', to, guard ? ['when', ...guard] : [], reward ? ['reward', ...reward] : []]),
  ),
);

const itemName = fc.constantFrom(...ITEM_NAMES);
const rewardItem: fc.Arbitrary<Tokens> = fc.tuple(
  fc.boolean(),
  fc.oneof(
    itemName.map((n) => [n]),
    fc.tuple(fc.constantFrom(...SIGNED), itemName).map(([w, n]) => [w, '*', n]),
    exprArb.map((e) => ['(', ...e, ')']),
    fc.tuple(fc.constantFrom(...SIGNED), exprArb).map(([w, e]) => [w, '*', '(', ...e, ')']),
    fc.constantFrom(...SIGNED).map((c) => [c]),
    fc.tuple(itemName, fc.option(fc.constantFrom('0.9', '1'))).map(([n, g]) => (g ? ['shaping', n, 'discount', g] : ['shaping', n])),
    // Version 2: items are expressions (after an optional '+').
    fc.tuple(fc.boolean(), exprArb).map(([plus, e]) => (plus ? ['+', ...e] : e)),
    fc.tuple(itemName, fc.constantFrom('0.1', '-0.3', '1e-3', '-1')).map(([n, w]) => [n, '*', w]),
  ),
).map(([task, body]) => (task ? ['task', ...body] : body));

/** Version 2 lines of a reward block that take no `task`. */
const blockLine: fc.Arbitrary<Tokens> = fc.oneof(
  { arbitrary: rewardItem, weight: 6 },
  { arbitrary: fc.constantFrom(['clip', '[', '0', ',', 'inf', ']'], ['clip', '[', '-', 'inf', ',', '2.5', ']'], ['clip', '[', '-1', ',', '+', 'inf', ']']), weight: 1 },
  { arbitrary: fc.tuple(exprArb, exprArb).map(([v, c]) => ['replace', ...v, 'when', ...c]), weight: 1 },
);

const commentText = fc.constantFrom('// note', '// a, b; c', '//', '/// doc line', '// -> (');
const noteText = fc.constantFrom('// about the next line', '/// documentation', '/* block */', '/** doc block */');

const wrap = (tokens: fc.Arbitrary<Tokens>): fc.Arbitrary<Stmt> =>
  fc.record({ tokens, comment: fc.option(commentText, { nil: undefined }), note: fc.option(noteText, { nil: undefined, freq: 4 }), blank: fc.boolean() });

/** A statement of a block that begins with a declaration word cannot start a line: it goes behind `;`. */
const startsDeclaration = (s: Stmt) => DECLARATION_WORDS.has(s.tokens[0]);
function joinable(block: readonly Stmt[]): Stmt[] {
  return block.map((s, i) => {
    const next = block[i + 1];
    const keep = (x: Stmt, own: boolean) => (own ? { ...x, note: undefined, blank: false } : x);
    const self = keep(s, startsDeclaration(s));
    return next && startsDeclaration(next) ? { ...self, comment: undefined } : self;
  });
}

const blockDecl: fc.Arbitrary<Stmt> = fc.oneof(
  fc.tuple(name, fc.array(wrap(machineStmt), { maxLength: 5 })).map(([n, b]) => ({ tokens: ['machine', n], blank: false, block: joinable(b) })),
  fc.tuple(name, fc.array(wrap(blockLine), { maxLength: 5 })).map(([n, b]) => ({ tokens: ['reward', n], blank: false, block: joinable(b) })),
);

export const specArb: fc.Arbitrary<readonly Stmt[]> = fc.array(
  fc.oneof({ arbitrary: wrap(simpleDecl), weight: 3 }, { arbitrary: fc.tuple(blockDecl, fc.boolean(), fc.option(noteText, { nil: undefined })).map(([d, blank, note]) => ({ ...d, blank, note })), weight: 1 }),
  { minLength: 1, maxLength: 6 },
);

/** Random choices of a messy writing, drawn from a seed so that a failure replays. */
export function chooser(seed: number): <T>(options: readonly T[]) => T {
  let s = seed >>> 0;
  return (options) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return options[((t ^ (t >>> 14)) >>> 0) % options.length];
  };
}

export interface Writing {
  /** The space between two tokens of a statement; `depth` counts the open ( and [. */
  gap(prev: string, next: string, depth: number): string;
  /** Between statements: a line break (with indentation), or `;` where allowed. */
  separator(semicolonAllowed: boolean): string;
  /** Extra line breaks where a blank line is wanted. */
  blank(): string;
  /** Before a trailing comment. */
  beforeComment(): string;
}

export const neat: Writing = {
  gap: () => ' ',
  separator: () => '\n',
  blank: () => '\n',
  beforeComment: () => ' ',
};

const HUGGING = new Set(['(', ')', '[', ']', ',']);

/** Random spacing, `;` separators, runs of blank lines; with `breaks`, also line breaks inside ( ) and [ ]. */
export function messy(seed: number, breaks: boolean): Writing {
  const pick = chooser(seed);
  return {
    gap: (prev, next, depth) => {
      if (breaks && depth > 0 && !DECLARATION_WORDS.has(next) && pick([false, false, true])) return '\n' + pick(['', '  ', '\t', '       ']);
      return pick(HUGGING.has(prev) || HUGGING.has(next) ? ['', ' ', '  ', '\t'] : [' ', '  ', '\t', '   ']);
    },
    separator: (semicolonAllowed) => (semicolonAllowed && pick([true, false]) ? pick([';', '; ', ' ;  ']) : '\n' + pick(['', ' ', '    ', '\t'])),
    blank: () => pick(['\n', '\n\n', '\n \n\t\n']),
    beforeComment: () => pick([' ', '   ', '\t']),
  };
}

function statementText(s: Stmt, w: Writing): string {
  let depth = 0;
  let out = '';
  s.tokens.forEach((t, i) => {
    if (i > 0) out += w.gap(s.tokens[i - 1], t, depth);
    out += t;
    if (t === '(' || t === '[') depth++;
    if (t === ')' || t === ']') depth--;
  });
  return out;
}

/** Writes statements one after another, with their comments; `inBlock` decides where `;` must be. */
function statementsText(stmts: readonly Stmt[], w: Writing, inBlock: boolean): string {
  let out = '';
  stmts.forEach((s, i) => {
    const prev = stmts[i - 1];
    const must = inBlock && startsDeclaration(s);
    const mayJoin = prev !== undefined && prev.comment === undefined && prev.block === undefined && !s.blank && s.note === undefined;
    if (i > 0) out += must ? ';' + w.gap(';', s.tokens[0], 0) : w.separator(mayJoin);
    else if (inBlock) out += must ? ' ' : '\n';
    if (s.blank && i > 0) out += w.blank();
    if (s.note) out += s.note + '\n';
    out += statementText(s, w);
    if (s.block) {
      out += ' {' + statementsText(s.block, w, true) + (s.block.length && s.block[s.block.length - 1].comment === undefined ? w.separator(false) : '\n') + '}';
    }
    if (s.comment) out += w.beforeComment() + s.comment;
  });
  return out;
}

export const specText = (spec: readonly Stmt[], w: Writing): string => statementsText(spec, w, false) + '\n';
