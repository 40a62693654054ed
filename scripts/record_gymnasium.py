"""Records Gymnasium's own classic-control trajectories as JSON test data for tfgym.

Usage (Gymnasium's source is not part of this repository; point PYTHONPATH at a checkout):
    PYTHONPATH=/path/to/Gymnasium python3 scripts/record_gymnasium.py test/golden

Each episode stores the exact internal state Gymnasium reset to (env.unwrapped.state), the actions
taken, and every step's observation, reward and flags. tfgym's tests reset to the same state with
reset({options: {state}}) and replay the actions; reset distributions themselves are checked
statistically, since tfgym's generator is seedrandom, not NumPy's PCG64.
"""
import json
import math
import sys

import numpy as np
import gymnasium as gym


def as_list(x):
    return [float(v) for v in np.asarray(x, dtype=np.float64).ravel()]


def encode_action(a):
    if isinstance(a, np.ndarray):
        return as_list(a)
    return int(a)


def run(env_id, name, policy, seed, options=None, kwargs=None, max_steps=None, steps_after_end=0):
    env = gym.make(env_id, **(kwargs or {}))
    obs, _ = env.reset(seed=seed, options=options)
    episode = {
        "env_id": env_id,
        "name": name,
        "kwargs": kwargs or {},
        "seed": seed,
        "options": options,
        "initial_state": as_list(env.unwrapped.state),
        "reset_observation": as_list(obs),
        "actions": [], "observations": [], "rewards": [], "terminated": [], "truncated": [],
    }
    rng = np.random.default_rng(seed)
    t = 0
    extra = 0
    while True:
        a = policy(obs, rng, env, t)
        obs, r, term, trunc, _ = env.step(a)
        episode["actions"].append(encode_action(a))
        episode["observations"].append(as_list(obs))
        episode["rewards"].append(float(r))
        episode["terminated"].append(bool(term))
        episode["truncated"].append(bool(trunc))
        t += 1
        if term or trunc:
            if extra >= steps_after_end:
                break
            extra += 1
        if max_steps is not None and t >= max_steps:
            break
    env.close()
    return episode


def random_discrete(n):
    return lambda obs, rng, env, t: int(rng.integers(n))


def random_box(low, high):
    return lambda obs, rng, env, t: rng.uniform(low, high, size=(1,)).astype(np.float32)


def cartpole_pd(obs, rng, env, t):
    x, x_dot, theta, theta_dot = obs
    return int(theta + 0.5 * theta_dot + 0.01 * x + 0.1 * x_dot > 0)


def mc_pump(obs, rng, env, t):
    return 2 if obs[1] >= 0 else 0


def mcc_pump(obs, rng, env, t):
    return np.array([1.0 if obs[1] >= 0 else -1.0], dtype=np.float32)


def mcc_oob(obs, rng, env, t):
    return np.array([3.0 if obs[1] >= 0 else -2.5], dtype=np.float32)


def pendulum_swing(obs, rng, env, t):
    cos_t, sin_t, thdot = obs
    return np.array([2.0 * np.sign(thdot) if cos_t < 0.9 else -3.0 * sin_t - thdot], dtype=np.float32)


def pendulum_oob(obs, rng, env, t):
    return rng.uniform(-5.0, 5.0, size=(1,)).astype(np.float32)


def acrobot_pump(obs, rng, env, t):
    return 2 if obs[5] >= 0 else 0


def acrobot_mix(obs, rng, env, t):
    return 2 if obs[4] + obs[5] >= 0 else 0


def mc_left_then_pump(obs, rng, env, t):
    return 0 if t < 30 else mc_pump(obs, rng, env, t)


def mcc_left_then_pump(obs, rng, env, t):
    return np.array([-1.0], dtype=np.float32) if t < 30 else mcc_pump(obs, rng, env, t)


def main(out_dir):
    episodes = {
        "CartPole": [
            *[run("CartPole-v1", f"random seed {s}", random_discrete(2), s) for s in range(5)],
            run("CartPole-v1", "pd controller to the time limit", cartpole_pd, 7),
            run("CartPole-v0", "v0 time limit", cartpole_pd, 8),
            run("CartPole-v1", "wide reset bounds", random_discrete(2), 9, options={"low": -0.2, "high": 0.2}),
            run("CartPole-v1", "sutton barto reward, steps after termination", random_discrete(2), 10,
                kwargs={"sutton_barto_reward": True}, steps_after_end=3),
            run("CartPole-v1", "steps after termination", random_discrete(2), 11, steps_after_end=3),
        ],
        "MountainCar": [
            *[run("MountainCar-v0", f"random seed {s}", random_discrete(3), s) for s in range(3)],
            run("MountainCar-v0", "energy pumping reaches the goal", mc_pump, 3),
            run("MountainCar-v0", "left wall", mc_left_then_pump, 4, options={"low": -1.2, "high": -1.19}),
            run("MountainCar-v0", "goal velocity", mc_pump, 5, kwargs={"goal_velocity": 0.02}),
        ],
        "MountainCarContinuous": [
            run("MountainCarContinuous-v0", "random", random_box(-1.0, 1.0), 0, max_steps=400),
            run("MountainCarContinuous-v0", "pumping reaches the goal", mcc_pump, 1),
            run("MountainCarContinuous-v0", "out-of-bounds actions", mcc_oob, 2),
            run("MountainCarContinuous-v0", "left wall", mcc_left_then_pump, 3, options={"low": -1.2, "high": -1.19}),
        ],
        "Pendulum": [
            run("Pendulum-v1", "random torques", random_box(-2.0, 2.0), 0),
            run("Pendulum-v1", "swing up", pendulum_swing, 1),
            run("Pendulum-v1", "out-of-bounds torques, angle wrapping", pendulum_oob, 2),
            run("Pendulum-v1", "reset options", random_box(-2.0, 2.0), 3, options={"x_init": 0.5, "y_init": 0.2}),
            run("Pendulum-v1", "gravity 9.81", pendulum_swing, 4, kwargs={"g": 9.81}),
        ],
        "Acrobot": [
            *[run("Acrobot-v1", f"random seed {s}", random_discrete(3), s) for s in range(2)],
            run("Acrobot-v1", "energy pumping reaches the goal", acrobot_pump, 2),
            run("Acrobot-v1", "wide reset bounds", acrobot_mix, 3, options={"low": -0.5, "high": 0.5}),
            run("Acrobot-v1", "mixed pumping", acrobot_mix, 4),
        ],
    }
    for family, eps in episodes.items():
        data = {"gymnasium_version": gym.__version__, "numpy_version": np.__version__, "episodes": eps}
        with open(f"{out_dir}/{family}.json", "w") as f:
            json.dump(data, f, separators=(",", ":"))
        summary = ", ".join(
            f"{len(e['actions'])}{'T' if e['terminated'][-1] else ''}{'t' if e['truncated'][-1] else ''}" for e in eps)
        print(f"{family}: {summary}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "test/golden")
