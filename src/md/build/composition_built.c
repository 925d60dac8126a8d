/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a built composition holds after rounding to whole formula units. */
#include <math.h>

#include "liquidus/md.h"

double lq_md_composition_salt_x_compute(const lq_md_composition *c, size_t i) {
    if (!c || i >= c->n_salts) return (double)NAN;
    long tot = 0;
    for (size_t k = 0; k < c->n_salts; k++) tot += c->salt_units[k];
    return tot > 0 ? (double)c->salt_units[i] / (double)tot : (double)NAN;
}
