# SPDX-License-Identifier: GPL-3.0-or-later
"""Whole-record echem analyses through Python vs the `liquidus` command on the same files."""

import math
import os
import random

import numpy as np
import pytest

import liquidus
from conftest import read_csv
from liquidus import echem

R, F = 8.314462618153240, 96485.33212331002


def echem_file(shared_dir, name):
    return os.path.join(shared_dir, "data", "echem", name)


def write_titrations(d):
    """The synthetic Nd-into-Bi titrations of tests/cli/echem_analyses.sh (gamma = 1e-12,
    solubility 2.91 mol% at 873 K and 5.65 mol% at 973 K, vs Nd-Sn)."""
    random.seed(1)
    paths = []
    for T, xs in ((873.0, 0.0291), (973.0, 0.0565)):
        nbi = 2.02 / 208.98
        e2 = 0.590 + 1.52e-4 * T
        p = os.path.join(d, "tit_%d.csv" % T)
        with open(p, "w") as f:
            f.write("time_s,E_V,I_A\n")
            t, nnd = 0.0, 0.0
            for _ in range(30):
                for _ in range(110):
                    f.write("%.1f,%.6f,%.6e\n" % (t, -0.05, -12.5e-3))
                    t += 5.0
                nnd += 12.5e-3 * 550.0 / (3 * F)
                x = nnd / (nnd + nbi)
                e = -R * T / (3 * F) * (math.log(1e-12) + math.log(min(x, xs))) - e2
                for _ in range(720):
                    f.write("%.1f,%.7f,0\n" % (t, e + random.gauss(0, 3e-4)))
                    t += 5.0
        paths.append(p)
    return paths


def test_emf_analyse_matches_command(tmp_path, run_json):
    paths = write_titrations(str(tmp_path))
    a = echem.emf_analyse(paths, [873.0, 973.0], 2.02 / 208.98, ref="NdSn", to="Nd",
                          solute="Nd", solvent="Bi", solid_phase="NDBI2", ref_phase="DHCP")
    j = run_json("emf", *paths, "--T", "873,973", "--solvent-g", "2.02",
                 "--solvent-molar-mass", "208.98", "--ref", "NdSn", "--to", "Nd", "--solute",
                 "Nd", "--solvent", "Bi", "--solid-phase", "NDBI2", "--ref-phase", "DHCP",
                 "--out", str(tmp_path / "cmd"), cwd=str(tmp_path))
    assert len(a["runs"]) == 2
    for run, t in zip(a["runs"], j["temperatures"]):
        assert run["T_K"] == t["T_K"] and len(run["E_V"]) == t["steps"] == 30
        s, ts = run["solubility"], t["solubility"]
        # the same C computation: equal to the JSON's 17 digits
        assert s["x_sat"] == pytest.approx(ts["x_sat"], rel=1e-14)
        assert s["E_plateau_V"] == pytest.approx(ts["E_plateau_V"], rel=1e-14)
        assert s["n_plateau"] == ts["plateau_points"] and s["n_liquid"] == ts["liquid_points"]
        assert run["ln_gamma_mean"] == pytest.approx(t["ln_gamma_liquid_mean"], rel=1e-14)
        # Henrian ln gamma of the synthetic data: ln 1e-12 = -27.631 (noise 0.3 mV: 5 %)
        assert abs(run["ln_gamma_mean"] - math.log(1e-12)) < 0.05
        ds = run["acr_dataset"]
        assert isinstance(ds, liquidus.assess.Dataset) and ds.output == "ACR_ND"
        v = ds.as_dict()["values"]
        assert v.shape == (1, 1, run["n_liquid"])
        assert np.allclose(v[0, 0], run["acr_activity"], rtol=1e-15, atol=0)
    # the steps table the command writes (%.17g), column by column
    tab = read_csv(str(tmp_path / "cmd.emf.csv"))
    sel = tab["T_K"] == 873
    r0 = a["runs"][0]
    assert np.array_equal(tab["x_solute"][sel], r0["steps"]["x_solute"])
    assert np.array_equal(tab["E_V"][sel], r0["E_V"])
    assert np.array_equal(tab["ln_gamma"][sel], r0["ln_gamma"])
    assert np.array_equal(tab["E_meas_V"][sel], r0["steps"]["E_measured_V"])
    pt = a["plateau_vs_T"]
    assert pt["S_J_per_mol_K"] == pytest.approx(j["plateau_vs_T"]["dS_J_per_mol_K"], rel=1e-14)
    assert pt["H_J_per_mol"] == pytest.approx(j["plateau_vs_T"]["dH_J_per_mol"], rel=1e-14)
    le = a["liquid_excess_vs_T"]
    assert le["H_ex_J_per_mol"] == pytest.approx(j["liquid_excess_vs_T"]["H_ex_J_per_mol"],
                                                 rel=1e-12)
    zpf = a["zpf_dataset"].as_dict()
    assert zpf["kind"] == "zpf" and len(zpf["regions"]) == 2
    assert [r["T"] for r in zpf["regions"]] == [873.0, 973.0]
    # a written dataset reads back through the assess reader
    a["zpf_dataset"].write(tmp_path / "zpf.json")
    back = liquidus.assess.read_dataset(tmp_path / "zpf.json").as_dict()
    assert back["regions"][1]["vertices"][0]["phase"] == zpf["regions"][1]["vertices"][0]["phase"]


