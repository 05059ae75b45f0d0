// Which trajectory files the preview reads: those the user picked for this spec (kept in the
// workspace state), those beside it (beside.ts) and those matching the
// `rewardsmith.trajectories` globs.
import { isAbsolute } from 'node:path';
import * as vscode from 'vscode';
import { globBase } from '../../../protocol/globs';
import { trajectoriesBeside } from './beside';

const MAX_FILES = 500;
const EXTENSIONS = ['jsonl', 'ndjson', 'json', 'csv', 'hdf5', 'h5', 'parquet'];

const pickedKey = (spec: vscode.Uri) => `rewardsmith.preview.files:${spec.toString()}`;

export function pickedFiles(state: vscode.Memento, spec: vscode.Uri): string[] {
  const v = state.get<unknown>(pickedKey(spec));
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Asks for trajectory files; undefined when the dialog is cancelled. */
export async function pickTrajectories(state: vscode.Memento, spec: vscode.Uri, current: readonly string[]): Promise<string[] | undefined> {
  // The dialog opens where the files in use are (the spec's folder when there are none).
  const folder = current.length > 0 ? vscode.Uri.joinPath(vscode.Uri.file(current[0]), '..') : spec.scheme === 'file' ? vscode.Uri.joinPath(spec, '..') : undefined;
  const picked = await vscode.window.showOpenDialog({
    defaultUri: folder,
    canSelectMany: true,
    openLabel: 'Preview on these trajectories',
    title: 'Trajectory files for the reward preview',
    filters: { Trajectories: EXTENSIONS, 'All files': ['*'] },
  });
  if (!picked) return undefined;
  const files = picked.filter((u) => u.scheme === 'file').map((u) => u.fsPath);
  await state.update(pickedKey(spec), files);
  return files;
}

/** Files matching the setting's globs (`rewardsmith.trajectories`, or `preferences`: a glob or a list), relative to each workspace folder (or absolute). */
export async function settingFiles(spec: vscode.Uri, setting: 'trajectories' | 'preferences' = 'trajectories'): Promise<string[]> {
  const raw = vscode.workspace.getConfiguration('rewardsmith', spec).get<unknown>(setting);
  const list = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : [];
  const globs = list.filter((g): g is string => typeof g === 'string' && g.trim() !== '').map((g) => g.trim());
  const folders = vscode.workspace.workspaceFolders ?? [];
  const found = new Set<string>();
  for (const glob of globs) {
    const patterns = isAbsolute(glob)
      ? [new vscode.RelativePattern(vscode.Uri.file(globBase(glob)), glob.slice(globBase(glob).length).replace(/^\/+/, ''))]
      : folders.map((f) => new vscode.RelativePattern(f, glob));
    for (const pattern of patterns) {
      for (const uri of await vscode.workspace.findFiles(pattern, undefined, MAX_FILES)) if (uri.scheme === 'file') found.add(uri.fsPath);
    }
  }
  return [...found].sort();
}

/** The spec's own trajectories: `<stem>.*.jsonl` and `<stem>.*.csv` in its folder. */
export async function filesBeside(spec: vscode.Uri): Promise<string[]> {
  if (spec.scheme !== 'file') return [];
  const folder = vscode.Uri.joinPath(spec, '..');
  let entries: [string, vscode.FileType][];
  try {
    entries = await vscode.workspace.fs.readDirectory(folder);
  } catch {
    return [];
  }
  const names = entries.filter(([, type]) => (type & vscode.FileType.File) !== 0).map(([name]) => name);
  return trajectoriesBeside(spec.path.slice(spec.path.lastIndexOf('/') + 1), names).map((n) => vscode.Uri.joinPath(folder, n).fsPath);
}
