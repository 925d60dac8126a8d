# SPDX-License-Identifier: GPL-3.0-or-later
"""DFT post-processing: structures, powder XRD, E(V) equations of state, the 0 K hull.

Energies in eV, volumes in Angstrom^3, angles in degrees (names carry the units).
"""

from . import _liquidus


def read_structure(path):
    """Reads a CIF or POSCAR into a dict: lattice_A (3, 3), frac (n, 3), z, species, ..."""
    return _liquidus.structure_read(path)


def xrd(structure, lambda_A=None, two_theta_min_deg=0.0, two_theta_max_deg=90.0):
    """Powder pattern of a structure (path or dict): two_theta_deg, intensity, hkl, ...

    ``lambda_A``: wavelength in Angstrom (None: Cu K-alpha, LQ_XRD_CU_KALPHA_A of units.h).
    """
    kw = {"two_theta_min_deg": two_theta_min_deg, "two_theta_max_deg": two_theta_max_deg}
    if lambda_A is not None:
        kw["lambda_A"] = lambda_A
    return _liquidus.xrd_pattern(structure, **kw)


def eos_fit(V_A3, E_eV, model="bm3"):
    """E(V) fit: 'poly4' (Eq. 9 of the Nd-Bi study), 'bm3', 'murnaghan' or 'vinet'."""
    return _liquidus.eos_fit(V_A3, E_eV, model)


def hull(formulas, energies_eV):
    """0 K hull of cells given by formula and total energy: formation energies, E above hull."""
    return _liquidus.hull(formulas, energies_eV)


def hull_file(path, per_atom=False, datasets=None, T=298.15, reference="liquidus_dft"):
    """0 K hull of a hull entries CSV (``liquidus hull``), optionally with ESPEI datasets.

    ``datasets``: None, 'stable' or 'all' compounds as HM_FORM :class:`liquidus.assess.Dataset`
    objects (J/mol of atoms, stated at ``T`` K) keyed by the file name the command writes.
    """
    return _liquidus.hull_file(path, per_atom=per_atom, datasets=datasets, T=T,
                               reference=reference)


def ev_read(path, energy="sigma0"):
    """E-V points of a CSV or a folder of VASP runs: V_A3, E_eV (per cell), n_atoms."""
    return _liquidus.ev_read(path, energy=energy)


def structure_formula(path):
    """Reduced formula of a CIF/POSCAR, e.g. 'NdBi2'."""
    return _liquidus.structure_formula(path)


def xrd_profiles(structures, measured=None, fwhm_deg=0.1, eta=0.5, two_theta_min_deg=0.0,
                 two_theta_max_deg=90.0, step_deg=0.02, lambda_A=None):
    """Broadened profiles of several structures on one grid and, with a measured pattern (file
    or (two_theta_deg, intensity) arrays), R_wp/R_p/Pearson and the ranking (``liquidus xrd``).
    """
    kw = {"fwhm_deg": fwhm_deg, "eta": eta, "two_theta_min_deg": two_theta_min_deg,
          "two_theta_max_deg": two_theta_max_deg, "step_deg": step_deg}
    if lambda_A is not None:
        kw["lambda_A"] = lambda_A
    return _liquidus.xrd_profiles(structures, measured, **kw)


for _f in (hull_file, ev_read, structure_formula, xrd_profiles):
    _f.__doc__ += "\n\nC level: " + getattr(_liquidus, _f.__name__).__doc__.split("\n\n", 1)[1]
