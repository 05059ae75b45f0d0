import type { Instr, Program } from '../../program/ir';
import { liveInstructions } from '../../program/live';
import { pyNumber } from '../python/quote';
import { BATCH_FUNCTIONS } from './functions';
import type { MachineTable } from './machine-tables';

// One reward block of the lowered program as one Python function over whole batches: every
// instruction of `program.code` becomes one line of array code, in array order (so the code is
// straight-line and stack-safe however large the spec), then the machines and formulas as table
// lookups (machine-tables.ts; the DFA's next-state table) and the items. The same text serves NumPy and PyTorch: it calls only the helpers
// that both runtimes define (`_where`, `_f`, `_i`, `_pow`, ...), indexes with `[:, k]` and
// `[:, None]`, and never branches on a value, so PyTorch can trace it and run it on a GPU.
//
// Shapes: a value read from a record is `(N,)` (a number per environment) or `(N, d)` (a
// vector); a constant, and any value computed from constants only, is a 0-d scalar that
// broadcasts. Beside a vector, a batched scalar is widened with `[:, None]`.

export interface KernelText {
  /** Python source of `def NAME(K, T, c, n, p, term, act, eod, U, Q, S, power, idle=True): ...`. */
  readonly source: string;
  /** The constants, in the order of the `K` list the function reads. */
  readonly constants: readonly number[];
}

/** Re-exported for the exports that import it from here (program/live.ts is the one marking). */
export { liveInstructions };

/** Where each load slot is in the decoded record list: its entry (fields, then labels). */
export type SlotEntries = ReadonlyMap<number, number>;

