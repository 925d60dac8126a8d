#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerates the Thermochimica reference outputs of tests/thermo_dat (run by hand, outside the
# test suite): builds Thermochimica (https://github.com/ORNL-CEES/thermochimica, commit 37dc8fa
# for the committed files) with gfortran and LAPACK, then
#   ClAlNa-1000K.txt  equilibrium of ClAlNa.dat at 1000 K, Cl 3 : Na 1 : Al 1 (its daily test 63)
#   MgCl2-NaCl.csv    liquidus and solidus temperatures of ../data/MgCl2-NaCl.dat (tc_run.py)
#   FeMnCaS-1-1900K.txt  equilibrium of ../data/FeMnCaS-1.dat at 1900 K, Fe 2, Mn 4, S 3 mol (its
#                     daily test 74), with the file's second IONIC_LIQ made equal to the first:
#                     the file's copy has its reciprocal parameter ten times larger, and liquidus
#                     keeps the first copy of a phase (Thermochimica uses both as separate phases)
# Usage: run.sh THERMOCHIMICA_SOURCE_DIR [SHARED_DIR]
set -euo pipefail
tc="$(cd "$1" && pwd)"
here="$(cd "$(dirname "$0")" && pwd)"
shared="${2:-${LQ_SHARED_DIR:-$here/../../../../shared}}"
make -C "$tc" -j2 >/dev/null
ti=$(mktemp --suffix=.ti)
trap 'rm -f "$ti"' EXIT
cat >"$ti" <<TI
pressure          = 1
temperature       = 1000
mass(17)          = 3
mass(11)          = 1
mass(13)          = 1
temperature unit  = K
pressure unit     = atm
mass unit         = moles
data file         = $(cd "$shared" && pwd)/data/chemsage/ClAlNa.dat
print mode        = 2
debug mode        = .FALSE.
TI
"$tc/bin/InputScriptMode" "$ti" >"$here/ClAlNa-1000K.txt"
python3 "$here/tc_run.py" "$tc" "$here/../data/MgCl2-NaCl.dat" >"$here/MgCl2-NaCl.csv"
fm=$(mktemp --suffix=.dat)
trap 'rm -f "$ti" "$fm"' EXIT
tr -d '\r' <"$here/../data/FeMnCaS-1.dat" | sed '322,324s/1000000\.00/100000.00/' >"$fm"
cat >"$ti" <<TI
pressure          = 1
temperature       = 1900
mass(26)          = 2
mass(25)          = 4
mass(16)          = 3
temperature unit  = K
pressure unit     = atm
mass unit         = moles
data file         = $fm
print mode        = 2
debug mode        = .FALSE.
TI
"$tc/bin/InputScriptMode" "$ti" >"$here/FeMnCaS-1-1900K.txt"
