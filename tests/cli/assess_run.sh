#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `liquidus assess --input run.yaml`: Cu-Mg parameter generation + a short MCMC (three fitted
# symbols, six walkers), the output files and their shapes, SIGTERM (exit 143) and kill -9 followed
# by --restart giving the uninterrupted run's files bit for bit, MPI giving the single-process
# trace, --json, and a bad dataset (exit 2, file and field named).
set -u
bin="${LQ_BIN:?LQ_BIN not set}"
src="${LQ_SOURCE_DIR:?LQ_SOURCE_DIR not set}"
shared="${LQ_SHARED_DIR:-$src/../shared}"
py=/usr/bin/python3
pass=0; fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
data="$shared/data/espei-datasets/datasets/2-binary/Cu-Mg"
if [ ! -d "$data" ]; then echo "MISSING shared data: $data" >&2; exit 1; fi
iters=40 # enough that a signal sent after 2-3 saved iterations lands mid-run, also on an idle machine
# the bundled run file, with fewer symbols and iterations (the rest as data/assess/cumg/run.yaml)
sed -e "s#^  phase_models: .*#  phase_models: $src/data/assess/cumg/Cu-Mg-input.json#" \
    -e "s#^  iterations: .*#  iterations: $iters\n  symbols: [VV0000, VV0001, VV0002]#" \
    -e "s#^  save_interval: .*#  save_interval: 1#" \
    "$src/data/assess/cumg/run.yaml" > "$tmp/run.yaml"
run() { # run DIR [options...]: one run with its outputs in DIR
    local d=$1; shift
    mkdir -p "$d"
    "$bin" assess --input "$tmp/run.yaml" --datasets "$data" --output-dir "$d" "$@"
}

# 1. uninterrupted run
run "$tmp/a" --json > "$tmp/a.json" 2> "$tmp/a.err"; rc=$?
check "run exits 0" '[ $rc -eq 0 ]'
for f in cu-mg.tdb trace.npy lnprob.npy; do check "writes $f" '[ -s "$tmp/a/$f" ]'; done
check "trace and lnprob shapes, finite, best = --json best_lnprob" '$py - "$tmp/a" "$tmp/a.json" $iters <<PY
import json, sys, numpy as np
d, j, n = sys.argv[1], json.load(open(sys.argv[2])), int(sys.argv[3])
t, l = np.load(d + "/trace.npy"), np.load(d + "/lnprob.npy")
assert t.shape == (6, n, 3) and l.shape == (6, n), (t.shape, l.shape)
assert np.all(np.isfinite(l)) and np.all(l < 0) and np.all(t != 0)
assert j["iterations"] == n and j["n_walkers"] == 6 and j["n_params"] == 3 and j["generated"]
# cJSON prints 15 significant digits when they read back within its own tolerance
assert abs(j["best_lnprob"] - l.max()) <= 1e-12 * abs(l.max()) and 0 < j["acceptance"] <= 1
PY'
# progress: one line per iteration, best lnprob finite and never decreasing
check "progress has one line per iteration" \
    '[ "$(grep -c "^liquidus assess: iteration" "$tmp/a.err")" -eq $iters ]'
check "best lnprob in the progress is finite and non-decreasing" \
    'sed -n "s/.* best \([-0-9.e+]*\) .*/\1/p" "$tmp/a.err" | $py -c "
import sys, math
b = [float(x) for x in sys.stdin]
assert len(b) == $iters and all(math.isfinite(x) for x in b)
assert all(y >= x for x, y in zip(b, b[1:]))"'
# the final database: generated FUNCTIONs with the best sample's values in place of the three
check "output_db holds the best sample" '$py - "$tmp/a" <<PY
import re, sys, numpy as np
d = sys.argv[1]
t, l = np.load(d + "/trace.npy"), np.load(d + "/lnprob.npy")
best = t[np.unravel_index(np.argmax(l), l.shape)]
text = open(d + "/cu-mg.tdb").read()
for k, v in enumerate(best):
    m = re.search(r"FUNCTION VV%04d +\S+ +([-0-9.E+]+);" % k, text, re.I)
    assert m and float(m.group(1)) == v, (k, m and m.group(1), v)
assert re.search(r"FUNCTION VV0003 ", text, re.I)
PY'
"$bin" tdb check "$tmp/a/cu-mg.tdb" >/dev/null 2>&1
check "output_db reads back" '[ $? -eq 0 ]'

