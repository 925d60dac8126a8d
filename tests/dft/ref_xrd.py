#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Reference powder patterns for tests/dft: pymatgen XRDCalculator (its default 2theta range
# 0-90 deg) on structure files. Arguments are jobs "<file>:<wavelength A>:<El=B,El=B or ->".
# Output: one line per peak "<job index> <2theta deg> <relative intensity %>".
import sys
import warnings

warnings.filterwarnings("ignore")
from pymatgen.analysis.diffraction.xrd import XRDCalculator  # noqa: E402
from pymatgen.core import Structure  # noqa: E402

for k, job in enumerate(sys.argv[1:]):
    path, lam, dw = job.rsplit(":", 2)
    dwf = {}
    if dw != "-":
        for item in dw.split(","):
            el, b = item.split("=")
            dwf[el] = float(b)
    s = Structure.from_file(path)
    p = XRDCalculator(wavelength=float(lam), debye_waller_factors=dwf).get_pattern(s)
    for x, y in zip(p.x, p.y):
        print(k, repr(float(x)), repr(float(y)))
