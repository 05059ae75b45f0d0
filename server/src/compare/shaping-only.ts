import type * as A from '../syntax/ast';

/**
 * Whether two reward blocks differ only by `shaping` items: the same other items (as written,
 * `task` marks included, in any order) and not the same shaping items. Such variants teach the
 * same optimal policies (Ng, Harada & Russell 1999), the static side of what EPIC measures.
 */
export function differOnlyByShaping(a: A.RewardDecl, b: A.RewardDecl): boolean {
  const split = (r: A.RewardDecl) => {
    const other: string[] = [];
    const shaping: string[] = [];
    for (const item of r.items) (item.body.kind === 'shaping' ? shaping : other).push(`${item.task ? 'task ' : ''}${item.label}`);
    return { other: other.sort().join('\n'), shaping: shaping.sort().join('\n') };
  };
  const x = split(a);
  const y = split(b);
  return x.other === y.other && x.shaping !== y.shaping;
}
