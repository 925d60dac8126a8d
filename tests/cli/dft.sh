#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# liquidus eos / hull / xrd / struct: results, files written, and clear file:line errors.
set -u
bin="${LQ_BIN:?LQ_BIN not set}"
src="${LQ_SOURCE_DIR:?LQ_SOURCE_DIR not set}"
data="$src/tests/dft/data"
py="${LQ_PYTHON:-/usr/bin/python3}"   # only the standard json module is used
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
# |a - b| <= tol
near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= t) }'; }
jget() { sed -n "s/.*\"$1\":[[:space:]]*\([-0-9.eE+]*\).*/\1/p" | head -n "${2:-1}" | tail -n 1; }

# ---- eos: CSV, the study's Eq. 9 and BM3 give the same minimum (pymatgen: 66.10851034 A^3)
out=$("$bin" eos --json --model poly4 "$data/ev_NdBi_rocksalt.csv"); rc=$?
check "eos poly4 exits 0" '[ $rc -eq 0 ]'
v0=$(echo "$out" | jget V0_A3); b0=$(echo "$out" | jget B0_GPa)
check "eos poly4 V0 = 66.108510 A^3" 'near "$v0" 66.10851034 1e-5'
check "eos poly4 B0 ~ 52.5 GPa" 'near "$b0" 52.495 0.01'
out=$("$bin" eos --json --model bm3 "$data/ev_NdBi_rocksalt.csv")
check "eos bm3 = Eq. 9" 'near "$(echo "$out" | jget V0_A3)" "$v0" 1e-6'
# ---- eos: VASP folder (vasprun.xml, OUTCAR, OSZICAR+CONTCAR) and its points written back
"$bin" eos -q --model vinet --points "$tmp/pts.csv" --out "$tmp/fit.csv" --plot "$tmp/eos.png" \
    "$data/vasp_ev" >/dev/null; rc=$?
check "eos on a VASP folder exits 0" '[ $rc -eq 0 ]'
check "eos --points has 8 points" '[ "$(grep -c "vasp_ev," "$tmp/pts.csv")" -eq 8 ]'
check "eos --out has a vinet row" 'grep -q ",vinet," "$tmp/fit.csv"'
check "eos --plot wrote a PNG" '[ -s "$tmp/eos.png" ]'
grep -v '^#' "$tmp/pts.csv" | cut -d, -f2,3 > "$tmp/pts2.csv"
a=$("$bin" eos --json --model vinet "$tmp/pts2.csv" | jget V0_A3)
b=$(grep ",vinet," "$tmp/fit.csv" | cut -d, -f4)
check "points CSV refits to the same V0" 'near "$a" "$b" 1e-6'
out=$("$bin" eos --json --per-atom --model bm3 "$data/vasp_ev" 2>/dev/null)
check "eos --per-atom halves V0 (2 atoms)" 'near "$(echo "$out" | jget V0_A3)" 33.0557 0.01'
# ---- eos errors
mkdir -p "$tmp/runs/run_01" && cp "$data/bad/OUTCAR_truncated" "$tmp/runs/run_01/OUTCAR"
err=$("$bin" eos "$tmp/runs" 2>&1 >/dev/null); rc=$?
check "bad OUTCAR: exit 2" '[ $rc -eq 2 ]'
check "bad OUTCAR: file:line named" '[[ "$err" == *"run_01/OUTCAR:3"* ]]'
printf 'volume_A3,energy_eV\n60,-11.1\n61,oops\n' > "$tmp/bad.csv"
err=$("$bin" eos --out "$tmp/never.csv" "$tmp/bad.csv" 2>&1 >/dev/null); rc=$?
check "bad CSV: exit 2 with file:line" '[ $rc -eq 2 ] && [[ "$err" == *"bad.csv:3"* ]]'
check "bad CSV: no output written" '[ ! -e "$tmp/never.csv" ]'
printf 'volume_A3,energy_eV\n60,-11.1\n61,-11.2\n62,-11.25\n' > "$tmp/few.csv"
"$bin" eos "$tmp/few.csv" >/dev/null 2>&1; rc=$?
check "3 points: refused" '[ $rc -ne 0 ]'

