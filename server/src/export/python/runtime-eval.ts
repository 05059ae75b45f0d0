// Python text of the exported module: episode boundaries (data/episodes.ts), record decoding
// (data/decode.ts), the step runner (eval/runner.ts) and the streaming driver
// (eval/evaluate.ts), ported so that every step, episode and problem comes out the same.

export const PY_EVAL = String.raw`
def _float32(v):
    try:
        return struct.unpack("f", struct.pack("f", v))[0]
    except OverflowError:
        return math.copysign(math.inf, v)  # as Math.fround: beyond the float32 range is infinite


def _outside_range(v, lo, hi):
    # data/decode.ts outsideRange: a value that rounds to a bound's float32 is at the bound
    # (Gymnasium's Box bounds are float32).
    return (v < lo and _float32(v) != _float32(lo)) or (v > hi and _float32(v) != _float32(hi))


def _flag(v):
    if v is True or (isinstance(v, float) and v == 1):
        return True
    if v is False or (isinstance(v, float) and v == 0) or v is _MISSING or v is None:
        return False
    return None


def _read_flags(file, line, value):
    """The end a record's own flags call for ("terminated", "truncated" or None), or a problem."""
    flags = []
    for field in ("terminated", "truncated"):
        v = value.get(field, _MISSING)
        f = _flag(v)
        if f is None:
            return (file, line, field, "expected true or false, got " + _describe(v))
        flags.append(f)
    return "terminated" if flags[0] else "truncated" if flags[1] else None


def _strict_equal(x, y):
    if isinstance(x, float) and isinstance(y, float):
        return x == y
    if type(x) is not type(y):
        return False
    if isinstance(x, (str, bool)) or x is None or x is _MISSING:
        return x == y
    return x is y


def _same_episode(a, b):
    if a[1] != b[1] or a[4] != b[4]:
        return False
    x = a[3].get("episode", _MISSING)
    y = b[3].get("episode", _MISSING)
    if _strict_equal(x, y):
        return True
    ok = lambda v: isinstance(v, (float, str))
    return ok(x) and ok(y) and _as_text(x) == _as_text(y)


def _as_text(v):
    return _js_number(v) if isinstance(v, float) else v


def _split_episodes(items):
    """Marks the last record of each episode: yields ("record", record, end) and problems.
    One record is held back, and the problems met meanwhile wait behind it (file order)."""
    held = None
    held_end = None
    waiting = []
    for item in items:
        if item[0] == "problem" or item[0] == "skipped":
            if held is None:
                yield item
            else:
                waiting.append(item)
            continue
        flags = _read_flags(item[1], item[2], item[3])
        if isinstance(flags, tuple):
            problem = ("problem", flags, True)
            if held is None:
                yield problem
            else:
                waiting.append(problem)
            continue
        if held is not None:
            yield ("record", held, held_end or (None if _same_episode(held, item) else "truncated"))
            for p in waiting:
                yield p
            waiting = []
        held, held_end = item, flags
    if held is not None:
        yield ("record", held, held_end or "truncated")
    for p in waiting:
        yield p


def _flatten(rows, into, depth):
    """Appends the numbers of nested arrays row by row; False when rows mix arrays and values."""
    if depth > 32:
        return False
    nested = isinstance(rows[0], list) if rows else False
    for r in rows:
        if isinstance(r, list) != nested:
            return False
        if nested:
            if not _flatten(r, into, depth + 1):
                return False
        else:
            into.append(r)
    return True


_LABELS_EXPECTED = "expected an array of names or a string of one-character names"


class _Decoder(object):
    """Typed values of one record: fields (signals, actions) then one 0/1 flag per label."""

    def __init__(self, fmt):
        self.fmt = fmt
        self.label_index = {}
        for i, name in enumerate(LABELS):
            self.label_index.setdefault(name, i)

    def decode(self, file, line, value, need_actions, report):
        out = [0.0] * WIDTH
        ok = True
        for i, (name, path, kind, members, lo, hi, is_action) in enumerate(FIELDS):
            slot = FIELD_SLOTS[i]
            shape = FIELD_SHAPES[i]
            if is_action and not need_actions:
                for k in range(max(1, shape)):
                    out[slot + k] = _NAN
                continue
            raw = _lookup(value, path)
            field = _path_text(path)
            if is_action and len(path) == 1 and path[0] == "action" and isinstance(raw, dict):
                raw = raw.get(name, _MISSING)
                field = field + "." + name
            if shape > 0:
                if not self._vector(file, line, i, raw, field, out, report):
                    ok = False
                continue
            if raw is _MISSING and FIELD_DEFAULTS[i] is not None:
                out[slot] = FIELD_DEFAULTS[i][0]
                continue
            v = "missing field" if raw is _MISSING else self._convert(raw, kind, members)
            if isinstance(v, str):
                report((file, line, field, v))
                out[slot] = _NAN
                ok = False
                continue
            out[slot] = v
            if lo is not None and _outside_range(v, lo, hi):
                report((file, line, field, "value %s is outside the declared range [%s, %s]" % (_js_number(v), _js_number(lo), _js_number(hi))))
        if LABELS:
            message = self._labels(value.get("labels", _MISSING), out)
            if message is not None:
                report((file, line, "labels", message))
                ok = False
        return out if ok else None

    def _vector(self, file, line, i, raw, field, out, report):
        """A vector field into its slots (data/decode.ts readVector): the elements of the array
        at its path, or of its slice, an array of arrays read row by row."""
        slot, n, cut, default = FIELD_SLOTS[i], FIELD_SHAPES[i], FIELD_SLICES[i], FIELD_DEFAULTS[i]
        lo, hi = FIELDS[i][4], FIELDS[i][5]

        def fail(message):
            report((file, line, field, message))
            for k in range(n):
                out[slot + k] = _NAN
            return False

        def fill_default():
            for k in range(n):
                out[slot + k] = default[k]
            return True

        if raw is _MISSING:
            return fill_default() if default is not None else fail("missing field")
        if not isinstance(raw, list):
            return fail("expected an array of %s, got %s" % ("numbers to slice" if cut else "%d numbers" % n, _describe(raw)))
        arr = raw
        if arr and isinstance(arr[0], list):
            flat = []
            if not _flatten(arr, flat, 0):
                return fail("expected an array of numbers, or of arrays of numbers (read row by row), got arrays nested in another way")
            arr = flat
        start, step = (cut[0], cut[1]) if cut else (0, 1)
        if self.fmt == "csv":
            # The elements are cells: a vector with every cell empty is missing; a cell left
            # empty among others is reported by its own column below.
            if not any(start + k * step < len(arr) and arr[start + k * step] is not _MISSING for k in range(n)):
                return fill_default() if default is not None else fail("missing field (every cell of the vector is empty)")
            if cut is None and len(arr) > n:
                return fail("expected %d columns %s[0] to %s[%d], got a column %s[%d]" % (n, field, field, n - 1, field, len(arr) - 1))
        elif cut is None:
            if len(arr) != n:
                return fail("expected an array of %d numbers, got %s" % (n, "an empty array" if not arr else "an array of %d" % len(arr)))
        else:
            needed = start + (n - 1) * step + 1
            if len(arr) < needed:
                return fail("the slice %s needs an array of at least %d elements, got an array of %d" % (cut[2], needed, len(arr)))
        ok = True
        for k in range(n):
            j = start + k * step
            v = arr[j] if j < len(arr) else _MISSING
            if isinstance(v, float) and v - v == 0:
                out[slot + k] = v
                if lo is not None and _outside_range(v, lo, hi):
                    report((file, line, "%s[%d]" % (field, j), "value %s is outside the declared range [%s, %s]" % (_js_number(v), _js_number(lo), _js_number(hi))))
                continue
            if v is _MISSING:
                message = "missing field"
            elif isinstance(v, float):
                message = "not a finite number (got %s)" % _js_number(v)
            else:
                message = "expected a number, got " + _describe(v)
            report((file, line, "%s[%d]" % (field, j), message))
            out[slot + k] = _NAN
            ok = False
        return ok

    def _convert(self, v, kind, members):
        if isinstance(v, float) and not math.isfinite(v):
            return "not a finite number (got %s)" % _js_number(v)
        if kind == "number":
            return v if isinstance(v, float) else "expected a number, got " + _describe(v)
        if kind == "int":
            return v if isinstance(v, float) and v == math.floor(v) else "expected an integer, got " + _describe(v)
        if kind == "bool":
            if self.fmt == "csv":
                if isinstance(v, float) and v in (0.0, 1.0):
                    return v
                if isinstance(v, str) and v.lower() in ("true", "false"):
                    return 1.0 if v.lower() == "true" else 0.0
                return "expected true, false, 1 or 0, got " + _describe(v)
            if v is True:
                return 1.0
            if v is False:
                return 0.0
            return "expected true or false, got " + _describe(v)
        expected = "expected one of %s (or an index 0..%d)" % (", ".join(members), len(members) - 1)
        if isinstance(v, str):
            return float(members.index(v)) if v in members else expected + ", got " + _quote(v)
        if isinstance(v, float) and v == math.floor(v) and 0 <= v < len(members):
            return v
        return expected + ", got " + _describe(v)

    def _labels(self, labels, out):
        base = WIDTH - len(LABELS)
        if labels is _MISSING:
            return None
        if isinstance(labels, str):
            for c in labels:
                i = self.label_index.get(c)
                if i is not None:
                    out[base + i] = 1.0
            return None
        if not isinstance(labels, list):
            return _LABELS_EXPECTED + ", got " + _describe(labels)
        for name in labels:
            if not isinstance(name, str):
                return _LABELS_EXPECTED + ", got an array holding " + _describe(name)
            i = self.label_index.get(name)
            if i is not None:
                out[base + i] = 1.0
        return None


_STATUS = {1: "accepted", -1: "rejected", 0: "pending"}


class _Runner(object):
    """One episode at a time, one step at a time (eval/runner.ts)."""

    def __init__(self, program):
        self.program = program
        self.components = [0.0] * len(program.keys)
        self.props = [False] * len(PROPS)
        self.reset()

    def reset(self):
        self.machine_state = [m.initial for m in MACHINES]
        self.previous_state = list(self.machine_state)
        self.ltl_state = [l.initial for l in LTLS]
        self.ltl_status = [0] * len(LTLS)
        self.prev = list(PREV_INITIAL)
        self.t = 0
        self.reward = 0.0
        self.episode_return = 0.0
        self.discounted_return = 0.0
        self.discount_power = 1.0

    def step(self, cur, nxt, end):
        p = self.program
        reward = p.step(cur, nxt, end == "terminated", self)
        self.reward = reward
        self.episode_return += reward
        self.discounted_return += self.discount_power * reward
        # As in every backend: below the smallest normal double gamma^t is 0 from then on (docs/language.md): a denormal would make every later multiply slow.
        power = self.discount_power * p.gamma
        self.discount_power = 0.0 if power < 2.2250738585072014e-308 else power
        self.t += 1
        return reward

    def done(self):
        p = self.program
        if not p.task_machines and not p.task_ltls:
            return False
        machines = all(MACHINES[i].terminal[self.machine_state[i]] for i in p.task_machines)
        return machines and all(self.ltl_status[i] != 0 for i in p.task_ltls)

    _STATE = ("machine_state", "previous_state", "ltl_state", "ltl_status", "prev", "t", "reward",
              "episode_return", "discounted_return", "discount_power", "components", "props")

    def snapshot(self):
        return tuple(list(v) if isinstance(v, list) else v for v in (getattr(self, k) for k in self._STATE))

    def restore(self, state):
        for k, v in zip(self._STATE, state):
            setattr(self, k, list(v) if isinstance(v, list) else v)

    def machines(self):
        return dict((m.name, m.states[self.machine_state[i]]) for i, m in enumerate(MACHINES))

    def verdicts(self):
        return dict((l.name, _STATUS[self.ltl_status[i]]) for i, l in enumerate(LTLS))

    def step_object(self, episode):
        p = self.program
        values = dict(zip(p.keys, self.components))
        components = dict((k, values[k]) for k in _js_key_order(p.keys))
        props = dict((name, self.props[i]) for i, name in enumerate(PROPS))
        return {"episode": episode, "t": self.t - 1, "reward": self.reward, "components": components,
                "machines": self.machines(), "ltl": self.verdicts(), "props": props}


class _Evaluation(object):
    """Streams records through a runner as evaluate.ts does: a step is computed once the next
    good record (or the episode's end) is known, a skipped record joins the steps around it."""

    def __init__(self, program, on_step, on_episode, on_problem):
        self.runner = _Runner(program)
        self.on_step = on_step
        self.on_episode = on_episode
        self.on_problem = on_problem
        self.episode = 0
        self.steps = 0
        self.skipped = 0

    def items(self, items, fmt):
        decoder = _Decoder(fmt)
        runner = self.runner
        window = []  # the records of the pending step: [] , [a] or [a, b], as (values, item)

        def finish_step(end):
            runner.step(window[0][0], window[1][0], end)
            self._check_finite(window[0][1])
            self.on_step(self.episode, runner, window[0][1])
            self.steps += 1

        def end_episode(end):
            self.on_episode({"episode": self.episode, "steps": runner.t, "return": runner.episode_return,
                             "discounted_return": runner.discounted_return, "end": end})
            self.episode += 1
            runner.reset()
            del window[:]

        for item in _split_episodes(items):
            if item[0] == "skipped":
                # Rows a reader skipped without a problem each (a CSV header with none of the spec's columns).
                self.skipped += item[1]
                continue
            if item[0] == "problem":
                self.on_problem(item[1])
                if item[2]:
                    self.skipped += 1
                continue
            record, end = item[1], item[2]
            values = decoder.decode(record[1], record[2], record[3], end is None, self.on_problem)
            if values is None:
                self.skipped += 1
                if end is not None and window:
                    # The episode's last record was lost: the one before it ends the episode.
                    if len(window) == 2:
                        finish_step(end)
                    end_episode(end)
                continue
            if len(window) == 2:
                finish_step(None)
                del window[0]
            window.append((values, record))
            if end is not None:
                if len(window) == 2:
                    finish_step(end)
                end_episode(end)

    def _check_finite(self, record):
        runner = self.runner
        if math.isfinite(runner.reward):
            return
        keys = runner.program.keys
        for i, key in enumerate(keys):
            v = runner.components[i]
            if not math.isfinite(v):
                self.on_problem((record[1], record[2], key, "the reward item '%s' is not finite (%s) at this step: check the inputs of the expression (division by zero, log or sqrt of a negative number)" % (key, _js_number(v))))
`;
