// Schemas: one value per wire type that both checks (decode) and writes (encode) it. Every
// message that crosses a process or frame boundary goes through one of these, so a type and
// its validation cannot drift: `object<T>` demands a schema for every field of `T` and no
// other, of that field's exact type (a `Schema<T>` is invariant in `T`).
//
// The wire form is JSON: a typed array is its little-endian bytes in base64 (the schema knows
// which kind of array it is), a number that is not finite is the string "NaN", "Infinity" or
// "-Infinity". Depends on nothing: the server, the client and the webview all load it.

export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

export interface Schema<T> {
  /** Checks a wire value (or a structured clone of one) and returns it typed; throws Invalid naming the field. */
  decode(x: unknown, path: string): T;
  encode(value: T): Json;
}

export class Invalid extends Error {}

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** Decodes without throwing: the error names the field at fault, what was expected and what was found. */
export function check<T>(schema: Schema<T>, x: unknown, path: string): Checked<T> {
  try {
    return { ok: true, value: schema.decode(x, path) };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, error: e.message };
    throw e;
  }
}

export const fail = (path: string, expected: string, got: unknown): never => {
  throw new Invalid(`${path}: expected ${expected}, got ${describe(got)}`);
};
/** Like fail, with what was found already put in words. */
const failFound = (path: string, expected: string, found: string): never => {
  throw new Invalid(`${path}: expected ${expected}, got ${found}`);
};
export const failLength = (path: string, expected: number, got: number): never => {
  throw new Invalid(`${path}: expected ${expected} values, got ${got}`);
};
const describe = (x: unknown) =>
  x === null
    ? 'null'
    : Array.isArray(x)
      ? 'an array'
      : typeof x === 'object'
        ? ((x as object).constructor?.name ?? 'an object')
        : typeof x === 'string'
          ? JSON.stringify(x.slice(0, 40))
          : String(x);

export const str: Schema<string> = {
  decode: (x, path) => (typeof x === 'string' ? x : fail(path, 'a string', x)),
  encode: (v) => v,
};

export const bool: Schema<boolean> = {
  decode: (x, path) => (typeof x === 'boolean' ? x : fail(path, 'true or false', x)),
  encode: (v) => v,
};

/** A safe integer of at least `min`. */
export function int(min = 0): Schema<number> {
  return {
    decode: (x, path) => (typeof x === 'number' && Number.isSafeInteger(x) && x >= min ? x : fail(path, `an integer >= ${min}`, x)),
    encode: (v) => v,
  };
}

const NON_FINITE: Readonly<Record<string, number>> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

/** Any number, NaN and the infinities included (JSON has none of them: they travel as strings). */
export const num: Schema<number> = {
  decode: (x, path) => (typeof x === 'number' ? x : typeof x === 'string' && Object.hasOwn(NON_FINITE, x) ? NON_FINITE[x] : fail(path, 'a number', x)),
  encode: (v) => (Number.isFinite(v) ? v : String(v)),
};

export function oneOf<const T extends string>(allowed: readonly T[]): Schema<T> {
  return {
    decode: (x, path) => (allowed.includes(x as T) ? (x as T) : fail(path, `one of ${allowed.join(', ')}`, x)),
    encode: (v) => v,
  };
}

export function arr<T>(item: Schema<T>): Schema<readonly T[]> {
  return {
    decode: (x, path) => (Array.isArray(x) ? x.map((y, i) => item.decode(y, `${path}[${i}]`)) : fail(path, 'an array', x)),
    encode: (v) => v.map((y) => item.encode(y)),
  };
}

export function optional<T>(inner: Schema<T>): Schema<T | undefined> {
  return {
    decode: (x, path) => (x === undefined ? undefined : inner.decode(x, path)),
    encode: (v) => (v === undefined ? (undefined as unknown as Json) : inner.encode(v)),
  };
}

export function nullable<T>(inner: Schema<T>): Schema<T | null> {
  return {
    decode: (x, path) => (x === null ? null : inner.decode(x, path)),
    encode: (v) => (v === null ? null : inner.encode(v)),
  };
}

export type Fields<T> = { readonly [K in keyof T]-?: Schema<T[K]> };

/** An object with exactly these fields (others are dropped on decode); undefined ones are left out. */
export function object<T>(fields: Fields<T>): Schema<T> {
  const keys = Object.keys(fields) as (keyof T & string)[];
  return {
    decode: (x, path) => {
      if (x === null || typeof x !== 'object' || Array.isArray(x)) fail(path, 'an object', x);
      const o = x as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const k of keys) {
        const v = fields[k].decode(o[k], `${path}.${k}`);
        if (v !== undefined) out[k] = v;
      }
      return out as T;
    },
    encode: (v) => {
      const out: Record<string, Json> = {};
      for (const k of keys) if (v[k] !== undefined) out[k] = fields[k].encode(v[k]);
      return out;
    },
  };
}

type Tagged<K extends string> = { readonly [k in K]: string };

