// Python text of the exported module: the record values and the JSON parsers of
// server/src/data (lenient-json.ts, path.ts, describe.ts), ported line for line so that a
// malformed line yields the same message, column and field. Positions are UTF-16 code units,
// as in JavaScript: a text holding characters beyond U+FFFF is read as surrogate pairs.

export const PY_JSON = String.raw`
class _Missing(object):
    """JavaScript's undefined: a field that is not there (also a hole in a CSV array)."""

    __slots__ = ()

    def __repr__(self):
        return "MISSING"


_MISSING = _Missing()


def _shown_at(text, pos):
    """The character at pos as messages show it (as the TypeScript reader does): quoted, or its
    code point when it would not print (a NUL, a line break, a lone surrogate)."""
    code = ord(text[pos])
    if 0xD800 <= code < 0xDC00 and pos + 1 < len(text) and 0xDC00 <= ord(text[pos + 1]) < 0xE000:
        code = 0x10000 + ((code - 0xD800) << 10) + (ord(text[pos + 1]) - 0xDC00)
    if code == 0xFFFD:
        return "bytes that are not UTF-8 text (U+FFFD)"
    printable = code >= 0x20 and code != 0x7F and not (0x80 <= code < 0xA0) and not (0xD800 <= code < 0xE000)
    return "'" + chr(code) + "'" if printable else "U+%04X" % code


def _describe(value):
    if value is _MISSING:
        return "nothing"
    if value is None:
        return "null"
    if isinstance(value, str):
        return "the string " + _quote(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float):
        return _js_number(value)
    if isinstance(value, list):
        return "an array"
    return "an object"


def _plain(value):
    """A Python value as the records of a trajectory file hold it: floats, bools, strings,
    None, lists and dicts with string keys (numpy arrays and scalars, tuples and ints turned)."""
    if value is None or value is True or value is False or isinstance(value, (str, float)):
        return value
    if isinstance(value, int):
        try:
            return float(value)
        except OverflowError:
            return _INF if value > 0 else -_INF
    if isinstance(value, dict):
        return dict((k if isinstance(k, str) else _dict_key(k), _plain(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "tolist"):
        return _plain(value.tolist())
    if hasattr(value, "item"):
        return _plain(value.item())
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _dict_key(k):
    if isinstance(k, float):
        return _js_number(k)
    if isinstance(k, bool):
        return "true" if k else "false"
    return str(k)


_IDENT = re.compile("[A-Za-z_][A-Za-z0-9_]*")
_INDEX = re.compile("\\[([0-9]+)\\]")


def _parse_path(text):
    m = _IDENT.match(text)
    if not m:
        return None
    path = [m.group()]
    pos = m.end()
    while pos < len(text):
        if text[pos] == ".":
            k = _IDENT.match(text, pos + 1)
            if not k:
                return None
            path.append(k.group())
            pos = k.end()
        else:
            i = _INDEX.match(text, pos)
            if not i:
                return None
            n = int(i.group(1))
            if n >= 2 ** 31:
                return None
            path.append(n)
            pos = i.end()
    return path


def _lookup(value, path):
    v = value
    for seg in path:
        if isinstance(seg, int):
            if isinstance(v, list):
                v = v[seg] if seg < len(v) else _MISSING
            elif isinstance(v, dict):
                v = v.get(str(seg), _MISSING)
            else:
                return _MISSING
        else:
            if not isinstance(v, dict):
                return _MISSING
            v = v.get(seg, _MISSING)
    return v


def _path_text(path):
    text = ""
    for seg in path:
        if isinstance(seg, int):
            text += "[" + str(seg) + "]"
        else:
            text += seg if text == "" else "." + seg
    return text


class _JsonSyntaxError(Exception):
    def __init__(self, message, offset, field):
        Exception.__init__(self, message)
        self.message = message
        self.offset = offset
        self.field = field


_MAX_DEPTH = 1000
_NUMBER = re.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_HEX4 = re.compile("[0-9a-fA-F]{4}$")
_SPACE = " \n\r\t"
_FAST = json.JSONDecoder(parse_int=float)


def _utf16(text):
    """The text with each character beyond U+FFFF as two surrogates: JavaScript's indexing."""
    if not any(ord(c) > 0xFFFF for c in text):
        return text
    out = []
    for c in text:
        o = ord(c)
        if o > 0xFFFF:
            o -= 0x10000
            out.append(chr(0xD800 + (o >> 10)))
            out.append(chr(0xDC00 + (o & 0x3FF)))
        else:
            out.append(c)
    return "".join(out)


def _joined(s):
    """Surrogate pairs back into characters (lone surrogates stay)."""
    return s.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def _is_word_char(c):
    return ("0" <= c <= "9") or ("A" <= c <= "Z") or ("a" <= c <= "z") or c == "_"


class _Cursor(object):
    """lenient-json.ts's JsonCursor: reads JSON values one by one from a position."""

    def __init__(self, text, start=0, end=None):
        self.text = text
        self.pos = start
        self.end = len(text) if end is None else end
        self.path = []
        self.split = any("\ud800" <= c <= "\udfff" for c in text)

    def skip_space(self):
        text, end, p = self.text, self.end, self.pos
        while p < end and text[p] in _SPACE:
            p += 1
        self.pos = p
        return text[p] if p < end else ""

    def expect(self, char, expected):
        if self.skip_space() != char:
            self.fail(expected)
        self.pos += 1

    def accept(self, char):
        if self.skip_space() != char:
            return False
        self.pos += 1
        return True

    def fast_value(self):
        """value(), through Python's json scanner when it agrees with the lenient grammar."""
        self.skip_space()
        if not self.split and self.end == len(self.text):
            try:
                value, end = _FAST.raw_decode(self.text, self.pos)
            except (ValueError, RecursionError):
                value, end = None, -1
            if end >= 0 and not (end < self.end and _is_word_char(self.text[end])):
                self.pos = end
                return value
        return self.deep_value()

    def deep_value(self):
        """value() with room for _MAX_DEPTH levels of nesting, as the TypeScript reader has: two
        Python frames a level would pass the default recursion limit at about 480."""
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(limit + 2 * _MAX_DEPTH + 100)
        try:
            return self.value()
        finally:
            sys.setrecursionlimit(limit)

    def value(self, depth=0):
        c = self.skip_space()
        if c == "{":
            return self._object(depth + 1)
        if c == "[":
            return self._array(depth + 1)
        if c == '"':
            return self.string()
        if c == "-" or ("0" <= c <= "9" and c != ""):
            return self._number()
        if self._word("true"):
            return True
        if self._word("false"):
            return False
        if self._word("null"):
            return None
        if self._word("NaN"):
            return _NAN
        if self._word("Infinity"):
            return _INF
        return self.fail("expected a value")

    def string(self):
        text, end = self.text, self.end
        p = self.pos + 1
        first = p
        out = []
        start = p
        while True:
            if p >= end:
                self.pos = p
                return self.fail("unterminated string")
            c = text[p]
            if c == '"':
                break
            if c < " ":
                self.pos = p
                return self.fail("control character in a string")
            if c == "\\":
                out.append(text[start:p])
                e = text[p + 1] if p + 1 < len(text) else ""
                if e == "u":
                    hexa = text[p + 2:p + 6]
                    if not _HEX4.match(hexa):
                        self.pos = p
                        return self.fail("invalid \\u escape")
                    out.append(chr(int(hexa, 16)))
                    p += 6
                elif e in _ESCAPES and e != "":
                    out.append(_ESCAPES[e])
                    p += 2
                else:
                    self.pos = p
                    return self.fail("invalid escape")
                start = p
            else:
                p += 1
        self.pos = p + 1
        out.append(text[start:p])
        s = "".join(out)
        return _joined(s) if self.split or "\\u" in text[first:p] else s

    def key(self):
        if self.skip_space() != '"':
            self.fail("expected a key in double quotes")
        k = self.string()
        self.expect(":", "expected ':' after a key")
        return k

    def fail(self, message):
        found = "the end of the text" if self.pos >= self.end else _shown_at(self.text, self.pos)
        raise _JsonSyntaxError(message + ", found " + found, self.pos, _path_text(self.path))

    def _object(self, depth):
        if depth > _MAX_DEPTH:
            self.fail("nested deeper than %d levels" % _MAX_DEPTH)
        self.pos += 1
        obj = {}
        if self.accept("}"):
            return obj
        while True:
            k = self.key()
            self.path.append(k)
            obj[k] = self.value(depth)
            self.path.pop()
            if not self.accept(","):
                break
        self.expect("}", "expected ',' or '}'")
        return obj

    def _array(self, depth):
        if depth > _MAX_DEPTH:
            self.fail("nested deeper than %d levels" % _MAX_DEPTH)
        self.pos += 1
        arr = []
        if self.accept("]"):
            return arr
        while True:
            self.path.append(len(arr))
            arr.append(self.value(depth))
            self.path.pop()
            if not self.accept(","):
                break
        self.expect("]", "expected ',' or ']'")
        return arr

    def _number(self):
        if self._word("-Infinity"):
            return -_INF
        m = _NUMBER.match(self.text, self.pos)
        if not m or m.group() == "-" or self.pos + len(m.group()) > self.end:
            return self.fail("expected a value")
        self.pos += len(m.group())
        return float(m.group())

    def _word(self, w):
        if not self.text.startswith(w, self.pos) or self.pos + len(w) > self.end:
            return False
        after = self.pos + len(w)
        if after < self.end and _is_word_char(self.text[after]):
            return False
        self.pos = after
        return True


def _parse_lenient(text):
    cursor = _Cursor(_utf16(text))
    try:
        value = cursor.deep_value()
    except RecursionError:
        cursor.fail("nested too deeply")
    if cursor.skip_space() != "":
        cursor.fail("unexpected text after the value")
    return value


def _element_end(text, start):
    """The end (exclusive) of the JSON value at start, as data/episode-json.ts scanValue finds it:
    a container by its matching brackets (strings skipped), a string by its closing quote,
    anything else up to the next , ] } or whitespace; -1 when it never ends or a bracket of the
    wrong kind closes it (then nothing after it can be read)."""
    n = len(text)
    if start >= n:
        return -1
    first = text[start]
    if first in "{[\"":
        closers = []
        in_string = first == '"'
        if not in_string:
            closers.append("}" if first == "{" else "]")
        escape = False
        p = start + 1
        while p < n:
            c = text[p]
            if in_string:
                if escape:
                    escape = False
                elif c == "\\":
                    escape = True
                elif c == '"':
                    in_string = False
                    if not closers:
                        return p + 1
            elif c == '"':
                in_string = True
            elif c == "{":
                closers.append("}")
            elif c == "[":
                closers.append("]")
            elif c == "}" or c == "]":
                if not closers or closers.pop() != c:
                    return -1
                if not closers:
                    return p + 1
            p += 1
        return -1
    p = start
    while p < n and text[p] not in ",]} \n\r\t":
        p += 1
    return p
`;
