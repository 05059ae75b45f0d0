import type { DataProblem } from '../data/problem';
import type { ReadOptions } from '../data/read';
import type { Model } from '../names/model';
import { compareFiles } from './compare-files';
import { parsePreferences, type Preference, type PreferenceFit } from './preferences';
import { differOnlyByShaping } from './shaping-only';

/** What the preview's "Variants compared" shows beyond the returns, for every pair of reward blocks in file order (a < b). */
export interface VariantsComparison {
  /** Per pair: the EPIC distance, NaN where `reward compare` prints null. */
  readonly epic: Float64Array;
  /** Per pair: 1 when the two blocks differ only by `shaping` items. */
  readonly shapingOnly: Uint8Array;
  /** Per variant, when preference files were given. */
  readonly preferences: readonly PreferenceFit[] | null;
  readonly problems: readonly DataProblem[];
}

/**
 * The comparison of every reward block of a spec, as `reward compare` computes it with its
 * defaults (512 samples, seed 0), so that the preview and the command show the same numbers.
 * `preferences`: the text of each preference file, labels of all files together.
 */
export async function compareVariants(model: Model, spec: string, specText: string, files: readonly string[], preferences?: readonly { file: string; text: string }[], read?: ReadOptions): Promise<VariantsComparison> {
  const rewards = model.rewards;
  const shapingOnly: number[] = [];
  for (let i = 0; i < rewards.length; i++) for (let j = i + 1; j < rewards.length; j++) shapingOnly.push(differOnlyByShaping(rewards[i], rewards[j]) ? 1 : 0);
  const labels = preferences && preferences.length > 0 ? (episodes: number) => {
    const all: Preference[] = [];
    const problems: DataProblem[] = [];
    for (const p of preferences) {
      const r = parsePreferences(p.text, p.file, episodes);
      all.push(...r.preferences);
      problems.push(...r.problems);
    }
    return { preferences: all, problems };
  } : undefined;
  // Nothing to measure with one block and no labels: skip the passes over the files.
  if (rewards.length < 2 && !labels) return { epic: new Float64Array(0), shapingOnly: new Uint8Array(0), preferences: null, problems: [] };
  const { result } = await compareFiles(model, spec, specText, files, { preferences: labels, read });
  return {
    epic: Float64Array.from(result.pairs, (p) => p.epic ?? NaN),
    shapingOnly: Uint8Array.from(shapingOnly),
    preferences: result.preferences ? result.rewards.map((n) => result.preferences![n]) : null,
    problems: result.problems,
  };
}