# 2. an existing trace is not overwritten (ESPEI refuses too)
run "$tmp/a" -q > /dev/null 2> "$tmp/err"; rc=$?
check "a second run into the same files exits 2" '[ $rc -eq 2 ]'
check "... naming the trace file" 'grep -q "trace.npy" "$tmp/err"'

# wait until DIR's lnprob.npy has at least N complete iterations
wait_iters() {
    local i
    for i in $(seq 1 600); do
        $py -c "import numpy as np,sys; l=np.load('$1/lnprob.npy'); sys.exit(0 if (l!=0).all(0).sum()>=$2 else 1)" \
            2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

# 3. SIGTERM: exit 143 with the finished iterations saved, then --restart completes the run
run "$tmp/b" -q > /dev/null 2>&1 & pid=$!
wait_iters "$tmp/b" 2; kill -TERM $pid; wait $pid; rc=$?
check "SIGTERM exits 143" '[ $rc -eq 143 ]'
check "after SIGTERM the saved iterations are the uninterrupted run's" '$py - "$tmp/a" "$tmp/b" <<PY
import sys, numpy as np
a, b = (np.load(d + "/trace.npy") for d in sys.argv[1:])
done = (b != 0).all(axis=(0, 2))
assert done.sum() >= 2 and not done.all() and np.array_equal(a[:, done], b[:, done])
PY'
run "$tmp/b" --restart -q > /dev/null 2>&1
check "SIGTERM + --restart gives the same trace, lnprob and database bit for bit" \
    'cmp -s "$tmp/a/trace.npy" "$tmp/b/trace.npy" && cmp -s "$tmp/a/lnprob.npy" "$tmp/b/lnprob.npy" &&
     cmp -s "$tmp/a/cu-mg.tdb" "$tmp/b/cu-mg.tdb"'

# 4. kill -9 mid-run (no handler runs), then --restart: no sample lost, bit for bit
run "$tmp/c" -q > /dev/null 2>&1 & pid=$!
wait_iters "$tmp/c" 3; kill -9 $pid; wait $pid 2>/dev/null
run "$tmp/c" --restart --json > "$tmp/c.json" 2>/dev/null; rc=$?
check "--restart after kill -9 exits 0" '[ $rc -eq 0 ]'
check "--restart starts after the saved iterations" \
    '$py -c "import json; j=json.load(open(\"$tmp/c.json\")); assert 3 <= j[\"first_iteration\"] < $iters"'
check "kill -9 + --restart gives the same trace and lnprob bit for bit" \
    'cmp -s "$tmp/a/trace.npy" "$tmp/c/trace.npy" && cmp -s "$tmp/a/lnprob.npy" "$tmp/c/lnprob.npy"'

# 5. MPI: rank 0 samples, both ranks evaluate; the trace is the single-process one
if command -v mpirun > /dev/null && strings "$bin" | grep -q MPI_Init; then
    mkdir -p "$tmp/m"
    OMP_NUM_THREADS=1 mpirun --allow-run-as-root --oversubscribe -np 2 "$bin" assess \
        --input "$tmp/run.yaml" --datasets "$data" --output-dir "$tmp/m" -q > /dev/null 2>&1
    check "mpirun -np 2 gives the single-process trace bit for bit" \
        'cmp -s "$tmp/a/trace.npy" "$tmp/m/trace.npy" && cmp -s "$tmp/a/lnprob.npy" "$tmp/m/lnprob.npy"'
fi

# 6. a bad dataset: exit 2 naming the file and the field
mkdir -p "$tmp/bad"
cp -r "$data/." "$tmp/bad/"
f=$(grep -l '"ZPF"' -r "$tmp/bad" --include=*.json | sort | head -1)
$py - "$f" <<PY
import json, sys
d = json.load(open(sys.argv[1]))
d["values"][0] = "not a region"
json.dump(d, open(sys.argv[1], "w"))
PY
"$bin" assess --input "$tmp/run.yaml" --datasets "$tmp/bad" --output-dir "$tmp/d" -q \
    > /dev/null 2> "$tmp/err"; rc=$?
check "bad dataset exits 2" '[ $rc -eq 2 ]'
check "bad dataset names the file" 'grep -q "$(basename "$f")" "$tmp/err"'
check "bad dataset names the field" 'grep -q "values" "$tmp/err"'
check "bad dataset writes no output" '[ ! -e "$tmp/d/trace.npy" ] && [ ! -e "$tmp/d/cu-mg.tdb" ]'
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
