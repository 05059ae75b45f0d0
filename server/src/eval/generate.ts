import { FUNCTION_TABLE, JS_HELPERS } from '../program/functions';
import type { Instr, Program } from '../program/ir';
import { forEachRoot, itemRoots, liveInstructions } from '../program/live';
import { machineTables, withoutMachines } from './machine-table';

/**
 * The generated evaluator: JavaScript source built from the program (program/ir.ts), one
 * straight-line function per spec and selection of reward blocks, compiled once with
 * `new Function`. It computes every selected reward block of a step in one pass.
 *
 * Generation is a loop over the flat instruction array (no recursion on expression depth).
 * The semantics are JavaScript's own, bit for bit as the reference tree evaluator
 * (eval/expr.ts): `%` is JavaScript's remainder (C's fmod), `^` is Math.pow, `hypot` is
 * Math.hypot, comparisons and logic yield 0/1, a conditional computes both branches (they
 * are pure) and picks one. Items are added in source order, starting from 0.
 *
 * The function is `step(c, a, n, flags, S, O)`:
 * - `c`, `a`, `n`: the records of s_t, of a_t and of s_{t+1} (eval/layout.ts); on a trajectory
 *   `a` is `c` (a record holds s_t and a_t); EPIC's drawn transitions take them apart;
 * - `flags`: NEXT_TERMINAL (phi(s_{t+1}) := 0: the step terminates the episode), JUDGE_END (an
 *   undecided formula is judged on the whole trace: the episode terminated here), CUR_TERMINAL
 *   (phi(s_t) := 0: s_t ended a terminated episode, only for drawn transitions);
 * - `S`: the evaluator state (`EvalState`), read and updated in place;
 * - `O`: the outputs (`EvalOutputs`), written.
 */

/** What a step reads from the past and updates: everything an episode carries between steps. */
export interface EvalState {
  /** Each machine's current state (index into its states). */
  readonly machine: Int32Array;
  /** Each formula's DFA state. */
  readonly ltl: Int32Array;
  /** Each formula's verdict: 1 accepted, -1 rejected, 0 pending. */
  readonly status: Int8Array;
  /** The `prev` buffer (Program.prev). */
  readonly prev: Float64Array;
}

export interface EvalOutputs {
  /** Per selected reward block, each item's weighted value. */
  readonly components: readonly Float64Array[];
  /** Per selected reward block, r_t. */
  readonly reward: Float64Array;
  /** Each prop's label L_t (0/1). */
  readonly props: Uint8Array;
}

export type StepFunction = (c: Float64Array, a: Float64Array, n: Float64Array, flags: number, S: EvalState, O: EvalOutputs) => void;
/** The step function bound to one state and one set of outputs (what the runner calls per step: no property loads per call). */
export type BoundStep = (c: Float64Array, a: Float64Array, n: Float64Array, flags: number) => void;
export interface StepCode {
  readonly step: StepFunction;
  readonly bind: (S: EvalState, O: EvalOutputs) => BoundStep;
}

export const NEXT_TERMINAL = 1;
export const JUDGE_END = 2;
export const CUR_TERMINAL = 4;

export function newState(p: Program): EvalState {
  const s: EvalState = {
    machine: new Int32Array(p.machines.length),
    ltl: new Int32Array(p.ltls.length),
    status: new Int8Array(p.ltls.length),
    prev: new Float64Array(p.prevWidth),
  };
  resetState(p, s);
  return s;
}

/** The state at an episode's start: initial machine and DFA states, pending verdicts, `prev` defaults. */
export function resetState(p: Program, s: EvalState): void {
  for (let i = 0; i < p.machines.length; i++) s.machine[i] = p.machines[i].initial;
  for (let i = 0; i < p.ltls.length; i++) {
    s.ltl[i] = p.ltls[i].dfa.initial;
    s.status[i] = 0;
  }
  for (const e of p.prev) s.prev.set(e.initial, e.slot);
}

