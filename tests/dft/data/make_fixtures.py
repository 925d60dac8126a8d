#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Writes the E-V test sets (ev_*.csv) and the small VASP run folders (vasp_ev/run_*) used by
# tests/dft. The energies follow known equations of state with a fixed, seeded scatter of a few
# meV so that fits are not exact. The VASP files carry only the lines a reader needs, in the
# layout the VASP manual documents for OUTCAR, OSZICAR and vasprun.xml.
# Usage: python3 make_fixtures.py (in this folder). Needs only the standard library.
import math
import os
import random


def bm3(v, e0, b0, bp, v0):
    x = (v0 / v) ** (2.0 / 3.0)
    return e0 + 9.0 * b0 * v0 / 16.0 * (x - 1) ** 2 * (6 + bp * (x - 1) - 4 * x)


def murn(v, e0, b0, bp, v0):
    return e0 + b0 * v / bp * ((v0 / v) ** bp / (bp - 1) + 1) - v0 * b0 / (bp - 1)


def vinet(v, e0, b0, bp, v0):
    eta = (v / v0) ** (1.0 / 3.0)
    return e0 + 2 * b0 * v0 / (bp - 1) ** 2 * (
        2 - (5 + 3 * bp * (eta - 1) - 3 * eta) * math.exp(-1.5 * (bp - 1) * (eta - 1)))


EV_PER_A3_PER_GPA = 1.0 / 160.21766208
sets = [
    # name, form, E0 (eV/cell), B0 (GPa), B', V0 (A^3/cell), atoms, points, strain range, noise eV
    ("NdBi_rocksalt", bm3, -11.2345, 52.0, 4.3, 66.10, 2, 8, 0.06, 0.0008),
    ("Bi_A7", murn, -11.7610, 36.5, 5.1, 73.20, 2, 8, 0.06, 0.0005),
    ("Mg_hcp", vinet, -3.0120, 35.8, 4.0, 45.80, 2, 9, 0.08, 0.0003),
    ("Nd3Bi7_cell", bm3, -62.4410, 55.3, 5.9, 325.0, 10, 7, 0.05, 0.004),
]
rng = random.Random(20261121)
for name, form, e0, b0, bp, v0, nat, npt, span, noise in sets:
    with open(f"ev_{name}.csv", "w") as f:
        f.write(f"# E-V test set '{name}' ({nat} atoms per cell): {form.__name__} with E0={e0} eV,\n")
        f.write(f"# B0={b0} GPa, B'={bp}, V0={v0} A^3, plus seeded scatter of +-{noise} eV "
                "(tests/dft/data/make_fixtures.py)\n")
        f.write("volume_A3,energy_eV\n")
        for i in range(npt):
            v = v0 * (1 - span + 2 * span * i / (npt - 1))
            e = form(v, e0, b0 * EV_PER_A3_PER_GPA, bp, v0) + rng.uniform(-noise, noise)
            f.write(f"{v:.6f},{e:.8f}\n")

