import { owners, stateKey } from '../../eval/generate';
import { FUNCTION_TABLE } from '../../program/functions';
import type { Instr, Program } from '../../program/ir';
import { liveInstructions } from '../../program/live';
import { commentText, pyNumber } from './quote';

/**
 * One reward block of the lowered program (program/ir.ts) as one straight-line Python function,
 * the scalar twin of the generated evaluator (eval/generate.ts) and of the batched kernel
 * (export/batch/kernel.ts): every live instruction is one assignment in array order, so the
 * code has no nesting however large the spec (CPython's parser refuses about 200 levels of
 * parentheses; a 100,000-term sum is 100,000 short lines). Then the props, machines (a chain on
 * the current state, each state computing only what its guards read), formulas, items and the
 * `prev` buffer, as ir.ts describes.
 *
 * Values are floats (bools 0.0/1.0, enum members their index); a vector is a list of floats,
 * an operation on vectors a list comprehension. Every operation that raises in Python goes
 * through a runtime helper with JavaScript's result (`_div`, `_mod`, `_js_pow`, the function
 * table's helpers), so a step never raises and every number equals the evaluator's.
 *
 * The function is `NAME(c, n, terminated, S)`: `c` the record of s_t (which holds a_t), `n` the
 * record of s_{t+1} (runtime-eval.ts `_Decoder`: one list of floats, a field at its slots,
 * then the labels), `terminated` whether the step ends the episode terminated, `S` the runner
 * (`_Runner`: machine, formula and `prev` state, components, props), updated in place. It
 * returns the step's reward.
 */

export interface StepNames {
  /** The Python name of machine i's potentials table for item ii (machine shaping). */
  readonly potential: (item: number) => string;
  /** The Python name of formula i's `_Ltl` object. */
  readonly ltl: (i: number) => string;
  /** Spec text for comments, by span. */
  readonly line: (span: { start: number }) => number;
}

const REC = { cur: 'c', action: 'c', next: 'n' } as const;

