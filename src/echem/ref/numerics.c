/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Numerics shared by the echem analyses: input checks, straight-line fit, Savitzky-Golay, sweeps.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "echem/ref/ana_internal.h"

lq_status lqi_echem_check_series(const double *t_s, const double *E_V, const double *I_A, size_t n,
                                 lq_diag *diag) {
    for (size_t i = 0; i < n; i++) {
        if (t_s && !isfinite(t_s[i]))
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "t", "sample %zu: time is not finite",
                                i + 1);
        if (E_V && !isfinite(E_V[i]))
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "E",
                                "sample %zu: potential is not finite", i + 1);
        if (I_A && !isfinite(I_A[i]))
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "I", "sample %zu: current is not finite",
                                i + 1);
        if (t_s && i > 0 && !(t_s[i] > t_s[i - 1]))
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "t",
                                "sample %zu: time %.9g s does not increase (previous %.9g s)",
                                i + 1, t_s[i], t_s[i - 1]);
    }
    return LQ_OK;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double lqi_echem_median(const double *v, size_t n, double *scratch) {
    if (n == 0) return (double)NAN;
    memcpy(scratch, v, n * sizeof *scratch);
    qsort(scratch, n, sizeof *scratch, cmp_double);
    return n % 2 ? scratch[n / 2] : 0.5 * (scratch[n / 2 - 1] + scratch[n / 2]);
}

size_t lqi_echem_auto_window(size_t n, double frac) {
    size_t w = (size_t)((double)n * frac);
    /* Capped so that smoothing stays O(100 n) on long records. */
    if (w > 101) w = 101;
    if (w < 5) w = 5;
    if (w % 2 == 0) w++;
    if (w > n) w = n % 2 ? n : n - 1;
    return w;
}

double lqi_echem_noise_sd(const double *y, size_t n, double *scratch, size_t scratch_n) {
    if (n < 3 || scratch_n == 0) return 0.0;
    size_t ntrip = n - 2, stride = ntrip / scratch_n + 1, m = 0;
    for (size_t i = 1; i + 1 < n && m < scratch_n; i += stride)
        scratch[m++] = fabs(y[i + 1] - 2.0 * y[i] + y[i - 1]);
    qsort(scratch, m, sizeof *scratch, cmp_double);
    double med = m % 2 ? scratch[m / 2] : 0.5 * (scratch[m / 2 - 1] + scratch[m / 2]);
    /* For white noise of sd s the second difference has sd sqrt(6) s; the median absolute value
     * of a normal variable is 0.6745 sd. */
    return med / (0.6744897501960817 * sqrt(6.0));
}

lq_status lq_echem_linfit_compute(const double *x, const double *y, size_t n,
                                  lq_echem_linfit *fit) {
    if (!fit) return LQ_EINVAL;
    lqi_linfit_result f;
    lq_status st = lqi_linfit(x, y, NULL, n, &f);
    if (st != LQ_OK) return st;
    fit->a = f.a;
    fit->b = f.b;
    fit->a_se = f.a_se;
    fit->b_se = f.b_se;
    fit->cov_ab = f.cov_ab;
    fit->r2 = f.r2;
    fit->rms = f.rms;
    fit->n = f.n;
    return LQ_OK;
}

/*
 * Weights that evaluate, at offset `at` from the window centre, the least-squares polynomial of
 * degree `order` through the window (offsets -h..h): w = v(at)^T (V^T V)^-1 V^T with V the
 * Vandermonde matrix. The normal matrix is at most 8x8 and solved by LU (lqi_lu_factor); offsets
 * are scaled by h to keep it well conditioned.
 */
static int savgol_weights(size_t window, int order, double at, double *w) {
    int m = order + 1;
    double ata[64], rhs[8]; /* ata: row-major m x m */
    long h = (long)(window / 2);
    double scale = h > 0 ? (double)h : 1.0;
    for (int r = 0; r < m; r++) {
        for (int c = 0; c < m; c++) {
            double s = 0.0;
            for (long k = -h; k <= h; k++) s += pow((double)k / scale, r + c);
            ata[r * m + c] = s;
        }
        rhs[r] = pow(at / scale, r);
    }
    /* Solve (V^T V) z = v(at); then w_k = sum_r z_r (k/scale)^r. */
    int piv[8];
    if (lqi_lu_factor(ata, (size_t)m, piv, 0.0) != LQ_OK) return -1;
    lqi_lu_solve(ata, (size_t)m, piv, 0, rhs);
    const double *z = rhs;
    for (long k = -h; k <= h; k++) {
        double s = 0.0, p = 1.0;
        for (int r = 0; r < m; r++) {
            s += z[r] * p;
            p *= (double)k / scale;
        }
        w[k + h] = s;
    }
    return 0;
}

