/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Partial radial distribution functions g_ab(r), running coordination numbers and the first shell
 * (peak, minimum) of every pair, accumulated over frames. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "core/core_internal.h"
#include "md/md_tools_internal.h"

struct lq_md_rdf {
    size_t n_species, n_pairs, n_bins, n_frames;
    double r_max, dr;
    double *g;     /* [n_pairs * n_bins] sum over frames */
    double *cn_ab; /* [n_pairs * n_bins] sum over frames of the running CN at the bin top */
    double *cn_ba;
    double *hist; /* [n_pairs * n_bins] scratch */
    /* Blocks of consecutive frames for the errors of the shells: nblk full blocks of `width`
     * frames and one being filled (`fill` frames so far), each holding the sums of g, cn_ab and
     * cn_ba (3 m values). When 2 RDF_BLOCKS blocks are full, neighbours are merged and the width
     * doubles, so memory stays bounded whatever the number of frames: RDF_BLOCKS to
     * 2 RDF_BLOCKS blocks once there are RDF_BLOCKS frames. */
    double *blk; /* [(2 RDF_BLOCKS + 1) * 3 m] */
    size_t nblk, width, fill;
};

/* Blocks stored (RDF_BLOCKS to 2 RDF_BLOCKS); the errors are taken over RDF_MIN_BLOCKS to
 * RDF_BLOCKS blocks of two stored ones (shell_errors). */
#define RDF_BLOCKS 16
#define RDF_MIN_BLOCKS 8

size_t lq_md_rdf_pair_index(size_t n, size_t a, size_t b) {
    if (a > b) {
        size_t t = a;
        a = b;
        b = t;
    }
    /* rows a = 0..: pairs (a, a..n-1) */
    return a * n - a * (a - 1) / 2 + (b - a);
}

size_t lq_md_rdf_n_pairs(const lq_md_rdf *rdf) { return rdf ? rdf->n_pairs : 0; }
size_t lq_md_rdf_n_bins(const lq_md_rdf *rdf) { return rdf ? rdf->n_bins : 0; }

lq_status lq_md_rdf_create(size_t n_species, double r_max_A, size_t n_bins, lq_md_rdf **out) {
    if (!out || n_species == 0 || n_species > LQ_MD_MAX_SPECIES || !(r_max_A > 0.0) ||
        !isfinite(r_max_A) || n_bins < 2 || n_bins > 1000000)
        return LQ_EINVAL;
    lq_md_rdf *r = lqi_calloc(1, sizeof *r);
    if (!r) return LQ_ENOMEM;
    r->n_species = n_species;
    r->n_pairs = n_species * (n_species + 1) / 2;
    r->n_bins = n_bins;
    r->r_max = r_max_A;
    r->dr = r_max_A / (double)n_bins;
    size_t m = r->n_pairs * n_bins;
    r->g = lqi_calloc(m, sizeof *r->g);
    r->cn_ab = lqi_calloc(m, sizeof *r->cn_ab);
    r->cn_ba = lqi_calloc(m, sizeof *r->cn_ba);
    r->hist = lqi_calloc(m, sizeof *r->hist);
    r->blk = lqi_calloc((2 * RDF_BLOCKS + 1) * 3 * m, sizeof *r->blk);
    r->width = 1;
    if (!r->g || !r->cn_ab || !r->cn_ba || !r->hist || !r->blk) {
        lq_md_rdf_free(r);
        return LQ_ENOMEM;
    }
    *out = r;
    return LQ_OK;
}

void lq_md_rdf_free(lq_md_rdf *rdf) {
    if (!rdf) return;
    lqi_free(rdf->g);
    lqi_free(rdf->cn_ab);
    lqi_free(rdf->cn_ba);
    lqi_free(rdf->hist);
    lqi_free(rdf->blk);
    lqi_free(rdf);
}

