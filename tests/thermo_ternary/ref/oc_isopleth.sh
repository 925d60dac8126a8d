#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Reference phase sets either side of boundaries of the Cr-Ti-V isopleth x(V) = 0.1 (the line from
# (CR 0.9, TI 0, V 0.1) at s = 0 to (CR 0, TI 0.9, V 0.1) at s = 1) from OpenCalphad (oc6P, path in
# $LQ_OPENCALPHAD): one equilibrium ("c e") at T - 0.05 K and at T + 0.05 K for each (s, T) of
# isopleth_points.txt, P = 101325 Pa. Writes, per equilibrium: s, T, side (lo/hi), phase.
# Same TDB edits as oc_section.sh.
# Usage: tests/thermo_ternary/ref/oc_isopleth.sh > tests/thermo_ternary/ref/oc_isopleth.csv
set -euo pipefail
oc="${LQ_OPENCALPHAD:-/tmp/ocb/oc6P}"
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed 's/T\*\*(\([0-9][0-9]*\))/T**\1/g; s/T\*\*-\([0-9][0-9]*\)/T**(-\1)/g; s/!"/!/' \
    "$here/../../data/ternary/crtiv_ghosh.tdb" > "$work/DB.TDB"
{
    printf 'r t ./DB\n\n\n\n\n'
    grep -v '^#' "$here/isopleth_points.txt" | while read -r s t; do
        for d in -0.05 0.05; do
            awk -v s="$s" -v t="$t" -v d="$d" 'BEGIN {
                printf "set c t=%.4f p=101325 n=1 x(ti)=%.6f x(v)=0.1\nc e\nl r 1\n", t + d, 0.9 * s }'
        done
    done
    printf 'quit\nY\n'
} > "$work/s.OCM"
(cd "$work" && OMP_NUM_THREADS=1 "$oc" s.OCM < /dev/null > out.txt 2>&1) || true
echo "# OpenCalphad $(grep -m1 -o 'OC version *[0-9.]*' "$work/out.txt"), isopleth x(V) = 0.1, P = 101325 Pa"
echo "s,T_K,phase"
awk '
/^Conditions/ { getline; match($0, /T=[0-9.]+/); t = substr($0, RSTART + 2, RLENGTH - 2);
                match($0, /X\(TI\)=[0-9.]+/); ti = substr($0, RSTART + 6, RLENGTH - 6); inph = 0 }
/^Some data for phases/ { inph = 1; next }
inph && /^[A-Z_0-9#]+\.+ E / { name = $1; sub(/\.+$/, "", name);
    printf "%.6f,%s,%s\n", ti / 0.9, t, name }
' "$work/out.txt"
