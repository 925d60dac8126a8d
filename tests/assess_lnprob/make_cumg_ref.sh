#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Writes tests/assess_lnprob/cumg_ref.h: the Cu-Mg log-probability terms at the 20 proposals of
# test_fastref.c, from the build in $1 (default build/release), run with the shared data in
# LQ_SHARED_DIR. Run at a commit whose evaluation is the reference (the exact path).
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build/release}
out=$src/tests/assess_lnprob/cumg_ref.h
rm -f "$out"
cmake --build "$build" --target test_assess_lnprob -j2 >/dev/null
tmp=$(mktemp)
(cd "$build" && LQ_SOURCE_DIR="$src" LQ_SHARED_DIR="${LQ_SHARED_DIR:-$src/../shared}" LQ_CUMG_REF_OUT="$tmp" ./test_assess_lnprob >/dev/null 2>&1 || true)
mv "$tmp" "$out"
clang-format -i "$out"
touch "$src/tests/assess_lnprob/test_fastref.c" # __has_include is no build dependency
echo "wrote $out"
