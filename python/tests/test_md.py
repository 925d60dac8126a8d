# SPDX-License-Identifier: GPL-3.0-or-later
"""g(r) and MSD from a short liquidus MD run, through Python vs `liquidus rdf` / `liquidus msd`."""

import subprocess

import numpy as np
import pytest

import liquidus
from liquidus import md


@pytest.fixture(scope="module")
def dump(bin_path, tmp_path_factory):
    d = tmp_path_factory.mktemp("md")
    run = lambda *a: subprocess.run([bin_path, *a, "--quiet"], check=True, cwd=d,  # noqa: E731
                                    capture_output=True)
    run("build", "NaCl", "--ions", "64", "--density", "1.5", "--T", "1500", "--seed", "3",
        "--min-sep", "2.4", "--out", "nacl64.data")
    run("md", "run", "--data", "nacl64.data", "--potential", "tosi_fumi_NaCl.pot", "--ensemble",
        "nvt", "--T", "1500", "--dt", "1", "--steps", "400", "--thermo", "10", "--dump", "20",
        "--cutoff", "6", "--kspace", "ewald", "--out", "lq64", "--threads", "1")
    return str(d / "lq64.lammpstrj")


def test_rdf_matches_command(dump, run_json):
    r = md.rdf(dump, types="Na,Cl")
    c = run_json("rdf", dump, "--types", "Na,Cl")
    assert r["n_frames"] == c["frames"] == 21
    nb = r["r_A"].shape[0]
    assert r["g"].shape == (3, nb) and r["cn_ab"].shape == (3, nb)
    assert r["pairs"] == [(p["a"], p["b"]) for p in c["pairs"]]
    assert np.allclose(r["r_peak_A"], [p["r_peak_A"] for p in c["pairs"]], rtol=1e-12)
    assert np.allclose(r["g_peak"], [p["g_peak"] for p in c["pairs"]], rtol=1e-12)
    assert r["r_max_A"] == pytest.approx(c["rmax_A"], rel=1e-12)


def test_msd_matches_command(dump, run_json):
    # frames every 20 steps of 1 fs
    m = md.msd(dump, dt_ps=0.02, types="Na,Cl")
    c = run_json("msd", dump, "--types", "Na,Cl", "--dt", "0.02")
    assert m["species"] == ["Na", "Cl"]
    assert m["msd_A2"].shape == (2, m["t_ps"].shape[0])
    assert m["msd_A2"][:, 0] == pytest.approx([0.0, 0.0], abs=1e-12)
    assert np.allclose(m["D_cm2_s"], [s["D_cm2_s"] for s in c["species"]], rtol=1e-12)


def test_md_errors(tmp_path):
    cut = tmp_path / "cut.dump"
    cut.write_text("ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n2\nITEM: BOX BOUNDS pp pp pp\n")
    with pytest.raises(liquidus.Error) as ei:
        md.rdf(str(cut), types="Na,Cl")
    assert str(cut) in str(ei.value)


def test_redox_closed_form():
    # dG = E_red + (n/2) mu(Cl2) - E_ox, E = -dG / (n e) (eV -> V), Ag/AgCl: -1.0910 + 1.17e-5 T
    r = md.redox(-1000.0, -994.0, 2, -6.0, 973.0, 0.03, 0.04)
    dG = -994.0 + (2 / 2) * -6.0 - -1000.0
    assert r["dG_eV"] == pytest.approx(dG, abs=1e-12)
    assert r["E_vs_cl2_V"] == pytest.approx(-dG / 2, abs=1e-12)
    assert r["E_err_V"] == pytest.approx(np.hypot(0.03, 0.04) / 2, rel=1e-12)
    assert r["E_vs_agagcl_V"] == pytest.approx(-dG / 2 - (-1.0910 + 1.17e-5 * 973.0), abs=1e-12)
    with pytest.raises(liquidus.InvalidArgumentError):
        md.redox(-1000.0, -994.0, 0, -6.0, 973.0)


def test_rdf_density_and_msd_frame_time(dump, run_json):
    r = md.rdf(dump, types="Na,Cl")
    c = run_json("rdf", dump, "--types", "Na,Cl")
    assert r["density_g_cm3"] == pytest.approx(c["density_g_cm3"], rel=1e-14)
    assert r["dr_A"] == pytest.approx(c["dr_A"], rel=1e-14)
    # NVT at the built density 1.5 g/cm^3: constant box
    assert r["density_g_cm3"] == pytest.approx(1.5, rel=1e-12)
    # the frame time from the dump's TIMESTEP values (every 20 steps of 1 fs) equals dt_ps=0.02
    a = md.msd(dump, types="Na,Cl")
    b = md.msd(dump, dt_ps=0.02, types="Na,Cl")
    assert a["dt_ps"] == pytest.approx(0.02, rel=1e-12)
    assert np.allclose(a["D_cm2_s"], b["D_cm2_s"], rtol=1e-12)


def test_series_stats_matches_energy_command(dump, run_json):
    import os
    from conftest import read_csv
    thermo = os.path.join(os.path.dirname(dump), "lq64.thermo.csv")
    e = read_csv(thermo)["etot_eV"]
    s = md.series_stats(e)
    c = run_json("energy", thermo)
    assert c["column"] == "etot_eV" and len(e) == c["n_points"]
    assert s["t0"] == c["first_used"] and s["t0_detected"] == c["equilibration_detected"]
    assert s["mean"] == pytest.approx(c["mean"], rel=1e-14)
    assert s["mean"] == pytest.approx(np.mean(e[s["t0"]:]), rel=1e-12)
    assert s["sem"] == pytest.approx(c["sem_block"], rel=1e-14)
    assert s["sem_converged"] == c["block_plateau_found"]
    assert s["g_chodera"] == pytest.approx(c["statistical_inefficiency_chodera"], rel=1e-14)
    assert len(s["hist_count"]) == c["histogram_bins"]
    assert s["hist_count"].sum() == s["n_used"]
    with pytest.raises(liquidus.InvalidArgumentError):
        md.series_stats(np.ones(40))
