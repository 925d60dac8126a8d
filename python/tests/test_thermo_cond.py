# SPDX-License-Identifier: GPL-3.0-or-later
"""equilibrium_conditions (lq_eq_solve_conditions) and liquidus_projection through Python."""

import math
import os

import numpy as np
import pytest

import liquidus

R = 8.314462618  # CODATA 2018, J/(mol K), as the library (include/liquidus/units.h)


def test_conditions_potential_round_trip(bind):
    # mu(Nd) of the liquid at x(Nd) = 0.01, 973 K, fixed from a start at x(Nd) = 0.3 gives 0.01
    # back; the activity against SER (a = exp(mu / RT)) the same. Newton converges the potentials
    # to ~1e-12 RT: x to 1e-9.
    e = liquidus.equilibrium(bind, T=973.0, x={"ND": 0.01})
    mu = e.mu["ND"]
    m = liquidus.equilibrium_conditions(bind, 973.0, {"ND": 0.3}, mu={"ND": mu})
    assert m.x["ND"] == pytest.approx(0.01, rel=1e-9)
    assert m.mu["ND"] == pytest.approx(mu, abs=1e-6)
    assert [p.name for p in m.phases] == ["LIQUID"]
    a = liquidus.equilibrium_conditions(bind, 973.0, {"ND": 0.3},
                                        ac={"ND": math.exp(mu / (R * 973.0))})
    assert a.x["ND"] == pytest.approx(0.01, rel=1e-9)


def test_conditions_zero_phase(bind):
    # the liquid saturated with NdBi2 at 873 K (x(Nd) free): 0.0153853, as `liquidus eq --zero
    # NDBI2 --free ND` (tests/cli/eq_batch.sh); and T free at that composition gives 873 K back
    s = liquidus.equilibrium_conditions(bind, 873.0, {"ND": 0.01}, zero="NDBI2", free="ND")
    assert round(s.x["ND"], 7) == 0.0153853
    assert s.phase("NDBI2").fixed_zero and s.phase("NDBI2").amount == 0.0
    t = liquidus.equilibrium_conditions(bind, 900.0, {"ND": s.x["ND"]}, zero="NDBI2", free="T")
    assert t.T == pytest.approx(873.0, abs=1e-6)


def test_conditions_errors(bind):
    with pytest.raises(ValueError, match="not a component"):
        liquidus.equilibrium_conditions(bind, 973.0, {"ND": 0.1}, mu={"FE": -1e5})
    with pytest.raises(ValueError, match="not a phase"):
        liquidus.equilibrium_conditions(bind, 973.0, {"ND": 0.1}, zero="FOO", free="T")
    # a zero phase without an unknown breaks the phase rule
    with pytest.raises(liquidus.InvalidArgumentError):
        liquidus.equilibrium_conditions(bind, 973.0, {"ND": 0.1}, zero="NDBI2")
    with pytest.raises(liquidus.DomainError):
        liquidus.equilibrium_conditions(bind, 973.0, {"ND": 0.1}, ac={"ND": -1.0})


@pytest.fixture(scope="module")
def crfenb(source_dir):
    return os.path.join(source_dir, "tests", "data", "tdb-corpus", "pycalphad",
                        "CrFeNb_Jacob2016.tdb")


def test_projection_matches_command(crfenb, run_json):
    p = liquidus.liquidus_projection(crfenb, ["CR", "FE", "NB"], grid_n=6)
    j = run_json("map", crfenb, "--comps", "CR,FE,NB", "--projection", "--grid", "6")
    assert p["liquid"] == j["liquid"] == "LIQUID"
    assert p["nodes"]["ok"].all() and len(p["nodes"]["T"]) == len(j["grid_nodes"]) == 28
    # the command's JSON prints 15 significant digits: the same numbers to 1e-14
    for k, n in enumerate(j["grid_nodes"]):
        assert p["nodes"]["T"][k] == pytest.approx(n["liquidus_T_K"], rel=1e-14)
        assert p["nodes"]["primary"][k] == n["primary_phase"]
    assert len(p["lines"]) == len(j["univariant_lines"]) >= 2
    for ln, jl in zip(p["lines"], j["univariant_lines"]):
        assert list(ln["phases"]) == jl["solids"]
        assert np.allclose(ln["T"], [q["T_K"] for q in jl["points"]], rtol=1e-14, atol=0)
        assert np.allclose(ln["x"], [q["x_liquid"] for q in jl["points"]], rtol=0, atol=1e-14)
    assert np.allclose([v["T"] for v in p["invariants"]], [v["T_K"] for v in j["invariants"]],
                       rtol=1e-14, atol=0)


def test_projection_invariant_by_conditions(crfenb):
    # each ternary invariant, solved again from its own point by equilibrium_conditions with its
    # three solids at zero and T, x(Cr), x(Fe) free: the same T (both converge to ~1e-9 K)
    p = liquidus.liquidus_projection(crfenb, ["CR", "FE", "NB"], grid_n=6)
    assert len(p["invariants"]) >= 1
    for v in p["invariants"]:
        x = dict(zip(p["component_names"], v["x"]))
        e = liquidus.equilibrium_conditions(crfenb, v["T"] + 2.0, {"CR": x["CR"], "FE": x["FE"]},
                                            zero=list(v["phases"]), free=["T", "CR", "FE"],
                                            components=p["component_names"])
        assert e.T == pytest.approx(v["T"], abs=1e-6)
        assert e.x["NB"] == pytest.approx(x["NB"], abs=1e-7)


def test_projection_errors(crfenb):
    with pytest.raises(ValueError, match="grid_n"):
        liquidus.liquidus_projection(crfenb, ["CR", "FE", "NB"], grid_n=1)
    with pytest.raises(ValueError, match="not a phase"):
        liquidus.liquidus_projection(crfenb, ["CR", "FE", "NB"], liquid="FOO")
    with pytest.raises(liquidus.InvalidArgumentError):
        liquidus.liquidus_projection(crfenb, ["CR", "FE"])
