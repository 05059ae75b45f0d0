// Python text: the array helpers the generated kernels call, once for NumPy and once for
// PyTorch, with the same names and the evaluator's semantics (JavaScript numbers: division by
// zero gives infinities or NaN, `%` is C's fmod, `^` is Math.pow, where (+-1)^(+-inf) and
// 1^NaN are NaN; `sign(NaN)` is NaN; min and max propagate NaN). Every helper is total: a
// step never raises on a value, it yields NaN, which the step then reports.

export type Backend = 'numpy' | 'torch';

export const NUMPY_HELPERS = String.raw`
import numpy as _np

_F64 = _np.float64
_I64 = _np.int64
_np.seterr(all="ignore")
_BACKEND = "numpy"
# NumPy may look at values on the host to skip work; the torch step never does (no sync).
_BRANCH_FREE = False


def _f(b):
    return _np.asarray(b, dtype=_F64)


def _i(b):
    return _np.asarray(b, dtype=_I64)


_where = _np.where


# L is a template array of one element per environment (the step's terminated flags): it gives
# the batch size (and, for PyTorch, the device).

def _zeros(L):
    return _np.zeros(L.shape[0], dtype=_F64)


def _false(L):
    return _np.zeros(L.shape[0], dtype=bool)


def _nan_col(L):
    return _np.full(L.shape[0], _NAN)


def _full_vec(L, d, k):
    return _np.full((L.shape[0], d), k, dtype=_F64)


def _rows(L, xs, dtype):
    out = _np.empty((len(xs), L.shape[0]), dtype=dtype)
    for j, x in enumerate(xs):
        out[j] = x
    return out


def _pack(L, xs):
    return _rows(L, xs, _F64).T.copy()


def _stack_rows(L, xs):
    return _rows(L, xs, _F64)


def _stack_cols(L, xs):
    return _rows(L, xs, _F64).T.copy()


def _stack_states(L, xs):
    return _rows(L, xs, _I64)


def _stack_bools(L, xs):
    return _rows(L, xs, bool)


def _take(t, i):
    # Table lookup: t[i] for an integer array i.
    return t[i]


def _guard_rows(L, xs):
    # The guard matrix of a machine: row 0 always holds, then one row per guard.
    out = _np.empty((len(xs) + 1, L.shape[0]), dtype=bool)
    out[0] = True
    for j, x in enumerate(xs):
        out[j + 1] = x
    return out


def _gather_rows(M, I):
    # out[k, e] = M[I[k, e], e]: per environment (column), the rows it reads.
    return _np.take_along_axis(M, I, axis=0)


def _letter(L, bits, xs):
    # The bit-packed truth values of xs (bit j: xs[j] is nonzero), one matrix product.
    M = _np.empty((len(xs), L.shape[0]), dtype=bool)
    for j, x in enumerate(xs):
        M[j] = x
    return _np.dot(bits[:len(xs)], M).astype(_I64)


def _first_true(B):
    # Per column, the first row that holds (the last row always does).
    return _np.argmax(B, axis=0)


def _fmod(x, y):
    return _np.fmod(x, y)


def _pow(x, y):
    r = _np.power(_np.asarray(x, dtype=_F64), y)
    return _np.where((_np.abs(x) == 1) & ~_np.isfinite(y), _NAN, r)


_abs = _np.abs
_sqrt = _np.sqrt
_exp = _np.exp
_log = _np.log
_tanh = _np.tanh
_floor = _np.floor
_ceil = _np.ceil
_minimum = _np.minimum
_maximum = _np.maximum
_hypot = _np.hypot
_sin = _np.sin
_cos = _np.cos
_tan = _np.tan
_asin = _np.arcsin
_acos = _np.arccos
_atan = _np.arctan
_atan2 = _np.arctan2


def _sign(x):
    return _np.sign(x)


def _pymod(x, m):
    # Python's float %, the sign of the divisor; NaN for a zero divisor.
    return _np.where(m == 0, _NAN, _np.remainder(x, m))


def _rsum(x):
    return _np.sum(x, axis=-1)


def _rmean(x):
    return _np.sum(x, axis=-1) / x.shape[-1]


def _rnorm(x):
    return _np.sqrt(_np.sum(x * x, axis=-1))


def _rmin(x):
    return _np.min(x, axis=-1)


def _rmax(x):
    return _np.max(x, axis=-1)


def _rany(b):
    return _np.any(b, axis=-1)


def _rall(b):
    return _np.all(b, axis=-1)
`;

