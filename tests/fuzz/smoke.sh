#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Deterministic short run of every libFuzzer target (fixed seed and run count) on a seed corpus of
# real files, so that `make test` keeps the fuzzers building and catches regressions they would
# find quickly. Long runs: build/fuzz/fuzz_<name> CORPUS_DIR -max_total_time=600 (see README).
set -euo pipefail
dir="$(cd "${1:-build/fuzz}" && pwd)"
shared="${LQ_SHARED_DIR:-$(cd "$(dirname "$0")/../../.." && pwd)/shared}"
src="$(cd "$(dirname "$0")/../.." && pwd)"
runs="${LQ_FUZZ_RUNS:-20000}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

seed_corpus() { # name, files...
    local c="$work/$1"; mkdir -p "$c"; shift
    for f in "$@"; do [ -f "$f" ] && cp "$f" "$c/"; done
    echo "$c"
}

pass=0; fail=0
for fz in "$dir"/fuzz_*; do
    [ -x "$fz" ] || continue
    name=$(basename "$fz")
    case "$name" in
        fuzz_tdb) corpus=$(seed_corpus "$name" "$shared"/data/tdb/*.tdb "$shared"/data/tdb/*.TDB \
                                     "$src"/data/tdb/*.tdb "$src"/tests/thermo_tdb/bad/*.tdb \
                                     "$src"/tests/data/ionic/*.tdb "$src"/tests/data/tdb-corpus/*/*) ;;
        fuzz_dat) corpus=$(seed_corpus "$name" "$shared"/data/chemsage/*.dat "$src"/tests/thermo_dat/data/*.dat) ;;
        fuzz_ev_points) corpus=$(seed_corpus "$name" "$src"/tests/dft/data/ev_*.csv) ;;
        fuzz_hull_entries) corpus=$(seed_corpus "$name" "$src"/tests/dft/data/hull_*.csv) ;;
        fuzz_echem_read) corpus=$(seed_corpus "$name" "$shared"/data/echem/*.*) ;;
        fuzz_dataset) corpus=$(seed_corpus "$name" "$shared"/data/espei-datasets/old-phase-models/*.json \
                                         "$shared"/data/espei-datasets/datasets/2-binary/Cu-Mg/*/*.json \
                                         "$src"/tests/assess_data/*/*.json "$src"/tests/assess_data/*.csv) ;;
        fuzz_runfile) corpus=$(seed_corpus "$name" "$src"/tests/assess_data/*.yaml) ;;
        fuzz_eq_points) corpus=$(seed_corpus "$name" "$src"/tests/thermo_batch/data/*.csv) ;;
        fuzz_dp_model) corpus=$(seed_corpus "$name" "$shared"/data/deepmd/deeppot_sea.yaml \
                                          "$src"/tests/deepmd/data/*.yaml) ;;
        *) corpus=$(seed_corpus "$name") ;;
    esac
    if (cd "$work" && "$fz" "$corpus" -seed=1 -runs="$runs" -max_len=65536 -rss_limit_mb=4096 \
            >"$work/$name.log" 2>&1); then
        pass=$((pass+1)); echo "ok   $name ($runs runs)"
    else
        fail=$((fail+1)); echo "FAIL $name"; tail -40 "$work/$name.log"
    fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
