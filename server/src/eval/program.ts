import type { Model } from '../names/model';
import type * as P from '../program/ir';
import { lowerProgram } from '../program/lower';
import type { RecordLayout } from './layout';

// One reward block of the lowered program (program/ir.ts), as the runner, the CLI, the
// preview and the exports select it: the spec's machines, formulas and props, and the items
// and component keys of the chosen block. Everything here is read from the program; the
// program is lowered once per checked model and shared by every block.

export interface Program {
  /** The whole lowered program. */
  readonly lowered: P.Program;
  /** Index of the chosen block in `lowered.rewards`. */
  readonly rewardIndex: number;
  readonly layout: RecordLayout;
  readonly reward: string;
  /** gamma: the declared discount, or 1 when none is declared. */
  readonly gamma: number;
  readonly machines: readonly P.Machine[];
  readonly ltls: readonly P.Ltl[];
  readonly props: readonly P.Prop[];
  readonly items: readonly P.Item[];
  /** Component keys (LANGUAGE.md section 8): the item as written, ` #2` for repeats. */
  readonly keys: readonly string[];
}

/** The block `rewardName` (default: the first) of the model's program. Throws an Error with a one-line message. */
export function compileProgram(model: Model, rewardName?: string): Program {
  const index = rewardName === undefined ? 0 : model.rewards.findIndex((r) => r.name.text === rewardName);
  if (model.rewards.length === 0 || index < 0) {
    throw new Error(rewardName === undefined ? 'the spec declares no reward' : `the spec has no reward named '${rewardName}' (it has: ${model.rewards.map((r) => r.name.text).join(', ') || 'none'})`);
  }
  return selectReward(lowerProgram(model), index);
}

export function selectReward(lowered: P.Program, index: number): Program {
  const r = lowered.rewards[index];
  return {
    lowered,
    rewardIndex: index,
    layout: lowered.layout,
    reward: r.name,
    gamma: lowered.gamma,
    machines: lowered.machines,
    ltls: lowered.ltls,
    props: lowered.props,
    items: r.items,
    keys: r.items.map((i) => i.key),
  };
}
