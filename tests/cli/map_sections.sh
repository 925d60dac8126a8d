#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `liquidus map` with three components: isothermal section and isopleth of Cr-Ti-V (Ghosh 2002).
set -u
bin="${LQ_BIN:?LQ_BIN not set}"
src="${LQ_SOURCE_DIR:?LQ_SOURCE_DIR not set}"
db="$src/tests/data/ternary/crtiv_ghosh.tdb"
pass=0; fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
py() { python3 -c "$1"; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# section at 800 K: two tie-triangles, every output format
out=$("$bin" map "$db" --components CR,TI,V --T 800 --out "$tmp/s.json" --out "$tmp/s.csv" \
      --out "$tmp/s.png" --out "$tmp/s.svg" -q 2>/dev/null); rc=$?
check "section exits 0" '[ $rc -eq 0 ]'
check "section text lists tie-triangles" '[[ "$out" == *"Tie-triangles"* ]] && [[ "$out" == *"LAVES_C15"* ]]'
v=$(py "import json; d=json.load(open('$tmp/s.json')); print(len(d['tie_triangles']), len(d['two_phase_regions']) >= 5, d['unresolved'])")
check "json: 2 triangles, >= 5 regions, 0 unresolved ($v)" '[ "$v" = "2 True 0" ]'
check "csv header names the components" 'grep -q "^item,index,line,end,phase,x_CR,x_TI,x_V" "$tmp/s.csv"'
n=$(grep -c '^triangle,' "$tmp/s.csv")
check "csv has the 6 triangle vertices ($n)" '[ "$n" = 6 ]'
check "figures written" '[ -s "$tmp/s.png" ] && [ -s "$tmp/s.svg" ]'
# usage errors: two temperatures for a ternary, --molpct with a ternary
"$bin" map "$db" --comps CR,TI,V --T 800:900 -q > /dev/null 2>&1; rc=$?
check "ternary with a T range is a usage error" '[ $rc -eq 2 ]'
"$bin" map "$db" --comps CR,TI,V --T 800 --molpct -q > /dev/null 2>&1; rc=$?
check "ternary with --molpct is a usage error" '[ $rc -eq 2 ]'
# failed output leaves no file
"$bin" map "$db" --comps CR,TI,V --T 800 --out "$tmp/nodir/s.csv" -q > /dev/null 2>&1; rc=$?
check "unwritable output fails and writes nothing" '[ $rc -ne 0 ] && [ ! -e "$tmp/nodir/s.csv" ]'

# isopleth x(V) = 0.1 (coarse grid through --T only; default 40 x 40)
out=$("$bin" map "$db" --comps CR,TI,V --isopleth 'x(V)=0.1' --T 1400:1700 --out "$tmp/i.csv" \
      --out "$tmp/i.json" --out "$tmp/i.png" -q 2>/dev/null); rc=$?
check "isopleth exits 0" '[ $rc -eq 0 ] && [ -s "$tmp/i.png" ]'
v=$(py "import json; d=json.load(open('$tmp/i.json')); p=[q for q in d['boundary_points'] if q['located_in']=='T' and abs(q['s']-0.5)<1e-9 and q['phases_above']=='LIQUID']; print(len(p), round(p[0]['T_K'],1) if p else 0)")
check "isopleth liquidus at s = 0.5 is 1604.1 K ($v)" '[ "$v" = "1 1604.1" ]'
check "isopleth csv header" 'grep -q "^s,T_K,located_in,phases_below,phases_above,x_CR,x_TI,x_V" "$tmp/i.csv"'
"$bin" map "$db" --comps CR,TI,V --isopleth 'CR=0.9:TI=0.9' -q > /dev/null 2>&1; rc=$?
check "isopleth end with two balance components is a usage error" '[ $rc -eq 2 ]'

# liquidus projection of Cr-Fe-Nb (coarse grid): lines, invariants, CSV/JSON/figure
fdb="$(dirname "$0")/../data/tdb-corpus/pycalphad/CrFeNb_Jacob2016.tdb"
out=$("$bin" map "$fdb" --comps CR,FE,NB --projection --grid 8 --out "$tmp/p.csv" \
    --out "$tmp/p.json" --out "$tmp/p.png" -q 2>/dev/null); rc=$?
check "projection exits 0, figure written" '[ $rc -eq 0 ] && [ -s "$tmp/p.png" ]'
check "projection lists the invariant L + BCC + C14 + C15 at 1866.69 K" \
    '[[ "$out" == *"L + BCC_A2 + LAVES_C14 + LAVES_C15: T = 1866.69"* ]]'
check "projection csv header" 'grep -q "^kind,line,phases,T_K,x_CR,x_FE,x_NB" "$tmp/p.csv"'
v=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["grid_nodes"]), len(d["invariants"]) > 0)' "$tmp/p.json")
check "projection json: 45 grid nodes and invariants ($v)" '[ "$v" = "45 True" ]'
"$bin" map "$fdb" --comps CR,FE --projection -q > /dev/null 2>&1; rc=$?
check "projection of a binary is a usage error" '[ $rc -eq 2 ]'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
