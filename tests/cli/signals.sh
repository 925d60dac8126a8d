#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SIGTERM stops long commands cleanly (issue "Reliability"): exit 143, no temporaries, outputs
# complete or absent; `md run` writes a restart file from which the run continues to the state an
# uninterrupted run reaches.
set -u
bin="${LQ_BIN:?LQ_BIN not set}"
src="${LQ_SOURCE_DIR:?LQ_SOURCE_DIR not set}"
pass=0; fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
pot="$src/data/md/tosi_fumi_NaCl.pot"
no_tmp() { ! ls ./*.tmp* >/dev/null 2>&1; }

# Sends SIGTERM once the command has run for `wait` seconds; rc is its exit status.
interrupt() {
    local wait=$1; shift
    "$bin" "$@" 2> err.txt &
    local pid=$!
    sleep "$wait"
    kill -TERM "$pid" 2>/dev/null
    wait "$pid"
}

# --- md run: a run far too long to finish; the signal comes once it has written its first
# thermo rows. It continues for M more steps from its restart file, and an uninterrupted run of
# the same K + M steps must end in the same state.
"$bin" build NaCl --ions 32 --density 1.5 --T 1200 --seed 3 --min-sep 2.4 --out s.data -q >/dev/null
common=(--potential "$pot" --cutoff 5 --kspace ewald --ensemble nvt --T 1200 --seed 5 --dump 50 -q)
"$bin" md run --data s.data "${common[@]}" --steps 1000000 --out part --dp-frames part.dp \
    --dp-every 5 2> err.txt &
pid=$!
for _ in $(seq 200); do ls part.thermo.csv.tmp* >/dev/null 2>&1 && break; sleep 0.05; done
sleep 0.3
kill -TERM "$pid" 2>/dev/null
wait "$pid"; rc=$?
check "md run: SIGTERM exits 143 (got $rc)" '[ $rc -eq 143 ]'
check "md run: no temporaries left" 'no_tmp'
check "md run: thermo and trajectory of the stopped run removed (all or none)" \
    '[ ! -e part.thermo.csv ] && [ ! -e part.lammpstrj ] && [ ! -e part.final.data ] && [ ! -e part.dp ]'
check "md run: restart written" '[ -s part.restart ]'
msg=$(cat err.txt)
check "md run: the message says how to continue" '[[ "$msg" == *"--restart-in part.restart --steps "* ]]'
K=$(sed -n 's/.* at step \([0-9]*\);.*/\1/p' err.txt)
check "md run: stopped part-way (at step ${K:-?})" '[ -n "$K" ] && [ "$K" -gt 0 ]'
M=200
"$bin" md run --restart-in part.restart "${common[@]}" --steps $M --out cont >/dev/null
"$bin" md run --data s.data "${common[@]}" --steps $(( ${K:-0} + M )) --out full >/dev/null
# Same final state, to the bit: the restart holds the Verlet list's build positions, so the
# continuation sums forces over the same pairs in the same order and rebuilds at the same steps.
# The final restart files (every number in hexadecimal: positions, velocities, image flags,
# thermostat, list) and the final data files (%.17g) must be identical.
check "md run: continuation's final restart identical to the uninterrupted run's" \
    'cmp -s full.restart cont.restart'
check "md run: continuation's final data identical to the uninterrupted run's" \
    'cmp -s <(sed -n "/Atoms/,\$p" full.final.data) <(sed -n "/Atoms/,\$p" cont.final.data)'
echo "md run: stopped at step ${K:-?}; continued $M steps: final state $(cmp -s full.restart \
    cont.restart && echo identical || echo DIFFERENT) to the uninterrupted $(( ${K:-0} + M ))-step run"

# --- a long batch: 2,000,000 equilibria (seconds even at 2.4 us each); nothing is written when
# stopped. (100,000 became fast enough to finish within the 0.3 s before the signal.)
db="$src/data/tdb/BiNd.tdb"
interrupt 0.3 eq "$db" --grid "T=300:2000:0.05,x(ND)=0.01:0.99:0.017" --out batch.csv -q; rc=$?
check "eq batch: SIGTERM exits 143 (got $rc)" '[ $rc -eq 143 ]'
check "eq batch: no output and no temporaries" '[ ! -e batch.csv ] && no_tmp'

# --- map (an isopleth of Cr-Ti-V)
tdb="$src/tests/data/ternary/crtiv_ghosh.tdb"
interrupt 0.2 map "$tdb" --comps CR,TI,V --isopleth 'x(V)=0.1' --T 1400:1700 --out i.csv \
    --out i.png -q; rc=$?
check "map: SIGTERM exits 143 (got $rc)" '[ $rc -eq 143 ]'
check "map: no output and no temporaries" '[ ! -e i.csv ] && [ ! -e i.png ] && no_tmp'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
