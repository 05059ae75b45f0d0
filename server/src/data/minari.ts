// Minari HDF5 datasets (`data/main_data.hdf5`): one group `episode_N` per episode holding
// `observations` (T+1 rows), `actions`, `rewards`, `terminations`, `truncations` (T rows) and
// `infos/KEY` (T+1 rows); dict and tuple spaces are nested groups. Each episode becomes T+1
// step records (docs/trajectories.md): `obs`, `action` (absent on the last), `reward` (the
// dataset's r_t, beside a_t), `info.KEY`, `episode` = N, and on the last record the
// `terminated`/`truncated` flags of the last step. Episodes are read in slices of BATCH_SIZE
// rows, so a large file never sits in memory.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BATCH_SIZE } from './batches';
import { setPath, truthy } from './dataset-mapping';
import { attributes, child, isDataset, isGroup, readRows, rowCount, type Dataset, type Group } from './hdf5';
import type { PathSegment } from './path';
import { dataProblem } from './problem';
import { problemItem, recordItem, type ReadItem } from './record';

const EPISODE = /^episode_(\d+)$/;
const REQUIRED = ['observations', 'actions', 'rewards', 'terminations', 'truncations'] as const;

/** The episode groups of a Minari file, in episode order (`episode_2` before `episode_10`). */
export function minariEpisodes(root: Group): readonly { readonly name: string; readonly id: number }[] {
  const out: { name: string; id: number }[] = [];
  for (const name of root.keys()) {
    const m = EPISODE.exec(name);
    if (m && isGroup(child(root, name))) out.push({ name, id: Number(m[1]) });
  }
  return out.sort((a, b) => a.id - b.id);
}

/** One dataset of an episode and where its rows land in the records. */
interface Leaf {
  readonly dataset: Dataset;
  readonly target: readonly PathSegment[];
  readonly rows: number;
  /** Newer Minari writes `infos` as one JSON string per row. */
  readonly json: boolean;
}

interface EpisodePlan {
  readonly steps: number;
  readonly leaves: readonly Leaf[];
  readonly terminated: boolean;
  readonly truncated: boolean;
  /** Problems that cost part of the episode's data, not the episode. */
  readonly warnings: readonly string[];
}

/** The items of a Minari HDF5 file, episode by episode, in batches of at most BATCH_SIZE records. */
export async function* readMinariBatches(file: string, root: Group): AsyncGenerator<ReadItem[]> {
  const episodes = minariEpisodes(root);
  const metadata = minariMetadata(file, root);
  const head: ReadItem[] = [];
  if (metadata.problem !== undefined) head.push(problemItem(dataProblem(file, 1, '', metadata.problem), false));
  const declared = metadata.values.total_episodes;
  if (typeof declared === 'number' && declared !== episodes.length) {
    head.push(problemItem(dataProblem(file, 1, '', `the metadata (${metadata.source}) says total_episodes ${declared}, the file holds ${episodes.length} episode groups: the dataset is incomplete or was changed by hand`), false));
  }
  if (episodes.length === 0) head.push(problemItem(dataProblem(file, 1, '', 'empty trajectory: a Minari dataset with no episode_N group'), false));
  if (head.length > 0) yield head;

  let line = 1;
  for (const { name, id } of episodes) {
    const group = child(root, name) as Group;
    const plan = planEpisode(group);
    if (typeof plan === 'string') {
      yield [problemItem(dataProblem(file, line, '', `${name} is left out: ${plan}`), false)];
      continue;
    }
    if (plan.warnings.length > 0) yield plan.warnings.map((w) => problemItem(dataProblem(file, line, 'info', `${name}: ${w}`), false));
    for (let start = 0; start <= plan.steps; start += BATCH_SIZE) {
      const end = Math.min(plan.steps + 1, start + BATCH_SIZE);
      yield episodeSlice(file, name, id, plan, start, end, line);
    }
    line += plan.steps + 1;
  }
}

function episodeSlice(file: string, name: string, id: number, plan: EpisodePlan, start: number, end: number, firstLine: number): ReadItem[] {
  const values: Record<string, unknown>[] = [];
  for (let t = start; t < end; t++) values.push({});
  const problems: ReadItem[] = [];
  for (const leaf of plan.leaves) {
    const stop = Math.min(end, leaf.rows);
    if (stop <= start) continue;
    const rows = readRows(leaf.dataset, start, stop);
    for (let i = 0; i < rows.length; i++) {
      let v = rows[i];
      if (leaf.json) {
        v = parseInfo(v);
        if (typeof v === 'string') {
          const t = start + i;
          problems.push(problemItem(dataProblem(file, firstLine + t, 'info', `${name} step ${t}: ${v}`), false));
          continue;
        }
      }
      setPath(values[i], leaf.target, v);
    }
  }
  const out: ReadItem[] = [];
  for (let i = 0; i < values.length; i++) {
    const t = start + i;
    const v = values[i];
    v.episode = id;
    if (t === plan.steps) {
      v.terminated = plan.terminated;
      v.truncated = plan.truncated;
    }
    out.push(recordItem(file, firstLine + t, v));
  }
  // Problems about a record come before it, as the text readers order them.
  return problems.length === 0 ? out : [...problems, ...out];
}

