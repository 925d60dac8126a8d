/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared by the cell-potential files: result setup, reference conversion, checks. */
#ifndef LIQUIDUS_THERMO_CELL_INTERNAL_H
#define LIQUIDUS_THERMO_CELL_INTERNAL_H

#include "liquidus/thermo.h"

/** Checks the options shared by every forward calculation (names, n, T, x). */
lq_status lqi_cell_check_options(const lq_cell_options *opt, lq_diag *diag);

/** A new result with the header filled from opt (reference potential at T included). */
lq_status lqi_cell_result_new(const lq_cell_options *opt, lq_cell_result **out, lq_diag *diag);

/** E = -dmu / (n F), V. */
double lqi_cell_emf(double dmu_J_per_mol, int n_electrons);

/** E vs the reference and vs its base scale from E vs M^n+/M (NaN when E_metal is unknown). */
void lqi_cell_convert(const lq_cell_result *r, double E_V, double *E_ref_V, double *E_scale_V);

/** Copies a name (upper case, truncated to size). */
void lqi_cell_upper(char *dst, size_t size, const char *src);

/** Atomic number of a symbol in any case ("ND", "nd", "Nd"), or 0. */
int lqi_cell_symbol_z(const char *symbol);

#endif /* LIQUIDUS_THERMO_CELL_INTERNAL_H */
