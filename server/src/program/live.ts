import type { Item, Program } from './ir';

// Which instructions a step needs: the roots (every prop's label, the machines' guards and
// transition rewards, the formulas' atoms and emitted values, the `prev` entries' values and
// the items of the selected reward blocks) and everything they read. Lowering prunes with it
// (all blocks), the generated evaluator and the batched kernels compute only what it marks.

/** The instructions an item reads directly (machines, formulas and clips read none). */
export function itemRoots(it: Item): number[] {
  switch (it.kind) {
    case 'value': return [it.value];
    case 'potential': return [it.current, it.next];
    case 'replace': return [it.value, it.when];
    default: return [];
  }
}

/**
 * Calls `visit` with every root instruction, once per reference: each prop's label, the
 * machines' guards and transition rewards, the formulas' atoms and emitted values, the items
 * of the blocks `rewards` (indexes of `p.rewards`; all of them when omitted), the `prev` values.
 */
export function forEachRoot(p: Program, rewards: number | readonly number[] | undefined, visit: (instruction: number) => void): void {
  const at = (i: number | undefined) => {
    if (i !== undefined) visit(i);
  };
  for (const q of p.props) at(q.label);
  for (const m of p.machines) for (const ts of m.transitions) for (const t of ts) {
    at(t.guard);
    at(t.reward);
  }
  for (const l of p.ltls) {
    l.atomCode.forEach(at);
    at(l.accept);
    at(l.reject);
  }
  const blocks = rewards === undefined ? p.rewards.map((_, i) => i) : typeof rewards === 'number' ? [rewards] : rewards;
  for (const ri of blocks) for (const it of p.rewards[ri].items) for (const i of itemRoots(it)) at(i);
  for (const e of p.prev) at(e.value);
}

/**
 * 1 for each instruction that the props, machines, formulas, `prev` entries and the reward
 * blocks `rewards` (indexes of `p.rewards`; all of them when omitted) reach.
 */
export function liveInstructions(p: Program, rewards?: number | readonly number[]): Uint8Array {
  const live = new Uint8Array(p.code.length);
  forEachRoot(p, rewards, (i) => (live[i] = 1));
  // Args come before their users: one backward sweep marks everything reached.
  for (let i = p.code.length - 1; i >= 0; i--) if (live[i]) for (const a of p.code[i].args) live[a] = 1;
  return live;
}
