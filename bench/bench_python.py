#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: a batch of 1000 Bi-Nd equilibria through the Python package against the same batch
through C (bench_python_eq, measured in the same run); prints the ratio Python / C.

The issue asks that batch calls from Python cost the same as the C calls within 10 %: the batch
runs as one C loop with the GIL released, so the difference is the argument conversion and the
copying of the results into numpy arrays. Timing: thread CPU time (time.thread_time, the clock
bench_util.h uses). The machine is shared and its speed drifts (a single C reference once moved
from 5.5 to 11.3 ms within one run), so Python and C alternate: ROUNDS rounds of one Python
measurement then one C run, each the median of 15 batches after a warm-up (bench_python_eq's
own count), and the ratio is the median over the rounds of Python / C of the same round.

usage: PYTHONPATH=BUILD/python python3 bench/bench_python.py BUILD
"""

import os
import statistics
import subprocess
import sys
import time

import numpy as np

import liquidus

REPEATS = 15  # batches per measurement, as bench_python_eq
ROUNDS = 9  # alternating Python / C measurements (at least 7 each)


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
    liquidus.equilibrium(db, T=T, x={"ND": x})  # warm-up: workspace and sampling
    py_runs, c_runs = [], []
    for _ in range(ROUNDS):
        times = []
        for _ in range(REPEATS):
            t0 = time.thread_time()
            b = liquidus.equilibrium(db, T=T, x={"ND": x})
            times.append(time.thread_time() - t0)
        if (b.status != 0).any():
            print("bench_python: %d points failed" % int((b.status != 0).sum()))
            return 1
        py_runs.append(statistics.median(times))
        c_runs.append(float(subprocess.run(cmd, check=True, capture_output=True,
                                           text=True).stdout))
    ratio = statistics.median([p / c for p, c in zip(py_runs, c_runs)])
    py, c = statistics.median(py_runs), statistics.median(c_runs)
    # one point per call, for comparison (Python overhead per call is then visible)
    t0 = time.thread_time()
    for i in range(0, 40, 4):
        for j in range(0, 25, 5):
            liquidus.equilibrium(db, T=float(T[i, 0]), x={"ND": float(x[j])})
    single = (time.thread_time() - t0) / 50
    print("batch of %d Bi-Nd equilibria, %d alternating rounds (each the median of %d batches, "
          "thread CPU): Python %.3f ms (%.3f-%.3f), C %.3f ms (%.3f-%.3f); median of the rounds' "
          "Python / C = %.3f (target <= 1.10); one point per Python call: %.1f us"
          % (b.T.size, ROUNDS, REPEATS, 1e3 * py, 1e3 * min(py_runs), 1e3 * max(py_runs),
             1e3 * c, 1e3 * min(c_runs), 1e3 * max(c_runs), ratio, 1e6 * single))
    bench_row("%d Bi–Nd equilibria as one batch from Python (liquidus.equilibrium on arrays)"
              % b.T.size, "%.2f ms thread CPU (median of %d rounds)" % (1e3 * py, ROUNDS),
              "the same batch through lq_eq_solve in C: %.2f ms (median of %d rounds alternating "
              "with Python's, %.2f-%.2f)"
              % (1e3 * c, ROUNDS, 1e3 * min(c_runs), 1e3 * max(c_runs)),
              "Python/C %.3f (target ≤ 1.10; median of the rounds' ratios)" % ratio)
    return 0


if __name__ == "__main__":
    sys.exit(main())
