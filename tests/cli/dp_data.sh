#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `liquidus dp data` and `liquidus dp test`: dpdata's VASP test files converted to deepmd/npy
# systems (frame counts, convergence, shared type_map, sets), refusal of bad data naming the file
# and the frame, and dp test's errors of a random model (per-atom values are the totals / N, the
# weighted average pools the systems, a system labelled by the model itself has zero error).
set -u
bin="${LQ_BIN:?LQ_BIN not set}"
src="${LQ_SOURCE_DIR:?LQ_SOURCE_DIR not set}"
data="$src/tests/data/dp"
pass=0; fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
py() { python3 -c "import json,sys; d=json.load(open('$1')); $2"; }

# --- conversion: OUTCAR (3 steps) + vasprun.xml with one unconverged step (2 of 3 kept)
"$bin" dp data --json --out sys "$data/OUTCAR.h2o.md" "$data/vasprun.h2o.md.conv.xml" > c.json 2> err.txt
rc=$?
check "dp data exits 0 (got $rc: $(head -c 300 err.txt))" '[ $rc -eq 0 ]'
check "frames per input 3 and 2, one unconverged step left out" \
    'py c.json "i=d[\"inputs\"]; sys.exit(not ([x[\"frames\"] for x in i]==[3,2] and i[1][\"unconverged_skipped\"]==1))"'
check "one system O2H4 of 6 atoms and 5 frames with virials" \
    'py c.json "s=d[\"systems\"]; sys.exit(not (len(s)==1 and s[0][\"formula\"]==\"O2H4\" and s[0][\"frames\"]==5 and s[0][\"virial\"]))"'
check "the layout DeePMD-kit reads" '[ -f sys/O2H4/type.raw ] && [ -f sys/O2H4/type_map.raw ] && [ -f sys/O2H4/set.000/coord.npy ] && [ -f sys/O2H4/set.000/virial.npy ] && [ ! -e sys/O2H4/nopbc ]'
check "type.raw and type_map.raw" '[ "$(tr "\n" " " < sys/O2H4/type.raw)" = "0 0 1 1 1 1 " ] && [ "$(tr "\n" " " < sys/O2H4/type_map.raw)" = "O H " ]'
# --keep-unconverged keeps the third step; --type-map orders the names; --set-size splits
"$bin" dp data --json --keep-unconverged --type-map H,O --set-size 2 --out sys2 \
    "$data/vasprun.h2o.md.conv.xml" > c2.json 2> err.txt
check "keep-unconverged: 3 frames, H4O2, sets of 2" \
    'py c2.json "sys.exit(not (d[\"inputs\"][0][\"frames\"]==3 and d[\"systems\"][0][\"formula\"]==\"H4O2\"))" && [ -d sys2/H4O2/set.001 ] && [ ! -d sys2/H4O2/set.002 ]'
# an existing system is not overwritten without --force
"$bin" dp data --out sys "$data/OUTCAR.h2o.md" > /dev/null 2> err.txt; rc=$?
check "existing non-empty system refused (exit 2, got $rc)" '[ $rc -eq 2 ] && grep -q "not empty" err.txt'
"$bin" dp data --out sys --force "$data/OUTCAR.h2o.md" > /dev/null 2> err.txt; rc=$?
check "--force replaces it (got $rc: $(head -c 200 err.txt))" '[ $rc -eq 0 ] && [ -z "$(ls | grep -E "tmp|old")" ]'
"$bin" dp data --out none.d "$data/README.md" > /dev/null 2> err.txt; rc=$?
check "unknown format refused (exit 2, got $rc)" '[ $rc -eq 2 ] && grep -q "format" err.txt && [ ! -e none.d ]'
# an OUTCAR with the step that reached NELM only: no frames, an error
"$bin" dp data --out none.d "$data/OUTCAR.ch4.1step" > /dev/null 2> err.txt; rc=$?
check "OUTCAR without a converged step refused (got $rc)" '[ $rc -eq 2 ] && grep -q "converged" err.txt'

