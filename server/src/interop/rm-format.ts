// Reader of the reward_machines text format (Toro Icarte et al.). That library reads each line
// with Python's `eval`; this reader accepts the same literal forms with a small scanner instead,
// so the file is never run as code. It only reads: what the lines mean is rm-import.ts's business.

/** A literal of a guard after its `!`s are folded: a prop, possibly negated, or a constant. */
export type Literal =
  | { readonly kind: 'prop'; readonly name: string; readonly negated: boolean }
  | { readonly kind: 'const'; readonly value: boolean };

/** A guard as that library's `evaluate_dnf` reads it: `|` of `&` of literals. */
export type Guard = readonly (readonly Literal[])[];

export type RewardFunction =
  | { readonly kind: 'constant'; readonly value: number }
  | { readonly kind: 'control' }
  | { readonly kind: 'forward' }
  | { readonly kind: 'backwards' };

export interface RmTransition {
  readonly line: number;
  readonly from: number;
  readonly to: number;
  readonly guard: Guard;
  readonly reward: RewardFunction;
}

export interface RmLineError {
  readonly line: number;
  readonly message: string;
}

export interface RmFile {
  /** Absent when the initial-state line is missing or unreadable. */
  readonly initial?: { readonly state: number; readonly line: number };
  readonly terminals: readonly number[];
  readonly transitions: readonly RmTransition[];
  readonly errors: readonly RmLineError[];
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };
const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = <T>(message: string): Result<T> => ({ ok: false, message });

const GUARD_SYNTAX = "guards are '|' of '&' of possibly negated one-letter props, 'True' or 'False'";
const REWARD_FUNCTIONS = 'ConstantRewardFunction(c), RewardControl(), RewardForward() or RewardBackwards()';

/** Reads the whole file. Blank and comment-only lines are skipped; a bad line is an error and the rest is still read. */
export function parseRmFile(source: string): RmFile {
  const lines = source.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const content = lines
    .map((text, i) => ({ text, line: i + 1 }))
    .filter(({ text }) => !/^\s*(#.*)?$/.test(text));
  const errors: RmLineError[] = [];
  const report = <T>(line: number, r: Result<T>): T | undefined => {
    if (r.ok) return r.value;
    errors.push({ line, message: r.message });
    return undefined;
  };

  const [first, second, ...rest] = content;
  let initial: RmFile['initial'];
  if (!first) errors.push({ line: 1, message: 'empty file: expected the initial state on the first line, such as `0`' });
  else {
    const state = report(first.line, parseInitial(first.text));
    if (state !== undefined) initial = { state, line: first.line };
  }
  let terminals: readonly number[] = [];
  if (first && !second) {
    errors.push({ line: first.line + 1, message: 'missing the terminal-state list on the second line, such as `[2]` or `[]`' });
  } else if (second) {
    terminals = report(second.line, parseTerminals(second.text)) ?? [];
  }
  const transitions: RmTransition[] = [];
  for (const { text, line } of rest) {
    const t = report(line, parseTransition(text));
    if (t) transitions.push({ line, ...t });
  }
  return { initial, terminals, transitions, errors };
}

// ---- scanner: the few Python literal forms that appear in these files ----

type Token =
  | { readonly kind: 'number'; readonly text: string }
  | { readonly kind: 'string'; readonly text: string }
  | { readonly kind: 'name'; readonly text: string }
  | { readonly kind: 'punct'; readonly text: string };

const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.source;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/.source;

function scan(text: string): Result<readonly Token[]> {
  // Sticky patterns match at a position without copying the rest of a (possibly huge) line;
  // they carry a cursor, so each scan makes its own.
  const number = new RegExp(NUMBER, 'y');
  const name = new RegExp(NAME, 'y');
  const matchAt = (pattern: RegExp, at: number): string | undefined => {
    pattern.lastIndex = at;
    return pattern.exec(text)?.[0];
  };
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) i++;
    else if (c === '#') break;
    else if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) return fail(`unclosed string starting at column ${i + 1}`);
      const body = text.slice(i + 1, end);
      if (body.includes('\\')) return fail(`backslash escapes in a string are not supported: ${c}${body}${c}`);
      tokens.push({ kind: 'string', text: body });
      i = end + 1;
    } else if (matchAt(number, i) !== undefined) {
      const m = matchAt(number, i)!;
      tokens.push({ kind: 'number', text: m });
      i += m.length;
    } else if (matchAt(name, i) !== undefined) {
      const m = matchAt(name, i)!;
      tokens.push({ kind: 'name', text: m });
      i += m.length;
    } else {
      // Any other character is a token of its own: the parser then says what it expected there.
      tokens.push({ kind: 'punct', text: c });
      i++;
    }
  }
  return ok(tokens);
}

