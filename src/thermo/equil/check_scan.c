/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The global check's scan of the sampled driving forces g - mu.x of one phase (equil.c). */
#include <math.h>
#include <stddef.h>

#include "thermo/equil/check_scan.h"
#include "thermo/equil/equil_internal.h"

/* Whether y lies at least `dmin` (max-norm in site fractions) from every set of phase p: the same
 * answer as set_dist(ws, p, y, NULL) >= dmin (equil.c), stopping at the first set nearer than dmin.
 */
int lqi_eq_far_from_sets(const lq_eq_ws *ws, size_t p, const double *y, double dmin) {
    for (size_t k = 0; k < ws->nsets; k++) {
        if (ws->sets[k].phase != p) continue;
        const double *ys = ws->sets[k].y;
        size_t i = 0, n = ws->pi[p].nc;
        while (i < n && !(fabs(ys[i] - y[i]) >= dmin)) i++;
        if (i == n) return 0;
    }
    return 1;
}

/* Samples whose driving forces lqi_eq_scan_phase computes in one go (a stack buffer). */
#define LQI_EQ_SCAN_BLOCK 128

/*
 * Driving forces d = g - mu.x of the samples of phase p at ws->mu, in sample order: the first
 * sample of least d (*pbest, *jbest) and, when want_far, the first sample of d below *dfar (and
 * below every earlier one so kept) among those at least 0.1 (max-norm in site fractions) from
 * every set of p (*dfar, *jfar; unchanged when none). One pass serves both (far_basin scanned the
 * samples a second time). The d of a block of samples are computed first, in a loop the compiler
 * vectorises, then searched: the block's least d (NaN never compares below) and its first
 * occurrence give the same sample and the same value as comparing sample by sample. d is summed
 * as g - mu_0 x_0 - mu_1 x_1 - ... in every branch, so the values are the same to the bit.
 */
void lqi_eq_scan_phase(const lq_eq_ws *ws, size_t p, int want_far, double *pbest, size_t *jbest,
                       double *dfar, size_t *jfar) {
    const lqi_eq_pinfo *pi = &ws->pi[p];
    size_t nc = ws->ncomp, j1 = pi->sample0 + pi->nsample;
    const double *mu = ws->mu;
    double best = *pbest, fbest = *dfar, d[LQI_EQ_SCAN_BLOCK];
    size_t jb = *jbest, jf = *jfar;
    for (size_t j0 = pi->sample0; j0 < j1; j0 += LQI_EQ_SCAN_BLOCK) {
        size_t m = j1 - j0 < LQI_EQ_SCAN_BLOCK ? j1 - j0 : LQI_EQ_SCAN_BLOCK;
        const double *x = ws->s_x + j0 * nc, *g = ws->s_g + j0;
        if (nc == 2) {
            double m0 = mu[0], m1 = mu[1];
            for (size_t i = 0; i < m; i++) d[i] = g[i] - m0 * x[2 * i] - m1 * x[2 * i + 1];
        } else if (nc == 3) {
            double m0 = mu[0], m1 = mu[1], m2 = mu[2];
            for (size_t i = 0; i < m; i++)
                d[i] = g[i] - m0 * x[3 * i] - m1 * x[3 * i + 1] - m2 * x[3 * i + 2];
        } else {
            for (size_t i = 0; i < m; i++) {
                double v = g[i];
                for (size_t c = 0; c < nc; c++) v -= mu[c] * x[i * nc + c];
                d[i] = v;
            }
        }
        /* the least d in four interleaved runs, then of the four (a loop the compiler packs in
         * pairs): the same value as one run (NaN is never taken; of two zeros either may be
         * kept, and the search below treats them alike) */
        double l4[4] = {HUGE_VAL, HUGE_VAL, HUGE_VAL, HUGE_VAL}, lo;
        size_t i4 = 0;
        for (; i4 + 4 <= m; i4 += 4)
            for (size_t q = 0; q < 4; q++) l4[q] = d[i4 + q] < l4[q] ? d[i4 + q] : l4[q];
        for (; i4 < m; i4++) l4[0] = d[i4] < l4[0] ? d[i4] : l4[0];
        lo = l4[0];
        for (size_t q = 1; q < 4; q++) lo = l4[q] < lo ? l4[q] : lo;
        if (lo < best) {
            size_t i = 0;
            while (!(d[i] == lo)) i++;
            best = d[i];
            jb = j0 + i;
        }
        if (want_far && lo < fbest)
            for (size_t i = 0; i < m; i++)
                if (d[i] < fbest &&
                    lqi_eq_far_from_sets(ws, p, ws->s_y + (j0 + i) * ws->maxc, 0.1)) {
                    fbest = d[i];
                    jf = j0 + i;
                }
    }
    *pbest = best;
    *jbest = jb;
    *dfar = fbest;
    *jfar = jf;
}
