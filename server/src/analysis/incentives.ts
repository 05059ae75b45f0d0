import { diagnostic, type Diagnostic } from '../base/diagnostic';
import type { Model } from '../names/model';
import type * as A from '../syntax/ast';
import { foldTree } from '../base/fold';
import { loweredCode } from '../program/lower';
import { walk } from '../syntax/walk';
import { gammaOf, horizonWeight, itemBounds, type ItemBound } from './bounds';
import { boundsOf, type BoundsOf } from './expr-bounds';
import * as I from './intervals';
import { showNumber } from './intervals';
import { hasTaskItem, itemRole, itemWeight } from './item-roles';
import type { AnalysisCheck } from './registry';
import { ltlOutcomes, machineOutcomes, type Outcome } from './task-outcomes';

// What the reward pays the agent for, besides the task (LANGUAGE.md section 7): auxiliaries
// that can outweigh the task, per-step constants that pay for ending the episode the wrong
// way, and items that no declared range bounds.

export const incentiveChecks: AnalysisCheck = (model) =>
  model.rewards.flatMap((reward) => {
    const bounds = itemBounds(model, reward);
    return [...unboundedItems(model, bounds.items), ...dominance(model, reward, bounds.items), ...livingRewards(model, reward, bounds.items)];
  });

// ---- unbounded-reward ----

function unboundedItems(model: Model, items: readonly ItemBound[]): Diagnostic[] {
  return items.flatMap(({ item, perStep }) => {
    if (I.isBounded(perStep)) return [];
    const names = unrangedReads(model, item);
    if (names.length === 0) return [];
    const list = names.map((n) => `'${n}'`).join(', ');
    return [diagnostic('unbounded-reward', item.span,
      `'${item.label}' reads ${list}, declared without a range, so its value per step is unbounded: the analyses cannot weigh it against the other items, and the reward's scale is unknown. ` +
      `Declare the range the environment documents ('in [lo, hi]'); if the quantity really is unbounded, this is only information.`)];
  });
}

/** The numeric signals and actions without a range that an item's value is computed from
 *  (conditions and comparisons only select values, so they are not followed), read on its
 *  lowered code (program/lower.ts): the loads below the item's value positions. */
function unrangedReads(model: Model, item: A.RewardItem): string[] {
  const { code, nodes, layout, prev } = loweredCode(model);
  const bySlot = new Map([...layout.index].map(([name, slot]) => [slot, name]));
  const prevOf = new Map(prev.map((e) => [e.slot, e]));
  const found = new Set<string>();
  const seen = new Set<number>();
  const machines = new Set<string>();
  const signal = (name: string | undefined): void => {
    const d = name === undefined ? undefined : model.declarations.get(name);
    if ((d?.kind === 'signal' || d?.kind === 'action') && (!d.type || d.type.kind === 'number' || d.type.kind === 'int' || d.type.kind === 'vector') && !d.range) found.add(d.name.text);
  };
  /** The args of an instruction that are values: not a condition's test, not a comparison's operands. */
  const valueArgs = (i: number): readonly number[] => {
    const ins = code[i];
    switch (ins.op) {
      case 'call':
      case 'index':
      case 'slice':
      case 'pack':
        return ins.args;
      case 'unary':
        return ins.fn === '-' ? ins.args : NONE;
      case 'binary':
        return ins.fn === '+' || ins.fn === '-' || ins.fn === '*' || ins.fn === '/' || ins.fn === '%' || ins.fn === '^' ? ins.args : NONE;
      case 'cond':
        return ins.args.slice(1);
      default:
        return NONE;
    }
  };
  // A fold over the instructions (base/fold.ts), in source order; `prev(NAME)` reads NAME's
  // value, there (one level of nesting per declaration `prev` names, as a name nests its body).
  const values = (top: number | undefined): void => {
    if (top === undefined) return;
    foldTree<number, void>(top, (i) => (seen.has(i) ? NONE : valueArgs(i)), (i) => {
      if (seen.has(i)) return;
      seen.add(i);
      const ins = code[i];
      if (ins.op === 'load') signal(bySlot.get(ins.slot));
      else if (ins.op === 'prev') values(prevOf.get(ins.slot)?.value);
    });
  };
  const value = (e: A.Expr | undefined): void => values(e && nodes.get(e));
  const named = (name: string): void => {
    const d = model.declarations.get(name);
    if (d?.kind === 'machine') {
      if (machines.has(name)) return;
      machines.add(name);
      for (const s of d.statements) if (s.kind === 'transition' && s.reward) value(s.reward);
    } else if (d?.kind === 'ltl') {
      for (const v of [d.accept, d.reject]) if (v) value(v);
    } else if (d?.kind === 'signal' || d?.kind === 'action') signal(name);
    else if (d?.kind === 'def' || d?.kind === 'term' || d?.kind === 'potential') values(loweredCode(model).declarations.get(name));
  };
  const b = item.body;
  if (b.kind === 'expr') value(b.expr);
  else if (b.kind === 'replace') value(b.value);
  else if (b.kind === 'ref' || b.kind === 'shaping') named(b.name.text);
  return [...found];
}
const NONE: readonly never[] = [];

