// Trajectories of patrol.reward: an 8 x 8 grid with checkpoints A (1, 6), B (6, 6), C (6, 1),
// a pond of hazard cells in the middle (reported in `labels`), start (1, 1).
// accepted: A, B, C in order, the episode ends at C. rejected: a shortcut through the pond.
// pending: A, then wandering (never C) until the time limit.
import { rng, writeJsonl, endEpisode, check } from './lib.mjs';
import { MOVES, key, step, shortestMoves } from './grid.mjs';

const N = 8;
const HORIZON = 60;
const A = [1, 6];
const B = [6, 6];
const C = [6, 1];
const hazards = new Set(['3,3', '4,3', '3,4', '4,4', '2,4']);
const start = [1, 1];

function walk(moves) {
  const records = [];
  let cell = start;
  const labels = (c) => (hazards.has(key(c)) ? ['hazard'] : []);
  for (const move of moves) {
    records.push({ obs: [...cell], labels: labels(cell), action: move });
    cell = step(cell, move, N, N);
  }
  records.push({ obs: [...cell], labels: labels(cell) });
  return records;
}

/** The formula's automaton: 0 needs A, 1 needs B, 2 needs C; a hazard first rejects. */
function verdict(records) {
  let stage = 0;
  for (const r of records.slice(1)) {
    const cell = key(r.obs);
    if (cell === key([A, B, C][stage])) stage += 1;
    else if (r.labels.includes('hazard')) return 'rejected';
    if (stage === 3) return r === records.at(-1) ? 'accepted' : 'accepted early';
  }
  return 'pending';
}

const round = [
  ...shortestMoves(start, A, N, N, hazards),
  ...shortestMoves(A, B, N, N, hazards),
  ...shortestMoves(B, C, N, N, hazards),
];
const accepted = endEpisode(walk(round), 'terminated');
check(verdict(accepted) === 'accepted', 'accepted episode');

const shortcut = ['right', 'up', 'right', 'up'];   // (1,1) -> (2,1) -> (2,2) -> (3,2) -> (3,3): the pond
const rejected = endEpisode(walk(shortcut), 'terminated');
check(verdict(rejected) === 'rejected', 'rejected episode');

const rand = rng(5);
const moves = shortestMoves(start, A, N, N, hazards);
let cell = A;
while (moves.length < HORIZON) {
  const move = Object.keys(MOVES)[Math.floor(rand() * 4)];
  const next = step(cell, move, N, N);
  if (hazards.has(key(next)) || key(next) === key(C)) continue;
  moves.push(move);
  cell = next;
}
const pending = endEpisode(walk(moves), 'truncated');
check(verdict(pending) === 'pending', 'pending episode');

writeJsonl('patrol.accepted.jsonl', accepted);
writeJsonl('patrol.rejected.jsonl', rejected);
writeJsonl('patrol.pending.jsonl', pending);
