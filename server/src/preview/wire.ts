// JSON-safe form of the preview values, for the LSP connection and the report's embedded data:
// a typed array becomes {"$t": type, "b64": its bytes in base64} (little-endian, as on every
// platform VS Code runs on), a non-finite number {"$n": "NaN" | "Infinity" | "-Infinity"}.
// fromWire passes typed arrays through, so it also accepts what a webview postMessage delivers.

type TypedArray = Float64Array | Int32Array | Int8Array | Uint8Array;
const CTORS = { f64: Float64Array, i32: Int32Array, i8: Int8Array, u8: Uint8Array } as const;
type Tag = keyof typeof CTORS;

function tagOf(x: unknown): Tag | undefined {
  if (x instanceof Float64Array) return 'f64';
  if (x instanceof Int32Array) return 'i32';
  if (x instanceof Int8Array) return 'i8';
  if (x instanceof Uint8Array) return 'u8';
  return undefined;
}

export const isTypedArray = (x: unknown): x is TypedArray => tagOf(x) !== undefined;

export function toWire(x: unknown): unknown {
  if (typeof x === 'number') return Number.isFinite(x) ? x : { $n: String(x) };
  if (x === null || typeof x !== 'object') return x;
  const tag = tagOf(x);
  if (tag) {
    const a = x as TypedArray;
    return { $t: tag, b64: encodeBase64(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)) };
  }
  if (Array.isArray(x)) return x.map(toWire);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) if (v !== undefined) out[k] = toWire(v);
  return out;
}

/** The inverse of toWire. Malformed tags become undefined, for the validators to reject. */
export function fromWire(x: unknown): unknown {
  if (x === null || typeof x !== 'object' || isTypedArray(x)) return x;
  if (Array.isArray(x)) return x.map(fromWire);
  const o = x as Record<string, unknown>;
  if (typeof o.$t === 'string' && typeof o.b64 === 'string' && Object.keys(o).length === 2) {
    const ctor = CTORS[o.$t as Tag];
    if (!ctor || !Object.hasOwn(CTORS, o.$t)) return undefined;
    const bytes = decodeBase64(o.b64);
    if (bytes === undefined || bytes.length % ctor.BYTES_PER_ELEMENT !== 0) return undefined;
    return new ctor(bytes.buffer as ArrayBuffer, 0, bytes.length / ctor.BYTES_PER_ELEMENT);
  }
  if (typeof o.$n === 'string' && Object.keys(o).length === 1) {
    return o.$n === 'NaN' ? NaN : o.$n === 'Infinity' ? Infinity : o.$n === '-Infinity' ? -Infinity : undefined;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k] = fromWire(v);
  return out;
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
