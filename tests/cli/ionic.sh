#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The ionic two-sublattice liquid from the command: `tdb check` names the model and its variable
# site ratios; `eq` solves the Cu-Cu2O eutectic with the ionic liquid at zero amount (1339.40 K,
# tests/thermo_ionic checks it against the measured 1065-1066 C).
set -u
bin="${LQ_BIN:?LQ_BIN not set}"
src="${LQ_SOURCE_DIR:?LQ_SOURCE_DIR not set}"
pass=0; fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }

out=$("$bin" tdb check "$src/tests/data/ionic/cuo.tdb"); rc=$?
check "check cuo.tdb exits 0" '[ $rc -eq 0 ]'
check "ionic liquid with P, Q shown" '[[ "$out" == *"IONIC_LIQ:Y"*"ionic liquid"*"(CU+1,CU+2,CU+3)P(O-2,VA)Q"* ]]'

out=$("$bin" eq "$src/tests/data/ionic/cuo.tdb" --T 1300 --x O=0.01 --phases IONIC_LIQ,FCC_A1,CU2O \
      --zero IONIC_LIQ --free T -q 2>/dev/null); rc=$?
check "eq --zero IONIC_LIQ --free T exits 0" '[ $rc -eq 0 ]'
check "eutectic at 1339.40 K (got: ${out:0:80})" '[[ "$out" == *"T = 1339.40 K"* ]]'
check "liquid site fractions listed" '[[ "$out" == *"CU+1="*"O-2="*"VA="* ]]'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
