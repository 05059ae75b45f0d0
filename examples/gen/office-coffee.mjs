// Trajectories of office-coffee.reward: a 12 x 9 office floor (walls omitted), the agent's
// cell in each record and the object under it in `labels`, as the office world's labelling
// function reports it. Three episodes: success, a step on a plant, a time-limit truncation.
import { rng, writeJsonl, endEpisode, check } from './lib.mjs';
import { MOVES, key, step, shortestMoves } from './grid.mjs';

const W = 12;
const H = 9;
const HORIZON = 100;
const objects = new Map([
  ['3,6', 'coffee'], ['8,2', 'coffee'], ['7,4', 'mail'], ['4,4', 'office'],
  ['1,4', 'plant'], ['4,1', 'plant'], ['7,1', 'plant'], ['10,4', 'plant'], ['4,7', 'plant'], ['7,7', 'plant'],
]);
const plants = new Set([...objects].filter(([, o]) => o === 'plant').map(([k]) => k));
const start = [2, 1];

const labelsAt = (cell) => (objects.has(key(cell)) ? [objects.get(key(cell))] : []);

/** The reward machine of the spec, to check that each episode ends as its name says. */
function machineRun(records) {
  const next = {
    start: { coffee: 'has_coffee', mail: 'has_mail', plant: 'broken' },
    has_coffee: { mail: 'has_both', plant: 'broken' },
    has_mail: { coffee: 'has_both', plant: 'broken' },
    has_both: { office: 'done', plant: 'broken' },
  };
  let u = 'start';
  for (const r of records.slice(1)) {
    if (u === 'done' || u === 'broken') return 'ended early';
    u = next[u][r.labels[0]] ?? u;
  }
  return u;
}

function walk(moves) {
  const records = [];
  let cell = start;
  for (const move of moves) {
    records.push({ x: cell[0], y: cell[1], labels: labelsAt(cell), action: move });
    cell = step(cell, move, W, H);
  }
  records.push({ x: cell[0], y: cell[1], labels: labelsAt(cell) });
  return records;
}

// Success: the nearer coffee, then the mail, then the office, around the plants.
const toCoffee = shortestMoves(start, [3, 6], W, H, plants);
const toMail = shortestMoves([3, 6], [7, 4], W, H, plants);
const toOffice = shortestMoves([7, 4], [4, 4], W, H, plants);
const success = endEpisode(walk([...toCoffee, ...toMail, ...toOffice]), 'terminated');
check(machineRun(success) === 'done', 'success ends in done');

// Plant: the agent gets its coffee, then cuts a corner through the plant at (4, 7).
const plantWalk = endEpisode(walk([...toCoffee, 'up', 'right']), 'terminated');
check(machineRun(plantWalk) === 'broken', 'plant ends in broken');

// Truncated: an exploring agent that avoids plants and the office, cut at the time limit.
const rand = rng(7);
const moves = [];
let cell = start;
while (moves.length < HORIZON) {
  const move = Object.keys(MOVES)[Math.floor(rand() * 4)];
  const next = step(cell, move, W, H);
  if (plants.has(key(next)) || objects.get(key(next)) === 'office') continue;
  moves.push(move);
  cell = next;
}
const truncated = endEpisode(walk(moves), 'truncated');
check(!['done', 'broken', 'ended early'].includes(machineRun(truncated)), 'truncated episode stays undecided');

writeJsonl('office-coffee.success.jsonl', success);
writeJsonl('office-coffee.plant.jsonl', plantWalk);
writeJsonl('office-coffee.truncated.jsonl', truncated);
