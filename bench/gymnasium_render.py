"""Gymnasium's own render() on this machine: frames for tfgym's pixel tests, and frames per second.

  python3 bench/gymnasium_render.py frames OUT_DIR   # writes OUT_DIR/<env>.png for the states below
  python3 bench/gymnasium_render.py speed SECONDS     # prints one JSON line: frames/s per env

Needs gymnasium and pygame (pip install "gymnasium[classic-control]"). bench/pixels.ts runs the
speed mode when they are installed; the frames were recorded once into test/fixtures.
"""
import json, os, sys, time

os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
import numpy as np
import gymnasium as gym
import pygame

# The states tfgym's test draws too (test/pixels.test.ts); Pendulum takes one step of torque -1.5.
STATES = {
    "CartPole-v1": [0.5, 0.0, 0.2, 0.0],
    "MountainCar-v0": [-0.5, 0.0],
    "MountainCarContinuous-v0": [0.2, 0.0],
    "Acrobot-v1": [0.6, -0.9, 0.0, 0.0],
    "Pendulum-v1": [0.8, 0.0],
}


def frames(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    for env_id, state in STATES.items():
        env = gym.make(env_id, render_mode="rgb_array")
        env.reset(seed=0)
        env.unwrapped.state = np.array(state, dtype=np.float64)
        if env_id == "Pendulum-v1":
            env.step(np.array([-1.5], dtype=np.float32))
        frame = env.render()
        pygame.image.save(pygame.surfarray.make_surface(frame.transpose(1, 0, 2)), os.path.join(out_dir, f"{env_id}.png"))
        env.close()


def speed(seconds):
    result = {"gymnasium": gym.__version__, "pygame": pygame.version.ver, "fps": {}}
    for env_id in STATES:
        env = gym.make(env_id, render_mode="rgb_array")
        env.reset(seed=0)
        env.render()
        n, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            _, _, term, trunc, _ = env.step(env.action_space.sample())
            if term or trunc:
                env.reset()
            env.render()
            n += 1
        result["fps"][env_id] = n / (time.perf_counter() - t0)
        env.close()
    print(json.dumps(result))


if __name__ == "__main__":
    {"frames": lambda a: frames(a), "speed": lambda a: speed(float(a))}[sys.argv[1]](sys.argv[2])
