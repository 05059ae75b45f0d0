// A JSON parser that knows where it is and also accepts the bare tokens NaN, Infinity and
// -Infinity that Python's json.dumps writes, so that one such number costs a field, not a line.
// JSON.parse stays the fast path; this parser runs when it fails, and for episode JSON files,
// whose records must carry the line they start on.

import { type PathSegment, pathText } from './path';

export class JsonSyntaxError extends Error {
  /** `field` is the path, inside the value being read, where the error sits (`""` at its top). */
  constructor(message: string, readonly offset: number, readonly field: string) {
    super(message);
  }
}

const MAX_DEPTH = 1000;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** A position in `text` from which JSON values are read one by one. */
export class JsonCursor {
  pos: number;
  /** Keys and indexes of the containers being read, for naming the field of an error. */
  private readonly path: PathSegment[] = [];

  constructor(readonly text: string, start = 0, readonly end = text.length) {
    this.pos = start;
  }

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  /** Skips JSON whitespace; returns the next character code, or -1 at the end. */
  skipSpace(): number {
    const { text, end } = this;
    let p = this.pos;
    while (p < end) {
      const c = text.charCodeAt(p);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
      p++;
    }
    this.pos = p;
    return p < end ? text.charCodeAt(p) : -1;
  }

  /** Consumes `char` after whitespace, or fails with `expected`. */
  expect(char: string, expected: string): void {
    if (this.skipSpace() !== char.charCodeAt(0)) this.fail(expected);
    this.pos++;
  }

  /** Consumes `char` after whitespace when it is next. */
  accept(char: string): boolean {
    if (this.skipSpace() !== char.charCodeAt(0)) return false;
    this.pos++;
    return true;
  }

  value(depth = 0): unknown {
    const c = this.skipSpace();
    if (c === 123 /* { */) return this.object(depth + 1);
    if (c === 91 /* [ */) return this.array(depth + 1);
    if (c === 34 /* " */) return this.string();
    if (c === 45 /* - */ || (c >= 48 && c <= 57)) return this.number();
    if (this.word('true')) return true;
    if (this.word('false')) return false;
    if (this.word('null')) return null;
    if (this.word('NaN')) return NaN;
    if (this.word('Infinity')) return Infinity;
    return this.fail('expected a value');
  }

  string(): string {
    const { text, end } = this;
    let p = this.pos + 1;
    let out = '';
    let from = p;
    for (;;) {
      if (p >= end) {
        this.pos = p;
        return this.fail('unterminated string');
      }
      const c = text.charCodeAt(p);
      if (c === 34) break;
      if (c < 32) {
        this.pos = p;
        return this.fail('control character in a string');
      }
      if (c === 92 /* \ */) {
        out += text.slice(from, p);
        const e = text[p + 1];
        if (e === 'u') {
          const hex = text.slice(p + 2, p + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
            this.pos = p;
            return this.fail('invalid \\u escape');
          }
          out += String.fromCharCode(parseInt(hex, 16));
          p += 6;
        } else if (e !== undefined && ESCAPES[e] !== undefined) {
          out += ESCAPES[e];
          p += 2;
        } else {
          this.pos = p;
          return this.fail('invalid escape');
        }
        from = p;
      } else p++;
    }
    this.pos = p + 1;
    return out + text.slice(from, p);
  }

  /** Reads an object key and the `:` after it. */
  key(): string {
    if (this.skipSpace() !== 34) this.fail('expected a key in double quotes');
    const k = this.string();
    this.expect(':', "expected ':' after a key");
    return k;
  }

  fail(message: string): never {
    const found = this.pos >= this.end ? 'the end of the text' : shown(this.text.codePointAt(this.pos)!);
    throw new JsonSyntaxError(`${message}, found ${found}`, this.pos, pathText(this.path));
  }

  private object(depth: number): Record<string, unknown> {
    if (depth > MAX_DEPTH) this.fail(`nested deeper than ${MAX_DEPTH} levels`);
    this.pos++;
    const obj: Record<string, unknown> = {};
    if (this.accept('}')) return obj;
    do {
      const k = this.key();
      this.path.push(k);
      setOwn(obj, k, this.value(depth));
      this.path.pop();
    } while (this.accept(','));
    this.expect('}', "expected ',' or '}'");
    return obj;
  }

  private array(depth: number): unknown[] {
    if (depth > MAX_DEPTH) this.fail(`nested deeper than ${MAX_DEPTH} levels`);
    this.pos++;
    const arr: unknown[] = [];
    if (this.accept(']')) return arr;
    do {
      this.path.push(arr.length);
      arr.push(this.value(depth));
      this.path.pop();
    } while (this.accept(','));
    this.expect(']', "expected ',' or ']'");
    return arr;
  }

  private number(): number {
    if (this.word('-Infinity')) return -Infinity;
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.text);
    if (!m || m[0] === '-' || this.pos + m[0].length > this.end) return this.fail('expected a value');
    this.pos += m[0].length;
    return Number(m[0]);
  }

  private word(w: string): boolean {
    if (!this.text.startsWith(w, this.pos) || this.pos + w.length > this.end) return false;
    const next = this.text.charCodeAt(this.pos + w.length);
    if (this.pos + w.length < this.end && isWordChar(next)) return false;
    this.pos += w.length;
    return true;
  }
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Sets a property as JSON.parse does: `__proto__` becomes an own key, never the prototype. */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

/** Parses exactly one JSON value spanning text[start, end) (surrounding whitespace allowed). */
export function parseLenient(text: string, start = 0, end = text.length): unknown {
  const cursor = new JsonCursor(text, start, end);
  const value = cursor.value();
  if (cursor.skipSpace() !== -1) cursor.fail('unexpected text after the value');
  return value;
}

/**
 * From the start of an array element, the offset of the `,` or `]` that ends it, or -1 when
 * the brackets never balance. Used to step over a malformed element and read on.
 */
export function elementEnd(text: string, start: number): number {
  let depth = 0;
  for (let p = start; p < text.length; p++) {
    const c = text.charCodeAt(p);
    if (c === 34) {
      p++;
      while (p < text.length && text.charCodeAt(p) !== 34) p += text.charCodeAt(p) === 92 ? 2 : 1;
    } else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      if (depth === 0) return c === 93 ? p : -1;
      depth--;
    } else if (c === 44 && depth === 0) return p;
  }
  return -1;
}

/** A character as a message shows it: quoted, or its code point when it would not print (a NUL, a line break, a lone surrogate). */
function shown(code: number): string {
  if (code === 0xfffd) return 'bytes that are not UTF-8 text (U+FFFD)';
  const printable = code >= 0x20 && code !== 0x7f && !(code >= 0x80 && code < 0xa0) && !(code >= 0xd800 && code < 0xe000);
  return printable ? `'${String.fromCodePoint(code)}'` : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}
