/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internals shared by the md builders, LAMMPS readers, analyses and redox code. */
#ifndef LIQUIDUS_MD_TOOLS_INTERNAL_H
#define LIQUIDUS_MD_TOOLS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/core_internal.h"
#include "liquidus/md.h"
#include "liquidus/units.h"

/* kT/m in (A/ps)^2 per (eV/amu): (e / m_u) * (ps / A)^2, from the CODATA values of units.h. */
#define LQI_MD_EV_PER_AMU_A2_PS2 \
    ((LQ_EV_J / LQ_ATOMIC_MASS_UNIT_KG) * (LQ_PS_S / LQ_ANGSTROM_M) * (LQ_PS_S / LQ_ANGSTROM_M))
/* 1 A^2/ps in cm^2/s. */
#define LQI_MD_A2_PS_TO_CM2_S (LQ_ANGSTROM_M * LQ_ANGSTROM_M / LQ_PS_S / LQ_CM2_M2)

/** Element symbol of a species name: the leading letters ("Mg0" -> "Mg", "Na" -> "Na"). */
void lqi_md_element_of(const char *name, char *sym, size_t size);

/**
 * First peak of a g(r) given on nb bins of width dr (bin k centred at (k + 1/2) dr), as
 * lq_md_rdf_result finds it (vertex of the parabola fitted to the peak's top): NaN, NaN when g
 * never exceeds 1. sg [nb] is scratch (the smoothed g on return).
 */
void lqi_md_rdf_first_peak(const double *g, size_t nb, double dr, double *sg, double *r_peak_A,
                           double *g_peak);

#endif /* LIQUIDUS_MD_TOOLS_INTERNAL_H */
