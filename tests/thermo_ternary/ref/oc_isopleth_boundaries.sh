#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Boundary points of the Cr-Ti-V isopleth x(V) = 0.1 from OpenCalphad (oc6P, path in
# $LQ_OPENCALPHAD), for each line of isopleth_boundaries.txt. OpenCalphad's own "phase fix 0, T
# (or x) free" stops at its iteration limit at most of these points (two BCC composition sets), so
# the boundary comes from two ordinary equilibria ("c e", grid minimiser + Newton) on the side
# where the phase is present, 0.05 and 0.10 K from the listed T (or 1e-4 and 2e-4 in x(Ti) at
# fixed T; x(V) = 0.1, Cr the balance), P = 101325 Pa: the amount of the phase is linear in the
# distance to the boundary to second order, so the zero of the line through the two amounts is
# the boundary (error ~ 0.05 * 0.1 K / the width of the two-phase field, < 1e-3 K). Same TDB edits
# as oc_section.sh. Writes per line: s, T, along, phase, then for each of the two equilibria its
# T, x(Ti) and the phase's amount NP (8 significant digits, as "show" prints them).
# Usage: tests/thermo_ternary/ref/oc_isopleth_boundaries.sh > tests/thermo_ternary/ref/oc_isopleth_boundaries.csv
set -euo pipefail
oc="${LQ_OPENCALPHAD:-/tmp/ocb/oc6P}"
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed 's/T\*\*(\([0-9][0-9]*\))/T**\1/g; s/T\*\*-\([0-9][0-9]*\)/T**(-\1)/g; s/!"/!/' \
    "$here/../../data/ternary/crtiv_ghosh.tdb" > "$work/DB.TDB"
# one OpenCalphad process per boundary: composition sets created at one point do not carry over
n=0
grep -v '^#' "$here/isopleth_boundaries.txt" | while read -r s t along ph side; do
    n=$((n + 1))
    {
        printf 'r t ./DB\n\n\n\n\n'
        awk -v s="$s" -v t="$t" -v a="$along" -v p="$ph" -v sd="$side" 'BEGIN {
            for (k = 1; k <= 2; k++) {
                tt = t; xt = 0.9 * s
                if (a == "T") tt = t + sd * 0.05 * k; else xt = 0.9 * s + sd * 1e-4 * k
                printf "set c t=%.4f p=101325 n=1 x(ti)=%.7f x(v)=0.1\nc e\n", tt, xt
                printf "sh t\nsh x(ti)\nsh np(%s)\n", p
            } }'
        printf 'quit\nY\n'
    } > "$work/s$n.OCM"
    (cd "$work" && OMP_NUM_THREADS=1 "$oc" "s$n.OCM" < /dev/null > "out$n.txt" 2>&1) || true
    cat "$work/out$n.txt" >> "$work/out.txt"
done
echo "# OpenCalphad $(grep -m1 -o -E 'software version +[0-9.]+' "$work/out.txt"), isopleth x(V) = 0.1, P = 101325 Pa"
echo "s,T_K,along,phase,T1_K,x_TI_1,np_1,T2_K,x_TI_2,np_2"
# a value printed after OpenCalphad's "equilibrium not calculated" warning is written as nan
paste -d, <(grep -v '^#' "$here/isopleth_boundaries.txt" | awk '{print $1 "," $2 "," $3 "," $4}') \
    <(awk '/values are probably wrong/ { bad = 1 }
           match($0, /(T|X\(TI\)|NP\([A-Z_0-9#]+\))= *-?[0-9.E+-]+/) {
               v = substr($0, RSTART, RLENGTH); sub(/.*= */, "", v)
               print (bad ? "nan" : v); bad = 0 }' "$work/out.txt" |
      grep -v -x -E '[0-9.]+' | paste -d, - - - - - -)
