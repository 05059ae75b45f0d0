// Python text of the exported module: the trajectory readers of server/src/data (lines.ts,
// jsonl.ts, episode-json.ts, csv*.ts, empty.ts, read.ts), ported so that the same file gives the
// same records, problems, fields and line numbers. Items are tuples:
// ("record", file, line, value, group) or ("problem", (file, line, field, message), skipped).

export const PY_READ = String.raw`
class _CannotRead(Exception):
    pass


_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv"}
_CHUNK = 1 << 20


def _trajectory_format(file):
    return _FORMATS.get(os.path.splitext(file)[1].lower())


def _problem(file, line, field, message, skipped):
    return ("problem", (file, line, field, message), skipped)


def _empty_trajectory(file):
    return _problem(file, 1, "", "empty trajectory", False)


def _open_text(file):
    try:
        return open(file, "r", encoding="utf-8", errors="replace", newline="")
    except OSError as err:
        raise _CannotRead("cannot read %s: %s" % (file, _reason(err)))


def _reason(err):
    if isinstance(err, FileNotFoundError):
        return "no such file"
    if isinstance(err, PermissionError):
        return "permission denied"
    if isinstance(err, IsADirectoryError):
        return "it is a directory"
    return str(err).split("\n")[0]


def _lines(file):
    """(1-based number, text) of each line: split on \\n only, one \\r before it dropped,
    a leading byte-order mark removed."""
    with _open_text(file) as f:
        carry = ""
        number = 1
        first = True
        while True:
            try:
                chunk = f.read(_CHUNK)
            except OSError as err:
                raise _CannotRead("cannot read %s: %s" % (file, _reason(err)))
            if chunk == "":
                break
            text = carry + chunk
            if first:
                if text.startswith("\ufeff"):
                    text = text[1:]
                first = False
            parts = text.split("\n")
            carry = parts.pop()
            for part in parts:
                yield number, part[:-1] if part.endswith("\r") else part
                number += 1
        if carry != "":
            yield number, carry[:-1] if carry.endswith("\r") else carry


def _is_blank(text):
    return text.strip(" \t") == ""


def _is_record_value(v):
    return isinstance(v, dict)


def _parse_line(file, line, text):
    try:
        value = json.loads(text, parse_int=float)
    except (ValueError, RecursionError):
        try:
            value = _parse_lenient(text)
        except _JsonSyntaxError as err:
            return _problem(file, line, err.field, "malformed JSON (column %d): %s" % (err.offset + 1, err.message), True)
    if not _is_record_value(value):
        return _problem(file, line, "", "expected a record (a JSON object), got " + _describe(value), True)
    return ("record", file, line, value, None)


def _read_jsonl(file):
    seen = False
    for line, text in _lines(file):
        if text == "" or _is_blank(text):
            continue
        seen = True
        yield _parse_line(file, line, text)
    if not seen:
        yield _empty_trajectory(file)


class _LineCounter(object):
    def __init__(self, text):
        self.starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    def line_at(self, offset):
        return bisect.bisect_right(self.starts, offset)

    def column_at(self, offset):
        return offset - self.starts[self.line_at(offset) - 1] + 1


class _Unreadable(Exception):
    pass


_SHAPE = '{"episode": id, "steps": [record, ...]}'


def _read_episode_json(file):
    with _open_text(file) as f:
        try:
            source = f.read()
        except OSError as err:
            raise _CannotRead("cannot read %s: %s" % (file, _reason(err)))
    for item in _episode_json_items(file, source):
        yield item


def _episode_json_items(file, source):
    text = _utf16(source[1:] if source.startswith("\ufeff") else source)
    cur = _Cursor(text)
    lines = _LineCounter(text)

    def malformed(err):
        return _problem(file, lines.line_at(err.offset), err.field,
                        "malformed JSON (column %d): %s" % (lines.column_at(err.offset), err.message), True)

    def steps(group):
        at = lines.line_at(cur.pos)
        if cur.skip_space() != "[":
            v = cur.fast_value()
            yield _problem(file, at, "steps", "expected an array of step records, got " + _describe(v), True)
            return
        cur.pos += 1
        if cur.accept("]"):
            return
        while True:
            cur.skip_space()
            start = cur.pos
            line = lines.line_at(start)
            try:
                value = cur.fast_value()
            except _JsonSyntaxError as err:
                yield malformed(err)
                end = _element_end(text, start)
                if end < 0:
                    raise _Unreadable()
                cur.pos = end
                if not cur.accept(","):
                    break
                continue
            if _is_record_value(value):
                yield ("record", file, line, value, group)
            else:
                yield _problem(file, line, "", "expected a record (a JSON object), got " + _describe(value), True)
            if not cur.accept(","):
                break
        cur.expect("]", "expected ',' or ']' after a step record")

    def episode(group):
        c = cur.skip_space()
        line = lines.line_at(cur.pos)
        if c != "{":
            v = cur.fast_value()
            yield _problem(file, line, "", "expected an episode object %s, got %s" % (_SHAPE, _describe(v)), True)
            return
        cur.pos += 1
        saw_steps = False
        if not cur.accept("}"):
            while True:
                key = cur.key()
                if key == "steps" and not saw_steps:
                    saw_steps = True
                    for item in steps(group):
                        yield item
                else:
                    cur.fast_value()
                if not cur.accept(","):
                    break
            cur.expect("}", "expected ',' or '}' in an episode object")
        if not saw_steps:
            yield _problem(file, line, "steps", "missing field: an episode object is " + _SHAPE, False)

    def whole():
        c = cur.skip_space()
        if c == "":
            return
        if c == "[":
            cur.pos += 1
            if not cur.accept("]"):
                group = 0
                while True:
                    for item in episode(group):
                        yield item
                    group += 1
                    if not cur.accept(","):
                        break
                cur.expect("]", "expected ',' or ']' after an episode object")
        elif c == "{":
            for item in episode(0):
                yield item
        else:
            cur.fail("expected an episode object %s or an array of them" % _SHAPE)
        if cur.skip_space() != "":
            cur.fail("unexpected text after the trajectory")

    yielded = False
    try:
        for item in whole():
            yielded = True
            yield item
    except _JsonSyntaxError as err:
        yielded = True
        yield malformed(err)
    except _Unreadable:
        pass
    except RecursionError:
        yielded = True
        yield _problem(file, lines.line_at(cur.pos), "", "malformed JSON: nested too deeply", True)
    if not yielded:
        yield _empty_trajectory(file)


# CSV (csv-row.ts, csv-cell.ts, csv-columns.ts, csv.ts).

_MAX_OPEN_CELL = 1 << 20
_DECIMAL = re.compile("[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?$")
_NON_FINITE = re.compile("([+-]?)(nan|inf|infinity)$", re.IGNORECASE)
_JS_SPACE = "\t\n\x0b\x0c\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"


def _js_trim(s):
    return s.strip(_JS_SPACE)


def _cell_value(raw):
    cell = _js_trim(raw)
    if cell == "":
        return _MISSING
    if _DECIMAL.match(cell):
        return float(cell)
    m = _NON_FINITE.match(cell)
    if m:
        if m.group(2).lower() == "nan":
            return _NAN
        return -_INF if m.group(1) == "-" else _INF
    return cell


def _labels_cell_value(raw):
    cell = _js_trim(raw)
    if cell == "":
        return _MISSING
    if "|" not in cell:
        return cell
    return [name for name in (_js_trim(x) for x in cell.split("|")) if name != ""]


def _flag_cell_value(raw):
    v = _cell_value(raw)
    if isinstance(v, str):
        lower = v.lower()
        if lower == "true":
            return True
        if lower == "false":
            return False
    if isinstance(v, float) and v == 1:
        return True
    if isinstance(v, float) and v == 0:
        return False
    return v


class _CsvRow(object):
    """RFC 4180 rows, a line at a time (csv-row.ts)."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.cells = []
        self.cell = ""
        self.quoted = False
        self.state = 0  # 0 cell start, 1 unquoted, 2 quoted, 3 quote in quoted

    def push(self, line):
        if self.state == 0 and not self.cells and '"' not in line:
            return line.split(",")
        state, cell, start = self.state, self.cell, 0
        for i, c in enumerate(line):
            if state == 0:
                if c == '"':
                    state, start = 2, i + 1
                elif c == ",":
                    self.cells.append("")
                    start = i + 1
                else:
                    state = 1
            elif state == 1:
                if c == ",":
                    self.cells.append(cell + line[start:i])
                    cell, start, state = "", i + 1, 0
            elif state == 2:
                if c == '"':
                    cell += line[start:i]
                    start, state = i + 1, 3
            else:
                if c == '"':
                    start, state = i, 2
                elif c == ",":
                    self.cells.append(cell + line[start:i])
                    cell, start, state = "", i + 1, 0
                else:
                    state = 1
        if state == 2:
            self.cell = cell + line[start:] + "\n"
            self.state = state
            return None
        cells = self.cells
        cells.append(cell + line[start:])
        self.reset()
        return cells


def _claim(root, path):
    node = root
    for i, seg in enumerate(path):
        if node["kind"] == "value":
            return False
        want = "array" if isinstance(seg, int) else "object"
        if node["children"] and node["kind"] != want:
            return False
        node["kind"] = want
        child = node["children"].get(seg)
        if i == len(path) - 1:
            if child is not None:
                return False
            node["children"][seg] = {"kind": "value", "children": {}}
        elif child is not None:
            node = child
        else:
            fresh = {"kind": "object", "children": {}}
            node["children"][seg] = fresh
            node = fresh
    return True


def _read_header(cells):
    root = {"kind": "object", "children": {}}
    columns = []
    conflicts = []
    for index, cell in enumerate(cells):
        name = _js_trim(cell)
        if name == "":
            continue
        path = _parse_path(name) or [name]
        if not _claim(root, path):
            conflicts.append(name)
            continue
        top = path[0] if len(path) == 1 else None
        read = _labels_cell_value if top == "labels" else _flag_cell_value if top in ("terminated", "truncated") else _cell_value
        columns.append((index, name, path, read))
    return columns, len(cells), conflicts


def _set_at(container, seg, value):
    if isinstance(container, list):
        while len(container) <= seg:
            container.append(_MISSING)
        container[seg] = value
    else:
        container[str(seg)] = value


def _get_at(container, seg):
    if isinstance(container, list):
        return container[seg] if seg < len(container) else _MISSING
    return container.get(str(seg), _MISSING)


def _row_record(columns, cells):
    record = {}
    for index, _name, path, read in columns:
        raw = cells[index] if index < len(cells) else ""
        if raw == "":
            continue
        value = read(raw)
        if value is _MISSING:
            continue
        container = record
        for i in range(len(path) - 1):
            nxt = _get_at(container, path[i])
            if nxt is _MISSING:
                nxt = [] if isinstance(path[i + 1], int) else {}
                _set_at(container, path[i], nxt)
            container = nxt
        _set_at(container, path[-1], value)
    return record


def _expected_fields():
    """The fields a file must hold for the spec (eval/evaluate.ts): every field without a
    default, and labels when the spec has external props. A CSV header with none of them is
    one problem, and its rows are skipped."""
    out = [list(f[1]) for f, d in zip(FIELDS, FIELD_DEFAULTS) if d is None]
    if LABELS:
        out.append(["labels"])
    return out


def _names(names):
    shown = ", ".join(names[:10])
    return shown + " and %d more" % (len(names) - 10) if len(names) > 10 else shown


def _shown_column(name):
    return name if _parse_path(name) is not None else _quote(name)


class _CsvReader(object):
    def __init__(self, file):
        self.file = file
        self.header = None
        self.row = _CsvRow()
        self.pending = []
        self.pending_chars = 0
        self.seen = False
        self.expect = _expected_fields()
        # Rows skipped because the header has none of the expected columns (reported once).
        self.unmatched = None

    def line(self, text, line, out):
        if not self.pending:
            if text == "" or _is_blank(text):
                return
            cells = self.row.push(text)
            if cells is not None:
                self._complete(cells, line, out)
            else:
                self._hold(text, line)
            return
        self._hold(text, line)
        cells = self.row.push(text)
        if cells is not None:
            start = self.pending[0][1]
            self._release()
            self._complete(cells, start, out)
        elif self.pending_chars > _MAX_OPEN_CELL:
            self._unterminated(out)

    def end(self, out):
        while self.pending:
            self._unterminated(out)
        if self.unmatched:
            out.append(("skipped", self.unmatched))
        if not self.seen:
            out.append(_empty_trajectory(self.file))

    def _hold(self, text, line):
        self.pending.append((text, line))
        self.pending_chars += _utf16_units(text) + 1

    def _release(self):
        self.pending = []
        self.pending_chars = 0

    def _unterminated(self, out):
        first, rest = self.pending[0], self.pending[1:]
        self._release()
        self.row.reset()
        self.seen = True
        out.append(_problem(self.file, first[1], "", 'unterminated quoted cell: a \u0060"\u0060 opens a cell that never closes; the row is skipped', True))
        for text, line in rest:
            self.line(text, line, out)

    def _complete(self, cells, line, out):
        if self.header is None:
            self.header = _read_header(cells)
            for name in self.header[2]:
                self.seen = True
                out.append(_problem(self.file, line, name, "this column collides with an earlier one (the same field twice, or a field that is both a value and a container); it is ignored", False))
            columns = self.header[0]
            if self.expect and not any(c[2][:len(f)] == f for f in self.expect for c in columns):
                self.seen = True
                self.unmatched = 0
                found = _names([_shown_column(c[1]) for c in columns]) if columns else "no named column"
                out.append(_problem(self.file, line, "", "the header has none of the columns this spec reads: expected %s; found %s" % (_names([_path_text(f) for f in self.expect]), found), False))
            return
        self.seen = True
        if self.unmatched is not None:
            self.unmatched += 1
            return
        columns, width, _conflicts = self.header
        if len(cells) > width and any(not _is_blank(c) for c in cells[width:]):
            out.append(_problem(self.file, line, "", "malformed row: %d cells, but the header names %d columns" % (len(cells), width), True))
            return
        out.append(("record", self.file, line, _row_record(columns, cells), None))


def _read_csv(file):
    reader = _CsvReader(file)
    out = []
    for line, text in _lines(file):
        reader.line(text, line, out)
        if out:
            for item in out:
                yield item
            del out[:]
    reader.end(out)
    for item in out:
        yield item


def _read_trajectory(file):
    fmt = _trajectory_format(file)
    if fmt == "jsonl":
        return _read_jsonl(file)
    if fmt == "json":
        return _read_episode_json(file)
    if fmt == "csv":
        return _read_csv(file)
    raise _CannotRead("cannot read %s: a trajectory file must end in .jsonl, .json or .csv" % file)
`;
