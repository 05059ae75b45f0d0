import type { Model } from '../names/model';
import type * as A from '../syntax/ast';

// The role of each reward item (LANGUAGE.md section 6): the task objective, an auxiliary
// judged against it, or potential-based shaping (which telescopes and is judged apart).

export type ItemRole = 'task' | 'auxiliary' | 'shaping';

/** A machine or `ltl` item is the task without the mark; any item can be marked `task`. */
export function isMarkedTask(model: Model, item: A.RewardItem): boolean {
  if (item.task) return true;
  if (item.body.kind !== 'ref') return false;
  const d = model.declarations.get(item.body.name.text);
  return d?.kind === 'machine' || d?.kind === 'ltl';
}

// Asked once per item by several analyses: a 10,000-item block must not scan itself per item.
const taskBlocks = new WeakMap<Model, Map<A.RewardDecl, boolean>>();

export function hasTaskItem(model: Model, reward: A.RewardDecl): boolean {
  let known = taskBlocks.get(model);
  if (!known) taskBlocks.set(model, (known = new Map()));
  let has = known.get(reward);
  if (has === undefined) known.set(reward, (has = reward.items.some((i) => i.body.kind !== 'shaping' && isMarkedTask(model, i))));
  return has;
}

/** A reward with no task item at all is a plain Markov reward whose items are all the task. */
export function itemRole(model: Model, reward: A.RewardDecl, item: A.RewardItem): ItemRole {
  if (item.body.kind === 'shaping') return 'shaping';
  if (!hasTaskItem(model, reward)) return 'task';
  return isMarkedTask(model, item) ? 'task' : 'auxiliary';
}

/** The weight written before an item (`0.1 * progress`), 1 when none; a constant's value is its own. */
export function itemWeight(item: A.RewardItem): number {
  const b = item.body;
  return b.kind === 'ref' || b.kind === 'expr' ? b.weight ?? 1 : 1;
}
