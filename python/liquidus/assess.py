# SPDX-License-Identifier: GPL-3.0-or-later
"""Assessment (ESPEI 0.9.1 workflow): datasets, run files, parameter generation, the
log-probability and uncertainty bands of include/liquidus/assess.h.

Energies are J/mol (per mole of formula units for non-equilibrium data, of atoms otherwise),
entropies and heat capacities J/(mol K), temperatures K, pressures Pa. Gibbs energies are
referred to the stable element reference (SER); activities to the pure element in the stated
reference phase. Log-probabilities are natural logarithms.

:class:`LnProb` is ESPEI 0.9.1's log-probability prepared once: call it with parameters for the
total, ``terms(theta)`` for the breakdown by likelihood and dataset, ``sample(...)`` for ESPEI's
MCMC on the library's own evaluation (the GIL is released in all three).
"""

from . import _liquidus
from ._liquidus import Dataset, LnProb  # noqa: F401  (re-exported)

__all__ = ["Dataset", "LnProb", "read_dataset", "read_datasets", "check_datasets",
           "dataset_activity", "dataset_hm_form", "dataset_zpf", "dataset_zpf_csv", "read_run",
           "paramgen", "uq_props"]


def read_dataset(path):
    """One ESPEI dataset JSON file, validated as ESPEI checks it (a :class:`Dataset`)."""
    return _liquidus.assess_dataset_read(path)


def read_datasets(path):
    """Every ``*.json`` below folder ``path`` (sorted by path) as a list of :class:`Dataset`.

    Datasets marked ``"disabled": true`` are skipped, as ESPEI's load_datasets does; one broken
    file raises :class:`liquidus.ParseError` naming the file and field.
    """
    return _liquidus.assess_datasets_read(path)[0]


def dataset_activity(solute, solvent, phase, ref_phase, T, x_solute, activity, reference=None):
    """ACR_<solute> dataset at ``T`` (K): activity of ``solute`` in ``phase`` at mole fractions
    ``x_solute``, referred to the pure solute in ``ref_phase`` at T."""
    return _liquidus.assess_dataset_activity(solute, solvent, phase, ref_phase, T, x_solute,
                                             activity, reference)


def dataset_hm_form(elements, site_ratios, phase, T, hm_form_J_per_mol, reference=None):
    """HM_FORM dataset of one compound (J/mol of formula units of the sublattice model, one
    sublattice per element with ``site_ratios``), stated at ``T`` (K)."""
    return _liquidus.assess_dataset_hm_form(elements, site_ratios, phase, T, hm_form_J_per_mol,
                                            reference)


def dataset_zpf(comp, other, phases, T, x, reference=None):
    """ZPF dataset: regions at temperatures ``T`` (K) with ``phases``; ``x`` (n_regions,
    n_phases) the mole fraction of ``comp`` in each phase, NaN when unknown."""
    return _liquidus.assess_dataset_zpf(comp, other, phases, T, x, reference)


def check_datasets(path, max_errors=100):
    """Every dataset below ``path`` checked as ``espei --check-datasets``: (good datasets,
    messages of the bad files naming file and field)."""
    return _liquidus.assess_datasets_check(path, max_errors)


def dataset_zpf_csv(path, comp, other):
    """ZPF dataset from a CSV of measured phase boundaries (docs/datasets.md)."""
    return _liquidus.assess_dataset_zpf_csv(path, comp, other)


def read_run(path):
    """An ESPEI run file (YAML) with ESPEI 0.9.1's defaults applied, as a dict."""
    return _liquidus.assess_run_read(path)


def paramgen(phase_models, datasets, ref_state="SGTE91", excess_model="linear",
             ridge_alpha=None, aicc_penalty=None, lstsq_cond=0.0):
    """ESPEI's generate_parameters: fitted symbols, model selections and the TDB text.

    Returns {'symbols': {'VV0000': value, ...}, 'selections': [...], 'tdb': str}; load the
    database with ``liquidus.Database`` after writing 'tdb' to a file.
    """
    return _liquidus.assess_paramgen(phase_models, datasets, ref_state=ref_state,
                                     excess_model=excess_model, ridge_alpha=ridge_alpha,
                                     aicc_penalty=aicc_penalty, lstsq_cond=lstsq_cond)


def uq_props(db, trace, props, T, x, x_component, components, phase=None, lnprob=None,
             burn_in=0, last=0, thin=1, quantiles=(0.025, 0.5, 0.975), symbols=None,
             n_threads=0, gas_constant=0.0, ref=None):
    """Credible bands of properties over the samples of an MCMC trace (``liquidus uq``).

    ``props``: names such as 'HM_MIX', 'ACR_ND' (one str or a list); ``T`` (K) and ``x`` (mole
    fraction of ``x_component``) span the grid; ``phase`` None computes the equilibrium over all
    phases; ``ref`` = {element: phase} chooses the reference of ACR_ (default: the stable pure
    element at T). 'band' has shape (n_props, n_T, n_x, n_quantiles).
    """
    return _liquidus.assess_uq_props(db, trace, props, T, x, x_component, components,
                                     phase=phase, lnprob=lnprob, burn_in=burn_in, last=last,
                                     thin=thin, quantiles=quantiles, symbols=symbols,
                                     n_threads=n_threads, gas_constant=gas_constant, ref=ref)


for _f, _c in ((read_dataset, "assess_dataset_read"), (read_datasets, "assess_datasets_read"),
               (paramgen, "assess_paramgen"), (uq_props, "assess_uq_props"),
               (read_run, "assess_run_read")):
    _f.__doc__ += "\n\nC level: " + getattr(_liquidus, _c).__doc__.split("\n\n", 1)[1]
