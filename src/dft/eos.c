/* SPDX-License-Identifier: GPL-3.0-or-later */
/* E(V) equations of state: the Nd-Bi study's Eq. 9 (linear least squares) and nonlinear
 * Birch-Murnaghan, Murnaghan and Vinet fits (the core nonlinear fit, lqi_nlfit). Derivations:
 * docs/dft.md. */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "dft/dft_internal.h"
#include "liquidus/units.h"

lq_eos_options lq_eos_options_default(void) {
    lq_eos_options o;
    o.max_iter = 500;
    o.xtol = 1e-14;
    o.gtol = 1e-14;
    o.ftol = 1e-15;
    return o;
}

const char *lq_eos_model_name(lq_eos_model m) {
    switch (m) {
        case LQ_EOS_POLY4:
            return "poly4";
        case LQ_EOS_BIRCH_MURNAGHAN3:
            return "bm3";
        case LQ_EOS_MURNAGHAN:
            return "murnaghan";
        case LQ_EOS_VINET:
            return "vinet";
    }
    return "unknown";
}

lq_status lq_eos_model_parse(const char *name, lq_eos_model *m) {
    if (!name || !m) return LQ_EINVAL;
    static const struct {
        const char *n;
        lq_eos_model m;
    } names[] = {{"poly4", LQ_EOS_POLY4},          {"eq9", LQ_EOS_POLY4},
                 {"bm3", LQ_EOS_BIRCH_MURNAGHAN3}, {"birch_murnaghan", LQ_EOS_BIRCH_MURNAGHAN3},
                 {"murnaghan", LQ_EOS_MURNAGHAN},  {"vinet", LQ_EOS_VINET}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (lqi_strcasecmp(name, names[i].n) == 0) {
            *m = names[i].m;
            return LQ_OK;
        }
    return LQ_ENOTFOUND;
}

/* Energies of the nonlinear forms; p = (E0, B0, B', V0), B0 in eV/A^3. */
static double model_energy(lq_eos_model m, const double p[4], double v) {
    double e0 = p[0], b0 = p[1], bp = p[2], v0 = p[3];
    switch (m) {
        case LQ_EOS_BIRCH_MURNAGHAN3: {
            /* Birch (1947); written as E0 + 9V0B0/16 (x-1)^2 [6 + B'(x-1) - 4x], x = (V0/V)^2/3,
             * algebraically the same as the form. */
            double x = cbrt(v0 / v);
            x *= x;
            return e0 +
                   9.0 * b0 * v0 / 16.0 * (x - 1.0) * (x - 1.0) * (6.0 + bp * (x - 1.0) - 4.0 * x);
        }
        case LQ_EOS_MURNAGHAN:
            /* Murnaghan (1944), integrated at constant B'. */
            return e0 + b0 * v / bp * (pow(v0 / v, bp) / (bp - 1.0) + 1.0) - v0 * b0 / (bp - 1.0);
        case LQ_EOS_VINET: {
            /* Vinet et al. (1987). */
            double eta = cbrt(v / v0);
            return e0 + 2.0 * b0 * v0 / ((bp - 1.0) * (bp - 1.0)) *
                            (2.0 - (5.0 + 3.0 * bp * (eta - 1.0) - 3.0 * eta) *
                                       exp(-1.5 * (bp - 1.0) * (eta - 1.0)));
        }
        case LQ_EOS_POLY4:
            break;
    }
    return (double)NAN;
}

double lq_eos_energy(const lq_eos_result *r, double v_A3) {
    if (!r || !(v_A3 > 0.0)) return (double)NAN;
    if (r->model == LQ_EOS_POLY4) {
        double x = 1.0 / cbrt(v_A3 * v_A3);
        return r->k[0] + x * (r->k[1] + x * (r->k[2] + x * r->k[3]));
    }
    double p[4] = {r->e0_eV, r->b0_eV_per_A3, r->bp, r->v0_A3};
    return model_energy(r->model, p, v_A3);
}

static void finish(lq_eos_result *r, const double *v, const double *e, size_t n) {
    /* The study's fitting error (Shang et al. 2010): sqrt(sum[(E_fit - E_calc)/E_calc]^2 / n). */
    double s_rel = 0.0, s_abs = 0.0;
    for (size_t i = 0; i < n; i++) {
        double d = lq_eos_energy(r, v[i]) - e[i];
        s_abs += d * d;
        s_rel += (d / e[i]) * (d / e[i]);
    }
    r->fit_error = sqrt(s_rel / (double)n);
    r->rms_eV = sqrt(s_abs / (double)n);
    r->n_points = n;
    r->b0_GPa = r->b0_eV_per_A3 * LQ_EV_PER_A3_TO_PA / LQ_GPA_PA;
}

/* Linear least squares of y on the columns of `x` (n x p, row-major), by the library's SVD-based
 * solver (lqi_lstsq, LAPACK dgelsd). */
static lq_status linear_lsq(const double *xm, const double *y, size_t n, size_t p, double *c) {
    size_t nb = n > p ? n : p;
    double *a = lqi_malloc_array(n * p + nb, sizeof *a);
    if (!a) return LQ_ENOMEM;
    double *b = a + n * p;
    memcpy(a, xm, n * p * sizeof *a);
    memcpy(b, y, n * sizeof *b);
    size_t rank = 0;
    /* Singular values below 1e-12 of the largest count as zero: collinear data. */
    lq_status st = lqi_lstsq(a, n, p, b, 1e-12, &rank);
    if (st == LQ_OK && rank < p) st = LQ_ESINGULAR;
    if (st == LQ_OK) memcpy(c, b, p * sizeof *c);
    lqi_free(a);
    return st;
}

/* Eq. 9 as a cubic in x = V^-2/3, fitted in t = x / x_mean so that the columns are of order 1. */
static lq_status fit_poly4(const double *v, const double *e, size_t n, lq_eos_result *r,
                           lq_diag *diag) {
    double *xm = lqi_malloc_array(n * 4, sizeof *xm);
    if (!xm) return LQ_ENOMEM;
    double xmean = 0.0;
    for (size_t i = 0; i < n; i++) xmean += 1.0 / cbrt(v[i] * v[i]);
    xmean /= (double)n;
    for (size_t i = 0; i < n; i++) {
        double t = 1.0 / cbrt(v[i] * v[i]) / xmean;
        xm[4 * i] = 1.0;
        xm[4 * i + 1] = t;
        xm[4 * i + 2] = t * t;
        xm[4 * i + 3] = t * t * t;
    }
    double c[4];
    lq_status st = linear_lsq(xm, e, n, 4, c);
    lqi_free(xm);
    if (st != LQ_OK)
        return lqi_diag_set(diag, st, NULL, 0, "volume", "E-V points are degenerate for Eq. 9");
    /* Minimum: dE/dt = c1 + 2 c2 t + 3 c3 t^2 = 0 with d2E/dt2 = 2 c2 + 6 c3 t > 0. */
    double t0 = (double)NAN;
    if (fabs(c[3]) < 1e-300) {
        if (c[2] > 0.0) t0 = -c[1] / (2.0 * c[2]);
    } else {
        double a = 3.0 * c[3], b = 2.0 * c[2], cc = c[1];
        double disc = b * b - 4.0 * a * cc;
        if (disc >= 0.0) {
            double q = -0.5 * (b + copysign(sqrt(disc), b));
            double roots[2] = {q / a, q != 0.0 ? cc / q : (double)NAN};
            double best = (double)INFINITY;
            for (int k = 0; k < 2; k++) {
                double t = roots[k];
                if (!(t > 0.0) || !(2.0 * c[2] + 6.0 * c[3] * t > 0.0)) continue;
                if (fabs(t - 1.0) < best) {
                    best = fabs(t - 1.0);
                    t0 = t;
                }
            }
        }
    }
    if (!(t0 > 0.0))
        return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "energy", "Eq. 9 fit has no energy minimum");
    for (int j = 0; j < 4; j++) r->k[j] = c[j] / pow(xmean, (double)j);
    double x0 = t0 * xmean;
    double e2x = 2.0 * r->k[2] + 6.0 * r->k[3] * x0, e3x = 6.0 * r->k[3];
    r->v0_A3 = pow(x0, -1.5);
    r->e0_eV = r->k[0] + x0 * (r->k[1] + x0 * (r->k[2] + x0 * r->k[3]));
    /* B0 = V E''(V) = E_2x (dx/dV)^2 V with dx/dV = -2x/(3V); B' = 4 + (2/3) x E_3x / E_2x
     * (docs/dft.md, from B' = -1 - V E'''/E''). */
    r->b0_eV_per_A3 = e2x * 4.0 / 9.0 * x0 * x0 / r->v0_A3;
    r->bp = 4.0 + 2.0 / 3.0 * x0 * e3x / e2x;
    r->iterations = 0;
    return LQ_OK;
}

