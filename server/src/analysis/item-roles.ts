import type { Model } from '../names/model';
import type { Role } from '../program/ir';
import { isTaskMarked, itemRoles } from '../program/lower';
import type * as A from '../syntax/ast';

// The role of each reward item (LANGUAGE.md sections 6 and 13): the task objective, an
// auxiliary judged against it, potential-based shaping (which telescopes and is judged apart),
// or the clip line. Decided once, by the lowering (program/lower.ts `itemRoles`), for the
// analyses, the preview and the exports alike; this file only looks the answer up.

export type ItemRole = Role;

// Asked once per item by several analyses: a 10,000-item block must not decide itself per item.
const perModel = new WeakMap<Model, Map<A.RewardDecl, Map<A.RewardItem, Role>>>();

function rolesOf(model: Model, reward: A.RewardDecl): Map<A.RewardItem, Role> {
  let blocks = perModel.get(model);
  if (!blocks) perModel.set(model, (blocks = new Map()));
  let roles = blocks.get(reward);
  if (!roles) {
    const list = itemRoles(model, reward);
    blocks.set(reward, (roles = new Map(reward.items.map((item, i) => [item, list[i]]))));
  }
  return roles;
}

/** A machine or `ltl` item is the task without the mark; any item can be marked `task`. */
export const isMarkedTask = isTaskMarked;

/** Whether the block has a task item that makes the others auxiliary (a reward with none is a
 *  plain Markov reward whose items are all the task). */
export function hasTaskItem(model: Model, reward: A.RewardDecl): boolean {
  for (const [item, role] of rolesOf(model, reward)) if (role === 'auxiliary' || (role === 'task' && item.body.kind !== 'replace' && isTaskMarked(model, item))) return true;
  return false;
}

export function itemRole(model: Model, reward: A.RewardDecl, item: A.RewardItem): ItemRole {
  return rolesOf(model, reward).get(item) ?? 'auxiliary';
}

/** The weight written before an item (`0.1 * progress`), 1 when none; a constant's value is its own. */
export function itemWeight(item: A.RewardItem): number {
  const b = item.body;
  return b.kind === 'ref' || b.kind === 'expr' ? b.weight ?? 1 : 1;
}
