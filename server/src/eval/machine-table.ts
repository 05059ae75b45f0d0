import type { Program } from '../program/ir';
import { liveInstructions } from '../program/live';

/**
 * A machine stepped by a dense table: `next[u * width + letter]` and `reward[...]`, the letter
 * being bit b set when `atoms[b]` holds. It exists for machines whose guards are boolean
 * combinations (`!`, `&&`, `||`, `->`, `<->`, `==`, `!=` on bools, conditionals of bools) of
 * instructions every step computes anyway (the props' labels, formula atoms, `prev` values), with constant transition rewards: then a step is one table lookup, where the
 * `switch` on the state tests that state's guards one by one (reward_machines' office
 * machines: 5 props, 6 states, 32 letters).
 *
 * The table is the `switch`'s meaning, evaluated once per state and letter: the first guard
 * that holds (source order), else the first `otherwise`, else stay with 0; terminal states
 * stay with 0. Every value in such a guard is exactly 0 or 1 (program/ir.ts: a bool is 0 or
 * 1), so evaluating the operators on 0/1 here gives what the generated code computes.
 */
export interface MachineTable {
  /** Instructions of the letter's bits, in bit order. */
  readonly atoms: readonly number[];
  /** 1 << atoms.length. */
  readonly width: number;
  readonly next: Int32Array;
  readonly reward: Float64Array;
}

/** Tables larger than this (states x letters) keep the `switch`. */
const MAX_ENTRIES = 1 << 16;
const MAX_ATOMS = 10;

const cache = new WeakMap<Program, readonly (MachineTable | undefined)[]>();

/** Per machine of `p`, its table or undefined (built once per program). */
export function machineTables(p: Program): readonly (MachineTable | undefined)[] {
  let tables = cache.get(p);
  if (!tables) {
    // What every step computes, whichever reward blocks are selected and without any machine's
    // guards and rewards (the props' labels, the formulas, `prev`): the atoms' candidates.
    const elsewhere = liveInstructions(withoutMachines(p, () => true), []);
    tables = p.machines.map((_, mi) => machineTable(p, mi, (i) => elsewhere[i] === 1));
    cache.set(p, tables);
  }
  return tables;
}

/** `p` with the transitions of the machines `drop` selects removed: what reads their guards is then not a root. */
export function withoutMachines(p: Program, drop: (mi: number) => boolean): Program {
  return { ...p, machines: p.machines.map((m, mi) => (drop(mi) ? { ...m, transitions: m.transitions.map(() => []) } : m)) };
}

/**
 * The table of machine `mi`, or undefined when its guards or rewards are not of that form.
 * `global(i)` says whether the step computes instruction i whatever the machine does.
 */
function machineTable(p: Program, mi: number, global: (i: number) => boolean): MachineTable | undefined {
  const m = p.machines[mi];
  const code = p.code;
  const guards: number[] = [];
  for (let u = 0; u < m.transitions.length; u++) {
    if (m.terminal[u]) continue;
    for (const t of m.transitions[u]) {
      if (t.reward !== undefined && code[t.reward].op !== 'const') return undefined;
      if (t.guard !== undefined) guards.push(t.guard);
    }
  }
  // The cone of the guards, down to the atoms: walked with a worklist (no recursion: a guard
  // may be a 100,000-term chain), cut at the first instruction that is computed globally and
  // is not a constant; what is left must be logic over bools.
  const atomBit = new Map<number, number>();
  const cone = new Set<number>();
  const work = [...guards];
  while (work.length > 0) {
    const i = work.pop()!;
    if (cone.has(i) || atomBit.has(i)) continue;
    const ins = code[i];
    if (ins.shape !== 0 || ins.element !== 'bool') return undefined;
    if (ins.op === 'const') {
      cone.add(i);
      continue;
    }
    const logic = ins.op === 'cond' || (ins.op === 'unary' && ins.fn === '!') || (ins.op === 'binary' && LOGIC.has(ins.fn));
    // A global instruction is read as an atom even when it is logic: it costs nothing more.
    if (global(i) || !logic) {
      if (!global(i)) return undefined;
      if (atomBit.size === MAX_ATOMS) return undefined;
      atomBit.set(i, atomBit.size);
      continue;
    }
    if (ins.args.some((a) => code[a].shape !== 0 || code[a].element !== 'bool')) return undefined;
    cone.add(i);
    work.push(...ins.args);
  }
  // Bits in instruction order (the letter reads like the props' declaration order).
  [...atomBit.keys()].sort((a, b) => a - b).forEach((i, b) => atomBit.set(i, b));
  const width = 1 << atomBit.size;
  const states = m.states.length;
  if (states * width > MAX_ENTRIES) return undefined;
  const order = [...cone].sort((a, b) => a - b);
  const value = new Map<number, number>();
  const next = new Int32Array(states * width);
  const reward = new Float64Array(states * width);
  for (let letter = 0; letter < width; letter++) {
    for (const [i, b] of atomBit) value.set(i, (letter >> b) & 1);
    for (const i of order) value.set(i, evaluate(p, i, value));
    for (let u = 0; u < states; u++) {
      let to = u;
      let r = 0;
      if (!m.terminal[u]) {
        const ts = m.transitions[u];
        const taken = ts.find((t) => t.guard !== undefined && value.get(t.guard) !== 0) ?? ts.find((t) => t.guard === undefined);
        if (taken) {
          to = taken.to;
          const ri = taken.reward;
          r = ri === undefined ? 0 : (code[ri] as { value: number }).value;
        }
      }
      next[u * width + letter] = to;
      reward[u * width + letter] = r;
    }
  }
  const atoms: number[] = [];
  for (const [i, b] of atomBit) atoms[b] = i;
  return { atoms, width, next, reward };
}

const LOGIC = new Set(['&&', '||', '->', '<->', '==', '!=']);

/** One logic instruction on 0/1 operands (the generated code's operators, restricted to bools). */
function evaluate(p: Program, i: number, value: ReadonlyMap<number, number>): number {
  const ins = p.code[i];
  const v = (k: number) => value.get(ins.args[k])!;
  switch (ins.op) {
    case 'const':
      return ins.value;
    case 'unary':
      return v(0) !== 0 ? 0 : 1;
    case 'cond':
      return v(0) !== 0 ? v(1) : v(2);
    case 'binary':
      switch (ins.fn) {
        case '&&': return v(0) !== 0 && v(1) !== 0 ? 1 : 0;
        case '||': return v(0) !== 0 || v(1) !== 0 ? 1 : 0;
        case '->': return v(0) === 0 || v(1) !== 0 ? 1 : 0;
        case '<->': return (v(0) !== 0) === (v(1) !== 0) ? 1 : 0;
        case '==': return v(0) === v(1) ? 1 : 0;
        case '!=': return v(0) !== v(1) ? 1 : 0;
      }
  }
  throw new Error(`machine table: instruction ${i} (${ins.op}) is not logic over bools`);
}
