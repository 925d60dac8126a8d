#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: a batch of 1000 Bi-Nd equilibria through the Python package against the same batch
through C (bench_python_eq, measured in the same run); prints the ratio Python / C.

The issue asks that batch calls from Python cost the same as the C calls within 10 %: the batch
runs as one C loop with the GIL released, so the difference is the argument conversion and the
copying of the results into numpy arrays. Timing: thread CPU time (time.thread_time, the clock
bench_util.h uses), median of 15 batches after one warm-up batch, as bench_python_eq does.

usage: PYTHONPATH=BUILD/python python3 bench/bench_python.py BUILD
"""

import os
import statistics
import subprocess
import sys
import time

import numpy as np

import liquidus

REPEATS = 15


def bench_row(capability, ours, reference, ratio):
    """The summary row scripts/bench_table.py reads (the format of lqb_row in bench_util.h)."""
    fields = [str(f).replace("\t", " ").replace("\n", " ") for f in (capability, ours, reference,
                                                                     ratio)]
    print("\t".join(["LQ_BENCH_ROW"] + fields), flush=True)


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build/bench"
    here = os.path.dirname(os.path.abspath(__file__))
    db = liquidus.Database(os.path.join(here, "..", "data", "tdb", "BiNd.tdb"))
    T = np.linspace(600.0, 1400.0, 40)[:, None]
    x = np.linspace(0.02, 0.6, 25)
    cmd = [os.path.join(build, "bench_python_eq"), "--time-only"]
    # C is measured before and after the Python batches (the machine is shared and its speed
    # drifts); the ratio is taken against the mean of the two medians
    c_before = float(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    liquidus.equilibrium(db, T=T, x={"ND": x})  # warm-up: workspace and sampling
    times = []
    for _ in range(REPEATS):
        t0 = time.thread_time()
        b = liquidus.equilibrium(db, T=T, x={"ND": x})
        times.append(time.thread_time() - t0)
    if (b.status != 0).any():
        print("bench_python: %d points failed" % int((b.status != 0).sum()))
        return 1
    py = statistics.median(times)
    c_after = float(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    c = 0.5 * (c_before + c_after)
    # one point per call, for comparison (Python overhead per call is then visible)
    t0 = time.thread_time()
    for i in range(0, 40, 4):
        for j in range(0, 25, 5):
            liquidus.equilibrium(db, T=float(T[i, 0]), x={"ND": float(x[j])})
    single = (time.thread_time() - t0) / 50
    print("batch of %d Bi-Nd equilibria: Python %.3f ms, C %.3f ms (before %.3f, after %.3f; "
          "medians of %d, thread CPU): Python / C = %.3f (target <= 1.10); one point per Python "
          "call: %.1f us" % (b.T.size, 1e3 * py, 1e3 * c, 1e3 * c_before, 1e3 * c_after, REPEATS,
                             py / c, 1e6 * single))
    bench_row("%d Bi–Nd equilibria as one batch from Python (liquidus.equilibrium on arrays)"
              % b.T.size, "%.2f ms thread CPU" % (1e3 * py),
              "the same batch through lq_eq_solve in C: %.2f ms (mean of before %.2f, after %.2f)"
              % (1e3 * c, 1e3 * c_before, 1e3 * c_after),
              "Python/C %.3f (target ≤ 1.10)" % (py / c))
    return 0


if __name__ == "__main__":
    sys.exit(main())
