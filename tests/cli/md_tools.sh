#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# liquidus build / rdf / msd / energy / redox from the command line: the Mg-La study's Table 3
# (to 0.01 V), compositions, LAMMPS dumps and logs written by LAMMPS itself (Debian's lmp, run
# here on a 64-ion NaCl melt), CSV/JSON/figure outputs and error messages.
set -u
bin="${LQ_BIN:?LQ_BIN not set}"
pass=0; fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
num() { python3 -c "import json,sys; d=json.load(open('$1')); print(eval('d'+sys.argv[1]))" "$2"; }
close() { python3 -c "import sys; sys.exit(0 if abs(float(sys.argv[1])-float(sys.argv[2]))<=float(sys.argv[3]) else 1)" "$1" "$2" "$3"; }
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 1

# --- redox: Table 3 of the Mg-La study, mu(Cl2) = -6.00 eV, vs Cl2/Cl- to 0.01 V
"$bin" redox --e-ox -316.29 --e-red -305.10 --n 2 --mu-cl2 -6.00 --T 973 --json > mg.json
check "Mg: exit 0" '[ $? -eq 0 ]'
check "Mg -2.60 V" 'close "$(num mg.json "[\"E_vs_Cl2_V\"]")" -2.60 0.01'
"$bin" redox --e-ox -294.76 --e-red -277.17 --n 3 --mu-cl2 -6.00 --T 973 --json > la.json
check "La -2.86 V" 'close "$(num la.json "[\"E_vs_Cl2_V\"]")" -2.86 0.01'
"$bin" redox --e-ox -295.27 --e-red -278.12 --n 3 --mu-cl2 -6.00 --T 973 --json > lamg.json
check "La(Mg) -2.72 V" 'close "$(num lamg.json "[\"E_vs_Cl2_V\"]")" -2.72 0.01'
# vs Ag/AgCl with Eq. 6 at 973 K: E + 1.0910 - 1.17e-5 * 973
check "Mg vs Ag/AgCl" 'close "$(num mg.json "[\"E_vs_AgAgCl_V\"]")" -1.5153841 1e-6'
out=$("$bin" redox --e-ox -316.29 --e-red -305.10 --n 2 --mu-cl2 -6.00 --T 973)
check "text names both scales" '[[ "$out" == *"vs Cl2/Cl-"* && "$out" == *"Ag/AgCl"* ]]'
# energies from CSV series (any engine): constant + alternating noise, mean known exactly
python3 - <<'PY'
import random
random.seed(1)
for name, e0 in (("ox.csv", -316.29), ("red.csv", -305.10)):
    with open(name, "w") as f:
        f.write("# synthetic energies in eV\nstep,E_total_eV\n")
        for i in range(4000):
            f.write("%d,%.6f\n" % (i, e0 + random.gauss(0.0, 0.3)))
PY
"$bin" redox --ox ox.csv --red red.csv --n 2 --mu-cl2 -6.00 --T 973 --json --quiet > f.json
check "redox from CSV files within 4 errors" 'close "$(num f.json "[\"E_vs_Cl2_V\"]")" -2.595 "$(python3 -c "print(4*$(num f.json "[\"E_err_V\"]"))")"'
check "redox error from blocks ~ 0.3*sqrt(2/4000)/2" 'close "$(num f.json "[\"E_err_V\"]")" 0.00335 0.0012'
"$bin" redox --e-ox -316.29 --n 2 --mu-cl2 -6 --T 973 2>err.txt; rc=$?
check "missing red state: usage error" '[ $rc -eq 2 ] && grep -q -- "--red" err.txt'
"$bin" redox --e-ox -316.29 --e-red -305.1 --n 2 --mu-cl2 -6 2>err.txt; rc=$?
check "missing T: usage error" '[ $rc -eq 2 ] && grep -q -- "--T" err.txt'

# --- build
"$bin" build "NaCl-KCl eutectic + 0.5 wt% MgCl2 + 2 wt% LaCl3" --ions 1000 --density 1.6 \
    --T 973 --out nkml.data --counts nkml.csv --json --quiet > b.json
check "build exit 0" '[ $? -eq 0 ] && [ -s nkml.data ]'
check "build counts (by hand: 249 Na, 243 K, 2 Mg, 2 La, 502 Cl)" \
    'grep -q "^Na,1,22.99,249$" nkml.csv && grep -q "^K,1,39.098,243$" nkml.csv && grep -q "^Mg,2,24.305,2$" nkml.csv && grep -q "^La,3,138.91,2$" nkml.csv && grep -q "^Cl,-1,35.45,502$" nkml.csv'
"$bin" build "Na:20 K:20 La:2 Cl:46 Mg0:1" --reduce La --density 1.6 --out lamg.data --json > r.json
check "La(Mg)-red of Table 1" '[ "$(num r.json "[\"atoms\"]")" = "86" ] && grep -q "# La0" lamg.data && grep -q "# Mg0" lamg.data'
"$bin" build "Na:5 Xy:5" --density 1.6 2>err.txt; rc=$?
check "unknown species: error, named" '[ $rc -ne 0 ] && grep -q "Xy" err.txt'
"$bin" build "Na:5 Cl:4" --density 1.6 2>err.txt; rc=$?
check "non-neutral counts: error" '[ $rc -ne 0 ] && grep -q "charge" err.txt'
"$bin" build "NaCl + 0.01 mol% LaCl3" --ions 100 --density 1.6 2>err.txt; rc=$?
check "lost component: error with the size needed" '[ $rc -ne 0 ] && grep -q "LaCl3" err.txt && grep -q "at least" err.txt'
"$bin" build "NaCl" --ions 100 2>err.txt; rc=$?
check "no density: usage error" '[ $rc -eq 2 ]'