# ---- hull: binary, ESPEI datasets
mkdir -p "$tmp/espei"
out=$("$bin" hull -q --espei "$tmp/espei" --out "$tmp/hull.csv" "$data/hull_NdBi.csv"); rc=$?
check "hull exits 0" '[ $rc -eq 0 ]'
check "hull: 6 HM_FORM datasets (stable compounds)" '[ "$(ls "$tmp/espei" | wc -l)" -eq 6 ]'
f="$tmp/espei/BI-ND-HM_FORM-NDBI-liquidus_dft.json"
check "NdBi dataset: -1.15 eV/atom = -110958.132 J/mol-atom" 'grep -q -- "-110958.132" "$f"'
check "NdBi dataset is JSON with HM_FORM" '"$py" -c "import json,sys; d=json.load(open(sys.argv[1])); assert d[\"output\"]==\"HM_FORM\" and d[\"components\"]==[\"BI\",\"ND\"]" "$f"'
check "La2Te polymorph 0.01 eV/atom above hull" 'grep "^NdBi2_La2Te," "$tmp/hull.csv" | grep -q ",0.0099999999999997868,0,\|,0.00999999999999"'
out=$("$bin" hull --json "$data/hull_NaMgCl.csv" 2>/dev/null)
check "ternary: NaMgCl3 0.045 eV/atom above hull" '[ -n "$(echo "$out" | "$py" -c "import json,sys; d=json.load(sys.stdin); e=[x for x in d if x[\"name\"]==\"NaMgCl3\"][0]; assert abs(e[\"Ehull_eV_per_atom\"]-0.045)<1e-9; print(1)")" ]'
printf 'name,formula,energy_eV\nNd,Nd,-4.7\nNdBi,NdBi,-10.9\n' > "$tmp/noref.csv"
err=$("$bin" hull "$tmp/noref.csv" 2>&1 >/dev/null); rc=$?
check "hull without Bi reference: named" '[ $rc -ne 0 ] && [[ "$err" == *"Bi"* ]]'
printf 'name,formula,energy_eV\nNd,Nd,-4.7\nX,NdQq2,-10.9\n' > "$tmp/badf.csv"
err=$("$bin" hull "$tmp/badf.csv" 2>&1 >/dev/null); rc=$?
check "hull bad formula: file:line" '[ $rc -eq 2 ] && [[ "$err" == *"badf.csv:3"* ]]'

# ---- xrd
out=$("$bin" xrd "$data/NdBi_B1.cif")
check "xrd NdBi (200) at 27.7922 deg, 100 %" 'echo "$out" | grep -q "27.7922 *3.21000 *100.000 *(2 0 0) *6"'
out=$("$bin" xrd --radiation MoKa --range 5:40 --json "$data/Mg_hcp.cif")
check "xrd MoKa JSON" 'echo "$out" | grep -q "\"lambda_A\":[[:space:]]*0.71073"'
"$bin" xrd -q --fwhm 0.12 --range 20:70 --profile "$tmp/prof.csv" --peaks "$tmp/peaks.csv" \
    "$data/NdBi_B1.cif" >/dev/null
check "xrd profile and peaks written" '[ -s "$tmp/prof.csv" ] && grep -q "^.*NdBi_B1.cif,27.79" "$tmp/peaks.csv"'
awk -F, 'NR > 2 { printf "%s %.4f\n", $1, 40 + 5 * $2 }' "$tmp/prof.csv" > "$tmp/meas.xy"
out=$("$bin" xrd --fwhm 0.12 --range 20:70 --measured "$tmp/meas.xy" --plot "$tmp/xrd.png" \
      "$data/Mg_hcp.cif" "$data/NdBi_B1.cif" "$data/Bi_A7.cif" "$data/NaCl_B1.POSCAR")
