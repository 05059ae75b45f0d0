// Trajectories of gridworld-shaping.reward: a 10 x 10 grid, start (0, 0), goal (9, 9).
// JSONL: two episodes of an epsilon-greedy agent that reach the goal and one of a random agent
// cut at the time limit. CSV: one more epsilon-greedy episode, with field paths as columns.
import { rng, writeJsonl, writeCsv, endEpisode, check } from './lib.mjs';
import { MOVES, step } from './grid.mjs';

const N = 10;
const HORIZON = 100;
const GOAL = [9, 9];
const atGoal = ([x, y]) => x === GOAL[0] && y === GOAL[1];

function episode(rand, epsilon, id) {
  const records = [];
  let cell = [0, 0];
  while (records.length < HORIZON && !atGoal(cell)) {
    const greedy = rand() < 0.5 ? (cell[0] < GOAL[0] ? 'right' : 'up') : (cell[1] < GOAL[1] ? 'up' : 'right');
    const move = rand() < epsilon ? Object.keys(MOVES)[Math.floor(rand() * 4)] : greedy;
    records.push({ episode: id, obs: [...cell], action: move });
    cell = step(cell, move, N, N);
  }
  records.push({ episode: id, obs: [...cell] });
  return endEpisode(records, atGoal(cell) ? 'terminated' : 'truncated');
}

const rand = rng(11);
const jsonl = [episode(rand, 0.2, 0), episode(rand, 0.3, 1), episode(rand, 1.0, 2)];
check(jsonl[0].at(-1).terminated && jsonl[1].at(-1).terminated, 'greedy episodes reach the goal');
check(jsonl[2].at(-1).truncated && jsonl[2].length === HORIZON + 1, 'random episode is cut at the horizon');
writeJsonl('gridworld-shaping.episodes.jsonl', jsonl.flat());

const csvEpisode = episode(rng(12), 0.25, 0);
check(csvEpisode.at(-1).terminated, 'CSV episode reaches the goal');
const rows = csvEpisode.map((r) => ({
  episode: r.episode, 'obs[0]': r.obs[0], 'obs[1]': r.obs[1], action: r.action,
  terminated: r.terminated ? 'true' : 'false',
}));
writeCsv('gridworld-shaping.greedy.csv', ['episode', 'obs[0]', 'obs[1]', 'action', 'terminated'], rows);
