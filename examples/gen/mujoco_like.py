"""Plausible trajectories for the MuJoCo and legged-robot examples, whose physics engines are
not available here. The states are smooth random walks within the documented ranges; the
reward of every step is computed with a numpy transcription of the environment's own reward
code (Gymnasium 1.4.0's ant_v5.py, humanoid_v5.py, reacher_v5.py, pusher_v5.py; legged_gym's
legged_robot.py with its reward scales times dt) and written as `env_reward` on the record of
s_t, so that a test can compare it with `reward eval` step by step. Deterministic (seeded).

usage: mujoco_like.py NAME OUT.jsonl      NAME: ant, humanoid, reacher, pusher, legged
"""
import json
import sys

import numpy as np

rng = np.random.default_rng(20261203)


def walk(n, size, scale, lo=None, hi=None, start=None):
    x = np.zeros((n, size)) if start is None else np.tile(np.asarray(start, dtype=float), (n, 1))
    for t in range(1, n):
        x[t] = x[t - 1] + rng.normal(0, scale, size)
        if lo is not None:
            x[t] = np.clip(x[t], lo, hi)
    return np.round(x, 6)          # six decimals, as a log would keep; rewards use these values


def plain(a):
    return [float(v) for v in np.asarray(a).reshape(-1)]


def write(out, records):
    with open(out, "w") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")


def ant(out, n=60):
    z = np.round(np.clip(0.55 + walk(n, 1, 0.04)[:, 0], 0.1, 1.1), 6)
    z[-1] = 0.15                                           # falls: unhealthy, terminated
    qpos = np.concatenate([z[:, None], walk(n, 12, 0.05, -1, 1)], axis=1)
    qvel = walk(n, 14, 0.3, -10, 10)
    cfrc = np.clip(walk(n, 78, 0.4), -1, 1)                # cfrc_ext[1:], clipped to [-1, 1]
    x = np.round(np.cumsum(rng.uniform(0.0, 0.08, n)), 6)
    a = np.round(rng.uniform(-1, 1, (n, 8)), 6)
    records = []
    for t in range(n):
        rec = {"obs": plain(np.concatenate([qpos[t], qvel[t], cfrc[t]])), "info": {"x_position": float(x[t])}}
        if t < n - 1:
            healthy = 0.2 <= z[t + 1] <= 1.0
            reward = (x[t + 1] - x[t]) / 0.05 + (1.0 if healthy else 0.0) - 0.5 * np.sum(np.square(a[t])) - 5e-4 * np.sum(np.square(cfrc[t + 1]))
            rec.update({"action": plain(a[t]), "env_reward": float(reward)})
        else:
            rec["terminated"] = True
        records.append(rec)
    write(out, records)


def humanoid(out, n=30):
    z = np.round(np.clip(1.3 + walk(n, 1, 0.03)[:, 0], 0.8, 2.1), 6)
    z[-1] = 0.9
    obs_rest = walk(n, 347, 0.2, -50, 50)
    cfrc = walk(n, 78, 40.0, -2000, 2000)                  # large forces: the cost's cap binds
    vx = np.round(rng.normal(0.5, 0.3, n), 6)
    a = np.round(rng.uniform(-0.4, 0.4, (n, 17)), 6)
    records = []
    for t in range(n):
        obs = np.concatenate([[z[t]], obs_rest[t]])
        obs[270:348] = cfrc[t]
        rec = {"obs": plain(obs), "info": {} if t == 0 else {"x_velocity": float(vx[t])}}   # reset info has no velocity
        if t < n - 1:
            healthy = 1.0 < z[t + 1] < 2.0
            contact = min(5e-7 * np.sum(np.square(cfrc[t + 1])), 10.0)
            reward = 1.25 * vx[t + 1] + (5.0 if healthy else 0.0) - 0.1 * np.sum(np.square(a[t])) - contact
            rec.update({"action": plain(a[t]), "env_reward": float(reward)})
        else:
            rec["terminated"] = True
        records.append(rec)
    write(out, records)


def reacher(out, n=51):
    d = walk(n, 2, 0.01, -0.4, 0.4, start=[0.15, -0.1])
    d = np.round(d * np.linspace(1, 0.1, n)[:, None], 6)    # closes in on the target
    rest = walk(n, 8, 0.05, -1, 1)
    a = np.round(rng.uniform(-1, 1, (n, 2)), 6)
    records = []
    for t in range(n):
        rec = {"obs": plain(np.concatenate([rest[t], d[t]]))}
        if t < n - 1:
            reward = -np.linalg.norm(d[t + 1]) - np.sum(np.square(a[t]))
            rec.update({"action": plain(a[t]), "env_reward": float(reward)})
        else:
            rec["truncated"] = True
        records.append(rec)
    write(out, records)