typedef struct {
    lq_eos_model m;
    const double *v, *e;
    size_t n;
} nl_data;

static int nl_f(const double *p, void *params, double *f) {
    const nl_data *d = params;
    if (!(p[3] > 0.0)) return -1;
    if (d->m != LQ_EOS_BIRCH_MURNAGHAN3 && fabs(p[2] - 1.0) < 1e-10) return -1;
    for (size_t i = 0; i < d->n; i++) {
        double y = model_energy(d->m, p, d->v[i]) - d->e[i];
        if (!isfinite(y)) return -1;
        f[i] = y;
    }
    return 0;
}

/* Analytic Jacobian d E / d (E0, B0, B', V0) of the three nonlinear forms (docs/dft.md); exact
 * derivatives let the fit converge to the least-squares optimum to rounding. */
static void model_gradient(lq_eos_model m, const double p[4], double v, double g[4]) {
    double b0 = p[1], bp = p[2], v0 = p[3];
    g[0] = 1.0;
    switch (m) {
        case LQ_EOS_BIRCH_MURNAGHAN3: {
            /* E = E0 + 9/16 B0 V0 u^2 Q, u = x - 1, Q = 2 + (B' - 4) u, dx/dV0 = 2x/(3V0). */
            double x = cbrt(v0 / v);
            x *= x;
            double u = x - 1.0, q = 2.0 + (bp - 4.0) * u;
            g[1] = 9.0 / 16.0 * v0 * u * u * q;
            g[2] = 9.0 / 16.0 * b0 * v0 * u * u * u;
            g[3] =
                9.0 / 16.0 * b0 * (u * u * q + 2.0 / 3.0 * x * (2.0 * u * q + (bp - 4.0) * u * u));
            return;
        }
        case LQ_EOS_MURNAGHAN: {
            double r = pow(v0 / v, bp), a = bp - 1.0;
            g[1] = v / bp * (r / a + 1.0) - v0 / a;
            g[2] =
                b0 * v * (r * log(v0 / v) / (bp * a) - r * (2.0 * bp - 1.0) / (bp * bp * a * a)) -
                b0 * v / (bp * bp) + v0 * b0 / (a * a);
            g[3] = b0 / a * (v * r / v0 - 1.0);
            return;
        }
        case LQ_EOS_VINET: {
            /* E = E0 + 2 B0 V0 / a^2 (2 - P X), a = B' - 1, w = eta - 1, P = 2 + 3 a w,
             * X = exp(-3 a w / 2), d eta / d V0 = -eta / (3 V0). */
            double eta = cbrt(v / v0), a = bp - 1.0, w = eta - 1.0;
            double pp = 2.0 + 3.0 * a * w, ex = exp(-1.5 * a * w);
            g[1] = 2.0 * v0 / (a * a) * (2.0 - pp * ex);
            g[2] = 2.0 * b0 * v0 *
                   ((-3.0 * w * ex + 1.5 * w * pp * ex) / (a * a) -
                    2.0 * (2.0 - pp * ex) / (a * a * a));
            g[3] = 2.0 * b0 / (a * a) * ((2.0 - pp * ex) - a * ex * (1.5 * pp - 3.0) * eta / 3.0);
            return;
        }
        case LQ_EOS_POLY4:
            break;
    }
    g[1] = g[2] = g[3] = (double)NAN;
}

