#!/usr/bin/env python3
"""Tabular Q-learning on FrozenLake-v1 with the reward of fetch-key.reward: a training run that
proves what the diagnostics say.

Three agents, each trained with several seeds:
  obs-only      reward 'main'; the agent sees the cell alone. The task needs two different
                actions on cell 2 (before and after the key): non-markovian-reward says a policy
                on the observation alone cannot be optimal, and it does not learn the task.
  obs+machine   reward 'main'; the agent sees (cell, machine state), as RewardWrapper gives
                it: the reward is Markov there, and it learns the task.
  farm          reward 'farm' (adds 'closer', flagged by farmable-progress); the agent sees
                (cell, machine state) and learns to walk back and forth for the bonus.

It needs the exported module (reward export python fetch-key.reward -o fetch_key_reward.py),
Gymnasium 1.4.0 and numpy, and writes a JSON summary and an SVG of the learning curves:

    python3 qlearning.py --module fetch_key_reward.py --out results.json --svg curves.svg
    [--episodes 3000] [--seeds 0,1,2,3,4] [--every 50]

Everything is seeded: the same arguments give the same numbers.
"""

import argparse
import importlib.util
import json
import sys

import gymnasium
import numpy as np

AGENTS = (
    ("obs-only", "main", False),
    ("obs+machine", "main", True),
    ("farm", "farm", True),
)


