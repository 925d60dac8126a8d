#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The echem analysis commands (cv, swv, ca, ocp, emf) end to end: real instrument files from
# shared/data/echem and a synthetic titration; every run must write its figure and results, and
# bad input must fail or warn clearly.
set -u
bin="${LQ_BIN:?LQ_BIN not set}"
data="${LQ_SHARED_DIR:-../shared}/data/echem"
py=/usr/bin/python3
pass=0; fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
if [ ! -d "$data" ]; then echo "MISSING shared data: $data" >&2; echo "0 passed, 1 failed"; exit 1; fi
if [ ! -x "$py" ]; then echo "MISSING $py (JSON checks)" >&2; echo "0 passed, 1 failed"; exit 1; fi
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
is_png() { [ -s "$1" ] && [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ]; }
# jq-like check with Python: jcheck FILE 'python expression on j'
jcheck() { "$py" -c "import json,sys; j=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$1"; }

# CV: Autolab NOVA (3 scans) and BioLogic VMP3 files.
"$bin" cv "$data/autolab_nova_cv.txt" --out nova -q >/dev/null; rc=$?
check "cv nova exits 0" '[ $rc -eq 0 ]'
check "cv nova figure" 'is_png nova.cv.png'
check "cv nova csv" '[ -s nova.cv.csv ] && grep -q "^file,cycle,sweep" nova.cv.csv'
check "cv nova: 7 sweeps, cathodic peak near -0.15 V in each cathodic sweep" \
  'jcheck nova.cv.json "len(j[\"files\"][0][\"sweeps\"])==7 and all(any(abs(p[\"E_V\"]+0.152)<0.01 for p in s[\"peaks\"]) for s in j[\"files\"][0][\"sweeps\"] if s[\"direction\"]==\"cathodic\")"'
check "cv nova: anodic peak near -0.14 V" \
  'jcheck nova.cv.json "any(abs(p[\"E_V\"]+0.14)<0.01 for s in j[\"files\"][0][\"sweeps\"] if s[\"direction\"]==\"anodic\" for p in s[\"peaks\"])"'
"$bin" cv "$data/biologic_cv.mpt" --out bl --json -q > bl.stdout; rc=$?
check "cv biologic exits 0" '[ $rc -eq 0 ]'
check "cv biologic figure" 'is_png bl.cv.png'
check "cv --json on stdout" 'jcheck bl.stdout "j[\"files\"][0][\"scan_rate_V_per_s\"]>0"'
# A soluble couple (PalmSens' example CV, tests/data/echem/palmsens-sdk): no nucleation-loop
# crossovers, each cycle saying why (the file is anodic-first: its cycles are anodic sweep then
# cathodic sweep, and the last cathodic sweep has no anodic sweep after it); the first anodic peak read on the local baseline runs ~20 %
# below the conventional extrapolated one and is flagged with the reason.
src="${LQ_SOURCE_DIR:?LQ_SOURCE_DIR not set}"
"$bin" cv "$src/tests/data/echem/palmsens-sdk/CV example.pssession" --out psc > psc.txt; rc=$?
check "cv soluble couple: no crossovers, reason given" \
  '[ $rc -eq 0 ] && jcheck psc.cv.json "len(j[\"files\"][0][\"cycles\"])>0 and all(len(c[\"crossover_E_V\"])==0 and (\"soluble\" in c[\"loop_note\"] or (\"no anodic sweep after\" in c[\"loop_note\"] and i==len(j[\"files\"][0][\"cycles\"])-1)) for i,c in enumerate(j[\"files\"][0][\"cycles\"]))"'
check "cv: peak on a baseline 20 % off the extrapolated one is flagged" \
  'jcheck psc.cv.json "(lambda p: \"baseline\" in p[\"quality\"][\"flags\"] and abs(p[\"Ip_A\"]/p[\"Ip_ext_A\"]-0.79)<0.05)(j[\"files\"][0][\"sweeps\"][0][\"peaks\"][0])" && grep -q "FLAGGED peak .*baseline choice changes Ip" psc.txt'
# Two files as two scan rates: D comes out positive with a linearity figure (same file twice has
# the same scan rate, so the fit must refuse: all scan rates equal).
"$bin" cv "$data/autolab_nova_cv.txt" "$data/autolab_nova_cv.txt" --n 1 --area 1e-5 --conc 1 \
  --T 298 --out d2 -q >/dev/null 2>d2.err; rc=$?
check "cv D with equal scan rates fails clearly" '[ $rc -ne 0 ] && grep -qi "scan rates are equal" d2.err'

