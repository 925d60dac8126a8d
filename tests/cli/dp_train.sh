#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `liquidus dp train`: DeePMD-kit's input.json on frames of liquidus' own MD (md run --dp-frames),
# the learning curve, a restart from the checkpoint, keys refused by name, and the trained model
# run by `md run` and `dp test`.
set -u
bin="${LQ_BIN:?LQ_BIN not set}"
src="${LQ_SOURCE_DIR:?LQ_SOURCE_DIR not set}"
pass=0; fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
pot="$src/data/md/tosi_fumi_NaCl.pot"
"$bin" build "NaCl" --ions 64 --density 1.5 --T 1200 --seed 3 --min-sep 2.4 --out nacl.data -q \
    > /dev/null
"$bin" md run --data nacl.data --potential "$pot" --ensemble nvt --T 1200 --steps 40 --cutoff 6 \
    --kspace ewald --minimize --dp-frames nacl_dp --dp-every 4 --out mdp -q > /dev/null 2>&1
check "md run --dp-frames wrote the frames" '[ -f nacl_dp/set.000/force.npy ]'
cp "$src/tests/dp_train/data/input.json" .

"$bin" dp train input.json --output m.yaml > out.txt 2> err.txt; rc=$?
check "dp train exits 0 (got $rc: $(head -c 300 err.txt))" '[ $rc -eq 0 ]'
check "the model, the checkpoint (.yaml added) and the lcurve are written" \
    '[ -s m.yaml ] && [ -s model.ckpt.yaml ] && [ -s lcurve.out ]'
check "lcurve.out: DeePMD-kit's header and steps 0, 5, .., 20" \
    'head -1 lcurve.out | grep -q "rmse_e_val" && [ "$(grep -v "^#" lcurve.out | awk "{print \$1}" | tr "\n" " ")" = "0 5 10 15 20 " ]'
check "progress with RMSEs on stderr" 'grep -q "step 20/20" err.txt && grep -q rmse_f err.txt'
check "final figures on stdout" 'grep -q "validation RMSE energy" out.txt'

# restarted from the final checkpoint: nothing is left to train and the curve stays as it was
# (a restart from the middle of a run is checked in tests/dp_train/test_train.c)
cp lcurve.out full.lcurve
python3 - <<'PY'
import json
d = json.load(open("input.json"))
d["training"]["save_freq"] = 10
d["training"]["save_ckpt"] = "half.ckpt"
json.dump(d, open("half.json", "w"))
PY
"$bin" dp train half.json --output h.yaml -q > /dev/null 2>&1
check "a checkpoint at the end" '[ -s half.ckpt.yaml ]'
"$bin" dp train input.json --restart half.ckpt.yaml --output r.yaml -q > /dev/null 2> err.txt; rc=$?
check "restart from a finished checkpoint exits 0 (got $rc: $(head -c 300 err.txt))" '[ $rc -eq 0 ]'
check "restart keeps the learning curve" 'cmp -s lcurve.out full.lcurve'

# refused keys and values, named with their path
python3 -c 'import json; d=json.load(open("input.json")); d["training"]["numb_test"]=5; json.dump(d, open("bad1.json","w"))'
"$bin" dp train bad1.json > /dev/null 2> err.txt; rc=$?
check "an unknown key exits 2 (got $rc)" '[ $rc -eq 2 ]'
check "and is named with its path" 'grep -q "training.numb_test" err.txt'
python3 -c 'import json; d=json.load(open("input.json")); d["model"]["descriptor"]["type"]="se_atten"; json.dump(d, open("bad2.json","w"))'
"$bin" dp train bad2.json > /dev/null 2> err.txt; rc=$?
check "another descriptor exits 2 (got $rc)" '[ $rc -eq 2 ] && grep -q "model.descriptor.type" err.txt'
python3 -c 'import json; d=json.load(open("input.json")); d["training"]["training_data"]["systems"]=["none"]; json.dump(d, open("bad3.json","w"))'
"$bin" dp train bad3.json > /dev/null 2> err.txt; rc=$?
check "a missing system exits 2 (got $rc)" '[ $rc -eq 2 ]'

# the trained model in MD and in dp test
"$bin" md run --data nacl.data --potential m.yaml --steps 3 --thermo 1 --out dpmd -q > /dev/null 2> err.txt
rc=$?
check "md run with the trained model exits 0 (got $rc: $(head -c 300 err.txt))" '[ $rc -eq 0 ]'
"$bin" dp test m.yaml nacl_dp > t.txt 2> err.txt; rc=$?
check "dp test on the trained model exits 0 (got $rc: $(head -c 300 err.txt))" '[ $rc -eq 0 ]'

# with the fixed-charge long-range baseline (model.modifier): model + .dplr, run by md run and
# dp test; the plain model stays a DeePMD-kit model
cp "$src/tests/dp_train/data/input_dplr.json" .
"$bin" dp train input_dplr.json --output lr.yaml -q > out_lr.txt 2> err.txt; rc=$?
check "dp train with the baseline exits 0 (got $rc: $(head -c 300 err.txt))" '[ $rc -eq 0 ]'
check "the .dplr names the model and the charges" \
    'grep -q "^model lr.yaml" lr.dplr && grep -q "^charge Cl -1" lr.dplr'
"$bin" md run --data nacl.data --potential lr.dplr --steps 3 --thermo 1 --out lrmd -q \
    > /dev/null 2> err.txt; rc=$?
check "md run with model + baseline exits 0 (got $rc: $(head -c 300 err.txt))" '[ $rc -eq 0 ]'
"$bin" md run --data nacl.data --potential lr.yaml --steps 3 --thermo 1 --out lrmd2 -q \
    > /dev/null 2> err.txt; rc=$?
check "the model alone is a plain DeePMD-kit model (got $rc)" '[ $rc -eq 0 ]'
"$bin" dp test lr.dplr nacl_dp > t_lr.txt 2> err.txt; rc=$?
check "dp test of model + baseline exits 0 (got $rc: $(head -c 300 err.txt))" '[ $rc -eq 0 ]'
python3 -c 'import json; d=json.load(open("input_dplr.json")); d["model"]["modifier"]["sys_charge_map"]=[1]; json.dump(d, open("bad4.json","w"))'
"$bin" dp train bad4.json > /dev/null 2> err.txt; rc=$?
check "a short charge list exits 2 naming file and key (got $rc)" \
    '[ $rc -eq 2 ] && grep -q "bad4.json" err.txt && grep -q "model.modifier.sys_charge_map" err.txt'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