best=$(echo "$out" | grep -v '^#' | head -n 1 | awk '{print $1}')
check "xrd ranking: NdBi matches its own pattern best" '[[ "$best" == *NdBi_B1.cif ]]'
check "xrd ranking: R_wp of the match ~ 0" 'near "$(echo "$out" | grep NdBi_B1 | awk "{print \$2}")" 0 1e-4'
check "xrd figure written" '[ -s "$tmp/xrd.png" ]'
printf '20 1\n20.1 x\n' > "$tmp/badmeas.xy"
err=$("$bin" xrd --measured "$tmp/badmeas.xy" "$data/NdBi_B1.cif" 2>&1 >/dev/null); rc=$?
check "bad measured pattern: file:line" '[ $rc -eq 2 ] && [[ "$err" == *"badmeas.xy:2"* ]]'
"$bin" xrd --lambda -1 "$data/NdBi_B1.cif" >/dev/null 2>&1; rc=$?
check "negative wavelength refused" '[ $rc -eq 2 ]'

# ---- struct
"$bin" struct convert "$data/Bi_A7.cif" "$tmp/POSCAR_Bi" && "$bin" struct convert "$tmp/POSCAR_Bi" "$tmp/Bi.cif"
out=$("$bin" struct info "$data/Bi_A7.cif" "$tmp/Bi.cif")
check "CIF -> POSCAR -> CIF keeps 6 atoms and the cell" '[ "$(echo "$out" | grep -c "Bi  *6  *212.3023  *4.54600  *4.54600  *11.86220  *90.000  *90.000  *120.000")" -eq 2 ]'
mkdir -p "$tmp/protos" "$tmp/subst"
cp "$data/NaCl_B1.POSCAR" "$tmp/protos/" && cp "$data/NdBi_B1.cif" "$tmp/protos/"
cp "$data/bad/bad_symop.cif" "$tmp/protos/"
out=$("$bin" struct substitute --by-count Nd,Bi --rescale volume=33 --out "$tmp/subst" "$tmp/protos" 2>"$tmp/err"); rc=$?
check "substitute: bad file makes exit 1" '[ $rc -eq 1 ]'
check "substitute: bad file named with line" 'grep -q "bad_symop.cif:11" "$tmp/err"'
check "substitute: 2 written" '[ "$(ls "$tmp/subst" | grep -c vasp)" -eq 2 ]'
v=$("$bin" struct info --json "$tmp/subst/NaCl_B1.POSCAR_NdBi.vasp" | jget volume_A3)
check "substitute: volume 8 x 33 A^3" 'near "$v" 264 1e-6'
mkdir -p "$tmp/subst2"
"$bin" struct substitute -q --map Na=Nd,Cl=Bi --rescale none --format cif --out "$tmp/subst2" \
    "$data/NaCl_B1.POSCAR" >/dev/null; rc=$?
out=$("$bin" struct info "$tmp/subst2/NaCl_B1.POSCAR_NdBi.cif")
check "substitute --map to CIF, volume kept" '[ $rc -eq 0 ] && [[ "$out" == *"NdBi "*"179.4252"* ]]'
printf 'name,formula,energy_eV\nNd,Nd,-4.749\nBi,Bi,-3.871\nNdBi,NdBi,-5.46\n' > "$tmp/pa.csv"
out=$("$bin" hull --json --per-atom "$tmp/pa.csv" 2>/dev/null)
check "hull --per-atom: NdBi -1.15 eV/atom" '[ -n "$(echo "$out" | "$py" -c "import json,sys; d=json.load(sys.stdin); assert abs(d[2][\"Ef_eV_per_atom\"]+1.15)<1e-12; print(1)")" ]'
err=$("$bin" struct convert "$data/bad/POSCAR_badcount" "$tmp/x.cif" 2>&1); rc=$?
check "bad POSCAR: exit 2, file:line, nothing written" '[ $rc -eq 2 ] && [[ "$err" == *"POSCAR_badcount:7"* ]] && [ ! -e "$tmp/x.cif" ]'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
