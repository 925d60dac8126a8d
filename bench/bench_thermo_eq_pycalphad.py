#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Reference engine for bench_thermo_eq: pycalphad equilibria of Bi-Nd at random (T, x(Nd)), same
# ranges as the C benchmark; prints "pycalphad_median_ms <value>" (median of single-point calls).
import random
import statistics
import sys
import time

from pycalphad import Database, equilibrium, variables as v

path = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 30
db = Database(path)
comps = ["BI", "ND", "VA"]
phases = list(db.phases.keys())
rng = random.Random(12345)
# first call compiles the models; not timed
equilibrium(db, comps, phases, {v.T: 900.0, v.P: 101325.0, v.X("ND"): 0.5, v.N: 1.0})
times = []
for _ in range(n):
    T = 500.0 + 1000.0 * rng.random()
    x = 0.001 + 0.998 * rng.random()
    t0 = time.perf_counter()
    equilibrium(db, comps, phases, {v.T: T, v.P: 101325.0, v.X("ND"): x, v.N: 1.0})
    times.append(time.perf_counter() - t0)
print("pycalphad_median_ms %.3f" % (1e3 * statistics.median(times)))
