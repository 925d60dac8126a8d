#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Reference E-V fits for tests/dft: pymatgen.analysis.eos and ase.eos on the given CSV files
# (volume_A3,energy_eV). One line per file, model and engine:
#   <file> <model> <engine> <V0 A^3> <B0 eV/A^3> <E0 eV> <B'>
# Models: bm3 (pymatgen birch_murnaghan, ASE birchmurnaghan), murnaghan, vinet.
import sys
import warnings

warnings.filterwarnings("ignore")
from ase.eos import EquationOfState  # noqa: E402
from pymatgen.analysis.eos import EOS  # noqa: E402

PMG = {"bm3": "birch_murnaghan", "murnaghan": "murnaghan", "vinet": "vinet"}
ASE = {"bm3": "birchmurnaghan", "murnaghan": "murnaghan", "vinet": "vinet"}
for path in sys.argv[1:]:
    v, e = [], []
    for line in open(path):
        if line[0].isdigit() or line[0] == "-":
            a, b = line.split(",")[:2]
            v.append(float(a))
            e.append(float(b))
    for m in ("bm3", "murnaghan", "vinet"):
        f = EOS(PMG[m]).fit(v, e)
        print(path, m, "pymatgen", repr(f.v0), repr(f.b0), repr(f.e0), repr(f.b1))
        a = EquationOfState(v, e, eos=ASE[m])
        v0, e0, b0 = a.fit(warn=False)
        print(path, m, "ase", repr(v0), repr(b0), repr(e0), repr(a.eos_parameters[2]))
