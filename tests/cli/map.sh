#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `liquidus map`, `solubility`, `step` and the map demo section on the bundled Bi-Nd database.
set -u
bin="${LQ_BIN:?LQ_BIN not set}"
pass=0; fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
py() { python3 -c "$1"; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# the diagram: 8 invariants, the study's peritectics at 773.77 and 932.95 K, every output format
out=$("$bin" map BiNd.tdb --comps BI,ND --T 400:2400 --out "$tmp/b.json" --out "$tmp/b.csv" \
      --out "$tmp/b.png" --out "$tmp/b.svg" --out "$tmp/b.pdf" -q); rc=$?
check "map exits 0" '[ $rc -eq 0 ]'
check "map text names the peritectic at 773.7697 K" '[[ "$out" == *"773.769"*peritectic* ]]'
check "map text flags the degenerate eutectic" '[[ "$out" == *"degenerate at a pure end"* ]]'
v=$(py "import json; d=json.load(open('$tmp/b.json')); i=d['invariants']; print(len(i), [round(x['T_K'],2) for x in i][1:3], sum(1 for p in d['points'] if p['kind'].startswith('congruent')))")
check "json: 8 invariants, 773.77 and 932.95 K, one congruent point ($v)" '[ "$v" = "8 [773.77, 932.95] 1" ]'
check "csv has units in the header" 'grep -q "^boundary,left_phase,right_phase,T_K,x_left,x_right" "$tmp/b.csv"'
for f in png svg pdf; do check "figure .$f written" '[ -s "$tmp/b.$f" ]'; done
check "png is a PNG" '[ "$(head -c 4 "$tmp/b.png" | tail -c 3)" = "PNG" ]'
# --json on stdout; degrees C / mol% figure with measured points
printf 'x,T_K\n0.0099,773\n0.0291,873\n0.0565,973\n' > "$tmp/exp.csv"
json=$("$bin" map BiNd.tdb --comps BI,ND --T 500:1300:20 --celsius --molpct --exp "$tmp/exp.csv" --out "$tmp/c.png" --json -q); rc=$?
check "map --json with --exp exits 0" '[ $rc -eq 0 ] && [ -s "$tmp/c.png" ]'
v=$(echo "$json" | py 'import json,sys; d=json.load(sys.stdin); print(d["T_min_K"], d["T_max_K"], len(d["invariants"]))')
check "map --json range 500-1300 K: 5 invariants ($v)" '[ "$v" = "500 1300 5" ]'
# another database: Cu-Mg, 3 eutectics and 2 congruent maxima
shared="${LQ_SHARED_DIR:?LQ_SHARED_DIR not set}"
out=$("$bin" map "$shared/data/tdb/cumg.tdb" --comps CU,MG --T 500:1500 -q)
check "Cu-Mg: 3 eutectics, 2 congruent maxima" '[ "$(echo "$out" | grep -c " eutectic ")" = 3 ] && [ "$(echo "$out" | grep -c "congruent (maximum)")" = 2 ]'
# solubility: liquidus at 973 K with NdBi (0.0726919, the same as `eq --free ND`)
out=$("$bin" solubility BiNd.tdb --solute ND --in LIQUID --T 773,873,973); rc=$?
check "solubility exits 0, coexisting phases named" '[ $rc -eq 0 ] && [[ "$out" == *ND3BI7* && "$out" == *NDBI2* && "$out" == *NDBI1* ]]'
v=$("$bin" solubility BiNd.tdb --solute ND --in LIQUID --T 973 --json | py 'import json,sys; d=json.load(sys.stdin)["solubility"][0]; print(round(d["x_solute"],7), d["coexisting_phase"])')
check "solubility 973 K: 0.0726919 with NDBI1 ($v)" '[ "$v" = "0.0726919 NDBI1" ]'
# step: x(Nd) = 0.1 from 400 to 1500 K: liquid fraction 1 at 1500 K, Bi + Nd3Bi7 at 400 K
out=$("$bin" step BiNd.tdb --x ND=0.1 --T 400:1500:10 --out "$tmp/s.csv" --out "$tmp/s.png" -q); rc=$?
check "step exits 0 and writes csv and png" '[ $rc -eq 0 ] && [ -s "$tmp/s.csv" ] && [ -s "$tmp/s.png" ]'
v=$(py "
import csv
rows=[r for r in csv.reader(l for l in open('$tmp/s.csv') if not l.startswith('#'))]
h=rows[0]; last=dict(zip(h,rows[-1])); first=dict(zip(h,rows[1]))
print(round(float(last['f_LIQUID_mol_per_mol']),6), round(float(first['f_ND3BI7_mol_per_mol']),6))")
check "step: all liquid at 1500 K, 1/3 Nd3Bi7 at 400 K ($v)" '[ "$v" = "1.0 0.333333" ]'
# errors
err=$("$bin" map BiNd.tdb --comps BI --T 400:900 2>&1 >/dev/null); rc=$?
check "map with one component: exit 2" '[ $rc -eq 2 ] && [[ "$err" == *two* ]]'
err=$("$bin" map BiNd.tdb --comps BI,ND --T 900:400 2>&1 >/dev/null); rc=$?
check "map with a reversed range: exit 2" '[ $rc -eq 2 ] && [[ "$err" == *--T* ]]'
err=$("$bin" map BiNd.tdb --comps BI,ND --out "$tmp/x.doc" 2>&1 >/dev/null); rc=$?
check "map with an unknown output type: exit 2, no file" '[ $rc -eq 2 ] && [ ! -e "$tmp/x.doc" ]'
printf 'x,T_K\n0.1,abc\n' > "$tmp/bad.csv"
err=$("$bin" map BiNd.tdb --comps BI,ND --exp "$tmp/bad.csv" --out "$tmp/bad.png" 2>&1 >/dev/null); rc=$?
check "bad --exp CSV: failure naming file:line, no figure" '[ $rc -ne 0 ] && [[ "$err" == *bad.csv:2* ]] && [ ! -e "$tmp/bad.png" ]'
err=$("$bin" solubility BiNd.tdb --solute XX --in LIQUID --T 973 2>&1 >/dev/null); rc=$?
check "solubility of an unknown component: exit 2" '[ $rc -eq 2 ] && [[ "$err" == *XX* ]]'
err=$("$bin" solubility BiNd.tdb --solute ND --in LIQUID --T 400 2>&1 >/dev/null); rc=$?
check "solubility where the phase is not stable: failure, named" '[ $rc -ne 0 ] && [[ "$err" == *LIQUID* ]]'
# the demo section prints the study's values beside the computed ones and writes its figure
(cd "$tmp" && "$bin" demo --only map > demo.txt); rc=$?
check "demo --only map exits 0 and writes bind_phase_diagram.png" '[ $rc -eq 0 ] && [ -s "$tmp/bind_phase_diagram.png" ]'
check "demo lists 774 K beside 773.77 K" 'grep -q "774 *773.769" "$tmp/demo.txt"'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
