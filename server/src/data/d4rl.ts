// D4RL HDF5 datasets: flat datasets at the root, one row per transition: `observations` (s_t),
// `actions` (a_t), `rewards` (r_t), `terminals`, `timeouts`, optional `next_observations`
// (s_{t+1}) and `infos/*`. An episode ends after a row whose terminal or timeout flag is set
// (and at the end of the file). D4RL keeps no final state s_T, so (docs/trajectories.md):
// - with `next_observations`, the episode's last row is followed by one more record,
//   `obs` = next_observations of that row, terminated when its terminal flag is set;
// - without it, the last row is the final record (its action and reward dropped: there is no
//   state to step to) and the episode counts as truncated, since that state is not terminal.
// A record's `line` is its 1-based row; rows are read in slices of BATCH_SIZE.

import { BATCH_SIZE } from './batches';
import { setPath, truthy } from './dataset-mapping';
import { child, isDataset, readRows, rowCount, type Dataset, type Group } from './hdf5';
import type { PathSegment } from './path';
import { dataProblem } from './problem';
import { problemItem, recordItem, type ReadItem } from './record';

const REQUIRED = ['observations', 'actions', 'rewards'] as const;

/** True when the root holds D4RL's flat datasets. */
export function isD4rl(root: Group): boolean {
  return REQUIRED.every((k) => isDataset(child(root, k)));
}

interface Column {
  readonly dataset: Dataset;
  readonly target: readonly PathSegment[];
}

/** The items of a D4RL file, in batches of at most BATCH_SIZE rows. */
export async function* readD4rlBatches(file: string, root: Group): AsyncGenerator<ReadItem[]> {
  const rows = rowCount(child(root, 'observations') as Dataset) ?? 0;
  const columns: Column[] = [
    { dataset: child(root, 'observations') as Dataset, target: ['obs'] },
    { dataset: child(root, 'actions') as Dataset, target: ['action'] },
    { dataset: child(root, 'rewards') as Dataset, target: ['reward'] },
  ];
  const wrong: string[] = [];
  for (const c of columns.slice(1)) {
    const n = rowCount(c.dataset);
    if (n !== rows) wrong.push(`'${c.dataset.path.slice(1)}' has ${n ?? 'no'} rows`);
  }
  const flag = (name: string): Dataset | undefined => {
    const d = child(root, name);
    if (d === undefined) return undefined;
    if (isDataset(d) && rowCount(d) === rows) return d;
    wrong.push(`'${name}' has ${isDataset(d) ? rowCount(d) ?? 'no' : 'no'} rows`);
    return undefined;
  };
  const terminals = flag('terminals');
  const timeouts = flag('timeouts');
  const next = flag('next_observations');
  if (wrong.length > 0) {
    yield [problemItem(dataProblem(file, 1, '', `the D4RL datasets disagree on the number of rows: 'observations' has ${rows}, ${wrong.join(', ')}; every dataset needs one row per transition`), false)];
    return;
  }
  const head: ReadItem[] = [];
  if (terminals === undefined && timeouts === undefined) {
    head.push(problemItem(dataProblem(file, 1, '', "no 'terminals' or 'timeouts' dataset: the file is read as one episode"), false));
  }
  const infos = child(root, 'infos');
  if (infos !== undefined && !isDataset(infos)) {
    for (const key of infos.keys()) {
      const d = child(infos, key);
      if (isDataset(d) && rowCount(d) === rows) columns.push({ dataset: d, target: ['info', key] });
      else head.push(problemItem(dataProblem(file, 1, `info.${key}`, `'infos/${key}' is not a dataset of ${rows} rows (one per transition): the key is left out`), false));
    }
  }
  if (rows === 0) head.push(problemItem(dataProblem(file, 1, '', 'empty trajectory: the D4RL datasets have no rows'), false));
  if (head.length > 0) yield head;

  let episode = 0;
  for (let start = 0; start < rows; start += BATCH_SIZE) {
    const end = Math.min(rows, start + BATCH_SIZE);
    const values = columns.map((c) => readRows(c.dataset, start, end));
    const term = terminals === undefined ? undefined : readRows(terminals, start, end);
    const time = timeouts === undefined ? undefined : readRows(timeouts, start, end);
    const nextObs = next === undefined ? undefined : readRows(next, start, end);
    const out: ReadItem[] = [];
    for (let i = 0; i < end - start; i++) {
      const row = start + i;
      const terminal = term !== undefined && truthy(term[i]);
      const last = terminal || (time !== undefined && truthy(time[i])) || row === rows - 1;
      const value: Record<string, unknown> = {};
      columns.forEach((c, k) => {
        if (last && nextObs === undefined && (c.target[0] === 'action' || c.target[0] === 'reward')) return;
        setPath(value, c.target, values[k][i]);
      });
      value.episode = episode;
      if (last && nextObs === undefined) {
        value.terminated = false;
        value.truncated = true;
      }
      out.push(recordItem(file, row + 1, value));
      if (last && nextObs !== undefined) {
        out.push(recordItem(file, row + 1, { obs: nextObs[i], episode, terminated: terminal, truncated: !terminal }));
      }
      if (last) episode++;
    }
    yield out;
  }
}
