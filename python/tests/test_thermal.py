# SPDX-License-Identifier: GPL-3.0-or-later
"""DSC analysis through Python agrees with the command on a real TA export."""

import os

import numpy as np
import pytest

import liquidus
from liquidus import thermal


def test_dsc_matches_command(source_dir, run_json):
    path = os.path.join(source_dir, "tests", "data", "thermal", "pkynetics",
                        "sample_dsc_tainstruments.txt")
    r = thermal.dsc_analyse(path)
    assert r["format"] == "ta" and r["exo_sign"] == 1
    assert r["mass_kg"] == pytest.approx(9e-6, rel=1e-12)
    assert r["T_K"].shape == r["signal"].shape == r["baseline"].shape
    assert np.all(np.diff(r["T_K"]) >= -5.0)
    cmd = run_json("dsc", path)
    peaks = cmd["files"][0]["peaks"]
    assert len(r["peaks"]) == len(peaks)
    # same library call: identical numbers (JSON prints 17 significant digits)
    for p, q in zip(r["peaks"], peaks):
        assert p["T_onset_K"] == pytest.approx(q["T_onset_K"], rel=1e-15)
        assert p["dH_J_per_kg"] == pytest.approx(q["dH_J_per_kg"], rel=1e-15)


def test_dsc_bad_file(tmp_path):
    bad = tmp_path / "nohf.csv"
    bad.write_text("Time (s),Temperature (C),Mass (%)\n0,25,100\n1,26,99\n")
    with pytest.raises(liquidus.Error) as e:
        thermal.dsc_analyse(str(bad))
    assert e.value.line == 1 and "heat flow" in str(e.value)