/** A union told apart by the string field `key`, with one object schema per tag. */
export function union<T extends Tagged<K>, K extends string>(key: K, cases: { readonly [C in T[K]]: Schema<Extract<T, { readonly [k in K]: C }>> }): Schema<T> {
  const tags = Object.keys(cases) as T[K][];
  const tag = oneOf(tags);
  const pick = (t: T[K]) => cases[t] as unknown as Schema<T>;
  return {
    decode: (x, path) => {
      if (x === null || typeof x !== 'object' || Array.isArray(x)) fail(path, 'an object', x);
      return pick(tag.decode((x as Record<string, unknown>)[key], `${path}.${key}`)).decode(x, path);
    },
    encode: (v) => pick(v[key]).encode(v),
  };
}

export function literal<const T extends string>(value: T): Schema<T> {
  return oneOf([value]);
}

/** Adds a check across fields (lengths that must agree): `test` calls fail() to refuse. */
export function refine<T>(inner: Schema<T>, test: (value: T, path: string) => void): Schema<T> {
  return {
    decode: (x, path) => {
      const v = inner.decode(x, path);
      test(v, path);
      return v;
    },
    encode: (v) => inner.encode(v),
  };
}

/** Fails when an array has not `n` values. */
export function lengthIs(a: ArrayLike<unknown>, n: number, path: string): void {
  if (a.length !== n) failLength(path, n, a.length);
}

type TypedArrayCtor<A> = { new (buffer: ArrayBuffer, offset: number, length: number): A; readonly BYTES_PER_ELEMENT: number; readonly name: string };

function typed<A extends Float64Array | Int32Array | Int8Array | Uint8Array>(ctor: TypedArrayCtor<A>, name: string): Schema<A> {
  return {
    decode: (x, path) => {
      // A structured clone (postMessage inside one process) keeps typed arrays as they are.
      if (x instanceof (ctor as unknown as abstract new () => A)) return x as A;
      if (typeof x !== 'string') return fail(path, `${name} (base64)`, x);
      const bytes = decodeBase64(x);
      if (bytes === undefined) return failFound(path, `${name} (base64)`, 'text that is not base64');
      if (bytes.length % ctor.BYTES_PER_ELEMENT !== 0) return failFound(path, `${name} (base64)`, `${bytes.length} bytes`);
      return new ctor(bytes.buffer as ArrayBuffer, 0, bytes.length / ctor.BYTES_PER_ELEMENT);
    },
    encode: (v) => encodeBase64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)),
  };
}

export const f64 = typed(Float64Array, 'a Float64Array');
export const i32 = typed(Int32Array, 'an Int32Array');
export const i8 = typed(Int8Array, 'an Int8Array');
export const u8 = typed(Uint8Array, 'a Uint8Array');

/**
 * A value kept in its wire form, for whoever only passes it on (the client relays the
 * server's preview to the webview without decoding it). Only `decodeEncoded` opens it.
 */
export interface Encoded<T> {
  readonly __encoded: T;
}

export function encoded<T>(schema: Schema<T>, value: T): Encoded<T> {
  return schema.encode(value) as unknown as Encoded<T>;
}

export function decodeEncoded<T>(schema: Schema<T>, value: Encoded<T>, path: string): T {
  return schema.decode(value, path);
}

/** The schema of an Encoded<T>: only that it is a JSON value is checked; `inner` decodes it later. */
export function relayed<T>(_inner: Schema<T>): Schema<Encoded<T>> {
  return {
    decode: (x, path) => (x !== undefined && typeof x !== 'function' && typeof x !== 'symbol' ? (x as Encoded<T>) : fail(path, 'a value', x)),
    encode: (v) => v as unknown as Json,
  };
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CODES = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) CODES[ALPHABET.charCodeAt(i)] = i;

export function encodeBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  const chunk = 3 * 4096;
  for (let s = 0; s < bytes.length; s += chunk) {
    let out = '';
    const end = Math.min(bytes.length, s + chunk);
    for (let i = s; i < end; i += 3) {
      const b0 = bytes[i];
      const b1 = i + 1 < end ? bytes[i + 1] : 0;
      const b2 = i + 2 < end ? bytes[i + 2] : 0;
      out += ALPHABET[b0 >> 2] + ALPHABET[((b0 & 3) << 4) | (b1 >> 4)];
      out += i + 1 < end ? ALPHABET[((b1 & 15) << 2) | (b2 >> 6)] : '=';
      out += i + 2 < end ? ALPHABET[b2 & 63] : '=';
    }
    parts.push(out);
  }
  return parts.join('');
}

/** undefined when `s` is not padded base64. */
export function decodeBase64(s: string): Uint8Array | undefined {
  if (s.length % 4 !== 0) return undefined;
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  const body = s.length - pad;
  let o = 0;
  let acc = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    const c = i >= body ? 0 : ch < 128 ? CODES[ch] : -1;
    if (c < 0) return undefined;
    acc = (acc << 6) | c;
    if ((i & 3) === 3) {
      if (o < out.length) out[o++] = (acc >> 16) & 255;
      if (o < out.length) out[o++] = (acc >> 8) & 255;
      if (o < out.length) out[o++] = acc & 255;
      acc = 0;
    }
  }
  return out;
}
