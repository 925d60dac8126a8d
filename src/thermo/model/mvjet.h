/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Multivariate jets over (T, y_1..y_n) shared by the magnetic, Einstein and two-state terms. */
#ifndef LIQUIDUS_THERMO_MODEL_MVJET_H
#define LIQUIDUS_THERMO_MODEL_MVJET_H

#include <string.h>

#include "thermo/thermo_internal.h"

/*
 * Every quantity is carried as value, gradient and Hessian over the variables (T, y_1..y_n)
 * (m = n + 1 variables, variable 0 is T), combined with the chain rule for products and for
 * scalar functions f(u): grad f = f' grad u, Hess f = f' Hess u + f'' grad u grad u^T. The
 * storage is one block of 1 + m + m*m doubles of the workspace's scratch.
 */
typedef struct lqi_mv {
    double *v, *g, *h; /* value, gradient [m], Hessian [m*m] */
} lqi_mv;

static inline lqi_mv lqi_mv_at(double *block, size_t m) {
    lqi_mv r = {block, block + 1, block + 1 + m};
    return r;
}

static inline void lqi_mv_compose(const lqi_mv *u, double f, double f1, double f2, lqi_mv *out,
                                  size_t m) {
    *out->v = f;
    for (size_t a = 0; a < m; a++) {
        out->g[a] = f1 * u->g[a];
        for (size_t b = 0; b < m; b++)
            out->h[a * m + b] = f1 * u->h[a * m + b] + f2 * u->g[a] * u->g[b];
    }
}

/* out = f(u, T) given the partial derivatives of f in u and T (f_u, f_T, f_uu, f_uT, f_TT). */
static inline void lqi_mv_compose_T(const lqi_mv *u, double f, double fu, double fT, double fuu,
                                    double fuT, double fTT, lqi_mv *out, size_t m) {
    lqi_mv_compose(u, f, fu, fuu, out, m);
    out->g[0] += fT;
    for (size_t a = 0; a < m; a++) {
        out->h[a * m] += fuT * u->g[a];
        out->h[a] += fuT * u->g[a];
    }
    out->h[0] += fTT;
}

static inline void lqi_mv_mul(const lqi_mv *u, const lqi_mv *w, lqi_mv *out, size_t m) {
    double uv = *u->v, wv = *w->v;
    for (size_t a = 0; a < m; a++)
        for (size_t b = 0; b < m; b++)
            out->h[a * m + b] =
                uv * w->h[a * m + b] + wv * u->h[a * m + b] + u->g[a] * w->g[b] + w->g[a] * u->g[b];
    for (size_t a = 0; a < m; a++) out->g[a] = uv * w->g[a] + wv * u->g[a];
    *out->v = uv * wv;
}

static inline void lqi_mv_scale(lqi_mv *u, double s, size_t m) {
    *u->v *= s;
    for (size_t a = 0; a < m; a++) u->g[a] *= s;
    for (size_t a = 0; a < m * m; a++) u->h[a] *= s;
}

/* u += w */
static inline void lqi_mv_add(lqi_mv *u, const lqi_mv *w, size_t m) {
    *u->v += *w->v;
    for (size_t a = 0; a < m; a++) u->g[a] += w->g[a];
    for (size_t a = 0; a < m * m; a++) u->h[a] += w->h[a];
}

/* CEF sum of the terms [t0, t1) (value, T and y derivatives) into the jet u; tmp holds
 * 2n + n*n doubles. */
static inline void lqi_mv_cef_sum(const lq_thermo_ws *ws, int t0, int t1, const double *y, size_t n,
                                  lqi_mv *u, double *tmp) {
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

/* Adds the jet res (a contribution to G per formula unit) to out as `what` asks. */
static inline void lqi_mv_add_to_eval(const lqi_mv *res, size_t n, unsigned what,
                                      lq_phase_eval *out) {
    size_t m = n + 1;
    out->G += *res->v;
    if (what & LQ_EVAL_DT) {
        out->dG_dT += res->g[0];
        out->d2G_dT2 += res->h[0];
    }
    if (what & LQ_EVAL_DY)
        for (size_t a = 0; a < n; a++) {
            out->dG_dy[a] += res->g[1 + a];
            if ((what & LQ_EVAL_DT) && out->d2G_dTdy) out->d2G_dTdy[a] += res->h[1 + a];
        }
    if (what & LQ_EVAL_DY2)
        for (size_t a = 0; a < n; a++)
            for (size_t b = 0; b < n; b++) out->d2G_dy2[a * n + b] += res->h[(1 + a) * m + 1 + b];
}

#endif /* LIQUIDUS_THERMO_MODEL_MVJET_H */
