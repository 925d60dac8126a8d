# SPDX-License-Identifier: GPL-3.0-or-later
"""Equilibria, batches, properties, diagrams and errors of the Python binding vs the C command."""

import os
import subprocess
import sys
import threading

import numpy as np
import pytest

import liquidus

# The README's equilibrium: liquid at x(Nd) = 0.0726923 with NdBi at 973 K, x(Nd) = 0.1. The
# solver converges to 1e-12 scaled residuals, so 1e-6 absolute leaves room only for a wrong answer.
X_LIQ = 0.0726923


def test_readme_equilibrium(bind):
    eq = liquidus.equilibrium(bind, T=973, x={"ND": 0.1})
    assert isinstance(eq, liquidus.Equilibrium)
    assert [p.name for p in eq.phases] == ["LIQUID", "NDBI1"]
    liq = eq.phase("liquid")
    assert abs(liq.x["ND"] - X_LIQ) < 1e-6
    assert abs(sum(p.amount for p in eq.phases) - 1.0) < 1e-12
    assert isinstance(liq.y, np.ndarray) and liq.y.shape == (2,)
    assert liq.constituents == ["BI", "ND"]
    assert eq.reference == {"BI": "LIQUID", "ND": "DHCP"}
    assert 1e-13 < eq.activity["ND"] < 1e-10  # DESIGN.md: a_Nd ~ 1e-13..1e-11 near saturation
    assert set(eq.mu) == {"BI", "ND"} and eq.mu_array.shape == (2,)


def test_data_path_in_the_build_tree(source_dir):
    # the package under test runs from the build tree: bundled data come from the source data/
    got = liquidus.data_path("tdb/BiNd.tdb")
    assert os.path.realpath(got) == os.path.realpath(
        os.path.join(source_dir, "data", "tdb", "BiNd.tdb"))
    assert os.path.realpath(liquidus.data_path()) == os.path.realpath(
        os.path.join(source_dir, "data"))


@pytest.mark.parametrize("name", ["BiNd", "BiNd.tdb"])
def test_bundled_names_and_paths(name):
    path = liquidus.data_path("tdb/BiNd.tdb")
    for db in (name, path, liquidus.Database(path)):
        eq = liquidus.equilibrium(db, T=973, x={"nd": 0.1}, components="BI,ND")
        assert abs(eq.phase("LIQUID").x["ND"] - X_LIQ) < 1e-6


def test_equilibrium_matches_command(bind, run_json):
    c = run_json("eq", "BiNd.tdb", "--T", "973", "--x", "ND=0.1")
    eq = liquidus.equilibrium(bind, T=973, x={"ND": 0.1})
    # same library code on the same conditions: agreement to the solver's convergence
    for k in ("BI", "ND"):
        assert eq.mu[k] == pytest.approx(c["mu_J_per_mol"][k], rel=1e-9)
        assert eq.activity[k] == pytest.approx(c["activity"][k]["a"], rel=1e-6)
    assert eq.G == pytest.approx(c["G_J_per_mol_atoms"], rel=1e-9)
    for p, q in zip(eq.phases, c["phases"]):
        assert p.name == q["phase"]
        assert p.amount == pytest.approx(q["amount_mol_atoms"], rel=1e-9)
        assert p.G == pytest.approx(q["G_J_per_mol_atoms"], rel=1e-9)


def test_batch_shapes_and_pointwise(bind):
    T = np.linspace(800.0, 1100.0, 4)[:, None]
    xnd = np.array([0.02, 0.1, 0.3])
    b = liquidus.equilibrium(bind, T=T, x={"ND": xnd}, activities=True)
    assert isinstance(b, liquidus.BatchEquilibrium)
    assert b.shape == (4, 3)
    nph = len(b.phase_names)
    assert b.x.shape == (4, 3, 2) and b.mu.shape == (4, 3, 2) and b.activity.shape == (4, 3, 2)
    assert b.amount.shape == (4, 3, nph) and b.phase_x.shape == (4, 3, nph, 2)
    assert b.G.shape == (4, 3) and b.status.shape == (4, 3) and (b.status == 0).all()
    assert np.allclose(b.amount.sum(axis=-1), 1.0, atol=1e-12)
    for i in range(4):
        for j in range(3):
            e = liquidus.equilibrium(bind, T=float(T[i, 0]), x={"ND": float(xnd[j])})
            assert b.G[i, j] == pytest.approx(e.G, rel=1e-9)
            assert b.mu[i, j, 1] == pytest.approx(e.mu["ND"], rel=1e-9)
            for p in e.phases:
                assert b.phase_fraction(p.name)[i, j] == pytest.approx(p.amount, abs=1e-9)
                assert b.phase_composition(p.name, "ND")[i, j] == pytest.approx(p.x["ND"],
                                                                                 abs=1e-9)


