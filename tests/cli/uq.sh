#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `liquidus uq`: bands of HM_MIX and ACR_ND from a trace written by NumPy as ESPEI writes it
# (zero-filled tail, one walker at -inf), checked against NumPy's quantiles and the regular
# solution's closed forms; --map invariants; figures; error paths.
set -u
bin="${LQ_BIN:?LQ_BIN not set}"
pass=0; fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
py=python3
$py -c 'import numpy' 2>/dev/null || py=/usr/bin/python3
if ! $py -c 'import numpy' 2>/dev/null; then echo "MISSING python3-numpy" >&2; exit 1; fi

# liquid with L0 = VV0000 + VV0001*T (symbols listed out of order: ESPEI sorts them by name),
# pure solid BI (melts at 550 K) and ND (700 K): a simple eutectic
cat > "$tmp/t.tdb" <<'TDB'
ELEMENT VA VACUUM 0 0 0 !
ELEMENT BI RHOMBOHEDRAL_A7 208.98 0 0 !
ELEMENT ND DHCP 144.24 0 0 !
TYPE_DEFINITION % SEQ * !
FUNCTION VV0001 298.15 1.5; 6000 N !
FUNCTION VV0000 298.15 -5000; 6000 N !
PHASE LIQUID % 1 1 !
CONSTITUENT LIQUID :BI,ND: !
PARAMETER G(LIQUID,BI;0) 298.15 11000-20*T; 6000 N !
PARAMETER G(LIQUID,ND;0) 298.15 7000-10*T; 6000 N !
PARAMETER L(LIQUID,BI,ND;0) 298.15 VV0000+VV0001*T; 6000 N !
PHASE RHOMBOHEDRAL_A7 % 1 1 !
CONSTITUENT RHOMBOHEDRAL_A7 :BI: !
PARAMETER G(RHOMBOHEDRAL_A7,BI;0) 298.15 0; 6000 N !
PHASE DHCP % 1 1 !
CONSTITUENT DHCP :ND: !
PARAMETER G(DHCP,ND;0) 298.15 0; 6000 N !
TDB
# 10 walkers x 30 iterations allocated, 20 filled; walker 4 at -inf once in the last 9
$py - "$tmp" <<'PY'
import sys, numpy as np
d = sys.argv[1]
rng = np.random.default_rng(1)
tr = np.zeros((10, 30, 2)); lp = np.zeros((10, 30))
tr[:, :20, 0] = rng.normal(-5000, 800, (10, 20)); tr[:, :20, 1] = 1.5
lp[:, :20] = -3.0; lp[4, 15] = -np.inf
np.save(d + "/trace.npy", tr); np.save(d + "/lnprob.npy", lp)
np.save(d + "/bad.npy", np.ones((2, 3, 3)))
PY
mkdir -p "$tmp/ds"
cat > "$tmp/ds/hm.json" <<'JSON'
{"components": ["BI", "ND"], "phases": ["LIQUID"], "output": "HM_MIX",
 "conditions": {"P": 101325, "T": 973, "X_ND": [0.05, 0.1, 0.15]},
 "values": [[[-200, -400, -600]]], "reference": "synthetic"}
JSON

"$bin" uq "$tmp/t.tdb" "$tmp/trace.npy" --lnprob "$tmp/lnprob.npy" --prop HM_MIX,ACR_ND \
    --ref ND=LIQUID --phase LIQUID --T 973 --x ND=0:0.2:0.005 --last 9 --data "$tmp/ds" \
    --fig png,svg --out "$tmp/b" -q > "$tmp/out.txt"; rc=$?
check "props exit 0" '[ $rc -eq 0 ]'
check "81 samples, one walker dropped" 'grep -q "81 samples (9 walkers kept, 1 dropped" "$tmp/out.txt"'
for f in b.csv b_HM_MIX_973K.png b_HM_MIX_973K.svg b_ACR_ND_973K.png; do
    check "writes $f" '[ -s "$tmp/$f" ]'
done
check "PNG signature" '[ "$(head -c 8 "$tmp/b_HM_MIX_973K.png" | od -An -tx1 | tr -d " \n")" = "89504e470d0a1a0a" ]'
check "header names quantiles with units" \
    'grep -q "^T_K,X_ND,HM_MIX_q2.5_J_per_mol,HM_MIX_q50_J_per_mol,HM_MIX_q97.5_J_per_mol,HM_MIX_n_failed,ACR_ND_q2.5,ACR_ND_q50,ACR_ND_q97.5,ACR_ND_n_failed$" "$tmp/b.csv"'
