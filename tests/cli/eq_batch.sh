#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `liquidus eq --grid/--points` (issue 14): batches, impossible points (index reported, exit 2, good
# points written), identical output with 1 and 2 threads; step and solubility skip a bad T.
set -u
bin="${LQ_BIN:?LQ_BIN not set}"
pass=0; fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
py() { python3 -c "$1"; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# a grid with the pure ends (x = 0 and 1 are solved in the unary systems)
"$bin" eq BiNd.tdb --grid 'T=300:2000:100,X(ND)=0:1:0.05' --out "$tmp/g1.csv" --threads 1 -q; rc=$?
check "grid exits 0" '[ $rc -eq 0 ]'
check "grid: 18 x 21 rows" '[ "$(grep -vc "^#" "$tmp/g1.csv")" = 379 ]'
check "grid: header with units" 'grep -q "^index,T_K,P_Pa,N_mol,x_BI,x_ND,phases,f_LIQUID_mol_per_mol" "$tmp/g1.csv"'
v=$(awk -F, '$1=="20"{print $5, $7, $(NF-5)}' "$tmp/g1.csv")
check "grid: point 20 is pure Nd, DHCP, mu(Bi) -inf ($v)" '[ "$v" = "0 DHCP -inf" ]'
"$bin" eq BiNd.tdb --grid 'T=300:2000:100,X(ND)=0:1:0.05' --out "$tmp/g2.csv" --threads 2 -q
check "grid: identical output with 1 and 2 threads" 'cmp -s "$tmp/g1.csv" "$tmp/g2.csv"'
# the same point as `eq`: liquid at x(Nd) = 0.07269 with NdBi at 973 K
v=$("$bin" eq BiNd.tdb --grid 'T=973,X(ND)=0.1' --json -q | py 'import json,sys; d=json.load(sys.stdin); p=d["points"][0]; l=[q for q in p["phases"] if q["phase"]=="LIQUID"][0]; print(len(p["phases"]), round(l["x"]["ND"],5))')
check "grid --json: 973 K, x(Nd) = 0.1 as eq ($v)" '[ "$v" = "2 0.07269" ]'

# Done-when 4: x > 1, T <= 0, a component missing from the database; mass fractions and amounts
cat > "$tmp/p.csv" <<'CSV'
# T in K; X, W mole and mass fractions; N(EL) in mol
T,X(ND),X(FE),W(ND),N(BI),N(ND)
973,0.1,,,,
973,1.5,,,,
0,0.1,,,,
973,0.1,0.2,,,
973,,,0.3,,
-5,0.2,,,,
973,,,,3,1
973,abc,,,,
CSV
"$bin" eq BiNd.tdb --points "$tmp/p.csv" --out "$tmp/p.csv.out.csv" 2>"$tmp/err" -q; rc=$?
err=$(cat "$tmp/err")
check "bad points: exit 2" '[ $rc -eq 2 ]'
for i in 1 2 3 5 7; do check "bad point $i reported with its index" '[[ "$err" == *"point $i "* ]]'; done
check "x > 1 named" '[[ "$err" == *"X(ND) = 1.5"* ]]'
check "T <= 0 named" '[[ "$err" == *"T = 0 K"* ]]'
check "missing component named" '[[ "$err" == *"FE is not in the database"* ]]'
check "bad field named by file:line:column" '[[ "$err" == *"p.csv:10:2"* ]]'
check "good points written (0, 4, 6)" '[ "$(grep -v "^#" "$tmp/p.csv.out.csv" | tail -n +2 | cut -d, -f1 | tr "\n" " ")" = "0 4 6 " ]'
v=$(awk -F, '$1=="6"{printf "%.6f %g", $6, $4}' "$tmp/p.csv.out.csv")
check "N(BI) = 3, N(ND) = 1: x(Nd) = 0.25, N = 4 ($v)" '[ "$v" = "0.250000 4" ]'
v=$(awk -F, '$1=="4"{printf "%.6f", $6}' "$tmp/p.csv.out.csv")
check "W(ND) = 0.3: x(Nd) = 0.383070 ($v)" '[ "$v" = "0.383070" ]'
"$bin" eq BiNd.tdb --points "$tmp/p.csv" --out "$tmp/p.json" 2>/dev/null -q; rc=$?
v=$(py 'import json; d=json.load(open("'"$tmp/p.json"'")); print(d["n_failed"], [f["index"] for f in d["failed"]], d["failed"][0]["line"], [p["index"] for p in d["points"]])')
check "json: failed list with indices and lines ($v)" '[ $rc -eq 2 ] && [ "$v" = "5 [1, 2, 3, 5, 7] 4 [0, 4, 6]" ]'

# output written whole or not at all; usage errors
"$bin" eq BiNd.tdb --grid 'T=900,X(ND)=0.1' --out "$tmp/nodir/x.csv" -q 2>/dev/null; rc=$?
check "unwritable --out: non-zero exit, nothing left" '[ $rc -ne 0 ] && [ ! -e "$tmp/nodir" ]'
err=$("$bin" eq BiNd.tdb --grid 'T=900,X(ND)=0.1' --T 900 2>&1 >/dev/null); rc=$?
check "--grid with --T: exit 2" '[ $rc -eq 2 ] && [[ "$err" == *"--grid or --points"* ]]'
err=$("$bin" eq BiNd.tdb --grid 'T=900' --points "$tmp/p.csv" 2>&1 >/dev/null); rc=$?
check "--grid with --points: exit 2" '[ $rc -eq 2 ]'
err=$("$bin" eq BiNd.tdb --grid 'T=900,X(ND)=0.1' --out "$tmp/x.txt" 2>&1 >/dev/null); rc=$?
check "--out .txt: exit 2" '[ $rc -eq 2 ] && [[ "$err" == *".csv or .json"* ]]'
err=$("$bin" eq BiNd.tdb --grid 'T=900:800:10' 2>&1 >/dev/null); rc=$?
check "bad grid: exit 2, item named" '[ $rc -eq 2 ] && [[ "$err" == *"900:800:10"* ]]'
printf 'T,colour\n900,1\n' > "$tmp/bad.csv"
err=$("$bin" eq BiNd.tdb --points "$tmp/bad.csv" 2>&1 >/dev/null); rc=$?
check "points file with an unknown column: exit 2, file:line:column" '[ $rc -eq 2 ] && [[ "$err" == *"bad.csv:1:2"* ]]'

# a phase at zero with x free: the liquidus of NdBi2 over T; 773 K (outside its range) fails alone
"$bin" eq BiNd.tdb --grid 'T=773:923:50,X(ND)=0.01' --zero NDBI2 --free ND --out "$tmp/z.csv" -q 2>"$tmp/err"; rc=$?
v=$(awk -F, '$1=="2"{printf "%.7f", $6}' "$tmp/z.csv")
check "--zero NDBI2 --free ND: 873 K gives 0.0153853, 773 K reported, exit 1 ($v)" '[ $rc -eq 1 ] && [ "$v" = "0.0153853" ] && grep -q "point 0" "$tmp/err"'

# potentials (MU, AC): the liquid's mu(Nd) at x(Nd) = 0.01 gives x(Nd) = 0.01 back (Nd open,
# started from an equal share); AC <= 0 is an impossible point
mu=$("$bin" eq BiNd.tdb --grid 'T=973,X(ND)=0.01' -q | awk -F, '$1=="0"{print $(NF-4)}')
v=$("$bin" eq BiNd.tdb --grid "T=973,MU(ND)=$mu" -q | awk -F, '$1=="0"{printf "%.9f %s", $6, $7}')
check "MU(ND) of the liquid at x(Nd) = 0.01 gives it back ($v)" '[ "$v" = "0.010000000 LIQUID" ]'
"$bin" eq BiNd.tdb --grid 'T=973,AC(ND)=0' -q >/dev/null 2>"$tmp/err"; rc=$?
check "AC(ND) = 0: exit 2, reported" '[ $rc -eq 2 ] && grep -q "AC(ND) = 0 is not > 0" "$tmp/err"'

# step and solubility: one temperature without a result is skipped, the others printed, exit 1
out=$("$bin" solubility BiNd.tdb --solute ND --in LIQUID --T 300,973 2>"$tmp/err"); rc=$?
check "solubility skips 300 K (exit 1, reported)" '[ $rc -eq 1 ] && grep -q "T = 300 K skipped" "$tmp/err"'
check "solubility still gives 973 K" '[[ "$out" == *"0.0726918"* ]]'
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
