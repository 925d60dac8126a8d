#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Reference timings for bench_dft.c with pymatgen: XRDCalculator (Cu K-alpha, 0-90 deg) on the
# first n_sub of the benchmark's POSCAR files (files read before timing), and PhaseDiagram +
# get_e_above_hull over all entries of hull.csv. Each timing is the median of `repeats` runs.
# Usage: bench_dft.py DIR N_STRUCT N_SUB REPEATS
import csv
import statistics
import sys
import time
import warnings

warnings.filterwarnings("ignore")
from pymatgen.analysis.diffraction.xrd import XRDCalculator  # noqa: E402
from pymatgen.analysis.phase_diagram import PDEntry, PhaseDiagram  # noqa: E402
from pymatgen.core import Composition, Structure  # noqa: E402

d, n, n_sub, rep = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
structs = [Structure.from_file(f"{d}/POSCAR_{i:05d}") for i in range(min(n, n_sub))]
calc = XRDCalculator()
times = []
peaks = 0
for r in range(rep):
    t0 = time.perf_counter()
    pk = 0
    for s in structs:
        p = calc.get_pattern(s)
        pk += sum(1 for y in p.y if y > 1.0)
    times.append((time.perf_counter() - t0) / len(structs))
    peaks = pk
print("xrd_seconds_per_structure", repr(statistics.median(times)))
print("xrd_peaks_subset", peaks)

rows = list(csv.DictReader(open(f"{d}/hull.csv")))
entries = [PDEntry(Composition(r["formula"]), float(r["energy_eV"]), name=r["name"]) for r in rows]
times = []
for r in range(rep):
    t0 = time.perf_counter()
    pd = PhaseDiagram(entries)
    s = sum(pd.get_e_above_hull(e) for e in entries)
    times.append(time.perf_counter() - t0)
print("hull_seconds", repr(statistics.median(times)), len(entries))
