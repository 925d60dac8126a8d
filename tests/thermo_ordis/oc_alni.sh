#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Reproduces the OpenCalphad reference values of test_alni.c with an installed oc6P (OpenCalphad
# 6.116, sundmanbo/opencalphad built from source with its Makefile).
# Usage: tests/thermo_ordis/oc_alni.sh /path/to/oc6P   (needs LQ_SHARED_DIR, default /work/shared)
# Per line "label x(Ni) T0 PHASE": equilibrium at (T0, x), then PHASE held at zero amount with T
# free ("sh t" prints T to 8 digits); then G per mole of atoms ("sh gm") at two single points.
set -euo pipefail
oc="${1:?usage: $0 /path/to/oc6P}"
[ -x "$oc" ] || { echo "OpenCalphad not found at $oc" >&2; exit 1; }
shared="${LQ_SHARED_DIR:-/work/shared}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$shared/data/tdb/alni_dupin_2001.tdb" "$work/DB.TDB"
{
    printf 'r t ./DB\n\n\n'
    while read -r label x T0 phase; do
        printf 'set c t=%s p=101325 n=1 x(ni)=%s\nc e\nset stat ph %s=f 0\nset c t=none\n' \
            "$T0" "$x" "$phase"
        printf 'c e\nc e\nsh t\nset stat ph %s=e 0\n' "$phase"
    done <<'PTS'
eut_FCC_L12+LIQUID+AL3NI1 0.1 900 LIQUID
per_LIQUID+AL3NI1+AL3NI2 0.3 1100 LIQUID
ptd_BCC_B2+AL3NI5+FCC_L12 0.68 900 BCC_B2
eut_BCC_B2+LIQUID+FCC_L12 0.74 1630 LIQUID
per_LIQUID+FCC_L12+FCC_L12 0.77 1635 LIQUID
cong_BCC_B2 0.49554 1945 LIQUID
PTS
    printf 'set c t=1200 p=101325 n=1 x(ni)=0.8\nc e\nsh gm\nl r 1\n'
    printf 'set c t=1000 x(ni)=0.5\nc e\nsh gm\nquit\nY\n'
} > "$work/run.OCM"
(cd "$work" && "$oc" run.OCM < /dev/null > out.txt 2>&1) || true
grep -E -- '--->OC6: (T|GM)= |^ +(T|GM)= ' "$work/out.txt" || true
grep -A3 -E '^FCC_L12' "$work/out.txt" | grep -E '^ NI ' || true
