// Source paths into one step record: `obs[0]`, `info.room`, `obs.pos[2]`, `action.move`.

/** A key of an object (string) or an index into an array (number). */
export type PathSegment = string | number;

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;
const INDEX = /^\[(\d+)\]/;
const MAX_INDEX = 2 ** 31;

/** Parses `name(.name | [index])*`; undefined when the text is not such a path. */
export function parsePath(text: string): PathSegment[] | undefined {
  const first = IDENT.exec(text);
  if (!first) return undefined;
  const path: PathSegment[] = [first[0]];
  let rest = text.slice(first[0].length);
  while (rest.length > 0) {
    if (rest[0] === '.') {
      const key = IDENT.exec(rest.slice(1));
      if (!key) return undefined;
      path.push(key[0]);
      rest = rest.slice(1 + key[0].length);
    } else {
      const index = INDEX.exec(rest);
      if (!index) return undefined;
      const n = Number(index[1]);
      if (n >= MAX_INDEX) return undefined;
      path.push(n);
      rest = rest.slice(index[0].length);
    }
  }
  return path;
}

/** The value at `path`, or undefined when any step of it is missing. Inherited properties never count. */
export function lookup(value: unknown, path: readonly PathSegment[]): unknown {
  let v: unknown = value;
  for (let i = 0; i < path.length; i++) {
    if (typeof v !== 'object' || v === null) return undefined;
    const seg = path[i];
    if (typeof seg === 'number') {
      // An object with key "0" also answers [0]: Python dicts with int keys serialize that way.
      v = Array.isArray(v) ? v[seg] : ownValue(v, String(seg));
    } else {
      if (Array.isArray(v)) return undefined;
      v = ownValue(v, seg);
    }
  }
  return v;
}

function ownValue(obj: object, key: string): unknown {
  const v = (obj as Record<string, unknown>)[key];
  // Inherited members of Object.prototype are functions, or the prototype itself under
  // `__proto__`; data read from a file never holds a function.
  if (typeof v === 'function') return undefined;
  if (key === '__proto__' && !Object.prototype.hasOwnProperty.call(obj, key)) return undefined;
  return v;
}

/** The path as written in specs: `obs.pos[2]`. */
export function pathText(path: readonly PathSegment[]): string {
  let text = '';
  for (const seg of path) {
    if (typeof seg === 'number') text += `[${seg}]`;
    else text += text.length === 0 ? seg : `.${seg}`;
  }
  return text;
}