export function copyState(from: EvalState, to: EvalState): void {
  // Loops, not TypedArray.set: the arrays hold a handful of entries, and EPIC copies a state
  // before each of its drawn transitions, where five calls of set cost twice the step itself.
  for (let i = 0; i < from.machine.length; i++) to.machine[i] = from.machine[i];
  for (let i = 0; i < from.ltl.length; i++) {
    to.ltl[i] = from.ltl[i];
    to.status[i] = from.status[i];
  }
  if (from.prev.length > 64) to.prev.set(from.prev);
  else for (let i = 0; i < from.prev.length; i++) to.prev[i] = from.prev[i];
}

export function cloneState(s: EvalState): EvalState {
  return { machine: s.machine.slice(), ltl: s.ltl.slice(), status: s.status.slice(), prev: s.prev.slice() };
}

export function newOutputs(p: Program, rewards: readonly number[]): EvalOutputs {
  return {
    components: rewards.map((r) => new Float64Array(p.rewards[r].items.length)),
    reward: new Float64Array(rewards.length),
    props: new Uint8Array(p.props.length),
  };
}

const cache = new WeakMap<Program, Map<string, StepCode>>();

/** The step function of `p` for the reward blocks `rewards` (indexes), generated once per program and selection. */
export function stepFunction(p: Program, rewards: readonly number[]): StepFunction {
  return stepCode(p, rewards).step;
}

/** The generated code of `p` for the blocks `rewards`: the step function, and `bind` to fix its state and outputs. */
export function stepCode(p: Program, rewards: readonly number[]): StepCode {
  let byKey = cache.get(p);
  if (!byKey) cache.set(p, (byKey = new Map()));
  const key = rewards.join(',');
  let f = byKey.get(key);
  if (!f) {
    const source = generateSource(p, rewards);
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const make = new Function('H', source) as (h: unknown) => StepCode;
    f = make({ ...JS_HELPERS, tables: tablesOf(p) });
    byKey.set(key, f);
  }
  return f;
}

/** Numeric tables the generated code indexes (DFAs, verdicts, shaping potentials). */
function tablesOf(p: Program) {
  return {
    next: p.ltls.map((l) => l.dfa.next),
    verdict: p.ltls.map((l) => l.verdict),
    accepting: p.ltls.map((l) => Uint8Array.from(l.dfa.accepting, (x) => (x ? 1 : 0))),
    potential: p.rewards.map((r) => r.items.map((it) => (it.kind === 'machine-shaping' ? Float64Array.from(it.potential) : undefined))),
    machineNext: machineTables(p).map((t) => t?.next),
    machineReward: machineTables(p).map((t) => t?.reward),
  };
}

const REC = { cur: 'c', action: 'a', next: 'n' } as const;

const num = (x: number): string => (Object.is(x, -0) ? '-0' : Number.isNaN(x) ? 'NaN' : x === Infinity ? 'Infinity' : x === -Infinity ? '-Infinity' : String(x));

