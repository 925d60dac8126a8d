#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A command's output files appear together or not at all (issue "Reliability"): when the last of
# several outputs cannot be written, the earlier ones must not exist afterwards (or keep their old
# contents), no temporary is left, and the exit status is 3.
set -u
bin="${LQ_BIN:?LQ_BIN not set}"
src="${LQ_SOURCE_DIR:?LQ_SOURCE_DIR not set}"
shared="${LQ_SHARED_DIR:-$src/../shared}"
echem="$shared/data/echem"
[ -d "$echem" ] || { echo "MISSING shared data in $shared" >&2; exit 1; }
db="$src/data/tdb/BiNd.tdb"
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
pass=0; fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
notmp() { ! ls ./*.tmp* ./*/*.tmp* > /dev/null 2>&1; }

# map: three outputs, the third on a path that cannot exist (/dev/full is not a directory).
"$bin" map "$db" --comps BI,ND --T 500:1300:100 --out ok.csv --out ok.json --out /dev/full/x.png \
    -q > /dev/null 2> err.txt; rc=$?
check "map: last output unwritable exits 3 (got $rc)" '[ $rc -eq 3 ]'
check "map: the failed output is named" 'grep -q "/dev/full/x.png" err.txt'
check "map: the first outputs do not exist" '[ ! -e ok.csv ] && [ ! -e ok.json ]'
check "map: no temporaries" 'notmp'
# the same outputs all written when they can be
"$bin" map "$db" --comps BI,ND --T 500:1300:100 --out ok.csv --out ok.json --out ok.svg -q \
    > /dev/null 2> err.txt; rc=$?
check "map: all outputs written (rc $rc)" '[ $rc -eq 0 ] && [ -s ok.csv ] && [ -s ok.json ] && [ -s ok.svg ]'
check "map: no temporaries after success" 'notmp'
# a failing run leaves the earlier files with their old contents
sum=$(cat ok.csv ok.json | cksum)
"$bin" map "$db" --comps BI,ND --T 500:1300:50 --out ok.csv --out ok.json --out /dev/full/x.png \
    -q > /dev/null 2> err.txt; rc=$?
check "map: a failed rerun exits 3 (got $rc)" '[ $rc -eq 3 ]'
check "map: a failed rerun leaves the old files unchanged" '[ "$(cat ok.csv ok.json | cksum)" = "$sum" ]'

# step: CSV then an unwritable figure
"$bin" step "$db" --x ND=0.1 --T 600:1200:100 --out s.csv --out /dev/full/s.png -q \
    > /dev/null 2> err.txt; rc=$?
check "step: exits 3 (got $rc)" '[ $rc -eq 3 ]'
check "step: the CSV does not exist" '[ ! -e s.csv ]'

# cv (through app/echem_cmd.c): PREFIX.cv.csv and .json, then a figure that cannot be written
"$bin" cv "$echem/autolab_nova_cv.txt" --out e --figure /dev/full/e.png -q > /dev/null 2> err.txt
rc=$?
check "cv: exits 3 (got $rc)" '[ $rc -eq 3 ]'
check "cv: neither CSV nor JSON exists" '! ls e.* > /dev/null 2>&1'
"$bin" cv "$echem/autolab_nova_cv.txt" --out e --figure e.svg -q > /dev/null 2> err.txt; rc=$?
check "cv: all outputs when writable (rc $rc)" '[ $rc -eq 0 ] && [ -s e.cv.csv ] && [ -s e.cv.json ] && [ -s e.svg ]'

# cell: PREFIX.cell.{csv,json,png}; a directory in the figure's place is found before any rename
mkdir c.cell.png
"$bin" cell "$db" --metal Nd --host Bi --n 3 --T 973 --x 1e-4 --out c -q > /dev/null 2> err.txt
rc=$?
check "cell: a directory in an output's place exits 3 (got $rc)" '[ $rc -eq 3 ]'
check "cell: no other output exists" '[ ! -e c.cell.csv ] && [ ! -e c.cell.json ]'
check "cell: no temporaries" 'notmp'
rmdir c.cell.png

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
