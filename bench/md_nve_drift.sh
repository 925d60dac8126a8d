#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# NVE energy drift of molten NaCl (Tosi-Fumi, 216 ions at 1.54 g/cm3, rc 8 A, PPPM 1e-5) with
# `liquidus md run`: melt 10 ps NVT at 2500 K, 5 ps NVT at 1100 K, then NVE for $1 ps (default 50)
# at dt = 1 fs; prints the least-squares slope of the conserved energy per ns (total, per ion, and
# relative to k_B T). Reported in docs/md-validation.md. Usage: bench/md_nve_drift.sh [ps] [build]
set -euo pipefail
ps="${1:-50}"
bin="${2:-build/release}/liquidus"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
awk 'BEGIN{n=6; h=18.95/n; L=n*h; s=1
  print "NaCl melt start\n\n216 atoms\n2 atom types\n\n0 " L " xlo xhi\n0 " L " ylo yhi\n0 " L " zlo zhi\n"
  print "Masses\n\n1 22.98976928 # Na\n2 35.453 # Cl\n\nAtoms # charge\n"; k=0
  for(i=0;i<n;i++)for(j=0;j<n;j++)for(l=0;l<n;l++){k++; t=(i+j+l)%2+1; q=(t==1)?1:-1
    printf "%d %d %d %.6f %.6f %.6f\n", k, t, q, (i+0.5)*h, (j+0.5)*h, (l+0.5)*h}}' > "$tmp/start.data"
common=(--potential tosi_fumi_NaCl.pot --cutoff 8 --kspace pppm --accuracy 1e-5 --threads 1 -q)
nice -n 10 "$bin" md run --data "$tmp/start.data" "${common[@]}" --ensemble nvt --T 2500 --dt 2 \
    --steps 5000 --thermo 1000 --seed 1 --out "$tmp/hot" >/dev/null
nice -n 10 "$bin" md run --data "$tmp/hot.final.data" "${common[@]}" --ensemble nvt --T 1100 \
    --dt 2 --steps 2500 --thermo 1000 --out "$tmp/eq" >/dev/null
steps=$((ps * 1000))
t0=$(date +%s.%N)
nice -n 10 "$bin" md run --data "$tmp/eq.final.data" "${common[@]}" --ensemble nve --dt 1 \
    --steps "$steps" --thermo 100 --out "$tmp/nve" >/dev/null
t1=$(date +%s.%N)
grep -v '^#' "$tmp/nve.thermo.csv" | awk -F, -v n=216 -v wall="$(echo "$t1 - $t0" | bc)" '
  NR==1{next} {t=$2; e=$7; T+=$3; k++; st+=t; se+=e; stt+=t*t; ste+=t*e
    if(k==1||e<mn)mn=e; if(k==1||e>mx)mx=e}
  END{b=(k*ste-st*se)/(k*stt-st*st); Tm=T/k
    printf "NVE %d ps, dt 1 fs, 216 ions, <T> = %.0f K: drift %.4g eV/ns total = %.4g eV/ion/ns = %.3g k_B T per ion per ns; peak-to-peak %.3g eV; %.0f steps/s\n",
      t, Tm, b*1000, b*1000/n, b*1000/n/(8.617333262e-5*Tm), mx-mn, (k-1)*100/wall}'
