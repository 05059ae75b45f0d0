import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Connection } from 'vscode-languageserver';
import { DEFAULT_COLUMNS, EpisodeViewSchema, PreviewOverviewSchema, StepValuesSchema, type PreviewStore } from '../../../protocol/preview';
import { PreviewRequest, type PreviewParams, type PreviewResult } from '../../../protocol/requests';
import { encoded } from '../../../protocol/schema';
import { episodeView, stepValues, type StepSource } from '../../../protocol/slices';
import { previewText, type SpecPreview } from '../preview/compute';
import { meaningKey } from '../preview/meaning';
import { overview } from '../preview/view';
import { onProtocolRequest } from './protocol';

// The `reward/preview` request: the server computes the preview on the one evaluator, the
// client relays it to the webview. The full-resolution store of the last few previews stays
// here, so that an episode or a hovered step costs a slice, not an evaluation.

/** Where the text of a spec comes from: the open document, else the file on disk. */
export type TextOf = (uri: string) => string | undefined;

interface Entry {
  /** What the result depends on: the spec's meaning (not its comments or layout) and the files' stamps. */
  readonly key: string;
  readonly text: string;
  readonly result: Promise<SpecPreview>;
  /** Set once the result is a store: a spec with errors is analysed again (its messages name lines). */
  evaluated: boolean;
  /** The store's bytes once evaluated (storeBytes), 0 before. */
  bytes: number;
}

const KEPT = 4;
/**
 * Bytes of per-step series the kept previews may hold together: four previews of a million
 * steps with many components would otherwise hold gigabytes. The newest is always kept.
 */
const KEPT_BYTES = 512 * 1024 * 1024;

/**
 * The keys to drop, oldest first (`entries` in the order they were kept), until the rest fit in
 * `budget` bytes; the newest (last) entry stays whatever its size.
 */
export function overBudget(entries: readonly (readonly [string, number])[], budget: number): string[] {
  let total = entries.reduce((n, [, b]) => n + b, 0);
  const drop: string[] = [];
  for (let i = 0; i < entries.length - 1 && total > budget; i++) {
    drop.push(entries[i][0]);
    total -= entries[i][1];
  }
  return drop;
}

/** The bytes of a store's per-step and per-episode series. */
export function storeBytes(s: PreviewStore): number {
  let n = s.offsets.byteLength + s.terminated.byteLength + s.file.byteLength + s.epic.byteLength + s.shapingOnly.byteLength;
  for (const list of [s.returns, s.discounted, s.reward, s.machines, s.ltl, s.props, ...s.components]) for (const a of list) n += a.byteLength;
  return n;
}

/** Registers `reward/preview` on the connection. */
export function registerPreviewRequest(connection: Connection, textOf: TextOf): void {
  const cache = new Map<string, Entry>();

  const preview = async (uri: string, files: readonly string[], preferences: readonly string[]): Promise<SpecPreview> => {
    const text = textOf(uri) ?? (await readSpec(uri));
    const key = JSON.stringify([meaningKey(text), files.map((f) => [f, stamp(f)]), preferences.map((f) => [f, stamp(f)])]);
    const hit = cache.get(uri);
    if (hit && hit.key === key && (hit.evaluated || hit.text === text)) return hit.result;
    const result = readPreferences(preferences).then((labels) => previewText(text, displayName(uri), files, labels));
    const entry: Entry = { key, text, result, evaluated: false, bytes: 0 };
    cache.delete(uri);
    cache.set(uri, entry);
    while (cache.size > KEPT) cache.delete(cache.keys().next().value!);
    result.then(
      (r) => {
        entry.evaluated = r.kind === 'store';
        if (r.kind === 'store') entry.bytes = storeBytes(r.store);
        for (const u of overBudget([...cache].map(([u, e]) => [u, e.bytes] as const), KEPT_BYTES)) cache.delete(u);
      },
      () => cache.get(uri) === entry && cache.delete(uri),
    );
    return result;
  };

  onProtocolRequest(
    connection,
    PreviewRequest,
    async (p): Promise<PreviewResult> => {
      try {
        return answer(p, await preview(p.uri, p.files, p.preferences ?? []));
      } catch (e) {
        return { kind: 'failed', message: e instanceof Error ? e.message : String(e) };
      }
    },
    (message): PreviewResult => ({ kind: 'failed', message }),
  );
}

/** The answer to one request, from the spec's preview. */
export function answer(p: PreviewParams, spec: SpecPreview): PreviewResult {
  if (spec.kind === 'errors') return spec;
  const store: PreviewStore = spec.store;
  const source: StepSource = { ...store, checkpoints: spec.checkpoints };
  const episodes = store.offsets.length - 1;
  const columns = p.columns ?? DEFAULT_COLUMNS;
  switch (p.what) {
    case 'all': {
      const e = Math.min(p.episode ?? 0, episodes - 1);
      return {
        kind: 'preview',
        overview: encoded(PreviewOverviewSchema, overview(store)),
        view: e >= 0 ? encoded(EpisodeViewSchema, episodeView(source, e, columns)) : null,
      };
    }
    case 'episode':
      return { kind: 'episode', view: encoded(EpisodeViewSchema, episodeView(source, p.episode ?? 0, columns, p.from, p.to)) };
    case 'step':
      return { kind: 'step', values: encoded(StepValuesSchema, stepValues(source, p.episode ?? 0, p.t ?? 0)) };
  }
}

/** The preference label files of the setting `rewardsmith.preferences` (LANGUAGE.md section 12); one that cannot be read fails the preview with its name. */
async function readPreferences(files: readonly string[]): Promise<{ file: string; text: string }[] | undefined> {
  if (files.length === 0) return undefined;
  return Promise.all(files.map(async (file) => {
    try {
      return { file, text: await readFile(file, 'utf8') };
    } catch (e) {
      throw new Error(`cannot read the preference file ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
  }));
}

async function readSpec(uri: string): Promise<string> {
  let path: string;
  try {
    path = fileURLToPath(uri);
  } catch {
    throw new Error(`${uri} is neither open in the editor nor a file`);
  }
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

/** A file's size and modification time: a trajectory rewritten on disk is evaluated again. */
function stamp(file: string): string {
  try {
    const s = statSync(file);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

const displayName = (uri: string) => decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