static int nl_df(const double *p, void *params, double *J) {
    const nl_data *d = params;
    double g[4];
    for (size_t i = 0; i < d->n; i++) {
        model_gradient(d->m, p, d->v[i], g);
        for (int j = 0; j < 4; j++) {
            if (!isfinite(g[j])) return -1;
            J[4 * i + (size_t)j] = g[j];
        }
    }
    return 0;
}

static lq_status fit_nonlinear(lq_eos_model m, const double *v, const double *e, size_t n,
                               const lq_eos_options *opt, lq_eos_result *r, lq_diag *diag) {
    /* Starting point (pymatgen and ASE use the same rule): parabola E = a V^2 + b V + c through
     * the data, V0 its vertex, E0 its value there, B0 = V0 E'' = 2 a V0, B' = 4. */
    double *xm = lqi_malloc_array(n * 3, sizeof *xm);
    if (!xm) return LQ_ENOMEM;
    double vs = 0.0;
    for (size_t i = 0; i < n; i++) vs += v[i];
    vs /= (double)n;
    for (size_t i = 0; i < n; i++) {
        double t = v[i] / vs;
        xm[3 * i] = 1.0;
        xm[3 * i + 1] = t;
        xm[3 * i + 2] = t * t;
    }
    double c[3];
    lq_status st = linear_lsq(xm, e, n, 3, c);
    lqi_free(xm);
    if (st != LQ_OK) return lqi_diag_set(diag, st, NULL, 0, "volume", "E-V points are degenerate");
    double a = c[2] / (vs * vs), b = c[1] / vs;
    if (!(a > 0.0))
        return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "energy",
                            "E(V) is not convex: the parabola through the data opens downwards");
    double p0[4];
    p0[3] = -b / (2.0 * a);
    p0[0] = c[0] + b * p0[3] + a * p0[3] * p0[3];
    p0[1] = 2.0 * a * p0[3];
    p0[2] = 4.0;
    if (!(p0[3] > 0.0))
        return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "volume", "no energy minimum at V > 0");

    nl_data d = {m, v, e, n};
    lqi_nlfit fit = {n, 4, nl_f, nl_df, &d, opt->max_iter, opt->xtol, opt->gtol, opt->ftol, 1};
    lqi_nlfit_result fr;
    double p[4] = {p0[0], p0[1], p0[2], p0[3]};
    st = lqi_nlfit_solve(&fit, p, NULL, &fr);
    if (st == LQ_ENOMEM) return st;
    size_t iters = fr.iterations;
    if (st != LQ_OK)
        return lqi_diag_set(diag, LQ_ENOCONV, NULL, 0, lq_eos_model_name(m),
                            "nonlinear fit failed after %zu iterations (%s)", iters,
                            fr.reason ? fr.reason : "invalid start");
    if (!(p[1] > 0.0) || !(p[3] > 0.0) || (m != LQ_EOS_BIRCH_MURNAGHAN3 && !(p[2] > 1.0)))
        return lqi_diag_set(diag, LQ_ENOCONV, NULL, 0, lq_eos_model_name(m),
                            "fit ended at unphysical parameters (B0 = %g eV/A^3, B' = %g)", p[1],
                            p[2]);
    r->e0_eV = p[0];
    r->b0_eV_per_A3 = p[1];
    r->bp = p[2];
    r->v0_A3 = p[3];
    r->iterations = iters;
    return LQ_OK;
}

