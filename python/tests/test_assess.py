# SPDX-License-Identifier: GPL-3.0-or-later
"""Assessment through Python vs the `liquidus assess`/`liquidus uq` commands, the C tests' values
and closed forms."""

import json
import os
import threading

import numpy as np
import pytest

import liquidus
from liquidus import assess


@pytest.fixture(scope="module")
def cumg(shared_dir, source_dir, tmp_path_factory):
    """The Cu-Mg run file of tests/cli/assess_lnprob.sh (ZPF weight 2)."""
    data = os.path.join(shared_dir, "data", "espei-datasets")
    d = tmp_path_factory.mktemp("cumg")
    run = d / "run.yaml"
    pm = os.path.join(data, "old-phase-models", "Cu-Mg-input.json")
    ds = os.path.join(data, "datasets", "2-binary", "Cu-Mg")
    db = os.path.join(source_dir, "tests", "assess_lnprob", "cumg-vv.tdb")
    run.write_text("system:\n  phase_models: %s\n  datasets: %s\nmcmc:\n  iterations: 10\n"
                   "  input_db: %s\n  data_weights: {ZPF: 2.0}\n" % (pm, ds, db))
    return {"run": str(run), "pm": pm, "ds": ds, "db": db}


def test_read_datasets_as_json(cumg):
    sets = assess.read_datasets(cumg["ds"])
    assert len(sets) == 29
    kinds = {s.kind for s in sets}
    assert kinds == {"non_equilibrium", "equilibrium", "zpf"}
    for s in sets:
        with open(s.path) as f:
            j = json.load(f)
        d = s.as_dict()
        assert d["output"] == j["output"] and d["phases"] == j["phases"]
        if s.kind != "zpf":
            v = np.array(j["values"], dtype=float)
            assert d["values"].shape == v.shape and np.array_equal(d["values"], v)
        else:
            assert len(d["regions"]) == len(j["values"])
    one = assess.read_dataset(sets[0].path)
    assert one.output == sets[0].output and one.components == sets[0].components


def test_dataset_errors(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"components": ["CU", "MG"], "phases": ["LIQUID"], "output": "HM_MIX",\n'
                   ' "conditions": {"P": 101325, "T": 1000}, "values": [[[1, 2]]],\n'
                   ' "solver": {"mode": "manual", "sublattice_site_ratios": [1],\n'
                   '   "sublattice_configurations": [[["CU", "MG"]]]}}\n')
    with pytest.raises(liquidus.ParseError) as e:
        assess.read_dataset(bad)
    assert e.value.file.endswith("bad.json") and e.value.field
    with pytest.raises(liquidus.FileError):
        assess.read_dataset(tmp_path / "none.json")


def test_dataset_builder_round_trip(tmp_path):
    x = np.array([0.01, 0.02, 0.03])
    a = np.array([1e-12, 2.2e-12, 3.1e-12])
    ds = assess.dataset_activity("ND", "BI", "LIQUID", "DHCP", 973.0, x, a, reference="syn")
    ds.write(tmp_path / "acr.json")
    back = assess.read_dataset(tmp_path / "acr.json").as_dict()
    assert back["output"] == "ACR_ND" and back["reference"] == "syn"
    assert np.array_equal(back["values"][0, 0], a)
    assert np.array_equal(back["conditions"]["X_ND"], x)


def test_read_run(cumg):
    r = assess.read_run(cumg["run"])
    assert r["datasets"] == cumg["ds"] and r["mcmc_input_db"] == cumg["db"]
    assert r["data_weights"]["ZPF"] == 2.0 and r["data_weights"]["HM"] == 1.0
    assert r["iterations"] == 10 and r["chains_per_parameter"] == 2  # ESPEI's default
    assert r["prior"] == [{"name": "zero"}] or r["prior"] == []


def test_paramgen_cumg(cumg):
    # the values of tests/assess_paramgen/test_cumg.c: ESPEI 0.9.1's CU_MG_TDB and an
    # independent least-squares fit, both at ESPEI's 6 printed digits
    r = assess.paramgen(cumg["pm"], cumg["ds"])
    s = r["symbols"]
    assert len(s) == 15
    want = {"VV0000": -32429.6, "VV0007": 17766.4, "VV0008": 150325.0, "VV0009": 21243.0,
            "VV0010": 214671.0, "VV0001": 17917.4, "VV0002": 3393.03, "VV0011": 23411.8,
            "VV0012": 4537.3, "VV0013": -12354.9, "VV0014": -34360.1}
    for k, v in want.items():
        assert s[k] == pytest.approx(v, rel=1e-12), k
    assert "PARAMETER L(LAVES_C15,CU:CU,MG;0) 1 +VV0007; 10000 N !" in r["tdb"]
    liq = [x for x in r["selections"] if x["phase"] == "LIQUID"]
    assert liq and liq[0]["aicc"] == pytest.approx(425.62594655677856, rel=1e-9)


