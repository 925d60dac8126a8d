#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Reference tie-lines of the Cr-Ti-V isothermal section at 800 K from OpenCalphad (oc6P, path in
# $LQ_OPENCALPHAD): one equilibrium ("c e": grid minimiser + Newton, composition sets created
# automatically) at each overall composition of points.txt, P = 101325 Pa; writes
# oc_800K.csv: point, x_TI, x_V (overall), phase, x(CR), x(TI), x(V) of each stable phase.
# The TDB is tests/data/ternary/crtiv_ghosh.tdb with three edits OpenCalphad needs and that do not
# change G: T**(n) -> T**n, T**-n -> T**(-n), and a stray '"' after two '!' removed.
# Usage: tests/thermo_ternary/ref/oc_section.sh > tests/thermo_ternary/ref/oc_800K.csv
set -euo pipefail
oc="${LQ_OPENCALPHAD:-/tmp/ocb/oc6P}"
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed 's/T\*\*(\([0-9][0-9]*\))/T**\1/g; s/T\*\*-\([0-9][0-9]*\)/T**(-\1)/g; s/!"/!/' \
    "$here/../../data/ternary/crtiv_ghosh.tdb" > "$work/DB.TDB"
{
    printf 'r t ./DB\n\n\n\n\n'
    grep -v '^#' "$here/points.txt" | while read -r ti v; do
        printf 'set c t=800 p=101325 n=1 x(ti)=%s x(v)=%s\nc e\nl r 1\n' "$ti" "$v"
    done
    printf 'quit\nY\n'
} > "$work/s.OCM"
(cd "$work" && OMP_NUM_THREADS=1 "$oc" s.OCM < /dev/null > out.txt 2>&1) || true
echo "# OpenCalphad $(grep -m1 -o 'OC version *[0-9.]*' "$work/out.txt"), T = 800 K, P = 101325 Pa"
echo "point,x_TI,x_V,phase,x_CR,x_TI_phase,x_V_phase"
awk '
/^Conditions/ { getline; match($0, /X\(TI\)=[0-9.]+/); ti = substr($0, RSTART + 6, RLENGTH - 6);
                match($0, /X\(V\)=[0-9.]+/); v = substr($0, RSTART + 5, RLENGTH - 5); pt++; inph = 0 }
/^Some data for phases/ { inph = 1; next }
inph && /^[A-Z_0-9#]+\.+ E / { name = $1; sub(/\.+$/, "", name); sub(/#1$/, "", name); getline;
    for (i = 1; i < NF; i += 2) xx[$i] = $(i + 1);
    printf "%d,%s,%s,%s,%s,%s,%s\n", pt, ti, v, name, xx["CR"], xx["TI"], xx["V"] }
' "$work/out.txt"
