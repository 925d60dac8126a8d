#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Reference timing for bench_screen.c: the screen's substitution and XRD stages with pymatgen
# (Structure.replace_species + scale_lattice to the same Zen's-law volume, XRDCalculator Cu
# K-alpha 0-90 deg), the pseudo-Voigt profile on the measured grid and R_wp after a least-squares
# scale and flat background (numpy), for every prototype file of a folder. Median of `repeats`.
# Usage: bench_screen.py PROTO_DIR MEASURED.xy V_A3_PER_ATOM REPEATS
import glob
import statistics
import sys
import time
import warnings

warnings.filterwarnings("ignore")
import numpy as np  # noqa: E402
from pymatgen.analysis.diffraction.xrd import XRDCalculator  # noqa: E402
from pymatgen.core import Structure  # noqa: E402

d, meas, v_atom, rep = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
files = sorted(glob.glob(f"{d}/*.vasp") + glob.glob(f"{d}/*.cif"))  # the set liquidus reads
protos = [Structure.from_file(f) for f in files]  # read before timing, as bench_screen.c
xy = np.loadtxt(meas, comments="#")
tt, yo = xy[:, 0], xy[:, 1]
w = 1.0 / np.maximum(yo, 1.0)
calc = XRDCalculator()


def pseudo_voigt(x, fwhm=0.1, eta=0.5):
    g = np.exp(-4.0 * np.log(2.0) * (x / fwhm) ** 2)
    lo = 1.0 / (1.0 + 4.0 * (x / fwhm) ** 2)
    return eta * lo + (1.0 - eta) * g


def screen_one(p):
    els = sorted(p.composition.element_composition.items(), key=lambda kv: (kv[1], kv[0].Z))
    s = p.copy()
    s.replace_species({els[0][0]: "Nd", els[1][0]: "Bi"})
    s.scale_lattice(v_atom * len(s))
    pat = calc.get_pattern(s, two_theta_range=(0, 90))
    yc = np.zeros_like(tt)
    for x0, h in zip(pat.x, pat.y):
        yc += h * pseudo_voigt(tt - x0)
    a = np.vstack([yc, np.ones_like(yc)]).T
    sw = np.sqrt(w)
    coef = np.linalg.lstsq(a * sw[:, None], yo * sw, rcond=None)[0]
    res = yo - a @ coef
    ob = yo - coef[1]
    return np.sqrt(np.sum(w * res**2) / np.sum(w * ob**2))


times = []
rwp = []
for r in range(rep):
    t0 = time.perf_counter()
    rwp = [screen_one(p) for p in protos]
    times.append(time.perf_counter() - t0)
print("structures", len(protos))
print("seconds", repr(statistics.median(times)))
best = int(np.argmin(rwp))
print("best_rwp", files[best].split("/")[-1], repr(rwp[best]))
