#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A command's output files appear together or not at all (issue "Reliability"): when the last of
# several outputs cannot be written, the earlier ones must not exist afterwards (or keep their old
# contents), no temporary is left, and the exit status is 3.
set -u
bin="${LQ_BIN:?LQ_BIN not set}"
src="${LQ_SOURCE_DIR:?LQ_SOURCE_DIR not set}"
shared="${LQ_SHARED_DIR:-$src/../shared}"
echem="$shared/data/echem"
[ -d "$echem" ] || { echo "MISSING shared data in $shared" >&2; exit 1; }
db="$src/data/tdb/BiNd.tdb"
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
pass=0; fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
py=/usr/bin/python3
notmp() { ! ls ./*.tmp* ./*/*.tmp* > /dev/null 2>&1; }

# map: three outputs, the third on a path that cannot exist (/dev/full is not a directory).
"$bin" map "$db" --comps BI,ND --T 500:1300:100 --out ok.csv --out ok.json --out /dev/full/x.png \
    -q > /dev/null 2> err.txt; rc=$?
check "map: last output unwritable exits 3 (got $rc)" '[ $rc -eq 3 ]'
check "map: the failed output is named" 'grep -q "/dev/full/x.png" err.txt'
check "map: the first outputs do not exist" '[ ! -e ok.csv ] && [ ! -e ok.json ]'
check "map: no temporaries" 'notmp'
# the same outputs all written when they can be
"$bin" map "$db" --comps BI,ND --T 500:1300:100 --out ok.csv --out ok.json --out ok.svg -q \
    > /dev/null 2> err.txt; rc=$?
check "map: all outputs written (rc $rc)" '[ $rc -eq 0 ] && [ -s ok.csv ] && [ -s ok.json ] && [ -s ok.svg ]'
check "map: no temporaries after success" 'notmp'
# a failing run leaves the earlier files with their old contents
sum=$(cat ok.csv ok.json | cksum)
"$bin" map "$db" --comps BI,ND --T 500:1300:50 --out ok.csv --out ok.json --out /dev/full/x.png \
    -q > /dev/null 2> err.txt; rc=$?
check "map: a failed rerun exits 3 (got $rc)" '[ $rc -eq 3 ]'
check "map: a failed rerun leaves the old files unchanged" '[ "$(cat ok.csv ok.json | cksum)" = "$sum" ]'

# step: CSV then an unwritable figure
"$bin" step "$db" --x ND=0.1 --T 600:1200:100 --out s.csv --out /dev/full/s.png -q \
    > /dev/null 2> err.txt; rc=$?
check "step: exits 3 (got $rc)" '[ $rc -eq 3 ]'
check "step: the CSV does not exist" '[ ! -e s.csv ]'

# cv (through app/echem_cmd.c): PREFIX.cv.csv and .json, then a figure that cannot be written
"$bin" cv "$echem/autolab_nova_cv.txt" --out e --figure /dev/full/e.png -q > /dev/null 2> err.txt
rc=$?
check "cv: exits 3 (got $rc)" '[ $rc -eq 3 ]'
check "cv: neither CSV nor JSON exists" '! ls e.* > /dev/null 2>&1'
"$bin" cv "$echem/autolab_nova_cv.txt" --out e --figure e.svg -q > /dev/null 2> err.txt; rc=$?
check "cv: all outputs when writable (rc $rc)" '[ $rc -eq 0 ] && [ -s e.cv.csv ] && [ -s e.cv.json ] && [ -s e.svg ]'

# cell: PREFIX.cell.{csv,json,png}; a directory in the figure's place is found before any rename
mkdir c.cell.png
"$bin" cell "$db" --metal Nd --host Bi --n 3 --T 973 --x 1e-4 --out c -q > /dev/null 2> err.txt
rc=$?
check "cell: a directory in an output's place exits 3 (got $rc)" '[ $rc -eq 3 ]'
check "cell: no other output exists" '[ ! -e c.cell.csv ] && [ ! -e c.cell.json ]'
check "cell: no temporaries" 'notmp'
rmdir c.cell.png

