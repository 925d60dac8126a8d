# SPDX-License-Identifier: GPL-3.0-or-later
"""eq_batch (lq_eq_batch_run) through Python: the command's output, failed points, threads."""

import numpy as np

import liquidus


def test_batch_matches_command(bind, run_json):
    grid = "T=800:1200:200,X(ND)=0:1:0.25"
    b = liquidus.eq_batch(bind, grid=grid)
    j = run_json("eq", bind.path, "--grid", grid)
    assert b["n_failed"] == 0 and len(j["points"]) == len(b["T_K"]) == 15
    nd = b["component_names"].index("ND")
    for p in j["points"]:
        i = p["index"]
        assert b["status"][i] == "ok" and b["message"][i] is None
        assert b["T_K"][i] == p["T_K"] and b["x"][i, nd] == p["x"]["ND"]
        assert b["G"][i] == p["G_J_per_mol_atoms"]
    # pure ends: mu of the absent component is -inf; the amounts sum to 1 everywhere
    assert np.isneginf(b["mu"][0, nd]) and np.allclose(b["amount"].sum(axis=1), 1.0, atol=1e-12)


def test_batch_failed_points(bind, tmp_path):
    f = tmp_path / "p.csv"
    f.write_text("T,X(ND),X(FE)\n973,0.1,\n973,1.5,\n-1,0.1,\n973,0.1,0.3\n")
    b = liquidus.eq_batch(bind, points=f)
    assert b["status"][0] == "ok" and b["n_failed"] == 3 and b["n_invalid"] == 3
    assert "point 1 (line 3)" in b["message"][1] and "FE" in b["message"][3]
    assert np.isnan(b["G"][1:]).all() and np.isfinite(b["G"][0])


def test_batch_threads_identical(bind):
    grid = "T=500:1500:250,X(ND)=0.05:0.95:0.1"
    one = liquidus.eq_batch(bind, grid=grid, threads=1, chunk=5)
    two = liquidus.eq_batch(bind, grid=grid, threads=2, chunk=5)
    for k in ("G", "x", "mu", "amount"):
        assert np.array_equal(one[k], two[k])


def test_step_skips_a_bad_temperature(bind):
    s = liquidus.step(bind, {"ND": 0.3}, [900.0, -5.0, 1000.0])
    assert list(s["ok"]) == [True, False, True]
    assert np.isnan(s["amount"][1]).all()
    assert np.allclose(s["amount"][[0, 2]].sum(axis=1), 1.0, atol=1e-12)


def test_batch_zero_phase(bind):
    b = liquidus.eq_batch(bind, grid="T=823:923:50,X(ND)=0.01", zero="NDBI2", free="ND")
    nd = b["component_names"].index("ND")
    x = float(liquidus.solubility(bind, 873.0, "ND")["x"])
    assert b["status"] == ["ok"] * 3
    assert abs(b["x"][1, nd] - x) < 1e-9