def test_batch_errors(bind):
    x = np.array([0.1, 1.5, 0.2])  # the second point leaves a negative balance
    with pytest.raises(liquidus.DomainError, match="point 1 of 3"):
        liquidus.equilibrium(bind, T=973.0, x={"ND": x})
    b = liquidus.equilibrium(bind, T=973.0, x={"ND": x}, on_error="nan")
    assert list(b.status != 0) == [False, True, False]
    assert np.isnan(b.G[1]) and np.isfinite(b.G[[0, 2]]).all()
    assert abs(b.phase_composition("LIQUID", "ND")[0] - X_LIQ) < 1e-6


def test_phase_boundaries(bind, run_json):
    # T unknown: the liquid appears at the Bi melting point (tests/cli/eq.sh: 544.55 K)
    e = liquidus.equilibrium(bind, T=600, x={"ND": 0.03}, zero="LIQUID", free="T")
    assert e.T == pytest.approx(544.55, abs=5e-3)
    assert e.phase("LIQUID").fixed_zero
    # x unknown: the liquid saturated with NdBi at 973 K is the README's liquid
    e = liquidus.equilibrium(bind, T=973, x={"ND": 0.03}, zero="NDBI1", free="ND")
    assert abs(e.x["ND"] - X_LIQ) < 1e-6
    s = liquidus.solubility(bind, [773.0, 973.0], "ND")
    assert s["x"].shape == (2,) and abs(s["x"][1] - X_LIQ) < 1e-6 and s["other"][1] == "NDBI1"


def test_errors_carry_the_library_message(bind, tmp_path):
    with pytest.raises(liquidus.DomainError) as ei:
        liquidus.equilibrium(bind, T=-5.0, x={"ND": 0.1})
    assert isinstance(ei.value, ValueError) and ei.value.status_name == lq_status_text("EDOM")
    assert ei.value.field == "T" and "-5" in str(ei.value)
    with pytest.raises(ValueError, match="XX is not a component"):
        liquidus.equilibrium(bind, T=973.0, x={"XX": 0.1})
    with pytest.raises(liquidus.FileError) as ei:
        liquidus.Database(str(tmp_path / "missing.tdb"))
    assert isinstance(ei.value, OSError) and ei.value.file.endswith("missing.tdb")
    bad = tmp_path / "bad.tdb"
    bad.write_text("ELEMENT BI RHOMBOHEDRAL_A7 208.98 6426.6 56.735 !\n"
                   "PHASE LIQUID % 1 1.0 !\nCONSTITUENT LIQUID :BI: !\n"
                   "PARAMETER G(LIQUID,BI;0) 298.15 +1000*T**; 3000 N !\n")
    with pytest.raises(liquidus.Error) as ei:
        liquidus.Database(str(bad))
    assert ei.value.line == 4 and str(bad) in str(ei.value)
    with pytest.raises(liquidus.NotFoundError):
        liquidus.data_path("tdb/no_such.tdb")


def lq_status_text(name):
    return {"EDOM": "argument outside model validity"}[name]


