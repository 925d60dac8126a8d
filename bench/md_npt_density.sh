#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# NPT density of molten NaCl (Tosi-Fumi, 216 ions, rc 8 A, PPPM 1e-5, 1100 K, 1 bar, Tdamp 0.1 ps,
# Pdamp 1 ps, dt 2 fs) from liquidus and from LAMMPS run on the deck `md export-lammps` writes for
# the same start: mean density over the last $1 ps (default 40) after 10 ps, with the standard error
# from 5 block averages. Reported in docs/md-validation.md. Usage: bench/md_npt_density.sh [ps] [build]
set -euo pipefail
ps="${1:-40}"
bin="${2:-build/release}/liquidus"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
awk 'BEGIN{n=6; h=18.95/n; L=n*h
  print "NaCl melt start\n\n216 atoms\n2 atom types\n\n0 " L " xlo xhi\n0 " L " ylo yhi\n0 " L " zlo zhi\n"
  print "Masses\n\n1 22.98976928 # Na\n2 35.453 # Cl\n\nAtoms # charge\n"; k=0
  for(i=0;i<n;i++)for(j=0;j<n;j++)for(l=0;l<n;l++){k++; t=(i+j+l)%2+1; q=(t==1)?1:-1
    printf "%d %d %d %.6f %.6f %.6f\n", k, t, q, (i+0.5)*h, (j+0.5)*h, (l+0.5)*h}}' > "$tmp/start.data"
common=(--potential tosi_fumi_NaCl.pot --cutoff 8 --kspace pppm --accuracy 1e-5 -q)
nice -n 10 "$bin" md run --data "$tmp/start.data" "${common[@]}" --threads 1 --ensemble nvt --T 2500 \
    --dt 2 --steps 5000 --thermo 1000 --seed 1 --out "$tmp/hot" >/dev/null
steps=$(( (ps + 10) * 500 ))
run_opts=(--ensemble npt --T 1100 --P 1 --tdamp 0.1 --pdamp 1 --dt 2 --steps "$steps" --thermo 50)
nice -n 10 "$bin" md run --data "$tmp/hot.final.data" "${common[@]}" --threads 1 "${run_opts[@]}" \
    --seed 5 --out "$tmp/lq" >/dev/null
mkdir -p "$tmp/lmp"
"$bin" md export-lammps --data "$tmp/hot.final.data" "${common[@]}" "${run_opts[@]}" --seed 5 \
    --out "$tmp/lmp/deck" >/dev/null
(cd "$tmp/lmp" && OMP_NUM_THREADS=1 nice -n 10 lmp -in deck.in -log log.lammps -screen none >/dev/null)
stats() {  # reads "time density" pairs on stdin; mean and block standard error after 10 ps
    awk '$1 >= 10 {v[n++]=$2} END{m=0; for(i=0;i<n;i++)m+=v[i]; m/=n; nb=5; bs=int(n/nb); s=0
      for(b=0;b<nb;b++){x=0; for(i=b*bs;i<(b+1)*bs;i++)x+=v[i]; x/=bs; s+=(x-m)^2}
      printf "%.5f +- %.5f g/cm3 (%d samples)", m, sqrt(s/(nb-1)/nb), n}'
}
lq=$(grep -v '^#' "$tmp/lq.thermo.csv" | awk -F, 'NR>1{print $2, $10}' | stats)
lm=$(awk '/^ *Step +Time/{on=1; next} /^Loop time/{on=0} on && NF>=10 {print $2, $10}' \
    "$tmp/lmp/log.lammps" | stats)
echo "NPT 1100 K, 1 bar, 216 ions Tosi-Fumi NaCl, ${ps} ps after 10 ps: liquidus ${lq}; LAMMPS ${lm}"
