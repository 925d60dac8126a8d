#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `cmake --install` into an empty temporary prefix, then liquidus used as a user would: a C program
# built with pkg-config (shared and static), a CMake project with find_package(liquidus), the
# installed command, and the Python package, all after moving the prefix elsewhere; the bundled
# Bi-Nd database must come from the prefix (lq_data_path), never from the source tree.
set -u
build="${LQ_BUILD_DIR:?LQ_BUILD_DIR not set}"
src="${LQ_SOURCE_DIR:?LQ_SOURCE_DIR not set}"
cc="${LQ_C_COMPILER:-cc}"
libdir="${LQ_LIBDIR:-lib}"
pydir="${LQ_PYTHON_INSTALL_DIR:-}"
python="${LQ_PYTHON:-/usr/bin/python3}"
here="$src/tests/install"
pass=0; fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
# The README's equilibrium: liquid x(Nd) = 0.0726923 at 973 K, x(Nd) = 0.1 (to 1e-6).
close() { awk -v v="$1" 'BEGIN { d = v - 0.0726923; exit !(v != "" && d < 1e-6 && d > -1e-6) }'; }
sanflags=""
if [ -n "${LQ_SANITIZE:-}" ]; then
    sanflags="-fsanitize=$LQ_SANITIZE -fno-omit-frame-pointer"
    echo "note: sanitizer build ($LQ_SANITIZE): consumers are built with $sanflags" >&2
