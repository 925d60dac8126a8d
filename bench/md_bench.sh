#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the bench preset and runs bench_md at low priority: 1 thread each, then 2 threads each.
# Usage: bench/md_bench.sh [steps] [repeats]
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset bench >/dev/null && cmake --build --preset bench -j2 --target bench_md >/dev/null
export OMP_NUM_THREADS=1
nice -n 10 build/bench/bench_md "${1:-500}" "${2:-3}" 1
OMP_NUM_THREADS=2 nice -n 10 build/bench/bench_md "${1:-500}" "${2:-3}" 2
