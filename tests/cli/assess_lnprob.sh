#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `liquidus assess --lnprob`: the log-probability of a run file's starting database on the Cu-Mg
# datasets, its terms, --json, and the refusals (--restart, no mcmc.input_db, bad files).
set -u
bin="${LQ_BIN:?LQ_BIN not set}"
src="${LQ_SOURCE_DIR:?LQ_SOURCE_DIR not set}"
shared="${LQ_SHARED_DIR:-$src/../shared}"
pass=0; fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
data="$shared/data/espei-datasets"
if [ ! -d "$data/datasets/2-binary/Cu-Mg" ]; then echo "MISSING shared data: $data" >&2; exit 1; fi
cat > "$tmp/run.yaml" <<YAML
system:
  phase_models: $data/old-phase-models/Cu-Mg-input.json
  datasets: $data/datasets/2-binary/Cu-Mg
mcmc:
  iterations: 10
  input_db: $src/tests/assess_lnprob/cumg-vv.tdb
  data_weights: {ZPF: 2.0}
YAML

out=$("$bin" assess --input "$tmp/run.yaml" --lnprob -q); rc=$?
check "--lnprob exits 0" '[ $rc -eq 0 ]'
check "prints the total" '[[ "$out" == *"lnprob "* ]]'
for k in prior non-equilibrium equilibrium activity ZPF; do
    check "prints the $k term" '[[ "$out" == *"  $k "* ]]'
done
check "names a dataset file" '[[ "$out" == *Jones1931.json* ]]'

json=$("$bin" assess --input "$tmp/run.yaml" --lnprob --json -q); rc=$?
check "--json exits 0" '[ $rc -eq 0 ]'
# the total equals prior + the four likelihoods and the sum over datasets
check "--json total is the sum of its terms" 'python3 - "$json" <<PY
import json, math, sys
j = json.loads(sys.argv[1])
lk = j["likelihood"]
s = j["prior"] + lk["non_equilibrium"] + lk["equilibrium"] + lk["activity"] + lk["zpf"]
d = sum(e["lnprob"] for e in j["datasets"])
assert math.isfinite(j["lnprob"]) and abs(j["lnprob"] - s) < 1e-6 and abs(j["lnprob"] - d) < 1e-6
assert len(j["parameters"]) == 9 and len(j["datasets"]) == 29
PY'
# ZPF weight 2 halves the ZPF standard deviation: the ZPF term changes
sed 's/ZPF: 2.0/ZPF: 1.0/' "$tmp/run.yaml" > "$tmp/run1.yaml"
z2=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["likelihood"]["zpf"])' "$json")
j1=$("$bin" assess --input "$tmp/run1.yaml" --lnprob --json -q)
z1=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["likelihood"]["zpf"])' "$j1")
check "data_weights.ZPF changes the ZPF term" '[ "$z1" != "$z2" ]'

"$bin" assess --input "$tmp/run.yaml" --lnprob --restart >/dev/null 2>"$tmp/err"; rc=$?
check "--lnprob with --restart exits 2" '[ $rc -eq 2 ]'
check "--lnprob with --restart names the option" 'grep -q -- "--restart" "$tmp/err"'
"$bin" assess --lnprob >/dev/null 2>&1; check "without --input exits 2" '[ $? -eq 2 ]'
"$bin" assess --input "$tmp/none.yaml" --lnprob >/dev/null 2>&1; rc=$?
check "missing run file fails" '[ $rc -ne 0 ]'
# without mcmc.input_db the starting database is generate_parameters' result (as ESPEI)
grep -v input_db "$tmp/run.yaml" > "$tmp/gen.yaml"
printf 'generate_parameters:\n  excess_model: linear\n  ref_state: SGTE91\n' >> "$tmp/gen.yaml"
out=$("$bin" assess --input "$tmp/gen.yaml" --lnprob -q); rc=$?
check "generate_parameters as the start exits 0" '[ $rc -eq 0 ]'
check "generate_parameters as the start is named" '[[ "$out" == *"generated parameters"* ]]'
# generate_parameters.input_db (parameters added to another database) is not a start here
sed 's/  ref_state: SGTE91/  ref_state: SGTE91\n  input_db: x.tdb/' "$tmp/gen.yaml" > "$tmp/gendb.yaml"
"$bin" assess --input "$tmp/gendb.yaml" --lnprob >/dev/null 2>"$tmp/err"; rc=$?
check "generate_parameters.input_db exits 2" '[ $rc -eq 2 ]'
check "generate_parameters.input_db is named" 'grep -q "input_db" "$tmp/err"'
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
