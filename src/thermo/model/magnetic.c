/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Inden-Hillert-Jarl magnetic contribution to the Gibbs energy, with analytic derivatives. */
#include <math.h>
#include <string.h>

#include "liquidus/units.h"
#include "thermo/model/mvjet.h"
#include "thermo/thermo_internal.h"

/*
 * G_mag = R T ln(beta + 1) g(tau),  tau = T / Tc
 * (G. Inden, Proc. CALPHAD V (1976) III.4; M. Hillert, M. Jarl, Calphad 2 (1978) 227; in the
 * form used by the SGTE unary data, A.T. Dinsdale, Calphad 15 (1991) 317, eqs. 7-9):
 *   tau <= 1: g = 1 - [79 tau^-1 / (140 p) + 474/497 (1/p - 1) (tau^3/6 + tau^9/135 + tau^15/600)]
 * / D tau >  1: g = -(tau^-5/10 + tau^-15/315 + tau^-25/1500) / D D = 518/1125 + 11692/15975 (1/p -
 * 1), p the structure factor of the TYPE_DEFINITION (0.4 for BCC, 0.28 for FCC/HCP). Tc and beta
 * (Bohr magneton number) are CEF sums of the TC and BMAGN parameters (same terms as G, without
 * the entropy); where they are negative (antiferromagnetism) they are divided by the
 * antiferromagnetic factor of the TYPE_DEFINITION (-1 for BCC, -3 for FCC/HCP), as in
 * Thermo-Calc. Tc = 0 gives no contribution (the limit tau -> infinity).
 *
 * With an antiferromagnetic factor of 0 (TYPE_DEFINITION ... MAGNETIC 0 p) the phase follows the
 * model of W. Xiong, Q. Chen, P.A. Korzhavyi, M. Selleby, Calphad 39 (2012) 11-20, as pycalphad
 * selects it (model.py, xiong_magnetic_energy): Curie (TC) and Neel (NT) temperatures are separate
 * CEF sums, beta the plain BMAGN sum, and G_mag = R T ln(beta + 1) [g(T/TC) + g(T/NT)] with each
 * g taken as 0 where its temperature is <= 0, and Xiong's eqs. (7)-(8):
 *   tau <= 1: g = 1 - [0.38438376 tau^-1 / p
 *                      + 0.63570895 (1/p - 1) (tau^3/6 + tau^9/135 + tau^15/600 + tau^21/1617)] / D
 *   tau >  1: g = -(tau^-7/21 + tau^-21/630 + tau^-35/2975 + tau^-49/8232) / D
 *   D = 0.33471979 + 0.49649686 (1/p - 1).
 * (pycalphad adds tau^21/1617 outside the (1/p - 1) factor; the form above is the paper's and is
 * the one continuous at tau = 1. The two differ by (0.63570895 (1/p - 1) - 1) tau^21 / (1617 D),
 * below 3e-4 of g for p = 0.25 at tau = 1 and below 1e-13 for tau < 0.25.)
 *
 * Derivatives are carried as multivariate jets over (T, y) (mvjet.h).
 */

/* g(tau) and its first two derivatives (Hillert-Jarl polynomial, see above). */
static void ihj_g(double tau, double p, double *g, double *g1, double *g2) {
    const double D = 518.0 / 1125.0 + 11692.0 / 15975.0 * (1.0 / p - 1.0);
    if (tau <= 1.0) {
        const double A = 79.0 / (140.0 * p), K = 474.0 / 497.0 * (1.0 / p - 1.0);
        double t2 = tau * tau, t3 = t2 * tau, t6 = t3 * t3, t9 = t6 * t3, t15 = t9 * t6;
        *g = 1.0 - (A / tau + K * (t3 / 6.0 + t9 / 135.0 + t15 / 600.0)) / D;
        *g1 = -(-A / t2 + K * (t2 / 2.0 + t9 / tau / 15.0 + t15 / tau / 40.0)) / D;
        *g2 = -(2.0 * A / t3 + K * (tau + 8.0 * t6 * tau / 15.0 + 14.0 * t9 * t3 * tau / 40.0)) / D;
    } else {
        double i = 1.0 / tau, i5 = i * i * i * i * i, i10 = i5 * i5, i15 = i10 * i5,
               i25 = i15 * i10;
        *g = -(i5 / 10.0 + i15 / 315.0 + i25 / 1500.0) / D;
        *g1 = (i5 * i / 2.0 + i15 * i / 21.0 + i25 * i / 60.0) / D;
        *g2 = -(3.0 * i5 * i * i + 16.0 / 21.0 * i15 * i * i + 26.0 / 60.0 * i25 * i * i) / D;
    }
}