def test_emf_analyse_errors(tmp_path):
    paths = write_titrations(str(tmp_path))
    with pytest.raises(ValueError):
        echem.emf_analyse(paths, [873.0], 0.01)  # one temperature for two files
    with pytest.raises(liquidus.InvalidArgumentError) as e:
        echem.emf_analyse(paths[:1], [873.0], -1.0)  # n_solvent_mol must be > 0
    assert e.value.status_name
    with pytest.raises(liquidus.FileError) as e:
        echem.emf_analyse([str(tmp_path / "none.csv")], [873.0], 0.01)
    assert "none.csv" in e.value.file


def test_swv_analyse_matches_command(shared_dir, run_json):
    path = echem_file(shared_dir, "palmsens_swv.pssession")
    a = echem.swv_analyse(path, 298.15)
    j = run_json("swv", path, "--T", "298.15")
    assert len(a["segments"]) == len(j["segments"]) == 3 and a["n_analysed"] == 3
    for s, js in zip(a["segments"], j["segments"]):
        assert s["ok"] and s["status"] == "success" and s["message"] is None
        pk = s["peaks"]
        assert len(pk["E_V"]) == len(js["peaks"])
        for k, p in enumerate(js["peaks"]):
            assert pk["E_V"][k] == pytest.approx(p["E_V"], rel=1e-14)
            assert pk["n_electrons"][k] == pytest.approx(p["n_electrons"], rel=1e-14)
        assert s["base_a_A"] == pytest.approx(js["baseline_a_A"], rel=1e-14)
        assert s["model_A"].shape == s["E_V"].shape == (s["count"],)
        # the model is a fit of the data: its rms residual is the reported one
        rms = np.sqrt(np.mean((s["model_A"] - s["I_A"]) ** 2))
        assert rms == pytest.approx(s["rms_A"], rel=1e-6)


def test_ocp_and_summary_match_command(shared_dir, run_json):
    path = echem_file(shared_dir, "gamry_ocp.DTA")
    a = echem.ocp_analyse(path)
    j = run_json("ocp", path)
    for s, js in zip(a["segments"], j["segments"]):
        assert len(s["E_V"]) == len(js["plateaus"])
        for k, p in enumerate(js["plateaus"]):
            assert s["E_V"][k] == pytest.approx(p["E_V"], rel=1e-14)
            assert s["duration_s"][k] == pytest.approx(p["duration_s"], rel=1e-14)
    assert any(abs(e - 0.0203) < 1e-3 for s in a["segments"] for e in s["E_V"])
    cols = echem.summary(path)
    jc = run_json("read", path)["columns"]
    assert [c["name"] for c in cols] == [c["name"] for c in jc]
    for c, k in zip(cols, jc):
        assert c["unit"] == k["unit"]
        assert c["first"] == pytest.approx(k["first"], rel=1e-14)
        assert c["last"] == pytest.approx(k["last"], rel=1e-14)


