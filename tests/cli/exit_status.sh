#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# One rule for exit status across every command (DESIGN.md, issue "Reliability"): 0 ok, 1 the
# computation failed, 2 bad input or usage (a bad value, a missing file), 3 an output that could
# not be written (stdout on /dev/full, or an output file on it). Each command is run four ways.
set -u
bin="${LQ_BIN:?LQ_BIN not set}"
src="${LQ_SOURCE_DIR:?LQ_SOURCE_DIR not set}"
shared="${LQ_SHARED_DIR:-$src/../shared}"
pass=0; fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
db="$src/data/tdb/BiNd.tdb"
echem="$shared/data/echem"
dft="$src/tests/dft/data"
espei="$shared/data/espei-datasets"
[ -d "$echem" ] && [ -d "$espei" ] || { echo "MISSING shared data in $shared" >&2; exit 1; }

# Inputs made here: a small melt with a LAMMPS-style log and dump, a trace for uq, a run file.
"$bin" build "NaCl" --ions 64 --density 1.5 --T 1200 --seed 3 --min-sep 2.4 --out nacl.data -q \
    > /dev/null
"$bin" md run --data nacl.data --potential "$src/data/md/tosi_fumi_NaCl.pot" \
    --ensemble nvt --T 1200 --steps 100 --thermo 2 --dump 10 --cutoff 6 --kspace ewald \
    --out md -q > /dev/null 2>&1
"$bin" md run --data nacl.data --potential "$src/data/md/tosi_fumi_NaCl.pot" --ensemble nvt \
    --T 1200 --steps 8 --cutoff 6 --kspace ewald --dp-frames nacl_dp --dp-every 4 --out mdp -q \
    > /dev/null 2>&1
sed 's/"numb_steps": 20/"numb_steps": 2/' "$src/tests/dp_train/data/input.json" > dpt.json
sed 's/"numb_steps": 20/"numb_steps": -2/' "$src/tests/dp_train/data/input.json" > dpt_bad.json
cat > t.tdb <<'TDB'
ELEMENT BI RHOMBOHEDRAL_A7 208.98 0 0 !
ELEMENT ND DHCP 144.24 0 0 !
FUNCTION VV0000 298.15 -5000; 6000 N !
PHASE LIQUID % 1 1 !
CONSTITUENT LIQUID :BI,ND: !
PARAMETER G(LIQUID,BI;0) 298.15 11000-20*T; 6000 N !
PARAMETER G(LIQUID,ND;0) 298.15 7000-10*T; 6000 N !
PARAMETER L(LIQUID,BI,ND;0) 298.15 VV0000; 6000 N !
TDB
py=/usr/bin/python3
"$py" -c 'import numpy' 2>/dev/null || { echo "MISSING python3-numpy" >&2; exit 1; }
"$py" - <<'PY'
import math, numpy as np
rng = np.random.default_rng(1)
tr = np.zeros((4, 5, 1)); tr[:, :, 0] = rng.normal(-5000, 500, (4, 5))
np.save("trace.npy", tr)
# a coulometric titration of Nd into 2.02 g Bi at 973 K (as tests/cli/echem_analyses.sh)
R, F, T, nbi = 8.314462618153240, 96485.33212331002, 973.0, 2.02 / 208.98
with open("tit.csv", "w") as f:
    f.write("time_s,E_V,I_A\n")
    t, nnd = 0.0, 0.0
    for p in range(8):
        for k in range(40):
            f.write("%.1f,%.6f,%.6e\n" % (t, -0.05, -12.5e-3)); t += 5.0
        nnd += 12.5e-3 * 200.0 / (3 * F)
        x = nnd / (nnd + nbi)
        e = -R * T / (3 * F) * (math.log(1e-12) + math.log(x)) - (0.590 + 1.52e-4 * T)
        for k in range(200):
            f.write("%.1f,%.7f,0\n" % (t, e + rng.normal(0, 3e-4))); t += 5.0
PY
printf 'E_V,i_A\n-1.0,1e-5\n-0.9,2e-5\n-0.8,3e-5\n' > xy.csv
cat > run.yaml <<YAML
system:
  phase_models: $espei/old-phase-models/Cu-Mg-input.json
  datasets: $espei/datasets/2-binary/Cu-Mg
mcmc:
  iterations: 1
  input_db: $src/tests/assess_lnprob/cumg-vv.tdb