def test_lnprob_matches_command(cumg, run_json):
    lp = assess.LnProb(run=cumg["run"])
    assert lp.params == ["VV%04d" % i for i in range(9)]
    t = lp.terms()
    j = run_json("assess", "--input", cumg["run"], "--lnprob")
    # the same C computation: equal to the JSON's digits
    assert t["lnprob"] == pytest.approx(j["lnprob"], rel=1e-13)
    assert t["prior"] == j["prior"]
    for k in ("non_equilibrium", "equilibrium", "activity", "zpf"):
        assert t[k] == pytest.approx(j["likelihood"][k], rel=1e-13, abs=1e-12), k
    by_file = {d["file"]: d for d in j["datasets"]}
    names = {"unused": "unused", "non_equilibrium": "non-equilibrium",
             "equilibrium": "equilibrium", "activity": "activity", "zpf": "ZPF"}
    assert len(lp.datasets) == len(by_file) == 29
    for i, f in enumerate(lp.datasets):
        d = by_file[f]
        assert names[t["kind"][i]] == d["kind"]
        assert t["dataset"][i] == pytest.approx(d["lnprob"], rel=1e-13)
        assert t["misfit"][i] == pytest.approx(d["misfit"], rel=1e-13)
        assert t["n_residuals"][i] == d["n_residuals"]
    assert t["dataset"].sum() == pytest.approx(t["lnprob"], rel=1e-12)
    assert lp(lp.start) == t["lnprob"] and lp() == t["lnprob"]
    # the same context from keyword arguments
    kw = assess.LnProb(db=cumg["db"], datasets=cumg["ds"], phase_models=cumg["pm"],
                       weights={"ZPF": 2.0})
    assert kw() == t["lnprob"]
    # ZPF weight 1 doubles the ZPF standard deviation: only that term changes
    w1 = assess.LnProb(db=cumg["db"], datasets=cumg["ds"], phase_models=cumg["pm"]).terms()
    assert w1["zpf"] != t["zpf"] and w1["non_equilibrium"] == t["non_equilibrium"]


def test_lnprob_theta_prior_threads(cumg):
    lp = assess.LnProb(run=cumg["run"])
    th = lp.start.copy()
    th[0] *= 1.1
    base, moved = lp(), lp(th)
    assert np.isfinite(moved) and moved != base
    # a normal prior of scale 10 % around each start: ln p at the start is the sum of
    # -ln(s sqrt(2 pi)) (scipy.stats.norm.logpdf at its mean)
    pr = assess.LnProb(db=cumg["db"], datasets=cumg["ds"], phase_models=cumg["pm"],
                       weights={"ZPF": 2.0},
                       prior={"name": "normal", "loc_relative": 1.0, "scale_relative": 0.1})
    s = np.abs(0.1 * lp.start)
    want = float(np.sum(-np.log(s * np.sqrt(2 * np.pi))))
    assert pr.terms()["prior"] == pytest.approx(want, rel=1e-12)
    # calls from several threads (GIL released, serialised on the context) agree
    out = []
    ths = [threading.Thread(target=lambda: out.append(lp(th))) for _ in range(3)]
    for x in ths:
        x.start()
    for x in ths:
        x.join()
    assert out == [moved] * 3
    with pytest.raises(ValueError):
        lp(th[:3])
    with pytest.raises(liquidus.InvalidArgumentError):
        assess.LnProb(db=cumg["db"], datasets=cumg["ds"], prior={"name": "cauchy"})


TDB = """ELEMENT VA VACUUM 0 0 0 !
ELEMENT BI RHOMBOHEDRAL_A7 208.98 0 0 !
ELEMENT ND DHCP 144.24 0 0 !
TYPE_DEFINITION % SEQ * !
FUNCTION VV0001 298.15 1.5; 6000 N !
FUNCTION VV0000 298.15 -5000; 6000 N !
PHASE LIQUID % 1 1 !
CONSTITUENT LIQUID :BI,ND: !
PARAMETER G(LIQUID,BI;0) 298.15 11000-20*T; 6000 N !
PARAMETER G(LIQUID,ND;0) 298.15 7000-10*T; 6000 N !
PARAMETER L(LIQUID,BI,ND;0) 298.15 VV0000+VV0001*T; 6000 N !
PHASE RHOMBOHEDRAL_A7 % 1 1 !
CONSTITUENT RHOMBOHEDRAL_A7 :BI: !
PARAMETER G(RHOMBOHEDRAL_A7,BI;0) 298.15 0; 6000 N !
PHASE DHCP % 1 1 !
CONSTITUENT DHCP :ND: !
PARAMETER G(DHCP,ND;0) 298.15 0; 6000 N !
"""


