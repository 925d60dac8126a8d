#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `liquidus md run` and `md export-lammps`: outputs, exact restart continuation, the exported deck
# runs in LAMMPS (Debian's lmp; missing LAMMPS is a failure), and bad input gives clear errors.
set -u
bin="${LQ_BIN:?LQ_BIN not set}"
pass=0; fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# 216 ions of NaCl on a rock-salt lattice (a = 5.92 A) with small deterministic displacements.
make_data() {  # $1 = file, $2 = extra awk condition to overlap atom 2 with atom 1
    awk -v ov="${2:-0}" 'BEGIN{a=5.922; h=a/2; n=6; L=n*h; s=1
      print "NaCl test\n\n216 atoms\n2 atom types\n\n0 " L " xlo xhi\n0 " L " ylo yhi\n0 " L " zlo zhi\n"
      print "Masses\n\n1 22.98976928 # Na\n2 35.453 # Cl\n\nAtoms # charge\n"
      k=0
      for(i=0;i<n;i++)for(j=0;j<n;j++)for(l=0;l<n;l++){k++; t=(i+j+l)%2+1; q=(t==1)?1:-1
        s=(s*1103515245+12345)%2147483648; dx=(s/2147483648-0.5)*0.3
        x=i*h+0.25*h+dx; y=j*h+0.25*h-dx; z=l*h+0.25*h+0.5*dx
        if(ov==1 && k==2){x=px+0.1; y=py; z=pz}
        if(k==1){px=x; py=y; pz=z}
        printf "%d %d %d %.10f %.10f %.10f\n", k, t, q, x, y, z}}' > "$1"
}
make_data "$tmp/nacl.data"
pot=tosi_fumi_NaCl.pot
common=(--potential "$pot" --cutoff 8 --T 1100 --dt 2 --ensemble nvt -q)

"$bin" md run --data "$tmp/nacl.data" "${common[@]}" --steps 60 --thermo 20 --dump 30 --seed 7 \
    --out "$tmp/a" >/dev/null; rc=$?
check "md run exits 0" '[ $rc -eq 0 ]'
check "thermo CSV has 4 rows (steps 0,20,40,60)" '[ $(grep -vc "^#" "$tmp/a.thermo.csv") -eq 5 ]'
check "thermo CSV header names units" 'grep -q "^step,time_ps,T_K,pe_eV" "$tmp/a.thermo.csv"'
check "dump has 3 frames with unwrapped positions" '[ $(grep -c "ITEM: ATOMS id type element q xu yu zu vx vy vz" "$tmp/a.lammpstrj") -eq 3 ]'
check "restart and final data written" '[ -s "$tmp/a.restart" ] && [ -s "$tmp/a.final.data" ]'

# Exact continuation: 60 steps with a restart every 30 == 30 steps, then 30 from the restart.
"$bin" md run --data "$tmp/nacl.data" "${common[@]}" --steps 60 --seed 7 --restart-every 30 \
    --out "$tmp/full" >/dev/null
"$bin" md run --data "$tmp/nacl.data" "${common[@]}" --steps 30 --seed 7 --out "$tmp/half" >/dev/null
"$bin" md run --restart-in "$tmp/half.restart" "${common[@]}" --steps 30 --out "$tmp/cont" >/dev/null
check "restarted run ends on the same configuration (bitwise)" \
    'diff <(tail -n +2 "$tmp/full.final.data") <(tail -n +2 "$tmp/cont.final.data") >/dev/null'
check "restart files identical" 'cmp -s "$tmp/full.restart" "$tmp/cont.restart"'

# JSON output
out=$("$bin" md run --data "$tmp/nacl.data" "${common[@]}" --steps 2 --out "$tmp/j" --json)
check "--json gives the final state" '[[ "$out" == *"\"T_K\""* ]]'

# Export to LAMMPS and run the deck there (a few steps).
mkdir -p "$tmp/lmp"
"$bin" md export-lammps --data "$tmp/nacl.data" "${common[@]}" --steps 20 --thermo 10 --dump 10 \
    --out "$tmp/lmp/deck" >/dev/null; rc=$?
check "export-lammps exits 0" '[ $rc -eq 0 ] && [ -s "$tmp/lmp/deck.in" ] && [ -s "$tmp/lmp/deck.data" ]'
if command -v lmp >/dev/null 2>&1; then
    (cd "$tmp/lmp" && OMP_NUM_THREADS=1 lmp -in deck.in -log log.lammps -screen none >/dev/null 2>&1); rc=$?
    check "LAMMPS runs the exported deck" '[ $rc -eq 0 ] && grep -q "^Loop time" "$tmp/lmp/log.lammps"'
    check "LAMMPS dump read back by the data path" '[ -s "$tmp/lmp/deck.lammpstrj" ] && [ -s "$tmp/lmp/deck.final.data" ]'
    "$bin" md run --data "$tmp/lmp/deck.final.data" --types Na,Cl "${common[@]}" --steps 1 --out "$tmp/back" >/dev/null; rc=$?
    check "LAMMPS write_data output runs in liquidus" '[ $rc -eq 0 ]'
else
    echo "FAIL: LAMMPS (lmp) not found: apt-get install lammps" >&2; fail=$((fail+1))
fi

# A pair_style deepmd deck for a DeePMD-kit model (type_map order given; .yaml names the .pth).
"$bin" md export-lammps --data "$tmp/nacl.data" --deepmd-model graph.yaml --type-map K,Cl,Na \
    --fparam 1100 --steps 10 -q --out "$tmp/lmp/dp" >/dev/null; rc=$?
