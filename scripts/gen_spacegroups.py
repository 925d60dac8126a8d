#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Writes src/dft/spacegroup_table.c: the 527 distinct Hall symbols of the standard list of 530
# space-group settings (International Tables for Crystallography Vol. B, Table A1.4.2.7; S. R.
# Hall, Acta Cryst. A37 (1981) 517), each with its number, Hermann-Mauguin symbol, setting code
# (origin choice 1/2, hexagonal H / rhombohedral R axes) and the symmetry operations without the
# lattice centring translations (those follow from the Hall symbol's lattice letter).
# Source of the facts: pymatgen's symm_ops.json as Debian's python3-pymatgen ships it
# (/usr/lib/python3/dist-packages/pymatgen/symmetry/symm_ops.json; pymatgen is MIT licensed and
# took the list from cctbx's sgtbx). The older glide symbols that the 'e' symbols of ITA 5th ed.
# (2002) replaced (ITA Table 4.3.2.1: Cmca for Cmce, Aba2 for Aea2, ...) are added as aliases.
# Usage: python3 scripts/gen_spacegroups.py [symm_ops.json] > src/dft/spacegroup_table.c
import json
import re
import sys
from fractions import Fraction

SRC = "/usr/lib/python3/dist-packages/pymatgen/symmetry/symm_ops.json"

# Lattice centring translations by Hall lattice letter (Hall 1981, Table 1).
CENTRING = {
    "P": [(0, 0, 0)],
    "A": [(0, 0, 0), (0, Fraction(1, 2), Fraction(1, 2))],
    "B": [(0, 0, 0), (Fraction(1, 2), 0, Fraction(1, 2))],
    "C": [(0, 0, 0), (Fraction(1, 2), Fraction(1, 2), 0)],
    "I": [(0, 0, 0), (Fraction(1, 2),) * 3],
    "R": [(0, 0, 0), (Fraction(2, 3), Fraction(1, 3), Fraction(1, 3)),
          (Fraction(1, 3), Fraction(2, 3), Fraction(2, 3))],
    "F": [(0, 0, 0), (0, Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), 0, Fraction(1, 2)),
          (Fraction(1, 2), Fraction(1, 2), 0)],
}

# Older symbols of the settings of groups 39, 41, 64, 67 and 68 (ITA Table 4.3.2.1), keyed by the
# symbol the source uses; a list where one Hall symbol stands for two old symbols (origin choice 1
# of group 68), and the 'e' symbol itself where the source keeps the old one.
ALIASES = {
    "A e m 2": ["A b m 2"], "B m e 2": ["B m a 2"], "B 2 e m": ["B 2 c m"],
    "C 2 m e": ["C 2 m b"], "C m 2 e": ["C m 2 a"], "A e 2 m": ["A c 2 m"],
    "A e a 2": ["A b a 2"], "B b e 2": ["B b a 2"], "B 2 e b": ["B 2 c b"],
    "C 2 e b": ["C 2 c b", "C 2 c e"], "C c 2 e": ["C c 2 a"], "A e 2 a": ["A c 2 a"],
    "C m c e": ["C m c a"], "C c m e": ["C c m b"], "A e m a": ["A b m a"],
    "A e a m": ["A c a m"], "B b e m": ["B b c m"], "B m e b": ["B m a b"],
    "C m m a": ["C m m e"], "A b m m": ["A e m m"], "B m c m": ["B m e m"],
    "C c c e :1": ["C c c a :1", "C c c b :1"], "A e a a :1": ["A b a a :1", "A c a a :1"],
    "B b e b :1": ["B b c b :1", "B b a b :1"],
    "C c c a :2": ["C c c e :2"], "A b a a :2": ["A e a a :2"], "B b c b :2": ["B b e b :2"],
}


def parse_op(s):
    """'x-y,x,z+1/2' -> (rotation rows, translation) with exact fractions."""
    rows, tr = [], []
    for comp in s.split(","):
        row, t, sign, num = [0, 0, 0], Fraction(0), 1, ""
        for ch in comp.replace(" ", "") + "+":
            if ch in "+-":
                if num:
                    t += sign * Fraction(num)
                    num = ""
                sign = 1 if ch == "+" else -1
            elif ch in "xyz":
                row["xyz".index(ch)] += sign
            else:
                num += ch
        rows.append(tuple(row))
        tr.append(t % 1)
    return tuple(rows), tuple(tr)


def check_centring(e, lattice):
    """The source's full list must be the non-centring list times the centring vectors."""
    full = {parse_op(o) for o in e["symops"]}
    made = set()
    for o in e["ncsym"]:
        r, t = parse_op(o)
        for c in CENTRING[lattice]:
            made.add((r, tuple((a + b) % 1 for a, b in zip(t, c))))
    if full != made:
        sys.exit("centring check failed for %r" % e["hall"])


def cstr(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    data = json.load(open(sys.argv[1] if len(sys.argv) > 1 else SRC))
    rows, seen = [], set()
    for e in data:
        hall = e["hall"].strip()
        # Transformed cells the source adds beyond the standard list carry a change of basis with
        # letters, "(x,y,z+1/4)"; a Hall origin shift in twelfths, "(0 0 4)", belongs to it.
        if re.search(r"\([^)]*[a-z,*]", hall) or "(" in e["universal_h_m"]:
            continue
        if hall in seen:
            sys.exit("duplicate Hall symbol %r" % hall)
        seen.add(hall)
        lattice = hall.lstrip("-")[0]
        check_centring(e, lattice)
        uhm = e["universal_h_m"]
        choice = uhm.split(":")[1].strip() if ":" in uhm else ""
        hm = e["hermann_mauguin"].strip()
        rows.append((e["number"], lattice, hm, choice, hall, ";".join(e["ncsym"]), uhm))
    if len(rows) != 527 or len({r[0] for r in rows}) != 230:
        sys.exit("expected 527 settings of 230 groups, got %d" % len(rows))
    by_uhm = {r[6]: i for i, r in enumerate(rows)}
    alias_rows = []
    for key, olds in ALIASES.items():
        if key not in by_uhm:
            sys.exit("alias key %r not in the source" % key)
        alias_rows += [(o, by_uhm[key]) for o in olds]
    out = sys.stdout
    out.write("/* SPDX-License-Identifier: GPL-3.0-or-later */\n")
    out.write("/* Space-group settings: the 527 Hall symbols of the standard list of 530 (ITB Table"
              " A1.4.2.7),\n * generated by scripts/gen_spacegroups.py from pymatgen's symm_ops.json"
              " (Debian python3-pymatgen);\n * operations without centring translations. Facts,"
              " not code: regenerate rather than edit. */\n")
    out.write('#include "dft/spacegroup.h"\n\n/* clang-format off */\n')
    out.write("const lqi_spacegroup lqi_spacegroups[LQI_N_SPACEGROUPS] = {\n")
    for n, lat, hm, ch, hall, ops, _ in rows:
        out.write("    {%d, '%s', %s, %s, %s,\n     %s},\n"
                  % (n, lat, cstr(hm), cstr(ch), cstr(hall), cstr(ops)))
    out.write("};\n\nconst lqi_spacegroup_alias lqi_spacegroup_aliases[LQI_N_SPACEGROUP_ALIASES]"
              " = {\n")
    for o, i in alias_rows:
        out.write("    {%s, %d},\n" % (cstr(o), i))
    out.write("};\n/* clang-format on */\n")
    sys.stderr.write("%d settings, %d aliases\n" % (len(rows), len(alias_rows)))


if __name__ == "__main__":
    main()