function parseInfo(v: unknown): unknown {
  if (typeof v !== 'string') return 'expected the info dict as a JSON string';
  try {
    const parsed: unknown = JSON.parse(v);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : 'expected the info dict as a JSON object';
  } catch {
    return 'the info is not valid JSON';
  }
}

/** The datasets of one episode, checked against each other; a string says why the episode cannot be read. */
function planEpisode(group: Group): EpisodePlan | string {
  for (const key of REQUIRED) {
    if (child(group, key) === undefined) {
      return `it has no '${key}': a Minari episode holds observations, actions, rewards, terminations and truncations`;
    }
  }
  const rewards = child(group, 'rewards');
  const steps = isDataset(rewards) ? rowCount(rewards) : undefined;
  if (rewards === undefined || steps === undefined) return `'rewards' is not a dataset with one row per step`;
  const expected = (rows: number) => `expected ${rows} (${rows === steps ? 'one per step' : 'one per observation, T + 1'})`;

  const leaves: Leaf[] = [];
  const wrong: string[] = [];
  collectLeaves(child(group, 'observations')!, 'observations', ['obs'], steps + 1, steps + 1, leaves, wrong);
  collectLeaves(child(group, 'actions')!, 'actions', ['action'], steps, steps + 1, leaves, wrong);
  collectLeaves(rewards, 'rewards', ['reward'], steps, steps + 1, leaves, wrong);
  if (wrong.length > 0) return wrong.join('; ');

  const flags: boolean[] = [];
  for (const key of ['terminations', 'truncations'] as const) {
    const d = child(group, key);
    const n = isDataset(d) ? rowCount(d) : undefined;
    if (!isDataset(d) || n !== steps) return `'${key}' has ${n ?? 'no'} rows, ${expected(steps)}`;
    flags.push(steps > 0 && truthy(readRows(d, steps - 1, steps)[0]));
  }

  // A bad info key costs that key, not the episode (Minari's own reader is as lenient).
  const warnings: string[] = [];
  const infos = child(group, 'infos');
  if (isDataset(infos)) {
    const n = rowCount(infos);
    if (n === steps + 1) leaves.push({ dataset: infos, target: ['info'], rows: n, json: true });
    else warnings.push(`'infos' has ${n ?? 'no'} rows, ${expected(steps + 1)}: the infos are left out`);
  } else if (infos !== undefined) {
    const bad: string[] = [];
    collectLeaves(infos, 'infos', ['info'], steps + 1, steps + 1, leaves, bad);
    for (const b of bad) warnings.push(`${b}: the key is left out`);
  }
  return { steps, leaves, terminated: flags[0], truncated: flags[1], warnings };
}

/**
 * The datasets under `node` with the record path each one fills. Groups are dict spaces (keys)
 * or tuple spaces (`_index_0`, `_index_1`...: array positions). A dataset with a row count other
 * than `rows` is described in `wrong` instead. `total` is the observation count, T + 1.
 */
function collectLeaves(node: Group | Dataset, path: string, target: readonly PathSegment[], rows: number, total: number, leaves: Leaf[], wrong: string[]): void {
  if (isDataset(node)) {
    const n = rowCount(node);
    if (n === rows) leaves.push({ dataset: node, target, rows, json: false });
    else wrong.push(`'${path}' has ${n ?? 'no'} rows, expected ${rows} (${rows === total ? 'one per observation, T + 1' : 'one per step'})`);
    return;
  }
  const keys = node.keys();
  const tuple = keys.length > 0 && keys.every((_, i) => keys.includes(`_index_${i}`));
  for (const k of keys) {
    const c = child(node, k);
    if (c === undefined) continue;
    collectLeaves(c, `${path}/${k}`, [...target, tuple ? Number(k.slice('_index_'.length)) : k], rows, total, leaves, wrong);
  }
}

/** Where a Minari dataset keeps its metadata: `data/metadata.json` from Minari 0.5, root attributes before. */
export interface MinariMetadata {
  readonly values: Readonly<Record<string, unknown>>;
  readonly source: 'metadata.json' | 'root attributes';
  readonly problem?: string;
}

export function minariMetadata(file: string, root: Group): MinariMetadata {
  const json = join(dirname(file), 'metadata.json');
  if (existsSync(json)) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(json, 'utf8'));
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return { values: parsed as Record<string, unknown>, source: 'metadata.json' };
      return { values: {}, source: 'metadata.json', problem: `${json}: expected a JSON object of dataset metadata` };
    } catch (err) {
      return { values: {}, source: 'metadata.json', problem: `${json} is not valid JSON (${String((err as Error).message).split('\n')[0]}): the metadata is ignored` };
    }
  }
  return { values: attributes(root), source: 'root attributes' };
}