const show = (t: Token | undefined): string =>
  t === undefined ? 'the end of the line' : t.kind === 'string' ? `'${t.text}'` : `\`${t.text}\``;

/** A cursor over one line's tokens; `expect*` report what was expected and what was found. */
class Cursor {
  private i = 0;
  constructor(private readonly tokens: readonly Token[]) {}
  peek(): Token | undefined {
    return this.tokens[this.i];
  }
  next(): Token | undefined {
    return this.tokens[this.i++];
  }
  eat(punct: string): boolean {
    const t = this.peek();
    if (t?.kind === 'punct' && t.text === punct) {
      this.i++;
      return true;
    }
    return false;
  }
  atEnd(): boolean {
    return this.i >= this.tokens.length;
  }
}

function parseState(cur: Cursor, what: string): Result<number> {
  const t = cur.next();
  if (t?.kind === 'number' && /^\d+$/.test(t.text)) return ok(Number(t.text));
  return fail(`${what}: expected a non-negative integer state, found ${show(t)}`);
}

function parseInitial(text: string): Result<number> {
  const tokens = scan(text);
  if (!tokens.ok) return fail(`initial state: ${tokens.message}`);
  const cur = new Cursor(tokens.value);
  const state = parseState(cur, 'initial state');
  if (!state.ok) return state;
  if (!cur.atEnd()) return fail(`initial state: expected the end of the line after it, found ${show(cur.peek())}`);
  return state;
}

const CLOSERS: Record<string, string> = { '[': ']', '(': ')', '{': '}' };

function parseTerminals(text: string): Result<readonly number[]> {
  const tokens = scan(text);
  if (!tokens.ok) return fail(`terminal states: ${tokens.message}`);
  const cur = new Cursor(tokens.value);
  const open = cur.next();
  const close = open?.kind === 'punct' ? CLOSERS[open.text] : undefined;
  if (!close) return fail(`terminal states: expected a list such as \`[2]\` or \`[]\`, found ${show(open)}`);
  const states: number[] = [];
  while (!cur.eat(close)) {
    const s = parseState(cur, 'terminal states');
    if (!s.ok) return s;
    states.push(s.value);
    if (!cur.eat(',') && cur.peek()?.text !== close) {
      return fail(`terminal states: expected ',' or '${close}', found ${show(cur.peek())}`);
    }
  }
  if (!cur.atEnd()) return fail(`terminal states: expected the end of the line after '${close}', found ${show(cur.peek())}`);
  return ok(states);
}

function expectPunct(cur: Cursor, punct: string, after: string): Result<null> {
  return cur.eat(punct) ? ok(null) : fail(`transition: expected '${punct}' after ${after}, found ${show(cur.peek())}`);
}

function parseTransition(text: string): Result<Omit<RmTransition, 'line'>> {
  const tokens = scan(text);
  if (!tokens.ok) return fail(`transition: ${tokens.message}`);
  const cur = new Cursor(tokens.value);
  const shape = "expected a transition `(u1, u2, 'guard', RewardFunction(...))`";
  if (!cur.eat('(')) return fail(`${shape}, found ${show(cur.peek())}`);
  const from = parseState(cur, 'transition source');
  if (!from.ok) return from;
  const c1 = expectPunct(cur, ',', 'the source state');
  if (!c1.ok) return c1;
  const to = parseState(cur, 'transition target');
  if (!to.ok) return to;
  const c2 = expectPunct(cur, ',', 'the target state');
  if (!c2.ok) return c2;
  const g = cur.next();
  if (g?.kind !== 'string') return fail(`transition: expected the guard as a quoted string such as 'a&!b', found ${show(g)}`);
  const guard = parseGuard(g.text);
  if (!guard.ok) return guard;
  const c3 = expectPunct(cur, ',', 'the guard');
  if (!c3.ok) return c3;
  const reward = parseRewardFunction(cur);
  if (!reward.ok) return reward;
  cur.eat(',');
  const close = expectPunct(cur, ')', 'the reward function');
  if (!close.ok) return close;
  if (!cur.atEnd()) return fail(`transition: expected the end of the line after ')', found ${show(cur.peek())}`);
  return ok({ from: from.value, to: to.value, guard: guard.value, reward: reward.value });
}

