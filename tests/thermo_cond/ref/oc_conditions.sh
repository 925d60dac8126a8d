#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# OpenCalphad (oc6P, path in $LQ_OPENCALPHAD) values for tests/thermo_cond: equilibria under
# conditions other than T and mole fractions, P = 101325 Pa, N = 1. Bi-Nd (data/tdb/BiNd.tdb):
# a fixed chemical potential and fixed activities (SER and pure liquid Nd references) at 973 K;
# the peritectic L + NdBi = NdBi2 with NdBi1 and NdBi2 held at zero amount, T and x(Nd) free;
# G of the liquid alone and of NdBi1 alone at x(Nd) = 0.5 at two temperatures (their crossing is
# the congruent melting point; OpenCalphad's own "liquid fix 0, T free" at x = 0.5 does not
# converge). Cr-Ti-V (tests/data/ternary/crtiv_ghosh.tdb, the TDB edits of
# tests/thermo_ternary/ref/oc_section.sh): x(Ti) fixed and mu(V) or ac(V) (pure BCC V) fixed.
# Output: one "case quantity value" per line, values as OpenCalphad's "show" prints them.
# Usage: tests/thermo_cond/ref/oc_conditions.sh > tests/thermo_cond/ref/oc_conditions.txt
set -euo pipefail
oc="${LQ_OPENCALPHAD:-/tmp/ocb/oc6P}"
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed 's/T\*\*(\([0-9][0-9]*\))/T**\1/g' "$here/../../../data/tdb/BiNd.tdb" > "$work/BIND.TDB"
sed 's/T\*\*(\([0-9][0-9]*\))/T**\1/g; s/T\*\*-\([0-9][0-9]*\)/T**(-\1)/g; s/!"/!/' \
    "$here/../../data/ternary/crtiv_ghosh.tdb" > "$work/CRTIV.TDB"
cat > "$work/bind.OCM" <<'OCM'
r t ./BIND




set c t=973 p=101325 n=1 x(nd)=0.02
c e
set c x(nd)=none
set c mu(nd)=-310000
c e
sh x(nd)
set c mu(nd)=none
set c ac(nd)=1e-17
c e
sh x(nd)
set ref nd liquid * 101325
set c ac(nd)=3e-13
c e
sh x(nd)
set c ac(nd)=none x(nd)=0.05 t=950
c e
set c t=none x(nd)=none
set status phase ndbi1=fix 0
set status phase ndbi2=fix 0
c e
sh t
sh x(nd)
set status phase *=sus
set status phase liquid=ent 1
set c t=2048 x(nd)=0.5
c e
sh g
set c t=2049
c e
sh g
set status phase *=sus
set status phase ndbi1=ent 1
set c t=2048
c e
sh g
set c t=2049
c e
sh g
quit
Y
OCM
cat > "$work/crtiv.OCM" <<'OCM'
r t ./CRTIV




set c t=1200 p=101325 n=1 x(ti)=0.3 x(v)=0.2
c e
set c x(v)=none
set c mu(v)=-72000
c e
sh x(v)
set ref v bcc_a2 * 101325
set c t=1500 mu(v)=none x(v)=0.2
c e
set c x(v)=none
set c ac(v)=0.1
c e
sh x(v)
quit
Y
OCM
for m in bind crtiv; do
    (cd "$work" && OMP_NUM_THREADS=1 "$oc" "$m.OCM" < /dev/null > "$m.out" 2>&1) || true
done
echo "# OpenCalphad $(grep -m1 -o -E 'software version +[0-9.]+' "$work/bind.out"), R = 8.31451 J/(mol K)"
vals() { grep -o -E -e "--->OC6: *(X\([A-Z]+\)|T|GS|G)= *-?[0-9.E+-]+" "$work/$1.out" | sed "s/.*OC6: *//; s/= */ /"; }
paste -d' ' <(printf '%s\n' bind_mu bind_ac_ser bind_ac_liq bind_peritectic bind_peritectic \
    bind_liquid_2048 bind_liquid_2049 bind_ndbi1_2048 bind_ndbi1_2049) <(vals bind)
paste -d' ' <(printf '%s\n' crtiv_mu crtiv_ac) <(vals crtiv)
