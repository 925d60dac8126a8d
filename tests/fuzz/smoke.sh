#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Deterministic short run of every libFuzzer target (fixed seed and run count) on a seed corpus of
# real files, so that `make test` keeps the fuzzers building and catches regressions they would
# find quickly. Long runs: LQ_FUZZ_SECONDS=600 runs each target for that many seconds instead (with
# a time seed) and prints libFuzzer's final statistics; LQ_FUZZ_ONLY=name,name limits the targets.
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

# Small LAMMPS files of each kind the MD readers take (the first byte picks the reader).
md_seeds() {
    printf '\000t\n\n2 atoms\n2 atom types\n0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi\n\nMasses\n\n1 22.99 # Na\n2 35.45 # Cl\n\nAtoms # charge\n\n1 1 1 0 0 0\n2 2 -1 1 1 1\n' > "$1/data"
    printf '\001ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n2\nITEM: BOX BOUNDS pp pp pp\n0 10\n0 10\n0 10\nITEM: ATOMS id element x y z\n2 Cl 1 1 1\n1 Na 0 0 0\n' > "$1/dump"
    printf '\002Step Temp TotEng\n0 1100 -5\n10 1100 -6\nLoop time of 1\n---------------- Step        0 ----- CPU =      0.0000 (sec) ----------------\nTotEng   =        -4.6334 KinEng   =         2.1400\nkeywords: [\x27Step\x27, \x27Temp\x27, ]\ndata:\n  - [0, 1.5, ]\n...\n' > "$1/log"
    printf '\003# step pe ke\n0 -6.7 2.1\n10 -6.2 1.6\n' > "$1/print"
}

# deepmd/npy folders (selector 0, parts split at @@@@) and the VASP files after selector 2 or 3.
dp_seeds() {
    python3 - "$1" <<'PY'
import struct, sys
def npy(shape, vals):
    h = "{'descr': '<f8', 'fortran_order': False, 'shape': %s, }" % shape
    h += " " * ((64 - (10 + len(h) + 1) % 64) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(h)) + h.encode() + struct.pack("<%dd" % len(vals), *vals)
box = [10, 0, 0, 0, 10, 0, 0, 0, 10] * 2
parts = [b"0\n1\n", b"Na\nCl\n", npy("(2, 6)", [0, 0, 0, 2.5, 2.5, 2.5] * 2), npy("(2,)", [-1.0, -1.1]),
         npy("(2, 6)", [0.1, -0.2, 0.3, -0.1, 0.2, -0.3] * 2), npy("(2, 9)", box), npy("(2, 9)", [0.5] * 18)]
open(sys.argv[1] + "/npy", "wb").write(b"\x00" + b"@@@@".join(parts))
open(sys.argv[1] + "/npy_nopbc", "wb").write(b"\x01" + b"@@@@".join(parts[:5]))
PY
    for f in "$2"/OUTCAR*; do { printf '\002'; head -c 60000 "$f"; } > "$1/o_$(basename "$f")"; done
    for f in "$2"/vasprun*; do { printf '\003'; head -c 60000 "$f"; } > "$1/x_$(basename "$f")"; done
}

# A restart file of two ions (decimal numbers read as well as the hexadecimal ones written), with
# and without its Verlet-list section; an extended XYZ frame; a measured powder pattern.
other_seeds() {
    local rs='liquidus-md-restart 2\nstep 0\ntime 0\nbox 6 6 6\nkspace 0 0.6 4 4 4 0 0 0 0\nensemble 0 chain 3\nthermostat 0 0 0 0 0 0\nbarostat 0 0 0 0 0 0 0\nspecies Na 22.99 1\nspecies Cl 35.45 -1\natoms 2\n1 0 0.5 0.5 0.5 1 0 0 0 0 0\n2 1 3 3 3 0 1 0 0 0 0\n'
    case "$2" in
        fuzz_md_restart) printf "${rs}list 3.5 6 6 6\n0.5 0.5 0.5\n3 3 3\n" > "$1/list"
                         printf "${rs}list none\n" > "$1/nolist" ;;
        fuzz_extxyz) printf '2\nLattice="6 0 0 0 6 0 0 0 6" Properties=species:S:1:pos:R:3 pbc="T T T"\nNa 0 0 0\nCl 3 3 3\n' > "$1/nacl.xyz" ;;
        fuzz_xrd_measured) printf '# 2theta intensity\n20.0 1.5\n20.02;1.7\n20.04,2.1\n! end\n' > "$1/meas.xy" ;;
    esac
}

