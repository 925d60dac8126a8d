/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Statistics of time series: block averages (Flyvbjerg-Petersen), statistical inefficiency and
 * equilibration detection (Chodera), histogram with a Gaussian fit (Guo). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "md/md_tools_internal.h"

static int all_finite(const double *x, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i])) return 0;
    return 1;
}

lq_status lq_md_block_average(const double *x, size_t n, lq_md_block_result *res) {
    if (!x || !res || n < 16 || !all_finite(x, n)) return LQ_EINVAL;
    double *b = lqi_malloc_array(n, sizeof *b);
    if (!b) return LQ_ENOMEM;
    memcpy(b, x, n * sizeof *b);
    lq_md_block_result r;
    memset(&r, 0, sizeof r);
    double mean = 0.0;
    for (size_t i = 0; i < n; i++) mean += x[i];
    mean /= (double)n;
    r.mean = mean;
    size_t m = n, bs = 1;
    /* Flyvbjerg & Petersen 1989, Eqs. 27-28: at each level the blocks are averaged pairwise; the
     * variance of the block means / (m - 1) estimates the squared error of the mean, with a
     * relative uncertainty 1 / sqrt(2 (m - 1)). */
    while (m >= 2 && r.n_levels < LQ_MD_BLOCK_MAX_LEVELS) {
        double c0 = 0.0;
        for (size_t i = 0; i < m; i++) c0 += (b[i] - mean) * (b[i] - mean);
        c0 /= (double)m;
        if (r.n_levels == 0) r.variance = c0 * (double)m / (double)(m - 1);
        size_t k = r.n_levels++;
        r.block_size[k] = bs;
        r.n_blocks[k] = m;
        r.sem[k] = sqrt(c0 / (double)(m - 1));
        r.sem_err[k] = r.sem[k] / sqrt(2.0 * (double)(m - 1));
        for (size_t i = 0; i < m / 2; i++) b[i] = 0.5 * (b[2 * i] + b[2 * i + 1]);
        m /= 2;
        bs *= 2;
    }
    lqi_free(b);
    /* Level choice: the smallest block size B with B^3 > 2 n (sem_B / sem_1)^4, the criterion of
     * M. A. Lee et al., Phys. Rev. B 83 (2011) 245125, Sec. IV (B large against the correlation
     * time g ~ (sem_B / sem_1)^2), among levels that keep at least 8 blocks. */
    r.plateau_found = 0;
    size_t best = 0;
    for (size_t k = 0; k < r.n_levels; k++) {
        if (r.n_blocks[k] < 8) break;
        if (r.sem[k] > r.sem[best]) best = k;
        double ratio = r.sem[0] > 0.0 ? r.sem[k] / r.sem[0] : 1.0;
        double B = (double)r.block_size[k];
        if (!r.plateau_found && B * B * B > 2.0 * (double)n * ratio * ratio * ratio * ratio) {
            r.plateau_found = 1;
            r.plateau_level = k;
        }
    }
    if (!r.plateau_found) r.plateau_level = best;
    r.sem_plateau = r.sem[r.plateau_level];
    r.statistical_inefficiency =
        r.variance > 0.0 ? (double)n * r.sem_plateau * r.sem_plateau / r.variance : 1.0;
    *res = r;
    return LQ_OK;
}

/* g = 1 + 2 sum_{t>=1} (1 - t/n) C(t), C from the unbiased autocovariance, summed until C(t) <= 0
 * for t > 3 (Chodera 2016, Eqs. 5-7; the cut-off as in pymbar's timeseries module). */
static double inefficiency(const double *x, size_t n) {
    double mean = 0.0;
    for (size_t i = 0; i < n; i++) mean += x[i];
    mean /= (double)n;
    double var = 0.0;
    for (size_t i = 0; i < n; i++) var += (x[i] - mean) * (x[i] - mean);
    var /= (double)n;
    if (!(var > 0.0)) return 1.0;
    double g = 1.0;
    for (size_t t = 1; t < n - 1; t++) {
        double c = 0.0;
        for (size_t i = 0; i + t < n; i++) c += (x[i] - mean) * (x[i + t] - mean);
        c /= (double)(n - t) * var;
        if (c <= 0.0 && t > 3) break;
        g += 2.0 * c * (1.0 - (double)t / (double)n);
    }
    return g < 1.0 ? 1.0 : g;
}

lq_status lq_md_statistical_inefficiency(const double *x, size_t n, double *g) {
    if (!x || !g || n < 4 || !all_finite(x, n)) return LQ_EINVAL;
    *g = inefficiency(x, n);
    return LQ_OK;
}

lq_status lq_md_equilibration_detect(const double *x, size_t n, size_t *t0, double *g,
                                     double *n_eff) {
    if (!x || !t0 || n < 16 || !all_finite(x, n)) return LQ_EINVAL;
    /* candidates: every point of the first half when n <= 400, else 200 evenly spaced in it */
    size_t last = n / 2, step = n <= 400 ? 1 : (last + 199) / 200;
    double best = -1.0, best_g = 1.0;
    size_t best_t = 0;
    for (size_t t = 0; t <= last; t += step) {
        double gt = inefficiency(x + t, n - t);
        double ne = (double)(n - t) / gt;
        if (ne > best) {
            best = ne;
            best_g = gt;
            best_t = t;
        }
    }
    *t0 = best_t;
    if (g) *g = best_g;
    if (n_eff) *n_eff = best;
    return LQ_OK;
}

