#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Done-when 2 of the deep-potential training issue with the fixed-charge long-range baseline (the
# DPLR way, docs/deepmd-train.md): rigid-ion frames of the Na-K-Mg-Cl melt (Na:20 K:20 Mg:4 Cl:48,
# 973 K), the DP trained on 80 % of them minus (Ewald - DSF within 6 A) of the formal charges,
# held-out RMSEs of DP + baseline, MD with DP + baseline (PPPM) against the rigid-ion melt, and the
# figures docs/dp-dplr-lcurve.png, docs/dp-dplr-gr.png, docs/dp-dplr-gr-like.png.
#   bench/dp_dplr_nkml.sh [BENCH_BIN [STEPS [MAX_TRAIN_S [THREADS]]]]
# BENCH_BIN defaults to build/bench/bench_dp_dplr (cmake --preset bench); STEPS 30000; the
# training stops after MAX_TRAIN_S s (default 4500); the log goes to docs/dp-dplr-nkml.log. About
# 75 minutes on 2 shared cores. By default (the result in the docs):
#   LQ_DPLR_FRAMES=600 LQ_DPLR_TRAIN_RUNS=5: 600 frames from 5 independent rigid-ion runs (each
#     from its own random start, 1 ps at 1500 K + 1 ps + 2 ps at 973 K, then 120 frames 100 fs
#     apart); training on runs 1-4, the 5th run held out;
#   LQ_DPLR_MD_FRAMES=750 LQ_DPLR_MD_RUNS=6: 6 independent starts (1 ps at 1500 K + 1 ps at
#     973 K), from each 1 ps + 7.5 ps (750 frames 10 fs apart) with the rigid ions and with
#     DP + baseline; g(r) pooled over the runs with the jackknife error over the runs, D as the
#     mean of the runs with its standard error.
# LQ_DPLR_TRAIN_RUNS=1 LQ_DPLR_MD_RUNS=1 LQ_DPLR_FRAMES=300 LQ_DPLR_MD_FRAMES=1000 is the earlier
# design (one 15-ps run, frames 50 fs apart, last 20 % held out; one 2 + 10 ps MD run per model
# with errors over blocks of 0.64 ps). LQ_DPLR_WORK=DIR keeps the working folder (frames, model,
# all MD trajectories) in DIR; LQ_DPLR_OBS_ONLY=1 with it analyses the trajectories kept there
# again (bench stage obs) and remakes the CSVs and figures. LQ_DPLR_COMP="Na:11 K:13 Mg:16 Cl:56"
# runs another melt (species in this order) and LQ_DPLR_TAG=dp-dplr-mg16 names its outputs
# docs/dp-dplr-mg16-*; LQ_DPLR_STOP_LR sets the final learning rate (default 1e-7).
set -euo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
bench="${1:-$src/build/bench/bench_dp_dplr}"
bin="${LQ_BIN:-$src/build/release/liquidus}"
steps="${2:-30000}"; max_s="${3:-4500}"; threads="${4:-2}"
frames="${LQ_DPLR_FRAMES:-600}"; md_frames="${LQ_DPLR_MD_FRAMES:-750}"
train_runs="${LQ_DPLR_TRAIN_RUNS:-5}"; md_runs="${LQ_DPLR_MD_RUNS:-6}"
comp="${LQ_DPLR_COMP:-Na:20 K:20 Mg:4 Cl:48}"
tag="${LQ_DPLR_TAG:-dp-dplr}"
stop_lr="${LQ_DPLR_STOP_LR:-1e-7}"
log="$src/docs/$tag-nkml.log"
if [ -n "${LQ_DPLR_WORK:-}" ]; then
    work="$LQ_DPLR_WORK"; mkdir -p "$work"
else
    work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fi
cd "$work"
if [ -z "${LQ_DPLR_OBS_ONLY:-}" ]; then
    # training (frames made first and cached); the rigid-ion MD on 1 thread beside it; then the
    # DP + baseline MD
    nice -n 10 "$bench" "$frames" "$steps" "$md_frames" 1 0 ri "$comp" "$stop_lr" "$train_runs" \
        "$md_runs" > ri.log 2>&1 &
    ri=$!
    nice -n 10 "$bench" "$frames" "$steps" 0 "$threads" "$max_s" train "$comp" "$stop_lr" \
        "$train_runs" "$md_runs" 2>&1 | tee "$log"
    wait "$ri"
    cat ri.log >> "$log"
    nice -n 10 "$bench" "$frames" "$steps" "$md_frames" "$threads" 0 md "$comp" "$stop_lr" \
        "$train_runs" "$md_runs" 2>&1 | tee -a "$log"
else
    printf '\nthe kept trajectories analysed again (stage obs):\n' >> "$log"
    "$bench" "$frames" "$steps" "$md_frames" 1 0 obs "$comp" "$stop_lr" "$train_runs" "$md_runs" \
        2>&1 | tee -a "$log"
fi
awk 'BEGIN { print "step,E_val_meV_per_atom,E_trn_meV_per_atom,F_val_meV_per_A,F_trn_meV_per_A" }
     !/^#/ { printf "%d,%.6g,%.6g,%.6g,%.6g\n", $1, 1e3*$4, 1e3*$5, 1e3*$6, 1e3*$7 }' \
    dp_dplr_lcurve.out > lcurve.csv
"$bin" plot lcurve.csv --x step --y E_val_meV_per_atom,F_val_meV_per_A,E_trn_meV_per_atom,F_trn_meV_per_A \
    --logy --title "DP + long-range baseline, $comp, 973 K (lcurve.out)" \
    --ylabel "RMSE of DP + baseline (meV/atom, meV/A)" --out "$src/docs/$tag-lcurve.png" -q
"$bin" plot dp_dplr_gr.csv --x r_A \
    --y rigid_Na-Cl,dplr_Na-Cl,rigid_K-Cl,dplr_K-Cl,rigid_Mg-Cl,dplr_Mg-Cl,rigid_Cl-Cl,dplr_Cl-Cl \
    --xrange 1.5:7.3 --title "g(r): rigid-ion MD and MD with DP + long-range baseline, $comp, 973 K" \
    --ylabel "g(r)" --out "$src/docs/$tag-gr.png" -q
"$bin" plot dp_dplr_gr.csv --x r_A \
    --y rigid_Na-Na,dplr_Na-Na,rigid_K-K,dplr_K-K,rigid_Mg-Mg,dplr_Mg-Mg,rigid_Cl-Cl,dplr_Cl-Cl \
    --xrange 2.5:7.3 --title "like-ion g(r): rigid-ion MD and MD with DP + long-range baseline, $comp" \
    --ylabel "g(r)" --out "$src/docs/$tag-gr-like.png" -q
cp dp_dplr_gr.csv "$src/docs/$tag-gr.csv"
cp lcurve.csv "$src/docs/$tag-lcurve.csv"
