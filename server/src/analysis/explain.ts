// The text of `reward check --explain`: the class of every reward item and of each reward.
import type { Model } from '../names/model';
import { classifyReward, classText } from './classes';

/** One line per reward, then one indented line per item, labels aligned. */
export function explainClasses(model: Model): string[] {
  return model.rewards.flatMap((r) => {
    const c = classifyReward(model, r);
    const width = Math.max(0, ...c.items.map((i) => i.label.length));
    return [`reward ${c.reward}: ${classText(c)}`, ...c.items.map((i) => `  ${i.label.padEnd(width)}  ${classText(i)}`)];
  });
}
