#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `liquidus read`: detection and description of instrument files, JSON output, SI CSV conversion
# (atomic), and clear failures naming the file and line.
set -u
bin="${LQ_BIN:?LQ_BIN not set}"
data="${LQ_SHARED_DIR:?LQ_SHARED_DIR not set}/data/echem"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
[ -f "$data/biologic_cv.mpt" ] || { echo "MISSING shared data: $data" >&2; echo "0 passed, 1 failed"; exit 1; }

out=$("$bin" read -q "$data/biologic_cv.mpt"); rc=$?
check "read .mpt exits 0" '[ $rc -eq 0 ]'
check "technique CV" '[[ "$out" == *"technique   CV (Cyclic Voltammetry)"* ]]'
check "5103 rows" '[[ "$out" == *"rows        5103"* ]]'
check "2 cycles" '[[ "$out" == *"cycles      2"* ]]'
check "current source named" '[[ "$out" == *"from '"'"'<I>/mA'"'"'"* ]]'

# Every shared file is recognised (format, technique) through --json.
declare -A want=(
  [biologic_cv.mpr]="biologic-mpr CV 5103" [biologic_ca_v1150_decimal_comma.mpt]="biologic-mpt CA 80"
  [biologic_ocv_v1150_decimal_comma.mpt]="biologic-mpt OCP 43" [gamry_cv_decimal_comma.DTA]="gamry-dta CV 81"
  [gamry_chronoa.DTA]="gamry-dta CA 10" [gamry_squarewave.DTA]="gamry-dta SWV 10"
  [gamry_ocp.DTA]="gamry-dta OCP 21" [autolab_nova_cv.txt]="autolab-ascii CV 6280"
  [autolab_nova_chrono.txt]="autolab-ascii CA 30" [versastudio_versastat4_eis.par]="versastudio-par EIS 61"
  [chi660e_eis.txt]="chi-txt EIS 73" [palmsens_swv.pssession]="palmsens-pssession SWV 210")
for f in "${!want[@]}"; do
  got=$("$bin" read --json -q "$data/$f" | python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["format"], j["technique"], j["rows"])')
  check "$f: ${want[$f]} (got $got)" '[ "$got" = "${want[$f]}" ]'
done
j=$("$bin" read --json -q "$data/gamry_squarewave.DTA")
check "json: sign converted for Gamry CONVENTION 0" '[ "$(echo "$j" | python3 -c "import json,sys; print(json.load(sys.stdin)[\"current_sign_converted\"])")" = True ]'
check "json: warnings listed" '[ "$(echo "$j" | python3 -c "import json,sys; print(len(json.load(sys.stdin)[\"warnings\"]))")" = 2 ]'
check "json: Ifwd_A column" '[[ "$j" == *"\"Ifwd_A\""* ]]'

# SI CSV: comment block, header, all rows, readable again with the same values.
"$bin" read -q "$data/biologic_ca_v1150_decimal_comma.mpt" --csv "$tmp/ca.csv" >/dev/null; rc=$?
check "--csv exits 0" '[ $rc -eq 0 ] && [ -f "$tmp/ca.csv" ]'
check "csv states the sign convention" 'grep -q "^# sign convention: IUPAC" "$tmp/ca.csv"'
check "csv header in SI" '[ "$(grep -v "^#" "$tmp/ca.csv" | head -1 | cut -d, -f1-6)" = "time_s,E_V,I_A,Q_C,cycle,segment" ]'
check "csv has 80 rows" '[ "$(grep -v "^#" "$tmp/ca.csv" | tail -n +2 | wc -l)" -eq 80 ]'
# Line 73 of the source: <I>/mA 9,693702445496222E-003 -> 9.693702445496222e-06 A.
# One multiplication by 1e-3 rounds once: equal to 1e-15 relative.
i1=$(grep -v "^#" "$tmp/ca.csv" | sed -n 2p | cut -d, -f3)
check "csv current in A ($i1)" 'python3 -c "import sys; sys.exit(abs($i1 - 9.693702445496222e-06) > 1e-15 * 9.693702445496222e-06)"'
back=$("$bin" read --json -q "$tmp/ca.csv" | python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["format"], j["rows"], j["cycles"])')
check "csv reads back (got $back)" '[ "$back" = "csv 80 4" ]'

# CSV/TSV with columns chosen by name and units given on the command line.
printf 'Zeit\tSpannung\tStrom\n0\t-1500\t2\n1\t-1400\t4\n' > "$tmp/x.tsv"
got=$("$bin" read --json -q "$tmp/x.tsv" --col-t Zeit --unit-t min --col-E Spannung --unit-E mV --col-I Strom --unit-I uA | python3 -c 'import json,sys; j=json.load(sys.stdin); c={x["name"]:x for x in j["columns"]}; print(c["time_s"]["last"], c["E_V"]["first"], c["I_A"]["last"])')
check "column options and units (got $got)" '[ "$got" = "60 -1.5 4e-06" ]'
err=$("$bin" read -q "$tmp/x.tsv" --col-E Potential 2>&1 >/dev/null); rc=$?
check "missing --col-E column fails" '[ $rc -eq 2 ] && [[ "$err" == *"Potential"* ]]'

# Failures: file and line named, exit 2 (bad input) or 1, no output file written, an existing one untouched.
printf 'EC-Lab ASCII FILE\nNb header lines : 4\n\nmode\ttime/s\tEwe/V\n1\t1\t0.1\n1\tx\t0.2\n1\t3\t0.3\n' > "$tmp/bad.mpt"
echo keep > "$tmp/keep.csv"
err=$("$bin" read "$tmp/bad.mpt" --csv "$tmp/keep.csv" 2>&1 >/dev/null); rc=$?
check "bad file exits 2" '[ $rc -eq 2 ]'
check "bad file: file:line named" '[[ "$err" == *"bad.mpt:6"* ]] && [[ "$err" == *"expected a number"* ]]'
check "existing output untouched" '[ "$(cat "$tmp/keep.csv")" = keep ]'
"$bin" read -q "$data/gamry_ocp.DTA" --csv "$tmp/nodir/x.csv" >/dev/null 2>&1; rc=$?
check "unwritable output fails" '[ $rc -ne 0 ] && [ ! -e "$tmp/nodir/x.csv" ]'
"$bin" read -q /nonexistent/file.DTA >/dev/null 2>&1; rc=$?
check "missing file fails" '[ $rc -ne 0 ]'
"$bin" read >/dev/null 2>&1; rc=$?
check "no file exits 2" '[ $rc -eq 2 ]'
"$bin" read --format nope "$data/gamry_ocp.DTA" >/dev/null 2>&1; rc=$?
check "unknown format exits 2" '[ $rc -eq 2 ]'
"$bin" read --help >/dev/null; rc=$?
check "--help exits 0" '[ $rc -eq 0 ]'
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