lq_status lq_echem_savgol(const double *y, size_t n, size_t window, int order, double *out) {
    if (!y || !out || y == out || order < 0 || order > 7 || window % 2 == 0 || window > n ||
        window < (size_t)order + 2)
        return LQ_EINVAL;
    double *w = lqi_malloc_array(window, sizeof *w);
    if (!w) return LQ_ENOMEM;
    size_t h = window / 2;
    if (savgol_weights(window, order, 0.0, w) != 0) {
        lqi_free(w);
        return LQ_EINVAL;
    }
    for (size_t i = h; i + h < n; i++) {
        double s = 0.0;
        const double *yy = y + i - h;
        for (size_t k = 0; k < window; k++) s += w[k] * yy[k];
        out[i] = s;
    }
    /* Edges: the polynomial of the first / last full window evaluated off-centre. */
    for (size_t i = 0; i < h; i++) {
        double at = (double)i - (double)h;
        if (savgol_weights(window, order, at, w) != 0) break;
        double s0 = 0.0, s1 = 0.0;
        for (size_t k = 0; k < window; k++) {
            s0 += w[k] * y[k];
            s1 += w[k] * y[n - 1 - k]; /* the last window read backwards */
        }
        out[i] = s0;
        out[n - 1 - i] = s1;
    }
    lqi_free(w);
    return LQ_OK;
}

lq_status lq_echem_sweeps_find(const double *E_V, size_t n, double hysteresis_V, size_t *starts,
                               size_t cap, size_t *nsweeps) {
    if (!E_V || !nsweeps || n < 3 || (cap && !starts)) return LQ_EINVAL;
    double lo = E_V[0], hi = E_V[0];
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(E_V[i])) return LQ_EINVAL;
        if (E_V[i] < lo) lo = E_V[i];
        if (E_V[i] > hi) hi = E_V[i];
    }
    double hyst = hysteresis_V > 0.0 ? hysteresis_V : 0.02 * (hi - lo);
    size_t count = 0;
    if (cap) starts[0] = 0;
    count = 1;
    int dir = 0; /* unknown until the potential has moved by more than hyst */
    size_t iext = 0;
    for (size_t i = 1; i < n; i++) {
        double e = E_V[i];
        if (dir == 0) {
            if (e > E_V[0] + hyst)
                dir = 1;
            else if (e < E_V[0] - hyst)
                dir = -1;
            if (dir) iext = i;
            continue;
        }
        if ((dir > 0 && e >= E_V[iext]) || (dir < 0 && e <= E_V[iext])) {
            iext = i;
        } else if (fabs(e - E_V[iext]) > hyst) {
            /* Vertex at the running extreme: the new sweep starts right after it. */
            if (cap) {
                if (count >= cap) return LQ_EINVAL;
                starts[count] = iext + 1;
            }
            count++;
            dir = -dir;
            iext = i;
        }
    }
    *nsweeps = count;
    return LQ_OK;
}

/*
 * Peaks of y (maxima) with their prominence: for a local maximum, the larger of the minima between
 * it and the nearest higher sample on either side (or the end) is the reference level. O(m) per
 * peak; m is one sweep.
 */
size_t lqi_echem_find_maxima(const double *y, size_t m, double min_prom, size_t *idx, double *prom,
                             size_t cap) {
    size_t np = 0;
    for (size_t i = 1; i + 1 < m; i++) {
        if (!(y[i] > y[i - 1] && y[i] >= y[i + 1])) continue;
        double lmin = y[i], rmin = y[i];
        size_t k = i;
        while (k > 0 && y[k - 1] <= y[i]) {
            k--;
            if (y[k] < lmin) lmin = y[k];
        }
        k = i;
        while (k + 1 < m && y[k + 1] <= y[i]) {
            k++;
            if (y[k] < rmin) rmin = y[k];
        }
        double p = y[i] - (lmin > rmin ? lmin : rmin);
        if (p < min_prom) continue;
        /* Keep the `cap` most prominent. */
        if (np < cap) {
            idx[np] = i;
            prom[np] = p;
            np++;
        } else {
            size_t w = 0;
            for (size_t q = 1; q < np; q++)
                if (prom[q] < prom[w]) w = q;
            if (p > prom[w]) {
                idx[w] = i;
                prom[w] = p;
            }
        }
    }
    /* Most prominent first. */
    for (size_t a = 1; a < np; a++)
        for (size_t b = a; b > 0 && prom[b] > prom[b - 1]; b--) {
            double tp = prom[b];
            prom[b] = prom[b - 1];
            prom[b - 1] = tp;
            size_t ti = idx[b];
            idx[b] = idx[b - 1];
            idx[b - 1] = ti;
        }
    return np;
}
