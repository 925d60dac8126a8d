#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs every benchmark built in the given build folder; each prints its figure as a ratio against a
# reference engine measured in the same run, and its LQ_BENCH_ROW summary lines. A benchmark that
# fails does not stop the others: its exit status is printed as an LQ_BENCH_EXIT line, which
# scripts/bench_table.py turns into a row saying so. Exits 1 when any benchmark failed.
set -uo pipefail
dir="$(cd "${1:-build/bench}" && pwd)"
shopt -s nullglob
failed=0
# Files a benchmark writes (trained models, curves) go to a scratch folder of the build, never
# into the folder make bench was started from.
scratch="$dir/run"
mkdir -p "$scratch"
for b in "$dir"/bench_*; do
    [ -x "$b" ] || continue
    echo "== $(basename "$b")"
    (cd "$scratch" && "$b")
    rc=$?
    printf 'LQ_BENCH_EXIT\t%s\t%d\n' "$(basename "$b")" "$rc"
    [ "$rc" = 0 ] || failed=1
done
# The rigid-ion engine again on 2 OpenMP threads against LAMMPS on 2 MPI ranks (issue 15: the
# engine must scale, not only win on one core).
if [ -x "$dir/bench_md" ]; then
    echo "== bench_md (2 threads)"
    (cd "$scratch" && OMP_NUM_THREADS=2 "$dir/bench_md" 500 3 2)
    rc=$?
    printf 'LQ_BENCH_EXIT\t%s\t%d\n' "bench_md_2threads" "$rc"
    [ "$rc" = 0 ] || failed=1
fi
# The Python package against C on the same batch (bench_python.py runs bench_python_eq itself).
echo "== bench_python.py"
if [ -f "$dir/python/liquidus/__init__.py" ]; then
    PYTHONPATH="$dir/python" "${LQ_PYTHON:-/usr/bin/python3}" "$(dirname "$0")/bench_python.py" "$dir"
    rc=$?
else
    echo "the Python package is not built in $dir (LQ_BUILD_PYTHON=OFF): not run"
    rc=77
fi
printf 'LQ_BENCH_EXIT\tbench_python.py\t%d\n' "$rc"
[ "$rc" = 0 ] || failed=1
exit "$failed"