export function kernelSource(p: Program, reward: number, name: string, entries: SlotEntries, tables: readonly MachineTable[]): KernelText {
  const code = p.code;
  const live = liveInstructions(p, reward);
  const constants: number[] = [];
  const constIndex = new Map<number | string, number>();
  const constant = (v: number): string => {
    const key = Object.is(v, -0) ? '-0' : Number.isNaN(v) ? 'nan' : v;
    let k = constIndex.get(key);
    if (k === undefined) {
      k = constants.push(v) - 1;
      constIndex.set(key, k);
    }
    return `K[${k}]`;
  };
  // Batched: the value depends on the step (one per environment); else a 0-d scalar.
  const batched = new Uint8Array(code.length);
  const body: string[] = [];
  // Truths: comparisons and logic give boolean arrays, kept boolean while logic and guards
  // read them (a comparison and an && are one operation each, not four); where a number is
  // needed they become 0.0/1.0 (_f), which is what the lowered program holds.
  const truthy = new Uint8Array(code.length);
  const v = (i: number) => `v${i}`;
  const num = (i: number) => (truthy[i] ? `_f(${v(i)})` : v(i));
  const truth = (i: number) => (truthy[i] ? v(i) : `(${v(i)} != 0)`);
  /** An operand of instruction `ins`, widened when a batched scalar stands beside a vector. */
  const widen = (ins: Instr, a: number, x: string) => (ins.shape > 0 && code[a].shape === 0 && batched[a] ? `${x}[:, None]` : x);
  const arg = (ins: Instr, a: number) => widen(ins, a, num(a));
  const argTruth = (ins: Instr, a: number) => widen(ins, a, truth(a));

  for (let i = 0; i < code.length; i++) {
    if (!live[i]) continue;
    const ins = code[i];
    batched[i] = ins.op === 'load' || ins.op === 'prev' || ins.args.some((a) => batched[a]) || ins.shape > 0 ? 1 : 0;
    let rhs: string;
    switch (ins.op) {
      case 'const':
        rhs = ins.shape > 0 ? `_full_vec(L, ${ins.shape}, ${constant(ins.value)})` : constant(ins.value);
        break;
      case 'load': {
        const e = entries.get(ins.slot);
        // 'action' is a_t, held in the record of s_t on a trajectory.
        rhs = e === undefined ? `_nan_col(L)` : `${ins.record === 'next' ? 'n' : 'c'}[${e}]`;
        break;
      }
      case 'prev':
        rhs = ins.shape > 0 ? `p[:, ${ins.slot}:${ins.slot + ins.shape}]` : `p[:, ${ins.slot}]`;
        break;
      case 'unary':
        if (ins.fn === '-') rhs = `(-${num(ins.args[0])})`;
        else {
          rhs = truthy[ins.args[0]] ? `(~${v(ins.args[0])})` : `(${v(ins.args[0])} == 0)`;
          truthy[i] = 1;
        }
        break;
      case 'binary': {
        const y = code[ins.args[1]];
        // x^2 is x * x: what Math.pow gives (V8's pow is fdlibm's, which returns x * x for
        // an exponent of 2), and a multiply instead of the generic pow, the slowest
        // operation of a step (NumPy's power with an array exponent takes no fast path).
        const [l, r] = ins.args;
        if (ins.fn === '^' && y.op === 'const' && y.value === 2) {
          const x = arg(ins, l);
          rhs = `(${x} * ${x})`;
        } else if (LOGIC.has(ins.fn)) {
          rhs = logic(ins.fn, argTruth(ins, l), argTruth(ins, r));
          truthy[i] = 1;
        } else {
          rhs = binary(ins.fn, arg(ins, l), arg(ins, r));
          truthy[i] = COMPARISONS.has(ins.fn) ? 1 : 0;
        }
        break;
      }
      case 'cond': {
        const [t, a, b] = ins.args;
        if (truthy[a] && truthy[b]) {
          rhs = `_where(${argTruth(ins, t)}, ${widen(ins, a, v(a))}, ${widen(ins, b, v(b))})`;
          truthy[i] = 1;
        } else rhs = `_where(${argTruth(ins, t)}, ${arg(ins, a)}, ${arg(ins, b)})`;
        break;
      }
      case 'call': {
        const fn = BATCH_FUNCTIONS.get(ins.fn);
        if (!fn) throw new Error(`the batched exports have no form of the function '${ins.fn}'`);
        const vectorArg = ins.args.some((a) => code[a].shape > 0);
        // any, all and count compare with 0 themselves, which reads truths as they are.
        if (vectorArg && ins.shape === 0 && fn.reduce) rhs = fn.reduce(ins.args.map((a) => (TRUTH_REDUCTIONS.has(ins.fn) ? v(a) : num(a))));
        else if (fn.scalar) rhs = fn.scalar(ins.args.map((a) => arg(ins, a)));
        else throw new Error(`the batched exports have no element-wise form of '${ins.fn}'`);
        break;
      }
      case 'index':
        rhs = `${v(ins.args[0])}[:, ${ins.index}]`;
        truthy[i] = truthy[ins.args[0]];
        break;
      case 'slice':
        rhs = `${v(ins.args[0])}[:, ${ins.start}:${ins.stop}:${ins.step}]`;
        truthy[i] = truthy[ins.args[0]];
        break;
      case 'pack':
        rhs = `_pack(L, [${ins.args.map(num).join(', ')}])`;
        break;
    }
    body.push(`${v(i)} = ${rhs}`);
  }

  const block = p.rewards[reward];
  const gamma = constant(p.gamma);
  const zero = '_zeros(L)';
  /** weight * value; a weight of 1 multiplies nothing (1 * x is x, -0 and NaN included). */
  const weighted = (w: number, value: string) => (w === 1 ? value : `${constant(w)} * ${value}`);


  body.push('# Machines: per environment, its state\'s guards gathered, the first that holds picks the row.');
  const taskMachines = new Set<number>();
  const taskLtls = new Set<number>();
  for (const it of block.items) {
    if (it.kind === 'machine') taskMachines.add(it.machine);
    if (it.kind === 'ltl') taskLtls.add(it.ltl);
  }
  p.machines.forEach((_m, mi) => {
    const t = tables[mi];
    body.push(`u = U[${mi}]`);
    // k: the environment's row of the flat tables, u * stride + its letter class.
    const rows = t.guards.map(truth).join(', ');
    if (t.stride === 1) body.push('k = u');
    else if (!t.slots) body.push(`k = u * ${t.stride} + _letter(L, T_BITS, [${rows}])`);
    else body.push(`k = u * ${t.stride} + _first_true(_gather_rows(_guard_rows(L, [${rows}]), T_MSLOTS[${mi}][:, u]))`);
    body.push(`U2_${mi} = _where(act, _take(T_MTO[${mi}], k), u) if idle else _take(T_MTO[${mi}], k)`);
    if (t.values) body.push(`mr${mi} = _take(T_MREWARD[${mi}], k)`);
    else body.push(`mr${mi} = _gather_rows(_stack_rows(L, [${[zero, ...t.rewards.map(num)].join(', ')}]), _take(T_MREWARD[${mi}], k)[None, :])[0]`);
  });

  body.push('# Formulas: one DFA step by table lookup on the letter of the atoms.');
  p.ltls.forEach((l, li) => {
    const letter = l.atomCode.length ? `_letter(L, T_BITS, [${l.atomCode.map(truth).join(', ')}])` : '0';
    body.push(
      `open${li} = act & (S[${li}] == 0)`,
      `q${li} = _where(open${li}, _take(T_NEXT[${li}], Q[${li}] * ${1 << l.dfa.atoms} + (${letter})), Q[${li}])`,
      `verdict${li} = _where(open${li}, _take(T_VERDICT[${li}], q${li}), S[${li}])`,
    );
  });

  // Task completion before the episode's end is known: every task machine terminal, every
  // task formula decided by its automaton. With terminate_on_task_end (eod) it ends the episode.
  const doneParts = [...[...taskMachines].map((mi) => `_take(T_TERMINAL[${mi}], U2_${mi})`), ...[...taskLtls].map((li) => `(verdict${li} != 0)`)];
  body.push(`done_now = ${doneParts.length ? doneParts.join(' & ') : '_false(L)'}`);
  body.push('te = term | (eod & done_now & act)');
  p.ltls.forEach((l, li) => {
    body.push(
      `judged${li} = _where(_take(T_ACCEPTING[${li}], q${li}), 1, -1)`,
      `verdict${li} = _where(open${li} & (verdict${li} == 0) & te, judged${li}, verdict${li})`,
      `decided${li} = open${li} & (verdict${li} != 0)`,
      `le${li} = _where(decided${li}, _where(verdict${li} > 0, ${num(l.accept)}, ${num(l.reject)}), 0.0)`,
    );
  });
  // After the judgement at the episode's end a formula may be decided that was not before.
  body.push(taskLtls.size ? `done = ${doneParts.join(' & ')}` : 'done = done_now');

  body.push('# Items, in source order: s is the running sum (clip and replace act on it).');
  body.push(`s = ${zero}`);
  // An item of constants only stays a 0-d scalar: the stacking below widens it.
  const comps: string[] = [];
  block.items.forEach((it, ii) => {
    const c = `c${ii}`;
    comps.push(c);
    switch (it.kind) {
      case 'value':
        body.push(`${c} = ${weighted(it.weight, num(it.value))}`, `s = s + ${c}`);
        break;
      case 'machine':
        body.push(`${c} = ${weighted(it.weight, `mr${it.machine}`)}`, `s = s + ${c}`);
        break;
      case 'ltl':
        body.push(`${c} = ${weighted(it.weight, `le${it.ltl}`)}`, `s = s + ${c}`);
        break;
      case 'potential':
        // phi(s_{t+1}) := 0 when the step terminates the episode (LANGUAGE.md section 6).
        body.push(`${c} = ${gamma} * _where(te, 0.0, ${num(it.next)}) - ${num(it.current)}`, `s = s + ${c}`);
        break;
      case 'machine-shaping':
        body.push(
          `${c} = ${gamma} * _where(te, 0.0, _take(T_POTENTIAL[${ii}], U2_${it.machine})) - _take(T_POTENTIAL[${ii}], U[${it.machine}])`,
          `s = s + ${c}`,
        );
        break;
      case 'clip':
        body.push(`clipped = _minimum(_maximum(s, ${constant(it.lo)}), ${constant(it.hi)})`, `${c} = clipped - s`, 's = clipped');
        break;
      case 'replace':
        body.push(`${c} = ${constant(0)}`);
        break;
    }
  });
  const replaces = block.items.map((it, ii) => [it, ii] as const).filter(([it]) => it.kind === 'replace');
  if (replaces.length) body.push('replaced = _false(L)');
  for (const [it, ii] of replaces) {
    if (it.kind !== 'replace') continue;
    // The first replace whose condition holds makes the step pay its value.
    body.push(
      `w = ${truth(it.when)} & ~replaced`,
      `c${ii} = _where(w, ${num(it.value)} - s, 0.0)`,
      `s = _where(w, ${num(it.value)} + (s - s), s)`,
      'replaced = replaced | w',
    );
  }
  body.push(
    '# What the step adds to the episode: the components, the reward, the discounted reward,',
    '# one step; environments that take no step add 0 and keep their state.',
    `X = _stack_rows(L, [${[...comps, 's', 'power * s', constant(1)].join(', ')}])`,
    'if idle:',
    '    X = _where(act, X, 0.0)',
    states('U2', 'U', p.machines.map((_m, mi) => `U2_${mi}`)),
    states('Q2', 'Q', p.ltls.map((_l, li) => `q${li}`)),
    states('S2', 'S', p.ltls.map((_l, li) => `verdict${li}`)),
  );
  if (p.prev.length) {
    const cols: string[] = [];
    for (const e of p.prev) {
      if (e.shape === 0) cols.push(`${num(e.value)} + ${zero}`);
      else for (let k = 0; k < e.shape; k++) cols.push(`${num(e.value)}[:, ${k}]`);
    }
    body.push(`P2 = _stack_cols(L, [${cols.join(', ')}])`, 'if idle:', '    P2 = _where(act[:, None], P2, p)');
  } else body.push('P2 = p');
  // The labels L_t as they are (BatchReward.props compares them with 0 when it is read).
  body.push(`return X, U2, Q2, S2, P2, te, done, [${p.props.map((q) => v(q.label)).join(', ')}]`);

  const source = [
    `def ${name}(K, T, c, n, p, term, act, eod, U, Q, S, power, idle=True):`,
    '    # idle: whether some environment may be inactive (act not all true); a Python bool.',
    `    # reward ${block.name.replace(/[^\x20-\x7e]/g, '?')}`,
    '    L = term',
    '    T_TERMINAL, T_NEXT, T_VERDICT, T_ACCEPTING, T_POTENTIAL, T_MSLOTS, T_MTO, T_MREWARD, T_BITS = T',
    ...body.map((l) => `    ${l}`),
    '',
  ].join('\n');
  return { source, constants };
}

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const LOGIC = new Set(['&&', '||', '->', '<->']);
const TRUTH_REDUCTIONS = new Set(['any', 'all', 'count']);

/** A logic operator on two truths (boolean arrays), giving a truth. */
function logic(op: string, l: string, r: string): string {
  switch (op) {
    case '&&':
      return `(${l} & ${r})`;
    case '||':
      return `(${l} | ${r})`;
    case '->':
      return `(~${l} | ${r})`;
    default:
      return `(${l} == ${r})`;
  }
}

/** The stacked state arrays of the machines or formulas: one row is a view, no copy. */
function states(name: string, unchanged: string, rows: readonly string[]): string {
  if (rows.length === 0) return `${name} = ${unchanged}`;
  return rows.length === 1 ? `${name} = ${rows[0]}[None]` : `${name} = _stack_states(L, [${rows.join(', ')}])`;
}

function binary(op: string, l: string, r: string): string {
  switch (op) {
    case '+': case '-': case '*': case '/':
      return `(${l} ${op} ${r})`;
    case '%':
      return `_fmod(${l}, ${r})`;
    case '^':
      return `_pow(${l}, ${r})`;
    case '==': case '!=': case '<': case '<=': case '>': case '>=':
      return `(${l} ${op} ${r})`;
    default:
      throw new Error(`unknown operator ${op}`);
  }
}

export { pyNumber };