# Three synthetic voltammograms at 0.05, 0.1 and 0.2 V/s whose cathodic peak heights follow
# Berzins-Delahay with D = 1.5e-9 m^2/s (n = 2, A = 0.322 cm^2, C = 50 mol/m^3, 973 K): the
# command must return D within 3 % (peak heights read to ~1 % on the 1 mV grid) and R^2 ~ 1.
"$py" - <<'PYEOF'
import math
R, F = 8.314462618153240, 96485.33212331002
n, A, C, D, T = 2, 0.322e-4, 50.0, 1.5e-9, 973.0
for v in (0.05, 0.1, 0.2):
    ip = 0.6105 * n * F * A * C * math.sqrt(n * F * v * D / (R * T))
    with open("cv_%g.csv" % v, "w") as f:
        f.write("time_s,E_V,I_A\n")
        for i in range(2001):
            E = -0.001 * i if i <= 1000 else -1.0 + 0.001 * (i - 1000)
            if i <= 1000:
                I = -2e-5 - ip * math.exp(-((E + 0.5) / 0.05) ** 2)
            else:
                I = 2e-5 + 0.8 * ip * math.exp(-((E + 0.4) / 0.05) ** 2)
            f.write("%.6f,%.6f,%.9e\n" % (0.001 * i / v, E, I))
PYEOF
"$bin" cv cv_0.05.csv cv_0.1.csv cv_0.2.csv --n 2 --area 0.322e-4 --conc 50 --T 973 --out bd \
  -q >/dev/null; rc=$?
check "cv Berzins-Delahay D from three scan rates within 3 %" \
  '[ $rc -eq 0 ] && jcheck bd.cv.json "abs(j[\"diffusion\"][\"D_m2_per_s\"]/1.5e-9-1)<0.03 and j[\"diffusion\"][\"r2_Ip_vs_sqrt_v\"]>0.999 and abs(j[\"diffusion\"][\"dlnIp_dlnv\"]-0.5)<0.01"'
check "cv figures (voltammograms, Ip vs v^1/2)" 'is_png bd.cv.png && is_png bd.cv_ip.png'
# Reversibility on the same files: dEp = 0.1 V is within 10 % of 2.218 RT/2F = 93.0 mV at 973 K
# (no flag, constant across v), the anodic peak is read on Nicholson's baseline and the cycle has
# its |Ipa/Ipc|; --D gives psi and k0 from the working curve.
check "cv: dEp vs 2.218 RT/nF, Nicholson baseline on the return peak" \
  'jcheck bd.cv.json "(lambda c, s: abs(c[\"dEp_reversible_V\"]-0.09300)<2e-4 and c[\"quality\"] is None and c[\"Ip_ratio_return_forward\"]>0 and s[\"peaks\"][0][\"baseline\"]==\"nicholson\")(j[\"files\"][0][\"cycles\"][0], j[\"files\"][0][\"sweeps\"][1]) and j[\"dEp_vs_log10_v\"][\"quality\"] is None and j[\"diffusion\"][\"peak_heights\"].startswith(\"above the conventional\")"'
"$bin" cv cv_0.1.csv --n 1 --T 298.15 --D 1e-9 --out k0 -q >k0.txt; rc=$?
check "cv --D: k0 from psi; dEp far above 57 mV is flagged with the reason" \
  '[ $rc -eq 0 ] && jcheck k0.cv.json "(lambda c: c[\"psi\"]>0 and c[\"k0_m_per_s\"]>0 and \"quasi-reversible\" in c[\"quality\"][\"reason\"])(j[\"files\"][0][\"cycles\"][0])" && grep -q "FLAGGED cycle 1: dEp" k0.txt'
"$bin" cv cv_0.1.csv --n 1 --T 298.15 --alpha 1.5 --out bad -q >/dev/null 2>&1; rc=$?
check "cv --alpha outside (0, 1) is a usage error" '[ $rc -eq 2 ]'
# A manual baseline through two points of the forward sweep's flat background (-20 uA) reads the
# Gaussian peak's height (Berzins-Delahay ip at 0.1 V/s) to 0.5 % (1 mV grid, smoothing).
"$bin" cv cv_0.1.csv --base-manual=-0.1:-2e-5,-0.9:-2e-5 --base-dir c --out man -q >/dev/null; rc=$?
check "cv --base-manual: the height above the user's line, kind recorded" \
  '[ $rc -eq 0 ] && jcheck man.cv.json "(lambda p: p[\"baseline\"]==\"manual\" and abs(p[\"Ip_ext_A\"]/(-0.6105*2*96485.332*0.322e-4*50*(2*96485.332*0.1*1.5e-9/(8.3144626*973))**0.5)-1)<0.005)(j[\"files\"][0][\"sweeps\"][0][\"peaks\"][0])"'
