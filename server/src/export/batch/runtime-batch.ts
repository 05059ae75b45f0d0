// Python text: BatchReward (LANGUAGE.md section 11) and RewardVectorWrapper, shared by the NumPy
// and the PyTorch modules. It reads batched records into one array per field (no loop over
// environments, except over label lists given as Python lists), calls the generated kernel of
// its reward block, and keeps the per-environment state: machine and formula states, `prev`
// values, episode sums. The backend helpers (runtime-backends.ts) come before it.

export const BATCH_RUNTIME = String.raw`
import warnings as _warnings


def _batch_block(reward):
    name = _program(reward).name
    return name, _BATCH[name]


def _record_error(which, env, field, message):
    e = RecordError([("<%s>" % which, env, field, message)])
    ValueError.__init__(e, "%s of environment %d: %s%s" % (which, env, (field + ": ") if field else "", message))
    e.env, e.field, e.record = env, field, which
    return e


def _shape_text(shape):
    return "(" + ", ".join(str(int(d)) for d in shape) + ("," if len(shape) == 1 else "") + ")"


_WARNINGS_KEPT = 1000


class RangeWarning(UserWarning):
    """A value outside its declared range: reported and kept (LANGUAGE.md section 9)."""


def _outside_rows(x, lo, hi):
    """Where x lies outside [lo, hi], a value that rounds to a bound's float32 counting as at
    the bound (data/decode.ts outsideRange; Gymnasium's Box bounds are float32); None when
    nowhere, which is one comparison and one check in the common case."""
    if _within(x, lo, hi):
        return None
    below, above = x < lo, x > hi
    f = _to_f32(x)
    return (below & (f != _float32(lo))) | (above & (f != _float32(hi)))


def _cat_parts(parts, rows, device):
    # Parts (environments, (rows, episodes) sums, terminated) as one, in order.
    return (_cat([p[0] for p in parts], _I64, device), _cat_cols([p[1] for p in parts], rows, device),
            _cat([p[2] for p in parts], bool, device))


def _first(mask):
    # Only on the error path: the first environment where mask holds.
    return int(_to_host(mask).nonzero()[0][0])


class BatchReward(object):
    """The spec's reward for num_envs environments at once (LANGUAGE.md section 11).

    step(state, action, next_state, terminated, truncated, active=None) takes one step of
    every environment: state and next_state are records whose leaves carry a leading batch
    dimension ({"obs": (N, d) array, "info": {"x": (N,) array}, "labels": ...}), action the
    batched action (or a dict of them), terminated and truncated (N,) booleans. It returns
    (reward, components): an (N,) float64 array and a dict of them keyed as in 'reward eval'.
    Environments where active is False take no step. After a step, an environment whose
    terminated or truncated is true starts a new episode (autoreset); reset(mask) does the
    same for the environments in mask (all when None).

    machine_states[NAME], formula_states[NAME]: (N,) integer arrays; ltl[NAME]: verdict codes
    0 pending, 1 accepted, 2 rejected; done: (N,) booleans, whether the task was over at the
    last step (every task machine terminal, every task formula decided; False without one);
    terminated: the last step's terminated flags (with terminate_on_task_end=True, also where
    the task ended); props[NAME]: the labels L_t of the last step; episode_sums(): what the
    episodes that ended since the last call summed.

    A record that cannot be read raises RecordError naming the environment (e.env), the field
    (e.field) and which record (e.record): nothing is silently turned into 0. A value outside
    its declared range is kept and reported: warnings lists the first 1,000 as (record, step,
    env, field, message) tuples (step counts the calls of step() from 0; a vector's element
    by its path, obs[17]), more_warnings counts the others by field, and the first one of each
    field is also issued as a RangeWarning (Python's warnings). check=False skips these checks
    (on a GPU they wait for the device)."""

    def __init__(self, num_envs, reward=None, terminate_on_task_end=False, check=True, device=None):
        self.num_envs = n = int(num_envs)
        if n < 1:
            raise ValueError("num_envs must be at least 1, got %r" % (num_envs,))
        self.name, block = _batch_block(reward)
        self._block = block
        self._device = _device_of(device)
        self.check = bool(check)
        self.keys = block.keys
        self.gamma = block.gamma
        self.terminate_on_task_end = bool(terminate_on_task_end)
        self._eod = _array([bool(terminate_on_task_end)], bool, self._device)[0]
        self._K = [_array([v], _F64, self._device)[0] for v in block.constants]
        self._T = (
            [_array(t, bool, self._device) for t in _B_TERMINAL],
            [_array(t, _I64, self._device) for t in _B_NEXT],
            [_array(t, _I64, self._device) for t in _B_VERDICT],
            [_array(t, bool, self._device) for t in _B_ACCEPTING],
            [None if t is None else _array(t, _F64, self._device) for t in block.potentials],
            [None if t is None else _array(t, _I64, self._device).reshape(len(t), -1) for t in _B_MSLOTS],
            [_array(t, _I64, self._device) for t in _B_MTO],
            [_array(t, _I64 if rows else _F64, self._device) for t, rows in zip(_B_MREWARD, _B_MREWARD_ROWS)],
            _array([2.0 ** j for j in range(_B_BITS)], _F64, self._device),
        )
        self._labels = dict((name, i) for i, name in reversed(list(enumerate(LABELS))))
        self._envs = _arange(n, self._device)
        self._field_text = [_path_text(f[1]) for f in FIELDS]
        self._all = self._envs >= 0
        # Steps kept before the torch step picks the ended episodes out (about 8 MB of arrays).
        self._kept_steps = max(1, min(64, (1 << 20) // (n * (len(self.keys) + 3))))
        self._U0 = _array([[u] * n for u in _B_INITIAL], _I64, self._device).reshape(len(_B_INITIAL), n)
        self._Q0 = _array([[q] * n for q in _B_DFA_INITIAL], _I64, self._device).reshape(len(_B_DFA_INITIAL), n)
        self._P0 = _array([list(_B_PREV_INITIAL)] * n, _F64, self._device).reshape(n, len(_B_PREV_INITIAL))
        # The episodes ended since episode_sums(): parts (environments, _acc rows, terminated),
        # and (torch) the last steps' arrays not yet picked apart.
        self._parts = []
        self._kept = []
        self._kernel = block.kernel
        self.warnings = []
        self.more_warnings = {}
        self._warned = set()
        self._steps = 0
        self._unread = [_full_default(n, FIELD_SHAPES[i], (_NAN,) * max(1, FIELD_SHAPES[i]), self._device) for i in range(len(FIELDS))]
        self.reset()

    # -- state ---------------------------------------------------------------------------

    def reset(self, mask=None):
        n = self.num_envs
        if mask is None:
            self._U = _copy(self._U0)
            self._Q = _copy(self._Q0)
            self._S = _copy(self._Q0) * 0
            self._P = _copy(self._P0)
            # The episode so far, one row each: the components' sums, the return, the
            # discounted return, the steps taken (what a kernel's X adds to every step).
            self._acc = _zeros2(len(self.keys) + 3, n, self._device)
            self._power = _zeros2(1, n, self._device)[0] + 1.0
            self.reward = _zeros2(1, n, self._device)[0]
            self.components = dict((k, self._acc[i] * 0) for i, k in enumerate(self.keys))
            self.done = _array([False] * n, bool, self._device)
            self.terminated = _array([False] * n, bool, self._device)
            self._labels_now = list(_zeros2(len(PROPS), n, self._device))
            return
        m = self._mask(mask, "mask")
        self._restart(m)

    def _restart(self, m):
        # The empty state arrays (no machine, no formula, no prev) are skipped by their shape.
        if _B_MACHINE_NAMES:
            self._U = _where(m, self._U0, self._U)
        if _B_LTL_NAMES:
            self._Q = _where(m, self._Q0, self._Q)
            self._S = _where(m, 0, self._S)
        if _B_PREV_INITIAL:
            self._P = _where(m[:, None], self._P0, self._P)
        self._acc = _where(m, 0.0, self._acc)
        self._power = _where(m, 1.0, self._power)

    @property
    def machine_states(self):
        return dict((name, self._U[i]) for i, name in enumerate(_B_MACHINE_NAMES))

    @property
    def formula_states(self):
        return dict((name, self._Q[i]) for i, name in enumerate(_B_LTL_NAMES))

    @property
    def ltl(self):
        return dict((name, _where(self._S[i] < 0, 2, self._S[i])) for i, name in enumerate(_B_LTL_NAMES))

    @property
    def props(self):
        return dict((name, self._all & (self._labels_now[i] != 0)) for i, name in enumerate(PROPS))

    def episode_sums(self):
        """The episodes that ended since the last call, as arrays of one element per episode:
        {"env", "steps", "terminated", "return", "discounted_return", "components": {key: sum}}.
        Component sums and the return are undiscounted; discounted_return uses the spec's gamma."""
        self._pick()
        parts, self._parts = self._parts, []
        envs, acc, terminated = _cat_parts(parts, len(self.keys) + 3, self._device)
        k = len(self.keys)
        out = {"env": envs, "steps": _cat([acc[k + 2]], _I64, self._device), "terminated": terminated,
               "return": acc[k], "discounted_return": acc[k + 1]}
        out["components"] = dict((key, acc[i]) for i, key in enumerate(self.keys))
        return out

    # -- one step ------------------------------------------------------------------------

    def step(self, state, action, next_state, terminated, truncated, active=None):
        n = self.num_envs
        term = self._mask(terminated, "terminated")
        trunc = self._mask(truncated, "truncated")
        act = self._all if active is None else self._mask(active, "active")
        cur = self._decode(state, action, "state", True, act)
        nxt = self._decode(next_state, None, "next_state", False, act)
        self._steps += 1
        # X: what the step adds to the episode (_acc's rows), 0 where an environment is idle.
        X, U, Q, S, P, te, done, labels = self._kernel(
            self._K, self._T, cur, nxt, self._P, term, act, self._eod, self._U, self._Q, self._S, self._power, active is not None)
        self._U, self._Q, self._S, self._P = U, Q, S, P
        k = len(self.keys)
        reward = X[k]
        self.reward = reward
        self.done = done
        self.terminated = te
        self._labels_now = labels
        self.components = dict((key, X[i]) for i, key in enumerate(self.keys))
        # Episode bookkeeping, then autoreset of the environments whose episode ended.
        acc = self._acc + X
        self._acc = acc
        power = self._power * self.gamma
        # As in every backend: gamma^t below the smallest normal double is 0 (docs/language.md).
        self._power = _where(act, _where(power < 2.2250738585072014e-308, 0.0, power), self._power)
        ended = act & (te | trunc)
        if _BRANCH_FREE:
            # No look at the values (no device sync): the step's arrays are kept as they are
            # (they are new every step) and the episodes picked out of them every few steps
            # (NumPy below does the same, only for the steps where an episode ended).
            self._kept.append((ended, acc, te))
            if len(self._kept) >= self._kept_steps:
                self._pick()
            self._restart(ended)
        elif ended.any():
            self._kept.append((ended, acc, te))
            if len(self._kept) >= self._kept_steps:
                self._pick()
            self._restart(ended)
        return reward, dict(self.components)

    def trace(self, state, action, next_state, terminated, truncated, active=None):
        """PyTorch only: replaces the step's kernel by its torch.jit.trace on these example
        inputs (the state stays as it is). The kernel is tensor operations only (no .item(),
        no Python branch on a value), so the traced graph computes what step computes."""
        if _BACKEND != "torch":
            raise ValueError("trace() needs the torch module")
        term = self._mask(terminated, "terminated")
        trunc = self._mask(truncated, "truncated")
        act = self._all if active is None else self._mask(active, "active")
        cur = self._decode(state, action, "state", True, None)
        nxt = self._decode(next_state, None, "next_state", False, None)
        K, T, eod, kernel = self._K, self._T, self._eod, self._block.kernel

        def pure(c, n, p, term, act, U, Q, S, power):
            return kernel(K, T, c, n, p, term, act, eod, U, Q, S, power)

        traced = _torch.jit.trace(pure, (cur, nxt, self._P, term, act, self._U, self._Q, self._S, self._power), check_trace=False)
        # Traced with idle environments possible: the graph masks whatever active says.
        self._kernel = lambda K_, T_, c, n, p, term, act, eod_, U, Q, S, power, idle: traced(c, n, p, term, act, U, Q, S, power)
        return traced

    def _pick(self):
        """The kept steps' ended episodes as one part, all steps at once."""
        if self._kept:
            kept, self._kept = self._kept, []
            self._parts.append(_pick_ended([q[0] for q in kept], [q[1] for q in kept], [q[2] for q in kept]))

    # -- reading batched records ---------------------------------------------------------

    def _mask(self, value, what):
        a = _leaf(value, self._device)
        if a is None or tuple(a.shape) != (self.num_envs,):
            raise _record_error(what, 0, what, "expected %d booleans (one per environment), got %s" % (self.num_envs, _describe_leaf(a, value)))
        return _as_bool(a, self.check, lambda env, got: _record_error(what, env, what, "expected true or false, got " + got))

    def _decode(self, record, action, which, need_actions, act):
        n = self.num_envs
        if not isinstance(record, dict):
            raise _record_error(which, 0, "", "expected a record (a dict of batched fields), got " + _describe(record))
        if action is not None:
            record = dict(record)
            record["action"] = action
        out = []
        columns = {}  # per array read by index: its columns, contiguous, made once per record
        for i, (name, path, kind, members, lo, hi, is_action) in enumerate(FIELDS):
            if is_action and not need_actions:
                # s_{t+1}'s action is never read (step t reads a_t from state).
                out.append(self._unread[i])
                continue
            raw, field = _walk(record, path, columns, self._field_text[i])
            if is_action and len(path) == 1 and path[0] == "action" and isinstance(raw, dict):
                raw, field = raw.get(name, _MISSING), field + "." + name
            x = self._field(which, field, raw, kind, members, FIELD_SHAPES[i], FIELD_DEFAULTS[i], FIELD_SLICES[i])
            if lo is not None and act is not None and self.check and raw is not _MISSING:
                self._check_range(which, field, x, lo, hi, FIELD_SLICES[i], act)
            out.append(x)
        if LABELS:
            out.extend(self._read_labels(which, record.get("labels", _MISSING)))
        return out

    def _check_range(self, which, field, x, lo, hi, cut, act):
        """Reports the values of the active environments outside [lo, hi] and keeps them: the
        first _WARNINGS_KEPT in warnings (a loop over those only), the rest counted by field."""
        bad = _outside_rows(x, lo, hi)
        if bad is None:
            return
        bad = bad & (act[:, None] if bad.ndim == 2 else act)
        count = int(bad.sum())
        if count == 0:
            return
        room = max(0, _WARNINGS_KEPT - len(self.warnings))
        hits = _hits(bad, room)
        step = self._steps
        start, stride = (cut[0], cut[1]) if cut is not None else (0, 1)
        for hit in hits:
            env = hit[0]
            v = float(x[env] if bad.ndim == 1 else x[env][hit[1]])
            path = field if bad.ndim == 1 else "%s[%d]" % (field, start + hit[1] * stride)
            message = "value %s is outside the declared range [%s, %s]" % (_js_number(v), _js_number(lo), _js_number(hi))
            self.warnings.append((which, step, env, path, message))
            if field not in self._warned:
                self._warned.add(field)
                _warnings.warn(RangeWarning("BatchReward, %s of environment %d at step %d: %s: %s (every such value is kept; the first %d are listed in BatchReward.warnings)" % (which, env, step, path, message, _WARNINGS_KEPT)), stacklevel=4)
        if count > len(hits):
            self.more_warnings[field] = self.more_warnings.get(field, 0) + count - len(hits)

    def _field(self, which, field, raw, kind, members, length, default, cut=None):
        n = self.num_envs
        if raw is _MISSING:
            if default is not None:
                return _full_default(n, length, default, self._device)
            raise _record_error(which, 0, field, "missing field")
        if kind == "enum" and _BACKEND == "numpy" and _is_text(raw):
            a = _np.asarray(raw)
            idx = _np.full(a.shape, -1.0)
            for j, m in enumerate(members):
                idx[a == m] = j
            if self.check and (idx < 0).any():
                env = int(_np.nonzero((idx < 0).reshape(n, -1).any(axis=1))[0][0])
                raise _record_error(which, env, field, "expected one of %s (or an index 0..%d), got %s" % (", ".join(members), len(members) - 1, _quote(str(a.reshape(n, -1)[env][0]))))
            raw = idx
        a = _leaf(raw, self._device)
        if a is None or a.ndim == 0 or a.shape[0] != n:
            raise _record_error(which, 0, field, "expected an array with %d rows (one per environment), got %s" % (n, _describe_leaf(a, raw)))
        if length == 0:
            if a.ndim > 1:
                if _numel(a) != n:
                    raise _record_error(which, 0, field, "expected one value per environment, got shape %s" % _shape_text(a.shape))
                a = a.reshape(n)
        else:
            a = a.reshape(n, -1)
            if cut is not None:
                # path[a:b:s]: elements a, a + s, ... of each environment's (flattened) array.
                needed = cut[0] + (length - 1) * cut[1] + 1
                if a.shape[1] < needed:
                    raise _record_error(which, 0, field, "the slice %s needs an array of at least %d elements, got an array of %d" % (cut[2], needed, a.shape[1]))
                a = a[:, cut[0]:cut[0] + (length - 1) * cut[1] + 1:cut[1]]
            if a.shape[1] != length:
                raise _record_error(which, 0, field, "expected %d elements per environment, got %d" % (length, a.shape[1]))
        x = _as_numbers(a, kind, self.check, lambda env, got: _record_error(which, env, field, got), members)
        return x

    def _read_labels(self, which, labels):
        n, width = self.num_envs, len(LABELS)
        if labels is _MISSING:
            z = _zeros2(width, n, self._device)
            return [z[j] for j in range(width)]
        if _is_array(labels) and getattr(labels, "ndim", 0) == 2:
            a = _leaf(labels, self._device)
            if tuple(a.shape) != (n, width):
                raise _record_error(which, 0, "labels", "expected a (%d, %d) boolean array over the external props %s, got shape %s" % (n, width, ", ".join(LABELS), _shape_text(a.shape)))
            b = _as_bool(a, self.check, lambda env, got: _record_error(which, env, "labels", "expected true or false, got " + got))
            f = _f(b)
            return [f[:, j] for j in range(width)]
        # A sequence of N label lists (or strings of one-character names): one pass over them.
        if isinstance(labels, (str, bytes)) or not hasattr(labels, "__len__") or len(labels) != n:
            raise _record_error(which, 0, "labels", "expected %d label lists (one per environment) or a (%d, %d) boolean array, got %s" % (n, n, width, _describe(labels)))
        rows = [[0.0] * width for _ in range(n)]
        for env, entry in enumerate(labels):
            if _is_array(entry):
                entry = entry.tolist()
            if isinstance(entry, str):
                names = entry
            elif isinstance(entry, (list, tuple)):
                names = entry
                for name in names:
                    if not isinstance(name, str):
                        raise _record_error(which, env, "labels", _LABELS_EXPECTED + ", got an array holding " + _describe(_plain(name)))
            else:
                raise _record_error(which, env, "labels", _LABELS_EXPECTED + ", got " + _describe(_plain(entry)))
            row = rows[env]
            for name in names:
                j = self._labels.get(name)
                if j is not None:
                    row[j] = 1.0
        a = _array(rows, _F64, self._device).reshape(n, width)
        return [a[:, j] for j in range(width)]


def _walk(record, path, columns, field):
    """The leaf at a source path of a batched record, and the path's text (field): dict keys, then
    element indexes on the axes after the batch axis."""
    v = record
    for seg in path:
        if isinstance(seg, int):
            if isinstance(v, dict):
                v = v.get(str(seg), _MISSING)
            elif _is_array(v) or isinstance(v, (list, tuple)):
                key = id(v)
                known = columns.get(key)
                if known is None:
                    a = _leaf(v, None)
                    # A 2-D array read by index: its columns made contiguous once, so that each
                    # field is one contiguous row (strided columns slow every later operation).
                    known = (a, _columns_of(a) if a is not None and a.ndim == 2 else None, v)
                    columns[key] = known
                a, cols = known[0], known[1]
                if a is None or a.ndim < 2 or seg >= a.shape[1]:
                    return _MISSING, field
                v = cols[seg] if cols is not None else a[:, seg]
            else:
                return _MISSING, field
        else:
            if not isinstance(v, dict):
                return _MISSING, field
            v = v.get(seg, _MISSING)
        if v is _MISSING:
            return _MISSING, field
    return v, field


try:
    import gymnasium as _gym_vector
    from gymnasium.vector import VectorWrapper as _VectorWrapper
except Exception:
    _VectorWrapper = None


def _default_batch_record(observation, info):
    record = {"obs": observation, "info": info}
    if isinstance(info, dict) and "labels" in info:
        record["labels"] = info["labels"]
    return record


if _VectorWrapper is not None:

    class RewardVectorWrapper(_VectorWrapper):
        """Replaces a gymnasium.vector environment's rewards by the spec's (one BatchReward
        for all sub-environments) and adds info["reward_components"] and info["task_done"].

        record(observations, infos) -> dict builds the batched record (default: {"obs": ...,
        "info": ..., "labels": infos["labels"]}); the actions become its "action". It follows
        the environment's autoreset mode: under next-step autoreset (Gymnasium's default) the
        step that only resets a sub-environment is no transition (it pays 0 and changes no
        state); under same-step autoreset s_{t+1} of an ending sub-environment is
        info["final_obs"] (and its info info["final_info"])."""

        def __init__(self, env, reward=None, record=None, device=None):
            _VectorWrapper.__init__(self, env)
            kwargs = {} if device is None else {"device": device}
            self.batch_reward = BatchReward(env.num_envs, reward, **kwargs)
            self._record = record or _default_batch_record
            self._last = None
            self._resetting = None
            mode = env.metadata.get("autoreset_mode", None)
            self._mode = getattr(mode, "value", mode) or "NextStep"

        def reset(self, *, seed=None, options=None):
            observations, infos = self.env.reset(seed=seed, options=options)
            mask = None if not options or "reset_mask" not in options else options["reset_mask"]
            self.batch_reward.reset(mask)
            self._last = self._record(observations, infos)
            self._resetting = _np_bools(self.num_envs, False)
            return observations, infos

        def step(self, actions):
            observations, env_rewards, terminations, truncations, infos = self.env.step(actions)
            terminations = _np_bools_of(terminations)
            truncations = _np_bools_of(truncations)
            nxt_obs, nxt_info = observations, infos
            active = None
            if self._mode == "NextStep":
                active = ~self._resetting
            elif self._mode == "SameStep" and "final_obs" in infos:
                nxt_obs, nxt_info = _same_step_next(observations, infos, terminations | truncations)
            nxt = self._record(nxt_obs, nxt_info)
            reward, components = self.batch_reward.step(self._last, actions, nxt, terminations, truncations, active)
            self._resetting = terminations | truncations
            self._last = self._record(observations, infos) if nxt_obs is not observations else nxt
            infos = dict(infos)
            infos["reward_components"] = dict((k, _to_host(v)) for k, v in components.items())
            infos["task_done"] = _np_bools_of(_to_host(self.batch_reward.done))
            infos["env_reward"] = env_rewards
            return observations, _to_host(reward), terminations, truncations, infos


def _same_step_next(observations, infos, ended):
    """s_{t+1} under same-step autoreset: the final observation (and info) where an episode
    ended, the step's own elsewhere."""
    import numpy
    mask = numpy.asarray(infos.get("_final_obs", ended), dtype=bool)
    final = infos["final_obs"]
    obs = numpy.array(observations, copy=True)
    for env in numpy.nonzero(mask)[0]:  # only the environments that ended
        obs[env] = final[env]
    final_info = infos.get("final_info", None)
    if not isinstance(final_info, dict):
        return obs, infos
    merged = dict(infos)
    for key, value in final_info.items():
        if key.startswith("_") or key not in infos:
            continue
        here = numpy.array(infos[key], copy=True)
        there = numpy.asarray(value)
        if here.shape == there.shape:
            here[mask] = there[mask]
            merged[key] = here
    return obs, merged
`;