# --- a short LAMMPS run (64 ions of NaCl, Tosi-Fumi, Ewald) for its dump and log
command -v lmp >/dev/null || { echo "FAIL: LAMMPS (lmp) not found: install Debian's lammps" >&2; fail=$((fail+1)); }
"$bin" build "NaCl" --ions 64 --density 1.5 --T 1500 --seed 3 --min-sep 2.4 --out nacl64.data --quiet > /dev/null
cat > in.nacl64 <<'LMP'
units metal
atom_style charge
boundary p p p
read_data nacl64.data
pair_style born/coul/long 6.0
pair_coeff 1 1 0.2637037584 0.317 2.3400 1.048573525 -0.499320726
pair_coeff 1 2 0.2109630067 0.317 2.7550 6.990490163 -8.675697614
pair_coeff 2 2 0.158222255 0.317 3.1700 72.40150526 -145.4271614
kspace_style ewald 1e-5
timestep 0.001
thermo_style custom step time temp pe etotal press density
thermo 10
minimize 1e-4 1e-6 100 1000
reset_timestep 0
velocity all create 1500 4 mom yes dist gaussian
fix 1 all nvt temp 1500 1500 0.1
dump d all custom 20 nacl64.dump type id z y x iz iy ix vz
run 1000
LMP
lmp -in in.nacl64 -log nacl64.log -screen none >/dev/null 2>&1
check "LAMMPS read liquidus's data file and ran" '[ $? -eq 0 ] && [ -s nacl64.dump ]'
"$bin" energy nacl64.log --json --quiet > e.json
check "energy on a LAMMPS log: last run, 101 rows" '[ "$(num e.json "[\"n_points\"]")" = "101" ] && [ "$(num e.json "[\"column\"]")" = "TotEng" ]'
"$bin" energy nacl64.log --column Temp --run -1 --skip 0 --out h.csv --plot h.png --quiet > /dev/null
check "energy: histogram CSV and figure" '[ -s h.csv ] && [ -s h.png ]'
rho_log=$(python3 -c "
import re
rows=[l.split() for l in open('nacl64.log') if re.match(r'^\s+1000\s', l)]
print(rows[-1][6])")
"$bin" rdf nacl64.dump --types Na,Cl --json --out g.csv --plot g.svg --quiet > g.json
check "rdf: density equals LAMMPS's (NVT, 6 digits printed)" 'close "$(num g.json "[\"density_g_cm3\"]")" "$rho_log" 1e-5'
check "rdf: Na-Cl first peak 2.4-3.0 A" 'python3 -c "import json;p=json.load(open(\"g.json\"))[\"pairs\"][1];exit(0 if 2.4<p[\"r_peak_A\"]<3.0 else 1)"'
check "rdf: CSV and SVG written" '[ -s g.csv ] && grep -q "<svg" g.svg'
"$bin" msd nacl64.dump --types Na,Cl --timestep 0.001 --json --out m.csv --plot m.png --quiet > m.json
check "msd: D(Na) positive and finite" 'python3 -c "import json;s=json.load(open(\"m.json\"))[\"species\"][0];exit(0 if 1e-6<s[\"D_cm2_s\"]<1e-3 else 1)"'
check "msd: CSV and PNG written" '[ -s m.csv ] && [ -s m.png ]'

# --- the same tools on a liquidus md run (its thermo CSV and its dump)
"$bin" md run --data nacl64.data --potential tosi_fumi_NaCl.pot --ensemble nvt --T 1500 --dt 1 \
    --steps 400 --thermo 10 --dump 20 --cutoff 6 --kspace ewald --out lq64 --threads 1 --quiet \
    > /dev/null 2>&1
check "liquidus md run wrote thermo and dump" '[ -s lq64.thermo.csv ] && [ -s lq64.lammpstrj ]'
"$bin" energy lq64.thermo.csv --json --quiet > le.json
check "energy reads liquidus thermo CSV (etot_eV, 41 rows)" '[ "$(num le.json "[\"column\"]")" = "etot_eV" ] && [ "$(num le.json "[\"n_points\"]")" = "41" ]'
"$bin" rdf lq64.lammpstrj --types Na,Cl --json --quiet > lg.json
check "rdf on a liquidus dump: 21 frames" '[ "$(num lg.json "[\"frames\"]")" = "21" ]'
"$bin" msd lq64.lammpstrj --types Na,Cl --timestep 0.001 --json --quiet > lm.json
check "msd on a liquidus dump" 'python3 -c "import json;s=json.load(open(\"lm.json\"))[\"species\"];exit(0 if all(x[\"D_cm2_s\"]>0 for x in s) else 1)"'

# --- malformed inputs name file and line
head -n 25 nacl64.dump > cut.dump
"$bin" rdf cut.dump --types Na,Cl 2>err.txt; rc=$?
check "truncated dump: error with file:line" '[ $rc -ne 0 ] && grep -q "cut.dump:26" err.txt'
printf 'Step Temp TotEng\n0 1500 -5\n10 1500\n20 1500 -5\n' > bad.log
"$bin" energy bad.log 2>err.txt; rc=$?
check "malformed log row: file:line" '[ $rc -ne 0 ] && grep -q "bad.log:3" err.txt'
"$bin" msd nacl64.dump --types Na,Cl 2>/dev/null; rc=$?
check "msd without time step: usage error" '[ $rc -eq 2 ]'
check "no output left behind by failures" '[ ! -e "$dir/.nothing" ]'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