const NO_ARGUMENT: Record<string, RewardFunction['kind']> = {
  RewardControl: 'control',
  RewardForward: 'forward',
  RewardBackwards: 'backwards',
};

function parseRewardFunction(cur: Cursor): Result<RewardFunction> {
  const name = cur.next();
  if (name?.kind !== 'name') return fail(`transition: expected a reward function (${REWARD_FUNCTIONS}), found ${show(name)}`);
  const known = name.text === 'ConstantRewardFunction' || name.text in NO_ARGUMENT;
  if (!known) return fail(`unknown reward function \`${name.text}\`: expected ${REWARD_FUNCTIONS}`);
  if (!cur.eat('(')) return fail(`transition: expected '(' after ${name.text}, found ${show(cur.peek())}`);
  if (name.text !== 'ConstantRewardFunction') {
    if (!cur.eat(')')) return fail(`${name.text}() takes no argument, found ${show(cur.peek())}`);
    return ok({ kind: NO_ARGUMENT[name.text] } as RewardFunction);
  }
  // The library's constructor parameter is `c`, so `c=1` is as valid as `1`.
  const keyword = cur.peek();
  if (keyword?.kind === 'name' && keyword.text === 'c') {
    cur.next();
    if (!cur.eat('=')) return fail(`ConstantRewardFunction: expected '=' after c, found ${show(cur.peek())}`);
  }
  const value = parseSignedNumber(cur);
  if (!value.ok) return value;
  if (!cur.eat(')')) return fail(`ConstantRewardFunction: expected ')' after the constant, found ${show(cur.peek())}`);
  return ok({ kind: 'constant', value: value.value });
}

function parseSignedNumber(cur: Cursor): Result<number> {
  let sign = 1;
  for (let t = cur.peek(); t?.kind === 'punct' && (t.text === '-' || t.text === '+'); t = cur.peek()) {
    if (t.text === '-') sign = -sign;
    cur.next();
  }
  const t = cur.next();
  if (t?.kind !== 'number') return fail(`ConstantRewardFunction: expected a number, found ${show(t)}`);
  const value = sign * Number(t.text);
  if (!Number.isFinite(value)) return fail(`ConstantRewardFunction: ${t.text} is not a finite number`);
  return ok(value);
}

/**
 * Reads a guard the way `evaluate_dnf` does: split on `|`, then on `&`, then strip leading `!`s.
 * Where that function would silently do something else than intended (an empty part counts as
 * true, a two-letter or spaced atom is a substring test that never holds), this is an error.
 */
export function parseGuard(text: string): Result<Guard> {
  const bad = /[^A-Za-z!&|]/.exec(text);
  if (bad) {
    const what = bad[0] === ' ' ? 'a space' : `'${bad[0]}'`;
    return fail(`guard '${text}': unexpected ${what} (${GUARD_SYNTAX})`);
  }
  const disjuncts: (readonly Literal[])[] = [];
  for (const conj of text.split('|')) {
    const literals: Literal[] = [];
    for (const part of conj.split('&')) {
      const lit = parseLiteral(part);
      if (!lit.ok) return fail(`guard '${text}': ${lit.message}`);
      literals.push(lit.value);
    }
    disjuncts.push(literals);
  }
  return ok(disjuncts);
}

function parseLiteral(part: string): Result<Literal> {
  const atom = part.replace(/^!*/, '');
  const negated = (part.length - atom.length) % 2 === 1;
  if (atom === '') return fail(`empty operand (${GUARD_SYNTAX})`);
  if (atom.includes('!')) return fail(`'!' inside '${part}' (${GUARD_SYNTAX})`);
  if (atom === 'True' || atom === 'False') return ok({ kind: 'const', value: (atom === 'True') !== negated });
  if (atom.length !== 1) return fail(`'${atom}' is not a one-letter prop (${GUARD_SYNTAX})`);
  return ok({ kind: 'prop', name: atom, negated });
}
