# SPDX-License-Identifier: GPL-3.0-or-later
"""Machine-learned formation energies of crystal structures (eV per atom, Angstrom).

The bundled model is MatGL's MEGNet-MP-2018.6.1-Eform (BSD-3; test MAE 0.028 eV/atom on the
Materials Project), evaluated in C (float64) on every periodic image within its 4 A cut-off.
"""

from . import _liquidus

FLAG_ELEMENT = 1   # an element outside the model's element set (no prediction)
FLAG_BONDING = 2   # a bond far outside the range of relaxed crystals
FLAG_ISOLATED = 4  # an atom without a neighbour within the cut-off


def predict(structures, model=None, n_threads=0):
    """Formation energies of structures (paths or dicts as :func:`liquidus.dft.read_structure`
    returns; a single one is accepted too): dict with eform_eV_per_atom, sigma_eV_per_atom (the
    model's published MAE), flags, status (0 ok, 1 no prediction) and reason arrays.
    ``model``: a model file (None: the bundled MEGNet)."""
    if isinstance(structures, (str, dict)) or hasattr(structures, "__fspath__"):
        structures = [structures]
    return _liquidus.ml_predict(list(structures), model=model, n_threads=n_threads)
