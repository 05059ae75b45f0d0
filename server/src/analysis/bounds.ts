import { machineValues } from '../eval/machine-values';
import type { MachineInfo, Model } from '../names/model';
import type * as A from '../syntax/ast';
import { boundsOf, type BoundsOf } from './expr-bounds';
import * as I from './intervals';
import type { Interval } from './intervals';
import { itemWeight } from './item-roles';
import { machineReturnRange } from './machine-returns';

// Bounds of every reward item: the range of its value at one step, and of its discounted
// return over an episode (LANGUAGE.md section 6), from the declared ranges. Shown in hover
// and inlay hints; `auxiliary-may-dominate` compares them.

export interface ItemBound {
  /** The component key of the item (LANGUAGE.md section 8). */
  readonly label: string;
  readonly item: A.RewardItem;
  /** Weighted value at one step. */
  readonly perStep: Interval;
  /** Discounted return of the item over an episode; undefined when it is not bounded. */
  readonly total?: Interval;
}

export interface RewardBounds {
  readonly items: readonly ItemBound[];
  readonly perStep: Interval;
  readonly total?: Interval;
}

/** The value range of an expression of a checked model, from the declared ranges. */
export function exprBounds(model: Model, e: A.Expr): Interval {
  return boundsOf(model).expr(e);
}

export const gammaOf = (model: Model): number => model.discount ?? 1;

/**
 * sum_{t < H} gamma^t: the most that a per-step value of 1 adds up to over an episode. For
 * `continuing` (or no horizon) 1 / (1 - gamma); infinite when that diverges (gamma = 1).
 */
export function horizonWeight(model: Model): number {
  const g = gammaOf(model);
  if (!model.continuing && model.horizon !== undefined) return g < 1 ? (1 - g ** model.horizon) / (1 - g) : model.horizon;
  return g < 1 ? 1 / (1 - g) : Infinity;
}

/** The range of gamma^T at the end of an episode: the weight left on the last potential. */
function lastWeight(model: Model): Interval {
  const g = gammaOf(model);
  if (g >= 1) return I.point(1);
  return I.interval(!model.continuing && model.horizon !== undefined ? g ** model.horizon : 0, 1);
}

export function itemBounds(model: Model, reward: A.RewardDecl): RewardBounds {
  const b = boundsOf(model);
  const items = withClipAndReplace(model, b, reward.items.map((item) => boundItem(model, b, item)));
  const perStep = items.map((i) => i.perStep).reduce(I.add, I.ZERO);
  const totals = items.map((i) => i.total);
  const total = totals.every((t): t is Interval => t !== undefined) ? totals.reduce(I.add, I.ZERO) : undefined;
  return { items, perStep, total: total && I.isBounded(total) ? total : undefined };
}

function boundItem(model: Model, b: BoundsOf, item: A.RewardItem): ItemBound {
  const { perStep, total } = itemRanges(model, b, item);
  return { label: item.label, item, perStep, total: total && I.isBounded(total) ? total : undefined };
}

/** Sum over an episode of a per-step range: at least one step, at most the horizon. */
function overEpisode(model: Model, perStep: Interval): Interval {
  const w = horizonWeight(model);
  const times = (x: number) => (x === 0 ? 0 : x * w);
  return I.interval(Math.min(perStep.lo, times(perStep.lo)), Math.max(perStep.hi, times(perStep.hi)));
}

function itemRanges(model: Model, b: BoundsOf, item: A.RewardItem): { perStep: Interval; total?: Interval } {
  const body = item.body;
  const w = itemWeight(item);
  switch (body.kind) {
    case 'const':
      return { perStep: I.point(body.value), total: overEpisode(model, I.point(body.value)) };
    case 'expr': {
      const perStep = I.scale(w, b.expr(body.expr));
      return { perStep, total: overEpisode(model, perStep) };
    }
    case 'ref': {
      const d = model.declarations.get(body.name.text);
      const machine = model.machines.find((m) => m.name === body.name.text);
      if (machine) {
        const { perStep, total } = machineRanges(model, b, machine);
        return { perStep: I.scale(w, perStep), total: I.scale(w, total) };
      }
      if (d?.kind === 'ltl') {
        const accept = d.accept ? b.expr(d.accept) : I.point(1);
        const reject = d.reject ? b.expr(d.reject) : I.ZERO;
        const perStep = I.scale(w, I.union(I.ZERO, I.union(accept, reject)));
        // Emitted once per episode, discounted by gamma^t <= 1: the sum stays within the step range.
        return { perStep, total: perStep };
      }
      const perStep = I.scale(w, b.declaration(body.name.text));
      return { perStep, total: overEpisode(model, perStep) };
    }
    case 'shaping':
      return shapingRanges(model, b, body);
    case 'clip':
    case 'replace':
      // They depend on the other items: `withClipAndReplace` bounds them.
      return { perStep: I.ZERO, total: I.ZERO };
  }
}