lq_status lq_md_rdf_add(lq_md_rdf *rdf, const lq_md_system *sys, lq_diag *diag) {
    if (!rdf || !sys || !sys->pos_A || !sys->type) return LQ_EINVAL;
    if (sys->n_species > rdf->n_species)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "species",
                            "frame has %zu species, the g(r) was set up for %zu", sys->n_species,
                            rdf->n_species);
    double L[3], V = 1.0;
    for (int k = 0; k < 3; k++) {
        L[k] = sys->box_A[k];
        V *= L[k];
        if (!(rdf->r_max <= 0.5 * L[k] + 1e-12))
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "rmax",
                                "r_max = %g A exceeds half the box edge (%g A)", rdf->r_max,
                                0.5 * L[k]);
    }
    size_t ns = rdf->n_species, nb = rdf->n_bins, n = sys->n_atoms;
    double cnt[LQ_MD_MAX_SPECIES] = {0};
    for (size_t i = 0; i < n; i++) {
        int t = sys->type[i];
        if (t < 0 || (size_t)t >= ns) return LQ_EINVAL;
        cnt[t] += 1.0;
    }
    memset(rdf->hist, 0, rdf->n_pairs * nb * sizeof *rdf->hist);
    const size_t m = rdf->n_pairs * nb;
    double *cur = rdf->blk + rdf->nblk * 3 * m; /* the block being filled */
    double rmax2 = rdf->r_max * rdf->r_max, inv_dr = 1.0 / rdf->dr;
    for (size_t i = 0; i + 1 < n; i++) {
        const double *xi = &sys->pos_A[3 * i];
        size_t ti = (size_t)sys->type[i];
        for (size_t j = i + 1; j < n; j++) {
            double r2 = 0.0;
            for (size_t k = 0; k < 3; k++) {
                double d = xi[k] - sys->pos_A[3 * j + k];
                d -= L[k] * nearbyint(d / L[k]);
                r2 += d * d;
            }
            if (r2 >= rmax2) continue;
            size_t bin = (size_t)(sqrt(r2) * inv_dr);
            if (bin >= nb) continue;
            rdf->hist[lq_md_rdf_pair_index(ns, ti, (size_t)sys->type[j]) * nb + bin] += 1.0;
        }
    }
    for (size_t a = 0; a < ns; a++)
        for (size_t b = a; b < ns; b++) {
            size_t p = lq_md_rdf_pair_index(ns, a, b);
            double na = cnt[a], nbb = cnt[b];
            double norm = a == b ? 0.5 * na * (na - 1.0) : na * nbb;
            double run = 0.0;
            for (size_t k = 0; k < nb; k++) {
                double c = rdf->hist[p * nb + k];
                double r0 = (double)k * rdf->dr, r1 = r0 + rdf->dr;
                double shell = 4.0 / 3.0 * LQ_PI * (r1 * r1 * r1 - r0 * r0 * r0);
                double gv = norm > 0.0 ? c * V / (norm * shell) : 0.0;
                run += c;
                /* each a-a pair puts one neighbour around each of its two atoms */
                double pairs = a == b ? 2.0 * run : run;
                double va = na > 0.0 ? pairs / na : 0.0, vb = nbb > 0.0 ? pairs / nbb : 0.0;
                rdf->g[p * nb + k] += gv;
                rdf->cn_ab[p * nb + k] += va;
                rdf->cn_ba[p * nb + k] += vb;
                cur[p * nb + k] += gv;
                cur[m + p * nb + k] += va;
                cur[2 * m + p * nb + k] += vb;
            }
        }
    rdf->n_frames++;
    if (++rdf->fill == rdf->width) { /* the block is full */
        rdf->fill = 0;
        if (++rdf->nblk == 2 * RDF_BLOCKS) {
            for (size_t q = 0; q < RDF_BLOCKS; q++) {
                double *dst = rdf->blk + q * 3 * m, *s0 = rdf->blk + 2 * q * 3 * m;
                for (size_t i = 0; i < 3 * m; i++) dst[i] = s0[i] + s0[3 * m + i];
            }
            memset(rdf->blk + RDF_BLOCKS * 3 * m, 0, (RDF_BLOCKS + 1) * 3 * m * sizeof *rdf->blk);
            rdf->nblk = RDF_BLOCKS;
            rdf->width *= 2;
        }
    }
    return LQ_OK;
}

