# SPDX-License-Identifier: GPL-3.0-or-later
"""Molecular-dynamics analyses of LAMMPS dumps: partial g(r) with coordination numbers, MSD and D.
"""

from . import _liquidus


def rdf(dump, types=None, r_max_A=None, dr_A=0.05, skip=0, every=1, count=0):
    """Partial g(r) of every species pair, as `liquidus rdf` (dict of numpy arrays)."""
    return _liquidus.md_rdf(dump, types, r_max_A, dr_A, skip, every, count)


def msd(dump, dt_ps, types=None, skip=0, every=1, count=0, remove_drift=True):
    """MSD per species and diffusion coefficients D (cm^2/s), as `liquidus msd`."""
    return _liquidus.md_msd(dump, dt_ps, types, skip, every, count, remove_drift)
