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
# The peritectic L + B2 -> Al3Ni2, which OC's grid misses (it finds L + Al3Ni2 at x(Ni) = 0.40
# and Al3Ni2 alone at 0.41, both above the L + B2 of the same model). From the Al-rich B2 (with
# vacancies on the Ni sublattice) that its grid does find alone at x(Ni) = 0.41006638, 1400.73 K,
# Newton ("c n") follows B2 alone to two compositions at each of two temperatures with LIQUID and
# AL3NI2 dormant: their driving forces DGM/RT against that B2. Per T the composition where
# DGM(LIQUID) = 0 is the L/B2 tie line (linear interpolation), DGM(AL3NI2) there is interpolated
# the same way, and the T where it vanishes is the invariant.
{
    printf 'r t ./DB\n\n\nset c t=1400.73 p=101325 n=1 x(ni)=0.41006638\nset stat ph *=s\n'
    printf 'set stat ph bcc_b2=e 1\nset stat ph liquid=d\nset stat ph al3ni2=d\nc e\n'
    for T in 1400.70 1400.76; do
        for x in 0.41005 0.41008; do
            printf 'set c t=%s x(ni)=%s\nc n\nsh t x(bcc_b2,ni) dgm(liquid) dgm(al3ni2)\n' "$T" "$x"
        done
    done
    printf 'quit\nY\n'
} > "$work/per.OCM"
(cd "$work" && "$oc" per.OCM < /dev/null > per.txt 2>&1) || true
grep -E '^(--->OC6:)? (T|X\(BCC_B2#1,NI\)|DGM\(LIQUID\)|DGM\(AL3NI2\))=' "$work/per.txt" | awk '{ v[n++] = $NF }
    END { if (n != 16) { print "peritectic L+B2->AL3NI2: OC output not understood"; exit }
          for (t = 0; t < 2; t++) {
              b = 8 * t; T[t] = v[b]
              x1 = v[b + 1]; l1 = v[b + 2]; a1 = v[b + 3]; x2 = v[b + 5]; l2 = v[b + 6]; a2 = v[b + 7]
              f = l1 / (l1 - l2); A[t] = a1 + f * (a2 - a1)
          }
          printf "peritectic L+B2->AL3NI2 T= %.4f\n", T[0] + (T[1] - T[0]) * A[0] / (A[0] - A[1]) }'
