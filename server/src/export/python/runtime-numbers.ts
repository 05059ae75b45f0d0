// Python text of the exported module: arithmetic with JavaScript's semantics (the evaluator runs
// on JavaScript numbers, so NaN and infinities appear where Python would raise), JavaScript's
// number-to-text rule (problem messages must read the same) and a JSON writer that prints what
// JSON.stringify prints. Kept as text: the module is one self-contained file.

export const PY_NUMBERS = String.raw`
_NAN = float("nan")
_INF = float("inf")


def _is_odd_integer(y):
    return math.isfinite(y) and abs(math.fmod(y, 2.0)) == 1.0


def _div(x, y):
    try:
        return x / y
    except ZeroDivisionError:
        # JavaScript: 0/0 and NaN/0 are NaN, x/0 is an infinity signed like x and the zero.
        if x != x or x == 0:
            return _NAN
        return math.copysign(_INF, x) * math.copysign(1.0, y)


def _mod(x, y):
    # C's fmod, as JavaScript's %; math.fmod raises where JavaScript gives NaN.
    if y == 0 or x != x or y != y or math.isinf(x):
        return _NAN
    return math.fmod(x, y)


def _js_pow(x, y):
    # JavaScript's Math.pow: NaN exponent is NaN, (+-1)^(+-inf) is NaN, overflow is infinite.
    if y != y:
        return _NAN
    if y == 0:
        return 1.0
    if x != x:
        return _NAN
    if math.isinf(y) and abs(x) == 1:
        return _NAN
    try:
        return math.pow(x, y)
    except OverflowError:
        return -_INF if x < 0 and _is_odd_integer(y) else _INF
    except ValueError:
        if x == 0:
            return -_INF if math.copysign(1.0, x) < 0 and _is_odd_integer(y) else _INF
        return _NAN


def _js_sqrt(x):
    return _NAN if x < 0 else math.sqrt(x)


def _js_exp(x):
    try:
        return math.exp(x)
    except OverflowError:
        return _INF


def _js_log(x):
    if x != x or x < 0:
        return _NAN
    if x == 0:
        return -_INF
    return math.log(x)


def _js_tanh(x):
    return math.tanh(x)


def _js_sign(x):
    if x > 0:
        return 1.0
    if x < 0:
        return -1.0
    return x


def _js_floor(x):
    if not math.isfinite(x) or x == 0:
        return x
    return float(math.floor(x))


def _js_ceil(x):
    if not math.isfinite(x) or x == 0:
        return x
    if -1 < x < 0:
        return -0.0
    return float(math.ceil(x))


def _min(*xs):
    r = _INF
    for x in xs:
        if x != x:
            return _NAN
        if x < r or (x == 0 and r == 0 and math.copysign(1.0, x) < 0):
            r = x
    return r


def _max(*xs):
    r = -_INF
    for x in xs:
        if x != x:
            return _NAN
        if x > r or (x == 0 and r == 0 and math.copysign(1.0, r) < 0):
            r = x
    return r


def _clamp(x, lo, hi):
    return _min(_max(x, lo), hi)


def _js_hypot(*xs):
    # V8's Math.hypot, step for step (scaled by the largest value, Kahan summation), so that
    # results match to the last bit.
    biggest = 0.0
    nan = False
    values = []
    for x in xs:
        if x != x:
            nan = True
        else:
            v = abs(x)
            values.append(v)
            if v > biggest:
                biggest = v
    if biggest == _INF:
        return _INF
    if nan:
        return _NAN
    if biggest == 0:
        return 0.0
    total = 0.0
    compensation = 0.0
    for v in values:
        scaled = v / biggest
        summand = scaled * scaled - compensation
        preliminary = total + summand
        compensation = (preliminary - total) - summand
        total = preliminary
    return math.sqrt(total) * biggest


def _js_number(x):
    """A number as JavaScript's String(x) writes it: 1e-7, 100, 1.5e+21, NaN, Infinity."""
    if x != x:
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "0"
    text = repr(float(x))
    sign = ""
    if text[0] == "-":
        sign, text = "-", text[1:]
    mantissa, _, exponent = text.partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    point = len(whole) + (int(exponent) if exponent else 0) - (len(whole + fraction) - len((whole + fraction).lstrip("0")))
    digits = digits.rstrip("0") or "0"
    k, n = len(digits), point
    if k <= n <= 21:
        body = digits + "0" * (n - k)
    elif 0 < n <= 21:
        body = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        body = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        body = digits[0] + ("." + digits[1:] if k > 1 else "") + "e" + ("+" if e >= 0 else "-") + str(abs(e))
    return sign + body


_JSON_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_JSON_SPECIAL = re.compile('["\\\\\x00-\x1f\ud800-\udfff]')


def _json_string(s):
    """A string as JSON.stringify writes it (lone surrogates escaped, the rest kept)."""
    return '"' + _JSON_SPECIAL.sub(lambda m: _JSON_ESCAPES.get(m.group()) or "\\u%04x" % ord(m.group()), s) + '"'


def _utf16_units(s):
    return len(s.encode("utf-16-le", "surrogatepass")) // 2


def _quote(text):
    """JSON-quoted, cut to 40 UTF-16 code units, as the evaluator's messages quote data."""
    units = text.encode("utf-16-le", "surrogatepass")
    if len(units) > 80:
        text = units[:80].decode("utf-16-le", "surrogatepass") + "..."
    return _json_string(text)


_ARRAY_INDEX = re.compile("^(?:0|[1-9][0-9]*)$")


def _js_key_order(keys):
    """Object keys in the order JavaScript enumerates them: array indexes first, ascending."""
    index = [k for k in keys if _ARRAY_INDEX.match(k) and int(k) < 4294967295]
    chosen = set(index)
    return sorted(index, key=int) + [k for k in keys if k not in chosen]


def _dump(v):
    """JSON text as JSON.stringify writes it: no spaces, non-finite numbers as null."""
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return _js_number(v) if math.isfinite(v) else "null"
    if isinstance(v, str):
        return _json_string(v)
    if isinstance(v, dict):
        return "{" + ",".join(_json_string(k) + ":" + _dump(x) for k, x in v.items()) + "}"
    return "[" + ",".join(_dump(x) for x in v) + "]"
`;