"$bin" cv cv_0.1.csv --base-range 0.1 --out bad -q >/dev/null 2>&1; rc=$?
check "cv --base-range without LO:HI is a usage error" '[ $rc -eq 2 ]'
# A reversible one-electron couple at 298.15 K (E0 = 0, D = 1e-9 m^2/s, 1 mol/m^3, 0.1 cm^2,
# 0.1 V/s, 0.5 mV steps) written from theory: for a reversible soluble couple the semi-integral
# is m = m_lim / (1 + exp(F E / RT)) at every instant of the cycle (Imbeaux-Saveant 1973), and the
# current its Grunwald semi-derivative (Ip within 2e-5 of Randles-Sevcik), plus a charging current
# Cdl dE/dt of 5 % of Ip. --semi gives D within 3 %, n within 2 %, E1/2 within 1 mV; the return
# peak on Nicholson's baseline gives |Ipa/Ipc| = 1 within 2 %, dEp 57.0-58.5 mV without a flag.
"$py" - <<'PYEOF'
import math
import numpy as np
R, F = 8.314462618153240, 96485.33212331002
T, D, C, A, v, dE = 298.15, 1e-9, 1.0, 1e-5, 0.1, 0.5e-3
f = F / (R * T)
half = int(round(0.6 / dE))
E = np.concatenate([0.3 - dE * np.arange(half + 1), -0.3 + dE * np.arange(1, half + 1)])
dt = dE / v
m = -F * A * C * math.sqrt(D) / (1.0 + np.exp(f * E))
w = np.empty(E.size)
w[0] = 1.0
for j in range(1, E.size):
    w[j] = w[j - 1] * (j - 1.5) / j
I = np.convolve(m - m[0], w)[: E.size] / math.sqrt(dt)
ip = 0.4463 * F * A * C * math.sqrt(f * v * D)
I += 0.05 * ip * np.where(np.arange(E.size) <= half, -1.0, 1.0)
with open("rev.csv", "w") as fh:
    fh.write("time_s,E_V,I_A\n")
    for k in range(E.size):
        fh.write("%.6f,%.6f,%.9e\n" % (dt * k, E[k], I[k]))
PYEOF
"$bin" cv rev.csv --semi --n 1 --T 298.15 --area 1e-5 --conc 1 --out rev -q >rev.txt; rc=$?
check "cv --semi: D, n, E1/2 of a reversible wave" \
  '[ $rc -eq 0 ] && jcheck rev.cv.json "(lambda s: abs(s[\"D_m2_per_s\"]/1e-9-1)<0.03 and abs(s[\"n_apparent\"]-1)<0.02 and abs(s[\"E_half_V\"])<1e-3 and s[\"quality\"] is None)(j[\"files\"][0][\"semi_integral\"])" && is_png rev.cv_semi.png && grep -q "semi-integral m_lim" rev.txt'
# A record without times cannot be semi-integrated: the reason is said, the voltammogram written,
# and no empty semi-integral figure makes the run fail.
cut -d, -f2,3 rev.csv > notime.csv
"$bin" cv notime.csv --semi --out nt > nt.txt 2>&1; rc=$?
check "cv --semi without a time column: skipped with the reason, exit 0" \
  '[ $rc -eq 0 ] && grep -q "semi-integral skipped" nt.txt && [ -s nt.cv.json ] && [ ! -e nt.cv_semi.png ]'
"$bin" cv rev.csv --deconv --T 298.15 --out dc -q >/dev/null; rc=$?
check "cv --deconv: the forward wave's E1/2, n and Randles-Sevcik height; the return one flagged" \
  '[ $rc -eq 0 ] && jcheck dc.cv.json "(lambda c, r: abs(c[\"E_half_V\"])<1e-3 and abs(c[\"n\"]-1)<0.01 and abs(c[\"Ip_A\"]/-2.6865e-5-1)<0.01 and c[\"quality\"] is None and \"return sweep\" in r[\"quality\"][\"reason\"])(j[\"files\"][0][\"sweeps\"][0][\"deconvolution\"][\"components\"][0], j[\"files\"][0][\"sweeps\"][1][\"deconvolution\"][\"components\"][0])"'
"$bin" cv rev.csv --deconv --out dc2 -q >/dev/null 2>&1; rc=$?
check "cv --deconv without --T is a usage error" '[ $rc -eq 2 ]'
check "cv: reversible |Ipa/Ipc| = 1 on Nicholson's baseline, dEp ~57.8 mV unflagged" \
  'jcheck rev.cv.json "(lambda c: abs(c[\"Ip_ratio_return_forward\"]-1)<0.02 and 0.0570<c[\"dEp_V\"]<0.0585 and c[\"quality\"] is None)(j[\"files\"][0][\"cycles\"][0])"'