/**
 * The bounds of a block's `clip` and `replace` items (LANGUAGE.md section 13), from the others'.
 * The clip is worth clamp(S, lo, hi) - S for S the sum of the items above it (replace items
 * excluded): at most lo - S when S is below lo, at least hi - S when above hi. A replace item is
 * worth its value minus what the step would pay otherwise (clip included) when its condition
 * holds, else 0; its return bound is sum_{t<H} gamma^t times that, as for a term.
 */
function withClipAndReplace(model: Model, b: BoundsOf, items: readonly ItemBound[]): ItemBound[] {
  const out = [...items];
  const clip = items.findIndex((i) => i.item.body.kind === 'clip');
  const plain = (i: ItemBound) => i.item.body.kind !== 'replace' && i.item.body.kind !== 'clip';
  let paid = items.filter(plain).map((i) => i.perStep).reduce(I.add, I.ZERO);
  if (clip >= 0) {
    const body = items[clip].item.body as Extract<A.ItemBody, { kind: 'clip' }>;
    const above = items.slice(0, clip).filter(plain).map((i) => i.perStep).reduce(I.add, I.ZERO);
    const below = items.slice(clip + 1).filter(plain).map((i) => i.perStep).reduce(I.add, I.ZERO);
    const lo = body.lo.value;
    const hi = body.hi.value;
    const perStep = I.interval(Math.min(0, hi - above.hi), Math.max(0, lo - above.lo));
    out[clip] = bounded(items[clip], perStep, overEpisode(model, perStep));
    paid = I.add(I.clamp(above, I.point(lo), I.point(hi)), below);
  }
  items.forEach((i, k) => {
    const body = i.item.body;
    if (body.kind !== 'replace') return;
    const perStep = I.union(I.ZERO, I.sub(b.expr(body.value), paid));
    out[k] = bounded(i, perStep, overEpisode(model, perStep));
  });
  return out;
}

const bounded = (i: ItemBound, perStep: Interval, total: Interval): ItemBound => ({ ...i, perStep, total: I.isBounded(total) ? total : undefined });

// Per model and machine: a machine named by many items (or by one item in many blocks) is
// solved once; the return's dynamic programme may take thousands of sweeps.
const machineRangesPerModel = new WeakMap<Model, Map<MachineInfo, { readonly perStep: Interval; readonly total: Interval }>>();

/** The unweighted step and return ranges of a machine item. */
function machineRanges(model: Model, b: BoundsOf, machine: MachineInfo): { readonly perStep: Interval; readonly total: Interval } {
  let known = machineRangesPerModel.get(model);
  if (!known) machineRangesPerModel.set(model, (known = new Map()));
  let r = known.get(machine);
  if (!r) {
    const rewards = machine.transitions.map((t) => (t.reward ? b.expr(t.reward) : I.ZERO));
    const total = machineReturnRange(machine, rewards, gammaOf(model), model.continuing ? undefined : model.horizon);
    known.set(machine, (r = { perStep: stepRange(machine, rewards), total }));
  }
  return r;
}

/** A machine emits one of its written transitions' rewards at a step, or 0. */
function stepRange(machine: MachineInfo, rewards: readonly Interval[]): Interval {
  return machine.transitions.reduce((acc, t, i) => (machine.terminals.has(t.from) ? acc : I.union(acc, rewards[i])), I.ZERO);
}

function shapingRanges(model: Model, b: BoundsOf, body: Extract<A.ItemBody, { kind: 'shaping' }>): { perStep: Interval; total?: Interval } {
  const g = gammaOf(model);
  const machine = model.machines.find((m) => m.name === body.name.text);
  if (!machine) {
    // F = gamma * phi(s') - phi(s), with phi(s') := 0 on termination; the sum telescopes to
    // gamma^T * phi(s_T) - phi(s_0).
    const phi = b.declaration(body.name.text);
    const last = I.union(phi, I.ZERO);
    return { perStep: I.sub(I.scale(g, last), phi), total: I.sub(I.mul(lastWeight(model), last), phi) };
  }
  const values = machineValues(machine, body.discount ?? model.discount ?? 1);
  const index = new Map(machine.states.map((s, i) => [s, i]));
  const Phi = values.values.map((v) => -v);
  const at = (s: string) => Phi[index.get(s)!] ?? 0;
  const steps: number[] = [];
  for (const s of machine.states) steps.push(g * at(s) - at(s), -at(s));
  for (const t of machine.transitions) if (!machine.terminals.has(t.from)) steps.push(g * at(t.to) - at(t.from));
  const hull = (xs: readonly number[]) => I.interval(Math.min(...xs), Math.max(...xs));
  const last = hull([0, ...Phi]);
  const first = at(machine.initial ?? machine.states[0]);
  return { perStep: hull(steps), total: I.sub(I.mul(lastWeight(model), last), I.point(first)) };
}

/** One line for hover and inlay hints: `per step [-1, 1], per episode [-8.65, 8.65]`. */
export function describeBounds(b: { readonly perStep: Interval; readonly total?: Interval }): string {
  return `per step ${I.showInterval(b.perStep)}, per episode ${b.total ? I.showInterval(b.total) : 'unbounded'}`;
}
