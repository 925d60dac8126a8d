#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `liquidus dataset check|zpf`: ESPEI datasets and run files, refusals naming file and field,
# CSV of phase boundaries -> ZPF dataset that reads back.
set -u
bin="${LQ_BIN:?LQ_BIN not set}"
src="${LQ_SOURCE_DIR:?LQ_SOURCE_DIR not set}"
shared="${LQ_SHARED_DIR:?LQ_SHARED_DIR not set}"
pass=0; fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
espei="$shared/data/espei-datasets"

# the 29 Cu-Mg datasets (the *.json.disabled file is not read)
out=$("$bin" dataset check "$espei/datasets"); rc=$?
check "check Cu-Mg exits 0" '[ $rc -eq 0 ]'
check "29 datasets" '[[ "$out" == *"29 datasets"* ]]'
check "no .disabled file listed" '[[ "$out" != *".disabled"* ]]'
check "Batalin HM_MIX with 9 points" '[[ "$out" == *"non-equilibrium  HM_MIX          9  LIQUID"*"Batalin1987.json"* ]]'
n=$("$bin" dataset check "$espei/datasets" --json | python3 -c 'import json,sys; d=json.load(sys.stdin)["datasets"]; print(len(d), sum(x["kind"]=="zpf" for x in d), sum(x["points"] for x in d if x["kind"]=="zpf"))')
check "JSON: 29 datasets, 7 ZPF with 238 regions (got $n)" '[ "$n" = "29 7 238" ]'

# one bad file: exit 2, file and field named
err=$("$bin" dataset check "$src/tests/assess_data/bad/zpf_unknown_phase.json" 2>&1); rc=$?
check "bad dataset exits 2" '[ $rc -eq 2 ]'
check "names file and field ($err)" '[[ "$err" == *"zpf_unknown_phase.json: values[1][0]: phase BCC_A2 is not in phases"* ]]'
err=$("$bin" dataset check "$src/tests/assess_data/bad" 2>&1); rc=$?
check "bad folder exits 2 naming every file" '[ $rc -eq 2 ] && [[ "$err" == *"tests/assess_data/bad/missing_output.json: output: missing"* ]] && [[ "$err" == *"47 of 47 dataset files refused"* ]]'
"$bin" dataset check "$tmp" 2>/dev/null; rc=$?
check "empty folder exits 2" '[ $rc -eq 2 ]'

# a run file: phase models + datasets (paths relative to the run file)
ln -s "$espei/old-phase-models/Cu-Mg-input.json" "$tmp/Cu-Mg-input.json"
ln -s "$espei/datasets" "$tmp/input-data"
cp "$src/tests/assess_data/cu-mg-generate.yaml" "$tmp/run.yaml"
out=$("$bin" dataset check "$tmp/run.yaml"); rc=$?
check "run file check exits 0" '[ $rc -eq 0 ] && [[ "$out" == *"5 phases, components CU,MG,VA"* ]] && [[ "$out" == *"29 datasets"* ]]'
printf 'system:\n  phase_models: Cu-Mg-input.json\n  datasets: input-data\nmcmc:\n  iterations: 10\n  input_db: a.tdb\n  scheduler: cluster.json\n' > "$tmp/sched.yaml"
err=$("$bin" dataset check "$tmp/sched.yaml" 2>&1); rc=$?
check "dask scheduler file refused by name and line ($err)" '[ $rc -eq 2 ] && [[ "$err" == *"sched.yaml:7: mcmc.scheduler: "*"not supported"* ]]'

# CSV -> ZPF dataset -> check
"$bin" dataset zpf --csv "$src/tests/assess_data/ndbi-boundaries.csv" --comp nd --other bi --out "$tmp/ndbi.json" -q; rc=$?
check "zpf exits 0" '[ $rc -eq 0 ] && [ -s "$tmp/ndbi.json" ]'
n=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["output"], d["components"], len(d["values"]), d["values"][1][1][2], d["conditions"]["T"][3])' "$tmp/ndbi.json" 2>&1)
check "ZPF JSON as ESPEI writes it (got $n)" '[ "$n" = "ZPF ['"'"'BI'"'"', '"'"'ND'"'"'] 4 [None] 539" ]'
out=$("$bin" dataset check "$tmp/ndbi.json"); rc=$?
check "written dataset checks" '[ $rc -eq 0 ] && [[ "$out" == *"zpf"*"ZPF"*"4"*"LIQUID,ND3BI7"* ]]'
printf 'T_K,phase1,x1\n900,LIQUID,1.7\n' > "$tmp/bad.csv"
err=$("$bin" dataset zpf --csv "$tmp/bad.csv" --comp nd --other bi --out "$tmp/x.json" 2>&1); rc=$?
check "bad CSV refused with line ($err)" '[ $rc -eq 2 ] && [[ "$err" == *"bad.csv:2: x1: "* ]] && [ ! -e "$tmp/x.json" ]'

# usage
"$bin" dataset zpf --csv "$tmp/bad.csv" 2>/dev/null; rc=$?
check "zpf without --out is a usage error" '[ $rc -eq 2 ]'
"$bin" dataset frobnicate 2>/dev/null; rc=$?
check "unknown action" '[ $rc -eq 2 ]'
"$bin" dataset --help >/dev/null; rc=$?
check "--help exits 0" '[ $rc -eq 0 ]'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
