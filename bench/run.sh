#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs every benchmark built in the given build folder; each prints its figure as a ratio against a
# reference engine measured in the same run.
set -euo pipefail
dir="${1:-build/bench}"
shopt -s nullglob
for b in "$dir"/bench_*; do
    [ -x "$b" ] || continue
    echo "== $(basename "$b")"
    "$b"
done
