#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `liquidus eq` with conditions beyond T and x (issue 14): fixed mu / activity (open system),
# several phases at zero, congruent melting at a compound's exact composition, usage errors.
set -u
bin="${LQ_BIN:?LQ_BIN not set}"
pass=0; fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
py() { python3 -c "$1"; }
xnd='import json,sys; d=json.load(sys.stdin); print(round(d["x"]["ND"], 6), round(d["mu_J_per_mol"]["ND"]))'

# the mu of an unconstrained equilibrium, fixed, gives back its x (liquid at 973 K)
mu=$("$bin" eq BiNd.tdb --T 973 --x ND=0.02 --json -q | py 'import json,sys; print(json.load(sys.stdin)["mu_J_per_mol"]["ND"])')
v=$("$bin" eq BiNd.tdb --T 973 --x ND=0.05 --mu "ND=$mu" --json -q | py "$xnd"); rc=$?
check "--mu: exit 0, x(Nd) back to 0.02 ($v)" '[ $rc -eq 0 ] && [ "${v% *}" = 0.02 ]'
# activity against SER: a = exp(mu / RT)
v=$("$bin" eq BiNd.tdb --T 973 --x ND=0.05 --ac ND=1e-17 --json -q | py "$xnd")
check "--ac vs SER: mu = RT ln a = -316673 J/mol ($v)" '[ "${v#* }" = -316673 ]'
v=$("$bin" eq BiNd.tdb --T 973 --x ND=0.05 --ac ND=3e-13@LIQUID --ref ND=LIQUID --json -q |
    py 'import json,sys; d=json.load(sys.stdin); print("%.6g" % d["activity"]["ND"]["a"])')
check "--ac vs pure liquid Nd comes back as that activity ($v)" '[ "$v" = 3e-13 ]'
# two phases at zero: the peritectic L + NdBi = NdBi2
out=$("$bin" eq BiNd.tdb --T 900 --x ND=0.1 --zero NDBI1 --free T --zero NDBI2 --free ND -q); rc=$?
check "two zero phases: exit 0, 932.95 K" '[ $rc -eq 0 ] && [[ "$out" == *"T = 932.95 K"* ]]'
# congruent melting of NdBi at x = 0.5 exactly (failed before: singular Newton matrix)
out=$("$bin" eq BiNd.tdb --T 2000 --x ND=0.5 --zero LIQUID --free T -q); rc=$?
check "stoichiometric melting: exit 0, 2048.21 K" '[ $rc -eq 0 ] && [[ "$out" == *"T = 2048.21 K"* ]]'
# usage errors: exit 2 and named
err=$("$bin" eq BiNd.tdb --T 973 --x ND=0.1 --zero LIQUID 2>&1 >/dev/null); rc=$?
check "--zero without --free: exit 2" '[ $rc -eq 2 ] && [[ "$err" == *pairs* ]]'
err=$("$bin" eq BiNd.tdb --T 973 --x ND=0.1 --ac FE=0.1 2>&1 >/dev/null); rc=$?
check "--ac of a missing component: exit 2, named" '[ $rc -eq 2 ] && [[ "$err" == *FE* ]]'
err=$("$bin" eq BiNd.tdb --T 973 --x ND=0.1 --ac ND=0.1@NOPE 2>&1 >/dev/null); rc=$?
check "--ac unknown reference phase: exit 2, named" '[ $rc -eq 2 ] && [[ "$err" == *NOPE* ]]'
err=$("$bin" eq BiNd.tdb --T 973 --x ND=0.1 --mu ND=-1e5 --mu BI=-1e5 2>&1 >/dev/null); rc=$?
check "every component open: refused" '[ $rc -ne 0 ] && [[ "$err" == *open* ]]'
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