def test_ca_record_matches_command(shared_dir, run_json):
    path = echem_file(shared_dir, "autolab_nova_chrono.txt")
    a = echem.ca_record_analyse(path, n_electrons=2, area_m2=1e-5, conc_mol_per_m3=10)
    j = run_json("ca", path, "--n", "2", "--area", "1e-5", "--conc", "10")
    s, js = a["segments"][0], j["segments"][0]
    assert s["ok"]
    assert s["t0_s"] == pytest.approx(js["t0_s"], rel=1e-14)
    r = s["result"]
    assert r["has_cottrell"] and r["mode"] == js["nucleation"]
    assert r["D_m2_per_s"] == pytest.approx(js["cottrell"]["D_m2_per_s"], rel=1e-14)
    assert r["cot_end"] - r["cot_start"] == js["cottrell"]["points"]
    assert len(s["cottrell_I_A"]) == js["cottrell"]["points"]
    assert a["sh_t_over_tm"].shape == (200,)


def test_cv_analyse_diffusion_matches_command(tmp_path, run_json):
    # the synthetic voltammograms of tests/cli/echem_analyses.sh: Berzins-Delahay peaks with
    # D = 1.5e-9 m^2/s (n = 2, A = 0.322 cm^2, C = 50 mol/m^3, 973 K) at 0.05, 0.1, 0.2 V/s
    n, A, C, D, T = 2, 0.322e-4, 50.0, 1.5e-9, 973.0
    paths = []
    for v in (0.05, 0.1, 0.2):
        ip = 0.6105 * n * F * A * C * math.sqrt(n * F * v * D / (R * T))
        p = tmp_path / ("cv_%g.csv" % v)
        with open(p, "w") as f:
            f.write("time_s,E_V,I_A\n")
            for i in range(2001):
                E = -0.001 * i if i <= 1000 else -1.0 + 0.001 * (i - 1000)
                if i <= 1000:
                    cur = -2e-5 - ip * math.exp(-((E + 0.5) / 0.05) ** 2)
                else:
                    cur = 2e-5 + 0.8 * ip * math.exp(-((E + 0.4) / 0.05) ** 2)
                f.write("%.6f,%.6f,%.9e\n" % (0.001 * i / v, E, cur))
        paths.append(str(p))
    a = echem.cv_analyse(paths, diffusion=True, n_electrons=2, area_m2=0.322e-4,
                         conc_mol_per_m3=50, T_K=973)
    j = run_json("cv", *paths, "--n", "2", "--area", "0.322e-4", "--conc", "50", "--T", "973",
                 "--out", str(tmp_path / "bd"))
    d = a["diffusion"]
    assert abs(d["D_m2_per_s"] / 1.5e-9 - 1) < 0.03
    assert d["D_m2_per_s"] == pytest.approx(j["diffusion"]["D_m2_per_s"], rel=1e-14)
    assert d["log"]["b"] == pytest.approx(j["diffusion"]["dlnIp_dlnv"], rel=1e-14)
    assert np.allclose(d["v_V_per_s"], [0.05, 0.1, 0.2], rtol=1e-6)
    for f, jf in zip(a["files"], j["files"]):
        assert len(f["sweeps"]) == len(jf["sweeps"]) == 2
        s = f["sweeps"][0]
        assert s["ok"] and s["direction"] == -1 and jf["sweeps"][0]["direction"] == "cathodic"
        assert s["peaks"]["cathodic"][0] and s["peaks"]["E_V"][0] == pytest.approx(-0.5, abs=2e-3)
        assert f["largest_cathodic_Ip_A"] == pytest.approx(jf["largest_cathodic_Ip_A"], rel=1e-14)
    with pytest.raises(ValueError):
        echem.cv_analyse(paths, model="nernst")
    # reversibility as the command computes it: dEp against 2.218 RT/2F at 973 K, Nicholson's
    # baseline under the return peak and |Ipa/Ipc|, the same numbers as the JSON
    r = echem.cv_analyse(paths[1], n_electrons=2, T_K=973, D_m2_per_s=1.5e-9)
    jr = run_json("cv", paths[1], "--n", "2", "--T", "973", "--D", "1.5e-9",
                  "--out", str(tmp_path / "rev"))
    c, jc = r["files"][0]["cycles"][0], jr["files"][0]["cycles"][0]
    assert c["dEp_rev_V"] == pytest.approx(2.218 * R * 973 / (2 * F), rel=1e-12)
    assert c["ip_ratio"] == pytest.approx(jc["Ip_ratio_return_forward"], rel=1e-14)
    assert c["psi"] == pytest.approx(jc["psi"], rel=1e-14)
    assert r["files"][0]["sweeps"][1]["peaks"]["base_kind"][0] == "nicholson"
    dc = echem.cv_analyse(paths[1], T_K=973, deconv=True)["files"][0]["sweeps"][0]["deconv"]
    jd = run_json("cv", paths[1], "--T", "973", "--deconv", "--out", str(tmp_path / "dc"))
    jc0 = jd["files"][0]["sweeps"][0]["deconvolution"]["components"][0]
    assert dc[0]["E_half_V"] == pytest.approx(jc0["E_half_V"], rel=1e-12)
    assert dc[0]["n"] == pytest.approx(jc0["n"], rel=1e-12)


