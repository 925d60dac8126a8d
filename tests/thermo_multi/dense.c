/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Independent global check of an equilibrium by dense random sampling of every phase. */
#include "dense.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"

/* one sublattice of k constituents at y[first..first+k) */
static void sub_uniform(lqi_rng *r, double *y, size_t k) {
    double s = 0.0;
    for (size_t i = 0; i < k; i++) {
        y[i] = -log(1.0 - lqi_rng_uniform(r));
        s += y[i];
    }
    for (size_t i = 0; i < k; i++) y[i] /= s;
}

static void sub_dilute(lqi_rng *r, double *y, size_t k) {
    size_t big = (size_t)(lqi_rng_uniform(r) * (double)k);
    if (big >= k) big = k - 1;
    double s = 0.0;
    for (size_t i = 0; i < k; i++) {
        y[i] = i == big ? 0.0 : pow(10.0, -1.0 - 11.0 * lqi_rng_uniform(r));
        s += y[i];
    }
    y[big] = 1.0 - s;
}

double dense_check(const lq_system *sys, lq_thermo_ws *tws, const lq_eq_result *res,
                   size_t per_phase, unsigned long seed, size_t *worst_phase) {
    size_t nc = res->ncomp, np = lq_system_phase_count(sys);
    double worst = 0.0;
    if (lq_thermo_ws_set_TP(tws, res->T, res->P) != LQ_OK) return HUGE_VAL;
    lqi_rng rng;
    lqi_rng_seed(&rng, (uint64_t)seed);
    for (size_t p = 0; p < np; p++) {
        lq_phase_info in;
        if (lq_system_phase_info(sys, p, &in) != LQ_OK) return HUGE_VAL;
        size_t n = in.n_constituents, nsub = in.n_sublattices;
        double *y = malloc(n * sizeof *y);
        size_t *first = malloc((nsub + 1) * sizeof *first);
        if (!y || !first) {
            free(y);
            free(first);
            return HUGE_VAL;
        }
        /* sublattice ranges and the admissible floor of atoms per formula */
        for (size_t s = 0; s <= nsub; s++) first[s] = n;
        for (size_t i = n; i-- > 0;) first[in.sublattice_of[i]] = i;
        double zsum = 0.0, pmin = HUGE_VAL;
        for (size_t s = 0; s < nsub; s++) {
            double z = HUGE_VAL;
            for (size_t i = first[s]; i < first[s + 1]; i++) {
                double b = 0.0;
                for (size_t c = 0; c < nc; c++)
                    b += in.site_ratio[s] * in.constituent_comp[i * nc + c];
                z = fmin(z, b);
                if (b > 1e-12) pmin = fmin(pmin, b);
            }
            zsum += z;
        }
        double floor_atoms = zsum > 1e-12 || !isfinite(pmin) ? 0.0 : 0.5 * pmin;
        /* seeds: the result's constitutions of this phase */
        size_t nseed = 0, seeds[16];
        for (size_t k = 0; k < res->n_phases && nseed < 16; k++)
            if (res->phases[k].phase == p) seeds[nseed++] = k;
        for (size_t q = 0; q < per_phase; q++) {
            size_t mode = q % 3;
            if (mode == 2 && nseed == 0) mode = q % 2;
            for (size_t s = 0; s < nsub; s++) {
                size_t k = first[s + 1] - first[s];
                double *ys = y + first[s];
                if (mode == 0) {
                    sub_uniform(&rng, ys, k);
                } else if (mode == 1) {
                    sub_dilute(&rng, ys, k);
                } else {
                    const double *y0 = res->phases[seeds[(q / 3) % nseed]].y + first[s];
                    double scale = pow(10.0, -1.0 - 5.0 * lqi_rng_uniform(&rng)), sum = 0.0;
                    for (size_t i = 0; i < k; i++) {
                        ys[i] = y0[i] * exp(scale * lqi_rng_normal(&rng) * 10.0);
                        sum += ys[i];
                    }
                    for (size_t i = 0; i < k; i++) ys[i] /= sum;
                }
            }
            if (in.constituent_charge) { /* electroneutral points only: mix with the end
                                          * member of the opposite extreme charge */
                double Q = 0.0, Qe = 0.0, qa = 0.0;
                for (size_t i = 0; i < n; i++) {
                    double qi = in.site_ratio[in.sublattice_of[i]] * in.constituent_charge[i];
                    Q += qi * y[i];
                    qa += fabs(qi * y[i]);
                }
                if (fabs(Q) > 1e-13 * (qa + 1.0)) {
                    size_t pick[64];
                    for (size_t sl = 0; sl < nsub && sl < 64; sl++) {
                        pick[sl] = first[sl];
                        for (size_t i = first[sl]; i < first[sl + 1]; i++) {
                            double qi = in.constituent_charge[i],
                                   qp = in.constituent_charge[pick[sl]];
                            if (Q < 0.0 ? qi > qp : qi < qp) pick[sl] = i;
                        }
                        Qe += in.site_ratio[sl] * in.constituent_charge[pick[sl]];
                    }
                    if (!(Q * Qe < 0.0) || nsub > 64) continue;
                    double t = Q / (Q - Qe);
                    for (size_t i = 0; i < n; i++) y[i] *= 1.0 - t;
                    for (size_t sl = 0; sl < nsub; sl++) y[pick[sl]] += t;
                }
            }
            double atoms = 0.0, dmu = 0.0;
            for (size_t c = 0; c < nc; c++) {
                double m = 0.0;
                for (size_t i = 0; i < n; i++)
                    m +=
                        in.site_ratio[in.sublattice_of[i]] * in.constituent_comp[i * nc + c] * y[i];
                atoms += m;
                dmu += res->mu[c] * m;
            }
            if (!(atoms > 1e-12) || atoms < floor_atoms) continue;
            lq_phase_eval ev;
            memset(&ev, 0, sizeof ev);
            if (lq_phase_evaluate(tws, p, y, LQ_EVAL_G, &ev) != LQ_OK || !isfinite(ev.G)) continue;
            double d = (ev.G - dmu) / atoms;
            if (-d > worst) {
                worst = -d;
                if (worst_phase) *worst_phase = p;
            }
        }
        free(y);
        free(first);
    }
    return worst;
}