/* The top of a peak: the bins next to the smoothed maximum whose smoothed g is within
 * frac (g_top - 1) of the smoothed maximum g_top, frac the first of peak_top for which the
 * parabola through them opens downwards with its vertex inside (a flat or two-humped top needs a
 * wider part of the peak). */
static const double peak_top[4] = {0.2, 0.4, 0.6, 0.8};

/* The window of the first peak's fit: the bins of [i0, i1) (the stretch where the smoothed sg
 * exceeds 1) next to the smoothed maximum ip with sg >= sg[ip] - frac (sg[ip] - 1), at least
 * ip - 2 .. ip + 2. It is set by the shape of the peak, not by where noise puts the maximum on a
 * broad flat top. */
static void peak_window(const double *sg, size_t nb, size_t i0, size_t i1, size_t ip, double frac,
                        size_t *lo, size_t *hi) {
    double thr = sg[ip] - frac * (sg[ip] - 1.0);
    *lo = *hi = ip;
    while (*lo > i0 && sg[*lo - 1] >= thr) (*lo)--;
    while (*hi + 1 < i1 && sg[*hi + 1] >= thr) (*hi)++;
    if (*lo + 2 > ip) *lo = ip >= 2 ? ip - 2 : 0;
    if (*hi < ip + 2) *hi = ip + 2 < nb ? ip + 2 : nb - 1;
}

/* Vertex of the least-squares parabola g ~ c0 + c1 x + c2 x^2 (x = k - ip in bins) through the
 * unsmoothed g over the bins lo..hi. For a fixed window the vertex is a smooth function of g, so
 * the jackknife replicates use the window of the full average. Returns 0 when the parabola opens
 * upwards (then *rp, *gp are untouched). */
static int fit_vertex(const double *g, double dr, size_t lo, size_t hi, size_t ip, double *rp,
                      double *gp) {
    if (hi < lo + 2) return 0;
    double s[5] = {0}, t[3] = {0};
    for (size_t k = lo; k <= hi; k++) {
        double x = (double)k - (double)ip, xp = 1.0;
        for (int e = 0; e < 5; e++) {
            s[e] += xp;
            if (e < 3) t[e] += xp * g[k];
            xp *= x;
        }
    }
    double m[9] = {s[0], s[1], s[2], s[1], s[2], s[3], s[2], s[3], s[4]};
    if (lqi_linsolve(m, 3, t, 1) != LQ_OK || !(t[2] < 0.0)) return 0;
    double xv = -0.5 * t[1] / t[2];
    *rp = ((double)ip + 0.5 + xv) * dr;
    *gp = t[0] + t[1] * xv + t[2] * xv * xv;
    return 1;
}

/* fit_vertex, accepted only when the vertex lies inside the window (the first peak itself). */
static int fit_peak(const double *g, double dr, size_t lo, size_t hi, size_t ip, double *rp,
                    double *gp) {
    double r, h;
    if (!fit_vertex(g, dr, lo, hi, ip, &r, &h)) return 0;
    double xv = r / dr - 0.5 - (double)ip;
    if (!(xv >= (double)lo - (double)ip && xv <= (double)hi - (double)ip)) return 0;
    *rp = r;
    *gp = h;
    return 1;
}

/* First peak and first minimum of g, found on a moving average sg of half-width h bins (0.05 A):
 * the peak is in the first stretch where the smoothed g exceeds 1, at the vertex of the parabola
 * fitted to the top of the peak (fit_peak; when that fails, a parabola through the smoothed
 * maximum and its neighbours); the minimum is the lowest smoothed value between the end of that
 * stretch and the next point where g exceeds 1 again (the middle of a run of equal values, so
 * that the empty gaps of a crystal give the gap's centre). cn_ab, cn_ba may be NULL: then the
 * minimum is not looked for. win (may be NULL) gets the fit's window lo, hi, ip (lo = SIZE_MAX
 * when the fit was not used). */
