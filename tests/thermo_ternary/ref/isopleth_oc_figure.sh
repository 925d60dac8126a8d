#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# docs/isopleth-crtiv-oc.png: liquidus's Cr-Ti-V isopleth x(V) = 0.1 (boundary points, 40 x 40
# grid) with OpenCalphad's boundary points of oc_isopleth_boundaries.csv (the zero of the phase
# amount through its two equilibria; rows OpenCalphad did not converge are left out).
# Usage: LQ_BIN=build/release/liquidus tests/thermo_ternary/ref/isopleth_oc_figure.sh
set -euo pipefail
bin="${LQ_BIN:-build/release/liquidus}"
here=$(cd "$(dirname "$0")" && pwd)
root="$here/../../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" map "$root/tests/data/ternary/crtiv_ghosh.tdb" --comps CR,TI,V --isopleth 'x(V)=0.1' \
    --T 1000:2300 --out "$tmp/iso.csv" -q > /dev/null 2>&1
python3 - "$tmp/iso.csv" "$here/oc_isopleth_boundaries.csv" > "$tmp/both.csv" <<'PY'
import csv, sys
print("x_TI,liquidus_T_K,OpenCalphad_T_K")
rows = [r for r in csv.reader(open(sys.argv[1])) if r and not r[0].startswith("#")]
h = rows[0]
for r in rows[1:]:
    print("%s,%s,nan" % (r[h.index("x_TI")], r[h.index("T_K")]))
for r in csv.reader(open(sys.argv[2])):
    if not r or r[0].startswith("#") or r[0] == "s" or "nan" in r[4:]:
        continue
    s, T = float(r[0]), float(r[1])
    T1, x1, n1, T2, x2, n2 = map(float, r[4:10])
    if not (0 < n1 < n2):
        continue
    if r[2] == "T":
        print("%.6f,nan,%.4f" % (0.9 * s, T1 - n1 * (T2 - T1) / (n2 - n1)))
    else:
        print("%.6f,nan,%.4f" % (x1 - n1 * (x2 - x1) / (n2 - n1), T))
PY
"$bin" plot "$tmp/both.csv" --x x_TI --y liquidus_T_K,OpenCalphad_T_K --points \
    --xlabel 'x(Ti) (mole fraction), x(V) = 0.1' --ylabel 'T / K' --yrange 1000:2300 \
    --title 'Cr-Ti-V isopleth: liquidus and OpenCalphad boundary points' \
    --width 480 --height 400 --out "$root/docs/isopleth-crtiv-oc.png" -q