pass=0; fail=0
for fz in "$dir"/fuzz_*; do
    [ -x "$fz" ] || continue
    name=$(basename "$fz")
    if [ -n "${LQ_FUZZ_ONLY:-}" ] && [[ ",$LQ_FUZZ_ONLY," != *",$name,"* ]]; then continue; fi
    case "$name" in
        fuzz_tdb) corpus=$(seed_corpus "$name" "$shared"/data/tdb/*.tdb "$shared"/data/tdb/*.TDB \
                                     "$src"/data/tdb/*.tdb "$src"/tests/thermo_tdb/bad/*.tdb \
                                     "$src"/tests/data/ionic/*.tdb "$src"/tests/data/tdb-corpus/*/*) ;;
        fuzz_dat) corpus=$(seed_corpus "$name" "$shared"/data/chemsage/*.dat "$src"/tests/thermo_dat/data/*.dat \
                                     "$src"/tests/data/tdb-corpus/*/*.dat) ;;
        fuzz_ev_points) corpus=$(seed_corpus "$name" "$src"/tests/dft/data/ev_*.csv) ;;
        fuzz_hull_entries) corpus=$(seed_corpus "$name" "$src"/tests/dft/data/hull_*.csv) ;;
        fuzz_echem_read)
            corpus=$(seed_corpus "$name" "$shared"/data/echem/*.*)
            # The target reads its first byte as the format (0 = detect): the same files after a
            # 0 byte reach the readers by detection (up to the 64 KiB of -max_len).
            for f in "$shared"/data/echem/*.* "$src"/tests/data/echem/*/*.*; do
                [ -f "$f" ] && [ "$(stat -c %s "$f")" -lt 65535 ] || continue
                { printf '\0'; cat "$f"; } >"$corpus/z_$(basename "$f" | tr -c 'A-Za-z0-9._\n' _)"
            done ;;
        fuzz_dataset) corpus=$(seed_corpus "$name" "$shared"/data/espei-datasets/old-phase-models/*.json \
                                         "$shared"/data/espei-datasets/datasets/2-binary/Cu-Mg/*/*.json \
                                         "$src"/tests/assess_data/*/*.json "$src"/tests/assess_data/*.csv) ;;
        fuzz_runfile) corpus=$(seed_corpus "$name" "$src"/tests/assess_data/*.yaml) ;;
        fuzz_structure) corpus=$(seed_corpus "$name" "$src"/tests/dft/data/*.cif \
                                           "$src"/tests/dft/data/*POSCAR* "$src"/tests/dft/data/*.vasp \
                                           "$src"/tests/dft/data/vasp_ev/*/*) ;;
        fuzz_md_io) corpus=$(seed_corpus "$name" "$src"/data/md/*.pot)
                    md_seeds "$corpus" ;;
        fuzz_dsc) corpus=$(seed_corpus "$name" "$src"/tests/data/thermal/*/*) ;;
        fuzz_eq_points) corpus=$(seed_corpus "$name" "$src"/tests/thermo_batch/data/*.csv) ;;
        fuzz_dp_train_input) corpus=$(seed_corpus "$name" "$src"/tests/dp_train/data/*.json) ;;
        fuzz_dp_baseline) corpus=$(seed_corpus "$name" "$src"/tests/dp_train/data/*.dplr) ;;
        fuzz_dp_model) corpus=$(seed_corpus "$name" "$shared"/data/deepmd/deeppot_sea.yaml \
                                          "$src"/tests/deepmd/data/*.yaml) ;;
        fuzz_dp_h5) corpus=$(seed_corpus "$name" "$src"/tests/deepmd/data/*.dp) ;;
        fuzz_dp_data) corpus=$(seed_corpus "$name")
                      dp_seeds "$corpus" "$src/tests/data/dp" ;;
        fuzz_ml_model) corpus=$(seed_corpus "$name" "$src"/tests/ml/data/*.lqml)
                       # the tiny model cut short, and a damaged copy (the bundled model is
                       # larger than -max_len)
                       head -c 6000 "$src"/tests/ml/data/tiny_megnet.lqml >"$corpus/cut.lqml"
                       { head -c 11000 "$src"/tests/ml/data/tiny_megnet.lqml; printf 'XXXXXXXX'
                         tail -c +11009 "$src"/tests/ml/data/tiny_megnet.lqml; } >"$corpus/damaged.lqml" ;;
        fuzz_md_restart|fuzz_extxyz|fuzz_xrd_measured) corpus=$(seed_corpus "$name")
                    other_seeds "$corpus" "$name" ;;
        *) corpus=$(seed_corpus "$name") ;;
    esac
    # fuzz_dsc analyses every trace it reads (baselines, peaks): about 25 inputs/s under ASan, so
    # a tenth of the runs keeps make test within its time; its long runs are made separately.
    r=$runs
    [ "$name" = fuzz_dsc ] && r=$((runs / 10))
    if [ -n "${LQ_FUZZ_SECONDS:-}" ]; then
        budget=(-max_total_time="$LQ_FUZZ_SECONDS" -print_final_stats=1)
        what="$LQ_FUZZ_SECONDS s"
    else
        budget=(-seed=1 -runs="$r")
        what="$r runs"
    fi
    if (cd "$work" && "$fz" "$corpus" "${budget[@]}" -max_len=65536 -rss_limit_mb=4096 \
            >"$work/$name.log" 2>&1); then
        pass=$((pass+1)); echo "ok   $name ($what)"
        if [ -n "${LQ_FUZZ_SECONDS:-}" ]; then
            grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added)|cov: ' \
                "$work/$name.log" | tail -4 | sed 's/^/     /'
        fi
    else
        fail=$((fail+1)); echo "FAIL $name"; tail -40 "$work/$name.log"
    fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
