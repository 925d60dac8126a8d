/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fast erfc for the real-space Ewald sum, and periodic wrapping of positions. */
#include <math.h>

#include "md/md_internal.h"

/*
 * erfc(x) = t P(t) exp(-x^2) with t = 1/(1 + p x): the form of Abramowitz & Stegun 7.1.26 (whose
 * 5-term polynomial has an absolute error of 1.5e-7, the one LAMMPS uses), refitted with 17 terms
 * to a relative error of 2.2e-14 on 0 <= x <= 9 by data/md/tools/fit_erfc.py (coefficients below
 * are its output). Beyond x = 9, erfc < 1e-36 and the fit stays within 1e-12 relative of the
 * asymptote 1/(sqrt(pi) x), which is irrelevant at such sizes.
 */
static const double erfc_p = 0.3275911;
static const double erfc_c[17] = {0.18482371272435022,   0.1848157164159912,   0.1750295998192036,
                                  0.15386891126041077,   0.13497408236061811,  0.054329305508788291,
                                  0.20385456213313174,   -0.37648884894546764, 0.88969599332986882,
                                  -1.4878372459213229,   1.8946776781496621,   -1.8358093533285182,
                                  1.2658065985963272,    -0.58865219423241844, 0.17413320871922108,
                                  -0.029319908922599759, 0.0020981823327317836};

double lqi_md_erfc_given_exp(double x, double exp_mx2) {
    double t = 1.0 / (1.0 + erfc_p * x);
    double s = erfc_c[16];
    for (int k = 15; k >= 0; k--) s = s * t + erfc_c[k];
    return t * s * exp_mx2;
}

void lqi_md_wrap(const lq_md_system *sys, size_t i, double x[3], int img[3]) {
    for (int d = 0; d < 3; d++) {
        double L = sys->box_A[d], v = sys->pos_A[3 * i + (size_t)d];
        double k = floor(v / L);
        double w = v - k * L;
        /* v slightly below 0 can round to w == L; keep w in [0, L). */
        if (w >= L) {
            w -= L;
            k += 1.0;
        }
        if (w < 0) w = 0;
        x[d] = w;
        img[d] = sys->image[3 * i + (size_t)d] + (int)k;
    }
}