# VASP run folders for the NdBi set: runs 1-3 as OUTCAR, 4-5 as vasprun.xml, 6-8 as OSZICAR +
# CONTCAR. Rock-salt NdBi primitive cell (fcc vectors a/2 (0,1,1) etc.).
os.makedirs("vasp_ev", exist_ok=True)
rows = [l.split(",") for l in open("ev_NdBi_rocksalt.csv") if l[0].isdigit()]
for i, (v, e) in enumerate(rows, start=1):
    v, e = float(v), float(e)
    a = (4 * v) ** (1.0 / 3.0)
    d = f"vasp_ev/run_{i:02d}"
    os.makedirs(d, exist_ok=True)
    for fn in os.listdir(d):
        os.remove(os.path.join(d, fn))
    sigma_corr = 0.00031 * (1 + 0.1 * i)  # TOTEN - energy(sigma->0), smearing entropy term
    toten = e + sigma_corr
    ewo = e + 0.5 * sigma_corr
    if i <= 3:
        with open(f"{d}/OUTCAR", "w") as f:
            f.write(" vasp.6.3.2 18May22 (build Jan 10 2023 12:00:00) complex\n\n")
            f.write(" POSCAR = NdBi rocksalt\n")
            f.write("   number of dos      NEDOS =    301   number of ions     NIONS =      2\n")
            f.write("   ENCUT  =  520.0 eV  38.22 Ry    6.18 a0\n\n")
            f.write("  volume of cell :      %.2f\n" % (v * 1.0003))  # initial cell
            f.write("      direct lattice vectors                 reciprocal lattice vectors\n\n")
            for step, scale in ((1, 1.0003), (2, 1.0)):
                f.write("--------------------------------------- Iteration    %d(  12)  "
                        "---------------------------------------\n\n" % step)
                f.write("  FREE ENERGIE OF THE ION-ELECTRON SYSTEM (eV)\n")
                f.write("  ---------------------------------------------------\n")
                f.write("  free  energy   TOTEN  =       %.8f eV\n\n" % (toten + 0.01 / step - 0.01 / 2 * (step == 2)))
                f.write("  energy  without entropy=      %.8f  energy(sigma->0) =      %.8f\n\n"
                        % (ewo + 0.01 / step - 0.005 * (step == 2), e + 0.01 / step - 0.005 * (step == 2)))
                f.write("  volume of cell :      %.2f\n" % (v * scale))
            f.write("\n General timing and accounting informations for this job:\n")
    elif i <= 5:
        with open(f"{d}/vasprun.xml", "w") as f:
            f.write('<?xml version="1.0" encoding="ISO-8859-1"?>\n<modeling>\n')
            f.write(' <generator>\n  <i name="program" type="string">vasp </i>\n'
                    '  <i name="version" type="string">6.3.2  </i>\n </generator>\n')
            f.write(' <atominfo>\n  <atoms>       2 </atoms>\n  <types>       2 </types>\n </atominfo>\n')
            f.write(' <calculation>\n')
            for sc in range(3):
                de = 0.1 / (sc + 1) ** 3
                f.write('  <scstep>\n   <energy>\n')
                f.write(f'    <i name="e_fr_energy">    {toten + de:.8f} </i>\n')
                f.write(f'    <i name="e_wo_entrp">    {ewo + de:.8f} </i>\n')
                f.write(f'    <i name="e_0_energy">    {e + de:.8f} </i>\n')
                f.write('   </energy>\n  </scstep>\n')
            f.write('  <structure>\n   <crystal>\n    <varray name="basis" >\n')
            for vec in ((0, a / 2, a / 2), (a / 2, 0, a / 2), (a / 2, a / 2, 0)):
                f.write("     <v> %16.8f %16.8f %16.8f </v>\n" % vec)
            f.write(f'    </varray>\n    <i name="volume">    {v:.8f} </i>\n   </crystal>\n  </structure>\n')
            f.write('  <energy>\n')
            f.write(f'   <i name="e_fr_energy">    {toten:.8f} </i>\n')
            f.write(f'   <i name="e_wo_entrp">    {ewo:.8f} </i>\n')
            f.write(f'   <i name="e_0_energy">    {e:.8f} </i>\n')
            f.write('  </energy>\n </calculation>\n')
            f.write(' <structure name="finalpos" >\n  <crystal>\n')
            f.write(f'   <i name="volume">    {v:.8f} </i>\n  </crystal>\n </structure>\n</modeling>\n')
    else:
        with open(f"{d}/OSZICAR", "w") as f:
            f.write("       N       E                     dE             d eps       ncg     rms          rms(c)\n")
            f.write("DAV:   1     0.297583148712E+02    0.29758E+02   -0.53142E+03   400   0.121E+03\n")
            f.write("DAV:   2    -0.112041025651E+02   -0.40962E+02   -0.38840E+02   416   0.232E+02\n")
            f.write("RMM:   3    %.12E   -0.10E-05   -0.21E-07   200   0.31E-03    0.21E-03\n" % e)
            f.write("   1 F= %.8E E0= %.8E  d E =-.112345E+02\n" % (toten, e))
        with open(f"{d}/CONTCAR", "w") as f:
            f.write("NdBi rocksalt\n   1.00000000000000\n")
            for vec in ((0, a / 2, a / 2), (a / 2, 0, a / 2), (a / 2, a / 2, 0)):
                f.write("    %19.16f %19.16f %19.16f\n" % vec)
            f.write("   Nd   Bi\n     1     1\nDirect\n")
            f.write("  0.0000000000000000  0.0000000000000000  0.0000000000000000\n")
            f.write("  0.5000000000000000  0.5000000000000000  0.5000000000000000\n\n")
            f.write("  0.00000000E+00  0.00000000E+00  0.00000000E+00\n")
            f.write("  0.00000000E+00  0.00000000E+00  0.00000000E+00\n")
# A broken OUTCAR (the run stopped inside the energy block).
with open("bad/OUTCAR_truncated", "w") as f:
    f.write("   number of dos      NEDOS =    301   number of ions     NIONS =      2\n")
    f.write("  volume of cell :      66.10\n")
    f.write("  free  energy   TOTEN  =       ******** eV\n")
with open("bad/OUTCAR_noenergy", "w") as f:
    f.write("   number of dos      NEDOS =    301   number of ions     NIONS =      2\n")
    f.write("  volume of cell :      66.10\n")
