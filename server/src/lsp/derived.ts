import type { IToken } from 'chevrotain';
import { itemBounds, type RewardBounds } from '../analysis/bounds';
import { classifyReward, ltlFacts, type LtlFacts, type RewardClassification } from '../analysis/classes';
import type { Model, Occurrence } from '../names/model';
import type * as A from '../syntax/ast';
import { layout } from '../syntax/layout';
import { lexer } from '../syntax/tokens';

// Facts the features derive from one analysed version, computed once and shared by every
// request on that version (the model is the key: one per version). Nothing here outlives the
// version: the caches are weak.

interface Facts {
  byStart?: { readonly order: readonly number[]; readonly maxLength: number };
  tokens?: readonly IToken[];
  readonly bounds: Map<A.RewardDecl, RewardBounds | undefined>;
  readonly classes: Map<A.RewardDecl, RewardClassification | undefined>;
  readonly ltl: Map<string, LtlFacts | undefined>;
}

const FACTS = new WeakMap<Model, Facts>();

function facts(model: Model): Facts {
  let f = FACTS.get(model);
  if (!f) FACTS.set(model, (f = { bounds: new Map(), classes: new Map(), ltl: new Map() }));
  return f;
}

function once<K, V>(map: Map<K, V>, key: K, compute: () => V): V {
  if (map.has(key)) return map.get(key)!;
  let v: V;
  try {
    v = compute();
  } catch {
    // A sound model is needed; on a broken one there is nothing to say.
    v = undefined as V;
  }
  map.set(key, v);
  return v;
}

/** The bounds of a reward's items, or undefined when the model cannot bound them. */
export const rewardBounds = (model: Model, reward: A.RewardDecl) => once(facts(model).bounds, reward, () => itemBounds(model, reward));
export const rewardClasses = (model: Model, reward: A.RewardDecl) => once(facts(model).classes, reward, () => classifyReward(model, reward));
export const ltlFactsOf = (model: Model, name: string) => once(facts(model).ltl, name, () => ltlFacts(model, name));

/** The tokens of the model's text after layout (comments out), as the parser saw them. */
export function layoutTokens(model: Model): readonly IToken[] {
  const f = facts(model);
  return (f.tokens ??= layout(lexer.tokenize(model.file.text).tokens).tokens);
}

function byStart(model: Model): NonNullable<Facts['byStart']> {
  const f = facts(model);
  const all = model.occurrences;
  if (!f.byStart) {
    const order = all.map((_, i) => i).sort((a, b) => all[a].span.start - all[b].span.start || a - b);
    f.byStart = { order, maxLength: all.reduce((m, o) => Math.max(m, o.span.end - o.span.start), 0) };
  }
  return f.byStart;
}

/** The indexes of the model's occurrences in order of their start (in their order where they start alike). */
export const occurrenceOrder = (model: Model): readonly number[] => byStart(model).order;

/**
 * The occurrence whose name touches `offset` (a cursor right after a name still counts);
 * between two names (`a+b` at the `+`), the one starting there. A binary search over the
 * occurrences sorted by start.
 */
export function occurrenceAt(model: Model, offset: number): Occurrence | undefined {
  const all = model.occurrences;
  const { order, maxLength } = byStart(model);
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (all[order[mid]].span.start < offset - maxLength) lo = mid + 1;
    else hi = mid;
  }
  const candidates: number[] = [];
  for (let i = lo; i < order.length && all[order[i]].span.start <= offset; i++) {
    if (all[order[i]].span.end >= offset) candidates.push(order[i]);
  }
  candidates.sort((a, b) => a - b);
  let best: Occurrence | undefined;
  for (const i of candidates) {
    const o = all[i];
    if (!best || o.span.start === offset) best = o;
  }
  return best;
}
