#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Reference 0 K hulls for tests/dft: pymatgen PhaseDiagram on CSV files of entries
# "name,formula,energy_eV" (total energy of the formula as written). One line per entry:
#   <file> <row> <formation energy eV/atom> <energy above hull eV/atom> <decomposition names>
import csv
import sys
import warnings

warnings.filterwarnings("ignore")
from pymatgen.analysis.phase_diagram import PDEntry, PhaseDiagram  # noqa: E402
from pymatgen.core import Composition  # noqa: E402

for path in sys.argv[1:]:
    rows = [r for r in csv.reader(l for l in open(path) if not l.startswith("#"))][1:]
    entries = [PDEntry(Composition(f), float(e), name=n) for n, f, e in rows]
    pd = PhaseDiagram(entries)
    for i, en in enumerate(entries):
        decomp, eah = pd.get_decomp_and_e_above_hull(en, allow_negative=True)
        names = ";".join(sorted(d.name for d in decomp))
        print(path, i, repr(pd.get_form_energy_per_atom(en)), repr(eah), names)
