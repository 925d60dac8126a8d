# SPDX-License-Identifier: GPL-3.0-or-later
"""liquidus.cell and liquidus.cell_invert (src/thermo/cell): the Mg-La plateaus of the study's
Fig. 5 inverted and run forward, and Bi-Nd from the bundled database against prop_grid."""
import math

import numpy as np
import pytest

import liquidus

F = 96485.33212331002
PLATEAUS = [("Mg3La", "Mg", -1.54), ("MgLa", "Mg3La", -1.61)]


def test_invert_and_forward():
    inv = liquidus.cell_invert(PLATEAUS, "La", "Mg", 3, 973.0, -1.70, ref="AgAgCl")
    m3, m1 = inv["compounds"]
    # closed forms (docs/cell-potentials.md, section 5)
    assert m3["atoms_per_formula"] * m3["g_J_per_mol_atom"] == pytest.approx(-3 * F * 0.16, rel=1e-12)
    assert m1["g_J_per_mol_atom"] == pytest.approx(-F * 0.17, rel=1e-12)
    assert m1["g_sd_J_per_mol_atom"] == pytest.approx(F * 0.005 * math.sqrt(3.5), rel=1e-12)
    comps = [(c["name"], c["x"], c["g_J_per_mol_atom"]) for c in inv["compounds"]]
    r = liquidus.cell("La", "Mg", 3, 973.0, compounds=comps, ref="AgAgCl", E_metal=-1.70)
    assert [round(f["E_ref_V"], 9) for f in r["fields"]] == [-1.54, -1.61, -1.70]
    assert r["deposits"][0]["E_V"] == pytest.approx(0.16, abs=1e-12)


def test_refusals():
    with pytest.raises(liquidus.InvalidArgumentError, match="wrong order"):
        liquidus.cell_invert([("Mg3La", "Mg", -1.61), ("MgLa", "Mg3La", -1.54)], "La", "Mg", 3,
                             973.0, -1.70)
    with pytest.raises(liquidus.InvalidArgumentError, match="not a two-phase field"):
        liquidus.cell_invert([("MgLa", "Mg", -1.61), ("Mg3La", "Mg", -1.54)], "La", "Mg", 3,
                             973.0, -1.70)
    with pytest.raises(liquidus.InvalidArgumentError, match=">= 1"):
        liquidus.cell_invert(PLATEAUS, "La", "Mg", 0, 973.0, -1.70)


def test_bind_liquid_matches_prop_grid():
    r = liquidus.cell("Nd", "Bi", 3, 973.0, db="BiNd.tdb")
    xs = [p[0] for p in r["points"] if r["fields"][0]["phases"] == ("LIQUID",) and p[0] < 0.07]
    g = liquidus.prop_grid("BiNd.tdb", "LIQUID", [973.0], {"ND": np.array(xs)})
    nd = list(g["components"]).index("ND")
    a = np.asarray(g["ACR"])[0, :, nd]
    E_prop = -8.314462618153240 * 973.0 * np.log(a) / (3 * F)
    E_cell = np.array([p[1] for p in r["points"] if p[0] in xs])
    assert np.max(np.abs(E_cell - E_prop)) < 1e-9