lq_status lq_eos_fit(lq_eos_model model, const double *v_A3, const double *e_eV, size_t n,
                     const lq_eos_options *opt, lq_eos_result *res, lq_diag *diag) {
    if (!v_A3 || !e_eV || !res) return LQ_EINVAL;
    if (n < 4)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "points",
                            "%zu E-V points: at least 4 are needed", n);
    if ((int)model < 0 || model > LQ_EOS_VINET) return LQ_EINVAL;
    for (size_t i = 0; i < n; i++) {
        if (!(v_A3[i] > 0.0) || !isfinite(v_A3[i]) || !isfinite(e_eV[i]))
            return lqi_diag_set(diag, LQ_EINVAL, NULL, (long)i + 1, "point",
                                "point %zu: volume must be > 0 and energy finite", i + 1);
    }
    lq_eos_options o = opt ? *opt : lq_eos_options_default();
    lq_eos_result r;
    memset(&r, 0, sizeof r);
    r.model = model;
    lq_status st = model == LQ_EOS_POLY4 ? fit_poly4(v_A3, e_eV, n, &r, diag)
                                         : fit_nonlinear(model, v_A3, e_eV, n, &o, &r, diag);
    if (st != LQ_OK) return st;
    finish(&r, v_A3, e_eV, n);
    *res = r;
    return LQ_OK;
}
