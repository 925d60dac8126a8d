# SPDX-License-Identifier: GPL-3.0-or-later
"""emcee reference for bench_assess_sampler: the same target, walkers and iterations.

Usage: bench_assess_sampler_emcee.py WALKERS ITERATIONS PARAMS REPEATS
Prints "emcee_map_s_per_iteration X" (log_prob called per walker, as ESPEI calls it) and
"emcee_vectorized_s_per_iteration X" (one call per half-ensemble), medians of REPEATS runs, and
"espei_s_per_iteration X": the per-walker run saving chain and lnprobability with np.save after
every iteration, as ESPEI 0.9.1's EmceeOptimizer.do_sampling does with its default
save_interval = 1 (one run).
"""
import os
import tempfile
import sys
import time

import numpy as np
import emcee

w, it, p, rep = (int(a) for a in sys.argv[1:5])
scale = 1.0 / np.arange(1, p + 1)


def lnprob(x):  # the C target: -0.5 sum x_k^2 / (k + 1)
    return -0.5 * np.sum(x * x * scale)


def lnprob_vec(x):
    return -0.5 * np.sum(x * x * scale, axis=1)


init = (0.5 + 0.1 * np.arange(p)) * (1.0 + 0.1 * np.random.RandomState(1769).randn(w, p))
for name, fn, vec in (("map", lnprob, False), ("vectorized", lnprob_vec, True)):
    times = []
    for r in range(rep):
        s = emcee.EnsembleSampler(w, p, fn, vectorize=vec)
        s.random_state = np.random.RandomState(r).get_state()
        t0 = time.perf_counter()
        s.run_mcmc(init, it)
        times.append((time.perf_counter() - t0) / it)
    print(f"emcee_{name}_s_per_iteration {np.median(times):.9g}")

with tempfile.TemporaryDirectory() as d:
    s = emcee.EnsembleSampler(w, p, lnprob)
    s.random_state = np.random.RandomState(0).get_state()
    t0 = time.perf_counter()
    for i, _ in enumerate(s.sample(init, iterations=it)):
        np.save(os.path.join(d, "trace.npy"), s.chain)
        np.save(os.path.join(d, "lnprob.npy"), s.lnprobability)
    print(f"espei_s_per_iteration {(time.perf_counter() - t0) / it:.9g}")