/** JavaScript source of the module body: returns `{ step }`. Exported for tests and for reading. */
export function generateSource(p: Program, rewards: readonly number[]): string {
  const code = p.code;
  const pre: string[] = ['"use strict";', 'const _mod = H._mod;', 'const T = H.tables;'];
  const body: string[] = [];
  /** Constants the step reads from the tables, bound once. */
  const tables: string[] = [];
  /** `w * x`, written as `x` when w is 1 (1 * x is x, bit for bit, NaN and -0 included). */
  const weighted = (w: number, x: string) => (w === 1 ? x : `${num(w)} * ${x}`);

  // Machines stepped by a table (machine-table.ts) read no guard at run time: their guards'
  // instructions are neither roots nor computed.
  const machineTable = machineTables(p);
  const view = withoutMachines(p, (mi) => machineTable[mi] !== undefined);
  // Which instructions are needed by the selected blocks (others are never computed).
  const live = liveInstructions(view, rewards);

  const inlined = inlinedVectors(p, live);

  /** The JavaScript of element k (a loop variable name or a literal index) of instruction i. */
  const el = (i: number, k: string): string => {
    const ins = code[i];
    if (ins.shape === 0) return `v${i}`;
    if (ins.op === 'load') return `${REC[ins.record]}[${ins.slot} + ${k}]`;
    if (ins.op === 'prev') return `pv[${ins.slot} + ${k}]`;
    // An element-wise vector read once is computed where it is read: no array, no extra loop.
    if (inlined[i]) return `(${elementExpr(ins, k)})`;
    return `V${i}[${k}]`;
  };

  const elementExpr = (ins: Instr, k: string): string => elementForm(ins, ins.args.map((a) => el(a, k)));

  // Instructions that only the guards and rewards of one machine state read are computed inside
  // that state's case: a machine with many states pays for the guards of the state it is in.
  const owner = owners(view, rewards, live);
  const stateCode = new Map<number, string[]>();
  const emitInstr = (i: number, body: string[]) => {
    const ins = code[i];
    if (ins.shape === 0) {
      let rhs: string;
      switch (ins.op) {
        case 'const':
          rhs = num(ins.value);
          break;
        case 'load':
          rhs = `${REC[ins.record]}[${ins.slot}]`;
          break;
        case 'prev':
          rhs = `pv[${ins.slot}]`;
          break;
        case 'index':
          rhs = el(ins.args[0], String(ins.index));
          break;
        case 'call': {
          const fn = FUNCTION_TABLE.get(ins.fn)!;
          const vectorArg = ins.args.some((a) => code[a].shape > 0);
          if (vectorArg && fn.reduce) {
            const n = code[ins.args[0]].shape;
            // The elements are bound once per iteration: a step may read them twice (norm: x * x).
            const y = ins.args.length > 1 ? ` const y = ${el(ins.args[1], 'k')};` : '';
            body.push(`let v${i} = ${fn.reduce.init};`, `for (let k = 0; k < ${n}; k++) { const x = ${el(ins.args[0], 'k')};${y} ${fn.reduce.step(`v${i}`, 'x', 'y')} }`);
            if (fn.reduce.result(`v${i}`, n) !== `v${i}`) body.push(`v${i} = ${fn.reduce.result(`v${i}`, n)};`);
            return;
          }
          rhs = elementExpr(ins, '0');
          break;
        }
        default:
          rhs = elementExpr(ins, '0');
      }
      body.push(`const v${i} = ${rhs};`);
    } else {
      if (ins.op === 'load' || ins.op === 'prev' || inlined[i]) return; // read in place, or computed where read
      const n = ins.shape;
      pre.push(`const V${i} = new Float64Array(${n});`);
      if (ins.op === 'const') body.push(`V${i}.fill(${num(ins.value)});`);
      else if (ins.op === 'pack') ins.args.forEach((a, k) => body.push(`V${i}[${k}] = ${el(a, String(k))};`));
      else if (ins.op === 'slice') body.push(`for (let k = 0; k < ${n}; k++) V${i}[k] = ${el(ins.args[0], `(${ins.start} + k * ${ins.step})`)};`);
      else body.push(`for (let k = 0; k < ${n}; k++) V${i}[k] = ${elementExpr(ins, 'k')};`);
    }
  };
  for (let i = 0; i < code.length; i++) {
    if (!live[i]) continue;
    const o = owner[i];
    if (o < 0) emitInstr(i, body);
    else {
      let into = stateCode.get(o);
      if (!into) stateCode.set(o, (into = []));
      emitInstr(i, into);
    }
  }

  // Props: the labels L_t.
  p.props.forEach((q, i) => body.push(`P[${i}] = ${el(q.label, '0')} !== 0 ? 1 : 0;`));

  // Machines: first guard that holds (in source order), then the first `otherwise`; none: stay, 0.
  p.machines.forEach((m, mi) => {
    const table = machineTable[mi];
    if (table) {
      const letter = table.atoms.map((a, b) => `(${el(a, '0')} !== 0 ? ${1 << b} : 0)`).join(' | ') || '0';
      tables.push(`const TT${mi} = T.machineNext[${mi}], TR${mi} = T.machineReward[${mi}];`);
      body.push(`const pu${mi} = ms[${mi}], k${mi} = pu${mi} * ${table.width} + (${letter});`, `ms[${mi}] = TT${mi}[k${mi}]; const mr${mi} = TR${mi}[k${mi}];`);
      return;
    }
    // pu: the state before the step (machine shaping reads it).
    body.push(`const pu${mi} = ms[${mi}];`, `let mr${mi} = 0;`, `{ let r = 0;`, `  switch (pu${mi}) {`);
    m.transitions.forEach((ts, u) => {
      if (m.terminal[u] || ts.length === 0) return;
      const take = (t: (typeof ts)[number]) => `ms[${mi}] = ${t.to}; r = ${t.reward === undefined ? '0' : el(t.reward, '0')};`;
      const guarded = ts.filter((t) => t.guard !== undefined);
      const otherwise = ts.find((t) => t.guard === undefined);
      const parts = guarded.map((t, k) => `${k === 0 ? 'if' : ' else if'} (${el(t.guard!, '0')} !== 0) { ${take(t)} }`);
      if (otherwise) parts.push(guarded.length ? ` else { ${take(otherwise)} }` : `{ ${take(otherwise)} }`);
      const local = stateCode.get(stateKey(mi, u)) ?? [];
      body.push(`    case ${u}: {`, ...local.map((l) => `      ${l}`), `      ${parts.join('')} break; }`);
    });
    body.push('  }', `  mr${mi} = r; }`);
  });

  // Formulas: one DFA step on the letter of the atoms; decided once.
  p.ltls.forEach((l, li) => {
    const k = 1 << l.dfa.atoms;
    const letter = l.atomCode.map((a, b) => `(${el(a, '0')} !== 0 ? ${1 << b} : 0)`).join(' | ') || '0';
    tables.push(`const TN${li} = T.next[${li}], TV${li} = T.verdict[${li}], TA${li} = T.accepting[${li}];`);
    body.push(
      `let le${li} = 0;`,
      `if (st[${li}] === 0) {`,
      `  const q = TN${li}[ds[${li}] * ${k} + (${letter})]; ds[${li}] = q;`,
      `  let v = TV${li}[q]; if (v === 0 && (flags & ${JUDGE_END}) !== 0) v = TA${li}[q] ? 1 : -1;`,
      `  if (v !== 0) { st[${li}] = v; le${li} = v > 0 ? ${el(l.accept, '0')} : ${el(l.reject, '0')}; }`,
      `}`,
    );
  });

  // Reward blocks: items in source order; clip and replace as ir.ts says.
  rewards.forEach((ri, oi) => {
    const r = p.rewards[ri];
    body.push(`{ const C = C${oi}; let s = 0; let x = 0;`);
    r.items.forEach((it, ii) => {
      switch (it.kind) {
        case 'value':
          body.push(`x = ${weighted(it.weight, el(it.value, '0'))}; C[${ii}] = x; s += x;`);
          break;
        case 'machine':
          body.push(`x = ${weighted(it.weight, `mr${it.machine}`)}; C[${ii}] = x; s += x;`);
          break;
        case 'ltl':
          body.push(`x = ${weighted(it.weight, `le${it.ltl}`)}; C[${ii}] = x; s += x;`);
          break;
        case 'potential':
          // phi(s_{t+1}) := 0 when s_{t+1} is terminal (terminated, not truncated): Grzes 2017.
          body.push(`x = ${num(p.gamma)} * ((flags & ${NEXT_TERMINAL}) !== 0 ? 0 : ${el(it.next, '0')}) - ((flags & ${CUR_TERMINAL}) !== 0 ? 0 : ${el(it.current, '0')}); C[${ii}] = x; s += x;`);
          break;
        case 'machine-shaping':
          tables.push(`const TP${ri}_${ii} = T.potential[${ri}][${ii}];`);
          body.push(`x = ${num(p.gamma)} * ((flags & ${NEXT_TERMINAL}) !== 0 ? 0 : TP${ri}_${ii}[ms[${it.machine}]]) - ((flags & ${CUR_TERMINAL}) !== 0 ? 0 : TP${ri}_${ii}[pu${it.machine}]); C[${ii}] = x; s += x;`);
          break;
        case 'clip':
          body.push(`{ const k = Math.min(Math.max(s, ${num(it.lo)}), ${num(it.hi)}); C[${ii}] = k - s; s = k; }`);
          break;
        case 'replace':
          body.push(`C[${ii}] = 0;`);
          break;
      }
    });
    const replaces = r.items.map((it, ii) => [it, ii] as const).filter(([it]) => it.kind === 'replace');
    replaces.forEach(([it, ii], k) => {
      if (it.kind !== 'replace') return;
      body.push(`${k === 0 ? '' : 'else '}if (${el(it.when, '0')} !== 0) { C[${ii}] = ${el(it.value, '0')} - s; s = s - s === 0 ? ${el(it.value, '0')} : NaN; }`);
    });
    body.push(`RW[${oi}] = s; }`);
  });

  // The `prev` buffer: this step's values, read by the next step.
  for (const e of p.prev) {
    if (!live[e.value]) continue;
    if (e.shape === 0) body.push(`pv[${e.slot}] = ${el(e.value, '0')};`);
    else body.push(`for (let k = 0; k < ${e.shape}; k++) PVT[k] = ${el(e.value, 'k')};`, `pv.set(PVT.subarray(0, ${e.shape}), ${e.slot});`);
  }
  if (p.prev.some((e) => e.shape > 0)) pre.push(`const PVT = new Float64Array(${Math.max(...p.prev.map((e) => e.shape))});`);

  return [
    ...pre,
    'function bind(S, O) {',
    'const ms = S.machine, ds = S.ltl, st = S.status, pv = S.prev;',
    'const P = O.props, RW = O.reward;',
    ...rewards.map((_, oi) => `const C${oi} = O.components[${oi}];`),
    ...tables,
    'return function step(c, a, n, flags) {',
    ...body,
    '};',
    '}',
    'function step(c, a, n, flags, S, O) { bind(S, O)(c, a, n, flags); }',
    'return { step, bind };',
  ].join('\n');
}

