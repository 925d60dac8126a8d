/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Inden-Hillert-Jarl magnetic contribution to the Gibbs energy, with analytic derivatives. */
#include <math.h>
#include <string.h>

#include "liquidus/units.h"
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
 * Derivatives: every quantity is carried as value, gradient and Hessian over the variables
 * (T, y_1..y_n) ("multivariate jets"), combined with the chain rule for products and for scalar
 * functions f(u): grad f = f' grad u, Hess f = f' Hess u + f'' grad u grad u^T.
 */

typedef struct mv {
    double *v, *g, *h; /* value, gradient [m], Hessian [m*m]; variable 0 is T */
} mv;

static mv mv_at(double *block, size_t m) {
    mv r = {block, block + 1, block + 1 + m};
    return r;
}

static void mv_compose(const mv *u, double f, double f1, double f2, mv *out, size_t m) {
    *out->v = f;
    for (size_t a = 0; a < m; a++) {
        out->g[a] = f1 * u->g[a];
        for (size_t b = 0; b < m; b++)
            out->h[a * m + b] = f1 * u->h[a * m + b] + f2 * u->g[a] * u->g[b];
    }
}

static void mv_mul(const mv *u, const mv *w, mv *out, size_t m) {
    double uv = *u->v, wv = *w->v;
    for (size_t a = 0; a < m; a++)
        for (size_t b = 0; b < m; b++)
            out->h[a * m + b] =
                uv * w->h[a * m + b] + wv * u->h[a * m + b] + u->g[a] * w->g[b] + w->g[a] * u->g[b];
    for (size_t a = 0; a < m; a++) out->g[a] = uv * w->g[a] + wv * u->g[a];
    *out->v = uv * wv;
}

static void mv_scale(mv *u, double s, size_t m) {
    *u->v *= s;
    for (size_t a = 0; a < m; a++) u->g[a] *= s;
    for (size_t a = 0; a < m * m; a++) u->h[a] *= s;
}

/* Tc or beta (value, T and y derivatives) from the TC/BMAGN terms into the jet u. */
static void cef_sum(const lq_thermo_ws *ws, int t0, int t1, const double *y, size_t n, mv *u,
                    double *tmp) {
    size_t m = n + 1;
    double *grad = tmp, *dTdy = tmp + n, *hess = tmp + 2 * n;
    memset(tmp, 0, (2 * n + n * n) * sizeof *tmp);
    lq_phase_eval acc = {0.0, 0.0, 0.0, grad, hess, dTdy};
    lqi_thermo_terms_add(ws, t0, t1, y, n, LQ_EVAL_ALL, &acc);
    *u->v = acc.G;
    u->g[0] = acc.dG_dT;
    u->h[0] = acc.d2G_dT2;
    for (size_t a = 0; a < n; a++) {
        u->g[1 + a] = grad[a];
        u->h[1 + a] = u->h[(1 + a) * m] = dTdy[a];
        for (size_t b = 0; b < n; b++) u->h[(1 + a) * m + 1 + b] = hess[a * n + b];
    }
}

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

lq_status lqi_thermo_magnetic_add(lq_thermo_ws *ws, const lqi_sphase *ph, const double *y,
                                  unsigned what, lq_phase_eval *out) {
    const size_t n = ph->ncons, m = n + 1, B = 1 + m + m * m;
    double *s = ws->scratch;
    mv tc = mv_at(s, m), be = mv_at(s + B, m);
    double *tmp = s + 8 * B; /* 2 blocks: 2n + n*n fits */
    cef_sum(ws, ph->t0[LQI_TERM_TC], ph->t1[LQI_TERM_TC], y, n, &tc, tmp);
    cef_sum(ws, ph->t0[LQI_TERM_BM], ph->t1[LQI_TERM_BM], y, n, &be, tmp);
    return lqi_thermo_magnetic_jets_add(ws, ph->afm, ph->p, 1.0, n, what, out);
}

lq_status lqi_thermo_magnetic_jets_add(lq_thermo_ws *ws, double afm, double p, double scale,
                                       size_t n, unsigned what, lq_phase_eval *out) {
    const size_t m = n + 1, B = 1 + m + m * m;
    double *s = ws->scratch;
    mv tc = mv_at(s, m), be = mv_at(s + B, m), it = mv_at(s + 2 * B, m), tau = mv_at(s + 3 * B, m),
       gt = mv_at(s + 4 * B, m), A = mv_at(s + 5 * B, m), pr = mv_at(s + 6 * B, m),
       res = mv_at(s + 7 * B, m);
    if (*tc.v < 0.0 && afm != 0.0) mv_scale(&tc, 1.0 / afm, m);
    if (*be.v < 0.0 && afm != 0.0) mv_scale(&be, 1.0 / afm, m);
    if (!(*tc.v > 0.0)) return LQ_OK; /* no ordering temperature: G_mag = 0 */
    if (!(*be.v > -1.0)) return LQ_EDOM;
    const double T = ws->T, R = ws->R;
    /* tau = T * (1/Tc) */
    double t = *tc.v;
    mv_compose(&tc, 1.0 / t, -1.0 / (t * t), 2.0 / (t * t * t), &it, m);
    *tau.v = T * *it.v;
    for (size_t a = 0; a < m; a++) {
        tau.g[a] = T * it.g[a] + (a == 0 ? *it.v : 0.0);
        for (size_t b = 0; b < m; b++)
            tau.h[a * m + b] =
                T * it.h[a * m + b] + (a == 0 ? it.g[b] : 0.0) + (b == 0 ? it.g[a] : 0.0);
    }
    double g, g1, g2;
    ihj_g(*tau.v, p, &g, &g1, &g2);
    mv_compose(&tau, g, g1, g2, &gt, m);
    double b1 = 1.0 + *be.v;
    mv_compose(&be, log(b1), 1.0 / b1, -1.0 / (b1 * b1), &A, m);
    mv_mul(&A, &gt, &pr, m);
    /* res = scale R T pr */
    if (scale != 1.0) mv_scale(&pr, scale, m);
    *res.v = R * T * *pr.v;
    for (size_t a = 0; a < m; a++) {
        res.g[a] = R * (T * pr.g[a] + (a == 0 ? *pr.v : 0.0));
        for (size_t b = 0; b < m; b++)
            res.h[a * m + b] =
                R * (T * pr.h[a * m + b] + (a == 0 ? pr.g[b] : 0.0) + (b == 0 ? pr.g[a] : 0.0));
    }
    out->G += *res.v;
    if (what & LQ_EVAL_DT) {
        out->dG_dT += res.g[0];
        out->d2G_dT2 += res.h[0];
    }
    if (what & LQ_EVAL_DY)
        for (size_t a = 0; a < n; a++) {
            out->dG_dy[a] += res.g[1 + a];
            if ((what & LQ_EVAL_DT) && out->d2G_dTdy) out->d2G_dTdy[a] += res.h[1 + a];
        }
    if (what & LQ_EVAL_DY2)
        for (size_t a = 0; a < n; a++)
            for (size_t b = 0; b < n; b++) out->d2G_dy2[a * n + b] += res.h[(1 + a) * m + 1 + b];
    return LQ_OK;
}
