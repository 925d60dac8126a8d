# SPDX-License-Identifier: GPL-3.0-or-later
"""Structures, XRD, E(V) fits and the hull through Python vs the C command and known values."""

import os

import numpy as np
import pytest

import liquidus
from conftest import read_csv
from liquidus import dft


def data(source_dir, name):
    return os.path.join(source_dir, "tests", "dft", "data", name)


def test_structure_and_xrd_match_command(source_dir, run_json):
    path = data(source_dir, "NaCl_B1.POSCAR")
    s = dft.read_structure(path)
    n = len(s["z"])
    assert s["lattice_A"].shape == (3, 3) and s["frac"].shape == (n, 3)
    assert sorted(set(s["species"])) == ["Cl", "Na"] and s["n_atoms"] == pytest.approx(n)
    assert s["volume_A3"] == pytest.approx(abs(np.linalg.det(s["lattice_A"])), rel=1e-12)
    p = dft.xrd(path)
    c = run_json("xrd", path)[0]["peaks"]
    assert p["two_theta_deg"].shape == (len(c),) and p["hkl"].shape == (len(c), 3)
    assert np.allclose(p["two_theta_deg"], [q["two_theta_deg"] for q in c], rtol=1e-12)
    assert np.allclose(p["intensity"], [q["intensity"] for q in c], rtol=1e-9)
    assert [list(h) for h in p["hkl"]] == [q["hkl"] for q in c]
    # the same pattern from the structure dict (round trip through Python)
    p2 = dft.xrd(s)
    assert np.allclose(p2["two_theta_deg"], p["two_theta_deg"], rtol=1e-12)


def test_eos_matches_command(source_dir, run_json):
    path = data(source_dir, "ev_NdBi_rocksalt.csv")
    ev = read_csv(path)
    c = {r["model"]: r for r in run_json("eos", path)}
    for model in ("poly4", "bm3", "vinet"):
        r = dft.eos_fit(ev["volume_A3"], ev["energy_eV"], model)
        assert r["model"] == model
        assert r["v0_A3"] == pytest.approx(c[model]["V0_A3"], rel=1e-9)
        assert r["b0_GPa"] == pytest.approx(c[model]["B0_GPa"], rel=1e-7)
        assert r["e0_eV"] == pytest.approx(c[model]["E0_eV"], rel=1e-9)
    with pytest.raises(liquidus.NotFoundError):
        dft.eos_fit(ev["volume_A3"], ev["energy_eV"], "nonsense")
    with pytest.raises(liquidus.InvalidArgumentError):
        dft.eos_fit([1.0, 2.0], [0.0, 1.0], "bm3")


def test_hull_by_hand():
    # elements at 0 eV/atom; AB at -0.5, A2B at -0.2 (above the line A - AB: -1/3 there)
    h = dft.hull(["Nd", "Bi2", "NdBi", "Nd2Bi"], [-4.0, -8.0, 2 * -4.0 - 1.0, 3 * -4.0 - 0.6])
    assert h["elements"] == ["Nd", "Bi"]
    assert np.allclose(h["reference_eV_per_atom"], [-4.0, -4.0], atol=1e-12)
    assert np.allclose(h["eform_eV_per_atom"], [0.0, 0.0, -0.5, -0.2], atol=1e-12)
    assert np.allclose(h["e_above_hull_eV_per_atom"], [0.0, 0.0, 0.0, -0.2 + 1.0 / 3.0],
                       atol=1e-12)
    with pytest.raises(liquidus.Error):
        dft.hull(["Xx2"], [0.0])


def test_hull_file_matches_command(source_dir, run_json, tmp_path):
    path = data(source_dir, "hull_NdBi.csv")
    h = dft.hull_file(path, datasets="stable")
    j = run_json("hull", path, "--espei", str(tmp_path))
    assert h["names"] == [e["name"] for e in j]
    assert np.allclose(h["eform_eV_per_atom"], [e["Ef_eV_per_atom"] for e in j], rtol=1e-14,
                       atol=1e-15)
    assert np.allclose(h["e_above_hull_eV_per_atom"], [e["Ehull_eV_per_atom"] for e in j],
                       rtol=1e-14, atol=1e-15)
    assert list(h["stable"]) == [e["stable"] for e in j]
    for dec, e in zip(h["decomposition"], j):
        assert [n for n, _ in dec] == [p["name"] for p in e["decomposition"]]
        assert np.allclose([f for _, f in dec], [p["atom_fraction"] for p in e["decomposition"]],
                           rtol=1e-14)
    # the datasets are the ones the command wrote (6 stable compounds), value for value
    files = sorted(os.listdir(tmp_path))
    assert sorted(h["datasets"]) == files and len(files) == 6
    for name, ds in h["datasets"].items():
        ds.write(tmp_path / ("py-" + name))
        a = liquidus.assess.read_dataset(tmp_path / name).as_dict()
        b = liquidus.assess.read_dataset(tmp_path / ("py-" + name)).as_dict()
        assert a["output"] == b["output"] == "HM_FORM"
        assert np.array_equal(a["values"], b["values"]) and a["phases"] == b["phases"]
    with pytest.raises(ValueError):
        dft.hull_file(path, datasets="some")