# HM_MIX = x(1-x) VV0000 (linear: its quantiles are NumPy's of VV0000 times x(1-x), 1e-9);
# with 81 samples the quantiles are order statistics, so ACR_ND = x exp(L0 (1-x)^2 / RT) at the
# quantile of VV0000 (L0 = VV0000 + 1.5 T, R = 8.314462618 J/(mol K), 1e-9)
check "bands equal NumPy quantiles and closed forms" '$py - "$tmp" <<PY
import sys, numpy as np
d = sys.argv[1]
tr = np.load(d + "/trace.npy"); lp = np.load(d + "/lnprob.npy")
keep = [w for w in range(10) if np.all(np.isfinite(lp[w, 11:20]))]
v = tr[keep, 11:20, 0].ravel()
assert v.size == 81
q = np.quantile(v, [0.025, 0.5, 0.975])
import csv
t = [{k: float(v) for k, v in r.items()} for r in csv.DictReader(l for l in open(d + "/b.csv") if not l.startswith("#"))]
assert len(t) == 41
R, T = 8.314462618153240, 973.0
for row in t:
    x = row["X_ND"]
    hm = x * (1 - x) * q
    got = np.array([row["HM_MIX_q2.5_J_per_mol"], row["HM_MIX_q50_J_per_mol"], row["HM_MIX_q97.5_J_per_mol"]])
    assert np.allclose(got, hm, rtol=1e-9, atol=1e-9), (x, got, hm)
    a = x * np.exp((q + 1.5 * T) * (1 - x) ** 2 / (R * T))
    got = np.array([row["ACR_ND_q2.5"], row["ACR_ND_q50"], row["ACR_ND_q97.5"]])
    assert np.allclose(got, a, rtol=1e-9, atol=1e-15), (x, got, a)
    assert row["HM_MIX_n_failed"] == 0 and row["ACR_ND_n_failed"] == 0
PY'

json=$("$bin" uq "$tmp/t.tdb" "$tmp/trace.npy" --prop HM_MIX --phase LIQUID --T 973 \
    --x ND=0.1 --quantiles 5,50,95 --burn-in 5 --out "$tmp/j" --json -q); rc=$?
check "--json exits 0" '[ $rc -eq 0 ]'
check "--json: 150 samples (10 walkers x 15 iterations), 5/50/95 %" '$py - "$json" <<PY
import json, sys
j = json.loads(sys.argv[1])
assert j["n_samples"] == 150 and j["first_iteration"] == 5, j
assert j["quantiles"] == [0.05, 0.5, 0.95]
b = j["properties"]["HM_MIX"]["band"][0]
assert b[0] < b[1] < b[2] < 0
PY'

"$bin" uq "$tmp/t.tdb" "$tmp/trace.npy" --lnprob "$tmp/lnprob.npy" --map --T 300:800:10 \
    --last 3 --out "$tmp/m" -q > "$tmp/map.txt"; rc=$?
check "--map exits 0" '[ $rc -eq 0 ]'
check "--map writes the figure and tables" '[ -s "$tmp/m_map.png" ] && [ -s "$tmp/m_boundaries.csv" ]'
# 3 iterations x 10 walkers (walker 4 is -inf at iteration 15 only, outside 17..19)
check "--map: one eutectic in all 30 diagrams, median between the bounds" '$py - "$tmp" <<PY
import sys, csv
rows = [r for r in csv.reader(open(sys.argv[1] + "/m_invariants.csv")) if r and not r[0].startswith("#")]
h, body = rows[0], rows[1:]
assert len(body) == 1 and body[0][0] == "eutectic RHOMBOHEDRAL_A7+LIQUID+DHCP", body
r = dict(zip(h, body[0]))
assert r["n_samples"] == "30"
lo, med, hi = float(r["T_q2.5_K"]), float(r["T_q50_K"]), float(r["T_q97.5_K"])
assert 300 < lo < med < hi < 550, (lo, med, hi)
PY'

# errors (invalid input exits 2, as lqa_fail): a trace of 3 columns for 2 symbols names the
# file; bad arguments
out=$("$bin" uq "$tmp/t.tdb" "$tmp/bad.npy" --prop HM_MIX --phase LIQUID --T 973 --x ND=0.1 \
    --out "$tmp/e" 2>&1); rc=$?
check "wrong trace width fails (bad input: exit 2)" '[ $rc -eq 2 ]'
check "message names the trace file" '[[ "$out" == *bad.npy* && "$out" == *"3 parameters"* ]]'
"$bin" uq "$tmp/t.tdb" "$tmp/trace.npy" --prop FOO --phase LIQUID --T 973 --x ND=0.1 \
    --out "$tmp/e" 2>/dev/null; rc=$?
check "unknown property is a usage error" '[ $rc -eq 2 ]'
"$bin" uq "$tmp/t.tdb" "$tmp/trace.npy" --prop HM_MIX --T 973 --x ND=0.1 --out "$tmp/e" \
    2>/dev/null; rc=$?
check "HM_MIX without a phase fails" '[ $rc -eq 2 ]'
"$bin" uq "$tmp/t.tdb" "$tmp/trace.npy" --prop HM_MIX --phase LIQUID --T 973 --x ND=0.1 \
    --symbols VV0000 --out "$tmp/e" 2>/dev/null; rc=$?
check "--symbols of the wrong length fails" '[ $rc -eq 2 ]'
"$bin" uq "$tmp/t.tdb" "$tmp/trace.npy" --prop HM_MIX --phase LIQUID --T 973 --x ND=0.1 \
    --burn-in 40 --out "$tmp/e" 2>/dev/null; rc=$?
check "burn-in beyond the filled iterations fails" '[ $rc -eq 2 ]'

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
