"""An independent EPIC (Gleave et al., ICLR 2021) for the tests of `reward compare`.

It shares no code with the product: it reads the small world's JSONL trajectories itself,
writes each reward as a Python function, and computes the canonicalisation of LANGUAGE.md
section 12 *exactly* over the empirical distributions (every state record for S and S', every
action for A, all combinations), where the product samples them. Run under Debian's python3:

    python3 epic_reference.py TRAJ.jsonl GAMMA  ->  {"a|b": distance, ...}
"""
import itertools
import json
import sys

import numpy as np

GAMMA = float(sys.argv[2])

# The machine of the spec: a -> b when x == 0; b -> done when x == 5 (reward 1); done terminal.
def machine_step(u, x_next):
    if u == "a" and x_next == 0:
        return "b", 0.0
    if u == "b" and x_next == 5:
        return "done", 1.0
    return u, 0.0

def read(path):
    """Episodes as lists of records; an episode ends at terminated/truncated."""
    episodes, cur = [], []
    with open(path) as f:
        for line in f:
            if not line.strip():
                continue
            r = json.loads(line)
            cur.append(r)
            if r.get("terminated") or r.get("truncated"):
                episodes.append(cur)
                cur = []
    if cur:
        episodes.append(cur)
    return episodes

# A state record: (x, machine state as the trajectory reached it, ended a terminated episode).
states, actions, steps = [], [], []
for ep in read(sys.argv[1]):
    u = "a"
    recs = []
    for i, r in enumerate(ep):
        if i > 0:
            u, _ = machine_step(u, r["x"])
        recs.append((r["x"], u, i == len(ep) - 1 and bool(r.get("terminated"))))
    states.extend(recs)
    for i in range(len(ep) - 1):
        actions.append(ep[i]["action"])
        steps.append((recs[i], ep[i]["action"], recs[i + 1]))

def phi(s):
    x, _, terminal = s
    return 0.0 if terminal else -abs(x - 5)

def goal(s, a, n):
    return 1.0 if n[0] >= 5 else 0.0

def rewards():
    return {
        "goal": goal,
        "shaped": lambda s, a, n: goal(s, a, n) - 0.01 + GAMMA * phi(n) - phi(s),
        "near": lambda s, a, n: -abs(n[0] - 3),
        "push": lambda s, a, n: s[0] * a,
        "task": lambda s, a, n: machine_step(s[1], n[0])[1],
        "mixed": lambda s, a, n: machine_step(s[1], n[0])[1] + 0.2 * s[0] * a - 0.1 * abs(n[0] - 3),
    }

def canonical(R):
    # m(x) = E_{A, S'} R(x, A, S'), exactly over every action and every state record.
    m = {}
    def mean_from(x):
        if x not in m:
            m[x] = float(np.mean([R(x, a, n) for a in actions for n in states]))
        return m[x]
    c = float(np.mean([mean_from(s) for s in states]))
    return np.array([R(s, a, n) + GAMMA * mean_from(n) - mean_from(s) - GAMMA * c for (s, a, n) in steps])

cs = {name: canonical(R) for name, R in rewards().items()}
out = {}
for a, b in itertools.combinations(cs, 2):
    rho = float(np.corrcoef(cs[a], cs[b])[0, 1])
    out[f"{a}|{b}"] = float(np.sqrt((1 - max(-1.0, min(1.0, rho))) / 2))
print(json.dumps(out))