# SWV: PalmSens session with 3 curves.
"$bin" swv "$data/palmsens_swv.pssession" --T 298.15 --out ps -q >/dev/null; rc=$?
check "swv exits 0" '[ $rc -eq 0 ]'
check "swv figure" 'is_png ps.swv.png'
check "swv: 3 segments, a peak near 0.31-0.33 V each with n and its error" \
  'jcheck ps.swv.json "len(j[\"segments\"])==3 and all(any(0.30<p[\"E_V\"]<0.33 and p[\"n_electrons\"]>0 and p[\"E_se_V\"]>0 for p in s[\"peaks\"]) for s in j[\"segments\"])"'
"$bin" swv "$data/gamry_squarewave.DTA" --T 298.15 --out gsq -q > gsq.txt 2>/dev/null; rc=$?
check "swv: n from a 10-point curve flagged (range too short) in JSON and text" \
  '[ $rc -eq 0 ] && jcheck gsq.swv.json "\"range_short\" in j[\"segments\"][0][\"peaks\"][0][\"quality\"][\"flags\"]" && grep -q "FLAGGED n: .*points across W1/2" gsq.txt'
"$bin" swv "$data/palmsens_swv.pssession" -q >/dev/null 2>&1; rc=$?
check "swv without --T is a usage error" '[ $rc -eq 2 ]'

# Overlapping SWV peaks (two n = 2 peaks 0.10 V apart at 973 K) written here: --npeaks 2 splits
# them; n within 0.25 (a 200-seed study of the library fit gave at most 0.097).
"$py" - <<'PYEOF'
import math, random
random.seed(3)
R, F = 8.314462618153240, 96485.33212331002
s = 3.52 * R * 973.0 / F / 2.0 / 2.3548200450309493
with open("swv_syn.csv", "w") as f:
    f.write("time_s,E_V,I_A\n")
    for i in range(551):
        E = -1.2 - 0.002 * i
        za, zb = (E + 1.6) / s, (E + 1.7) / s
        I = -1e-6 - 40e-6 * math.exp(-0.5 * za * za) - 60e-6 * math.exp(-0.5 * zb * zb)
        f.write("%g,%.6f,%.6e\n" % (0.1 * i, E, I + random.gauss(0.0, 0.5e-6)))
PYEOF
"$bin" swv swv_syn.csv --T 973 --npeaks 2 --out syn -q >/dev/null; rc=$?
check "swv splits overlapping peaks and gets n = 2 for both" \
  '[ $rc -eq 0 ] && is_png syn.swv.png && jcheck syn.swv.json "len(j[\"segments\"][0][\"peaks\"])==2 and all(abs(p[\"n_electrons\"]-2)<0.25 for p in j[\"segments\"][0][\"peaks\"]) and abs(j[\"segments\"][0][\"peaks\"][0][\"E_V\"]+1.70)<0.01 and abs(j[\"segments\"][0][\"peaks\"][1][\"E_V\"]+1.60)<0.01"'

# CA: Autolab NOVA chronoamperometry and the BioLogic 4-loop file.
"$bin" ca "$data/autolab_nova_chrono.txt" --n 2 --area 1e-5 --conc 10 --out ach -q >/dev/null; rc=$?
check "ca nova exits 0" '[ $rc -eq 0 ]'
check "ca nova figures" 'is_png ach.ca.png && is_png ach.ca_sh.png'
check "ca nova: Cottrell region and D reported" \
  'jcheck ach.ca.json "j[\"segments\"][0][\"cottrell\"][\"points\"]>=10 and j[\"segments\"][0][\"cottrell\"][\"D_m2_per_s\"]>0"'
check "ca nova: D from a near-steady (rotating-disk) current flagged" \
  'jcheck ach.ca.json "\"unphysical\" in j[\"segments\"][0][\"cottrell\"][\"quality\"][\"flags\"] and \"steady\" in j[\"segments\"][0][\"cottrell\"][\"quality\"][\"reason\"]"'
"$bin" ca "$data/biologic_ca_v1150_decimal_comma.mpt" --out bca -q >/dev/null 2>bca.err; rc=$?
check "ca biologic exits 0" '[ $rc -eq 0 ]'
check "ca biologic: 4 loops analysed, loops without a t^-1/2 decay warned" 'jcheck bca.ca.json "len(j[\"segments\"])==4" && grep -q "no Cottrell D" bca.err'
check "ca biologic loop 0: a maximum that fits neither nucleation model is flagged" \
  'jcheck bca.ca.json "\"model_undecided\" in j[\"segments\"][0][\"nucleation_quality\"][\"flags\"] and \"neither\" in j[\"segments\"][0][\"nucleation_quality\"][\"reason\"]"'
"$bin" ca "$data/gamry_chronoa.DTA" --out gca -q >/dev/null 2>gca.err; rc=$?
check "ca on a 10-point record fails clearly" '[ $rc -ne 0 ] && grep -q "need 20" gca.err && [ ! -e gca.ca.json ]'