def test_prop_matches_command(bind, bin_path):
    xs = np.linspace(0.01, 0.07, 4)
    p = liquidus.prop(bind, "LIQUID", 973.0, {"ND": xs}, ref={"ND": "DHCP"})
    assert p["ACR"].shape == (4, 2) and p["HM_MIX"].shape == (4,)
    assert p["units"]["HM_MIX"] == "J/mol" and p["units"]["ACR"] == "1"
    out = subprocess.run([bin_path, "prop", "BiNd.tdb", "--phase", "LIQUID", "--T", "973",
                          "--x", "ND=0.01:0.07:0.02", "--ref", "ND=DHCP", "--out",
                          "ACR_ND,HM_MIX", "--csv"], check=True, capture_output=True, text=True)
    rows = [r for r in out.stdout.splitlines() if r and not r.startswith("#")]
    head = rows[0].split(",")
    tab = np.array([[float(v) for v in r.split(",")] for r in rows[1:]])
    acr = tab[:, [i for i, h in enumerate(head) if h.startswith("ACR_ND")][0]]
    hm = tab[:, [i for i, h in enumerate(head) if h.startswith("HM_MIX")][0]]
    assert np.allclose(p["ACR"][:, 1], acr, rtol=1e-9, atol=0)
    assert np.allclose(p["HM_MIX"], hm, rtol=1e-9, atol=1e-9)


def test_map_matches_command(bind, run_json, tmp_path):
    m = liquidus.map(bind)
    inv = m["invariants"]
    n = len(inv["T"])
    assert inv["x"].shape == (n, 3) and inv["phases"].shape == (n, 3) and len(inv["kind"]) == n
    c = run_json("map", "BiNd.tdb", "--comps", "BI,ND", "--T", "400:2400",
                 "--out", str(tmp_path / "d.svg"))
    cT = sorted(v["T_K"] for v in c["invariants"])
    assert np.allclose(np.sort(inv["T"]), cT, atol=1e-6)
    # DESIGN.md: invariants near 539 (Bi + Nd3Bi7), 774, 932 and 1124 K
    for t in (774.0, 932.0, 1124.0):
        assert np.min(np.abs(inv["T"] - t)) < 2.0
    for b in m["boundaries"]:
        assert b["T"].shape == b["x_left"].shape == b["x_right"].shape
        assert len(b["phases"]) == 2


def test_threads_share_a_database(bind):
    T = np.linspace(700.0, 1200.0, 200)
    ref = liquidus.equilibrium(bind, T=T, x={"ND": 0.2}).G
    out = [None] * 4

    def work(i):
        out[i] = liquidus.equilibrium(bind, T=T, x={"ND": 0.2}).G

    ts = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    for o in out:
        assert np.allclose(o, ref, rtol=1e-9, atol=0)


def test_data_dir_environment(tmp_path):
    (tmp_path / "tdb").mkdir()
    (tmp_path / "tdb" / "X.tdb").write_text("$ empty\n")
    env = dict(os.environ, LIQUIDUS_DATA_DIR=str(tmp_path))
    code = "import liquidus; print(liquidus.data_path('tdb/X.tdb'))"
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True,
                         text=True)
    assert out.stdout.strip() == str(tmp_path / "tdb" / "X.tdb")
    code = "import liquidus; liquidus.data_path('tdb/BiNd.tdb')"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.returncode != 0 and "NotFoundError" in out.stderr and str(tmp_path) in out.stderr


def test_docstrings():
    for name in liquidus.__all__:
        obj = getattr(liquidus, name)
        assert obj.__doc__ and len(obj.__doc__) > 20, name
    for mod in (liquidus.echem, liquidus.dft, liquidus.md):
        for name in dir(mod):
            f = getattr(mod, name)
            if callable(f) and not name.startswith("_"):
                assert f.__doc__, "%s.%s" % (mod.__name__, name)
    for name in dir(liquidus._liquidus):
        f = getattr(liquidus._liquidus, name)
        if callable(f) and not name.startswith("_"):
            assert f.__doc__, name


def test_database_function(tmp_path):
    tdb = tmp_path / "f.tdb"
    tdb.write_text("FUNCTION F1 298.15 +1000+2*T; 1000 Y -500+3.5*T; 6000 N !\n")
    db = liquidus.Database(str(tdb))
    assert db.function("f1", 500.0) == pytest.approx(2000.0, rel=1e-15)
    v = db.function("F1", np.array([500.0, 2000.0]))
    assert v.shape == (2,) and v[1] == pytest.approx(-500.0 + 7000.0, rel=1e-15)
    with pytest.raises(liquidus.NotFoundError, match="NOPE"):
        db.function("NOPE", 500.0)
