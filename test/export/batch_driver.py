"""Differential driver for the batched exports (test/export/batch.test.ts).

For each case (an exported numpy or torch module, trajectory files, a reward block, a batch
size, a seed), it reads the files with the module's own scalar readers, pairs the records into
the transitions `reward eval` steps (the scalar port of the evaluator, itself held equal to
`reward eval`), deals the episodes to the environments of one BatchReward (episodes of
different lengths, autoreset between them, idle environments inactive), rebuilds each state as a
batched record in a representation drawn at random (enum names or indexes, bools or 0/1,
labels as lists, strings or an (N, P) array, numpy arrays or torch tensors), and prints what
the batch paid per transition and per episode. The test compares that with `reward eval`.

usage: batch_driver.py CASES.json OUT.json
"""

import importlib.util
import json
import math
import random
import sys
import traceback


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def episodes_of(m, files):
    """[(episode id, [(cur values, next values, end), ...])] as the evaluator pairs them."""
    out = []
    count = [0]
    for file in files:
        decoder = m._Decoder(m._trajectory_format(file))
        window, steps = [], []

        def close():
            out.append((count[0], list(steps)))
            count[0] += 1
            del steps[:]
            del window[:]

        for item in m._split_episodes(m._read_trajectory(file)):
            if item[0] == "problem":
                continue
            record, end = item[1], item[2]
            values = decoder.decode(record[1], record[2], record[3], end is None, lambda p: None)
            if values is None:
                if end is not None and window:
                    if len(window) == 2:
                        steps.append((window[0], window[1], end))
                    close()
                continue
            if len(window) == 2:
                steps.append((window[0], window[1], None))
                del window[0]
            window.append(values)
            if end is not None:
                if len(window) == 2:
                    steps.append((window[0], window[1], end))
                close()
    return out


def put(root, path, value):
    node = root
    for k, seg in enumerate(path):
        last = k == len(path) - 1
        nxt = path[k + 1] if not last else None
        if isinstance(seg, int):
            while len(node) <= seg:
                node.append(0.0)
            if last:
                node[seg] = value
            else:
                if not isinstance(node[seg], (dict, list)):
                    node[seg] = [] if isinstance(nxt, int) else {}
                node = node[seg]
        else:
            if last:
                node[seg] = value
            else:
                if seg not in node:
                    node[seg] = [] if isinstance(nxt, int) else {}
                node = node[seg]


class Style(object):
    """How this case writes its batched records (drawn once per case)."""

    def __init__(self, rng, backend):
        self.enum_names = backend == "numpy" and rng.random() < 0.5
        self.bool_ints = rng.random() < 0.5
        self.labels = rng.choice(["lists", "strings", "array"])
        self.tensors = backend == "torch" and rng.random() < 0.7
        self.action_dict = rng.random() < 0.3


def record_of(m, values, with_actions, style):
    """The per-environment record (plain Python) holding the decoded values at their paths."""
    rec = {}
    plain = [f for f in m.FIELDS if f[6] and tuple(f[1]) == ("action",)]
    for i, (name, path, kind, members, lo, hi, is_action) in enumerate(m.FIELDS):
        if is_action and not with_actions:
            continue
        slot, shape = m.FIELD_SLOTS[i], m.FIELD_SHAPES[i]
        if shape:
            # A vector: its elements where the field reads them (a slice of a longer array: the
            # elements between are zeros), as the flat array an array of arrays reads as.
            if is_action and tuple(path) == ("action",) and (len(plain) > 1 or style.action_dict):
                path = ("action", name)
            cut = m.FIELD_SLICES[i]
            start, step = (cut[0], cut[1]) if cut else (0, 1)
            for k in range(shape):
                put(rec, list(path) + [start + k * step], values[slot + k])
            continue
        v = values[slot]
        if kind == "enum":
            # A name only where the leaf is its own array (an array mixing names and numbers
            # is no batch a training loop produces).
            v = members[int(v)] if style.enum_names and isinstance(path[-1], str) else int(v)
        elif kind == "bool":
            v = int(v) if style.bool_ints else bool(v)
        if is_action and tuple(path) == ("action",) and (len(plain) > 1 or style.action_dict):
            # Several actions read 'action': the action is an object of them (action.NAME).
            path = ("action", name)
        put(rec, list(path), v)
    flags = values[m.WIDTH - len(m.LABELS):]
    names = [m.LABELS[j] for j, f in enumerate(flags) if f]
    return rec, names, flags


def stack(m, recs, style, np, torch):
    """One batched record from per-environment records of the same structure."""
    def go(parts):
        first = parts[0]
        if isinstance(first, dict):
            return dict((k, go([p[k] for p in parts])) for k in first)
        if isinstance(first, list) and first and isinstance(first[0], (dict, list)):
            return [go([p[j] for p in parts]) for j in range(len(first))]
        a = np.array(parts)
        if style.tensors and a.dtype.kind in "biuf":
            return torch.as_tensor(a)
        return a
    out = go([r[0] for r in recs])
    if m.LABELS:
        if style.labels == "array":
            a = np.array([r[2] for r in recs], dtype=bool).reshape(len(recs), len(m.LABELS))
            out["labels"] = torch.as_tensor(a) if style.tensors else a
        elif style.labels == "strings" and all(len(l) == 1 for l in m.LABELS):
            out["labels"] = ["".join(r[1]) for r in recs]
        else:
            out["labels"] = [list(r[1]) for r in recs]
    return out