// ---- auxiliary-may-dominate ----

function dominance(model: Model, reward: A.RewardDecl, items: readonly ItemBound[]): Diagnostic[] {
  if (!hasTaskItem(model, reward)) return [];
  const w = horizonWeight(model);
  const aux = items.filter((i) => itemRole(model, reward, i.item) === 'auxiliary');
  const task = items.filter((i) => itemRole(model, reward, i.item) === 'task');
  if (aux.length === 0 || !Number.isFinite(w)) return [];
  // Unbounded items are unbounded-reward's business: comparing infinities says nothing.
  if (aux.some((i) => !I.isBounded(i.perStep)) || task.some((i) => i.total === undefined)) return [];
  const perStep = aux.reduce((s, i) => s + I.magnitude(i.perStep), 0);
  const auxBound = perStep * w;
  const taskBound = I.magnitude(task.map((i) => i.total!).reduce(I.add, I.ZERO));
  if (!(auxBound > taskBound * (1 + 1e-9))) return [];
  const horizon = model.continuing || model.horizon === undefined
    ? `1 / (1 - ${showNumber(gammaOf(model))}) = ${showNumber(w)}`
    : `sum_{t < ${model.horizon}} ${showNumber(gammaOf(model))}^t = ${showNumber(w)}`;
  return [diagnostic('auxiliary-may-dominate', reward.name.span,
    `The auxiliary items of '${reward.name.text}' (${aux.map((i) => `'${i.label}'`).join(', ')}) can add up to ${showNumber(auxBound)} over an episode ` +
    `(${showNumber(perStep)} a step times ${horizon}), more than the largest absolute task return, ${showNumber(taskBound)}: ` +
    `an agent may do better collecting them than doing the task. Scale them down until their bound is below the task's, or turn progress terms into potential-based 'shaping' (which telescopes).`,
    { related: aux.map((i) => ({ span: i.item.span, message: `at most ${showNumber(I.magnitude(i.perStep))} a step` })) })];
}

// ---- living-reward-incentive ----

function livingRewards(model: Model, reward: A.RewardDecl, items: readonly ItemBound[]): Diagnostic[] {
  if (model.continuing || !hasTaskItem(model, reward)) return [];
  const b = boundsOf(model);
  const endings = taskEndings(model, reward, b);
  if (endings.length === 0) return [];
  return items.flatMap(({ item, perStep }) => {
    if (itemRole(model, reward, item) !== 'auxiliary' || !isConstantItem(item) || !I.isPoint(perStep) || perStep.lo === 0) return [];
    const c = perStep.lo;
    const d = c < 0 ? penalty(item, c, endings) : bonus(item, c, endings);
    return d ? [d] : [];
  });
}

interface Ending {
  readonly item: string;
  readonly outcomes: readonly Outcome[];
}

