#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# liquidus dsc: real exports, synthetic peaks, rate series, ZPF datasets, predicted traces, and
# bad files refused with file:line:column and exit status 2.
set -u
bin="${LQ_BIN:?LQ_BIN not set}"
src="${LQ_SOURCE_DIR:?LQ_SOURCE_DIR not set}"
data="$src/tests/data/thermal"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= t) }'; }
jget() { sed -n "s/.*\"$1\":[[:space:]]*\([-0-9.eE+]*\).*/\1/p" | head -n "${2:-1}" | tail -n 1; }

# ---- a real TA export: one endothermic peak (eicosane melting), figure and CSV written
out=$("$bin" dsc "$data/pkynetics/sample_dsc_tainstruments.txt" --json -q); rc=$?
check "dsc TA exits 0" '[ $rc -eq 0 ]'
check "dsc TA reads the mass 9 mg" 'near "$(echo "$out" | jget mass_kg)" 9e-06 1e-12'
check "dsc TA onset near 309 K" 'near "$(echo "$out" | jget T_onset_K)" 309.9 1.5'
"$bin" dsc -q "$data/pkynetics/sample_dsc_tainstruments.txt" --out "$tmp/ta.png" >/dev/null
check "dsc figure written" '[ -s "$tmp/ta.png" ]'
"$bin" dsc -q "$data/pkynetics/sample_dsc_tainstruments.txt" --out "$tmp/ta.csv" >/dev/null
check "dsc CSV has one peak row" '[ "$(grep -vc "^#" "$tmp/ta.csv")" -eq 2 ]'

# ---- synthetic runs at 5 and 20 K/min with a 6 s lag: onsets 600.5 and 602 K -> 600 K at rate 0
for r in 5 20; do
    awk -v r="$r" 'BEGIN { beta = r / 60; print "# exo: down"; print "Time (s),Temperature (K),Heat Flow (W/g)";
        for (i = 0; i <= 4000; i++) { T = 560 + i * 0.02; y = 0.01;
            if (T > 600 && T <= 602) y += 0.7 * (T - 600) / 2; else if (T > 602) y += 0.7 * exp(-(T - 602));
            printf "%.4f,%.6f,%.8f\n", (T - 560) / beta, T + 6 * beta, y } }' > "$tmp/run$r.csv"
done
out=$("$bin" dsc "$tmp/run5.csv" "$tmp/run20.csv" --composition ND=0.2 --balance BI \
      --phases "LIQUID:0.2,NDBI2:0.3333" --datasets "$tmp/zpf" --json -q); rc=$?
check "dsc rate series exits 0" '[ $rc -eq 0 ]'
check "dsc extrapolates to 600 K within 0.2 K" 'near "$(echo "$out" | jget T0_K)" 600 0.2'
check "dsc writes a ZPF dataset" '[ -s "$tmp/zpf_1.json" ]'
"$bin" dataset check "$tmp/zpf_1.json" >/dev/null 2>&1; rc=$?
check "the ZPF dataset passes the dataset validator" '[ $rc -eq 0 ]'

# ---- predicted trace from the Bi-Nd database: transitions at the map's invariants
out=$("$bin" dsc --db "$src/data/tdb/BiNd.tdb" --composition ND=0.1 --balance BI \
      --T-range 700:1000:0.5 --json -q); rc=$?
check "dsc --db exits 0" '[ $rc -eq 0 ]'
check "predicted 773.77 K (L + NdBi2 = Nd3Bi7)" 'near "$(echo "$out" | jget T_K 1)" 773.7697 0.01'
check "predicted 932.95 K (L + NdBi = NdBi2)" 'near "$(echo "$out" | jget T_K 2)" 932.9476 0.01'

"$bin" dsc -q "$tmp/run5.csv" --db "$src/data/tdb/BiNd.tdb" --composition ND=0.2 --balance BI \
    --out "$tmp/overlay.svg" >/dev/null; rc=$?
check "predicted trace drawn over a measured one" '[ $rc -eq 0 ] && grep -q "<svg" "$tmp/overlay.svg"'

# ---- bad files: exit 2, message naming file:line:column
printf 'Time (s),Temperature (C),Mass (%%)\n0,25,100\n1,26,99\n' > "$tmp/nohf.csv"
msg=$("$bin" dsc "$tmp/nohf.csv" 2>&1 >/dev/null); rc=$?
check "no heat-flow column: exit 2" '[ $rc -eq 2 ]'
check "no heat-flow column: file and line named" 'echo "$msg" | grep -q "nohf.csv:1:.*heat flow"'
{ echo "Time (s),Temperature (K),Heat Flow (mW)"; for i in $(seq 0 30); do
    T=$((500 + i)); [ "$i" -eq 12 ] && T=480; echo "$i,$T,1"; done; } > "$tmp/back.csv"
msg=$("$bin" dsc "$tmp/back.csv" 2>&1 >/dev/null); rc=$?
check "temperature not monotonic: exit 2" '[ $rc -eq 2 ]'
check "temperature not monotonic: line 14 column 2" 'echo "$msg" | grep -q "back.csv:14:2:.*not monotonic"'
printf '#EXO:1\n##Temp./C;Time/min;DSC/(mW/mg);Segment\n25;0;0.1;1\n26;0.1;0.1;1\n27;0.2;0.1;3\n' > "$tmp/seg.txt"
msg=$("$bin" dsc "$tmp/seg.txt" 2>&1 >/dev/null); rc=$?
check "empty segment: exit 2" '[ $rc -eq 2 ]'
check "empty segment: line 5 column 4" 'echo "$msg" | grep -q "seg.txt:5:4:.*empty"'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