YAML
printf 'V_A3,E_eV\n60,-10.0\n64,-10.4\n68,-10.5\n72,-10.45\n76,-10.3\n80,-10.0\n' > ev.csv

# name | arguments that succeed | arguments with a bad value | arguments naming a missing file
# [| arguments whose output goes to a full disk, for a command that prints nothing on stdout]
rows=(
"tdb|check $db|check $db --frobnicate|check none.tdb"
"eq|$db --T 900 --x ND=0.2|$db --T -5 --x ND=0.2|none.tdb --T 900 --x ND=0.2"
"prop|$db --phase LIQUID --T 973 --x ND=0.01|$db --phase LIQUID --T 973 --x ND=1.5|none.tdb --phase LIQUID --T 973 --x ND=0.01"
"map|$db --comps BI,ND --T 500:1300:100 -q|$db --comps BI,ND --T 1300:500|none.tdb --comps BI,ND --T 500:1300"
"step|$db --x ND=0.1 --T 600:1200:100 -q|$db --x ND=0.1 --T 600:1200:-5|none.tdb --x ND=0.1 --T 600:1200:100"
"cell|$db --metal Nd --host Bi --n 3 --T 973 --x 1e-4 --out c -q|$db --metal Nd --host Bi --n 0 --T 973|none.tdb --metal Nd --host Bi --n 3 --T 973"
"solubility|$db --solute ND --in LIQUID --T 973|$db --solute ND --in LIQUID --T -1|none.tdb --solute ND --in LIQUID --T 973"
"uq|t.tdb trace.npy --prop HM_MIX --phase LIQUID --T 973 --x ND=0.1 --out u -q|t.tdb trace.npy --prop FOO --phase LIQUID --T 973 --x ND=0.1|t.tdb none.npy --prop HM_MIX --phase LIQUID --T 973 --x ND=0.1"
"assess|--input run.yaml --lnprob -q|--input run.yaml --lnprob --walkers -3|--input none.yaml --lnprob"
"dataset|check $espei/datasets/2-binary/Cu-Mg|frobnicate|check none.json"
"dsc|$src/tests/data/thermal/pkynetics/sample_dsc_tainstruments.txt -q|$src/tests/data/thermal/pkynetics/sample_dsc_tainstruments.txt --composition ND=7|none.txt"
"read|$echem/biologic_cv.mpt|$echem/biologic_cv.mpt --format nonsense|none.mpt"
"cv|$echem/autolab_nova_cv.txt -q|$echem/autolab_nova_cv.txt --n -2|none.txt"
"ca|$echem/autolab_nova_chrono.txt --n 2 --area 1e-5 --conc 10 -q|$echem/autolab_nova_chrono.txt --n -2 --area 1e-5 --conc 10|none.txt"
"swv|$echem/palmsens_swv.pssession --T 298.15 -q|$echem/palmsens_swv.pssession --T -3|none.pssession"
"ocp|$echem/gamry_ocp.DTA -q|$echem/gamry_ocp.DTA --T -3|none.DTA"
"emf|tit.csv --T 973 --solvent-mol 0.00966 -q|tit.csv --T 973 --solvent-mol -1|none.csv --T 973 --solvent-mol 0.01"
"build|NaCl --ions 64 --density 1.5 --out b.data -q|NaCl --ions 64 --density -1|NaCl --ions 64 --density 1.5 --composition-file none.txt"
"md|run --data nacl.data --potential $src/data/md/tosi_fumi_NaCl.pot --steps 2 --cutoff 6 --kspace ewald --out m2 -q|run --data nacl.data --potential $src/data/md/tosi_fumi_NaCl.pot --steps -2|run --data none.data --potential $src/data/md/tosi_fumi_NaCl.pot --steps 2"
"energy|md.thermo.csv -q|md.thermo.csv --skip -5|none.log"
"rdf|md.lammpstrj --types Na,Cl -q|md.lammpstrj --types Na,Cl --rmax -1|none.lammpstrj --types Na,Cl"
"msd|md.lammpstrj --types Na,Cl --timestep 0.001 -q|md.lammpstrj --types Na,Cl --timestep -1|none.lammpstrj --types Na,Cl --timestep 0.001"
"redox|--e-ox -316.29 --e-red -305.10 --n 2 --mu-cl2 -6.00 --T 973|--e-ox -316.29 --e-red -305.10 --n 0 --mu-cl2 -6.00 --T 973|--ox none.csv --red none.csv --n 2 --mu-cl2 -6 --T 973"
"eos|ev.csv|ev.csv --model nonsense|none.csv"
"hull|$dft/hull_NdBi.csv|$dft/hull_NdBi.csv --frobnicate|none.csv"
"struct|info $dft/Bi_A7.cif|substitute --by-count Bi --rescale nonsense --out . $dft/Bi_A7.cif|info none.cif"
"xrd|$dft/NdBi_B1.cif|$dft/NdBi_B1.cif --lambda -1|none.cif"
"screen|NdBi2 --prototypes $src/data/prototypes/ab2/AB2_cF12_225_a_c-CaF2.vasp -q|NdBi2 --fwhm -1|NdBi2 --known none.csv"
"plot|xy.csv --x E_V --y i_A --out p.png -q|xy.csv --x E_V --y i_A --width -5 --out p.png|none.csv --x E_V --y i_A --out p.png|xy.csv --x E_V --y i_A --out /dev/full/p.png"
"demo|--only thermo -q|--only nosuchsection|--only thermo --frobnicate"
"dp|train dpt.json --output dpt.yaml -q|train dpt_bad.json|train none.json"
"dp|data --out dpd --force $src/tests/data/dp/OUTCAR.h2o.md|data --out dpd --set-size -1 $src/tests/data/dp/OUTCAR.h2o.md|data --out dpd none.OUTCAR"
)
for row in "${rows[@]}"; do
    full=""
    IFS='|' read -r cmd good bad missing full <<< "$row"
    # shellcheck disable=SC2086  # the argument lists are meant to be split
    "$bin" $cmd $good > out.txt 2> err.txt; rc=$?
    check "$cmd: success exits 0 (got $rc: $(head -c 200 err.txt))" '[ $rc -eq 0 ]'
    # without -q, so that every command has something to write
    if [ -n "$full" ]; then
        "$bin" $cmd $full > /dev/null 2> err.txt; rc=$?
    else
        "$bin" $cmd ${good/ -q/} > /dev/full 2> err.txt; rc=$?
    fi
    check "$cmd: stdout on a full disk exits 3 (got $rc)" '[ $rc -eq 3 ]'
    check "$cmd: a full disk is reported" '[ -s err.txt ]'
    "$bin" $cmd $bad > /dev/null 2> err.txt; rc=$?
    check "$cmd: a bad value exits 2 (got $rc: $(head -c 200 err.txt))" '[ $rc -eq 2 ]'
    check "$cmd: a bad value is explained" 'grep -q "error" err.txt'
    "$bin" $cmd $missing > /dev/null 2> err.txt; rc=$?
    check "$cmd: a missing file exits 2 (got $rc: $(head -c 200 err.txt))" '[ $rc -eq 2 ]'
