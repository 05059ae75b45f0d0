/**
 * Strongly connected components of a graph (Tarjan's algorithm, with an explicit stack: graphs
 * here can be long chains). Components come out in reverse topological order, each listing its
 * nodes in the order Tarjan's stack pops them.
 */
export function stronglyConnected<T>(nodes: Iterable<T>, successors: (node: T) => readonly T[]): T[][] {
  const index = new Map<T, number>();
  const low = new Map<T, number>();
  const onStack = new Set<T>();
  const stack: T[] = [];
  const out: T[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const frames: { node: T; next: readonly T[]; i: number }[] = [];
    const open = (node: T): void => {
      index.set(node, counter);
      low.set(node, counter++);
      stack.push(node);
      onStack.add(node);
      frames.push({ node, next: successors(node), i: 0 });
    };
    open(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      if (frame.i < frame.next.length) {
        const t = frame.next[frame.i++];
        if (!index.has(t)) open(t);
        else if (onStack.has(t)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(t)!));
        continue;
      }
      frames.pop();
      if (frames.length > 0) {
        const parent = frames[frames.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: T[] = [];
        let x: T;
        do {
          x = stack.pop()!;
          onStack.delete(x);
          component.push(x);
        } while (x !== frame.node);
        out.push(component);
      }
    }
  }
  return out;
}