function taskEndings(model: Model, reward: A.RewardDecl, b: BoundsOf): Ending[] {
  const out: Ending[] = [];
  // The same machine or formula at the same weight ends episodes the same way: one ending, so
  // a block naming it on many lines costs one search, and the constant items below are
  // weighed against each distinct ending once.
  const seen = new Set<string>();
  const machines = new Map(model.machines.map((m) => [m.name, m]));
  for (const item of reward.items) {
    if (item.body.kind !== 'ref' || itemRole(model, reward, item) !== 'task') continue;
    const name = item.body.name.text;
    const key = `${name} ${itemWeight(item)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const machine = machines.get(name);
    const d = model.declarations.get(name);
    const outcomes = machine ? machineOutcomes(machine, b, itemWeight(item)) : d?.kind === 'ltl' ? ltlOutcomes(model, d, b, itemWeight(item)) : [];
    if (outcomes.length > 0) out.push({ item: name, outcomes });
  }
  return out;
}

/** A constant per-step item: a number, or a parenthesised expression of numbers only. */
function isConstantItem(item: A.RewardItem): boolean {
  const b = item.body;
  return b.kind === 'const' || (b.kind === 'expr' && readsNothing(b.expr));
}

/** Numbers and operations on them only: no name, no state, nothing read. */
function readsNothing(e: A.Expr): boolean {
  let nothing = true;
  walk(e, (x) => {
    if (!nothing) return false;
    if (!['number', 'bool', 'paren', 'unary', 'binary', 'conditional', 'call'].includes(x.kind)) nothing = false;
    return nothing;
  });
  return nothing;
}

/** Whether child `i` of a value is a value too (the operands of arithmetic, the branches of a
 *  conditional, the arguments of a function), not a condition. */
function valueChild(parent: A.Expr, i: number): boolean {
  switch (parent.kind) {
    case 'paren':
    case 'call':
    case 'index':
    case 'slice':
    case 'vector':
      return true;
    case 'unary':
      return parent.op === '-';
    case 'binary':
      return ['+', '-', '*', '/', '%', '^'].includes(parent.op);
    case 'conditional':
      return i > 0;
    default:
      return false;
  }
}

const outcomeName = (_ending: Ending, o: Outcome) => (o.name === 'accept' || o.name === 'reject' ? `${o.name}s` : `ends in '${o.name}'`);

function penalty(item: A.RewardItem, c: number, endings: readonly Ending[]): Diagnostic | undefined {
  // The most tempting failure: the one closest to the best outcome.
  let found: { ending: Ending; failure: Outcome; success: Outcome } | undefined;
  for (const ending of endings) {
    const success = ending.outcomes.reduce((a, o) => (o.best > a.best ? o : a));
    if (!Number.isFinite(success.best)) continue;
    for (const o of ending.outcomes) {
      if (!(o.best < success.best - 1e-9)) continue;
      if (!found || success.best - o.best < found.success.best - found.failure.best) found = { ending, failure: o, success };
    }
  }
  if (!found) return undefined;
  const { ending, failure, success } = found;
  const steps = (success.best - failure.best) / -c;
  return diagnostic('living-reward-incentive', item.span,
    `The constant ${showNumber(c)} is paid at every step, and '${ending.item}' can end the episode by failing: it ${outcomeName(ending, failure)} (task reward at most ${showNumber(failure.best)}) ` +
    `where it ${outcomeName(ending, success)} at best (${showNumber(success.best)}). Once success takes more than ${showNumber(steps)} steps longer than failing, ` +
    `failing fast beats the penalties on the way to success, so the step cost pays the agent to end the episode the wrong way. ` +
    `Drop it (a discount below 1 already prefers earlier successes) or make the failure non-terminal.`);
}

function bonus(item: A.RewardItem, c: number, endings: readonly Ending[]): Diagnostic | undefined {
  const ending = endings[0];
  const best = ending.outcomes.reduce((a, o) => (o.best > a.best ? o : a));
  if (!Number.isFinite(best.best)) return undefined;
  const steps = Math.max(0, best.best / c);
  const when = steps <= 1 ? 'from the first step on' : `after ${showNumber(steps)} steps`;
  return diagnostic('living-reward-incentive', item.span,
    `The constant ${showNumber(c)} is paid at every step the episode lasts, and '${ending.item}' can end it (it ${outcomeName(ending, best)}, worth at most ${showNumber(best.best)}). ` +
    `Postponing the end pays: the bonus collected by staying on outweighs the best outcome ${when}, so the agent learns to put off finishing, success included. ` +
    `Drop the constant, or pay it only for what the task asks.`);
}