def test_ev_read_and_formula(source_dir):
    p = dft.ev_read(data(source_dir, "ev_NdBi_rocksalt.csv"))
    tab = read_csv(data(source_dir, "ev_NdBi_rocksalt.csv"))
    assert np.array_equal(p["V_A3"], tab["volume_A3"]) and np.array_equal(p["E_eV"],
                                                                          tab["energy_eV"])
    # the poly4 fit of these points gives pymatgen's V0 (tests/cli/dft.sh)
    assert dft.eos_fit(p["V_A3"], p["E_eV"], "poly4")["v0_A3"] == pytest.approx(66.10851034,
                                                                                 abs=1e-5)
    assert dft.structure_formula(data(source_dir, "NaCl_B1.POSCAR")) == "NaCl"
    assert dft.structure_formula(data(source_dir, "Bi_A7.cif")) == "Bi"
    with pytest.raises(liquidus.FileError):
        dft.ev_read(data(source_dir, "none.csv"))


def test_xrd_profiles_match_command(source_dir, bin_path, run_json, tmp_path):
    import subprocess
    nd = data(source_dir, "NdBi_B1.cif")
    p = dft.xrd_profiles(nd, fwhm_deg=0.12, two_theta_min_deg=20, two_theta_max_deg=70)
    prof = tmp_path / "prof.csv"
    subprocess.run([bin_path, "xrd", "-q", "--fwhm", "0.12", "--range", "20:70", "--profile",
                    str(prof), nd], check=True, capture_output=True)
    with open(prof) as f:
        rows = [ln.split(",") for ln in f if not ln.startswith("#")][1:]
    tab = np.array([[float(v) for v in r] for r in rows])
    assert np.array_equal(p["two_theta_deg"], tab[:, 0])
    assert np.allclose(p["profile"][0], tab[:, 1], rtol=1e-14, atol=0)
    # a "measured" pattern 40 + 5 y of NdBi (as tests/cli/dft.sh): NdBi ranks first with
    # R_wp ~ 0, scale 5 and background 40 (the 4-decimal rounding of the file limits them)
    meas = tmp_path / "meas.xy"
    meas.write_text("".join("%s %.4f\n" % (r[0], 40 + 5 * float(r[1])) for r in rows))
    files = [data(source_dir, n) for n in ("Mg_hcp.cif", "NdBi_B1.cif", "Bi_A7.cif")]
    m = dft.xrd_profiles(files, measured=meas, fwhm_deg=0.12, two_theta_min_deg=20,
                         two_theta_max_deg=70)
    assert m["rank"][0] == 1 and m["r_wp"][1] < 1e-4
    assert m["scale"][1] == pytest.approx(5, rel=1e-6)
    assert m["background"][1] == pytest.approx(40, rel=1e-6)
    j = run_json("xrd", "--fwhm", "0.12", "--range", "20:70", "--measured", str(meas), *files)
    assert [e["structure"] for e in j] == [files[i] for i in m["rank"]]
    for e in j:
        i = files.index(e["structure"])
        assert m["r_wp"][i] == pytest.approx(e["R_wp"], rel=1e-12)
    # the same measured pattern given as arrays
    xy = np.loadtxt(meas)
    a = dft.xrd_profiles(files, measured=(xy[:, 0], xy[:, 1]), fwhm_deg=0.12,
                         two_theta_min_deg=20, two_theta_max_deg=70)
    assert np.array_equal(a["r_wp"], m["r_wp"])
    with pytest.raises(liquidus.InvalidArgumentError):
        dft.xrd_profiles(nd, fwhm_deg=-1)