/* g(tau) of the Xiong model and its first two derivatives (see above). */
static void xiong_g(double tau, double p, double *g, double *g1, double *g2) {
    const double D = 0.33471979 + 0.49649686 * (1.0 / p - 1.0);
    if (tau <= 1.0) {
        const double A = 0.38438376 / p, K = 0.63570895 * (1.0 / p - 1.0);
        double t2 = tau * tau, t3 = t2 * tau, t6 = t3 * t3, t9 = t6 * t3, t15 = t9 * t6,
               t21 = t15 * t6;
        *g = 1.0 - (A / tau + K * (t3 / 6.0 + t9 / 135.0 + t15 / 600.0 + t21 / 1617.0)) / D;
        *g1 =
            -(-A / t2 + K * (t2 / 2.0 + t9 / tau / 15.0 + t15 / tau / 40.0 + t21 / tau / 77.0)) / D;
        *g2 = -(2.0 * A / t3 + K * (tau + 8.0 * t9 / t2 / 15.0 + 14.0 * t15 / t2 / 40.0 +
                                    20.0 * t21 / t2 / 77.0)) /
              D;
    } else {
        double i = 1.0 / tau, i7 = i * i * i * i * i * i * i, i14 = i7 * i7, i21 = i14 * i7,
               i35 = i21 * i14, i49 = i35 * i14;
        *g = -(i7 / 21.0 + i21 / 630.0 + i35 / 2975.0 + i49 / 8232.0) / D;
        *g1 = (i7 * i / 3.0 + i21 * i / 30.0 + i35 * i / 85.0 + i49 * i / 168.0) / D;
        *g2 = -(8.0 * i7 * i * i / 3.0 + 22.0 * i21 * i * i / 30.0 + 36.0 * i35 * i * i / 85.0 +
                50.0 * i49 * i * i / 168.0) /
              D;
    }
}

/* out = g(T / t) as a jet, where the jet t (in `t`, overwritten) is a positive ordering
 * temperature; it and tau are scratch jets. */
static void g_of_tau(lqi_mv *t, lqi_mv *it, lqi_mv *tau, lqi_mv *out, double T, double p, int xiong,
                     size_t m) {
    double tv = *t->v;
    lqi_mv_compose(t, 1.0 / tv, -1.0 / (tv * tv), 2.0 / (tv * tv * tv), it, m);
    /* tau = T * (1/t) */
    *tau->v = T * *it->v;
    for (size_t a = 0; a < m; a++) {
        tau->g[a] = T * it->g[a] + (a == 0 ? *it->v : 0.0);
        for (size_t b = 0; b < m; b++)
            tau->h[a * m + b] =
                T * it->h[a * m + b] + (a == 0 ? it->g[b] : 0.0) + (b == 0 ? it->g[a] : 0.0);
    }
    double g, g1, g2;
    if (xiong)
        xiong_g(*tau->v, p, &g, &g1, &g2);
    else
        ihj_g(*tau->v, p, &g, &g1, &g2);
    lqi_mv_compose(tau, g, g1, g2, out, m);
}

/* Adds scale * R T ln(beta + 1) g, with ln(beta + 1) from the jet `be` and g from `gt`;
 * A, pr and res are scratch jets. */
static void add_rt_ln_beta(lq_thermo_ws *ws, lqi_mv *be, lqi_mv *gt, lqi_mv *A, lqi_mv *pr,
                           lqi_mv *res, double scale, size_t n, unsigned what, lq_phase_eval *out) {
    const size_t m = n + 1;
    const double T = ws->T, R = ws->R;
    double b1 = 1.0 + *be->v;
    lqi_mv_compose(be, log(b1), 1.0 / b1, -1.0 / (b1 * b1), A, m);
    lqi_mv_mul(A, gt, pr, m);
    if (scale != 1.0) lqi_mv_scale(pr, scale, m);
    /* res = R T pr */
    *res->v = R * T * *pr->v;
    for (size_t a = 0; a < m; a++) {
        res->g[a] = R * (T * pr->g[a] + (a == 0 ? *pr->v : 0.0));
        for (size_t b = 0; b < m; b++)
            res->h[a * m + b] =
                R * (T * pr->h[a * m + b] + (a == 0 ? pr->g[b] : 0.0) + (b == 0 ? pr->g[a] : 0.0));
    }
    lqi_mv_add_to_eval(res, n, what, out);
}