/** Inlining stops at this depth, so that generated expressions stay shallow for V8's parser. */
const MAX_INLINE_DEPTH = 8;

/**
 * The vector instructions computed where they are read instead of into an array: element-wise
 * (unary, binary, conditional, a function's element form), read by exactly one instruction or
 * root, and whose element form reads each operand once (so nothing is computed twice).
 * `sum(a^2)` becomes one loop adding `Math.pow(a[k], 2)`; `norm(v - a)` one loop over
 * `v[k] - a[k]`. The numbers are the same: the same operations on the same elements, in order.
 */
function inlinedVectors(p: Program, live: Uint8Array): Uint8Array {
  const code = p.code;
  const uses = new Int32Array(code.length);
  /** The instruction reading each one (the last seen; only read when it is the only reader). */
  const userOf = new Int32Array(code.length).fill(-1);
  for (let i = 0; i < code.length; i++) {
    if (!live[i]) continue;
    for (const a of code[i].args) {
      uses[a]++;
      userOf[a] = i;
    }
  }
  // Roots count as readers, those of every block (conservative: one read by two blocks stays an array).
  forEachRoot(p, undefined, (i) => uses[i]++);
  const inlined = new Uint8Array(code.length);
  const depth = new Int32Array(code.length);
  for (let i = 0; i < code.length; i++) {
    const ins = code[i];
    if (!live[i] || ins.shape === 0 || uses[i] !== 1 || !elementWise(ins) || !readsOperandsOnce(ins)) continue;
    // Its reader must read each element once too (a reduction binds its elements to locals).
    const u = userOf[i];
    if (u >= 0 && elementWise(code[u]) && !readsOperandsOnce(code[u])) continue;
    const d = 1 + Math.max(0, ...ins.args.map((a) => (inlined[a] ? depth[a] : 0)));
    if (d > MAX_INLINE_DEPTH) continue;
    inlined[i] = 1;
    depth[i] = d;
  }
  return inlined;
}