double lq_md_histogram_fit_eval(const lq_md_histogram *h, double x) {
    if (!h || !h->fit_ok) return (double)NAN;
    double u = (x - h->fit_mu) / h->fit_sigma;
    return h->fit_amplitude * exp(-0.5 * u * u);
}

void lq_md_histogram_free(lq_md_histogram *h) {
    if (!h) return;
    lqi_free(h->center);
    lqi_free(h->count);
    memset(h, 0, sizeof *h);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Solves the 3x3 system A p = r (A and r destroyed) through the library's LU; -1 if singular. */
static int solve3(double A[3][3], double r[3], double p[3]) {
    int piv[3];
    if (lqi_lu_factor(&A[0][0], 3, piv, 0.0) != LQ_OK) return -1;
    lqi_lu_solve(&A[0][0], 3, piv, 0, r);
    for (int i = 0; i < 3; i++) p[i] = r[i];
    return 0;
}

lq_status lq_md_histogram_gauss(const double *x, size_t n, size_t n_bins, lq_md_histogram *out) {
    if (!x || !out || n < 3 || !all_finite(x, n)) return LQ_EINVAL;
    double *s = lqi_malloc_array(n, sizeof *s);
    if (!s) return LQ_ENOMEM;
    memcpy(s, x, n * sizeof *s);
    qsort(s, n, sizeof *s, cmp_double);
    double lo = s[0], hi = s[n - 1];
    double iqr = s[(3 * n) / 4] - s[n / 4];
    lqi_free(s);
    if (!(hi > lo)) return LQ_EINVAL;
    if (n_bins == 0) {
        /* Freedman-Diaconis: width 2 IQR n^(-1/3) */
        double w = 2.0 * iqr / cbrt((double)n);
        n_bins = w > 0.0 ? (size_t)ceil((hi - lo) / w) : 5;
        if (n_bins < 5) n_bins = 5;
        if (n_bins > 200) n_bins = 200;
    }
    lq_md_histogram h;
    memset(&h, 0, sizeof h);
    h.n_bins = n_bins;
    h.center = lqi_calloc(n_bins, sizeof *h.center);
    h.count = lqi_calloc(n_bins, sizeof *h.count);
    if (!h.center || !h.count) {
        lq_md_histogram_free(&h);
        return LQ_ENOMEM;
    }
    h.width = (hi - lo) / (double)n_bins;
    for (size_t i = 0; i < n_bins; i++) h.center[i] = lo + ((double)i + 0.5) * h.width;
    double mean = 0.0, var = 0.0;
    for (size_t i = 0; i < n; i++) {
        size_t k = (size_t)floor((x[i] - lo) / h.width);
        if (k >= n_bins) k = n_bins - 1;
        h.count[k] += 1.0;
        mean += x[i];
    }
    mean /= (double)n;
    for (size_t i = 0; i < n; i++) var += (x[i] - mean) * (x[i] - mean);
    h.mean = mean;
    h.std = sqrt(var / (double)(n - 1));
    /* Gaussian: ln h = a + b u + c u^2 with u = (x - mean) / std, least squares weighted by h^2
     * (Guo 2011, Eq. 9: the weights undo the noise amplification of the logarithm). */
    double A[3][3] = {{0}}, r[3] = {0}, p[3] = {0};
    size_t used = 0;
    for (size_t i = 0; i < n_bins; i++) {
        if (h.count[i] < 1.0) continue;
        used++;
        double u = (h.center[i] - mean) / h.std, w = h.count[i] * h.count[i];
        double f[3] = {1.0, u, u * u}, y = log(h.count[i]);
        for (int a = 0; a < 3; a++) {
            r[a] += w * f[a] * y;
            for (int b = 0; b < 3; b++) A[a][b] += w * f[a] * f[b];
        }
    }
    if (used < 3 || solve3(A, r, p) != 0 || !(p[2] < 0.0)) {
        /* not bell-shaped (a drift, two peaks, too few bins): the histogram stands alone */
        h.fit_ok = 0;
        h.fit_mu = h.fit_sigma = h.fit_amplitude = h.fit_mu_err = (double)NAN;
        *out = h;
        return LQ_OK;
    }
    h.fit_ok = 1;
    double su2 = -1.0 / (2.0 * p[2]);
    double mu_u = p[1] * su2;
    h.fit_mu = mean + mu_u * h.std;
    h.fit_sigma = sqrt(su2) * h.std;
    h.fit_amplitude = exp(p[0] + p[1] * p[1] * su2 / 2.0);
    h.fit_mu_err = h.fit_sigma / sqrt((double)n);
    *out = h;
    return LQ_OK;
}
