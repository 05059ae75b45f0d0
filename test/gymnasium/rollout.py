"""Rolls out a real Gymnasium environment (the vendored, unmodified 1.4.0) and logs every
state as a step record of LANGUAGE.md section 9: the observation, the action taken from it,
and the environment's own reward for that step (`env_reward`), with `terminated` /
`truncated` on each episode's last record. The tests then ask `reward eval` for the example
spec's rewards and compare them with `env_reward`, step by step.

usage: rollout.py ENV_ID EPISODES SEED OUT.jsonl
"""
import json
import sys

import gymnasium as gym
import numpy as np


def plain(x):
    if isinstance(x, np.ndarray):
        return [float(v) for v in x.reshape(-1)]
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (np.floating,)):
        return float(x)
    return x


def policy(env_id, env, obs, rng):
    """Mostly random, with enough purpose to reach the interesting ends of each task."""
    if env_id == "MountainCar-v0":
        return 2 if obs[1] >= 0 else 0                      # pump energy: reaches the flag
    if env_id == "MountainCarContinuous-v0":
        push = 1.0 if obs[1] >= 0 else -1.0
        return np.array([push * float(rng.uniform(0.6, 1.0))], dtype=np.float32)
    return env.action_space.sample()


def main():
    env_id, episodes, seed, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    env = gym.make(env_id)
    env.action_space.seed(seed)
    rng = np.random.default_rng(seed)
    with open(out, "w") as f:
        for episode in range(episodes):
            obs, info = env.reset(seed=seed + episode)
            while True:
                action = policy(env_id, env, obs, rng)
                next_obs, reward, terminated, truncated, info = env.step(action)
                f.write(json.dumps({"episode": episode, "obs": plain(obs), "action": plain(action), "env_reward": float(reward)}) + "\n")
                obs = next_obs
                if terminated or truncated:
                    f.write(json.dumps({"episode": episode, "obs": plain(obs), "terminated": bool(terminated), "truncated": bool(truncated and not terminated)}) + "\n")
                    break


main()
