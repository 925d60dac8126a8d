# SPDX-License-Identifier: GPL-3.0-or-later
"""Molecular-dynamics analyses: partial g(r) with coordination numbers and density, MSD and D from
LAMMPS dumps; statistics of energy series; redox potentials from total energies.
"""

from . import _liquidus


def rdf(dump, types=None, r_max_A=None, dr_A=0.05, skip=0, every=1, count=0):
    """Partial g(r) of every species pair, as `liquidus rdf` (dict of numpy arrays)."""
    return _liquidus.md_rdf(dump, types, r_max_A, dr_A, skip, every, count)


def msd(dump, dt_ps=None, types=None, skip=0, every=1, count=0, remove_drift=True,
        timestep_ps=0.001):
    """MSD per species and diffusion coefficients D (cm^2/s), as `liquidus msd`.

    ``dt_ps``: time between the frames kept; None takes it from the dump's TIMESTEP values times
    ``timestep_ps`` (the MD time step, 0.001 ps in LAMMPS metal units).
    """
    return _liquidus.md_msd(dump, dt_ps, types, skip, every, count, remove_drift, timestep_ps)


def series_stats(x, skip=-1, n_bins=0):
    """Equilibration, block-averaged mean and error, histogram and Gaussian fit of a series
    (e.g. total energies in eV), as `liquidus energy`; ``skip=-1`` detects equilibration."""
    return _liquidus.md_series_stats(x, skip, n_bins)


def redox(e_ox_eV, e_red_eV, n_electrons, mu_cl2_eV, T_K, e_ox_err_eV=0.0, e_red_err_eV=0.0,
          mu_cl2_err_eV=0.0):
    """Redox potential of M^n+/M vs Cl2/Cl- and Ag/AgCl from ox/red total energies (eV)."""
    return _liquidus.md_redox(e_ox_eV, e_red_eV, n_electrons, mu_cl2_eV, T_K, e_ox_err_eV,
                              e_red_err_eV, mu_cl2_err_eV)
