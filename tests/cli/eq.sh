#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `liquidus eq` and `liquidus prop` on the bundled Bi-Nd database: results, formats, errors.
set -u
bin="${LQ_BIN:?LQ_BIN not set}"
pass=0; fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
py() { python3 -c "$1"; }

# two-phase equilibrium at 973 K (issue 2: liquid at x(Nd) = 0.07269 with NdBi)
out=$("$bin" eq BiNd.tdb --T 973 --x ND=0.1); rc=$?
check "eq exits 0" '[ $rc -eq 0 ]'
check "eq lists LIQUID and NDBI1" '[[ "$out" == *LIQUID* && "$out" == *NDBI1* ]]'
check "eq states units and references" '[[ "$out" == *"J/mol"* && "$out" == *"vs pure ND DHCP"* ]]'
json=$("$bin" eq BiNd.tdb --T 973 --x ND=0.1 --json); rc=$?
check "eq --json exits 0" '[ $rc -eq 0 ]'
v=$(echo "$json" | py 'import json,sys; d=json.load(sys.stdin); l=[p for p in d["phases"] if p["phase"]=="LIQUID"][0]; print(len(d["phases"]), round(l["x"]["ND"],5), d["activity"]["ND"]["reference"])')
check "eq --json: 2 phases, liquid x(Nd) 0.07269, DHCP reference ($v)" '[ "$v" = "2 0.07269 DHCP" ]'
csv=$("$bin" eq BiNd.tdb --T 973 --x ND=0.03 --csv)
check "eq --csv: header and one LIQUID row" '[ "$(echo "$csv" | grep -c "^LIQUID,")" = 1 ] && [[ "$csv" == *"phase,amount_mol_atoms,x_BI,x_ND"* ]]'
# x unknown: the liquid saturated with NdBi at 973 K
json=$("$bin" eq BiNd.tdb --T 973 --x ND=0.03 --zero NDBI1 --free ND --json)
v=$(echo "$json" | py 'import json,sys; d=json.load(sys.stdin); print(round(d["x"]["ND"],6))')
check "eq --free ND gives the liquidus 0.072692 ($v)" '[ "$v" = "0.072692" ]'
# T unknown: the liquid appears at the Bi melting point (degenerate eutectic), from either side
for T0 in 500 600; do
  v=$("$bin" eq BiNd.tdb --T $T0 --x ND=0.03 --zero LIQUID --free T --json | py 'import json,sys; print(round(json.load(sys.stdin)["T_K"],3))')
  check "eq --free T from $T0 K gives 544.55 K ($v)" '[ "$v" = "544.55" ]'
done
# outside the database's temperature ranges: a warning naming the functions, JSON flags the result
err=$("$bin" eq BiNd.tdb --T 2000 --x ND=0.3 2>&1 >/dev/null)
check "eq at 2000 K warns of extrapolated GHSERND (298.15-1800 K)" '[[ "$err" == *"warning"*"extrapolated"*"GHSERND (298.15-1800 K"* ]]'
v=$("$bin" eq BiNd.tdb --T 2000 --x ND=0.3 --json 2>/dev/null | py 'import json,sys; e=json.load(sys.stdin)["extrapolated"]; print(e["trusted"], "GHSERND" in [f["function"] for f in e["functions"]])')
check "eq --json at 2000 K: extrapolated, not trusted ($v)" '[ "$v" = "False True" ]'
err=$("$bin" eq BiNd.tdb --T 973 --x ND=0.1 2>&1 >/dev/null)
check "eq inside the ranges: no extrapolation warning" '[[ "$err" != *"extrapolated"* ]]'
# errors: exit 2 with a message naming the problem
err=$("$bin" eq BiNd.tdb --T 973 --x XX=0.1 2>&1 >/dev/null); rc=$?
check "unknown component: exit 2, named" '[ $rc -eq 2 ] && [[ "$err" == *XX* ]]'
err=$("$bin" eq no_such.tdb --T 973 --x ND=0.1 2>&1 >/dev/null); rc=$?
check "missing database: exit 2, file named" '[ $rc -eq 2 ] && [[ "$err" == *no_such.tdb* ]]'
err=$("$bin" eq BiNd.tdb --x ND=0.1 2>&1 >/dev/null); rc=$?
check "missing --T: exit 2" '[ $rc -eq 2 ] && [[ "$err" == *--T* ]]'
err=$("$bin" eq BiNd.tdb --T 973 --x ND=1.5 2>&1 >/dev/null); rc=$?
check "x > 1: exit 2" '[ $rc -eq 2 ] && [[ "$err" == *1.5* ]]'
err=$("$bin" eq BiNd.tdb --T -5 --x ND=0.1 2>&1 >/dev/null); rc=$?
check "T < 0: non-zero exit, T named" '[ $rc -ne 0 ] && [[ "$err" == *emperature* ]]'

# prop: the command of issue 2
csv=$("$bin" prop BiNd.tdb --phase LIQUID --T 973 --x ND=0:0.1:0.001 --out ACR_ND,HM_MIX --ref ND=DHCP --csv); rc=$?
check "prop exits 0" '[ $rc -eq 0 ]'
check "prop: 101 rows" '[ "$(echo "$csv" | grep -c "^973,")" = 101 ]'
check "prop: header with units" '[[ "$csv" == *"T_K,X_BI,X_ND,ACR_ND,HM_MIX_J_per_mol"* ]]'
check "prop: reference stated" '[[ "$csv" == *"ACR_ND vs pure ND DHCP at 973 K"* ]]'
v=$(echo "$csv" | awk -F, '$1=="973" && $3+0>0.00999 && $3+0<0.01001 {printf "%.4e", $4}')
check "prop: a(Nd) at x = 0.01 is 4.8508e-13 ($v)" '[ "$v" = "4.8508e-13" ]'
v=$("$bin" prop BiNd.tdb --phase LIQUID --T 773,973 --x ND=0.5 --out HM_MIX --json | py 'import json,sys; d=json.load(sys.stdin); h=d["HM_MIX"]; print(abs(h[0]-h[1])<1e-6, round(h[1]))')
check "prop --json: HM_MIX independent of T (Table 2 has no T in the enthalpy part) ($v)" '[[ "$v" == True* ]]'
txt=$("$bin" prop BiNd.tdb --phase LIQUID --T 973 --x ND=0.01)
check "prop text: all default columns" '[[ "$txt" == *GM_MIX* && "$txt" == *ACR_ND* && "$txt" == *MU_BI* ]]'
err=$("$bin" prop BiNd.tdb --phase LIQUID --T 973 --x ND=0.1 --out FOO 2>&1 >/dev/null); rc=$?
check "prop unknown property: exit 2, named" '[ $rc -eq 2 ] && [[ "$err" == *FOO* ]]'
err=$("$bin" prop BiNd.tdb --phase NOPE --T 973 --x ND=0.1 2>&1 >/dev/null); rc=$?
check "prop unknown phase: exit 2, named" '[ $rc -eq 2 ] && [[ "$err" == *NOPE* ]]'
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
