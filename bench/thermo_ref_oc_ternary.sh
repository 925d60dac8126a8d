#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Reference engine for bench_thermo_ternary: an installed OpenCalphad (oc6P, path in
# $LQ_OPENCALPHAD) computes N Cr-Ti-V equilibria ("c e": grid minimiser + Newton) at T = 800 K and
# random overall compositions (every x >= 0.01), one OpenMP thread, on the TDB given (edited as
# tests/thermo_ternary/ref/oc_section.sh does). Prints "opencalphad_median_us <us> converged <n>":
# the median of OpenCalphad's own CPU time per equilibrium (after "Equilibrium result").
# Usage: bench/thermo_ref_oc_ternary.sh TDB [N=200]. Only runs OpenCalphad; does not build it.
set -euo pipefail
oc="${LQ_OPENCALPHAD:-}"
[ -n "$oc" ] && [ -x "$oc" ] || { echo "opencalphad_absent"; exit 0; }
tdb="${1:?usage: $0 TDB [N]}"
n="${2:-200}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed 's/T\*\*(\([0-9][0-9]*\))/T**\1/g; s/T\*\*-\([0-9][0-9]*\)/T**(-\1)/g; s/!"/!/' "$tdb" > "$work/DB.TDB"
{
    printf 'r t ./DB\n\n\n\n\nset c t=800 p=101325 n=1 x(ti)=0.3 x(v)=0.3\nc e\n'
    awk -v n="$n" 'BEGIN { srand(4242); for (i = 0; i < n; i++) {
        a = 0.01 + 0.97 * rand(); b = 0.01 + (0.98 - a) * rand();
        printf "set c x(ti)=%.6f x(v)=%.6f\nc e\n", a, b } }'
    printf 'quit\nY\n'
} > "$work/m.OCM"
(cd "$work" && OMP_NUM_THREADS=1 "$oc" m.OCM < /dev/null > out.txt 2>&1) || true
grep 'Equilibrium result' "$work/out.txt" | tail -n +2 | awk '{print $5 * 1e6}' | sort -g |
    awk '{v[NR] = $1} END { if (NR == 0) { print "opencalphad_failed"; exit }
        m = (NR % 2) ? v[(NR + 1) / 2] : 0.5 * (v[NR / 2] + v[NR / 2 + 1]);
        printf "opencalphad_median_us %.1f converged %d\n", m, NR }'
