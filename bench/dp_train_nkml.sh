#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Done-when 2 of the deep-potential training issue, in full: a Na-K-Mg-Cl melt (92 ions, 973 K)
# from liquidus' rigid-ion MD, a DP trained on 80 % of its frames, held-out RMSEs against the
# Mg-La study's Table 2 figures, MD with the trained DP against the rigid-ion g(r) and D, and the
# figures docs/dp-train-lcurve.png and docs/dp-train-gr.png.
#   bench/dp_train_nkml.sh [BENCH_BIN [STEPS [FRAMES [MD_FRAMES]]]]
# BENCH_BIN defaults to build/bench/bench_dp_train (cmake --preset bench); the log goes to
# docs/dp-train-nkml.log. Runs for tens of minutes on 2 shared cores (see docs/deepmd-train.md).
set -euo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
bench="${1:-$src/build/bench/bench_dp_train}"
bin="${LQ_BIN:-$src/build/release/liquidus}"
steps="${2:-3000}"; frames="${3:-300}"; md_frames="${4:-1000}"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
nice -n 10 "$bench" "$steps" "$frames" "$md_frames" 2>&1 | tee "$src/docs/dp-train-nkml.log"
# lcurve.out -> CSV (validation and training RMSEs in meV/atom and meV/A)
awk 'BEGIN { print "step,E_val_meV_per_atom,E_trn_meV_per_atom,F_val_meV_per_A,F_trn_meV_per_A" }
     !/^#/ { printf "%d,%.6g,%.6g,%.6g,%.6g\n", $1, 1e3*$4, 1e3*$5, 1e3*$6, 1e3*$7 }' \
    dp_nkml_lcurve.out > lcurve.csv
"$bin" plot lcurve.csv --x step --y E_val_meV_per_atom,F_val_meV_per_A,E_trn_meV_per_atom,F_trn_meV_per_A \
    --logy --title "DP training, Na-K-Mg-Cl melt 973 K (lcurve.out)" --ylabel "RMSE (meV/atom, meV/A)" \
    --out "$src/docs/dp-train-lcurve.png" -q
"$bin" plot dp_nkml_gr.csv --x r_A \
    --y rigid_Na-Cl,dp_Na-Cl,rigid_K-Cl,dp_K-Cl,rigid_Mg-Cl,dp_Mg-Cl,rigid_Cl-Cl,dp_Cl-Cl \
    --xrange 1.5:7.3 --title "g(r): rigid-ion MD and MD with the trained DP, 973 K" --ylabel "g(r)" \
    --out "$src/docs/dp-train-gr.png" -q
cp dp_nkml_gr.csv "$src/docs/dp-train-gr.csv"
cp lcurve.csv "$src/docs/dp-train-lcurve.csv"