def pusher(out, n=40):
    joints = walk(n, 14, 0.05, -2, 2)
    tips = walk(n, 3, 0.02, -1, 1, start=[0.8, -0.4, -0.275])
    obj = walk(n, 3, 0.01, -1, 1, start=[0.45, -0.05, -0.275])
    goal = np.tile([0.0, 0.0, -0.275], (n, 1))
    a = np.round(rng.uniform(-2, 2, (n, 7)), 6)
    records = []
    for t in range(n):
        rec = {"obs": plain(np.concatenate([joints[t], tips[t], obj[t], goal[t]]))}
        if t < n - 1:
            reward = -np.linalg.norm(obj[t + 1] - goal[t + 1]) - 0.1 * np.sum(np.square(a[t])) - 0.5 * np.linalg.norm(obj[t + 1] - tips[t + 1])
            rec.update({"action": plain(a[t]), "env_reward": float(reward)})
        else:
            rec["truncated"] = True
        records.append(rec)
    write(out, records)


def legged(out, n=80):
    """legged_gym's LeggedRobot rewards (scales x dt = 0.02), only_positive_rewards, then the
    termination term (Isaac Lab's termination_penalty weight, -200, times dt)."""
    dt = 0.02
    cmd = np.tile([1.0, 0.0, 0.2], (n, 1))
    lin = walk(n, 3, 0.05, -2, 2, start=[0.8, 0.0, 0.0])
    ang = walk(n, 3, 0.05, -2, 2, start=[0.0, 0.0, 0.1])
    dof_vel = walk(n, 12, 0.8, -30, 30)
    torques = walk(n, 12, 4.0, -80, 80)
    # legged_gym: feet_air_time += dt; reward sum((feet_air_time - 0.5) * first_contact);
    # then feet_air_time *= ~contact. The log holds the incremented time, before the reset.
    contact = rng.random((n, 4)) < 0.4
    air_at_touch = np.zeros((n, 4))
    first = np.zeros((n, 4))
    air = np.zeros(4)
    for t in range(1, n):
        air = air + dt
        air_at_touch[t] = air
        first[t] = contact[t] & ~contact[t - 1]
        air = np.where(contact[t], 0.0, air)
    thigh = np.abs(walk(n, 4, 0.3, -3, 3))
    fell = np.zeros(n, dtype=bool)
    fell[-1] = True
    actions = walk(n, 12, 0.3, -5, 5)
    records = []
    for t in range(n):
        rec = {
            "obs": {"commands": plain(cmd[t]), "base_lin_vel": plain(lin[t]), "base_ang_vel": plain(ang[t]), "dof_vel": plain(dof_vel[t])},
            "info": {"torques": plain(torques[t]), "feet_air_time": plain(air_at_touch[t]), "first_contact": plain(first[t]), "thigh_contact_force": plain(thigh[t])},
            "labels": ["base_contact"] if fell[t] else [],
        }
        if t < n - 1:
            u = t + 1
            last_action = actions[t - 1] if t > 0 else np.zeros(12)
            terms = [
                1.0 * np.exp(-np.sum(np.square(cmd[u, :2] - lin[u, :2])) / 0.25),
                0.5 * np.exp(-np.square(cmd[u, 2] - ang[u, 2]) / 0.25),
                -2.0 * np.square(lin[u, 2]),
                -0.05 * np.sum(np.square(ang[u, :2])),
                -1e-5 * np.sum(np.square(torques[u])),
                -2.5e-7 * np.sum(np.square((dof_vel[t] - dof_vel[u]) / dt)),
                -0.01 * np.sum(np.square(last_action - actions[t])),
                1.0 * np.sum((air_at_touch[u] - 0.5) * first[u]) * (np.linalg.norm(cmd[u, :2]) > 0.1),
                -1.0 * np.sum(thigh[u] > 0.1),
            ]
            reward = max(sum(s * dt for s in terms), 0.0)        # only_positive_rewards
            reward += -200.0 * dt * (1.0 if fell[u] else 0.0)     # termination, after the clip
            rec.update({"action": plain(actions[t]), "env_reward": float(reward)})
        else:
            rec["terminated"] = True
        records.append(rec)
    write(out, records)


{"ant": ant, "humanoid": humanoid, "reacher": reacher, "pusher": pusher, "legged": legged}[sys.argv[1]](sys.argv[2])
