"""Gymnasium's side of `npm run bench:envs`: steps per second of the classic-control envs, measured
the same way as tfgym's (pre-drawn random actions, reset on episode end), printed as one JSON line.

Needs `import gymnasium` to work (set PYTHONPATH to a Gymnasium 1.x checkout, with numpy,
cloudpickle, typing_extensions and farama_notifications importable).
"""
import json
import sys
import time

import numpy as np
import gymnasium as gym

ENVS = ["CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1", "Acrobot-v1"]


def actions_for(space, n, rng):
    space.seed(int(rng.integers(1 << 30)))
    return [space.sample() for _ in range(n)]


REPEATS = 3


def best_of(f):
    """Each figure is the best of REPEATS runs, as on the tfgym side."""
    return max(f() for _ in range(REPEATS))


def measure_single(env, seconds):
    return best_of(lambda: _measure_single(env, seconds / REPEATS))


def _measure_single(env, seconds):
    rng = np.random.default_rng(0)
    acts = actions_for(env.action_space, 4096, rng)
    env.reset(seed=0)
    steps = 0
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        for _ in range(500):
            _, _, term, trunc, _ = env.step(acts[steps & 4095])
            steps += 1
            if term or trunc:
                env.reset()
        now = time.perf_counter()
        if now >= deadline:
            return steps / (now - start)


def measure_vector(envs, seconds):
    return best_of(lambda: _measure_vector(envs, seconds / REPEATS))


def _measure_vector(envs, seconds):
    rng = np.random.default_rng(0)
    acts = actions_for(envs.action_space, 256, rng)
    envs.reset(seed=0)
    steps = 0
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        for _ in range(20):
            envs.step(acts[steps & 255])
            steps += 1
        now = time.perf_counter()
        if now >= deadline:
            return steps * envs.num_envs / (now - start)


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    out = {"gymnasium_version": gym.__version__, "numpy_version": np.__version__, "envs": {}}
    for env_id in ENVS:
        row = {
            "unwrapped": measure_single(gym.make(env_id).unwrapped, seconds),
            "make": measure_single(gym.make(env_id), seconds),
        }
        for mode in ("sync", "async"):
            envs = gym.make_vec(env_id, num_envs=8, vectorization_mode=mode)
            row[f"vec8_{mode}"] = measure_vector(envs, seconds)
            envs.close()
        out["envs"][env_id] = row
    print(json.dumps(out))


if __name__ == "__main__":
    main()
