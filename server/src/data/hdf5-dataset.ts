// An HDF5 trajectory file: a Minari dataset (episode_N groups) or a D4RL dataset (flat
// datasets). Anything else, a truncated file included, is one problem saying what was expected.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readD4rlBatches, isD4rl } from './d4rl';
import { hdf5Reason, openHdf5 } from './hdf5';
import { minariEpisodes, readMinariBatches } from './minari';
import { dataProblem } from './problem';
import { problemItem, type ReadItem } from './record';

const EXPECTED = "expected a Minari dataset (groups 'episode_0', 'episode_1', ... with observations, actions, rewards, terminations, truncations) or a D4RL dataset (datasets 'observations', 'actions', 'rewards', 'terminals', 'timeouts' at the root)";

/** The items of an HDF5 file. Throws only when the file cannot be read at all (missing, a folder). */
export async function* readHdf5Batches(file: string): AsyncGenerator<ReadItem[]> {
  const opened = await openHdf5(file);
  if (!opened.ok) {
    yield [problem(file, 1, opened.message)];
    return;
  }
  const root = opened.file;
  let line = 1;
  try {
    const inner = minariEpisodes(root).length > 0 || isMinariWithoutEpisodes(file, root)
      ? readMinariBatches(file, root)
      : isD4rl(root)
        ? readD4rlBatches(file, root)
        : undefined;
    if (inner === undefined) {
      const found = root.keys();
      yield [problem(file, 1, `not a Minari or D4RL dataset: ${EXPECTED}; found ${found.length === 0 ? 'nothing' : found.slice(0, 8).map((k) => `'${k}'`).join(', ') + (found.length > 8 ? ', ...' : '')} at the root`)];
      return;
    }
    for await (const batch of inner) {
      for (const item of batch) if (item.kind === 'record') line = item.record.line;
      yield batch;
    }
  } catch (err) {
    // HDF5 only finds some damage when it reads the damaged part: the records read so far stand.
    yield [problem(file, line, `HDF5 could not read the file after line ${line} (${hdf5Reason(err)}): the rest of the file is left out`)];
  } finally {
    root.close();
  }
}

/** A Minari file without episodes still says what it is: in its attributes, or by its metadata.json. */
function isMinariWithoutEpisodes(file: string, root: { attrs: Record<string, unknown> }): boolean {
  return 'dataset_id' in root.attrs || 'minari_version' in root.attrs || existsSync(join(dirname(file), 'metadata.json'));
}

function problem(file: string, line: number, message: string): ReadItem {
  return problemItem(dataProblem(file, line, '', message), false);
}