fi
unset LIQUIDUS_DATA_DIR
# the scratch folder lives in the build tree (not /tmp, which other jobs on the machine clean)
tmp=$(mktemp -d "$build/install-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
prefix="$tmp/prefix"

cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1; rc=$?
check "cmake --install into an empty prefix (rc $rc)" '[ $rc -eq 0 ]'
[ $rc -eq 0 ] || cat "$tmp/install.log" >&2
for f in "$libdir/libliquidus.so.0" "$libdir/libliquidus.a" include/liquidus/liquidus.h \
         include/liquidus/core.h "$libdir/pkgconfig/liquidus.pc" \
         "$libdir/cmake/liquidus/liquidus-config.cmake" bin/liquidus share/liquidus/tdb/BiNd.tdb \
         share/man/man1/liquidus.1 share/man/man1/liquidus-eq.1; do
    check "installed: $f" '[ -e "$prefix/$f" ]'
done
check "no private header installed" '[ -z "$(find "$prefix/include" -name "*internal*")" ]'
so="$prefix/$libdir/libliquidus.so"
soname=$(objdump -p "$so" | awk '/SONAME/ {print $2}')
check "SONAME libliquidus.so.0 ($soname)" '[ "$soname" = libliquidus.so.0 ]'
nm -D --defined-only "$so" | awk 'NF >= 3 {print $3}' | sort -u >"$tmp/exports"
n_lq=$(grep -c '^lq_' "$tmp/exports")
others=$(grep -v '^lq_' "$tmp/exports" | tr '\n' ' ')
check "only lq_ symbols exported ($n_lq lq_; others: '$others')" '[ -z "$others" ] && [ "$n_lq" -gt 100 ]'
check "lq_data_path exported" 'grep -qx lq_data_path "$tmp/exports"'
check "no lqi_ internals exported" '! grep -q "^lqi_" "$tmp/exports"'

# (a) pkg-config, shared library
export PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig"
cflags=$(pkg-config --cflags liquidus) && libs=$(pkg-config --libs liquidus); rc=$?
check "pkg-config --cflags --libs liquidus (rc $rc)" '[ $rc -eq 0 ]'
# shellcheck disable=SC2086
$cc -std=c11 -Wall -Werror $sanflags -o "$tmp/c_pc" "$here/consumer/consumer.c" $cflags $libs; rc=$?
check "C program builds with pkg-config flags (rc $rc)" '[ $rc -eq 0 ]'
out=$(cd "$tmp" && LD_LIBRARY_PATH="$prefix/$libdir" "$tmp/c_pc"); rc=$?
xnd=$(echo "$out" | awk '/^x_ND_liquid/ {print $2}')
check "pkg-config program: liquid x(Nd) $xnd" '[ $rc -eq 0 ] && echo "$xnd" | close "$xnd"'
check "pkg-config program: database from the prefix" '[[ "$out" == *"database $prefix/share/liquidus/tdb/BiNd.tdb"* ]]'
check "pkg-config program uses libliquidus.so.0" 'LD_LIBRARY_PATH="$prefix/$libdir" ldd "$tmp/c_pc" | grep -q "libliquidus.so.0 => $prefix"'

# (a') pkg-config --static: libliquidus.a and the private dependencies
slibs=$(pkg-config --static --libs liquidus | sed "s#-lliquidus#$prefix/$libdir/libliquidus.a#")
# shellcheck disable=SC2086
$cc -std=c11 $sanflags -o "$tmp/c_static" "$here/consumer/consumer.c" $cflags $slibs; rc=$?
check "static link with pkg-config --static (rc $rc)" '[ $rc -eq 0 ]'
out=$(cd "$tmp" && LIQUIDUS_DATA_DIR="$prefix/share/liquidus" "$tmp/c_static"); rc=$?
xnd=$(echo "$out" | awk '/^x_ND_liquid/ {print $2}')
check "static program with LIQUIDUS_DATA_DIR: x(Nd) $xnd" '[ $rc -eq 0 ] && close "$xnd"'
check "static program: database from LIQUIDUS_DATA_DIR" '[[ "$out" == *"database $prefix/share/liquidus/tdb/BiNd.tdb"* ]]'
check "static program does not load libliquidus.so" '! ldd "$tmp/c_static" | grep -q libliquidus'
out=$(LIQUIDUS_DATA_DIR="$tmp/nowhere" "$tmp/c_static" 2>&1); rc=$?
check "LIQUIDUS_DATA_DIR without the file: error naming it" '[ $rc -ne 0 ] && [[ "$out" == *"$tmp/nowhere"* ]]'

# (b) CMake project with find_package(liquidus)
cmake -S "$here/consumer" -B "$tmp/cm" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_COMPILER="$cc" \
      -DCMAKE_C_FLAGS="$sanflags" >"$tmp/cm.log" 2>&1 &&
    cmake --build "$tmp/cm" >>"$tmp/cm.log" 2>&1; rc=$?
check "find_package(liquidus) project configures and builds (rc $rc)" '[ $rc -eq 0 ]'
[ $rc -eq 0 ] || cat "$tmp/cm.log" >&2
out=$(cd "$tmp" && "$tmp/cm/consumer"); rc=$?
xnd=$(echo "$out" | awk '/^x_ND_liquid/ {print $2}')
check "find_package program: liquid x(Nd) $xnd" '[ $rc -eq 0 ] && close "$xnd"'
check "find_package program: database from the prefix" '[[ "$out" == *"database $prefix/share/liquidus/tdb/BiNd.tdb"* ]]'

# (c) the prefix moved elsewhere: library, command, pkg-config, CMake package and Python follow it
moved="$tmp/moved/usr"
mkdir -p "$tmp/moved" "$tmp/empty" && mv "$prefix" "$moved"
out=$(cd "$tmp/empty" && LD_LIBRARY_PATH="$moved/$libdir" "$tmp/c_pc"); rc=$?
xnd=$(echo "$out" | awk '/^x_ND_liquid/ {print $2}')
check "relocated library: x(Nd) $xnd" '[ $rc -eq 0 ] && close "$xnd"'
check "relocated library finds the moved data (dladdr)" '[[ "$out" == *"database $moved/share/liquidus/tdb/BiNd.tdb"* ]]'
json=$(cd "$tmp/empty" && "$moved/bin/liquidus" eq BiNd.tdb --T 973 --x ND=0.1 --json); rc=$?
v=$(echo "$json" | awk -F'"' '/"database"/ {print $4}')
xnd=$(echo "$json" | "$python" -c 'import json, sys
d = json.load(sys.stdin)
print([p for p in d["phases"] if p["phase"] == "LIQUID"][0]["x"]["ND"])')
check "installed command (moved) runs eq: liquid x(Nd) $xnd" '[ $rc -eq 0 ] && close "$xnd"'
check "installed command reads the moved prefix's database ($v)" '[ "$v" = "$moved/share/liquidus/tdb/BiNd.tdb" ]'
out=$(cd "$tmp/empty" && "$moved/bin/liquidus" eq --help); rc=$?
check "installed command --help" '[ $rc -eq 0 ] && [[ "$out" == *"usage: liquidus eq"* ]]'
export PKG_CONFIG_PATH="$moved/$libdir/pkgconfig"
# shellcheck disable=SC2046
$cc -std=c11 $sanflags -o "$tmp/c_pc2" "$here/consumer/consumer.c" $(pkg-config --cflags --libs liquidus) \
    "-Wl,-rpath,$moved/$libdir"; rc=$?
check "pkg-config file follows the moved prefix (rc $rc)" '[ $rc -eq 0 ] && [ -z "$(ls "$tmp/prefix" 2>/dev/null)" ]'
out=$(cd "$tmp/empty" && "$tmp/c_pc2"); rc=$?
check "program built against the moved prefix runs" '[ $rc -eq 0 ] && [[ "$out" == *"database $moved/share"* ]]'
cmake -S "$here/consumer" -B "$tmp/cm2" -DCMAKE_PREFIX_PATH="$moved" -DCMAKE_C_COMPILER="$cc" \
      -DCMAKE_C_FLAGS="$sanflags" >"$tmp/cm2.log" 2>&1 && cmake --build "$tmp/cm2" >>"$tmp/cm2.log" 2>&1 &&
    out=$(cd "$tmp/empty" && "$tmp/cm2/consumer"); rc=$?
check "CMake package of the moved prefix (rc $rc)" '[ $rc -eq 0 ] && [[ "$out" == *"database $moved/share"* ]]'

if [ -n "$pydir" ]; then
    check "Python package installed in $pydir" '[ -f "$moved/$pydir/liquidus/__init__.py" ]'
    out=$(cd "$tmp/empty" && PYTHONPATH="$moved/$pydir" "$python" -c '
import liquidus
r = liquidus.equilibrium("BiNd", T=973, x={"ND": 0.1})
print(liquidus.data_path("tdb/BiNd.tdb"))
print("%.9f" % r.phase("LIQUID").x["ND"])
print(liquidus.__file__)'); rc=$?
    check "Python from the moved prefix: data from the prefix" '[ $rc -eq 0 ] && [ "$(echo "$out" | sed -n 1p)" = "$moved/share/liquidus/tdb/BiNd.tdb" ]'
    check "Python from the moved prefix: liquid x(Nd)" 'close "$(echo "$out" | sed -n 2p)"'
    check "Python imports the installed package" '[[ "$(echo "$out" | sed -n 3p)" == "$moved/$pydir/"* ]]'
else
    echo "note: Python package not built in this configuration (sanitizers or LQ_BUILD_PYTHON=OFF); its installed check is skipped" >&2
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
