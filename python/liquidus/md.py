# SPDX-License-Identifier: GPL-3.0-or-later
"""Molecular-dynamics analyses: partial g(r) with coordination numbers, MSD and D from LAMMPS dumps;
redox potentials from total energies.
"""

from . import _liquidus


def rdf(dump, types=None, r_max_A=None, dr_A=0.05, skip=0, every=1, count=0):
    """Partial g(r) of every species pair, as `liquidus rdf` (dict of numpy arrays)."""
    return _liquidus.md_rdf(dump, types, r_max_A, dr_A, skip, every, count)


def msd(dump, dt_ps, types=None, skip=0, every=1, count=0, remove_drift=True):
    """MSD per species and diffusion coefficients D (cm^2/s), as `liquidus msd`."""
    return _liquidus.md_msd(dump, dt_ps, types, skip, every, count, remove_drift)


def redox(e_ox_eV, e_red_eV, n_electrons, mu_cl2_eV, T_K, e_ox_err_eV=0.0, e_red_err_eV=0.0,
          mu_cl2_err_eV=0.0):
    """Redox potential of M^n+/M vs Cl2/Cl- and Ag/AgCl from ox/red total energies (eV)."""
    return _liquidus.md_redox(e_ox_eV, e_red_eV, n_electrons, mu_cl2_eV, T_K, e_ox_err_eV,
                              e_red_err_eV, mu_cl2_err_eV)