def test_cv_report_is_the_command_json(tmp_path, run_json):
    # report=True: the fields lq_echem_cv_report gives are what `liquidus cv` writes as JSON
    # (the command adds only the figure paths); units by name, the text the command prints.
    E = np.concatenate([0.3 - 0.001 * np.arange(601), -0.3 + 0.001 * np.arange(1, 601)])
    cur = -1e-5 * np.exp(-((E + 0.05) / 0.03) ** 2) * (np.arange(E.size) <= 600)
    cur += 8e-6 * np.exp(-((E - 0.01) / 0.03) ** 2) * (np.arange(E.size) > 600)
    p = tmp_path / "w.csv"
    with open(p, "w") as f:
        f.write("time_s,E_V,I_A\n")
        for k in range(E.size):
            f.write("%.6f,%.6f,%.9e\n" % (0.01 * k, E[k], cur[k]))
    a = echem.cv_analyse(str(p), names=[str(p)], n_electrons=1, T_K=298.15, D_m2_per_s=1e-9,
                         deconv=True, report=True)
    j = run_json("cv", str(p), "--n", "1", "--T", "298.15", "--D", "1e-9", "--deconv",
                 "--out", str(tmp_path / "w"))
    j.pop("figure")
    rep = a["report"]

    def same(x, y):
        if isinstance(x, dict):
            return isinstance(y, dict) and list(x) == list(y) and all(same(x[k], y[k]) for k in x)
        if isinstance(x, list):
            return isinstance(y, list) and len(x) == len(y) and all(map(same, x, y))
        if isinstance(x, float) and not math.isfinite(x):
            return y is None
        if isinstance(x, float):  # cJSON writes 15 digits when they give the double within eps
            return y == pytest.approx(x, rel=1e-14, abs=0)
        return x == y

    assert same(rep["fields"], j)
    assert rep["units"]["E_V"] == "V" and rep["units"]["k0_m_per_s"] == "m/s"
    assert rep["fields"]["files"][0]["sweeps"][0]["deconvolution"]["components"]
    assert rep["text"].startswith(str(p) + ": 2 sweeps\n") and "  cycle 1: dEp" in rep["text"]
    assert "report" not in echem.cv_analyse(str(p))
