// Grid helpers shared by the grid-world generators: moves and breadth-first shortest paths.
export const MOVES = { up: [0, 1], down: [0, -1], left: [-1, 0], right: [1, 0] };

export const key = ([x, y]) => `${x},${y}`;

export function step([x, y], move, width, height) {
  const [dx, dy] = MOVES[move];
  const nx = x + dx;
  const ny = y + dy;
  return nx < 0 || ny < 0 || nx >= width || ny >= height ? [x, y] : [nx, ny];
}

/** The moves of a shortest path from `from` to `to` that avoids the cells in `blocked` (a Set of keys). */
export function shortestMoves(from, to, width, height, blocked = new Set()) {
  const prev = new Map([[key(from), null]]);
  const queue = [from];
  while (queue.length) {
    const cell = queue.shift();
    if (key(cell) === key(to)) break;
    for (const move of Object.keys(MOVES)) {
      const next = step(cell, move, width, height);
      if (prev.has(key(next)) || (blocked.has(key(next)) && key(next) !== key(to))) continue;
      prev.set(key(next), [cell, move]);
      queue.push(next);
    }
  }
  if (!prev.has(key(to))) throw new Error(`no path from ${key(from)} to ${key(to)}`);
  const moves = [];
  for (let link = prev.get(key(to)); link; link = prev.get(key(link[0]))) moves.unshift(link[1]);
  return moves;
}