# --- the md tools, build, hull, emf, uq (issue "Reliability"): the last output in a folder that
# does not exist (or a directory in its place), and none of the earlier ones may remain.
pot="$src/data/md/tosi_fumi_NaCl.pot"
"$bin" build NaCl --ions 32 --density 1.5 --T 1200 --seed 3 --min-sep 2.4 --out s.data -q >/dev/null
"$bin" md run --data s.data --potential "$pot" --cutoff 5 --kspace ewald --ensemble nvt --T 1200 \
    --seed 5 --steps 100 --dump 10 --thermo 2 --out tr -q > /dev/null
check "md run: inputs for the tools" '[ -s tr.lammpstrj ] && [ -s tr.thermo.csv ]'
"$bin" rdf tr.lammpstrj --types Na,Cl --out g.csv --plot nodir/g.svg -q > /dev/null 2> err.txt; rc=$?
check "rdf: exits 3 (got $rc), the CSV does not exist" '[ $rc -eq 3 ] && [ ! -e g.csv ] && notmp'
"$bin" rdf tr.lammpstrj --types Na,Cl --out g.csv --plot g.svg -q > /dev/null; rc=$?
check "rdf: both outputs when writable (rc $rc)" '[ $rc -eq 0 ] && [ -s g.csv ] && [ -s g.svg ]'
"$bin" msd tr.lammpstrj --types Na,Cl --timestep 0.001 --out m.csv --plot nodir/m.png -q \
    > /dev/null 2> err.txt; rc=$?
check "msd: exits 3 (got $rc), the CSV does not exist" '[ $rc -eq 3 ] && [ ! -e m.csv ] && notmp'
"$bin" energy tr.thermo.csv --column pe_eV --out h.csv --plot nodir/h.png -q > /dev/null 2> err.txt
rc=$?
check "energy: exits 3 (got $rc), the CSV does not exist" '[ $rc -eq 3 ] && [ ! -e h.csv ] && notmp'

# build: data file, then dump, then the counts table
"$bin" build NaCl --ions 32 --density 1.5 --seed 3 --out b.data --dump b.dump --counts nodir/c.csv \
    -q > /dev/null 2> err.txt; rc=$?
check "build: exits 3 (got $rc), neither data nor dump exists" \
    '[ $rc -eq 3 ] && [ ! -e b.data ] && [ ! -e b.dump ] && notmp'
"$bin" build NaCl --ions 32 --density 1.5 --seed 3 --out b.data --dump b.dump --counts c.csv -q \
    > /dev/null; rc=$?
check "build: all three when writable (rc $rc)" '[ $rc -eq 0 ] && [ -s b.data ] && [ -s b.dump ] && [ -s c.csv ]'

# md export-lammps: the deck first, then the data file (a directory in its place)
mkdir deck.data
"$bin" md export-lammps --data s.data --potential "$pot" --cutoff 5 --out deck -q > /dev/null \
    2> err.txt; rc=$?
check "md export-lammps: exits 3 (got $rc), the deck does not exist" \
    '[ $rc -eq 3 ] && [ ! -e deck.in ] && notmp'
rmdir deck.data

# md run keeps its own rule (not grouped: the restart file must survive a stop): when the restart
# cannot be written at the end, the thermo table, trajectory and final data are removed.
"$bin" md run --data s.data --potential "$pot" --cutoff 5 --kspace ewald --steps 20 --dump 10 \
    --out mr --restart-out nodir/mr.restart -q > /dev/null 2> err.txt; rc=$?
check "md run: exits 3 (got $rc), no thermo, trajectory or final data" \
    '[ $rc -eq 3 ] && [ ! -e mr.thermo.csv ] && [ ! -e mr.lammpstrj ] && [ ! -e mr.final.data ] && notmp'

# hull: ESPEI datasets during the run, the CSV table committed last (a directory in its place)
mkdir espei h.csv
"$bin" hull --espei espei --out h.csv "$src/tests/dft/data/hull_NdBi.csv" -q > /dev/null 2> err.txt
rc=$?
check "hull: exits 3 (got $rc), no dataset written" '[ $rc -eq 3 ] && [ -z "$(ls espei)" ] && notmp'
rmdir h.csv
"$bin" hull --espei espei --out h.csv "$src/tests/dft/data/hull_NdBi.csv" -q > /dev/null; rc=$?
check "hull: table and datasets when writable (rc $rc)" '[ $rc -eq 0 ] && [ -s h.csv ] && [ -n "$(ls espei)" ]'