# A progressive Scharifker-Hills transient (t_m = 0.5 s, I_m = -20 mA) written here: the command
# decides "progressive" and returns t_m and I_m within 1 %.
"$py" - <<'PYEOF'
import math, random
random.seed(5)
with open("ca_syn.csv", "w") as f:
    f.write("time_s,E_V,I_A\n")
    for i in range(5000):
        t = 1e-3 * (i + 1)
        e = 1.0 - math.exp(-2.3367 * (t / 0.5) ** 2)
        I = -20e-3 * math.sqrt(1.2254 * 0.5 / t * e * e) - 0.03 * math.exp(-t / 0.005)
        f.write("%.4f,-1.7,%.6e\n" % (t, I + random.gauss(0.0, 1e-4)))
PYEOF
"$bin" ca ca_syn.csv --t0 0 --out csyn -q >/dev/null; rc=$?
check "ca decides progressive nucleation with t_m, I_m within 1 %" \
  '[ $rc -eq 0 ] && is_png csyn.ca_sh.png && jcheck csyn.ca.json "j[\"segments\"][0][\"nucleation\"]==\"progressive\" and abs(j[\"segments\"][0][\"t_m_s\"]/0.5-1)<0.01 and abs(j[\"segments\"][0][\"I_m_A\"]/-0.02-1)<0.01"'

# The same transient with n, area, conc, M, rho and a user Cottrell window: D from the maximum,
# A N_inf, the window as given; a near-steady current (large constant + small t^-1/2 term) comes out
# with its Cottrell fit flagged in the JSON and the text.
"$bin" ca ca_syn.csv --t0 0 --n 2 --area 1e-4 --conc 100 --M 0.0243 --rho 1738 --cottrell 2:4.5 \
  --out cphys -q > cphys.txt; rc=$?
check "ca: D from the maximum, A N_inf and the user window" \
  '[ $rc -eq 0 ] && jcheck cphys.ca.json "[s[\"D_max_m2_per_s\"]>0 and s[\"AN_inf_per_m2_s\"]>0 and abs(s[\"cottrell\"][\"t_start_s\"]-2)<0.002 and abs(s[\"cottrell\"][\"t_end_s\"]-4.5)<0.002 for s in j[\"segments\"][:1]]==[True]"'
"$py" - <<'PYEOF'
import math, random
random.seed(7)
with open("steady.csv", "w") as f:
    f.write("t,I\n")
    for i in range(4000):
        t = 1e-3 * (i + 1)
        f.write("%.4f,%.8e\n" % (t, -(2e-4 + 2e-7 / math.sqrt(t)) + random.gauss(0.0, 1e-8)))
PYEOF
"$bin" ca steady.csv --col-t t --col-I I --t0 0 --n 2 --area 1e-5 --conc 10 --out stdy -q > stdy.txt; rc=$?
check "ca: Cottrell D on a near-steady current flagged with its reason (JSON and text)" \
  '[ $rc -eq 0 ] && jcheck stdy.ca.json "\"unphysical\" in j[\"segments\"][0][\"cottrell\"][\"quality\"][\"flags\"] and \"steady\" in j[\"segments\"][0][\"cottrell\"][\"quality\"][\"reason\"]" && grep -q "FLAGGED Cottrell fit" stdy.txt'
"$bin" ca ca_syn.csv --cottrell 4:2 --out bad -q >/dev/null 2>&1; rc=$?
check "ca: --cottrell FROM >= TO is a usage error" '[ $rc -ne 0 ]'

# iR compensation: a CV recorded through Ru = 20 ohm (E = E_true + I Ru, cathodic peak at
# E_true = -0.5 V, 1 mA, 0.1 V/s, two columns, no time): --Ru 20 gives Ep = -0.5 V within 2 mV.
"$py" - <<'PYEOF'
import math
with open("cv_ir.csv", "w") as f:
    f.write("Ewe,Icell\n")
    for i in range(2001):
        E = -0.001 * i if i <= 1000 else -1.0 + 0.001 * (i - 1000)
        g = (E + 0.5) / 0.05 if i <= 1000 else (E + 0.4) / 0.05
        I = -2e-5 - 1e-3 * math.exp(-g * g) if i <= 1000 else 2e-5 + 0.8e-3 * math.exp(-g * g)
        f.write("%.6f,%.6e\n" % (E + 20.0 * I, I))
PYEOF
"$bin" cv cv_ir.csv --col-E Ewe --col-I Icell --scan-rate 0.1 --Ru 20 --out cvir -q >/dev/null; rc=$?
check "cv --Ru: the true Ep back within 2 mV" \
  '[ $rc -eq 0 ] && jcheck cvir.cv.json "abs(j[\"files\"][0][\"sweeps\"][0][\"peaks\"][0][\"E_V\"]+0.5)<0.002 and j[\"Ru_ohm\"]==20"'