export const TORCH_HELPERS = String.raw`
import torch as _torch

_F64 = _torch.float64
_I64 = _torch.int64
_BACKEND = "torch"
_BRANCH_FREE = True


def _f(b):
    return b.to(_F64)


def _i(b):
    return b.to(_I64)


_where = _torch.where


# L is a template tensor of one element per environment (the step's terminated flags): it
# gives the batch size and the device.

def _zeros(L):
    return _torch.zeros(L.shape[0], dtype=_F64, device=L.device)


def _false(L):
    return _torch.zeros(L.shape[0], dtype=_torch.bool, device=L.device)


def _nan_col(L):
    return _torch.full((L.shape[0],), _NAN, dtype=_F64, device=L.device)


def _full_vec(L, d, k):
    return k.to(_F64).expand(L.shape[0], d)


def _rows(L, xs, dtype):
    n = L.shape[0]
    if not xs:
        return _torch.zeros((0, n), dtype=dtype, device=L.device)
    return _torch.stack([(x.expand(n) if x.dim() == 0 else x).to(dtype) for x in xs])


def _pack(L, xs):
    return _rows(L, xs, _F64).t()


def _stack_rows(L, xs):
    return _rows(L, xs, _F64)


def _stack_cols(L, xs):
    return _rows(L, xs, _F64).t()


def _stack_states(L, xs):
    return _rows(L, xs, _I64)


def _stack_bools(L, xs):
    return _rows(L, xs, _torch.bool)


def _take(t, i):
    # Table lookup: t[i] for an integer tensor i (index_select: a third of indexing's cost on the CPU).
    return _torch.index_select(t, 0, i)


def _guard_rows(L, xs):
    # The guard matrix of a machine: row 0 always holds, then one row per guard.
    return _torch.stack([L == L] + [(x.expand(L.shape[0]) if x.dim() == 0 else x) != 0 for x in xs])


def _letter(L, bits, xs):
    # The bit-packed truth values of xs (bit j: xs[j] is nonzero), one matrix product.
    n = L.shape[0]
    M = _torch.stack([x.expand(n) if x.dim() == 0 else x for x in xs]) != 0
    return _torch.matmul(bits[:len(xs)], M.to(_F64)).to(_I64)


def _gather_rows(M, I):
    # out[k, e] = M[I[k, e], e]: per environment (column), the rows it reads.
    return _torch.gather(M, 0, I)


def _first_true(B):
    # Per column, the first row that holds (the last row always does): a where per row from
    # the last, several times faster on the CPU than argmax (which has no bool kernel).
    k = _torch.full((B.shape[1],), B.shape[0] - 1, dtype=_I64, device=B.device)
    for j in range(B.shape[0] - 2, -1, -1):
        k = _torch.where(B[j], j, k)
    return k


_fmod = _torch.fmod


def _pow(x, y):
    r = _torch.pow(x, y)
    return _torch.where((_torch.abs(x) == 1) & ~_torch.isfinite(y), _torch.full_like(r, _NAN), r)


_abs = _torch.abs
_sqrt = _torch.sqrt
_exp = _torch.exp
_log = _torch.log
_tanh = _torch.tanh
_floor = _torch.floor
_ceil = _torch.ceil
_minimum = _torch.minimum
_maximum = _torch.maximum
_hypot = _torch.hypot
_sin = _torch.sin
_cos = _torch.cos
_tan = _torch.tan
_asin = _torch.asin
_acos = _torch.acos
_atan = _torch.atan
_atan2 = _torch.atan2


def _sign(x):
    # torch.sign(NaN) is 0; JavaScript's Math.sign(NaN) is NaN.
    return _torch.where(_torch.isnan(x), x, _torch.sign(x))


def _pymod(x, m):
    r = _torch.remainder(x, m)
    return _torch.where(m == 0, _torch.full_like(r, _NAN), r)


def _rsum(x):
    return _torch.sum(x, dim=-1)


def _rmean(x):
    return _torch.sum(x, dim=-1) / x.shape[-1]


def _rnorm(x):
    return _torch.sqrt(_torch.sum(x * x, dim=-1))


def _rmin(x):
    return _torch.amin(x, dim=-1)


def _rmax(x):
    return _torch.amax(x, dim=-1)


def _rany(b):
    return _torch.any(b, dim=-1)


def _rall(b):
    return _torch.all(b, dim=-1)
`;

