// HDF5 access for the dataset readers (Minari, D4RL) through h5wasm's Node build, which reads
// the file on disk slice by slice instead of copying it into memory. h5wasm is ESM-only and
// cannot be bundled into the CommonJS bundles: it stays external and is loaded with import().

import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Dataset, File as H5wasmFile, Group, Metadata } from 'h5wasm/node';
import { cannotRead } from './io-error';

export type { Dataset, Group };

/** An open HDF5 file, or the one-line reason it is not one (a data problem, not a failure). */
export type Hdf5Open = { readonly ok: true; readonly file: H5wasmFile } | { readonly ok: false; readonly message: string };

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Opens `file` read-only. A missing or unreadable file throws (cannot read at all); a file that
 * is not HDF5, or is truncated or damaged, is a message to report as a data problem.
 */
export async function openHdf5(file: string): Promise<Hdf5Open> {
  let size: number;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) throw Object.assign(new Error(''), { code: 'EISDIR' });
    size = stat.size;
  } catch (err) {
    throw cannotRead(file, err);
  }
  if (!hasSignature(file, size)) {
    return { ok: false, message: 'not an HDF5 file (no HDF5 signature at its start): expected a Minari or D4RL dataset, as h5py writes them' };
  }
  const h5 = await loadH5wasm();
  try {
    return { ok: true, file: new h5.File(resolve(file), 'r') };
  } catch (err) {
    return { ok: false, message: `the HDF5 file is truncated or damaged (${hdf5Reason(err)}): copy or download it again` };
  }
}

/** The file's signature sits at offset 0, or after a user block of 512, 1024, 2048... bytes. */
function hasSignature(file: string, size: number): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    throw cannotRead(file, err);
  }
  try {
    const buf = Buffer.alloc(SIGNATURE.length);
    for (let at = 0; at + SIGNATURE.length <= size; at = at === 0 ? 512 : at * 2) {
      if (readSync(fd, buf, 0, buf.length, at) === buf.length && SIGNATURE.every((b, i) => buf[i] === b)) return true;
      if (at >= 1 << 20) break;
    }
    return false;
  } finally {
    closeSync(fd);
  }
}

async function loadH5wasm(): Promise<typeof import('h5wasm/node').default> {
  const h5 = (await import('h5wasm/node')).default;
  const module = await h5.ready;
  // HDF5 prints its error stack to stderr by default; the throwing handler turns it into the
  // exception's message instead, which hdf5Reason shortens. Setting it twice is harmless.
  module.activate_throwing_error_handler();
  return h5;
}

/** The innermost line of HDF5's error stack ("truncated file: eof = 3000, ..."), or the message. */
export function hdf5Reason(err: unknown): string {
  const text = String((err as Error | null)?.message ?? err);
  const lines = text.split('\n').filter((l) => /^\s*#\d+:/.test(l));
  const last = lines[lines.length - 1];
  const m = last === undefined ? undefined : /\):\s*(.*)$/.exec(last);
  return (m?.[1] ?? text.split('\n')[0]).trim();
}

export function isGroup(e: unknown): e is Group {
  return typeof e === 'object' && e !== null && (e as { type?: unknown }).type === 'Group';
}

export function isDataset(e: unknown): e is Dataset {
  return typeof e === 'object' && e !== null && (e as { type?: unknown }).type === 'Dataset';
}

/** The child `name` of `group`, or undefined (links that lead nowhere included). */
export function child(group: Group, name: string): Group | Dataset | undefined {
  let e: unknown;
  try {
    e = group.get(name);
  } catch {
    return undefined;
  }
  return isGroup(e) || isDataset(e) ? e : undefined;
}

/** Rows along the first axis, or undefined for a scalar or empty dataspace. */
export function rowCount(d: Dataset): number | undefined {
  const shape = d.shape;
  return shape === null || shape.length === 0 ? undefined : shape[0];
}

/**
 * Rows `start` (inclusive) to `end` (exclusive) of `d`, one JS value per row: a number,
 * boolean or string for a one-dimensional dataset, nested arrays for the other axes. 64-bit
 * integers become numbers and h5py's booleans (an enum FALSE/TRUE) become booleans.
 */
export function readRows(d: Dataset, start: number, end: number): unknown[] {
  const meta = d.metadata;
  const shape = meta.shape ?? [];
  const inner = shape.slice(1);
  const width = inner.reduce((a, b) => a * b, 1);
  const raw = d.slice([[start, end]]);
  const flat = toValues(raw, meta);
  const rows: unknown[] = new Array(end - start);
  for (let r = 0; r < rows.length; r++) rows[r] = inner.length === 0 ? flat[r] : nest(flat, r * width, inner);
  return rows;
}

function toValues(raw: unknown, meta: Metadata): unknown[] {
  const bool = isBoolEnum(meta);
  const list: unknown[] = ArrayBuffer.isView(raw) || Array.isArray(raw) ? Array.from(raw as ArrayLike<unknown>) : [raw];
  return list.map((v) => (typeof v === 'bigint' ? Number(v) : bool && typeof v === 'number' ? v !== 0 : v));
}

function isBoolEnum(meta: Metadata): boolean {
  const members = meta.enum_type?.members as Record<string, number> | undefined;
  if (members === undefined) return false;
  const names = Object.keys(members);
  return names.length === 2 && members.FALSE === 0 && members.TRUE === 1;
}

function nest(flat: readonly unknown[], offset: number, dims: readonly number[]): unknown[] {
  const [n, ...rest] = dims;
  const size = rest.reduce((a, b) => a * b, 1);
  const out: unknown[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = rest.length === 0 ? flat[offset + i] : nest(flat, offset + i * size, rest);
  return out;
}

/** The root attributes as plain JSON-like values (Minari before 0.5 keeps its metadata there). */
export function attributes(group: Group): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, attr] of Object.entries(group.attrs)) {
    try {
      const v = attr.value;
      const values = toValues(v, attr.metadata);
      out[name] = ArrayBuffer.isView(v) || Array.isArray(v) ? values : values[0];
    } catch {
      // An attribute of a type h5wasm cannot read says nothing the readers need.
    }
  }
  return out;
}