static void find_shell(const double *g, const double *cn_ab, const double *cn_ba, size_t nb,
                       double dr, double *sg, lq_md_rdf_pair *out, size_t win[3]) {
    size_t h = (size_t)ceil(0.05 / dr - 1e-9);
    if (h < 1) h = 1;
    for (size_t k = 0; k < nb; k++) {
        size_t lo = k >= h ? k - h : 0, hi = k + h < nb ? k + h : nb - 1;
        double s = 0.0;
        for (size_t j = lo; j <= hi; j++) s += g[j];
        sg[k] = s / (double)(hi - lo + 1);
    }
    out->r_peak_A = (double)NAN;
    out->g_peak = (double)NAN;
    out->has_min = 0;
    out->r_min_A = (double)NAN;
    out->g_min = (double)NAN;
    out->cn_ab = (double)NAN;
    out->cn_ba = (double)NAN;
    if (win) win[0] = SIZE_MAX;
    size_t i0 = 0;
    while (i0 < nb && !(sg[i0] > 1.0)) i0++;
    if (i0 == nb) return;
    size_t j = i0, ip = i0, ip_end = i0;
    while (j < nb && sg[j] > 1.0) {
        if (sg[j] > sg[ip])
            ip = ip_end = j;
        else if (sg[j] == sg[ip] && ip_end + 1 == j)
            ip_end = j;
        j++;
    }
    ip = (ip + ip_end) / 2; /* a flat top (a crystal's smoothed delta): its centre */
    double rp = ((double)ip + 0.5) * dr, gp = sg[ip];
    size_t lo = 0, hi = 0;
    int fitted = 0;
    for (size_t q = 0; q < sizeof peak_top / sizeof peak_top[0] && !fitted; q++) {
        peak_window(sg, nb, i0, j, ip, peak_top[q], &lo, &hi);
        fitted = fit_peak(g, dr, lo, hi, ip, &rp, &gp);
    }
    if (fitted && win) {
        win[0] = lo;
        win[1] = hi;
        win[2] = ip;
    }
    if (!fitted && ip > 0 && ip + 1 < nb) {
        double y0 = sg[ip - 1], y1 = sg[ip], y2 = sg[ip + 1];
        double den = y0 - 2.0 * y1 + y2;
        if (den < 0.0) {
            double off = 0.5 * (y0 - y2) / den;
            if (fabs(off) <= 1.0) {
                rp += off * dr;
                gp = y1 - 0.25 * (y0 - y2) * off;
            }
        }
    }
    out->r_peak_A = rp;
    out->g_peak = gp;
    if (j >= nb || !cn_ab || !cn_ba) return;
    size_t k = j;
    while (k < nb && !(sg[k] > 1.0)) k++;
    if (k >= nb) return; /* no second rise inside r_max: the minimum is not bracketed */
    size_t im = j;
    for (size_t q = j; q < k; q++)
        if (sg[q] < sg[im]) im = q;
    size_t run_end = im;
    while (run_end + 1 < k && sg[run_end + 1] == sg[im]) run_end++;
    im = (im + run_end) / 2;
    out->has_min = 1;
    out->r_min_A = ((double)im + 0.5) * dr;
    out->g_min = sg[im];
    /* the running CN is stored at bin tops: interpolate to the bin centre r_min */
    out->cn_ab = im > 0 ? 0.5 * (cn_ab[im - 1] + cn_ab[im]) : 0.5 * cn_ab[im];
    out->cn_ba = im > 0 ? 0.5 * (cn_ba[im - 1] + cn_ba[im]) : 0.5 * cn_ba[im];
}

void lqi_md_rdf_first_peak(const double *g, size_t nb, double dr, double *sg, double *r_peak_A,
                           double *g_peak) {
    lq_md_rdf_pair sh;
    memset(&sh, 0, sizeof sh);
    find_shell(g, NULL, NULL, nb, dr, sg, &sh, NULL);
    *r_peak_A = sh.r_peak_A;
    *g_peak = sh.g_peak;
}

/* Sums over frames of g, cn_ab and cn_ba of pair p in the stored blocks [q0, q0 + k), into
 * out [3 nb]. */