def finite(x):
    x = float(x)
    return x if math.isfinite(x) else None


def host(x):
    return x.cpu().numpy() if hasattr(x, "cpu") else x


def run_case(case, np, torch):
    m = load(case["module"], "batch_%d" % case["index"])
    rng = random.Random(case["seed"])
    style = Style(rng, case["backend"])
    eps = episodes_of(m, case["files"])
    n = case["num_envs"]
    queues = [[] for _ in range(n)]
    for j, (eid, steps) in enumerate(e for e in eps if e[1]):
        queues[j % n].append((eid, steps))
    kwargs = {"device": "cpu"} if case["backend"] == "torch" else {}
    br = m.BatchReward(n, case["reward"], **kwargs)
    filler = None
    for _eid, steps in eps:
        if steps:
            filler = steps[0]
            break
    current = [None] * n  # (episode id, steps, position)
    finished = [[] for _ in range(n)]  # episode ids in the order they end, per environment
    out_steps = {}
    out_episodes = {}
    k_of = {}
    k = 0
    for eid, steps in eps:
        for t in range(len(steps)):
            k_of[(eid, t)] = k
            k += 1
    if filler is None:
        return {"steps": {}, "episodes": {}}

    def collect():
        sums = br.episode_sums()
        envs = host(sums["env"])
        for j in range(len(envs)):
            env = int(envs[j])
            eid = finished[env].pop(0)
            out_episodes[eid] = {"steps": int(host(sums["steps"])[j]), "return": finite(host(sums["return"])[j]),
                                 "discounted_return": finite(host(sums["discounted_return"])[j]),
                                 "terminated": bool(host(sums["terminated"])[j])}

    # episode_sums() after every step, or after several (the episodes of many steps at once).
    sums_every = rng.choice([1, 1, 3, 100])
    calls = 0
    while True:
        for i in range(n):
            if (current[i] is None or current[i][2] >= len(current[i][1])) and queues[i]:
                eid, steps = queues[i].pop(0)
                current[i] = [eid, steps, 0]
        live = [current[i] is not None and current[i][2] < len(current[i][1]) for i in range(n)]
        if not any(live):
            break
        cur, nxt, term, trunc, which = [], [], [], [], []
        for i in range(n):
            if live[i]:
                c, x, end = current[i][1][current[i][2]]
                which.append((current[i][0], current[i][2], end))
            else:
                c, x, end = filler[0], filler[1], None
                which.append(None)
            cur.append(record_of(m, c, True, style))
            nxt.append(record_of(m, x, False, style))
            term.append(end == "terminated")
            trunc.append(end == "truncated")
        state = stack(m, cur, style, np, torch)
        next_state = stack(m, nxt, style, np, torch)
        action = state.pop("action", None)
        active = np.array(live)
        flags = (np.array(term), np.array(trunc))
        if style.tensors:
            active = torch.as_tensor(active)
            flags = (torch.as_tensor(flags[0]), torch.as_tensor(flags[1]))
        reward, components = br.step(state, action, next_state, flags[0], flags[1], None if all(live) and rng.random() < 0.5 else active)
        reward = host(reward)
        comps = dict((key, host(v)) for key, v in components.items())
        machines = dict((name, host(v)) for name, v in br.machine_states.items())
        verdicts = dict((name, host(v)) for name, v in br.ltl.items())
        for i in range(n):
            if which[i] is None:
                if float(reward[i]) != 0 or any(float(v[i]) != 0 for v in comps.values()):
                    raise AssertionError("an inactive environment was paid")
                continue
            eid, t, end = which[i]
            entry = {"reward": finite(reward[i]), "components": dict((key, finite(v[i])) for key, v in comps.items())}
            if end is None:
                entry["machines"] = dict((name, m.MACHINES[j].states[int(machines[name][i])]) for j, name in enumerate(machines))
                entry["ltl"] = dict((name, ["pending", "accepted", "rejected"][int(verdicts[name][i])]) for name in verdicts)
            out_steps[k_of[(eid, t)]] = entry
            current[i][2] += 1
            if end is not None:
                finished[i].append(eid)
        calls += 1
        if calls % sums_every == 0:
            collect()
    collect()
    if any(finished):
        raise AssertionError("episodes ended without an episode_sums() entry")
    return {"steps": out_steps, "episodes": out_episodes, "style": vars(style)}


def main():
    cases = json.load(open(sys.argv[1]))
    import numpy as np
    torch = None
    if any(c["backend"] == "torch" for c in cases):
        import torch
    results = []
    for case in cases:
        try:
            results.append(run_case(case, np, torch))
        except BaseException:
            results.append({"crash": traceback.format_exc()})
    with open(sys.argv[2], "w") as f:
        json.dump(results, f)


if __name__ == "__main__":
    main()
