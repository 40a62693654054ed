"""Records glibc's sin/cos (through Python's math module) and exact fused multiply-adds as test
data for tfgym's libm (src/envs/classic_control/libm.ts, fma.ts).

Usage: python3 scripts/record_libm.py test/golden/libm.json
"""
import json
import math
import sys
from fractions import Fraction

import numpy as np


def main(path):
    rng = np.random.default_rng(2026)
    xs = np.concatenate([
        rng.uniform(-0.13, 0.13, 1500),      # Taylor branch
        rng.uniform(-0.9, 0.9, 1500),        # table branch
        rng.uniform(-2.5, 2.5, 1500),        # near pi/2
        rng.uniform(-200.0, 200.0, 1500),    # reduced by multiples of pi/2
        rng.uniform(-1e8, 1e8, 500),         # reduced, products by pi/2's pieces no longer exact
        np.array([0.0, -0.0, 1e-30, -3e-9, math.pi, -math.pi, math.pi / 2, 0.126, 0.85546875, 2.426265, 1e5]),
    ])
    fma_cases = []
    for _ in range(2000):
        a, b, c = (rng.normal(size=3) * np.exp(rng.uniform(-8, 8, size=3))).tolist()
        if rng.uniform() < 0.3:
            c = -a * b  # heavy cancellation
        fma_cases.append([a, b, c, float(Fraction(a) * Fraction(b) + Fraction(c))])
    data = {
        "x": [float(x) for x in xs],
        "sin": [math.sin(x) for x in xs],
        "cos": [math.cos(x) for x in xs],
        "fma": fma_cases,
    }
    with open(path, "w") as f:
        json.dump(data, f, separators=(",", ":"))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "test/golden/libm.json")
