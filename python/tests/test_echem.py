# SPDX-License-Identifier: GPL-3.0-or-later
"""Potentiostat files and echem analyses through Python vs the C command and closed forms."""

import math
import os
import subprocess

import numpy as np
import pytest

import liquidus
from conftest import read_csv
from liquidus import echem


def test_read_matches_command_csv(shared_dir, bin_path, tmp_path, run_json):
    path = os.path.join(shared_dir, "data", "echem", "gamry_cv_decimal_comma.DTA")
    r = echem.read(path)
    cols, units = r["columns"], r["units"]
    n = r["n"]
    assert r["technique"] == "CV" and r["format"] == "gamry-dta" and r["decimal_comma"]
    for k, u in (("time_s", "s"), ("potential_V", "V"), ("current_A", "A")):
        assert cols[k].shape == (n,) and cols[k].dtype == np.float64 and units[k] == u
    assert cols["cycle"].shape == (n,)
    # the command's SI CSV of the same file, column by column (written with %.17g: exact)
    csv = tmp_path / "a.csv"
    subprocess.run([bin_path, "read", path, "--csv", str(csv), "--quiet"], check=True,
                   capture_output=True)
    tab = read_csv(csv)
    assert len(tab["time_s"]) == n
    assert np.array_equal(tab["time_s"], cols["time_s"])
    assert np.array_equal(tab["E_V"], cols["potential_V"])
    assert np.array_equal(tab["I_A"], cols["current_A"])
    j = run_json("read", path)
    assert j["rows"] == n and j["technique"] == r["technique"]
    assert r["scan_rate_V_per_s"] == pytest.approx(j["scan_rate_V_per_s"], rel=1e-12)
    extras = [c["name"] for c in j["columns"] if c["name"] not in ("time_s", "E_V", "I_A")]
    for name in extras:
        assert name in cols and cols[name].shape == (n,)


def test_read_errors(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("hello world\nno numbers here\n")
    with pytest.raises(liquidus.ParseError) as ei:
        echem.read(str(bad))
    assert ei.value.file.endswith("bad.txt") and ei.value.line == 2
    assert "bad.txt:2: expected numbers" in str(ei.value)
    with pytest.raises(liquidus.FileError):
        echem.read(str(tmp_path / "none.mpt"))
    with pytest.raises(ValueError, match="unknown format"):
        echem.read(str(bad), format="no-such-format")


def test_ref_convert_closed_form():
    # echem.h: -1.49 V vs Ag/AgCl at 973 K is -1.49 - 1.0910 + 1.17e-5 * 973 V vs Cl2/Cl-
    want = -1.49 - 1.0910 + 1.17e-5 * 973
    assert echem.ref_convert(-1.49, 973.0, "AgAgCl") == pytest.approx(want, abs=1e-12)
    E = np.array([[-1.49, -1.0], [0.0, 0.5]])
    out = echem.ref_convert(E, 973.0, "AgAgCl", "Cl2")
    assert out.shape == (2, 2)
    assert np.allclose(out, E - 1.0910 + 1.17e-5 * 973, atol=1e-12)
    with pytest.raises(liquidus.Error):
        echem.ref_convert(0.0, 973.0, "NoSuchElectrode")


def test_swv_recovers_gaussians():
    # synthetic voltammogram: baseline + two Gaussians; the fit recovers them (noise-free data:
    # the nonlinear fit converges to its 1e-8-level tolerances)
    E = np.linspace(-2.6, -1.6, 400)
    s = 0.04
    I = 1e-5 + 2e-6 * E + 3e-4 * np.exp(-(E + 2.2) ** 2 / (2 * s * s)) \
        + 1.2e-4 * np.exp(-(E + 1.95) ** 2 / (2 * s * s))
    r = echem.swv_fit(E, I, 973.0)
    assert r["E_V"].shape == (2,)
    assert np.allclose(r["E_V"], [-2.2, -1.95], atol=1e-6)
    w = 2 * math.sqrt(2 * math.log(2)) * s
    assert np.allclose(r["w_half_V"], w, rtol=1e-6)
    n = 3.52 * 8.314462618153240 * 973.0 / (96485.33212 * w)
    assert np.allclose(r["n_electrons"], n, rtol=1e-6)


def test_ocp_plateaus_of_steps():
    t = np.linspace(0.0, 300.0, 3001)
    # three plateaus joined by fast ramps
    E = np.where(t < 100, -2.0, np.where(t < 110, -2.0 + 0.05 * (t - 100),
                 np.where(t < 200, -1.5, np.where(t < 210, -1.5 + 0.03 * (t - 200), -1.2))))
    p = echem.ocp_plateaus(t, E)
    assert p["E_V"].shape == (3,) and p["i_start"].dtype.kind == "i"
    assert np.allclose(p["E_V"], [-2.0, -1.5, -1.2], atol=1e-3)


def test_ca_cottrell_diffusion():
    # Cottrell transient |I| = n F A C sqrt(D / (pi t)) (Mg-La Eq. 5); D comes back
    n, F, A, C, D = 3, 96485.33212, 1e-4, 50.0, 2e-9
    t = np.linspace(0.01, 5.0, 2000)
    I = -n * F * A * C * np.sqrt(D / (math.pi * t))
    r = echem.ca_analyse(t, I, n_electrons=n, area_m2=A, conc_mol_per_m3=C)
    assert r["has_cottrell"] and not r["has_peak"]
    assert r["D_m2_per_s"] == pytest.approx(D, rel=1e-6)


def test_emf_activity_closed_form():
    # Nd-Bi study Eq. 6 and 13: ln a = -z F E / (R T), ln gamma = ln a - ln x, G_ex = R T ln gamma
    F, R = 6.02214076e23 * 1.602176634e-19, 8.314462618153240  # units.h (CODATA 2018, exact)
    E = np.array([0.9, 1.0, 1.1])[:, None]
    T = 973.0
    x = np.array([0.01, 0.02])
    r = echem.emf_activity(E, T, x)
    assert r["ln_a"].shape == (3, 2)
    want = -3 * F * E / (R * T) + 0 * x
    assert np.allclose(r["ln_a"], want, rtol=1e-12)
    assert np.allclose(r["ln_gamma"], want - np.log(x), rtol=1e-12)
    assert np.allclose(r["g_ex_J_per_mol"], R * T * (want - np.log(x)), rtol=1e-12)
    with pytest.raises(liquidus.DomainError):
        echem.emf_activity(1.0, -1.0, 0.1)


def test_emf_temperature_recovers_line():
    F = 6.02214076e23 * 1.602176634e-19  # units.h: N_A e (CODATA 2018, exact)
    T = np.array([773.0, 823.0, 873.0, 923.0, 973.0])
    E = 1.2 - 2.5e-4 * T  # exact line: dS = z F b, dH = -z F a
    r = echem.emf_temperature(T, E)
    assert r["b_V_per_K"] == pytest.approx(-2.5e-4, rel=1e-9)
    assert r["S_J_per_mol_K"] == pytest.approx(3 * F * -2.5e-4, rel=1e-9)
    assert r["H_J_per_mol"] == pytest.approx(-3 * F * 1.2, rel=1e-9)
    with pytest.raises(liquidus.Error):
        echem.emf_temperature([973.0, 973.0], [1.0, 1.1])
