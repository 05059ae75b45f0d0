// Which trajectory files the preview reads: those the user picked for this spec (kept in the
// workspace state) and those matching the `rewardsmith.trajectories` globs.
import { isAbsolute } from 'node:path';
import * as vscode from 'vscode';
import { globBase } from '../../../protocol/globs';

const MAX_FILES = 500;
const EXTENSIONS = ['jsonl', 'ndjson', 'json', 'csv', 'hdf5', 'h5', 'parquet'];

const pickedKey = (spec: vscode.Uri) => `rewardsmith.preview.files:${spec.toString()}`;

export function pickedFiles(state: vscode.Memento, spec: vscode.Uri): string[] {
  const v = state.get<unknown>(pickedKey(spec));
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Asks for trajectory files; undefined when the dialog is cancelled. */
export async function pickTrajectories(state: vscode.Memento, spec: vscode.Uri): Promise<string[] | undefined> {
  const picked = await vscode.window.showOpenDialog({
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

/** Files matching the setting's globs, relative to each workspace folder (or absolute). */
export async function settingFiles(spec: vscode.Uri): Promise<string[]> {
  const raw = vscode.workspace.getConfiguration('rewardsmith', spec).get<unknown>('trajectories');
  const globs = Array.isArray(raw) ? raw.filter((g): g is string => typeof g === 'string' && g.trim() !== '').map((g) => g.trim()) : [];
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