const elementWise = (ins: Instr): boolean =>
  ins.op === 'unary' || ins.op === 'binary' || ins.op === 'cond' || (ins.op === 'call' && FUNCTION_TABLE.get(ins.fn)?.scalar !== undefined);

/** Whether the element form of `ins` names each operand at most once. */
function readsOperandsOnce(ins: Instr): boolean {
  const marks = ins.args.map((_, j) => `\u0001${j}\u0002`);
  const text = elementForm(ins, marks);
  return marks.every((m) => text.split(m).length <= 2);
}

/** The JavaScript of one element of an element-wise instruction, from its operands' element expressions. */
function elementForm(ins: Instr, a: readonly string[]): string {
  switch (ins.op) {
    case 'unary':
      return ins.fn === '!' ? `(${a[0]} !== 0 ? 0 : 1)` : `(-${a[0]})`;
    case 'binary':
      return binaryJs(ins.fn, a[0], a[1]);
    case 'cond':
      return `(${a[0]} !== 0 ? ${a[1]} : ${a[2]})`;
    case 'call':
      return FUNCTION_TABLE.get(ins.fn)!.scalar!.js(a);
    default:
      throw new Error(`no element form for ${ins.op}`);
  }
}

/** The key of a machine state in `owners`. */
export const stateKey = (machine: number, state: number) => machine * 65536 + state;