def test_uq_props_bands(tmp_path, run_json):
    # the trace of tests/cli/uq.sh: 10 walkers x 30 iterations, 20 filled, walker 4 at -inf once
    (tmp_path / "t.tdb").write_text(TDB)
    rng = np.random.default_rng(1)
    tr = np.zeros((10, 30, 2))
    lp = np.zeros((10, 30))
    tr[:, :20, 0] = rng.normal(-5000, 800, (10, 20))
    tr[:, :20, 1] = 1.5
    lp[:, :20] = -3.0
    lp[4, 15] = -np.inf
    np.save(tmp_path / "trace.npy", tr)
    np.save(tmp_path / "lnprob.npy", lp)
    x = np.arange(0.0, 0.2001, 0.05)
    b = assess.uq_props(str(tmp_path / "t.tdb"), tmp_path / "trace.npy", ["HM_MIX", "acr_nd"],
                        T=[973.0], x=x, x_component="ND", components=["BI", "ND"],
                        phase="LIQUID", lnprob=str(tmp_path / "lnprob.npy"), last=9,
                        ref={"ND": "LIQUID"})
    assert b["n_samples"] == 81 and b["n_walkers_dropped"] == 1
    assert b["band"].shape == (2, 1, len(x), 3) and b["props"] == ["HM_MIX", "ACR_ND"]
    keep = [w for w in range(10) if np.all(np.isfinite(lp[w, 11:20]))]
    q = np.quantile(tr[keep, 11:20, 0].ravel(), [0.025, 0.5, 0.975])
    RT = 8.314462618153240 * 973.0
    for i, xi in enumerate(x):
        # HM_MIX = x (1 - x) L0 is linear in VV0000: its quantiles are NumPy's times x(1-x)
        assert np.allclose(b["band"][0, 0, i], xi * (1 - xi) * q, rtol=1e-9, atol=1e-9)
        a = xi * np.exp((q + 1.5 * 973.0) * (1 - xi) ** 2 / RT)
        assert np.allclose(b["band"][1, 0, i], a, rtol=1e-9, atol=1e-15)
    assert not b["n_failed"].any()
    j = run_json("uq", str(tmp_path / "t.tdb"), str(tmp_path / "trace.npy"), "--prop", "HM_MIX",
                 "--phase", "LIQUID", "--T", "973", "--x", "ND=0.1", "--quantiles", "5,50,95",
                 "--burn-in", "5", "--out", str(tmp_path / "j"))
    c = assess.uq_props(str(tmp_path / "t.tdb"), tmp_path / "trace.npy", "HM_MIX", T=[973.0],
                        x=[0.1], x_component="ND", components=["BI", "ND"], phase="LIQUID",
                        burn_in=5, quantiles=[0.05, 0.5, 0.95])
    assert c["n_samples"] == j["n_samples"] == 150
    assert np.allclose(c["band"][0, 0, 0], j["properties"]["HM_MIX"]["band"][0], rtol=1e-14)
    np.save(tmp_path / "bad.npy", np.ones((2, 3, 3)))
    with pytest.raises(liquidus.ParseError) as e:
        assess.uq_props(str(tmp_path / "t.tdb"), tmp_path / "bad.npy", "HM_MIX", T=[973.0],
                        x=[0.1], x_component="ND", components=["BI", "ND"], phase="LIQUID")
    assert "bad.npy" in str(e.value)
    with pytest.raises(liquidus.NotFoundError):
        assess.uq_props(str(tmp_path / "t.tdb"), tmp_path / "trace.npy", "FOO", T=[973.0],
                        x=[0.1], x_component="ND", components=["BI", "ND"], phase="LIQUID")


TOY = """ELEMENT VA VACUUM 0 0 0 !
ELEMENT BI RHOMBOHEDRAL_A7 208.98 0 0 !
ELEMENT ND DHCP 144.24 0 0 !
FUNCTION VV0000 298.15 -200000; 6000 N !
PHASE LIQUID % 1 1 !
CONSTITUENT LIQUID :BI,ND: !
PARAMETER G(LIQUID,BI;0) 298.15 11000-20*T; 6000 N !
PARAMETER G(LIQUID,ND;0) 298.15 7000-10*T; 6000 N !
PARAMETER L(LIQUID,BI,ND;0) 298.15 VV0000; 6000 N !
PHASE DHCP % 1 1 !
CONSTITUENT DHCP :BI,ND: !
PARAMETER G(DHCP,BI;0) 298.15 20000; 6000 N !
PARAMETER G(DHCP,ND;0) 298.15 0; 6000 N !
"""