"$bin" cv cv_ir.csv --col-E Ewe --col-I Icell --scan-rate 0.1 --Ru -1 --out cvir2 -q >/dev/null 2>&1; rc=$?
check "cv --Ru < 0 is a usage error" '[ $rc -ne 0 ]'

# OCP: Gamry CORPOT and BioLogic OCV loops.
"$bin" ocp "$data/gamry_ocp.DTA" --out gocp -q >/dev/null; rc=$?
check "ocp gamry exits 0" '[ $rc -eq 0 ]'
check "ocp gamry figure" 'is_png gocp.ocp.png'
check "ocp gamry: a plateau near 0.0203 V" \
  'jcheck gocp.ocp.json "any(abs(p[\"E_V\"]-0.0203)<0.001 for s in j[\"segments\"] for p in s[\"plateaus\"])"'
"$bin" ocp "$data/biologic_ocv_v1150_decimal_comma.mpt" --out bocv -q >/dev/null; rc=$?
check "ocp biologic exits 0 with a figure" '[ $rc -eq 0 ] && is_png bocv.ocp.png'

# emf: synthetic titrations at 873 and 973 K written here (Nd into 2.02 g Bi vs Nd-Sn,
# gamma = 1e-12, solubility 2.91 and 5.65 mol%, the Nd-Bi study's Table 1 values).
"$py" - <<'PYEOF'
import math, random
R, F = 8.314462618153240, 96485.33212331002
random.seed(1)
for T, xs in ((873.0, 0.0291), (973.0, 0.0565)):
    nbi = 2.02 / 208.98
    e2 = 0.590 + 1.52e-4 * T
    with open("tit_%d.csv" % T, "w") as f:
        f.write("time_s,E_V,I_A\n")
        t, nnd = 0.0, 0.0
        for p in range(30):
            for k in range(110):
                f.write("%.1f,%.6f,%.6e\n" % (t, -0.05, -12.5e-3)); t += 5.0
            nnd += 12.5e-3 * 550.0 / (3 * F)
            x = nnd / (nnd + nbi)
            e = -R * T / (3 * F) * (math.log(1e-12) + math.log(min(x, xs))) - e2
            for k in range(720):
                f.write("%.1f,%.7f,0\n" % (t, e + random.gauss(0, 3e-4))); t += 5.0
PYEOF
"$bin" emf tit_873.csv tit_973.csv --T 873,973 --solvent-g 2.02 --solvent-molar-mass 208.98 \
  --ref NdSn --to Nd --solute Nd --solvent Bi --solid-phase NDBI2 --ref-phase DHCP \
  --out tit --espei-emf tit -q >/dev/null; rc=$?
check "emf exits 0" '[ $rc -eq 0 ]'
check "emf figures (E vs x, ln gamma vs x)" 'is_png tit.emf.png && is_png tit.emf_gamma.png'
check "emf steps table" '[ "$(grep -vc "^#" tit.emf.csv)" -eq 61 ]'
check "emf solubility within 0.1 mol% at both T" \
  'jcheck tit.emf.json "abs(j[\"temperatures\"][0][\"solubility\"][\"x_sat\"]-0.0291)<1e-3 and abs(j[\"temperatures\"][1][\"solubility\"][\"x_sat\"]-0.0565)<1e-3"'
check "emf Henrian ln gamma within 5 % in gamma" \
  'jcheck tit.emf.json "all(abs(t[\"ln_gamma_liquid_mean\"]+27.631021)<0.05 for t in j[\"temperatures\"])"'
check "emf partial molar entropy/enthalpy reported" \
  'jcheck tit.emf.json "\"dS_J_per_mol_K\" in j[\"plateau_vs_T\"] and \"H_ex_J_per_mol\" in j[\"liquid_excess_vs_T\"]"'
check "ESPEI ACR dataset" \
  'jcheck tit-ACR_ND-973K.json "j[\"output\"]==\"ACR_ND\" and j[\"components\"]==[\"BI\",\"ND\",\"VA\"] and len(j[\"values\"][0][0])==len(j[\"conditions\"][\"X_BI\"])>=20 and all(1e-16<a<1e-10 for a in j[\"values\"][0][0])"'
check "cell-emf dataset: measured vs Nd-Sn, Eq. 8 offset declared, liquid + plateau" \
  'jcheck tit-EMF_ND-973K.json "j[\"output\"]==\"EMF\" and j[\"emf\"][\"n_electrons\"]==3 and j[\"emf\"][\"reference_electrode\"][\"a_V\"]==0.59 and j[\"phases\"]==[\"LIQUID\",\"NDBI2\"] and j[\"reference_states\"][\"ND\"][\"phase\"]==\"DHCP\" and len(j[\"values\"][0][0])==30"'