lq_status lqi_thermo_magnetic_add(lq_thermo_ws *ws, const lqi_sphase *ph, const double *y,
                                  unsigned what, lq_phase_eval *out) {
    const size_t n = ph->ncons, m = n + 1, B = 1 + m + m * m;
    double *s = ws->scratch;
    lqi_mv tc = lqi_mv_at(s, m), be = lqi_mv_at(s + B, m), it = lqi_mv_at(s + 2 * B, m),
           tau = lqi_mv_at(s + 3 * B, m), gt = lqi_mv_at(s + 4 * B, m), A = lqi_mv_at(s + 5 * B, m),
           pr = lqi_mv_at(s + 6 * B, m), res = lqi_mv_at(s + 7 * B, m);
    double *tmp = s + 8 * B; /* 2 blocks: 2n + n*n fits */
    lqi_mv_cef_sum(ws, ph->t0[LQI_TERM_TC], ph->t1[LQI_TERM_TC], y, n, &tc, tmp);
    lqi_mv_cef_sum(ws, ph->t0[LQI_TERM_BM], ph->t1[LQI_TERM_BM], y, n, &be, tmp);
    if (ph->afm != 0.0) return lqi_thermo_magnetic_jets_add(ws, ph->afm, ph->p, 1.0, n, what, out);
    /* Xiong: Curie and Neel parts */
    int any = 0;
    if (*tc.v > 0.0) { /* no ordering temperature: no contribution (the limit tau -> inf) */
        g_of_tau(&tc, &it, &tau, &gt, ws->T, ph->p, 1, m);
        any = 1;
    }
    /* the Neel part: tc's block is free now; its g goes through A into gt */
    lqi_mv_cef_sum(ws, ph->t0[LQI_TERM_NT], ph->t1[LQI_TERM_NT], y, n, &tc, tmp);
    if (*tc.v > 0.0) {
        g_of_tau(&tc, &it, &tau, any ? &A : &gt, ws->T, ph->p, 1, m);
        if (any) lqi_mv_add(&gt, &A, m);
        any = 1;
    }
    if (!any) return LQ_OK;
    if (!(*be.v > -1.0)) return LQ_EDOM;
    add_rt_ln_beta(ws, &be, &gt, &A, &pr, &res, 1.0, n, what, out);
    return LQ_OK;
}

lq_status lqi_thermo_magnetic_jets_add(lq_thermo_ws *ws, double afm, double p, double scale,
                                       size_t n, unsigned what, lq_phase_eval *out) {
    const size_t m = n + 1, B = 1 + m + m * m;
    double *s = ws->scratch;
    lqi_mv tc = lqi_mv_at(s, m), be = lqi_mv_at(s + B, m), it = lqi_mv_at(s + 2 * B, m),
           tau = lqi_mv_at(s + 3 * B, m), gt = lqi_mv_at(s + 4 * B, m), A = lqi_mv_at(s + 5 * B, m),
           pr = lqi_mv_at(s + 6 * B, m), res = lqi_mv_at(s + 7 * B, m);
    if (*tc.v < 0.0 && afm != 0.0) lqi_mv_scale(&tc, 1.0 / afm, m);
    if (*be.v < 0.0 && afm != 0.0) lqi_mv_scale(&be, 1.0 / afm, m);
    if (!(*tc.v > 0.0)) return LQ_OK; /* no ordering temperature: G_mag = 0 */
    if (!(*be.v > -1.0)) return LQ_EDOM;
    g_of_tau(&tc, &it, &tau, &gt, ws->T, p, 0, m);
    add_rt_ln_beta(ws, &be, &gt, &A, &pr, &res, scale, n, what, out);
    return LQ_OK;
}
