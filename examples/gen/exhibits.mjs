// Trajectories of the bug exhibits: farmed-loop, early-exit and progress-not-potential.
import { writeJsonl, endEpisode, check } from './lib.mjs';
import { step } from './grid.mjs';

// farmed-loop: a robot on a row of cells, the cup at cell 3, the bin at cell 6. The simulator
// labels the record reached by a pick, drop or bin action with `picked`, `dropped`, `binned`.
function tidyEpisode(actions, how) {
  const records = [];
  let pos = 0;
  let labels = [];
  for (const action of actions) {
    records.push({ pos, labels, action });
    if (action === 'right') pos += 1;
    labels = { pick: ['picked'], drop: ['dropped'], bin: ['binned'] }[action] ?? [];
  }
  records.push({ pos, labels });
  return endEpisode(records, how);
}
const farming = ['right', 'right', 'right'];
while (farming.length < 60) farming.push(farming.length % 2 === 1 ? 'pick' : 'drop');
const farmed = tidyEpisode(farming, 'truncated');
check(farmed.filter((r) => r.labels.includes('picked')).length >= 25, 'the farmer picks the cup up again and again');
writeJsonl('farmed-loop.farming.jsonl', farmed);
writeJsonl('farmed-loop.honest.jsonl', tidyEpisode(['right', 'right', 'right', 'pick', 'right', 'right', 'right', 'bin'], 'terminated'));

// early-exit: a corridor of cells 0..130, lava at 0, start at 2, goal at 130.
function corridor(moves) {
  const records = [];
  let pos = 2;
  for (const action of moves) {
    records.push({ obs: [pos], action });
    pos += action === 'right' ? 1 : -1;
  }
  records.push({ obs: [pos] });
  return endEpisode(records, 'terminated');
}
const lava = corridor(['left', 'left']);
const goal = corridor(Array(128).fill('right'));
check(lava.at(-1).obs[0] === 0 && goal.at(-1).obs[0] === 130, 'corridor episodes end in the lava and at the goal');
writeJsonl('early-exit.lava.jsonl', lava);
writeJsonl('early-exit.goal.jsonl', goal);

// progress-not-potential: a 5 x 5 grid, start (1, 1), goal (4, 4); the walk first swings away
// (two steps that cost progress), then heads for the goal.
const moves = ['left', 'down', 'right', 'right', 'up', 'right', 'up', 'right', 'up', 'up'];
const records = [];
let cell = [1, 1];
for (const action of moves) {
  records.push({ obs: [...cell], action });
  cell = step(cell, action, 5, 5);
}
records.push({ obs: [...cell] });
check(cell[0] === 4 && cell[1] === 4, 'the walk reaches the goal');
writeJsonl('progress-not-potential.walk.jsonl', endEpisode(records, 'terminated'));