check "deepmd export exits 0 and writes deck and data" '[ $rc -eq 0 ] && [ -s "$tmp/lmp/dp.in" ] && [ -s "$tmp/lmp/dp.data" ]'
check "deepmd deck: pair_style, type order, conversion" 'grep -q "^pair_style deepmd graph.pth fparam 1100$" "$tmp/lmp/dp.in" && grep -q "^pair_coeff \* \* Na Cl$" "$tmp/lmp/dp.in" && grep -q "dp convert-backend graph.yaml graph.pth" "$tmp/lmp/dp.in"'
err=$("$bin" md export-lammps --data "$tmp/nacl.data" --deepmd-model g.pb --type-map K,Cl -q --out "$tmp/lmp/dpbad" 2>&1); rc=$?
check "deepmd export: species missing from type_map named" '[ $rc -eq 2 ] && [[ "$err" == *Na* ]] && [ ! -e "$tmp/lmp/dpbad.in" ] && [ ! -e "$tmp/lmp/dpbad.data" ]'
"$bin" md export-lammps --data "$tmp/nacl.data" --potential "$pot" --deepmd-model g.pb --type-map Na,Cl -q --out "$tmp/lmp/x" >/dev/null 2>&1; rc=$?
check "deepmd export: --potential and --deepmd-model exclude each other" '[ $rc -eq 2 ]'
printf 'not a potential\n' > "$tmp/model.txt"
err=$("$bin" md run --data "$tmp/nacl.data" --potential "$tmp/model.txt" --steps 1 -q --out "$tmp/bad" 2>&1); rc=$?
check "a file no potential record reads is refused by name" '[ $rc -ne 0 ] && [[ "$err" == *model.txt* ]]'

# Bad input: clear messages, non-zero exit, no outputs.
err=$("$bin" md run --data "$tmp/nacl.data" --types Na,Xx "${common[@]}" --steps 1 --out "$tmp/bad" 2>&1); rc=$?
check "unknown species exits non-zero and is named" '[ $rc -ne 0 ] && [[ "$err" == *Xx* ]]'
check "no output on error" '[ ! -e "$tmp/bad.thermo.csv" ]'
err=$("$bin" md run --data "$tmp/nacl.data" --potential "$pot" --cutoff 9.5 --steps 1 -q --out "$tmp/bad" 2>&1); rc=$?
check "box smaller than twice the cutoff" '[ $rc -ne 0 ] && [[ "$err" == *"twice the cutoff"* ]]'
make_data "$tmp/overlap.data" 1
err=$("$bin" md run --data "$tmp/overlap.data" --potential "$pot" --cutoff 8 --steps 1 -q --out "$tmp/bad" 2>&1); rc=$?
check "overlapping atoms named" '[ $rc -ne 0 ] && [[ "$err" == *"atoms 1 and 2"* ]]'
sed '20s/.*/3 1 1 0.5 abc 0.5/' "$tmp/nacl.data" > "$tmp/broken.data"
err=$("$bin" md run --data "$tmp/broken.data" --potential "$pot" --cutoff 8 --steps 1 -q --out "$tmp/bad" 2>&1); rc=$?
check "malformed data file names file and line" '[ $rc -ne 0 ] && [[ "$err" == *"broken.data:20"* ]]'
printf 'species Na mass 23 charge 1\npair Na Cl 1 0.3 2 1 1\n' > "$tmp/bad.pot"
err=$("$bin" md run --data "$tmp/nacl.data" --potential "$tmp/bad.pot" --cutoff 8 --steps 1 -q --out "$tmp/bad" 2>&1); rc=$?
check "unknown species in a potential file names file and line" '[ $rc -ne 0 ] && [[ "$err" == *"bad.pot:2"* ]] && [[ "$err" == *Cl* ]]'
check "still no output" '[ ! -e "$tmp/bad.thermo.csv" ] && [ ! -e "$tmp/bad.restart" ]'
# A header asking for more atoms than the file has lines is refused before anything is allocated
# (fuzz_md_io found a data file of 26,666,666,665 atoms that asked for 2 TB).
printf 'x\n\n26666666665 atoms\n2 atom types\n0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi\n\nMasses\n\n1 22.99\n' >"$tmp/big.data"
err=$("$bin" md run --data "$tmp/big.data" "${common[@]}" --steps 1 -q --out "$tmp/big" 2>&1); rc=$?
check "an atom count beyond the file's lines: exit 2, field named" '[ $rc -eq 2 ] && [[ "$err" == *"big.data"*"atoms"*"more atoms than the file has lines"* ]]'
# The same for a dump frame (fuzz_md_io: 299,999,999,999 atoms in a 200-byte file).
printf 'ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n299999999999\nITEM: BOX BOUNDS pp pp pp\n0 10\n0 10\n0 10\nITEM: ATOMS id element x y z\n4 Cl 1 1 1\n1 Na 0 0 0\n' >"$tmp/big.lammpstrj"
err=$("$bin" rdf "$tmp/big.lammpstrj" -q 2>&1); rc=$?
check "a dump frame with more atoms than the file holds: exit 2, field named" '[ $rc -eq 2 ] && [[ "$err" == *"big.lammpstrj:9: NUMBER OF ATOMS"* ]]'
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
