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

#endif /* LIQUIDUS_MD_TOOLS_INTERNAL_H */