/** Reading batched leaves, NumPy: arrays, lists, scalars; text arrays for enums. */
export const NUMPY_READ = String.raw`
def _device_of(device):
    if device not in (None, "cpu"):
        raise ValueError("the NumPy module runs on the CPU (device %r): export the torch module for devices" % (device,))
    return None


def _array(x, dtype, device):
    return _np.array(x, dtype=dtype)


def _arange(n, device):
    return _np.arange(n, dtype=_I64)


def _copy(a):
    return a.copy()


def _zeros2(r, n, device):
    return _np.zeros((r, n), dtype=_F64)


def _cat(parts, dtype, device):
    return _np.concatenate(parts).astype(dtype) if parts else _np.zeros(0, dtype=dtype)


def _cat_cols(parts, k, device):
    return _np.concatenate(parts, axis=1) if parts else _np.zeros((k, 0), dtype=_F64)


def _to_host(x):
    return x


def _np_bools(n, v):
    return _np.full(n, v, dtype=bool)


def _np_bools_of(x):
    return _np.asarray(x, dtype=bool)


def _is_array(x):
    return isinstance(x, _np.ndarray) or (hasattr(x, "__array__") and not isinstance(x, (list, tuple, dict, str, bytes)))


def _is_text(x):
    if isinstance(x, _np.ndarray):
        a = x
    elif isinstance(x, (list, tuple)):
        try:
            a = _np.asarray(x)
        except Exception:
            return False
    else:
        return False
    if a.dtype.kind in "US":
        return True
    return a.dtype.kind == "O" and a.size > 0 and isinstance(a.reshape(-1)[0], str)


def _leaf(x, device):
    if isinstance(x, _np.ndarray):
        return x
    if x is None or x is _MISSING or isinstance(x, (dict, str, bytes)):
        return None
    try:
        return _np.asarray(x)
    except Exception:
        return None


def _numel(a):
    return a.size


def _columns_of(a):
    return _np.ascontiguousarray(a.T) if a.dtype.kind in "biuf" else a.T


def _describe_leaf(a, raw):
    if a is None:
        return "an object" if isinstance(raw, dict) else _describe(_plain(raw)) if not isinstance(raw, (list, tuple)) else "a list"
    return "shape %s" % _shape_text(a.shape)


def _rows_any(bad, n):
    return bad.reshape(n, -1).any(axis=1)


def _as_bool(a, check, err):
    if a.dtype == bool:
        return a
    if a.dtype.kind in "iuf":
        n = a.shape[0]
        if check:
            bad = _rows_any((a != 0) & (a != 1), n)
            if bad.any():
                env = _first(bad)
                raise err(env, _js_number(float(a.reshape(n, -1)[env][_np.nonzero(((a != 0) & (a != 1)).reshape(n, -1)[env])[0][0]])))
        return a != 0
    raise err(0, "an array of %s" % a.dtype)


_ENUM_EXPECTED = "expected one of %s (or an index 0..%d), got %s"


def _as_numbers(a, kind, check, err, members):
    n = a.shape[0]
    if kind == "bool":
        return _as_bool(a, check, lambda env, got: err(env, "expected true or false, got " + got)).astype(_F64)
    if a.dtype == bool:
        raise err(0, "expected %s, got booleans" % ("an enum member" if kind == "enum" else "numbers"))
    if a.dtype.kind not in "iuf":
        flat = a.reshape(n, -1)
        for env in range(n):  # only on the error path: find the first environment that is wrong
            for v in flat[env]:
                if isinstance(v, bool) or not isinstance(v, (int, float, _np.integer, _np.floating)):
                    raise err(env, "expected a number, got " + _describe(_plain(v)))
        a = a.astype(_F64)
    x = a.astype(_F64, copy=False)
    if check:
        rows = x.reshape(n, -1)
        # A sum is finite only when every element is (an overflow to infinity is looked at).
        if not _np.isfinite(_np.sum(x)):
            bad = ~_np.isfinite(rows)
            if bad.any():
                env = _first(bad.any(axis=1))
                raise err(env, "not a finite number (got %s)" % _js_number(float(rows[env][bad[env]][0])))
        if (kind == "int" or kind == "enum") and not (x == _np.floor(x)).all() or kind == "enum" and not _within(x, 0, len(members) - 1):
            bad = rows != _np.floor(rows)
            if kind == "enum":
                bad = bad | (rows < 0) | (rows >= len(members))
            if bad.any():
                env = _first(bad.any(axis=1))
                got = _js_number(float(rows[env][bad[env]][0]))
                if kind == "int":
                    raise err(env, "expected an integer, got " + got)
                raise err(env, _ENUM_EXPECTED % (", ".join(members), len(members) - 1, got))
    return x


def _to_f32(x):
    return x.astype(_np.float32)


def _within(x, lo, hi):
    # Every element in [lo, hi] (False with a NaN): two reductions, no (N,) temporary.
    return bool(x.min() >= lo) and bool(x.max() <= hi)


def _hits(bad, limit):
    # The first limit (environment, element) positions where bad holds, as Python lists.
    return _np.argwhere(bad)[:limit].tolist()


def _pick_ended(masks, accs, tes):
    # From steps' (N,) ended masks, (R, N) rows and (N,) flags: the ended episodes' environments,
    # (R, episodes) rows and flags, by step and then by environment.
    s, e = _np.nonzero(_np.stack(masks))
    return e.astype(_I64), _np.stack(accs)[s, :, e].T, _np.stack(tes)[s, e]


def _full_default(n, length, default, device):
    # default: one value per slot (FIELD_DEFAULTS).
    if length:
        return _np.tile(_np.asarray(default, dtype=_F64).reshape(1, length), (n, 1))
    return _np.full(n, default[0], dtype=_F64)
`;