# --- dp test with a random model
"$bin" md random-model --types O,H --out m.yaml > /dev/null
"$bin" dp test --json m.yaml sys sys2/H4O2 > t.json 2> err.txt; rc=$?
check "dp test exits 0 (got $rc: $(head -c 300 err.txt))" '[ $rc -eq 0 ]'
check "per-atom errors are the totals / 6 (1e-12)" \
    'py t.json "import math
for s in d[\"systems\"]:
    assert abs(s[\"energy_rmse_eV_per_atom\"]-s[\"energy_rmse_eV\"]/6)<=1e-12*s[\"energy_rmse_eV\"]
    assert abs(s[\"virial_mae_eV_per_atom\"]-s[\"virial_mae_eV\"]/6)<=1e-12*s[\"virial_mae_eV\"]"'
check "weighted average pools the squared errors of 3 + 3 frames" \
    'py t.json "import math
a,b=d[\"systems\"]; o=d[\"overall\"]
f=math.sqrt((a[\"force_rmse_eV_per_A\"]**2*a[\"frames\"]+b[\"force_rmse_eV_per_A\"]**2*b[\"frames\"])/(a[\"frames\"]+b[\"frames\"]))
assert o[\"frames\"]==6 and abs(o[\"force_rmse_eV_per_A\"]-f)<=1e-12*f"'
"$bin" dp test m.yaml sys > t.txt 2> err.txt
check "text output as dp test" 'grep -q "^Energy RMSE/Natoms : " t.txt && grep -q "^Force  RMSE        : " t.txt && grep -q "weighted average" t.txt'
"$bin" md random-model --types Na,Cl --out nacl.yaml > /dev/null
"$bin" dp test nacl.yaml sys > /dev/null 2> err.txt; rc=$?
check "a type not in the model refused (got $rc)" '[ $rc -eq 2 ] && grep -q "not in the model" err.txt'

# --- bad data, named by file and frame (npy files written with the standard library only)
npy() { # path shape-tuple values... (float64 little-endian)
    python3 - "$@" <<'PY'
import struct, sys
path, shape, vals = sys.argv[1], sys.argv[2], [float(v) for v in sys.argv[3:]]
h = "{'descr': '<f8', 'fortran_order': False, 'shape': %s, }" % shape
h += " " * ((64 - (10 + len(h) + 1) % 64) % 64) + "\n"
open(path, "wb").write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(h)) + h.encode() + struct.pack("<%dd" % len(vals), *vals))
PY
}
fresh() { rm -rf bad; cp -r sys/O2H4 bad; }
bad() { # name, wanted file, wanted message part
    "$bin" dp test m.yaml bad > /dev/null 2> err.txt; rc=$?
    check "$1 refused (exit 2, got $rc: $(head -c 300 err.txt))" "[ $rc -eq 2 ] && grep -q \"$2\" err.txt && grep -q \"$3\" err.txt"
}
fresh; npy bad/set.000/energy.npy "(2,)" -1 -2
bad "energy frame count" "set.000/energy.npy" "2 frames, but coord.npy has 3"
fresh; npy bad/set.000/box.npy "(4, 9)" $(for i in 1 2 3 4; do echo 10 0 0 0 10 0 0 0 10; done)
bad "box frame count" "set.000/box.npy" "4 frames, but coord.npy has 3"
fresh; printf '0\n0\n1\n1\n1\n2\n' > bad/type.raw
bad "type index beyond type_map" "type.raw" "atom 5 has type 2, outside the type_map"
fresh; npy bad/set.000/force.npy "(3, 18)" $(for i in $(seq 54); do if [ "$i" = 23 ]; then echo nan; else echo 0.1; fi; done)
bad "NaN force" "set.000/force.npy" "frame 1 (frame 1 of the system): force is NaN (atom 1, y)"
fresh; npy bad/set.000/energy.npy "(3,)" -1 inf -3
bad "infinite energy" "set.000/energy.npy" "frame 1 (frame 1 of the system): energy is infinite"
fresh; npy bad/set.000/box.npy "(3, 9)" 10 0 0 0 10 0 0 0 10  10 0 0 0 10 0 0 0 10  10 0 0 0 10 0 0 0 0
bad "zero-volume box" "set.000/box.npy" "frame 2 (frame 2 of the system): the cell has zero volume"
fresh; npy bad/set.000/box.npy "(3, 9)" 10 0 0 0 10 0 0 0 -10  10 0 0 0 10 0 0 0 10  10 0 0 0 10 0 0 0 10
bad "negative-volume box" "set.000/box.npy" "frame 0 (frame 0 of the system): the cell has negative volume"
fresh; npy bad/set.000/coord.npy "(3, 17)" $(seq 51)
bad "wrong coord shape" "set.000/coord.npy" "shape (3, 17) where (frames, 18) was expected"

# --- md run --dp-frames: frames every 10 steps with the thermo's energies and pressures
"$bin" build NaCl --ions 64 --density 1.5 --T 1200 --seed 3 --min-sep 2.4 --out nacl.data -q > /dev/null
run=(md run --data nacl.data --potential "$src/data/md/tosi_fumi_NaCl.pot" --ensemble nvt --T 1200
     --steps 50 --thermo 10 --cutoff 6 --kspace ewald -q)
"$bin" "${run[@]}" --out md --dp-frames mdf --dp-every 10 > /dev/null 2> err.txt; rc=$?
check "md run --dp-frames exits 0 (got $rc: $(head -c 300 err.txt))" '[ $rc -eq 0 ]'
check "md frames folder: Na, Cl and one set" '[ "$(tr "\n" " " < mdf/type_map.raw)" = "Na Cl " ] && [ -f mdf/set.000/virial.npy ]'
check "md frames: 6 frames whose energies are the thermo pe_eV (1e-12) and whose virials give the
      thermo pressure with the kinetic part 2 KE / 3V (1e-9)" 'python3 - <<'"'"'PY'"'"'
import struct
def load(p):
    b = open(p, "rb").read(); n = struct.unpack("<H", b[8:10])[0]
    h = b[10:10 + n].decode(); data = b[10 + n:]
    return h, struct.unpack("<%dd" % (len(data) // 8), data)
h, e = load("mdf/set.000/energy.npy"); _, v = load("mdf/set.000/virial.npy"); _, bx = load("mdf/set.000/box.npy")
rows = [l.split(",") for l in open("md.thermo.csv") if l[0].isdigit()]
assert "(6,)" in h and len(rows) == 6, (h, len(rows))
for k, r in enumerate(rows):
    pe, ke, P, V = float(r[3]), float(r[4]), float(r[7]), float(r[8])
    assert abs(e[k] - pe) <= 1e-12 * abs(pe), (e[k], pe)
    vol = bx[9 * k] * bx[9 * k + 4] * bx[9 * k + 8]
    tr = v[9 * k] + v[9 * k + 4] + v[9 * k + 8]
    p = (2 * ke + tr) / (3 * vol) * 1602176.634
    assert abs(p - P) <= 1e-9 * abs(P), (p, P)
PY'
"$bin" "${run[@]}" --out md2 --dp-frames mdf > /dev/null 2> err.txt; rc=$?
check "md run --dp-frames into a non-empty folder refused before the run (got $rc)" \
    '[ $rc -eq 2 ] && grep -q "not empty" err.txt && [ ! -e md2.thermo.csv ]'
"$bin" "${run[@]}" --out md3 --dp-frames /dev/full/x > /dev/null 2> err.txt; rc=$?
check "md run --dp-frames that cannot be written exits 3, no outputs (got $rc)" \
    '[ $rc -eq 3 ] && [ ! -e md3.thermo.csv ] && [ ! -e md3.final.data ]'
"$bin" "${run[@]}" --out md4 --dp-frames mdf4 --dp-every 0 > /dev/null 2> err.txt; rc=$?
check "--dp-every 0 refused (got $rc)" '[ $rc -eq 2 ]'
# the frames feed dp data and dp test like any other system
"$bin" dp data --out mdsys mdf > /dev/null 2> err.txt; rc=$?
check "dp data reads the md frames (got $rc)" '[ $rc -eq 0 ] && [ -d mdsys/Na32Cl32 ]'

# --- LAMMPS: the md frames written as a dump with fx fy fz (atoms shuffled, 17 digits) and a log
# with PotEng per step; dp data must give back the same frames bit for bit
python3 - <<'PY'
import struct, random
def load(p):
    b = open(p, "rb").read(); n = struct.unpack("<H", b[8:10])[0]; data = b[10 + n:]
    return struct.unpack("<%dd" % (len(data) // 8), data)
c = load("mdf/set.000/coord.npy"); f = load("mdf/set.000/force.npy")
e = load("mdf/set.000/energy.npy"); bx = load("mdf/set.000/box.npy")
types = [int(x) for x in open("mdf/type.raw").read().split()]
n = len(types); nf = len(e); rnd = random.Random(1)
with open("t.lammpstrj", "w") as d, open("log.lammps", "w") as log:
    log.write("LAMMPS (test)\nStep Temp PotEng\n")
    for k in range(nf):
        d.write("ITEM: TIMESTEP\n%d\nITEM: NUMBER OF ATOMS\n%d\nITEM: BOX BOUNDS pp pp pp\n" % (10 * k, n))
        for a in range(3): d.write("0 %r\n" % bx[9 * k + 4 * a])
        d.write("ITEM: ATOMS id type x y z fx fy fz\n")
        order = list(range(n)); rnd.shuffle(order)
        for i in order:
            d.write("%d %d %r %r %r %r %r %r\n" % (i + 1, types[i] + 1, *c[3*n*k + 3*i:3*n*k + 3*i + 3], *f[3*n*k + 3*i:3*n*k + 3*i + 3]))
        log.write("%d 1200 %r\n" % (10 * k, e[k]))
    log.write("Loop time of 1 on 1 procs\n")
PY
"$bin" dp data --json --out lmp --types Na,Cl --energy log.lammps t.lammpstrj > l.json 2> err.txt; rc=$?
check "dp data from a LAMMPS dump + log (got $rc: $(head -c 300 err.txt))" '[ $rc -eq 0 ] && [ -d lmp/Na32Cl32 ]'
check "LAMMPS frames equal the md frames exactly" 'for a in coord force energy box; do cmp -s lmp/Na32Cl32/set.000/$a.npy mdf/set.000/$a.npy || exit 1; done'
check "no virial from a dump" '[ ! -e lmp/Na32Cl32/set.000/virial.npy ]'
"$bin" dp data --out lmp2 --types Na,Cl t.lammpstrj > /dev/null 2> err.txt; rc=$?
check "a dump without --energy refused (got $rc)" '[ $rc -eq 2 ] && grep -q "holds no energies" err.txt'
head -n -2 log.lammps > short.log
"$bin" dp data --out lmp2 --types Na,Cl --energy short.log t.lammpstrj > /dev/null 2> err.txt; rc=$?
check "a timestep missing in the log named (got $rc)" '[ $rc -eq 2 ] && grep -q "no row for timestep 50 (frame 5" err.txt'
sed 's/ fx fy fz$/ vx vy vz/' t.lammpstrj > nof.lammpstrj
"$bin" dp data --out lmp2 --types Na,Cl --energy log.lammps nof.lammpstrj > /dev/null 2> err.txt; rc=$?
check "a dump without forces refused (got $rc)" '[ $rc -eq 2 ] && grep -q "frame 0 (timestep 0) has no fx fy fz" err.txt'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
