"""Bench driver for the batched exports (bench/src/suites/batch.ts).

usage: batch-runs.py NUMPY_MODULE TORCH_MODULE SCALAR_MODULE SIZES MILLISECONDS SCALAR_STEPS

For each batch size N: random batched records over the spec's fields (built untimed), then
BatchReward.step (numpy; torch on the CPU) timed for MILLISECONDS each (at least 5 steps), in CPU
time (time.process_time: the shared machine's other work does not count), against N scalar
Reward objects stepped in a Python loop (Reward.transition on per-environment records) over
SCALAR_STEPS environment steps. Also the peak memory a numpy step allocates (tracemalloc), per
environment. Prints one JSON object.
"""
import importlib.util
import json
import sys
import time
import tracemalloc


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    return m


def put(root, path, value):
    node = root
    for k, seg in enumerate(path):
        last = k == len(path) - 1
        nxt = None if last else path[k + 1]
        if isinstance(seg, int):
            while len(node) <= seg:
                node.append(0.0)
            if last:
                node[seg] = value
            else:
                if not isinstance(node[seg], (list, dict)):
                    node[seg] = [] if isinstance(nxt, int) else {}
                node = node[seg]
        else:
            if last:
                node[seg] = value
            else:
                node = node.setdefault(seg, [] if isinstance(nxt, int) else {})


def batched(m, np, rng, n, with_actions):
    """A batched record: every field of the spec drawn in its range, enums as indexes."""
    rec = {}
    for i, (name, path, kind, members, lo, hi, is_action) in enumerate(m.FIELDS):
        if is_action and not with_actions:
            continue
        shape = m.FIELD_SHAPES[i]
        if shape:
            # A vector: its elements where the field reads them (columns of a longer array for a slice).
            a, b = (lo, hi) if lo is not None else (-1.0, 1.0)
            v = rng.uniform(a, b, size=(n, shape))
            cut = m.FIELD_SLICES[i]
            start, step = (cut[0], cut[1]) if cut else (0, 1)
            for k in range(shape):
                put(rec, list(path) + [start + k * step], v[:, k])
            continue
        if kind == "enum":
            v = rng.integers(0, len(members), size=n)
        elif kind == "bool":
            v = rng.random(n) < 0.5
        elif kind == "int":
            v = rng.integers(int(lo if lo is not None else 0), int(hi if hi is not None else 10) + 1, size=n).astype(float)
        else:
            a, b = (lo, hi) if lo is not None else (-1.0, 1.0)
            v = rng.uniform(a, b, size=n)
        put(rec, list(path), v)

    def arrays(x):
        if isinstance(x, dict):
            return dict((k, arrays(v)) for k, v in x.items())
        if isinstance(x, list):
            cols = [np.zeros(n) if isinstance(c, float) else c for c in x]
            return np.stack(cols, axis=-1)
        return x
    rec = arrays(rec)
    if m.LABELS:
        rec["labels"] = rng.random((n, len(m.LABELS))) < 0.1
    action = rec.pop("action", None)
    return rec, action


def per_env(m, rec, action, i):
    def pick(x):
        if isinstance(x, dict):
            return dict((k, pick(v)) for k, v in x.items())
        v = x[i]
        return v.tolist() if hasattr(v, "tolist") else v
    out = pick(dict((k, v) for k, v in rec.items() if k != "labels"))
    if action is not None:
        out["action"] = pick(action) if not isinstance(action, dict) else dict((k, pick(v)) for k, v in action.items())
    if "labels" in rec:
        out["labels"] = [m.LABELS[j] for j in range(len(m.LABELS)) if rec["labels"][i][j]]
    return out


def main():
    np_path, torch_path, py_path, sizes, steps, scalar_steps = sys.argv[1:7]
    import numpy as np
    import torch
    torch.set_num_threads(1)
    mnp, mt, mpy = load(np_path, "bench_np"), load(torch_path, "bench_torch"), load(py_path, "bench_py")
    rng = np.random.default_rng(3)
    out = {"sizes": {}, "numpy": np.__version__, "torch": torch.__version__}
    for n in [int(s) for s in sizes.split(",")]:
        budget = float(steps) / 1000.0  # seconds of timed stepping per backend
        pool = [(batched(mnp, np, rng, n, True), batched(mnp, np, rng, n, False)) for _ in range(4)]
        term = rng.random((4, n)) < 0.01
        trunc = rng.random((4, n)) < 0.005
        row = {}
        # numpy
        br = mnp.BatchReward(n)
        br.step(pool[0][0][0], pool[0][0][1], pool[0][1][0], term[0], trunc[0])
        t, k = time.process_time(), 0
        while k < 5 or time.process_time() - t < budget:
            (state, action), (nxt, _a) = pool[k % 4]
            br.step(state, action, nxt, term[k % 4], trunc[k % 4])
            k += 1
        row["numpy"] = k * n / (time.process_time() - t)
        tracemalloc.start()
        (state, action), (nxt, _a) = pool[1]
        br.step(state, action, nxt, term[1], trunc[1])
        row["numpy_peak_bytes_per_env"] = tracemalloc.get_traced_memory()[1] / n
        tracemalloc.stop()
        # torch on the CPU, records already tensors (as a GPU simulator hands them over)
        tpool = []
        for (st, ac), (nx, _a) in pool:
            conv = lambda x: None if x is None else dict((kk, conv(v)) for kk, v in x.items()) if isinstance(x, dict) else torch.as_tensor(x)
            tpool.append((conv(st), conv(ac) if not isinstance(ac, dict) else conv(ac), conv(nx)))
        tterm, ttrunc = torch.as_tensor(term), torch.as_tensor(trunc)
        bt = mt.BatchReward(n)
        bt.step(tpool[0][0], tpool[0][1], tpool[0][2], tterm[0], ttrunc[0])
        t, kt = time.process_time(), 0
        while kt < 5 or time.process_time() - t < budget:
            st, ac, nx = tpool[kt % 4]
            bt.step(st, ac, nx, tterm[kt % 4], ttrunc[kt % 4])
            kt += 1
        row["torch"] = kt * n / (time.process_time() - t)
        # N scalar Reward objects in a Python loop, on per-environment records (built untimed)
        m = min(n, 1024)
        recs = [[(per_env(mpy, st, ac, i), per_env(mpy, nx, None, i)) for i in range(m)] for (st, ac), (nx, _a) in pool[:2]]
        rewards = [mpy.Reward() for _ in range(m)]
        total = 0
        t = time.process_time()
        while total < int(scalar_steps):
            for s in range(2):
                for i in range(m):
                    c, x = recs[s][i]
                    rewards[i].transition(c, x, bool(term[s][i]), bool(trunc[s][i]))
                total += m
        row["scalar"] = total / (time.process_time() - t)
        row["batch_steps"] = [k, kt]
        out["sizes"][str(n)] = row
    print(json.dumps(out))


if __name__ == "__main__":
    main()
