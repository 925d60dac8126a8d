#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Reproduces the OpenCalphad reference temperatures of test_reference.c with an installed oc6P.
# Usage: tests/thermo_map/oc_invariants.sh /path/to/oc6P [cumg|pbsn|bind ...]
# Needs LQ_SHARED_DIR (default /work/shared). Only runs OpenCalphad; does not build it.
# Per line "label x0 T0 PHASE": equilibrium at (T0, x0), then PHASE fixed at zero amount and T
# free; prints "label T/K status" (status: ok, or the OpenCalphad error that ended the last solve).
set -euo pipefail
oc="${1:?usage: $0 /path/to/oc6P [cumg|pbsn|bind ...]}"
shift
[ -x "$oc" ] || { echo "OpenCalphad not found at $oc" >&2; exit 1; }
shared="${LQ_SHARED_DIR:-/work/shared}"
systems=("$@")
[ ${#systems[@]} -gt 0 ] || systems=(cumg pbsn bind)

points() {
    case "$1" in
    cumg) cat <<'EOF'
eut_CUMG2+LIQUID+HCP_A3 0.9 700 LIQUID
eut_CU2MG+LIQUID+CUMG2 0.5 780 LIQUID
eut_FCC_A1+LIQUID+CU2MG 0.15 950 LIQUID
cong_CUMG2 0.6666667 900 CUMG2
cong_CU2MG 0.334055 1100 CU2MG
EOF
    ;;
    pbsn) echo "eut_FCC_A1+LIQUID+BCT_A5 0.6 450 LIQUID" ;;
    bind) cat <<'EOF'
RHOMBOHEDRAL_A7+LIQUID+ND3BI7 0.1 500 LIQUID
LIQUID+ND3BI7+NDBI2 0.31 700 LIQUID
LIQUID+NDBI2+NDBI1 0.4 900 LIQUID
ND2BI+BCC_A2+DHCP 0.9 1100 BCC_A2
ND2BI+LIQUID+BCC_A2 0.98 1150 LIQUID
ND5BI3+ND2BI+LIQUID 0.64 1500 LIQUID
ND4BI3+ND5BI3+LIQUID 0.6 1700 LIQUID
NDBI1+ND4BI3+LIQUID 0.53 1800 LIQUID
cong_NDBI1 0.5 2100 NDBI1
EOF
    ;;
    *) echo "unknown system $1" >&2; exit 1 ;;
    esac
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for s in "${systems[@]}"; do
    case "$s" in
    cumg) tdb=cumg.tdb comp=mg ;;
    pbsn) tdb=pbsn.tdb comp=sn ;;
    bind) tdb=BiNd-this-work.tdb comp=nd ;;
    esac
    # OpenCalphad looks for NAME.TDB and does not parse T**(n): same data, its spelling
    sed 's/T\*\*(\([0-9][0-9]*\))/T**\1/g' "$shared/data/tdb/$tdb" > "$work/DB.TDB"
    labels=()
    {
        printf 'r t ./DB\n\n\n\n\n'
        while read -r label x T0 phase; do
            labels+=("$label")
            printf 'set c t=%s p=1e5 n=1 x(%s)=%s\nc e\nset stat ph %s=f 0\nset c t=none\n' \
                "$T0" "$comp" "$x" "$phase"
            printf 'c e\nc e\nsh t\nset stat ph %s=e 0\n' "$phase"
        done < <(points "$s")
        printf 'quit\nY\n'
    } > "$work/run.OCM"
    (cd "$work" && "$oc" run.OCM < /dev/null > out.txt 2>&1) || true
    # one "sh t" per point; a failed last solve prints "equilibrium not calculated" before it
    awk -v n=${#labels[@]} '
        /Error codes:/ { err = $3 }
        /Equilibrium result:/ { err = "" }
        match($0, /T= +[-0-9.]+E[-+][0-9]+$/) {
            v = substr($0, RSTART + 2); gsub(/ /, "", v)
            printf "%s %s\n", v, (err == "" ? "ok" : "error" err)
        }' "$work/out.txt" > "$work/t.txt"
    i=0
    while read -r T st; do
        printf '%-6s %-36s %.5f %s\n' "$s" "${labels[$i]}" "$T" "$st"
        i=$((i + 1))
    done < "$work/t.txt"
    [ "$i" -eq ${#labels[@]} ] || { echo "OpenCalphad output incomplete for $s" >&2; exit 1; }
done
