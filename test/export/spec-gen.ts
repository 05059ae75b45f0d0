// Random specs and trajectories for the differential test of the Python export. Every language
// feature the evaluator runs appears: signals of each type with source paths, actions (plain,
// indexed, object-valued), defs, props (with bodies, reading actions, external labels),
// exclusive groups, terms with primes, potentials, machines (guards, otherwise, several
// sources, rewards), ltl formulas (X WX F G U R W, bounded F/G), rewards with weights,
// constants, conditionals, functions, shaping of potentials and machines. Trajectories mix
// JSONL, CSV and episode JSON, terminated and truncated episodes, episode ids, bad records,
// NaN and infinities. Names include Python keywords and the module's own internal names.
// Version 2: vector signals and actions (whole arrays, slices with steps, arrays of arrays read
// row by row, ranges, defaults), vector defs, element-wise operations, literals, indexing,
// slicing, reductions, `prev` of scalars and vectors, defaults of scalar signals.

export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  next(): number {
    // mulberry32
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

// Names that are harmless in a spec and dangerous in careless Python.
const TRICKY = ['None', 'True', 'False', 'class', 'lambda', 'import', 'pass', 'yield', 'return', 'print', 'sys', 'math', 'os', '_NAN', '_INF', 's', 'a', 'n', '_div', 'json', 'self', '__init__', 'MACHINES', 'REWARDS', 'main'];

type SigType = 'number' | 'int' | 'bool' | 'enum';

interface Signal {
  readonly name: string;
  readonly type: SigType;
  readonly members?: readonly string[];
  readonly path: readonly (string | number)[];
  readonly range?: readonly [number, number];
  readonly action: boolean;
  /** Version 2: a vector of `shape` elements read from `path` (whole, a slice, or an array of arrays). */
  readonly shape?: number;
  readonly slice?: { readonly start: number; readonly step: number };
  /** The rows of an array of arrays (read flattened). */
  readonly rows?: number;
  /** A default: the record may lack the field. */
  readonly hasDefault?: boolean;
}

export interface GeneratedCase {
  readonly spec: string;
  readonly rewards: readonly string[];
  readonly files: readonly { readonly name: string; readonly text: string }[];
}

interface Scope {
  readonly signals: readonly Signal[];
  readonly defs: readonly string[];
  readonly props: readonly string[];
  readonly terms: readonly string[];
}

interface ExprCtx {
  readonly primes: boolean;
  readonly actions: boolean;
  readonly terms: boolean;
  readonly props: boolean;
}

const NUMBERS = ['0', '1', '2', '3', '0.5', '0.1', '10', '100', '1e-3', '2.5', '7'];

export interface GenerateOptions {
  /** Version-2 vectors, defaults and prev (default true). The reference evaluator (eval/reference.ts) is scalar only. */
  readonly vectors?: boolean;
}

export function generateCase(seed: number, options: GenerateOptions = {}): GeneratedCase {
  const rng = new Rng(seed);
  const used = new Set<string>();
  let counter = 0;
  const fresh = (base: string): string => {
    if (rng.chance(0.15)) {
      const t = rng.pick(TRICKY);
      if (!used.has(t)) {
        used.add(t);
        return t;
      }
    }
    let name = `${base}${counter++}`;
    while (used.has(name)) name = `${base}${counter++}`;
    used.add(name);
    return name;
  };
  const lines: string[] = [];
  const discount = rng.pick([undefined, 0.9, 0.99, 1, 0.5, 0.95]);
  if (discount !== undefined) lines.push(`discount ${discount}`);
  const ending = rng.pick(['none', 'horizon', 'continuing']);
  if (ending === 'horizon') lines.push(`horizon ${rng.int(5, 100)}`);
  if (ending === 'continuing') lines.push('continuing');

  // Signals and actions, each with its own source path.
  const signals: Signal[] = [];
  const paths = new Set<string>();
  const pathFor = (name: string): (string | number)[] => {
    for (;;) {
      const p = rng.pick<(string | number)[]>([[name], ['obs', rng.int(0, 5)], ['info', `k${rng.int(0, 5)}`], ['pos', rng.pick(['x', 'y', 'z'])], ['st', 'v', rng.int(0, 2)]]);
      const key = JSON.stringify(p);
      // A path that is a prefix of another one would make the CSV header collide.
      const clash = [...paths].some((q) => {
        const a = JSON.parse(q) as unknown[];
        const n = Math.min(a.length, p.length);
        return a.slice(0, n).every((x, i) => x === p[i]) && a.length !== p.length;
      });
      if (!paths.has(key) && !clash && !(p.length === 1 && ['episode', 'labels', 'terminated', 'truncated', 'action', 'obs', 'info', 'pos', 'st'].includes(String(p[0])))) {
        paths.add(key);
        return p;
      }
    }
  };
  const pathText = (p: readonly (string | number)[]) => p.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
  const enumMembers = (k: number) => Array.from({ length: k }, (_, i) => `m${seed % 97}_${counter}_${i}`);
  const nSignals = rng.int(2, 5);
  for (let i = 0; i < nSignals; i++) {
    const name = fresh('x');
    const type = i === 0 ? 'number' : rng.pick<SigType>(['number', 'number', 'int', 'bool', 'enum']);
    const members = type === 'enum' ? enumMembers(rng.int(2, 4)) : undefined;
    const path = pathFor(name);
    const range = (type === 'number' || type === 'int') && rng.chance(0.4) ? ([rng.int(-5, 0), rng.int(1, 8)] as const) : undefined;
    signals.push({ name, type, members, path, range, action: false });
    const typeText = type === 'enum' ? `enum { ${members!.join(', ')} }` : type;
    const pathPart = path.length === 1 && path[0] === name && rng.chance(0.5) ? '' : ` = ${pathText(path)}`;
    lines.push(`signal ${name}: ${typeText}${range ? ` in [${range[0]}, ${range[1]}]` : ''}${pathPart}`);
  }
  const actionStyle = rng.pick(['none', 'plain', 'indexed', 'object']);
  if (actionStyle === 'plain') {
    const name = fresh('act');
    const type = rng.pick<SigType>(['enum', 'number', 'int']);
    const members = type === 'enum' ? enumMembers(3) : undefined;
    signals.push({ name, type, members, path: ['action'], action: true });
    lines.push(`action ${name}: ${type === 'enum' ? `enum { ${members!.join(', ')} }` : type}`);
  } else if (actionStyle === 'indexed') {
    for (let i = 0; i < 2; i++) {
      const name = fresh('tau');
      const range = rng.chance(0.5) ? ([-1, 1] as const) : undefined;
      signals.push({ name, type: 'number', path: ['action', i], range, action: true });
      lines.push(`action ${name}: number${range ? ' in [-1, 1]' : ''} = action[${i}]`);
    }
  } else if (actionStyle === 'object') {
    for (const type of ['enum', 'number'] as const) {
      const name = fresh('act');
      const members = type === 'enum' ? enumMembers(2) : undefined;
      signals.push({ name, type, members, path: ['action', name], action: true });
      lines.push(`action ${name}: ${type === 'enum' ? `enum { ${members!.join(', ')} }` : type}`);
    }
  }

  // Version 2: vector signals over arrays of their own, over slices of one shared array, over an
  // array of arrays; a vector action when the action is not otherwise taken.
  const vectorCase = rng.chance(0.45) && options.vectors !== false;
  if (vectorCase) {
    const big = rng.int(6, 10);
    let grid = false;
    for (let i = rng.int(1, 3); i > 0; i--) {
      const name = fresh('v');
      const kind = rng.pick(['whole', 'slice', 'slice', 'grid']);
      const range = rng.chance(0.3) ? ([-5, 10] as const) : undefined;
      const rangeText = range ? ` in [${range[0]}, ${range[1]}]` : '';
      const hasDefault = rng.chance(0.25);
      let shape: number;
      let decl: string;
      let sig: Signal;
      if (kind === 'slice') {
        const step = rng.pick([1, 1, 2, 3]);
        const start = rng.int(0, 2);
        shape = rng.int(1, Math.floor((big - 1 - start) / step) + 1);
        const stop = start + (shape - 1) * step + 1 + (step > 1 && rng.chance(0.5) ? step - 1 : 0);
        sig = { name, type: 'number', path: ['vbig'], range, action: false, shape, slice: { start, step }, hasDefault };
        decl = `vbig[${start}:${stop}${step > 1 ? `:${step}` : ''}]`;
      } else if (kind === 'grid' && !grid) {
        grid = true;
        const cols = rng.int(1, 3);
        shape = 2 * cols;
        sig = { name, type: 'number', path: ['vgrid'], range, action: false, shape, rows: 2, hasDefault };
        decl = 'vgrid';
      } else {
        shape = rng.int(1, 4);
        const path = `vw${counter++}`;
        sig = { name, type: 'number', path: [path], range, action: false, shape, hasDefault };
        decl = path;
      }
      const dflt = hasDefault ? (rng.chance(0.5) ? ' default 0.5' : ` default [${Array.from({ length: shape }, (_, k) => k - 1).join(', ')}]`) : '';
      signals.push(sig);
      lines.push(`signal ${name}: vector[${shape}]${rangeText} = ${decl}${dflt}`);
    }
    if (actionStyle === 'none' && rng.chance(0.6)) {
      const name = fresh('va');
      signals.push({ name, type: 'number', path: ['action'], range: [-1, 1], action: true, shape: 2 });
      lines.push(`action ${name}: vector[2] in [-1, 1]`);
    }
    // A scalar signal with a default, missing from some records.
    if (rng.chance(0.5)) {
      const name = fresh('xd');
      signals.push({ name, type: 'number', path: ['info', `dflt${counter++}`], action: false, hasDefault: true });
      lines.push(`signal ${name}: number = ${pathText(signals[signals.length - 1].path)} default ${rng.pick(['0', '1.5', '-2'])}`);
    }
  }

  const scope = { signals, defs: [] as string[], props: [] as string[], terms: [] as string[] };
  /** Vector defs by name and length. */
  const vecDefs: { name: string; shape: number }[] = [];
  const states = signals.filter((s) => !s.action && !s.shape);
  const vecSignals = signals.filter((s) => s.shape);

  /** A literal or a signal: no def or term, whose value a pow may have moved in the last bit. */
  const plain = (ctx: ExprCtx): string => {
    const s = states.filter((x) => x.type === 'number' || x.type === 'int');
    return s.length && rng.chance(0.6) ? rng.pick(s).name + (ctx.primes && rng.chance(0.4) ? "'" : '') : rng.pick(NUMBERS);
  };
  const num = (ctx: ExprCtx, depth: number): string => {
    const leaves: (() => string)[] = [
      () => rng.pick(NUMBERS),
      () => {
        const s = rng.pick(states.filter((x) => x.type === 'number' || x.type === 'int'));
        return s.name + (ctx.primes && rng.chance(0.4) ? "'" : '');
      },
    ];
    if (scope.defs.length) leaves.push(() => rng.pick(scope.defs) + (ctx.primes && rng.chance(0.4) ? "'" : ''));
    if (ctx.terms && scope.terms.length) leaves.push(() => rng.pick(scope.terms));
    const numActions = signals.filter((x) => x.action && !x.shape && (x.type === 'number' || x.type === 'int'));
    if (ctx.actions && numActions.length) leaves.push(() => rng.pick(numActions).name);
    // prev(NAME) of a scalar signal, action, def or term where it may stand (terms, items, rewards).
    if (ctx.terms && vectorCase) {
      const names = [...states.filter((x) => x.type === 'number' || x.type === 'int').map((x) => x.name), ...numActions.map((x) => x.name), ...scope.defs];
      if (names.length) leaves.push(() => `prev(${rng.pick(names)})`);
    }
    if (vecSignals.length || vecDefs.length) {
      // Reductions and elements of vectors.
      leaves.push(() => {
        const n = rng.pick(vectorLengths(ctx));
        const v = () => vec(ctx, Math.max(0, depth - 1), n);
        switch (rng.int(0, 8)) {
          case 0: return `sum(${v()})`;
          case 1: return `mean(${v()})`;
          case 2: return `norm(${v()})`;
          case 3: return `dot(${v()}, ${v()})`;
          case 4: return `${rng.pick(['min', 'max'])}(${v()})`;
          case 5: return `count(${v()} ${rng.pick(['>', '<=', '!='])} ${rng.pick(NUMBERS)})`;
          case 6: return `hypot(${v()})`;
          default: {
            const named = vectorNames(ctx).filter((x) => x.shape === n);
            const i = rng.int(0, n - 1);
            return named.length && rng.chance(0.6) ? `${rng.pick(named).text}[${i}]` : `(${v()})[${i}]`;
          }
        }
      });
    }
    if (depth <= 0 || rng.chance(0.3)) return rng.pick(leaves)();
    const d = depth - 1;
    switch (rng.int(0, 7)) {
      case 0:
      case 1:
        // V8's pow, exp, log and tanh may differ from the C library's in the last bit; % of a
        // large value by a small one would blow that up, so % only takes plain operands.
        return rng.chance(0.1)
          ? `(${plain(ctx)} % ${plain(ctx)})`
          : `(${num(ctx, d)} ${rng.pick(['+', '-', '*', '+', '-', '*', '/', '^'])} ${num(ctx, d)})`;
      case 2:
        return `-${num(ctx, d)}`;
      case 3: {
        const f = rng.pick(['abs', 'sqrt', 'exp', 'log', 'tanh', 'sign', 'floor', 'ceil']);
        return `${f}(${num(ctx, d)})`;
      }
      case 4: {
        const f = rng.pick(['min', 'max', 'hypot', 'clamp']);
        const k = f === 'clamp' ? 3 : rng.int(1, 3);
        return `${f}(${Array.from({ length: k }, () => num(ctx, d)).join(', ')})`;
      }
      case 5:
        return rng.chance(0.5) ? `(${bool(ctx, d)} ? ${num(ctx, d)} : ${num(ctx, d)})` : `(if ${bool(ctx, d)} then ${num(ctx, d)} else ${num(ctx, d)})`;
      case 6:
        return `(${num(ctx, d)} / (${num(ctx, d)} - ${num(ctx, d)}))`;
      default:
        return `(${num(ctx, d)} ^ ${rng.pick(['2', '0.5', '-1', '3', '0'])})`;
    }
  };

  /** Vector operands a context may read, with their lengths (primes on state vectors where allowed). */
  const vectorNames = (ctx: ExprCtx): { text: string; shape: number }[] => {
    const out: { text: string; shape: number }[] = [];
    for (const x of vecSignals) {
      if (x.action && !ctx.actions) continue;
      out.push({ text: x.name + (ctx.primes && !x.action && rng.chance(0.4) ? "'" : ''), shape: x.shape! });
      if (ctx.terms) out.push({ text: `prev(${x.name})`, shape: x.shape! });
    }
    for (const d of vecDefs) out.push({ text: d.name + (ctx.primes && rng.chance(0.3) ? "'" : ''), shape: d.shape });
    return out;
  };
  const vectorLengths = (ctx: ExprCtx): number[] => {
    const n = [...new Set(vectorNames(ctx).map((x) => x.shape))];
    return n.length ? n : [2];
  };
  /** A vector expression of n elements. */
  const vec = (ctx: ExprCtx, depth: number, n: number): string => {
    const named = vectorNames(ctx).filter((x) => x.shape === n);
    const longer = vectorNames(ctx).filter((x) => x.shape > n);
    const leaf = (): string => {
      if (named.length && rng.chance(0.75)) return rng.pick(named).text;
      if (longer.length && rng.chance(0.6)) {
        const w = rng.pick(longer);
        const step = w.shape >= 2 * n && rng.chance(0.4) ? 2 : 1;
        const start = rng.int(0, w.shape - 1 - (n - 1) * step);
        return `${w.text}[${start}:${start + (n - 1) * step + 1}${step > 1 ? `:${step}` : ''}]`;
      }
      return `[${Array.from({ length: n }, () => num(ctx, 0)).join(', ')}]`;
    };
    if (depth <= 0 || rng.chance(0.35)) return leaf();
    const d = depth - 1;
    switch (rng.int(0, 6)) {
      case 0:
        return `(${vec(ctx, d, n)} ${rng.pick(['+', '-', '*', '/'])} ${vec(ctx, d, n)})`;
      case 1:
        return rng.chance(0.5) ? `(${vec(ctx, d, n)} ${rng.pick(['+', '-', '*', '^'])} ${rng.pick(NUMBERS)})` : `(${num(ctx, 0)} ${rng.pick(['+', '-', '*'])} ${vec(ctx, d, n)})`;
      case 2:
        return `-${vec(ctx, d, n)}`;
      case 3:
        return `${rng.pick(['abs', 'tanh', 'sign', 'floor', 'sin', 'cos'])}(${vec(ctx, d, n)})`;
      case 4:
        return rng.chance(0.5) ? `${rng.pick(['min', 'max'])}(${vec(ctx, d, n)}, ${num(ctx, 0)})` : `clamp(${vec(ctx, d, n)}, -1, 1)`;
      case 5:
        return `(${bool(ctx, 0)} ? ${vec(ctx, d, n)} : ${vec(ctx, d, n)})`;
      default:
        return leaf();
    }
  };

  const bool = (ctx: ExprCtx, depth: number): string => {
    const leaves: (() => string)[] = [
      () => rng.pick(['true', 'false']),
      () => `(${num(ctx, 0)} ${rng.pick(['<', '<=', '>', '>=', '==', '!='])} ${num(ctx, 0)})`,
    ];
    const bools = states.filter((x) => x.type === 'bool');
    if (bools.length) leaves.push(() => rng.pick(bools).name + (ctx.primes && rng.chance(0.3) ? "'" : ''));
    const enums = signals.filter((x) => x.type === 'enum' && (ctx.actions || !x.action));
    if (enums.length) {
      leaves.push(() => {
        const e = rng.pick(enums);
        return `(${e.name}${ctx.primes && !e.action && rng.chance(0.3) ? "'" : ''} ${rng.pick(['==', '!='])} ${rng.pick(e.members!)})`;
      });
    }
    if (ctx.props && scope.props.length) leaves.push(() => rng.pick(scope.props) + (ctx.primes && rng.chance(0.3) ? "'" : ''));
    if (vecSignals.length || vecDefs.length) {
      leaves.push(() => {
        const n = rng.pick(vectorLengths(ctx));
        return `${rng.pick(['any', 'all'])}(${vec(ctx, 0, n)} ${rng.pick(['>', '<', '>=', '=='])} ${rng.pick(NUMBERS)})`;
      });
    }
    if (depth <= 0 || rng.chance(0.3)) return rng.pick(leaves)();
    const d = depth - 1;
    switch (rng.int(0, 3)) {
      case 0:
        return `!${bool(ctx, d)}`;
      case 1:
        return `(${bool(ctx, d)} ${rng.pick(['&&', '||', '->', '<->', '&', '|'])} ${bool(ctx, d)})`;
      case 2:
        return `(${bool(ctx, d)} ? ${bool(ctx, d)} : ${bool(ctx, d)})`;
      default:
        return rng.pick(leaves)();
    }
  };

  const STATE: ExprCtx = { primes: false, actions: false, terms: false, props: false };
  const TERM: ExprCtx = { primes: true, actions: true, terms: true, props: true };

  for (let i = rng.int(0, 3); i > 0; i--) {
    const name = fresh('d');
    lines.push(`def ${name} = ${num(STATE, 3)}`);
    scope.defs.push(name);
  }
  if (vecSignals.some((x) => !x.action)) {
    for (let i = rng.int(0, 2); i > 0; i--) {
      const name = fresh('dv');
      const n = rng.pick(vectorLengths(STATE));
      lines.push(`def ${name} = ${vec(STATE, 2, n)}`);
      vecDefs.push({ name, shape: n });
    }
  }

  // External labels: one-character names allow label strings; longer ones need arrays or `|`.
  const external: string[] = [];
  const oneChar = rng.chance(0.5);
  for (let i = rng.int(0, 3); i > 0; i--) {
    const name = oneChar ? ['p', 'q', 'r', 'w'].find((c) => !used.has(c)) : fresh('lab');
    if (!name) break;
    used.add(name);
    external.push(name);
    lines.push(`prop ${name}`);
  }
  scope.props.push(...external);
  for (let i = rng.int(1, 3); i > 0; i--) {
    const name = fresh('prop');
    lines.push(`prop ${name} = ${bool({ primes: false, actions: rng.chance(0.3), terms: false, props: true }, 2)}`);
    scope.props.push(name);
  }
  if (scope.props.length >= 2 && rng.chance(0.5)) {
    const group = scope.props.filter(() => rng.chance(0.6));
    if (group.length >= 2) lines.push(`exclusive ${group.join(', ')}`);
  }
  for (let i = rng.int(0, 3); i > 0; i--) {
    const name = fresh('term');
    lines.push(`term ${name} = ${num(TERM, 3)}`);
    scope.terms.push(name);
  }
  const potentials: string[] = [];
  for (let i = rng.int(0, 2); i > 0; i--) {
    const name = fresh('phi');
    lines.push(`potential ${name} = ${num(STATE, 2)}`);
    potentials.push(name);
  }

  // Machines: guards read labels (props and comparisons on the reached state).
  const GUARD: ExprCtx = { primes: false, actions: false, terms: false, props: true };
  const machines: string[] = [];
  for (let i = rng.int(0, 2); i > 0; i--) {
    const name = fresh('m');
    const k = rng.int(2, 5);
    const st = Array.from({ length: k }, () => fresh('u'));
    const body: string[] = [`  initial ${st[0]}`];
    const terminals = st.slice(1).filter(() => rng.chance(0.3));
    if (terminals.length) body.push(`  terminal ${terminals.join(', ')}`);
    for (const from of st) {
      if (terminals.includes(from) && !rng.chance(0.1)) continue;
      for (let j = rng.int(0, 3); j > 0; j--) {
        const to = rng.pick(st);
        const guard = rng.chance(0.1) ? 'otherwise' : rng.chance(0.05) ? undefined : bool(GUARD, 2);
        const reward = rng.chance(0.5) ? (rng.chance(0.6) ? rng.pick(['1', '-1', '0.5', '2', '-0.25']) : num(TERM, 2)) : undefined;
        const sources = rng.chance(0.15) ? `${from}, ${rng.pick(st)}` : from;
        body.push(`  ${sources} -> ${to}${guard === undefined ? '' : ` when ${guard}`}${reward === undefined ? '' : ` reward ${reward}`}`);
      }
    }
    lines.push(`machine ${name} {`, ...body, '}');
    machines.push(name);
  }

  const ltls: string[] = [];
  const atoms = scope.props.slice(0, 4);
  const formula = (depth: number): string => {
    if (depth <= 0 || rng.chance(0.25)) return rng.chance(0.9) && atoms.length ? rng.pick(atoms) : rng.pick(['true', 'false']);
    const d = depth - 1;
    switch (rng.int(0, 5)) {
      case 0:
        return `!${formula(d)}`;
      case 1:
        return `(${formula(d)} ${rng.pick(['&&', '||', '->', '<->'])} ${formula(d)})`;
      case 2:
        return `${rng.pick(['X', 'WX', 'F', 'G'])} ${formula(d)}`;
      case 3: {
        const a = rng.int(0, 2);
        return `${rng.pick(['F', 'G'])}[${a},${a + rng.int(0, 2)}] ${formula(d)}`;
      }
      default:
        return `(${formula(d)} ${rng.pick(['U', 'R', 'W'])} ${formula(d)})`;
    }
  };
  if (atoms.length) {
    for (let i = rng.int(0, 2); i > 0; i--) {
      const name = fresh('f');
      const accept = rng.chance(0.5) ? ` accept ${rng.chance(0.7) ? rng.pick(['1', '2', '0.5', '10']) : num(TERM, 1)}` : '';
      const reject = rng.chance(0.5) ? ` reject ${rng.chance(0.7) ? rng.pick(['-1', '0', '-2']) : num(TERM, 1)}` : '';
      lines.push(`ltl ${name} = ${formula(3)}${accept}${reject}`);
      ltls.push(name);
    }
  }

  // Rewards.
  const rewards: string[] = [];
  const numericRefs = [...scope.terms, ...scope.defs, ...signals.filter((s) => !s.shape && (s.type === 'number' || s.type === 'int')).map((s) => s.name)];
  for (let i = rng.int(1, 3); i > 0; i--) {
    const name = fresh('r');
    const items: string[] = [];
    for (let j = rng.int(1, 6); j > 0; j--) {
      const weight = rng.chance(0.4) ? `${rng.pick(['2', '-1', '0.5', '-0.1', '3'])} * ` : '';
      const task = rng.chance(0.15) ? 'task ' : '';
      const choice = rng.int(0, 7);
      if (choice === 0 && machines.length) items.push(`${task}${weight}${rng.pick(machines)}`);
      else if (choice === 1 && ltls.length) items.push(`${task}${weight}${rng.pick(ltls)}`);
      else if (choice === 2 && numericRefs.length) items.push(`${task}${weight}${rng.pick(numericRefs)}`);
      else if (choice === 3) items.push(`${task}${weight}(${num(TERM, 2)})`);
      else if (choice === 4) items.push(rng.pick(['-0.01', '1', '2', '0', '-1', '0.5']));
      else if (choice === 5 && potentials.length) items.push(`shaping ${rng.pick(potentials)}`);
      else if (choice === 6 && machines.length) items.push(`shaping ${rng.pick(machines)}${rng.chance(0.5) ? ` discount ${rng.pick(['0.9', '0.5', '1', '0.99'])}` : ''}`);
      else items.push(`${weight}(${num(TERM, 1)})`);
    }
    lines.push(rng.chance(0.5) ? `reward ${name} {\n  ${items.join('\n  ')}\n}` : `reward ${name} { ${items.join('; ')} }`);
    rewards.push(name);
  }

  const files = Array.from({ length: rng.int(1, 2) }, (_, i) => trajectory(rng, signals, external, `t${i}`));
  return { spec: lines.join('\n') + '\n', rewards, files };
}

const NAN = '\u0000NaN\u0000';
const INF = '\u0000Infinity\u0000';

/** One trajectory file: episodes of random records, with the odd bad one. */
function trajectory(rng: Rng, signals: readonly Signal[], labels: readonly string[], stem: string) {
  const format = rng.pick(['jsonl', 'jsonl', 'jsonl', 'csv', 'json']);
  const records: Record<string, unknown>[] = [];
  const bad: (string | undefined)[] = [];
  const episodes = rng.int(1, 3);
  for (let e = 0; e < episodes; e++) {
    const length = rng.int(1, 12);
    for (let t = 0; t < length; t++) {
      const last = t === length - 1;
      const r: Record<string, unknown> = {};
      if (rng.chance(0.5)) r.episode = e;
      for (const s of signals) {
        if (s.action && last && rng.chance(0.7)) continue;
        if (s.hasDefault && rng.chance(0.3)) continue;
        if (s.shape) setVector(rng, r, s);
        else set(r, s.path, value(rng, s));
      }
      if (labels.length && rng.chance(0.8)) {
        const on = labels.filter(() => rng.chance(0.3));
        r.labels = labels.every((l) => l.length === 1) && rng.chance(0.5) ? on.join('') : on;
      }
      if (last) {
        const end = rng.pick(['terminated', 'truncated', 'none']);
        if (end !== 'none') r[end] = true;
      } else if (rng.chance(0.1)) r.terminated = false;
      // The odd bad record: a problem for the readers, and a gap the episode goes on across.
      let broken: string | undefined;
      if (rng.chance(0.06)) {
        const s = rng.pick(signals);
        const kind = rng.int(0, 4);
        if (kind === 0) set(r, s.path, 'oops');
        else if (kind === 1) set(r, s.path, rng.pick([NAN, INF]));
        else if (kind === 2 && s.shape) {
          // A vector of the wrong length, or with a bad element.
          const a = lookupPath(r, s.path);
          if (Array.isArray(a) && a.length && !Array.isArray(a[0])) {
            if (rng.chance(0.5)) a.pop();
            else a[rng.int(0, a.length - 1)] = rng.pick(['x', NAN, null]);
          } else set(r, s.path, rng.pick([3, 'oops', [[1], 2]]));
        } else if (kind === 2) r.labels = 7;
        else if (kind === 3) broken = rng.pick(['{"broken": ', '[1, 2]', 'null', '{"a": NaN']);
        else r.truncated = 'maybe';
      }
      records.push(r);
      bad.push(broken);
    }
  }
  return { name: `${stem}.${format}`, text: write(format, records, bad, signals) };
}

const element = (rng: Rng): number => (rng.chance(0.02) ? -0 : Math.round((rng.next() * 16 - 4) * 1000) / 1000);

/** A vector signal's elements at its path: its own array, its elements of a shared array (the rest filled), rows of an array of arrays. */
function setVector(rng: Rng, r: Record<string, unknown>, s: Signal): void {
  const n = s.shape!;
  if (s.rows) {
    const cols = n / s.rows;
    set(r, s.path, Array.from({ length: s.rows }, () => Array.from({ length: cols }, () => element(rng))));
    return;
  }
  if (!s.slice) {
    set(r, s.path, Array.from({ length: n }, () => element(rng)));
    return;
  }
  let a = lookupPath(r, s.path) as unknown[] | undefined;
  if (!Array.isArray(a)) {
    a = [];
    set(r, s.path, a);
  }
  const needed = s.slice.start + (n - 1) * s.slice.step + 1;
  while (a.length < needed) a.push(element(rng));
}

function lookupPath(r: Record<string, unknown>, path: readonly (string | number)[]): unknown {
  let v: unknown = r;
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[p] : undefined;
  return v;
}

function value(rng: Rng, s: Signal): unknown {
  switch (s.type) {
    case 'bool':
      return rng.chance(0.5);
    case 'enum':
      return rng.chance(0.8) ? rng.pick(s.members!) : rng.int(0, s.members!.length - 1);
    case 'int':
      return rng.chance(0.02) ? 2.5 : rng.int(-3, 9);
    default:
      return rng.chance(0.03) ? rng.pick([NAN, INF, 1e300, -0]) : Math.round((rng.next() * 20 - 5) * 1000) / 1000;
  }
}

function set(record: Record<string, unknown>, path: readonly (string | number)[], v: unknown): void {
  let c: Record<string | number, unknown> = record;
  for (let i = 0; i < path.length - 1; i++) {
    const next = typeof path[i + 1] === 'number' ? [] : {};
    if (c[path[i]] === undefined || typeof c[path[i]] !== 'object') c[path[i]] = next;
    c = c[path[i]] as Record<string | number, unknown>;
  }
  c[path[path.length - 1]] = v;
}

const json = (v: unknown): string =>
  JSON.stringify(v, (_k, x) => (Array.isArray(x) ? Array.from(x, (y) => (y === undefined ? 0 : y)) : x))
    .replaceAll(JSON.stringify(NAN), 'NaN')
    .replaceAll(JSON.stringify(INF), 'Infinity');

function write(format: string, records: readonly Record<string, unknown>[], bad: readonly (string | undefined)[], signals: readonly Signal[]): string {
  if (format === 'jsonl') return records.map((r, i) => bad[i] ?? json(r)).join(records.length % 2 ? '\n' : '\r\n') + '\n';
  if (format === 'json') {
    const groups: string[][] = [];
    let current: string[] = [];
    records.forEach((r, i) => {
      current.push(bad[i] ?? json(r));
      if (r.terminated === true || r.truncated === true) {
        groups.push(current);
        current = [];
      }
    });
    if (current.length) groups.push(current);
    return '[\n' + groups.map((g, i) => `  {"episode": ${i}, "steps": [\n    ${g.join(',\n    ')}\n  ]}`).join(',\n') + '\n]\n';
  }
  // CSV: one column per field path.
  const pathCol = (path: readonly (string | number)[]) => path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
  // A vector's cells are the columns of its source array's (flat) indexes (LANGUAGE.md section 10).
  const vectorCols = new Map<string, number>();
  for (const s of signals) {
    if (!s.shape) continue;
    const key = pathCol(s.path);
    const width = s.slice ? Math.max(0, ...records.map((r) => (Array.isArray(lookupPath(r, s.path)) ? (lookupPath(r, s.path) as unknown[]).length : 0))) : s.shape;
    vectorCols.set(key, Math.max(vectorCols.get(key) ?? 0, width));
  }
  const columns = ['episode'];
  for (const s of signals) {
    const key = pathCol(s.path);
    if (!s.shape) columns.push(key);
    else if (vectorCols.has(key)) {
      for (let k = 0; k < vectorCols.get(key)!; k++) columns.push(`${key}[${k}]`);
      vectorCols.delete(key);
    }
  }
  columns.push('labels', 'terminated', 'truncated');
  const cell = (v: unknown): string => {
    if (v === undefined) return '';
    if (v === NAN) return 'nan';
    if (v === INF) return 'inf';
    if (Array.isArray(v)) return v.join('|') || '';
    const s = String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const get = (r: Record<string, unknown>, col: string): unknown => {
    const path = col.match(/[A-Za-z_][A-Za-z0-9_]*|\d+/g)!.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    let v: unknown = r;
    for (const p of path) {
      // An array of arrays is read by its flat index.
      if (typeof p === 'number' && Array.isArray(v) && Array.isArray(v[0])) v = (v as unknown[][]).flat();
      v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[p] : undefined;
    }
    return v;
  };
  const rows = records.map((r, i) => (bad[i] ? '"unterminated' : columns.map((c) => cell(get(r, c))).join(',')));
  return [columns.join(','), ...rows].join('\n') + '\n';
}
