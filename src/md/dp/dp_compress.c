/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Model compression: embedding nets tabulated as quintic Hermite polynomials per interval. */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "md/dp/dp_internal.h"

/* DeePMD-kit's compression idea (Lu et al., J. Chem. Theory Comput. 18 (2022) 5559; its
 * deepmd/utils/tabulate.py): on a uniform grid of the embedding input s, each interval carries
 * the fifth-order polynomial matching g, g' and g'' at both ends. Its error is
 * |g - p| <= h^6 / 46080 * max |g^(6)| (Hermite interpolation with triple nodes: the remainder
 * g^(6)(xi)/6! t^3 (t - h)^3, |t^3 (t - h)^3| <= h^6/64); the build also measures the largest
 * error of g and g' at the interval midpoints and returns it. */

/* act, act' and act'' of z. */
static int act3(dpi_act act, double z, double *f, double *d, double *d2) {
    switch (act) {
        case DPI_ACT_LINEAR:
            *f = z, *d = 1, *d2 = 0;
            return 1;
        case DPI_ACT_TANH: {
            double t = tanh(z);
            *f = t, *d = 1 - t * t, *d2 = -2 * t * (1 - t * t);
            return 1;
        }
        case DPI_ACT_SIGMOID:
        case DPI_ACT_SOFTPLUS:
        case DPI_ACT_SILU: {
            double s = 1 / (1 + exp(-z)), ds = s * (1 - s), d2s = ds * (1 - 2 * s);
            if (act == DPI_ACT_SIGMOID) *f = s, *d = ds, *d2 = d2s;
            if (act == DPI_ACT_SOFTPLUS)
                *f = (z > 0 ? z : 0) + log1p(exp(-fabs(z))), *d = s, *d2 = ds;
            if (act == DPI_ACT_SILU) *f = z * s, *d = s + z * ds, *d2 = 2 * ds + z * d2s;
            return 1;
        }
        default:
            return 0;
    }
}

/* g, g', g'' of a one-input net at s (plain loops: built once). ws: 6 max_width doubles. */
static int net3(const dpi_net *net, double s, double *y, double *dy, double *d2y, double *ws) {
    size_t w = net->max_width;
    double *x = ws, *dx = ws + w, *d2x = ws + 2 * w, *z = ws + 3 * w, *dz = ws + 4 * w,
           *d2z = ws + 5 * w;
    x[0] = s, dx[0] = 1, d2x[0] = 0;
    for (size_t l = 0; l < net->n_layers; l++) {
        const dpi_layer *L = &net->layers[l];
        for (size_t o = 0; o < L->nout; o++) {
            double a = L->b ? L->b[o] : 0, da = 0, d2a = 0;
            for (size_t i = 0; i < L->nin; i++) {
                a += x[i] * L->w[i * L->nout + o];
                da += dx[i] * L->w[i * L->nout + o];
                d2a += d2x[i] * L->w[i * L->nout + o];
            }
            double f, d, d2, sc = L->idt ? L->idt[o] : 1;
            if (!act3(L->act, a, &f, &d, &d2)) return 0;
            size_t src = L->resnet == 2 ? o % L->nin : o;
            z[o] = f * sc + (L->resnet ? x[src] : 0);
            dz[o] = d * da * sc + (L->resnet ? dx[src] : 0);
            d2z[o] = (d2 * da * da + d * d2a) * sc + (L->resnet ? d2x[src] : 0);
        }
        memcpy(x, z, L->nout * sizeof *x);
        memcpy(dx, dz, L->nout * sizeof *x);
        memcpy(d2x, d2z, L->nout * sizeof *x);
    }
    memcpy(y, x, net->nout * sizeof *y);
    memcpy(dy, dx, net->nout * sizeof *y);
    memcpy(d2y, d2x, net->nout * sizeof *y);
    return 1;
}

/* Quintic Hermite coefficients of one interval of width h. */
static void hermite5(double p0, double p1, double d0, double d1, double s0, double s1, double h,
                     double c[6]) {
    double h2 = h * h, h3 = h2 * h;
    c[0] = p0;
    c[1] = d0;
    c[2] = s0 / 2;
    c[3] = (20 * (p1 - p0) - (8 * d1 + 12 * d0) * h - (3 * s0 - s1) * h2) / (2 * h3);
    c[4] = (30 * (p0 - p1) + (14 * d1 + 16 * d0) * h + (3 * s0 - 2 * s1) * h2) / (2 * h3 * h);
    c[5] = (12 * (p1 - p0) - 6 * (d1 + d0) * h - (s0 - s1) * h2) / (2 * h3 * h2);
}

void lqi_dp_table_eval(const dpi_table *t, size_t ng, size_t n, const double *s, double *g,
                       double *dg) {
    for (size_t q = 0; q < n; q++) {
        double u = (s[q] - t->lo) / t->h;
        size_t k = u <= 0 ? 0 : u >= (double)(t->n - 1) ? t->n - 1 : (size_t)u;
        double x = s[q] - (t->lo + (double)k * t->h);
        const double *c = t->c + k * ng * 6;
        for (size_t a = 0; a < ng; a++, c += 6) {
            g[q * ng + a] = ((((c[5] * x + c[4]) * x + c[3]) * x + c[2]) * x + c[1]) * x + c[0];
            dg[q * ng + a] = (((5 * c[5] * x + 4 * c[4]) * x + 3 * c[3]) * x + 2 * c[2]) * x + c[1];
        }
    }
}

