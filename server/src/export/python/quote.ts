// Python literals and names for text that comes from a spec or a trajectory path. Nothing the
// user wrote ever reaches the generated file unquoted: strings become escaped literals made of
// printable ASCII only, names get a fixed prefix and an index, comments lose every character
// that could end them.

/** A Python string literal of `s` (any UTF-16 text, lone surrogates included), in printable ASCII. */
export function pyString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const hi = c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? s.charCodeAt(i + 1) : -1;
    if (hi >= 0xdc00 && hi <= 0xdfff) {
      const cp = ((c - 0xd800) << 10) + (hi - 0xdc00) + 0x10000;
      out += `\\U${cp.toString(16).padStart(8, '0')}`;
      i++;
    } else if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c >= 0x20 && c < 0x7f) out += s[i];
    else if (c < 0x100) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += `\\u${c.toString(16).padStart(4, '0')}`;
  }
  return out + '"';
}

/** A Python float expression equal to the JavaScript number `x`. */
export function pyNumber(x: number): string {
  if (Number.isNaN(x)) return '_NAN';
  if (x === Infinity) return '_INF';
  if (x === -Infinity) return '(-_INF)';
  if (Object.is(x, -0)) return '(-0.0)';
  const text = String(x);
  const literal = /[.e]/.test(text) ? text : `${text}.0`;
  return x < 0 ? `(${literal})` : literal;
}

/** A Python tuple literal (a trailing comma for one element). */
export function pyTuple(items: readonly string[]): string {
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}

/** A Python name `prefix_NAME_index`: NAME reduced to [A-Za-z0-9_], so that it is always valid. */
export function pyName(prefix: string, name: string, index: number): string {
  const clean = name.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 60);
  return `${prefix}_${clean}_${index}`;
}

/** Text for a `#` comment: printable ASCII only, whitespace runs collapsed, cut to `max`. */
export function commentText(s: string, max = 100): string {
  const flat = s.replace(/\s+/g, ' ').replace(/[^\x20-\x7e]/g, '?').trim();
  return flat.length > max ? flat.slice(0, max - 3) + '...' : flat;
}
