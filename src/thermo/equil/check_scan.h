/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The global check's scan of one phase's sampled driving forces (check_scan.c, used by equil.c). */
#ifndef LIQUIDUS_THERMO_EQUIL_CHECK_SCAN_H
#define LIQUIDUS_THERMO_EQUIL_CHECK_SCAN_H

#include <stddef.h>

#include "liquidus/thermo.h"

/** 1 when y [pi[p].nc] lies at least dmin (max-norm in site fractions) from every composition set
 *  of phase p in ws->sets (also when p has none), else 0. */
int lqi_eq_far_from_sets(const lq_eq_ws *ws, size_t p, const double *y, double dmin);

/** Driving forces d = g - mu.x per mole of atoms of the samples of phase p at ws->mu and the
 *  energies ws->s_g: the first sample of least d, when below *pbest (*pbest, *jbest updated), and,
 *  when want_far, the first sample of least d below *dfar among those at least 0.1 from every set
 *  of p (*dfar, *jfar updated; unchanged when none). The same values, to the bit, and the same
 *  samples as comparing sample by sample in order with d = g - mu_0 x_0 - mu_1 x_1 - ...;
 *  tests/thermo_eq/test_scan.c checks that. */
void lqi_eq_scan_phase(const lq_eq_ws *ws, size_t p, int want_far, double *pbest, size_t *jbest,
                       double *dfar, size_t *jfar);

#endif /* LIQUIDUS_THERMO_EQUIL_CHECK_SCAN_H */