/* Input range of net e: s = (w/(r+p) - davg)/dstd for r from r_min to rcut, every centre type
 * and slot that uses it. */
static void net_range(const lq_dp_model *m, size_t e, double r_min, double *lo, double *hi) {
    *lo = (double)INFINITY;
    *hi = -(double)INFINITY;
    for (size_t ti = 0; ti < m->ntypes; ti++)
        for (size_t tt = 0; tt < m->ntypes; tt++) {
            if (lqi_dp_embed_index(m, ti, tt) != e) continue;
            for (size_t slot = m->sec[tt]; slot < m->sec[tt + 1]; slot++) {
                size_t o = (ti * m->nnei + slot) * m->ncomp;
                double a = -m->davg[o] / m->dstd[o];
                double b = (1.0 / (r_min + m->protection) - m->davg[o]) / m->dstd[o];
                *lo = fmin(*lo, fmin(a, b));
                *hi = fmax(*hi, fmax(a, b));
            }
        }
}

static lq_status build_table(const lq_dp_model *m, size_t e, double step, double r_min,
                             dpi_table *t, double *err, double *ws) {
    const dpi_net *net = &m->embed[e];
    size_t ng = m->ng;
    double lo, hi;
    net_range(m, e, r_min, &lo, &hi);
    if (!isfinite(lo) || !isfinite(hi)) return LQ_EINVAL;
    t->lo = lo - step;
    t->h = step;
    t->n = (size_t)ceil((hi + step - t->lo) / step);
    if (t->n < 1 || t->n > 10000000) return LQ_EINVAL;
    t->hi = t->lo + (double)t->n * step;
    t->c = lqi_malloc_array(t->n * ng * 6, sizeof(double));
    double *v = lqi_malloc_array(9 * ng, sizeof(double));
    if (!t->c || !v) {
        lqi_free(v);
        return LQ_ENOMEM;
    }
    double *p0 = v, *d0 = v + ng, *s0 = v + 2 * ng, *p1 = v + 3 * ng, *d1 = v + 4 * ng,
           *s1 = v + 5 * ng, *pm = v + 6 * ng, *dm = v + 7 * ng, *sm = v + 8 * ng;
    lq_status st = LQ_OK;
    if (!net3(net, t->lo, p0, d0, s0, ws)) st = LQ_EUNSUPPORTED;
    for (size_t k = 0; st == LQ_OK && k < t->n; k++) {
        double x0 = t->lo + (double)k * step;
        if (!net3(net, x0 + step, p1, d1, s1, ws) || !net3(net, x0 + step / 2, pm, dm, sm, ws)) {
            st = LQ_EUNSUPPORTED;
            break;
        }
        double *c = t->c + k * ng * 6;
        for (size_t a = 0; a < ng; a++)
            hermite5(p0[a], p1[a], d0[a], d1[a], s0[a], s1[a], step, c + 6 * a);
        double xm = step / 2; /* midpoint check of value and slope */
        for (size_t a = 0; a < ng; a++) {
            const double *ca = c + 6 * a;
            double g =
                ((((ca[5] * xm + ca[4]) * xm + ca[3]) * xm + ca[2]) * xm + ca[1]) * xm + ca[0];
            double dg =
                (((5 * ca[5] * xm + 4 * ca[4]) * xm + 3 * ca[3]) * xm + 2 * ca[2]) * xm + ca[1];
            *err = fmax(*err, fmax(fabs(g - pm[a]), fabs(dg - dm[a])));
        }
        memcpy(p0, p1, 3 * ng * sizeof *p0); /* p1, d1, s1 follow p0, d0, s0 in v */
    }
    lqi_free(v);
    return st;
}

lq_status lq_dp_model_compress(lq_dp_model *m, double step, double r_min_A, double *max_err,
                               lq_diag *diag) {
    if (!m || !(step > 0) || !(r_min_A > 0) || !isfinite(step))
        return lqi_diag_set(diag, LQ_EINVAL, "", 0, "", "need a model, step > 0 and r_min > 0");
    if (m->tab) return lqi_diag_set(diag, LQ_EINVAL, "", 0, "", "the model is compressed already");
    dpi_table *tab = lqi_calloc(m->n_embed, sizeof *tab);
    size_t width = 0;
    for (size_t e = 0; e < m->n_embed; e++)
        if (m->embed[e].max_width > width) width = m->embed[e].max_width;
    double *ws = lqi_malloc_array(6 * width, sizeof(double)), err = 0;
    lq_status st = tab && ws ? LQ_OK : LQ_ENOMEM;
    for (size_t e = 0; st == LQ_OK && e < m->n_embed; e++)
        st = build_table(m, e, step, r_min_A, &tab[e], &err, ws);
    lqi_free(ws);
    if (st != LQ_OK) {
        for (size_t e = 0; tab && e < m->n_embed; e++) lqi_free(tab[e].c);
        lqi_free(tab);
        if (st == LQ_EUNSUPPORTED)
            return lqi_diag_set(diag, st, "", 0, "activation_function",
                                "compression supports tanh, sigmoid, softplus, silu and linear");
        return lqi_diag_set(diag, st, "", 0, "", "cannot tabulate the embedding nets");
    }
    m->tab = tab;
    if (max_err) *max_err = err;
    return LQ_OK;
}

void lqi_dp_tables_free(lq_dp_model *m) {
    for (size_t e = 0; m->tab && e < m->n_embed; e++) lqi_free(m->tab[e].c);
    lqi_free(m->tab);
    m->tab = NULL;
}