/** Reading batched leaves, PyTorch: tensors on any device, lists and numpy arrays converted. */
export const TORCH_READ = String.raw`
def _device_of(device):
    return _torch.device("cpu" if device is None else device)


def _array(x, dtype, device):
    return _torch.tensor(x, dtype=dtype, device=device)


def _arange(n, device):
    return _torch.arange(n, dtype=_I64, device=device)


def _copy(a):
    return a.clone()


def _zeros2(r, n, device):
    return _torch.zeros((r, n), dtype=_F64, device=device)


def _cat(parts, dtype, device):
    return _torch.cat(parts).to(dtype) if parts else _torch.zeros(0, dtype=dtype, device=device)


def _cat_cols(parts, k, device):
    return _torch.cat(parts, dim=1) if parts else _torch.zeros((k, 0), dtype=_F64, device=device)


def _to_host(x):
    return x.detach().cpu().numpy() if isinstance(x, _torch.Tensor) else x


def _np_bools(n, v):
    import numpy
    return numpy.full(n, v, dtype=bool)


def _np_bools_of(x):
    import numpy
    return numpy.asarray(_to_host(x), dtype=bool)


def _is_array(x):
    return isinstance(x, _torch.Tensor) or (hasattr(x, "__array__") and not isinstance(x, (list, tuple, dict, str, bytes)))


def _is_text(x):
    return False


_DEFAULT_DEVICE = [None]


def _leaf(x, device):
    if isinstance(x, _torch.Tensor):
        return x if device is None or x.device == device else x.to(device)
    if x is None or x is _MISSING or isinstance(x, (dict, str, bytes)):
        return None
    try:
        t = _torch.as_tensor(x)
    except Exception:
        return None
    return t if device is None else t.to(device)


def _numel(a):
    return a.numel()


def _columns_of(a):
    return a.t().contiguous()


def _describe_leaf(a, raw):
    if a is None:
        if isinstance(raw, dict):
            return "an object"
        if isinstance(raw, (list, tuple)):
            return "a list that is no array of numbers"
        if hasattr(raw, "dtype") and getattr(raw.dtype, "kind", "") in "USO":
            return "an array of text (the torch module reads enums by member index only)"
        return _describe(_plain(raw))
    return "shape %s" % _shape_text(a.shape)


def _as_bool(a, check, err):
    if a.dtype == _torch.bool:
        return a
    if a.dtype.is_floating_point or not a.dtype.is_complex:
        n = a.shape[0]
        if check:
            bad = ((a != 0) & (a != 1)).reshape(n, -1)
            if bool(bad.any()):
                env = int(bad.any(dim=1).nonzero()[0][0])
                raise err(env, _js_number(float(a.reshape(n, -1)[env][bad[env]][0])))
        return a != 0
    raise err(0, "an array of %s" % a.dtype)


_ENUM_EXPECTED = "expected one of %s (or an index 0..%d), got %s"


def _as_numbers(a, kind, check, err, members):
    n = a.shape[0]
    if kind == "bool":
        return _as_bool(a, check, lambda env, got: err(env, "expected true or false, got " + got)).to(_F64)
    if a.dtype == _torch.bool:
        raise err(0, "expected %s, got booleans" % ("an enum member" if kind == "enum" else "numbers"))
    x = a.to(_F64)
    if check:
        rows = x.reshape(n, -1)
        # A sum is finite only when every element is (an overflow to infinity is looked at).
        if not bool(_torch.isfinite(_torch.sum(x))):
            bad = ~_torch.isfinite(rows)
            if bool(bad.any()):
                env = int(bad.any(dim=1).nonzero()[0][0])
                raise err(env, "not a finite number (got %s)" % _js_number(float(rows[env][bad[env]][0])))
        if (kind == "int" or kind == "enum") and not (bool((x == _torch.floor(x)).all()) and (kind == "int" or _within(x, 0, len(members) - 1))):
            bad = rows != _torch.floor(rows)
            if kind == "enum":
                bad = bad | (rows < 0) | (rows >= len(members))
            if bool(bad.any()):
                env = int(bad.any(dim=1).nonzero()[0][0])
                got = _js_number(float(rows[env][bad[env]][0]))
                if kind == "int":
                    raise err(env, "expected an integer, got " + got)
                raise err(env, _ENUM_EXPECTED % (", ".join(members), len(members) - 1, got))
    return x


def _to_f32(x):
    return x.to(_torch.float32)


def _within(x, lo, hi):
    # Every element in [lo, hi] (False with a NaN): one reduction and one look at the host.
    lo_hi = _torch.aminmax(x)
    return bool((lo_hi[0] >= lo) & (lo_hi[1] <= hi))


def _hits(bad, limit):
    # The first limit (environment, element) positions where bad holds, as Python lists.
    return bad.nonzero()[:limit].tolist()


def _pick_ended(masks, accs, tes):
    # From steps' (N,) ended masks, (R, N) rows and (N,) flags: the ended episodes' environments,
    # (R, episodes) rows and flags, by step and then by environment.
    s, e = _torch.stack(masks).nonzero(as_tuple=True)
    return e, _torch.stack(accs)[s, :, e].t(), _torch.stack(tes)[s, e]


def _full_default(n, length, default, device):
    # default: one value per slot (FIELD_DEFAULTS).
    if length:
        return _torch.tensor([list(default)], dtype=_F64, device=device).repeat(n, 1)
    return _torch.full((n,), float(default[0]), dtype=_F64, device=device)
`;
