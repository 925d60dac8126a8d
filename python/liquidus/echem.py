# SPDX-License-Identifier: GPL-3.0-or-later
"""Electrochemistry: potentiostat files and the analyses of include/liquidus/echem.h.

Current sign: IUPAC (anodic positive); potentials against the reference electrode of the file.
"""

from . import _liquidus


def read(path, format=None):  # noqa: A002
    """Reads a potentiostat file into a dict of SI numpy columns with units and the technique.

    Keys: 'columns' (time_s, potential_V, current_A, charge_C, cycle and extras), 'units',
    'technique' ('CV', 'SWV', 'CA', 'OCP', ...), 'format', 'segments', 'warnings', metadata.
    ``format``: None to detect, or a reader name such as 'gamry-dta' or 'biologic-mpt'.
    """
    return _liquidus.echem_read(path, format)


def ref_convert(E, T, frm, to=None):
    """Potentials ``E`` (V) vs reference ``frm`` converted to ``to`` (None: base scale) at T (K)."""
    return _liquidus.echem_ref_convert(E, T, frm, to)


def ca_analyse(t_s, I_A, t0_s=0.0, n_electrons=0, area_m2=float("nan"),
               conc_mol_per_m3=float("nan")):
    """Chronoamperogram: Scharifker-Hills nucleation mode, t_m, I_m, Cottrell region and D."""
    return _liquidus.echem_ca_analyse(t_s, I_A, t0_s, n_electrons, area_m2, conc_mol_per_m3)


def ocp_plateaus(t_s, E_V, t_from_s=0.0):
    """Plateaus of an open-circuit chronopotentiogram (dict of numpy arrays, time order)."""
    return _liquidus.echem_ocp_plateaus(t_s, E_V, t_from_s)


def swv_fit(E_V, I_A, T_K, npeaks=0):
    """Square-wave voltammogram: Gaussian peaks (E, W1/2, n) over a linear baseline."""
    return _liquidus.echem_swv_fit(E_V, I_A, T_K, npeaks)


def emf_activity(E_V, T_K, x, n_electrons=3):
    """Activity from an emf vs the pure solute: ln_a, ln_gamma, g_ex_J_per_mol (arrays)."""
    return _liquidus.echem_emf_activity(E_V, T_K, x, n_electrons)


def emf_temperature(T_K, E_V, n_electrons=3):
    """E(T) fit: partial molar entropy S_J_per_mol_K and enthalpy H_J_per_mol with errors."""
    return _liquidus.echem_emf_temperature(T_K, E_V, n_electrons)
