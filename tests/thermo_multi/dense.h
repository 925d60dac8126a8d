/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Independent global check of an equilibrium by dense random sampling of every phase. */
#ifndef LQ_TEST_THERMO_MULTI_DENSE_H
#define LQ_TEST_THERMO_MULTI_DENSE_H

#include <stddef.h>

#include "liquidus/thermo.h"

/*
 * Largest amount by which a point of any phase lies below the hyperplane of the result's chemical
 * potentials (J/mol of atoms; 0 when none), over `per_phase` random constitutions of every phase:
 * uniform (Dirichlet) per sublattice, dilute (one constituent dominant, the others log-uniform in
 * 1e-12 .. 1e-1), and log-normal perturbations of the result's constitutions of that phase at
 * scales 1e-1 .. 1e-6. A supporting hyperplane (no point below) means the result's G is the global
 * minimum; a point below by d means the minimum is lower. Points with fewer atoms per formula than
 * the solver's admissible floor (half the smallest non-empty end member, when an end member of
 * vacancies only exists) are skipped: there G per atom has no lower bound (docs/equilibrium.md).
 * Uses its own sampler (not the solver's samples) and lq_phase_evaluate only.
 */
double dense_check(const lq_system *sys, lq_thermo_ws *tws, const lq_eq_result *res,
                   size_t per_phase, unsigned long seed, size_t *worst_phase);

#endif
