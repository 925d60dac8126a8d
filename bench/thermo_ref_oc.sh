#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Reference engine for bench_thermo_eq / bench_thermo_map: an installed OpenCalphad (oc6P, path in
# $LQ_OPENCALPHAD) computes N Bi-Nd equilibria ("c e": grid minimizer + Newton) at random T in
# [500, 1500] K and x(Nd) in [0.001, 0.999], the ranges of bench_thermo_eq, one OpenMP thread.
# Prints, each the median over REPS runs:
#   opencalphad_median_us  median of OpenCalphad's own CPU time per converged equilibrium (the time
#                          it prints after "Equilibrium result", cpu_time around grid + Newton);
#   opencalphad_wall_us    (wall time of the run with N points - the run with none) / N: everything
#                          per point, incl. command parsing, output and the non-converged points.
# Usage: bench/thermo_ref_oc.sh TDB [N=400] [REPS=5]. Only runs OpenCalphad; does not build it.
#        bench/thermo_ref_oc.sh --map TDB: OpenCalphad's own MAP of Bi-Nd, x(Nd) 0..1, T 400..2400 K
#        from (1000 K, x = 0.2); prints "opencalphad_map_cpu_s <s> lines <n> equilibria <n>".
set -euo pipefail
oc="${LQ_OPENCALPHAD:-}"
[ -n "$oc" ] && [ -x "$oc" ] || { echo "opencalphad_absent (set LQ_OPENCALPHAD=/path/to/oc6P)"; exit 0; }
mapmode=0
if [ "${1:-}" = "--map" ]; then mapmode=1; shift; fi
tdb="${1:?usage: $0 [--map] TDB [N] [REPS]}"
n="${2:-400}"
reps="${3:-5}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed 's/T\*\*(\([0-9][0-9]*\))/T**\1/g' "$tdb" > "$work/DB.TDB"
if [ $mapmode = 1 ]; then
    printf 'r t ./DB\n\n\n\n\nset c t=1000 p=1e5 n=1 x(nd)=.2\nc e\nset ax 1 x(nd) 0 1 0.01\n%s\n' \
        'set ax 2 t 400 2400 10' > "$work/map.OCM"
    printf 'map\nquit\nY\n' >> "$work/map.OCM"
    (cd "$work" && OMP_NUM_THREADS=1 "$oc" map.OCM < /dev/null > out.txt 2>&1) || true
    awk '/^New line:/ { n++ } /Finished step\/map with/ { e = $4; c = $7 }
         END { printf "opencalphad_map_cpu_s %s lines %d equilibria %s\n", (c == "" ? "nan" : c), n, (e == "" ? 0 : e) }' \
        "$work/out.txt"
    exit 0
fi
macro() { # $1 = number of points
    printf 'r t ./DB\n\n\n\n\nset c t=1000 p=1e5 n=1 x(nd)=0.5\nc e\n'
    awk -v n="$1" 'BEGIN { srand(12345); for (i = 0; i < n; i++)
        printf "set c t=%.6f x(nd)=%.6f\nc e\n", 500 + 1000 * rand(), 0.001 + 0.998 * rand() }'
    printf 'quit\nY\n'
}
macro 0 > "$work/m0.OCM"
macro "$n" > "$work/mn.OCM"
run() { # wall seconds of one run
    local t0 t1
    t0=$(date +%s.%N)
    (cd "$work" && OMP_NUM_THREADS=1 "$oc" "$1" < /dev/null > out.txt 2>&1) || true
    t1=$(date +%s.%N)
    echo "$t1 - $t0" | bc -l
}
med() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : 0.5 * (v[NR / 2] + v[NR / 2 + 1])}'; }
wall=() self=()
for ((r = 0; r < reps; r++)); do
    a=$(run m0.OCM)
    b=$(run mn.OCM)
    wall+=("$(echo "($b - $a) * 1000000 / $n" | bc -l)")
    # skip the first (warm-up) equilibrium; field 5 is the CPU time in s
    self+=("$(grep 'Equilibrium result' "$work/out.txt" | tail -n +2 | awk '{print $5 * 1e6}' | med)")
done
ok=$(($(grep -c 'Equilibrium result' "$work/out.txt" || true) - 1))
printf 'opencalphad_median_us %.1f\n' "$(printf '%s\n' "${self[@]}" | med)"
printf 'opencalphad_wall_us %.1f\n' "$(printf '%s\n' "${wall[@]}" | med)"
printf 'opencalphad_points %s converged %s reps %s\n' "$n" "$ok" "$reps"