# emf: ESPEI datasets, steps table, figures, then the JSON summary (a directory in its place)
"$py" - <<'PY'
import math, random
R, F = 8.314462618153240, 96485.33212331002
random.seed(1)
T, xs, nbi = 973.0, 0.0565, 2.02 / 208.98
with open("tit.csv", "w") as f:
    f.write("time_s,E_V,I_A\n")
    t, nnd = 0.0, 0.0
    for p in range(20):
        for k in range(110):
            f.write("%.1f,%.6f,%.6e\n" % (t, -0.05, -12.5e-3)); t += 5.0
        nnd += 12.5e-3 * 550.0 / (3 * F)
        x = nnd / (nnd + nbi)
        e = -R * T / (3 * F) * (math.log(1e-12) + math.log(min(x, xs))) - 0.74
        for k in range(400):
            f.write("%.1f,%.7f,0\n" % (t, e + random.gauss(0, 3e-4))); t += 5.0
PY
emfo=(--T 973 --solvent-g 2.02 --solvent-molar-mass 208.98 --ref NdSn --to Nd --solute Nd --solvent Bi
    --solid-phase NDBI2 --ref-phase DHCP -q)
"$bin" emf tit.csv "${emfo[@]}" --out e1 > /dev/null 2>&1; rc=$?
check "emf: writes datasets, table and figures (rc $rc)" '[ $rc -eq 0 ] && [ -s e1.emf.csv ] && ls e1*ACR*.json > /dev/null 2>&1 && [ -s e1.emf_gamma.png ]'
mkdir e2.emf.json
"$bin" emf tit.csv "${emfo[@]}" --out e2 > /dev/null 2> err.txt; rc=$?
check "emf: exits 3 (got $rc), no dataset, table or figure" \
    '[ $rc -eq 3 ] && [ "$(ls -d e2*)" = "e2.emf.json" ] && notmp'
rmdir e2.emf.json

# uq: a band CSV and figures (a directory in place of one figure)
cat > u.tdb <<'TDB'
ELEMENT VA VACUUM 0 0 0 !
ELEMENT BI RHOMBOHEDRAL_A7 208.98 0 0 !
ELEMENT ND DHCP 144.24 0 0 !
TYPE_DEFINITION % SEQ * !
FUNCTION VV0000 298.15 -5000; 6000 N !
PHASE LIQUID % 1 1 !
CONSTITUENT LIQUID :BI,ND: !
PARAMETER G(LIQUID,BI;0) 298.15 11000-20*T; 6000 N !
PARAMETER G(LIQUID,ND;0) 298.15 7000-10*T; 6000 N !
PARAMETER L(LIQUID,BI,ND;0) 298.15 VV0000; 6000 N !
TDB
"$py" -c 'import numpy as np; r=np.random.default_rng(1); np.save("tr.npy", r.normal(-5000, 800, (4, 10, 1)))'
mkdir u_HM_MIX_973K.svg
"$bin" uq u.tdb tr.npy --prop HM_MIX --phase LIQUID --T 973 --x ND=0:0.2:0.05 --fig png,svg \
    --out u -q > /dev/null 2> err.txt; rc=$?
check "uq: exits 3 (got $rc), neither CSV nor PNG exists" \
    '[ $rc -eq 3 ] && [ ! -e u.csv ] && [ ! -e u_HM_MIX_973K.png ] && notmp'
rmdir u_HM_MIX_973K.svg
"$bin" uq u.tdb tr.npy --prop HM_MIX --phase LIQUID --T 973 --x ND=0:0.2:0.05 --fig png,svg \
    --out u -q > /dev/null 2> err.txt; rc=$?
check "uq: all outputs when writable (rc $rc)" '[ $rc -eq 0 ] && [ -s u.csv ] && [ -s u_HM_MIX_973K.png ] && [ -s u_HM_MIX_973K.svg ]'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
