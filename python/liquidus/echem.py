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


def summary(path, format=None):  # noqa: A002
    """Columns of a file: name, SI unit, source header, first and last finite values."""
    return _liquidus.echem_summary(path, format)


def emf_analyse(paths, T_K, n_solvent_mol, **options):
    """Coulometric titrations, one file per temperature (``liquidus emf``).

    ``paths``: files; ``T_K``: their temperatures (K); ``n_solvent_mol``: initial solvent metal
    (mol). Keyword options as :func:`liquidus._liquidus.echem_emf_analyse` (n_electrons=3,
    window_s=1800, ref/to electrodes, solute/solvent/ref_phase/solid_phase for ESPEI datasets).
    Returns 'scale', 'runs' (per temperature: steps, E_V, ln_a, ln_gamma, g_ex_J_per_mol,
    solubility, Henrian ln_gamma_mean, acr_dataset), 'plateau_vs_T' (dS, dH of the plateau),
    'liquid_excess_vs_T' (H_ex, S_ex) and 'zpf_dataset'. ln a is against the pure solute the
    emf is measured against.
    """
    return _liquidus.echem_emf_analyse(paths, T_K, n_solvent_mol, **options)


def cv_analyse(paths, **options):
    """Cyclic voltammograms split into sweeps: peaks, onsets, crossovers and, with
    ``diffusion=True``, D across scan rates (``liquidus cv``)."""
    return _liquidus.echem_cv_analyse(paths, **options)


def swv_analyse(path, T_K, **options):
    """Every segment of a square-wave file fitted with Gaussian peaks (``liquidus swv``)."""
    return _liquidus.echem_swv_analyse(path, T_K, **options)


def ca_record_analyse(path, **options):
    """Every potential step of a chronoamperometry file (``liquidus ca``)."""
    return _liquidus.echem_ca_record_analyse(path, **options)


def ocp_analyse(path, **options):
    """Potential plateaus of every segment of an open-circuit file (``liquidus ocp``)."""
    return _liquidus.echem_ocp_analyse(path, **options)


for _f, _c in ((emf_analyse, "echem_emf_analyse"), (cv_analyse, "echem_cv_analyse"),
               (swv_analyse, "echem_swv_analyse"),
               (ca_record_analyse, "echem_ca_record_analyse"), (ocp_analyse, "echem_ocp_analyse"),
               (summary, "echem_summary")):
    _f.__doc__ += "\n\nC level: " + getattr(_liquidus, _c).__doc__