def load(path):
    spec = importlib.util.spec_from_file_location("fetch_key_reward", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["fetch_key_reward"] = module
    spec.loader.exec_module(module)
    return module


def make(module, reward):
    env = gymnasium.make("FrozenLake-v1", map_name="4x4", is_slippery=False)
    return module.RewardWrapper(env, reward=reward)


def state_of(obs, machine, n_machine):
    cell = int(obs["obs"])
    return cell * n_machine + int(obs["machines"]["fetch"]) if machine else cell


def greedy_episode(env, q, machine, n_machine):
    """One episode of the greedy policy: (task done, steps, bonus collected)."""
    obs, _ = env.reset(seed=0)
    steps, bonus = 0, 0.0
    while True:
        s = state_of(obs, machine, n_machine)
        obs, _r, terminated, truncated, info = env.step(int(np.argmax(q[s])))
        steps += 1
        bonus += info["reward_components"].get("closer", 0.0)
        if terminated or truncated:
            return bool(info["task_done"]), steps, bonus


def train(module, reward, machine, seed, episodes, every, gamma):
    env = make(module, reward)
    test_env = make(module, reward)
    n_machine = len(module.MACHINES[0].states)
    n_states = 16 * (n_machine if machine else 1)
    rng = np.random.default_rng(seed)
    # Optimistic initial values (above any return of the task) make the agent try what it
    # has not tried yet: the standard exploration of tabular Q-learning with a sparse reward.
    q = np.ones((n_states, 4))
    alpha = 0.5
    curve, lengths = [], []
    obs, _ = env.reset(seed=seed)
    env.action_space.seed(seed)
    for episode in range(episodes):
        epsilon = max(0.05, 1.0 - episode / (0.6 * episodes))
        obs, _ = env.reset()
        while True:
            s = state_of(obs, machine, n_machine)
            if rng.random() < epsilon:
                a = int(rng.integers(4))
            else:
                best = np.flatnonzero(q[s] == q[s].max())
                a = int(rng.choice(best))
            obs, r, terminated, truncated, _info = env.step(a)
            s2 = state_of(obs, machine, n_machine)
            target = r + (0.0 if terminated else gamma * q[s2].max())
            q[s, a] += alpha * (target - q[s, a])
            if terminated or truncated:
                break
        if (episode + 1) % every == 0:
            ok, length, _bonus = greedy_episode(test_env, q, machine, n_machine)
            curve.append(ok)
            lengths.append(length)
    done, steps, bonus = greedy_episode(test_env, q, machine, n_machine)
    return {"curve": curve, "lengths": lengths, "success": done, "steps": steps, "bonus": bonus}


def svg(results, every, path):
    """Learning curves as SVG: the greedy policy's task success (mean over the seeds) and its
    episode length, against training episodes."""
    w, h, left, right = 660, 585, 64, 150
    panels = (("curve", "task success of the greedy policy", 1.0, lambda v: "%d%%" % round(100 * v), 20, 230),
              ("lengths", "steps of the greedy episode", 100.0, lambda v: "%d" % round(v), 300, 230))
    colors = {"obs-only": "#c0392b", "obs+machine": "#2e86c1", "farm": "#d68910"}
    dashes = {"obs-only": "6 4", "obs+machine": "", "farm": "2 3"}
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">' % (w, h),
           '<rect width="100%" height="100%" fill="white"/>']
    pw = w - left - right
    n = max(len(r["curve"]) for r in results.values())
    for key, title, top_value, label, top, ph in panels:
        for k in range(0, 6):
            y = top + ph - ph * k / 5
            out.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>' % (left, y, left + pw, y))
            out.append('<text x="%d" y="%.1f" text-anchor="end">%s</text>' % (left - 6, y + 4, label(top_value * k / 5)))
        for k in range(0, 6):
            x = left + pw * k / 5
            out.append('<text x="%.1f" y="%d" text-anchor="middle">%d</text>' % (x, top + ph + 16, round(n * every * k / 5)))
        out.append('<text x="%d" y="%d" font-weight="bold">%s</text>' % (left, top - 4, title))
        out.append('<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#333"/>' % (left, top, pw, ph))
        for name, r in results.items():
            pts = " ".join("%.1f,%.1f" % (left + pw * (j + 1) / n, top + ph - ph * v / top_value) for j, v in enumerate(r[key]))
            dash = ' stroke-dasharray="%s"' % dashes[name] if dashes[name] else ""
            out.append('<polyline fill="none" stroke="%s" stroke-width="2.5"%s points="%s"/>' % (colors[name], dash, pts))
    out.append('<text x="%d" y="%d" text-anchor="middle">training episodes</text>' % (left + pw / 2, h - 8))
    for i, name in enumerate(results):
        y = 40 + 22 * i
        dash = ' stroke-dasharray="%s"' % dashes[name] if dashes[name] else ""
        out.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="3"%s/>' % (left + pw + 12, y, left + pw + 36, y, colors[name], dash))
        out.append('<text x="%d" y="%d">%s</text>' % (left + pw + 42, y + 4, name))
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--module", required=True)
    p.add_argument("--episodes", type=int, default=3000)
    p.add_argument("--seeds", default="0,1,2,3,4")
    p.add_argument("--every", type=int, default=50)
    p.add_argument("--out")
    p.add_argument("--svg")
    args = p.parse_args(argv)
    module = load(args.module)
    seeds = [int(s) for s in args.seeds.split(",")]
    gamma = module.REWARDS["main"].gamma
    summary = {"episodes": args.episodes, "seeds": seeds, "every": args.every, "gamma": gamma, "agents": {}}
    curves = {}
    for name, reward, machine in AGENTS:
        runs = [train(module, reward, machine, seed, args.episodes, args.every, gamma) for seed in seeds]
        curve = [float(np.mean([r["curve"][j] for r in runs])) for j in range(len(runs[0]["curve"]))]
        lengths = [float(np.mean([r["lengths"][j] for r in runs])) for j in range(len(runs[0]["lengths"]))]
        curves[name] = {"curve": curve, "lengths": lengths}
        summary["agents"][name] = {
            "reward": reward,
            "observation": "cell and machine state" if machine else "cell",
            "success_rate": float(np.mean([r["success"] for r in runs])),
            "mean_steps": float(np.mean([r["steps"] for r in runs])),
            "mean_bonus": float(np.mean([r["bonus"] for r in runs])),
            "per_seed": [{"seed": s, "success": r["success"], "steps": r["steps"], "bonus": round(r["bonus"], 6)} for s, r in zip(seeds, runs)],
            "curve": curve,
            "lengths": lengths,
        }
    text = json.dumps(summary, indent=1)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")
    if args.svg:
        svg(curves, args.every, args.svg)
    for name, a in summary["agents"].items():
        print("%-12s success %5.1f%%  steps %6.1f  bonus %6.2f" % (name, 100 * a["success_rate"], a["mean_steps"], a["mean_bonus"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
