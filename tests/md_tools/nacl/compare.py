# SPDX-License-Identifier: GPL-3.0-or-later
"""Compares liquidus and LAMMPS on molten NaCl from run_validation.sh's results.jsonl: per engine,
the mean over replicas with the standard error sqrt(sum err_i^2) / n (block errors of each
replica), and the difference in units of the combined error (|z| <= 2: agree within statistics).
When liquidus ran NVT only (at LAMMPS's box), its density is compared through the pressure:
rho_liquidus(1 bar) = rho_box (1 - kappa_T (P_liquidus - 1 bar)) to first order, with kappa_T from
LAMMPS's NPT volume fluctuations."""
import json
import math
import sys

rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
eng = {}
for r in rows:
    eng.setdefault(r["engine"], []).append(r)


def stat(rs, get):
    v = [get(r)[0] for r in rs]
    e = [get(r)[1] if get(r)[1] is not None else float("nan") for r in rs]
    n = len(v)
    return sum(v) / n, (sum(x * x for x in e) ** 0.5) / n, v


# density at 1 bar: NPT mean, or (liquidus NVT) the box density corrected by the pressure
lmp = eng.get("lammps", [])
kappa = [r["kappa_per_bar"] for r in lmp if r.get("kappa_per_bar")]
kappa = sum(kappa) / len(kappa) if kappa else None
for r in eng.get("liquidus", []):
    if r["density"] is None and kappa and r.get("nvt_density"):
        r["density"] = r["nvt_density"] * (1.0 - kappa * (r["pressure"] - 1.0))
        r["density_err"] = r["nvt_density"] * kappa * r["pressure_err"]
        r["density_route"] = "NVT pressure + LAMMPS compressibility"

quantities = [
    ("density at 1 bar / g cm^-3", lambda r: (r["density"], r["density_err"])),
    ("pressure in the NVT box / bar", lambda r: (r["pressure"], r["pressure_err"])),
    ("r_peak Na-Cl / A", lambda r: (r["r_peak"]["Na-Cl"], r["r_peak_err"]["Na-Cl"])),
    ("r_peak Na-Na / A", lambda r: (r["r_peak"]["Na-Na"], r["r_peak_err"]["Na-Na"])),
    ("r_peak Cl-Cl / A", lambda r: (r["r_peak"]["Cl-Cl"], r["r_peak_err"]["Cl-Cl"])),
    ("D(Na+) / 1e-5 cm^2 s^-1", lambda r: (r["D"]["Na"] * 1e5, r["D_err"]["Na"] * 1e5)),
    ("D(Cl-) / 1e-5 cm^2 s^-1", lambda r: (r["D"]["Cl"] * 1e5, r["D_err"]["Cl"] * 1e5)),
]
if kappa:
    print(f"kappa_T (LAMMPS NPT volume fluctuations) = {kappa:.3e} 1/bar")
for e, rs in eng.items():
    for r in rs:
        print(f"{e} {r['dir']}: NVT box density {r.get('nvt_density')}, "
              f"fit ranges {r['fit']}, CN {r['cn']}")
print()
print("| quantity | LAMMPS | liquidus | difference (in combined standard errors) |")
print("|---|---|---|---|")
ok = True
for name, get in quantities:
    cells = []
    ms = {}
    for e in ("lammps", "liquidus"):
        if e not in eng or any(get(r)[0] is None for r in eng[e]):
            cells.append("(not run)")
            continue
        m, s, v = stat(eng[e], get)
        ms[e] = (m, s)
        reps = ", ".join(f"{x:.4f}" for x in v)
        cells.append(f"{m:.4f} ± {s:.4f}" + (f" (replicas {reps})" if len(v) > 1 else ""))
    z = ""
    if len(ms) == 2:
        d = ms["liquidus"][0] - ms["lammps"][0]
        c = (ms["liquidus"][1] ** 2 + ms["lammps"][1] ** 2) ** 0.5
        z = f"{d:+.4f} ({d / c:+.2f} σ)" if c > 0 and not math.isnan(c) else f"{d:+.4f}"
        ok = ok and c > 0 and abs(d / c) <= 2.0
    print(f"| {name} | {cells[0]} | {cells[1]} | {z} |")
print()
if len(eng) < 2:
    print("only one engine's results: nothing compared")
else:
    print("agreement within 2 combined standard errors:", "yes" if ok else "NO")