export function stepSource(p: Program, reward: number, name: string, names: StepNames): string {
  const code = p.code;
  const live = liveInstructions(p, reward);
  const owner = owners(p, [reward], live);
  const body: string[] = [];
  const stateCode = new Map<number, string[]>();

  /** Element k (a literal index) of instruction i, as a Python expression. */
  const el = (i: number, k: number): string => {
    const ins = code[i];
    if (ins.shape === 0) return ins.op === 'const' ? pyNumber(ins.value) : `v${i}`;
    if (ins.op === 'load') return `${REC[ins.record]}[${ins.slot + k}]`;
    if (ins.op === 'prev') return `pv[${ins.slot + k}]`;
    return `V${i}[${k}]`;
  };
  /** The whole vector of instruction i (a list). */
  const whole = (i: number): string => {
    const ins = code[i];
    if (ins.op === 'load') return `${REC[ins.record]}[${ins.slot}:${ins.slot + ins.shape}]`;
    if (ins.op === 'prev') return `pv[${ins.slot}:${ins.slot + ins.shape}]`;
    return `V${i}`;
  };
  const target = (i: number) => (code[i].shape === 0 ? `v${i}` : `V${i}`);

  /** A Python expression of one element of `ins` from its operands' element expressions. */
  const elementCode = (ins: Instr, a: readonly string[]): string => {
    switch (ins.op) {
      case 'unary':
        return ins.fn === '!' ? `(0.0 if ${a[0]} != 0 else 1.0)` : `(-${a[0]})`;
      case 'binary':
        return binaryCode(ins.fn, a[0], a[1]);
      case 'cond':
        return `(${a[1]} if ${a[0]} != 0 else ${a[2]})`;
      case 'call': {
        const fn = FUNCTION_TABLE.get(ins.fn);
        if (!fn?.scalar) throw new Error(`the Python export has no element-wise form of '${ins.fn}'`);
        return `${fn.scalar.python}(${a.join(', ')})`;
      }
      default:
        throw new Error(`no element form for ${ins.op}`);
    }
  };

  const instrCode = (i: number): string => {
    const ins = code[i];
    switch (ins.op) {
      // Scalar constants and vector loads are written where read (the loop below skips them).
      case 'const':
        return `[${pyNumber(ins.value)}] * ${ins.shape}`;
      case 'load':
        return `${REC[ins.record]}[${ins.slot}]`;
      case 'prev':
        return `pv[${ins.slot}]`;
      case 'index':
        return el(ins.args[0], ins.index);
      case 'slice': {
        const a = code[ins.args[0]];
        if (a.op === 'load' || a.op === 'prev') {
          const from = a.op === 'load' ? REC[a.record] : 'pv';
          return `${from}[${a.slot + ins.start}:${a.slot + ins.stop}:${ins.step}]`;
        }
        return `${whole(ins.args[0])}[${ins.start}:${ins.stop}:${ins.step}]`;
      }
      case 'pack':
        return `[${ins.args.map((a) => el(a, 0)).join(', ')}]`;
      case 'call': {
        const fn = FUNCTION_TABLE.get(ins.fn);
        if (ins.shape === 0 && fn?.reduce && ins.args.some((a) => code[a].shape > 0)) return `${fn.reduce.python}(${ins.args.map(whole).join(', ')})`;
        break;
      }
      default:
        break;
    }
    if (ins.shape === 0) return elementCode(ins, ins.args.map((a) => el(a, 0)));
    // Element by element: the vector operands are zipped, a scalar operand stands beside each element.
    const vectors = [...new Set(ins.args.filter((a) => code[a].shape > 0))];
    const vars = new Map(vectors.map((a, k) => [a, `x${k}`]));
    const expr = elementCode(ins, ins.args.map((a) => vars.get(a) ?? el(a, 0)));
    const source = vectors.length === 1 ? `${vars.get(vectors[0])} in ${whole(vectors[0])}` : `${vectors.map((a) => vars.get(a)).join(', ')} in zip(${vectors.map(whole).join(', ')})`;
    return `[${expr} for ${source}]`;
  };

  for (let i = 0; i < code.length; i++) {
    if (!live[i]) continue;
    const ins = code[i];
    // A vector load or prev is read in place, element by element or sliced where used; a
    // scalar constant is written where used.
    if ((ins.op === 'load' || ins.op === 'prev') && ins.shape > 0) continue;
    if (ins.op === 'const' && ins.shape === 0) continue;
    const line = `${target(i)} = ${instrCode(i)}`;
    const o = owner[i];
    if (o < 0) body.push(line);
    else {
      let into = stateCode.get(o);
      if (!into) stateCode.set(o, (into = []));
      into.push(line);
    }
  }

  if (p.props.length) {
    body.push('# Props: the labels L_t.', 'P = S.props');
    p.props.forEach((q, i) => body.push(`P[${i}] = ${el(q.label, 0)} != 0`));
  }

  if (p.machines.length) body.push('ms = S.machine_state', 'pm = S.previous_state');
  p.machines.forEach((m, mi) => {
    // The first guard that holds, in source order, then the first `otherwise`; none: stay, 0.
    body.push(`# machine ${commentText(m.name)}`, `u = ms[${mi}]`, `pm[${mi}] = u`, `mr${mi} = 0.0`);
    let first = true;
    m.transitions.forEach((ts, u) => {
      if (m.terminal[u] || ts.length === 0) return;
      body.push(`${first ? 'if' : 'elif'} u == ${u}:  # ${commentText(m.states[u])}`);
      first = false;
      for (const l of stateCode.get(stateKey(mi, u)) ?? []) body.push(`    ${l}`);
      const take = (t: (typeof ts)[number], indent: string) => {
        body.push(`${indent}ms[${mi}] = ${t.to}  # line ${names.line(t.span)}: -> ${commentText(m.states[t.to])}`);
        if (t.reward !== undefined) body.push(`${indent}mr${mi} = ${el(t.reward, 0)}`);
      };
      const guarded = ts.filter((t) => t.guard !== undefined);
      const otherwise = ts.find((t) => t.guard === undefined);
      guarded.forEach((t, k) => {
        body.push(`    ${k === 0 ? 'if' : 'elif'} ${el(t.guard!, 0)} != 0:`);
        take(t, '        ');
      });
      if (otherwise) {
        if (guarded.length) {
          body.push('    else:');
          take(otherwise, '        ');
        } else take(otherwise, '    ');
      }
    });
  });

  if (p.ltls.length) body.push('ds = S.ltl_state', 'st = S.ltl_status');
  p.ltls.forEach((l, li) => {
    const k = 1 << l.dfa.atoms;
    const letter = l.atomCode.map((a, b) => `(${1 << b} if ${el(a, 0)} != 0 else 0)`).join(' | ') || '0';
    const obj = names.ltl(li);
    // One DFA step on the letter of the atoms; the verdict is decided once.
    body.push(
      `# formula ${commentText(l.name)}`,
      `le${li} = 0.0`,
      `if st[${li}] == 0:`,
      `    q = ${obj}.next[ds[${li}] * ${k} + (${letter})]`,
      `    ds[${li}] = q`,
      `    v = ${obj}.verdict[q]`,
      '    if v == 0 and terminated:',
      `        v = 1 if ${obj}.accepting[q] else -1`,
      '    if v != 0:',
      `        st[${li}] = v`,
      `        le${li} = ${el(l.accept, 0)} if v > 0 else ${el(l.reject, 0)}`,
    );
  });

  const block = p.rewards[reward];
  const gamma = pyNumber(p.gamma);
  const weighted = (w: number, x: string) => (w === 1 ? x : `${pyNumber(w)} * ${x}`);
  body.push('# Items, in source order; s is the running sum.', 'C = S.components', 's = 0.0');
  block.items.forEach((it, ii) => {
    body.push(`# line ${names.line(it.span)}: ${commentText(it.label)}`);
    switch (it.kind) {
      case 'value':
        body.push(`x = ${weighted(it.weight, el(it.value, 0))}`);
        break;
      case 'machine':
        body.push(`x = ${weighted(it.weight, `mr${it.machine}`)}`);
        break;
      case 'ltl':
        body.push(`x = ${weighted(it.weight, `le${it.ltl}`)}`);
        break;
      case 'potential':
        // phi(s_{t+1}) := 0 when s_{t+1} is terminal (terminated, not truncated).
        body.push(`x = ${gamma} * (0.0 if terminated else ${el(it.next, 0)}) - ${el(it.current, 0)}`);
        break;
      case 'machine-shaping': {
        const t = names.potential(ii);
        body.push(`x = ${gamma} * (0.0 if terminated else ${t}[ms[${it.machine}]]) - ${t}[pm[${it.machine}]]`);
        break;
      }
      case 'clip':
        // The running sum becomes the clipped sum; the item is worth the difference.
        body.push(`k = _min(_max(s, ${pyNumber(it.lo)}), ${pyNumber(it.hi)})`, `C[${ii}] = k - s`, 's = k');
        return;
      case 'replace':
        body.push(`C[${ii}] = 0.0`);
        return;
    }
    body.push(`C[${ii}] = x`, 's += x');
  });
  // The first replace whose condition holds makes the step pay its value (NaN when the rest is not finite).
  let firstReplace = true;
  block.items.forEach((it, ii) => {
    if (it.kind !== 'replace') return;
    body.push(
      `${firstReplace ? 'if' : 'elif'} ${el(it.when, 0)} != 0:`,
      `    C[${ii}] = ${el(it.value, 0)} - s`,
      `    s = ${el(it.value, 0)} if s - s == 0 else _NAN`,
    );
    firstReplace = false;
  });

  if (p.prev.length) {
    // The `prev` buffer: this step's values, read by the next step.
    const parts = p.prev.map((e) => (e.shape === 0 ? `[${el(e.value, 0)}]` : code[e.value].op === 'load' || code[e.value].op === 'prev' ? whole(e.value) : `list(V${e.value})`));
    body.push(`S.prev = ${parts.join(' + ')}`);
  }
  body.push('return s');

  const head = [`def ${name}(c, n, terminated, S):`, `    # reward ${commentText(block.name)}`];
  if (p.prev.length) head.push('    pv = S.prev');
  return [...head, ...body.map((l) => `    ${l}`), '', ''].join('\n');
}

function binaryCode(op: string, l: string, r: string): string {
  const test = (cond: string) => `(1.0 if ${cond} else 0.0)`;
  switch (op) {
    case '+': return `(${l} + ${r})`;
    case '-': return `(${l} - ${r})`;
    case '*': return `(${l} * ${r})`;
    case '/': return `_div(${l}, ${r})`;
    case '%': return `_mod(${l}, ${r})`;
    case '^': return `_js_pow(${l}, ${r})`;
    case '==': return test(`${l} == ${r}`);
    case '!=': return test(`${l} != ${r}`);
    case '<': return test(`${l} < ${r}`);
    case '<=': return test(`${l} <= ${r}`);
    case '>': return test(`${l} > ${r}`);
    case '>=': return test(`${l} >= ${r}`);
    case '&&': return test(`${l} != 0 and ${r} != 0`);
    case '||': return test(`${l} != 0 or ${r} != 0`);
    case '->': return test(`${l} == 0 or ${r} != 0`);
    case '<->': return test(`(${l} != 0) == (${r} != 0)`);
    default: throw new Error(`unknown operator ${op}`);
  }
}
