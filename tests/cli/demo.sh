#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `liquidus demo`: the thermo section reports the Bi-Nd numbers beside Table 1; the Mg-La section
# converts reference electrodes and reproduces Table 3.
set -u
bin="${LQ_BIN:?LQ_BIN not set}"
pass=0; fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
out=$("$bin" demo --only thermo); rc=$?
check "demo exits 0" '[ $rc -eq 0 ]'
check "two-phase equilibrium at x = 0.10" '[[ "$out" == *"x(Nd) = 0.10: 2 phases"* && "$out" == *"x(Nd) = 0.072692"* ]]'
check "measured Table 1 values beside the computed ones" '[[ "$out" == *0.99* && "$out" == *2.91* && "$out" == *5.65* && "$out" == *7.2692* ]]'
check "activity with the DHCP reference" '[[ "$out" == *"a(Nd) = 4.8508e-13"* && "$out" == *DHCP* ]]'
out=$("$bin" demo --only mgla); rc=$?
check "mgla section exits 0" '[ $rc -eq 0 ]'
check "-1.49 V vs Ag/AgCl is -2.57 V vs Cl2/Cl- (Eq. 6)" '[[ "$out" == *"-2.5696 V vs Cl2/Cl-"* ]]'
check "Table 3 from the DPMD energies" '[[ "$out" == *"-2.5950"* && "$out" == *"-2.8633"* && "$out" == *"-2.7167"* ]]'
check "Nd-Sn reference (Eq. 8) at 973 K" '[[ "$out" == *"0.7379 V vs Nd(s)"* ]]'
err=$("$bin" demo --only nothing 2>&1 >/dev/null); rc=$?
check "unknown section: exit 2" '[ $rc -eq 2 ]'
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
