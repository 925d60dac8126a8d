#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Generates src/core/elements_table.c (the library's one element table) from data/core/elements.csv.
# Usage: python3 data/core/make_elements.py > src/core/elements_table.c   (from the repository root)
import csv
import os

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "elements.csv")) as f:
    rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
out = [
    "/* SPDX-License-Identifier: GPL-3.0-or-later */",
    "/* The element table (IUPAC 2021 abridged atomic weights, Slater radii, usual ion charges); generated",
    " * by data/core/make_elements.py from data/core/elements.csv, which cites the sources. */",
    "#include <math.h>",
    "",
    '#include "core/core_internal.h"',
    "",
    "/* clang-format off */",
    "const lqi_element_data lqi_elements[LQ_ELEMENT_MAX_Z + 1] = {",
    '    {"X", 0, 0.0, 0, 0.0, 0},',
]
for z, r in enumerate(rows, start=1):
    assert int(r["Z"]) == z
    mass = r["mass_g_per_mol"] or "(double)NAN"
    rad = r["slater_radius_A"] or "0.0"
    out.append(f'    {{"{r["symbol"]}", {z}, {mass}, {r["interval"]}, {rad}, {r["usual_ion"]}}},')
out += ["};", "/* clang-format on */"]
print("\n".join(out))