"$bin" dataset check tit-EMF_ND-873K.json >/dev/null 2>&1; rc=$?
check "cell-emf dataset passes liquidus dataset check" '[ $rc -eq 0 ]'
check "ESPEI ZPF dataset" \
  'jcheck tit-ZPF.json "j[\"output\"]==\"ZPF\" and j[\"conditions\"][\"T\"]==[873.0,973.0] and j[\"values\"][1][0][0]==\"LIQUID\" and abs(j[\"values\"][1][0][2][0]-0.0565)<1e-3 and j[\"values\"][1][1][2]==[None]"'

# emf error paths: a record ending in a pulse warns; a missing amount of Bi is a usage error;
# a missing file names the file.
head -n 1711 tit_973.csv > cut.csv
"$bin" emf cut.csv --T 973 --solvent-mol 0.00966 --out cut -q >/dev/null 2>cut.err; rc=$?
check "emf on a record ending in a pulse runs and warns" \
  '[ $rc -eq 0 ] && grep -q "warning.*no rest" cut.err && jcheck cut.emf.json "\"warning\" in j[\"temperatures\"][0]"'
"$bin" emf cut.csv --T 973 --out cut2 -q >/dev/null 2>&1; rc=$?
check "emf without the electrode amount is a usage error" '[ $rc -eq 2 ]'
"$bin" emf cut.csv --T 973 --solvent-mol 0.00966 --solute Nd --solvent Bi --out cut3 -q \
  >/dev/null 2>cut3.err; rc=$?
check "emf datasets without --ref-phase is a usage error" '[ $rc -eq 2 ] && grep -q ref-phase cut3.err'
"$bin" emf no_such.csv --T 973 --solvent-mol 0.01 -q >/dev/null 2>miss.err; rc=$?
check "emf on a missing file fails naming it" '[ $rc -ne 0 ] && grep -q no_such.csv miss.err'
awk 'NR==1{print;next} NR==500{print "1000.0,nan,0";next} {print}' tit_973.csv > nan.csv
"$bin" emf nan.csv --T 973 --solvent-mol 0.00966 --out nan -q >/dev/null 2>nan.err; rc=$?
check "emf on a NaN potential fails naming the sample" '[ $rc -ne 0 ] && grep -q "sample" nan.err && [ ! -e nan.emf.json ]'
printf 'time_s,E_V,I_A\n0,0.5,0\n1,0.5,-0.01\n2,0.4,0\n3,0.4,0\n' > tiny.csv
"$bin" emf tiny.csv --T 973 --solvent-mol 0.00966 --out tiny -q >/dev/null 2>tiny.err; rc=$?
check "emf on a tiny record runs (no plateau noted)" \
  '[ $rc -eq 0 ] && jcheck tiny.emf.json "\"solubility_note\" in j[\"temperatures\"][0]"'
printf 'time_s,E_V,I_A\n0,0.5,-0.01\n1,0.5,-0.01\n' > pulses.csv
"$bin" emf pulses.csv --T 973 --solvent-mol 0.00966 --out pulses -q >/dev/null 2>pulses.err; rc=$?
check "emf with pulses only fails clearly" '[ $rc -ne 0 ] && grep -q "no open-circuit rest" pulses.err'

# Plain CSVs with arbitrary header names, no time column where the technique needs none: every
# analysis takes the reading options of `liquidus read` (--col-*, --unit-*, --decimal-comma,
# --delimiter, --negate-current) and cv/swv --scan-rate. Written from the synthetic records
# above, so the results must equal theirs.
"$py" - <<'PYEOF'
import csv
def cols(src, dst, keep, names, scale, sep=",", comma=False, negate_col=None):
    rows = list(csv.reader(open(src)))[1:]
    with open(dst, "w") as f:
        f.write(sep.join(names) + "\n")
        for r in rows:
            v = []
            for k, c in enumerate(keep):
                x = float(r[c]) * scale[k]
                if negate_col == k: x = -x
                t = "%.9g" % x
                v.append(t.replace(".", ",") if comma else t)
            f.write(sep.join(v) + "\n")
# CV: potential in mV and current in uA, semicolons and decimal commas, cathodic-positive current.
cols("cv_0.1.csv", "cv2.csv", (1, 2), ("Spannung", "Strom"), (1e3, 1e6), ";", True, 1)
# SWV: the staircase potential and the difference current only.
cols("swv_syn.csv", "swv2.csv", (1, 2), ("step", "diff"), (1.0, 1.0))
# CA: time in ms and current in mA.
cols("ca_syn.csv", "ca2.csv", (0, 2), ("ms", "mA"), (1e3, 1e3))
# emf: a titration needs time, emf and current: three columns named freely, time in min.
cols("tit_973.csv", "tit2.csv", (0, 1, 2), ("minutes", "cell", "amps"), (1 / 60.0, 1.0, 1.0))
PYEOF
"$bin" read "$data/gamry_ocp.DTA" --csv ocp_si.csv -q >/dev/null 2>&1
awk -F, '/^#/ {next} NR>0 && $1 != "time_s" {print $1 "\t" $2} $1 == "time_s" {print "sec\tvolt"}' \
  ocp_si.csv > ocp2.tsv
