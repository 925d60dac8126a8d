#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `liquidus tdb check|write`: summaries, JSON, round trip, refusals with file:line, usage errors.
set -u
bin="${LQ_BIN:?LQ_BIN not set}"
src="${LQ_SOURCE_DIR:?LQ_SOURCE_DIR not set}"
shared="${LQ_SHARED_DIR:?LQ_SHARED_DIR not set}"
pass=0; fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

out=$("$bin" tdb check "$src/data/tdb/BiNd.tdb"); rc=$?
check "check BiNd.tdb exits 0" '[ $rc -eq 0 ]'
check "10 phases listed" '[[ "$out" == *"phases     10"* ]]'
check "compounds are stoichiometric" '[[ "$out" == *"NDBI1"*"stoichiometric"*"(BI)0.5(ND)0.5"* ]]'
check "liquid model shown" '[[ "$out" == *"LIQUID:L"*"CEF"*"(BI,ND)1"* ]]'

# bundled name resolves to data/tdb
out=$(LIQUIDUS_DATA_DIR="$src/data" "$bin" tdb check BiNd.tdb); rc=$?
check "bundled name resolves" '[ $rc -eq 0 ] && [[ "$out" == *"phases     10"* ]]'

# JSON is machine readable (python3 parses it)
"$bin" tdb check "$shared/data/tdb/crfe.TDB" --json > "$tmp/c.json"; rc=$?
check "check --json exits 0" '[ $rc -eq 0 ]'
n=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["phases"]), [p["afm_factor"] for p in d["phases"] if "afm_factor" in p])' "$tmp/c.json" 2>&1)
check "JSON: 4 phases, BCC -1 and FCC -3 magnetic factors (got $n)" '[ "$n" = "4 [-1, -3]" ]'

# warnings are listed with file:line
out=$("$bin" tdb check "$shared/data/tdb/FENI.TDB"); rc=$?
check "FENI loads with warnings" '[ $rc -eq 0 ] && [[ "$out" == *"FENI.TDB:56: parameter G(BCC_A2,...) for an undeclared phase"* ]]'

# a ChemSage .dat file is recognised by its content and read (not as a broken TDB)
out=$("$bin" tdb check "$src/tests/data/tdb-corpus/thermochimica/CO.dat"); rc=$?
check "a .dat file is read" '[ $rc -eq 0 ] && [[ "$out" == *"GAS_IDEAL"*"C_DIAMOND(S2)"* ]]'
# a truncated .dat file is refused at the line and field where it ends
err=$("$bin" tdb check "$src/tests/thermo_tdb/bad/chemsage_dat.tdb" 2>&1 >/dev/null); rc=$?
check "a truncated .dat names line and field" '[ $rc -eq 2 ] && [[ "$err" == *"chemsage_dat.tdb:5:"*"excess coefficient indices"* ]]'
# the Xiong magnetic model (AFM factor 0) is shown as such
out=$("$bin" tdb check "$src/tests/data/tdb-corpus/pycalphad/femn.tdb"); rc=$?
check "femn.tdb loads with the Xiong model" '[ $rc -eq 0 ] && [[ "$out" == *"LIQUID"*"CEF + Xiong magnetic"* ]]'

# write -> check again gives the same summary of phases
"$bin" tdb write "$shared/data/tdb/SGTE-unary1991-2010.TDB" --out "$tmp/sgte.tdb" -q >/dev/null; rc=$?
check "write exits 0" '[ $rc -eq 0 ] && [ -s "$tmp/sgte.tdb" ]'
a=$("$bin" tdb check "$shared/data/tdb/SGTE-unary1991-2010.TDB" --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["phases"]), d["functions"], d["parameters"])')
b=$("$bin" tdb check "$tmp/sgte.tdb" --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["phases"]), d["functions"], d["parameters"])')
check "round trip keeps phases, functions, parameters ($a vs $b)" '[ -n "$a" ] && [ "$a" = "$b" ]'
j=$("$bin" tdb write "$src/data/tdb/BiNd.tdb" --out "$tmp/b.tdb" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["phases"])')
check "write --json" '[ "$j" = "10" ]'

# refusals and errors: exit 2, file:line, model named; no output file left behind
m=$("$bin" tdb check "$shared/data/tdb/alni_dupin_2001.tdb" --json | python3 -c 'import json,sys; print([(p["model"], p.get("disordered_part")) for p in json.load(sys.stdin)["phases"] if p["name"] == "FCC_L12"][0])')
check "order-disorder phase read with its disordered part ($m)" '[[ "$m" == *"order-disorder"*"FCC_A1"* ]]'
err=$("$bin" tdb write "$shared/data/tdb/MgNaCl-MQMQA.TDB" --out "$tmp/q.tdb" 2>&1 >/dev/null); rc=$?
check "quasichemical refused, nothing written" '[ $rc -eq 2 ] && [ ! -e "$tmp/q.tdb" ] && [[ "$err" == *"MgNaCl-MQMQA.TDB:44:"*"quasichemical"* ]]'
err=$("$bin" tdb check "$src/tests/thermo_tdb/bad/unterminated.tdb" 2>&1 >/dev/null); rc=$?
check "malformed file: exit 2 with line" '[ $rc -eq 2 ] && [[ "$err" == *"unterminated.tdb:6:"*"unterminated statement"* ]]'
err=$("$bin" tdb check "$tmp/none.tdb" 2>&1 >/dev/null); rc=$?
check "missing file: non-zero exit, named" '[ $rc -ne 0 ] && [[ "$err" == *"none.tdb"* ]]'
"$bin" tdb write "$src/data/tdb/BiNd.tdb" 2>/dev/null; rc=$?
check "write without --out is a usage error" '[ $rc -eq 2 ]'
"$bin" tdb frobnicate x.tdb 2>/dev/null; rc=$?
check "unknown action is a usage error" '[ $rc -eq 2 ]'
"$bin" tdb write "$src/data/tdb/BiNd.tdb" --out "$tmp/no/such/dir/x.tdb" 2>/dev/null; rc=$?
check "unwritable output fails" '[ $rc -ne 0 ] && [ ! -e "$tmp/no/such/dir/x.tdb" ]'
"$bin" tdb --help | grep -q "tdb check DB"; rc=$?
check "--help" '[ $rc -eq 0 ]'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
