# SPDX-License-Identifier: GPL-3.0-or-later
"""liquidus.ml: MEGNet formation energies through the Python package."""
import math

import numpy as np

from liquidus import ml


def cscl(a=4.1437, z=(55, 17)):
    return {"lattice_A": np.diag([a, a, a]), "frac": [[0, 0, 0], [0.5, 0.5, 0.5]], "z": list(z)}


def test_published_cscl():
    # matgl README / examples notebook: "The predicted formation energy for CsCl is -2.272
    # eV/atom" (3 decimals printed)
    r = ml.predict(cscl())
    assert r["model"] == "MEGNet-MP-2018.6.1-Eform"
    assert abs(r["eform_eV_per_atom"][0] - (-2.272)) <= 5e-4
    assert r["sigma_eV_per_atom"][0] == 0.028 and r["flags"][0] == 0 and r["reason"] == [""]


def test_many_with_flags_and_failures():
    r = ml.predict([cscl(), cscl(2.0), cscl(z=(84, 17))], n_threads=2)
    assert list(r["status"]) == [0, 0, 1]
    assert r["flags"][1] == ml.FLAG_BONDING and r["flags"][2] == ml.FLAG_ELEMENT
    assert math.isnan(r["eform_eV_per_atom"][2]) and "Po" in r["reason"][2]
