#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `liquidus md run --potential MODEL.yaml`: a DeePMD-kit model (random weights, written by
# `md random-model`) runs the ox and red states of the Mg-La study's melt (Table 1: one neutral Mg
# atom in the red state), `liquidus redox` takes the energy series of the two runs, and
# `md export-lammps` writes the pair_style deepmd deck of the same model.
set -u
bin="${LQ_BIN:?LQ_BIN not set}"
pass=0; fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
num() { python3 -c "import json,sys; d=json.load(open('$1')); print(eval('d'+sys.argv[1]))" "$2"; }
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 1

"$bin" md random-model --types Na,K,Mg,La,Cl --sel 40 --rcut 5 --seed 3 --out m.yaml --quiet >/dev/null; rc=$?
check "random model written" '[ $rc -eq 0 ] && grep -q "type_map" m.yaml'
"$bin" build "Na:20 K:20 Mg:1 La:2 Cl:48" --density 1.7 --T 1000 --out ox.data --quiet >/dev/null
"$bin" build "Na:20 K:20 Mg:1 La:2 Cl:48" --reduce Mg --density 1.7 --T 1000 --out red.data \
    --quiet >/dev/null
check "red state holds the neutral Mg atom" 'grep -q "# Mg0" red.data'
for s in ox red; do
    "$bin" md run --data $s.data --potential m.yaml --ensemble nvt --T 1000 --dt 0.25 \
        --steps 200 --thermo 5 --threads 2 --out $s --json --quiet > $s.json; rc=$?
    check "md run $s exits 0" '[ $rc -eq 0 ] && [ "$(num $s.json "[\"step\"]")" = "200" ]'
    check "$s thermo names the model" 'grep -q "DeePMD-kit model m.yaml (se_e2_a" $s.thermo.csv'
    check "$s thermo has 41 rows" '[ "$(grep -c "^[0-9]" $s.thermo.csv)" = "41" ]'
done
# redox on the two energy series: each state's energy is the mean of its etot_eV column
"$bin" redox --ox ox.thermo.csv --red red.thermo.csv --column etot_eV --skip 0 --n 2 \
    --mu-cl2 -6.00 --T 1000 --json --quiet > r.json; rc=$?
check "redox takes the DP runs' energies" '[ $rc -eq 0 ]'
mean() { awk -F, '/^[0-9]/ { s += $6; n++ } END { printf "%.10f", s / n }' "$1"; }
eq() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; exit !(d < 1e-6 && d > -1e-6) }'; }
check "ox energy = mean of its series" 'eq "$(num r.json "[\"ox\"][\"energy_eV\"]")" "$(mean ox.thermo.csv)"'
check "red energy = mean of its series" 'eq "$(num r.json "[\"red\"][\"energy_eV\"]")" "$(mean red.thermo.csv)"'
check "dG = E_red + (n/2) mu - E_ox" 'eq "$(num r.json "[\"dG_eV\"]")" "$(awk -v o="$(mean ox.thermo.csv)" -v r="$(mean red.thermo.csv)" "BEGIN { printf \"%.10f\", r - 6 - o }")"'

# the LAMMPS hand-off of the same model
"$bin" md export-lammps --data red.data --potential m.yaml --out deck --quiet >/dev/null; rc=$?
check "export-lammps exits 0" '[ $rc -eq 0 ] && [ -s deck.in ] && [ -s deck.data ]'
check "pair_style deepmd on the converted model" 'grep -q "^pair_style deepmd m.pth$" deck.in'
check "pair_coeff in type_map names (Mg0 -> Mg)" 'grep -q "^pair_coeff \* \* Na K Mg La Cl Mg$" deck.in'
check "no kspace for a deep potential" '! grep -q kspace deck.in'

# a species the model does not know is refused, naming it
"$bin" md random-model --types K,Cl --out kcl.yaml --quiet >/dev/null
"$bin" md run --data ox.data --potential kcl.yaml --steps 1 --out bad 2>err.txt; rc=$?
check "unknown species refused" '[ $rc -ne 0 ] && grep -q "Na" err.txt && grep -q type_map err.txt'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
