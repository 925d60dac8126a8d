/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by the section tests: the traced tie-line through an overall composition. */
#ifndef LQ_TEST_TERNARY_REF_H
#define LQ_TEST_TERNARY_REF_H

#include <stddef.h>

#include "liquidus/thermo.h"

/* The tie-line of the traced regions of phases (p0, p1) through overall x0, interpolated
 * linearly between the two traced tie-lines on either side; 0 when found. Ends in phase order
 * p0, p1 (for a gap: end 0 the one with less of component 1). e: [6], end k component c at
 * e[3 k + c]. */
int tieline_through(const lq_ternary_section *s, size_t p0, size_t p1, const double *x0, double *e);

#endif
