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

# Every shared file is recognised (format, technique, rows) through --json; the JSON documents are
# checked by one python3 run below (interpreter start-up is the slow part of this script).
for f in biologic_cv.mpr biologic_ca_v1150_decimal_comma.mpt biologic_ocv_v1150_decimal_comma.mpt \
         gamry_cv_decimal_comma.DTA gamry_chronoa.DTA gamry_squarewave.DTA gamry_ocp.DTA \
         autolab_nova_cv.txt autolab_nova_chrono.txt versastudio_versastat4_eis.par \
         chi660e_eis.txt palmsens_swv.pssession; do
  "$bin" read --json -q "$data/$f" > "$tmp/$f.json"; rc=$?
  check "$f: --json exits 0" '[ $rc -eq 0 ]'
done
# SI CSV: comment block, header, all rows, readable again with the same values.
"$bin" read -q "$data/biologic_ca_v1150_decimal_comma.mpt" --csv "$tmp/ca.csv" >/dev/null; rc=$?
check "--csv exits 0" '[ $rc -eq 0 ] && [ -f "$tmp/ca.csv" ]'
check "csv states the sign convention" 'grep -q "^# sign convention: IUPAC" "$tmp/ca.csv"'
check "csv header in SI" '[ "$(grep -v "^#" "$tmp/ca.csv" | head -1 | cut -d, -f1-6)" = "time_s,E_V,I_A,Q_C,cycle,segment" ]'
check "csv has 80 rows" '[ "$(grep -v "^#" "$tmp/ca.csv" | tail -n +2 | wc -l)" -eq 80 ]'
# Line 73 of the source: <I>/mA 9,693702445496222E-003 -> 9.693702445496222e-06 A.
"$bin" read --json -q "$tmp/ca.csv" > "$tmp/back.json"; rc=$?
check "csv reads back" '[ $rc -eq 0 ]'

# CSV/TSV with columns chosen by name and units given on the command line.
printf 'Zeit\tSpannung\tStrom\n0\t-1500\t2\n1\t-1400\t4\n' > "$tmp/x.tsv"
"$bin" read --json -q "$tmp/x.tsv" --col-t Zeit --unit-t min --col-E Spannung --unit-E mV \
  --col-I Strom --unit-I uA > "$tmp/tsv.json"; rc=$?
check "column options exit 0" '[ $rc -eq 0 ]'
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
# All JSON checks in one interpreter: each line printed is "PASS what" or "FAIL what".
njson=0
while read -r verdict what; do
  njson=$((njson+1))
  if [ "$verdict" = PASS ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $what" >&2; fi
done < <(python3 - "$tmp" <<'PY'
import json, os, sys
tmp = sys.argv[1]
def load(name):
    try:
        with open(os.path.join(tmp, name)) as f:
            return json.load(f)
    except Exception as e:
        print("FAIL cannot load", name, e)
        return None
def check(what, ok):
    print("PASS" if ok else "FAIL", what)
want = {
    "biologic_cv.mpr": ("biologic-mpr", "CV", 5103),
    "biologic_ca_v1150_decimal_comma.mpt": ("biologic-mpt", "CA", 80),
    "biologic_ocv_v1150_decimal_comma.mpt": ("biologic-mpt", "OCP", 43),
    "gamry_cv_decimal_comma.DTA": ("gamry-dta", "CV", 81),
    "gamry_chronoa.DTA": ("gamry-dta", "CA", 10),
    "gamry_squarewave.DTA": ("gamry-dta", "SWV", 10),
    "gamry_ocp.DTA": ("gamry-dta", "OCP", 21),
    "autolab_nova_cv.txt": ("autolab-ascii", "CV", 6280),
    "autolab_nova_chrono.txt": ("autolab-ascii", "CA", 30),
    "versastudio_versastat4_eis.par": ("versastudio-par", "EIS", 61),
    "chi660e_eis.txt": ("chi-txt", "EIS", 73),
    "palmsens_swv.pssession": ("palmsens-pssession", "SWV", 210),
}
for f, w in want.items():
    j = load(f + ".json")
    got = (j["format"], j["technique"], j["rows"]) if j else None
    check(f"{f}: {w} (got {got})", got == w)
j = load("gamry_squarewave.DTA.json")
if j:
    check("json: sign converted for Gamry CONVENTION 0", j["current_sign_converted"] is True)
    check("json: two warnings", len(j["warnings"]) == 2)
    check("json: Ifwd_A column", any(c["name"] == "Ifwd_A" for c in j["columns"]))
j = load("back.json")
if j:
    check(f"csv reads back as 80 rows, 4 cycles (got {j['rows']}, {j['cycles']})",
          j["format"] == "csv" and j["rows"] == 80 and j["cycles"] == 4)
    i = {c["name"]: c for c in j["columns"]}["I_A"]["first"]
    # Line 73 of the source: <I>/mA 9,693702445496222E-003; one multiplication by 1e-3 rounds once.
    check(f"csv current in A ({i})", abs(i - 9.693702445496222e-06) <= 1e-15 * 9.693702445496222e-06)
j = load("tsv.json")
if j:
    c = {x["name"]: x for x in j["columns"]}
    got = (c["time_s"]["last"], c["E_V"]["first"], c["I_A"]["last"])
    check(f"column options and units (got {got})", got == (60, -1.5, 4e-06))
PY
)
check "all 18 JSON checks ran (python3 needed; ran $njson)" '[ $njson -eq 18 ]'
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
