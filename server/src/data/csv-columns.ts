// The header of a CSV trajectory: each column name is a field path (`obs[0]`, `info.room`),
// and a row becomes the nested record those paths describe.

import { cellValue, flagCellValue, labelsCellValue } from './csv-cell';
import { setOwn } from './lenient-json';
import { parsePath, type PathSegment } from './path';

export interface Column {
  /** Index of the column's cell in a row. */
  readonly index: number;
  readonly name: string;
  readonly path: readonly PathSegment[];
  readonly read: (cell: string) => unknown;
}

export interface Header {
  readonly columns: readonly Column[];
  /** Header cell count: a row with more non-empty cells is malformed. */
  readonly width: number;
  /** Columns dropped because another column already claims their place. */
  readonly conflicts: readonly string[];
}

type Node = { kind: 'value' } | { kind: 'array' | 'object'; children: Map<PathSegment, Node> };

/**
 * Reads header cells. A name that is not a path (`x pos`) is taken as a plain key; an empty
 * name drops its column; a column whose path collides with an earlier one (the same path
 * twice, or `obs` beside `obs[0]`, or `obs[0]` beside `obs.x`) is dropped and listed.
 */
export function readHeader(cells: readonly string[]): Header {
  const root: Node = { kind: 'object', children: new Map() };
  const columns: Column[] = [];
  const conflicts: string[] = [];
  cells.forEach((cell, index) => {
    const name = cell.trim();
    if (name.length === 0) return;
    const path = parsePath(name) ?? [name];
    if (!claim(root, path)) {
      conflicts.push(name);
      return;
    }
    const top = path.length === 1 ? path[0] : undefined;
    const read = top === 'labels' ? labelsCellValue : top === 'terminated' || top === 'truncated' ? flagCellValue : cellValue;
    columns.push({ index, name, path, read });
  });
  return { columns, width: cells.length, conflicts };
}

/** Records `path` in the tree of claimed paths; false when it collides with a claimed one. */
function claim(root: Node, path: readonly PathSegment[]): boolean {
  let node: Node = root;
  for (let i = 0; i < path.length; i++) {
    if (node.kind === 'value') return false;
    const seg = path[i];
    const want = typeof seg === 'number' ? 'array' : 'object';
    if (node.children.size > 0 && node.kind !== want) return false;
    node.kind = want;
    const last = i === path.length - 1;
    const child = node.children.get(seg);
    if (last) {
      if (child) return false;
      node.children.set(seg, { kind: 'value' });
    } else if (child) node = child;
    else {
      const fresh: Node = { kind: 'object', children: new Map() };
      node.children.set(seg, fresh);
      node = fresh;
    }
  }
  return true;
}

/** The record of one row: empty cells are missing fields. */
export function rowRecord(columns: readonly Column[], cells: readonly string[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const col of columns) {
    const raw = cells[col.index];
    if (raw === undefined || raw.length === 0) continue;
    const value = col.read(raw);
    if (value === undefined) continue;
    assign(record, col.path, value);
  }
  return record;
}

function assign(record: Record<string, unknown>, path: readonly PathSegment[], value: unknown): void {
  let container: Record<string | number, unknown> = record;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i];
    let next = container[seg] as Record<string | number, unknown> | undefined;
    if (next === undefined || !Object.prototype.hasOwnProperty.call(container, seg)) {
      next = typeof path[i + 1] === 'number' ? ([] as unknown as Record<number, unknown>) : {};
      setOwn(container as Record<string, unknown>, String(seg), next);
    }
    container = next;
  }
  const last = path[path.length - 1];
  if (typeof last === 'number') (container as unknown as unknown[])[last] = value;
  else setOwn(container as Record<string, unknown>, last, value);
}
