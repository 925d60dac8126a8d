#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `liquidus md eval`: DeePMD-kit's fixture (deeppot_sea.yaml) on its own test configurations given
# as extended XYZ (periodic and open), POSCAR and LAMMPS data; JSON keys and values against
# DeePMD-kit's expected numbers (1e-10 relative to the largest of each array); clear errors.
set -u
bin="${LQ_BIN:?LQ_BIN not set}"
shared="${LQ_SHARED_DIR:-../shared}"
model="$shared/data/deepmd/deeppot_sea.yaml"
cases="$shared/data/deepmd/deeppot-testcase.yaml"
pass=0; fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
[ -f "$model" ] || { echo "MISSING shared data: $model" >&2; echo "0 passed, 1 failed"; exit 1; }

# The configurations of the testcase file in three formats, and the expected values as JSON.
python3 - "$cases" "$tmp" <<'EOF'
import json, sys, yaml
d = yaml.safe_load(open(sys.argv[1])); out = sys.argv[2]
names = d["type_map"]
for k, r in enumerate(d["results"]):
    c, t, box = r["coord"], r["atype"], r["box"]
    lat = "" if box is None else 'Lattice="%s" ' % " ".join(repr(float(x)) for x in box)
    with open(f"{out}/c{k}.xyz", "w") as f:
        f.write(f"{len(t)}\n{lat}Properties=species:S:1:pos:R:3 energy=0\n")
        for i, ti in enumerate(t):
            f.write("%s %r %r %r\n" % (names[ti], *c[3 * i:3 * i + 3]))
    json.dump(r, open(f"{out}/want{k}.json", "w"))
r = d["results"][0]; c, t = r["coord"], r["atype"]
with open(f"{out}/POSCAR", "w") as f:   # block 1 (13 A cube) with atoms grouped by species
    order = [i for i in range(len(t)) if t[i] == 0] + [i for i in range(len(t)) if t[i] == 1]
    f.write("water\n1.0\n13 0 0\n0 13 0\n0 0 13\nO H\n2 4\nCartesian\n")
    for i in order: f.write("%r %r %r\n" % tuple(c[3 * i:3 * i + 3]))
    json.dump(order, open(f"{out}/order.json", "w"))
with open(f"{out}/w.data", "w") as f:
    f.write("water\n\n6 atoms\n2 atom types\n\n0 13 xlo xhi\n0 13 ylo yhi\n0 13 zlo zhi\n\n")
    f.write("Masses\n\n1 15.999 # O\n2 1.008 # H\n\nAtoms # charge\n\n")
    for i, ti in enumerate(t): f.write("%d %d 0 %r %r %r\n" % (i + 1, ti + 1, *c[3 * i:3 * i + 3]))
EOF
check "configurations written" '[ -f "$tmp/c2.xyz" ] && [ -f "$tmp/POSCAR" ]'

compare() {  # $1 = json from liquidus, $2 = expected json, $3 = atom order json or ""
    python3 - "$1" "$2" "$3" <<'EOF'
import json, sys
g = json.load(open(sys.argv[1])); w = json.load(open(sys.argv[2]))
order = json.load(open(sys.argv[3])) if sys.argv[3] else list(range(len(w["atype"])))
def close(got, want):
    m = max(abs(x) for x in want)
    return all(abs(a - b) <= 1e-10 * m for a, b in zip(got, want)) and len(got) == len(want)
flat = lambda rows: [x for r in rows for x in r]
ae = [w["atomic_energy"][i] for i in order]
f = [w["force"][3 * i + a] for i in order for a in range(3)]
av = [w["atomic_virial"][9 * i + a] for i in order for a in range(9)]
v = [sum(w["atomic_virial"][9 * i + a] for i in order) for a in range(9)]
ok = (close(g["atom_energy_eV"], ae) and close(flat(g["forces_eV_per_A"]), f)
      and close(flat(g["atom_virial_eV"]), av) and close(g["virial_eV"], v)
      and abs(g["energy_eV"] - sum(ae)) <= 1e-10 * abs(sum(ae)))
sys.exit(0 if ok else 1)
EOF
}

for k in 0 1 2; do
    "$bin" md eval --potential "$model" --json "$tmp/c$k.xyz" > "$tmp/g$k.json"; rc=$?
    check "md eval block $k exits 0" '[ $rc -eq 0 ]'
    check "md eval block $k matches DeePMD-kit" 'compare "$tmp/g$k.json" "$tmp/want$k.json" ""'
done
check "open cluster reported as such" 'grep -q "\"periodic\":[[:space:]]*false" "$tmp/g1.json"'
"$bin" md eval --potential "$model" --json "$tmp/POSCAR" > "$tmp/gp.json"; rc=$?
check "POSCAR exits 0" '[ $rc -eq 0 ]'
check "POSCAR matches (species order)" 'compare "$tmp/gp.json" "$tmp/want0.json" "$tmp/order.json"'
"$bin" md eval --potential "$model" --json "$tmp/w.data" > "$tmp/gd.json"; rc=$?
check "LAMMPS data exits 0" '[ $rc -eq 0 ]'
check "LAMMPS data matches" 'compare "$tmp/gd.json" "$tmp/want0.json" ""'
"$bin" md eval --potential "$model" --compress 0.01 --json "$tmp/c0.xyz" > "$tmp/gc.json"; rc=$?
check "compressed model exits 0" '[ $rc -eq 0 ]'
check "compressed model matches" 'compare "$tmp/gc.json" "$tmp/want0.json" ""'
out=$("$bin" md eval --potential "$model" "$tmp/c0.xyz"); rc=$?
check "text output" '[ $rc -eq 0 ] && echo "$out" | grep -q "^energy_eV -929.73"'

# errors: species missing from type_map, malformed model, wrong --fparam for a model without
sed 's/^H /Na /' "$tmp/c0.xyz" > "$tmp/bad.xyz"
err=$("$bin" md eval --potential "$model" "$tmp/bad.xyz" 2>&1); rc=$?
check "unknown species refused" '[ $rc -ne 0 ] && echo "$err" | grep -q "\"Na\""'
head -c 40000 "$model" > "$tmp/trunc.yaml"
err=$("$bin" md eval --potential "$tmp/trunc.yaml" "$tmp/c0.xyz" 2>&1); rc=$?
check "truncated model refused naming the file" '[ $rc -ne 0 ] && echo "$err" | grep -q "trunc.yaml"'
sed 's/type: se_e2_a/type: dpa2/' "$model" > "$tmp/dpa2.yaml"
err=$("$bin" md eval --potential "$tmp/dpa2.yaml" "$tmp/c0.xyz" 2>&1); rc=$?
check "unsupported descriptor named" '[ $rc -ne 0 ] && echo "$err" | grep -q "model.descriptor.type"'
"$bin" md eval "$tmp/c0.xyz" >/dev/null 2>&1; rc=$?
check "missing --potential is a usage error" '[ $rc -eq 2 ]'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
