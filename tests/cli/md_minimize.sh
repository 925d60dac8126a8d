#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `liquidus md minimize`, `md run --minimize` and the cutoff chosen to fit the box: random starts
# from `liquidus build` (NaCl; NaCl-KCl + MgCl2 + LaCl3) stay near the target temperature after a
# FIRE minimisation and blow up to many times it without one.
set -u
bin="${LQ_BIN:?LQ_BIN not set}"
pass=0; fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
jget() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$@"; }
# largest and smallest T_K of a thermo CSV (rows after the header)
tmax() { awk -F, '!/^#/ && $1 ~ /^[0-9]+$/ {if ($3 > m) m = $3} END {print m}' "$1"; }
tmin() { awk -F, '!/^#/ && $1 ~ /^[0-9]+$/ {if (m == "" || $3 < m) m = $3} END {print m}' "$1"; }

# --- 216 NaCl ions at random (build's default 2 A minimum separation) in an 18.91 A box
"$bin" build "NaCl" --ions 216 --density 1.55 --T 1200 --seed 3 --out nacl.data -q >/dev/null
check "build NaCl" '[ -s nacl.data ]'
pot=tosi_fumi_NaCl.pot

# md minimize: no --cutoff, so 18.91/2 - 2 = 7.45 -> 7.4 A, with a note
"$bin" md minimize --data nacl.data --potential $pot --ftol 0.05 --out m --json > m.json 2> m.err
rc=$?
check "md minimize exits 0" '[ $rc -eq 0 ] && [ -s m.min.data ]'
check "note names the chosen cutoff" 'grep -q "note: no --cutoff given.*18.9097 A.*cutoff of 7.4 A" m.err'
check "minimize JSON: converged on ftol" '[ "$(jget m.json stop)" = ftol ] && [ "$(jget m.json converged)" = True ]'
check "minimize JSON: largest force below --ftol 0.05" \
    'awk -v f="$(jget m.json fmax_eV_per_A)" "BEGIN{exit !(f < 0.05)}"'
# Energy of the random start is positive (overlapping repulsions); the relaxed one is near the
# melt's (-3.9 eV per ion pair): at least 700 eV lower for 108 pairs.
check "minimize JSON: energy fell by > 700 eV" \
    'awk -v a="$(jget m.json pe_initial_eV)" -v b="$(jget m.json pe_final_eV)" "BEGIN{exit !(a - b > 700)}"'
# The written configuration is the minimum: minimising it again stops at once.
"$bin" md minimize --data m.min.data --potential $pot --ftol 0.05 --out m2 --json > m2.json 2>/dev/null
check "minimised data re-minimises in 0 steps" '[ "$(jget m2.json iterations)" = 0 ]'
"$bin" md minimize --data nacl.data --potential $pot --maxiter 5 --out m3 > m3.out 2> m3.err
check "maxiter: exit 0 with a warning and the stop named" \
    '[ $? -eq 0 ] && grep -q "warning: minimisation stopped at --maxiter 5" m3.err && grep -q "stopped by maxiter" m3.out'
"$bin" md minimize --data nacl.data --out x 2>/dev/null
check "minimize without --potential exits 2" '[ $? -eq 2 ]'
"$bin" md minimize --data nacl.data --potential $pot --ftol -1 --out x 2>/dev/null
check "minimize --ftol -1 exits 2" '[ $? -eq 2 ]'

"$bin" md minimize --data missing.data --potential $pot --out x 2>/dev/null
check "minimize of a missing file exits 2" '[ $? -eq 2 ]'
"$bin" md minimize --data nacl.data --potential $pot --ftol 0.5 --out x --json > /dev/full 2>/dev/null
check "minimize --json to a full disk exits 3" '[ $? -eq 3 ]'

# --- cutoff: too large for the box is refused with the largest allowed value
"$bin" md run --data nacl.data --potential $pot --steps 1 --out c 2>/dev/null >/dev/null
"$bin" md run --data nacl.data --potential $pot --cutoff 10 --steps 1 --out c 2> c.err
rc=$?
check "--cutoff 10 in an 18.9 A box exits 2" '[ $rc -eq 2 ]'
check "the error suggests --cutoff 9.4" 'grep -q "largest allowed is --cutoff 9.4" c.err'
"$bin" md run --data nacl.data --potential $pot --cutoff 9.4 --steps 1 --out c -q 2> c2.err >/dev/null
check "--cutoff 9.4 runs, without a note" '[ $? -eq 0 ] && ! grep -q note c2.err'
check "the thermo header records the chosen cutoff" \
    '"$bin" md run --data nacl.data --potential $pot --steps 1 --out c3 -q 2>/dev/null >/dev/null; grep -q "cutoff 7.4 A" c3.thermo.csv'

# --- Done-when 3: random starts with and without --minimize, NVT at T for 300 steps.
# Bound: with --minimize every thermo row lies in [0.3 T, 1.25 T] (the run starts at a minimum,
# so about half the kinetic energy first flows into potential energy, then the thermostat
# restores T); without it the relaxation of the overlaps heats the melt above 5 T.
contrast() {  # $1 label, $2 data, $3 potential, $4 T
    local T=$4 lab=$1
    "$bin" md run --data "$2" --potential "$3" --ensemble nvt --T "$T" --steps 300 --thermo 10 \
        --out "$1.min" --minimize 2> "$1.min.err" >/dev/null
    check "${lab}: md run --minimize exits 0" '[ $? -eq 0 ]'
    check "${lab}: minimisation reported" 'grep -q "minimised: .* FIRE steps (stop: ftol)" "$lab.min.err"'
    local hi lo hi0
    hi=$(tmax "$1.min.thermo.csv"); lo=$(tmin "$1.min.thermo.csv")
    "$bin" md run --data "$2" --potential "$3" --ensemble nvt --T "$T" --steps 300 --thermo 10 \
        --out "$1.raw" -q 2>/dev/null >/dev/null
    hi0=$(tmax "$1.raw.thermo.csv")
    echo "$1 (T = $T K): with --minimize T in [$lo, $hi] K; without, T up to $hi0 K" >&2
    check "${lab}: --minimize keeps T within [0.3 T, 1.25 T]" \
        'awk -v h="$hi" -v l="$lo" -v T="$T" "BEGIN{exit !(h <= 1.25 * T && l >= 0.3 * T)}"'
    check "${lab}: without --minimize T exceeds 5 T" \
        'awk -v h="$hi0" -v T="$T" "BEGIN{exit !(h > 5 * T)}"'
}
contrast nacl nacl.data $pot 1200
"$bin" build "NaCl-KCl eutectic + 0.5 wt% MgCl2 + 2 wt% LaCl3" --ions 500 --density 1.6 --T 1100 \
    --seed 5 --potential nakcl_mgcl2_lacl3_derived.pot --out nkml.data -q >/dev/null
check "build NKML with Mg and La" 'grep -q "# Mg" nkml.data && grep -q "# La" nkml.data'
contrast nkml nkml.data nakcl_mgcl2_lacl3_derived.pot 1100

echo "md_minimize: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