/**
 * For each instruction: the machine state (stateKey) whose guards and rewards are its only
 * readers, transitively, or -1 when anything else reads it (props, formulas, items, prev, or
 * two states). Users come after their args in the array, so one backward sweep decides.
 */
export function owners(p: Program, rewards: readonly number[], live: Uint8Array): Int32Array {
  const UNSET = -2;
  const owner = new Int32Array(p.code.length).fill(UNSET);
  const claim = (i: number | undefined, o: number) => {
    if (i === undefined) return;
    owner[i] = owner[i] === UNSET || owner[i] === o ? o : -1;
  };
  for (const q of p.props) claim(q.label, -1);
  for (const l of p.ltls) {
    l.atomCode.forEach((a) => claim(a, -1));
    claim(l.accept, -1);
    claim(l.reject, -1);
  }
  for (const ri of rewards) for (const it of p.rewards[ri].items) for (const i of itemRoots(it)) claim(i, -1);
  for (const e of p.prev) claim(e.value, -1);
  p.machines.forEach((m, mi) => m.transitions.forEach((ts, u) => {
    // Guards of a terminal state are never read; a state's code runs only in its case.
    if (m.terminal[u]) return;
    for (const t of ts) {
      claim(t.guard, stateKey(mi, u));
      claim(t.reward, stateKey(mi, u));
    }
  }));
  for (let i = p.code.length - 1; i >= 0; i--) {
    if (!live[i]) continue;
    // Live but claimed by no root: read by a dead instruction only; computed globally, as its args.
    if (owner[i] === UNSET) owner[i] = -1;
    for (const a of p.code[i].args) claim(a, owner[i]);
  }
  return owner;
}

function binaryJs(op: string, l: string, r: string): string {
  switch (op) {
    case '+': case '-': case '*': case '/': case '%':
      return `(${l} ${op} ${r})`;
    case '^':
      return `Math.pow(${l}, ${r})`;
    case '==':
      return `(${l} === ${r} ? 1 : 0)`;
    case '!=':
      return `(${l} !== ${r} ? 1 : 0)`;
    case '<': case '<=': case '>': case '>=':
      return `(${l} ${op} ${r} ? 1 : 0)`;
    case '&&':
      return `(${l} !== 0 && ${r} !== 0 ? 1 : 0)`;
    case '||':
      return `(${l} !== 0 || ${r} !== 0 ? 1 : 0)`;
    case '->':
      return `(${l} === 0 || ${r} !== 0 ? 1 : 0)`;
    case '<->':
      return `((${l} !== 0) === (${r} !== 0) ? 1 : 0)`;
    default:
      throw new Error(`unknown operator ${op}`);
  }
}