static void block_sums(const lq_md_rdf *rdf, size_t p, size_t q0, size_t k, double *out) {
    const size_t nb = rdf->n_bins, m = rdf->n_pairs * nb;
    memset(out, 0, 3 * nb * sizeof *out);
    for (size_t q = q0; q < q0 + k; q++) {
        const double *b = rdf->blk + q * 3 * m;
        for (size_t c = 0; c < 3; c++)
            for (size_t i = 0; i < nb; i++) out[c * nb + i] += b[c * m + p * nb + i];
    }
}

/* Jackknife standard errors of the first peak of pair p over n blocks of `merge` stored blocks
 * each (B. Efron, C. Stein, Ann. Stat. 9 (1981) 586; M. Quenouille, Biometrika 43 (1956) 353):
 * the peak of g averaged over all blocks but one, for each block, fitted over the window `win`
 * of the full average, and err^2 = (n - 1)/n sum_i (x_i - mean x)^2. For the mean of g itself
 * this equals the standard error of the block means; unlike the scatter of the peaks of single
 * blocks it stays right for a nonlinear estimate of a noisy g. NaN when n < RDF_MIN_BLOCKS, the
 * full average was not fitted, or a replicate's fit fails. */
static void jackknife_peak(const lq_md_rdf *rdf, size_t p, size_t merge, const size_t win[3],
                           double *tot, double *one, double *err_r, double *err_g) {
    *err_r = *err_g = (double)NAN;
    const size_t nb = rdf->n_bins, n = rdf->nblk / merge;
    if (n < RDF_MIN_BLOCKS || win[0] == SIZE_MAX) return;
    block_sums(rdf, p, 0, n * merge, tot);
    double xr[2 * RDF_BLOCKS], xg[2 * RDF_BLOCKS], mr = 0.0, mg = 0.0;
    double inv = 1.0 / ((double)((n - 1) * merge * rdf->width));
    for (size_t i = 0; i < n; i++) {
        block_sums(rdf, p, i * merge, merge, one);
        for (size_t k = 0; k < nb; k++) one[k] = (tot[k] - one[k]) * inv;
        if (!fit_vertex(one, rdf->dr, win[0], win[1], win[2], &xr[i], &xg[i])) return;
        mr += xr[i] / (double)n;
        mg += xg[i] / (double)n;
    }
    double vr = 0.0, vg = 0.0;
    for (size_t i = 0; i < n; i++) {
        vr += (xr[i] - mr) * (xr[i] - mr);
        vg += (xg[i] - mg) * (xg[i] - mg);
    }
    *err_r = sqrt(vr * (double)(n - 1) / (double)n);
    *err_g = sqrt(vg * (double)(n - 1) / (double)n);
}

/* Standard errors of the shell of pair p. The reported level has blocks of two stored blocks
 * (RDF_MIN_BLOCKS to RDF_BLOCKS of them; the stored blocks themselves while there are fewer than
 * 2 RDF_MIN_BLOCKS): the peak by the jackknife, the minimum and the CN within it (argmin-type
 * estimates, for which the jackknife does not hold) by the scatter of the shells found in each
 * block. The peak errors from the stored blocks (twice as many, half as long) are reported beside
 * them as a check that the blocks are longer than the correlation time. NaN with fewer than
 * RDF_MIN_BLOCKS blocks, or when a block shows no peak or no minimum. */
