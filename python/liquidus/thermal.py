# SPDX-License-Identifier: GPL-3.0-or-later
"""Thermal analysis: DSC exports read and analysed as ``liquidus dsc`` does."""

from . import _liquidus


def dsc_analyse(path, **options):
    """Reads a calorimeter export (NETZSCH, TA, Mettler, Setaram, PerkinElmer, Linseis, CSV) and
    analyses one heating segment: baseline, peaks, ISO 11357-1 extrapolated onsets, enthalpies."""
    return _liquidus.thermal_dsc_analyse(path, **options)


dsc_analyse.__doc__ += "\n\nC level: " + _liquidus.thermal_dsc_analyse.__doc__