"$bin" cv cv2.csv --col-E Spannung --col-I Strom --unit-E mV --unit-I uA --decimal-comma \
  --delimiter ';' --negate-current --scan-rate 0.1 --out cv2 -q >/dev/null 2>cv2.err; rc=$?
check "cv on a two-column CSV (E in mV, I in uA, decimal comma, negated current)" \
  '[ $rc -eq 0 ] && jcheck cv2.cv.json "j[\"files\"][0][\"scan_rate_V_per_s\"]==0.1 and any(abs(p[\"E_V\"]+0.5)<0.005 for s in j[\"files\"][0][\"sweeps\"] if s[\"direction\"]==\"cathodic\" for p in s[\"peaks\"])"'
"$bin" cv cv2.csv --col-E Spannung --col-I Strom --unit-E mV --unit-I uA --decimal-comma \
  --delimiter ';' --out cv3 -q >/dev/null 2>cv3.err; rc=$?
check "cv without --negate-current finds the peak on the other sweep" \
  '[ $rc -eq 0 ] && jcheck cv3.cv.json "not any(abs(p[\"E_V\"]+0.5)<0.005 for s in j[\"files\"][0][\"sweeps\"] if s[\"direction\"]==\"cathodic\" for p in s[\"peaks\"])"'
"$bin" cv cv2.csv -q >/dev/null 2>cv4.err; rc=$?
check "cv on unknown header names says which options name the columns" \
  '[ $rc -ne 0 ] && grep -q -- "--col-E" cv4.err'
"$bin" swv swv2.csv --col-E step --col-I diff --T 973 --npeaks 2 --out swv2 -q >/dev/null; rc=$?
check "swv on a two-column CSV gives the same peaks" \
  '[ $rc -eq 0 ] && jcheck swv2.swv.json "len(j[\"segments\"][0][\"peaks\"])==2 and abs(j[\"segments\"][0][\"peaks\"][0][\"E_V\"]+1.70)<0.01 and abs(j[\"segments\"][0][\"peaks\"][1][\"E_V\"]+1.60)<0.01"'
"$bin" ca ca2.csv --col-t ms --col-I mA --unit-t ms --unit-I mA --t0 0 --out ca2 -q >/dev/null; rc=$?
check "ca on a two-column CSV (ms, mA) gives the same t_m and I_m" \
  '[ $rc -eq 0 ] && jcheck ca2.ca.json "j[\"segments\"][0][\"nucleation\"]==\"progressive\" and abs(j[\"segments\"][0][\"t_m_s\"]/0.5-1)<0.01 and abs(j[\"segments\"][0][\"I_m_A\"]/-0.02-1)<0.01"'
"$bin" ocp ocp2.tsv --col-t sec --col-E volt --delimiter tab --out ocp2 -q >/dev/null; rc=$?
check "ocp on a two-column TSV finds the Gamry plateau" \
  '[ $rc -eq 0 ] && jcheck ocp2.ocp.json "any(abs(p[\"E_V\"]-0.0203)<0.001 for s in j[\"segments\"] for p in s[\"plateaus\"])"'
"$bin" emf tit2.csv --col-t minutes --col-E cell --col-I amps --unit-t min --T 973 \
  --solvent-g 2.02 --solvent-molar-mass 208.98 --ref NdSn --to Nd --out tit2 -q >/dev/null; rc=$?
check "emf on freely named columns (time in min) gives the same solubility" \
  '[ $rc -eq 0 ] && jcheck tit2.emf.json "abs(j[\"temperatures\"][0][\"solubility\"][\"x_sat\"]-0.0565)<1e-3"'
"$bin" cv cv2.csv --col-E Spannung --col-I Strom --scan-rate -1 -q >/dev/null 2>&1; rc=$?
check "cv --scan-rate must be positive" '[ $rc -eq 2 ]'

# Files without the columns an analysis needs are refused with the file named.
"$bin" cv "$data/autolab_nova_chrono.txt" -q >/dev/null 2>nocol.err; rc=$?
check "cv on a chronoamperogram (no potential column) fails clearly" \
  '[ $rc -ne 0 ] && grep -q "autolab_nova_chrono.txt: needs potential and current" nocol.err'
"$bin" emf "$data/gamry_ocp.DTA" --T 900 --solvent-mol 0.01 -q >/dev/null 2>nocol2.err; rc=$?
check "emf on an OCP file (no current column) fails clearly" \
  '[ $rc -ne 0 ] && grep -q "gamry_ocp.DTA: needs time, potential and current" nocol2.err'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