static void shell_errors(const lq_md_rdf *rdf, size_t p, const size_t win[3], double *sg,
                         lq_md_rdf_pair *out) {
    out->r_peak_err_A = out->g_peak_err = out->r_min_err_A = (double)NAN;
    out->cn_ab_err = out->cn_ba_err = (double)NAN;
    out->r_peak_err_short_A = out->g_peak_err_short = (double)NAN;
    size_t merge = rdf->nblk >= 2 * RDF_MIN_BLOCKS ? 2 : 1;
    out->n_blocks = rdf->nblk / merge;
    const size_t nb = rdf->n_bins;
    if (out->n_blocks < RDF_MIN_BLOCKS) return;
    double *tmp = lqi_malloc_array(6 * nb, sizeof *tmp);
    if (!tmp) return;
    jackknife_peak(rdf, p, merge, win, tmp, tmp + 3 * nb, &out->r_peak_err_A, &out->g_peak_err);
    if (merge == 2)
        jackknife_peak(rdf, p, 1, win, tmp, tmp + 3 * nb, &out->r_peak_err_short_A,
                       &out->g_peak_err_short);
    double sum[3] = {0}, sum2[3] = {0};
    int ok_min = out->has_min;
    double inv = 1.0 / (double)(merge * rdf->width);
    for (size_t q = 0; q < out->n_blocks; q++) {
        block_sums(rdf, p, q * merge, merge, tmp);
        for (size_t k = 0; k < 3 * nb; k++) tmp[k] *= inv;
        lq_md_rdf_pair sh;
        memset(&sh, 0, sizeof sh);
        find_shell(tmp, tmp + nb, tmp + 2 * nb, nb, rdf->dr, sg, &sh, NULL);
        double v[3] = {sh.r_min_A, sh.cn_ab, sh.cn_ba};
        if (!sh.has_min) ok_min = 0;
        for (int k = 0; k < 3; k++) {
            sum[k] += v[k];
            sum2[k] += v[k] * v[k];
        }
    }
    lqi_free(tmp);
    double nq = (double)out->n_blocks, e[3];
    for (int k = 0; k < 3; k++) {
        double mean = sum[k] / nq, var = (sum2[k] - nq * mean * mean) / (nq - 1.0);
        e[k] = sqrt(var > 0.0 ? var : 0.0) / sqrt(nq);
    }
    if (ok_min) {
        out->r_min_err_A = e[0];
        out->cn_ab_err = e[1];
        out->cn_ba_err = e[2];
    }
}

lq_status lq_md_rdf_result(const lq_md_rdf *rdf, double *r_A, double *g, double *cn_ab,
                           double *cn_ba, lq_md_rdf_pair *pairs) {
    if (!rdf || rdf->n_frames == 0) return LQ_EINVAL;
    size_t nb = rdf->n_bins, m = rdf->n_pairs * nb;
    double inv = 1.0 / (double)rdf->n_frames;
    double *gg = lqi_malloc_array(m, sizeof *gg);
    double *ca = lqi_malloc_array(m, sizeof *ca);
    double *cb = lqi_malloc_array(m, sizeof *cb);
    double *sg = lqi_malloc_array(nb, sizeof *sg);
    if (!gg || !ca || !cb || !sg) {
        lqi_free(gg);
        lqi_free(ca);
        lqi_free(cb);
        lqi_free(sg);
        return LQ_ENOMEM;
    }
    for (size_t i = 0; i < m; i++) {
        gg[i] = rdf->g[i] * inv;
        ca[i] = rdf->cn_ab[i] * inv;
        cb[i] = rdf->cn_ba[i] * inv;
    }
    if (r_A)
        for (size_t k = 0; k < nb; k++) r_A[k] = ((double)k + 0.5) * rdf->dr;
    if (g) memcpy(g, gg, m * sizeof *g);
    if (cn_ab) memcpy(cn_ab, ca, m * sizeof *cn_ab);
    if (cn_ba) memcpy(cn_ba, cb, m * sizeof *cn_ba);
    if (pairs)
        for (size_t a = 0; a < rdf->n_species; a++)
            for (size_t b = a; b < rdf->n_species; b++) {
                size_t p = lq_md_rdf_pair_index(rdf->n_species, a, b);
                pairs[p].a = a;
                pairs[p].b = b;
                size_t win[3];
                find_shell(gg + p * nb, ca + p * nb, cb + p * nb, nb, rdf->dr, sg, &pairs[p], win);
                shell_errors(rdf, p, win, sg, &pairs[p]);
            }
    lqi_free(gg);
    lqi_free(ca);
    lqi_free(cb);
    lqi_free(sg);
    return LQ_OK;
}