@pytest.fixture(scope="module")
def toy(tmp_path_factory):
    """A one-parameter Bi-Nd liquid and activities of its regular solution with L0 = -230 kJ/mol
    against DHCP Nd: a = x exp((L0 (1 - x)^2 + G_liq,Nd - G_dhcp,Nd) / RT)."""
    d = tmp_path_factory.mktemp("toy")
    (d / "toy.tdb").write_text(TOY)
    (d / "ds").mkdir()
    T, L0, R = 973.0, -230e3, 8.3145  # pycalphad's R, as the likelihood uses
    x = np.linspace(0.005, 0.05, 10)
    a = x * np.exp((L0 * (1 - x) ** 2 + (7000 - 10 * T)) / (R * T))
    assess.dataset_activity("ND", "BI", "LIQUID", "DHCP", T, x, a).write(d / "ds" / "acr.json")
    return assess.LnProb(db=d / "toy.tdb", datasets=d / "ds", components=["BI", "ND"])


def test_toy_lnprob_peaks_at_the_generating_value(toy):
    assert toy.params == ["VV0000"]
    L = np.linspace(-240e3, -220e3, 41)
    v = np.array([toy([p]) for p in L])
    # an exact fit: the misfit vanishes at L0 = -230 kJ/mol (grid step 500 J/mol)
    assert L[v.argmax()] == pytest.approx(-230e3, abs=1)
    t = toy.terms([-230e3])
    assert t["misfit"][0] == pytest.approx(0.0, abs=1e-6)
    # the rest is the Gaussians' constant: -n ln(500 sqrt(2 pi))
    assert t["lnprob"] == pytest.approx(-10 * np.log(500 * np.sqrt(2 * np.pi)), rel=1e-9)


def test_sample_is_deterministic_and_consistent(toy, tmp_path):
    r = toy.sample(iterations=6, seed=7, trace_path=tmp_path / "trace.npy",
                   lnprob_path=tmp_path / "lnprob.npy")
    assert r["trace"].shape == (2, 6, 1) and r["lnprob"].shape == (2, 6) and r["n_done"] == 6
    # every stored log-probability is the context's value at the stored point
    for w in range(2):
        for i in range(6):
            assert r["lnprob"][w, i] == toy(r["trace"][w, i])
    assert np.array_equal(np.load(tmp_path / "trace.npy"), r["trace"])
    assert np.array_equal(np.load(tmp_path / "lnprob.npy"), r["lnprob"])
    assert r["trace"][0, 0, 0] != 0 and r["best_lnprob"] == r["lnprob"].max()
    again = toy.sample(iterations=6, seed=7)
    assert np.array_equal(again["trace"], r["trace"])
    other = toy.sample(iterations=6, seed=8)
    assert not np.array_equal(other["trace"], r["trace"])
    with pytest.raises(ValueError):
        toy.sample(iterations=2, theta0=[1.0, 2.0])


def test_builders_and_check(source_dir, tmp_path):
    hm = assess.dataset_hm_form(["ND", "BI"], [1, 2], "NDBI2", 298.15, -250000.0, "dft")
    d = hm.as_dict()
    assert d["output"] == "HM_FORM" and d["kind"] == "non_equilibrium"
    assert d["values"].ravel().tolist() == [-250000.0] and list(d["site_ratios"]) == [1, 2]
    z = assess.dataset_zpf("ND", "BI", ["LIQUID", "NDBI2"], [773.15, 873.15],
                           [[0.0291, np.nan], [0.05, 2 / 3]], reference="syn")
    regs = z.as_dict()["regions"]
    assert [r["T"] for r in regs] == [773.15, 873.15]
    assert np.isnan(regs[0]["vertices"][1]["x"][0]) and regs[1]["vertices"][1]["x"][0] == 2 / 3
    (tmp_path / "ds").mkdir()
    hm.write(tmp_path / "ds" / "hm.json")
    z.write(tmp_path / "ds" / "zpf.json")
    bad = os.path.join(source_dir, "tests", "assess_data", "bad", "missing_T.json")
    (tmp_path / "ds" / "bad.json").write_text(open(bad).read())
    good, errors = assess.check_datasets(tmp_path / "ds")
    assert sorted(g.output for g in good) == ["HM_FORM", "ZPF"]
    assert len(errors) == 1 and "bad.json" in errors[0]
    with pytest.raises(liquidus.ParseError):
        assess.read_datasets(tmp_path / "ds")  # one bad file fails the strict reader
    with pytest.raises(liquidus.InvalidArgumentError):
        assess.dataset_zpf("ND", "BI", ["LIQUID"], [773.0, 873.0], [0.1])
