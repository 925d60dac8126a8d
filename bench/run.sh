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
# The Python package against C on the same batch (bench_python.py runs bench_python_eq itself).
if [ -f "$dir/python/liquidus/__init__.py" ]; then
    echo "== bench_python.py"
    PYTHONPATH="$dir/python" "${LQ_PYTHON:-/usr/bin/python3}" "$(dirname "$0")/bench_python.py" "$dir"
fi