done

# An output file that cannot be written (a directory that is not there, or a full disk) exits 3
# and leaves nothing behind.
"$bin" map "$db" --comps BI,ND --T 500:1300:100 --out nodir/m.csv -q 2> err.txt; rc=$?
check "map to a missing folder exits 3 (got $rc)" '[ $rc -eq 3 ]'
check "nothing is left behind" '[ ! -e nodir ] && ! ls m.csv.tmp* 2>/dev/null'
"$bin" eq "$db" --T 900 --x ND=0.2 --json > /dev/full 2> err.txt; rc=$?
check "eq --json on /dev/full exits 3" '[ $rc -eq 3 ]'
# a message never carries raw bytes of a binary input
head -c 4000 /dev/urandom > rand.tdb
"$bin" tdb check rand.tdb > /dev/null 2> err.txt; rc=$?
check "a random-bytes TDB exits 2" '[ $rc -eq 2 ]'
check "its message is printable text (UTF-8, no control characters)" '"$py" -c "
import sys, unicodedata
t = open(sys.argv[1], \"rb\").read().decode(\"utf-8\")
sys.exit(any(unicodedata.category(c) == \"Cc\" and c != \"\\n\" for c in t))" err.txt'
: > empty.tdb
"$bin" tdb check empty.tdb > /dev/null 2> err.txt; rc=$?
check "an empty TDB is not a database (exit 2)" '[ $rc -eq 2 ]'
out=$("$bin" demo --only thermo --json -q); rc=$?
check "demo --json exits 0" '[ $rc -eq 0 ]'
check "demo --json is JSON with the section" 'python3 -c "import json,sys; d=json.loads(sys.argv[1]); assert d[\"sections\"][0][\"name\"]==\"thermo\" and d[\"status\"]==0" "$out"'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
