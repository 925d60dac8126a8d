# SPDX-License-Identifier: GPL-3.0-or-later
"""step and liquidus_T through Python vs `liquidus step --json` and equilibria either side."""

import numpy as np
import pytest

import liquidus


def test_step_matches_command(bind, run_json):
    T = np.arange(800.0, 1201.0, 100.0)
    s = liquidus.step(bind, {"ND": 0.1}, T)
    j = run_json("step", bind.path, "--x", "ND=0.1", "--T", "800:1200:100")
    assert np.array_equal(s["T_K"], j["T_K"])
    fr = j["phase_fraction_mol_per_mol"]
    for name, v in fr.items():
        i = s["phase_names"].index(name)
        assert s["present"][i]
        assert np.allclose(s["amount"][:, i], v, rtol=1e-14, atol=1e-15)
    # phases the command leaves out never appear; the amounts sum to 1
    for i, name in enumerate(s["phase_names"]):
        if name not in fr:
            assert not s["present"][i] and not s["amount"][:, i].any()
    assert np.allclose(s["amount"].sum(axis=1), 1.0, rtol=0, atol=1e-12)


def test_step_invariant_points(bind):
    s = liquidus.step(bind, {"ND": 0.1}, np.arange(800.0, 1201.0, 100.0), invariant_points=True)
    T = s["T_K"]
    assert len(T) > 5 and np.all(np.diff(T) > 0)
    extra = [t for t in T if t % 100]
    # pairs 2e-3 K apart around each invariant reaction
    assert len(extra) % 2 == 0 and extra[1] - extra[0] == pytest.approx(2e-3, abs=1e-9)


def test_liquidus_T_brackets_the_liquidus(bind):
    T, solid = liquidus.liquidus_T(bind, {"ND": 0.1})
    assert solid == "NDBI1"
    # just above: liquid alone; just below: the solid appears (resolution 0.01 K)
    above = liquidus.equilibrium(bind, T=T + 0.01, x={"ND": 0.1})
    below = liquidus.equilibrium(bind, T=T - 0.01, x={"ND": 0.1})
    assert [p.name for p in above.phases] == ["LIQUID"]
    assert {p.name for p in below.phases} == {"LIQUID", "NDBI1"}
    with pytest.raises(ValueError):
        liquidus.liquidus_T(bind, {"ND": 0.1}, liquid="NOPE")
    with pytest.raises(ValueError):
        liquidus.step(bind, {"ND": 0.1, "BI": 0.9}, [900.0])  # no balance component


def test_prop_grid_equals_prop(bind):
    T = np.array([900.0, 1000.0, 1100.0])
    x = np.linspace(0.02, 0.3, 8)
    g = liquidus.prop_grid(bind, "LIQUID", T, {"ND": x}, ref={"ND": "DHCP"})
    p = liquidus.prop(bind, "LIQUID", T[:, None], {"ND": x[None, :]}, ref={"ND": "DHCP"})
    assert g["GM"].shape == (3, 8) and g["ACR"].shape == (3, 8, 2)
    for k in ("GM", "HM", "SM", "CPM", "GM_MIX", "HM_MIX", "SM_MIX"):
        assert np.allclose(g[k], p[k], rtol=1e-12, atol=1e-9), k
    assert np.allclose(g["MU"], p["MU"], rtol=1e-12, atol=1e-9)
    assert np.allclose(g["ACR"], p["ACR"], rtol=1e-10, atol=0)
    assert all(r[g["components"].index("ND")] == "DHCP" for r in g["ref_phase"])
    # ACR = exp((MU - G_ref) / RT) with the reference energies it reports
    i = g["components"].index("ND")
    R = 8.314462618
    a = np.exp((g["MU"][:, :, i] - g["G_ref"][:, None, i]) / (R * T[:, None]))
    assert np.allclose(a, g["ACR"][:, :, i], rtol=1e-6)
    with pytest.raises(ValueError):
        liquidus.prop_grid(bind, "LIQUID", T, {"ND": x, "BI": 1 - x})


def test_liquidus_scan_brackets_solubility(bind):
    for T in (873.0, 973.0):
        x, other = liquidus.liquidus_scan(bind, T, "ND", x_step=1e-3)
        s = liquidus.solubility(bind, T, "ND")
        assert other == s["other"][0]
        # the scan stops at the first overall x past saturation: the liquid there is saturated
        assert x == pytest.approx(float(s["x"]), abs=1e-6)
