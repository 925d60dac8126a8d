/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Mean-square displacement over all time origins (FFT) per species, and the self-diffusion
 * coefficient from its diffusive (linear) regime, with a block error. */
#include <fftw3.h>
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "md/md_tools_internal.h"

lq_md_msd_options lq_md_msd_options_default(void) {
    lq_md_msd_options o;
    o.dt_ps = 0.0;
    o.remove_drift = 1;
    o.slope_tolerance = 0.1;
    o.fit_t0_ps = 0.0;
    o.fit_t1_ps = 0.0;
    o.n_blocks = 5;
    return o;
}

void lq_md_msd_free(lq_md_msd *res) {
    if (!res) return;
    lqi_free(res->t_ps);
    lqi_free(res->msd_A2);
    memset(res, 0, sizeof *res);
}

typedef struct fftws {
    size_t F;        /* frames */
    double *x;       /* [2F] real */
    fftw_complex *c; /* [F + 1] */
    fftw_plan fwd, bwd;
    double *d; /* [F] squares */
} fftws;

static int fftws_init(fftws *w, size_t F) {
    memset(w, 0, sizeof *w);
    w->F = F;
    w->x = lqi_malloc_array(2 * F, sizeof *w->x);
    w->c = lqi_malloc_array(F + 1, sizeof *w->c);
    w->d = lqi_malloc_array(F, sizeof *w->d);
    if (!w->x || !w->c || !w->d) return -1;
    /* FFTW_ESTIMATE leaves the arrays untouched while planning; the plans are used on these
     * arrays only, so their alignment needs no care. */
    w->fwd = fftw_plan_dft_r2c_1d((int)(2 * F), w->x, w->c, FFTW_ESTIMATE);
    w->bwd = fftw_plan_dft_c2r_1d((int)(2 * F), w->c, w->x, FFTW_ESTIMATE);
    return w->fwd && w->bwd ? 0 : -1;
}

static void fftws_free(fftws *w) {
    if (w->fwd) fftw_destroy_plan(w->fwd);
    if (w->bwd) fftw_destroy_plan(w->bwd);
    lqi_free(w->x);
    lqi_free(w->c);
    lqi_free(w->d);
}

/* Adds the MSD of one coordinate series s[0..F) for lags 0..M-1 to acc: MSD(m) = S1(m) - 2 S2(m)
 * with S1 from the running sums of squares and S2 the autocorrelation by zero-padded FFT
 * (Calandrini et al. 2011, Eqs. 13-14). */
static void msd_1d(fftws *w, const double *s, size_t M, double *acc) {
    size_t F = w->F;
    for (size_t t = 0; t < F; t++) {
        w->x[t] = s[t];
        w->x[F + t] = 0.0;
        w->d[t] = s[t] * s[t];
    }
    fftw_execute(w->fwd);
    for (size_t k = 0; k <= F; k++) {
        double re = w->c[k][0], im = w->c[k][1];
        w->c[k][0] = re * re + im * im;
        w->c[k][1] = 0.0;
    }
    fftw_execute(w->bwd); /* x[m] = 2F * sum_t s_t s_{t+m} */
    double q = 0.0;
    for (size_t t = 0; t < F; t++) q += 2.0 * w->d[t];
    for (size_t m = 0; m < M; m++) {
        if (m > 0) q -= w->d[m - 1] + w->d[F - m];
        double s1 = q / (double)(F - m);
        double s2 = w->x[m] / (2.0 * (double)F) / (double)(F - m);
        acc[m] += s1 - 2.0 * s2;
    }
}

/* MSD of each species over frames [f0, f0 + F), lags 0..M-1, into out[n_species * M]. */
static lq_status msd_range(const double *pos, size_t f0, size_t F, size_t n_atoms, const int *type,
                           size_t ns, const double *com, size_t M, double *out) {
    fftws w;
    if (fftws_init(&w, F) != 0) {
        fftws_free(&w);
        return LQ_ENOMEM;
    }
    double *s = lqi_malloc_array(F, sizeof *s);
    if (!s) {
        fftws_free(&w);
        return LQ_ENOMEM;
    }
    size_t cnt[LQ_MD_MAX_SPECIES] = {0};
    memset(out, 0, ns * M * sizeof *out);
    for (size_t i = 0; i < n_atoms; i++) {
        size_t t = (size_t)type[i];
        cnt[t]++;
        for (int k = 0; k < 3; k++) {
            for (size_t f = 0; f < F; f++)
                s[f] = pos[(f0 + f) * 3 * n_atoms + 3 * i + (size_t)k] -
                       (com ? com[3 * (f0 + f) + (size_t)k] : 0.0);
            msd_1d(&w, s, M, out + t * M);
        }
    }
    for (size_t t = 0; t < ns; t++)
        for (size_t m = 0; m < M; m++)
            out[t * M + m] = cnt[t] ? out[t * M + m] / (double)cnt[t] : (double)NAN;
    lqi_free(s);
    fftws_free(&w);
    return LQ_OK;
}

/* Slope of MSD vs t over lags [m0, m1] (inclusive) / 6 in A^2/ps; t_ps[m] is the time of lag m. */
static double fit_D(const double *t_ps, const double *msd, size_t m0, size_t m1) {
    lqi_linfit_result f;
    if (lqi_linfit(t_ps + m0, msd + m0, NULL, m1 - m0 + 1, &f) != LQ_OK) return (double)NAN;
    return f.b / 6.0;
}

/* Slope of ln MSD against ln lag over the lags in [m0, m1] with MSD > 0; lx, ly: scratch of
 * m1 - m0 + 1 entries. */
static double loglog_slope(const double *msd, size_t m0, size_t m1, double *lx, double *ly) {
    size_t n = 0;
    for (size_t m = m0; m <= m1; m++) {
        if (!(msd[m] > 0.0) || m == 0) continue;
        lx[n] = log((double)m);
        ly[n] = log(msd[m]);
        n++;
    }
    lqi_linfit_result f;
    if (n < 2 || lqi_linfit(lx, ly, NULL, n, &f) != LQ_OK) return (double)NAN;
    return f.b;
}

/* Automatic fit range: the longest run (by t_end / t_start) of lags whose local log-log slope,
 * fitted over lags m/1.5 .. 1.5 m, is within tol of 1. */
static int auto_range(const double *msd, size_t M, double tol, size_t *m0, size_t *m1, double *lx,
                      double *ly) {
    size_t best0 = 0, best1 = 0, run0 = 0;
    double best_ratio = 0.0;
    int in_run = 0;
    for (size_t m = 2; m < M; m++) {
        size_t lo = (size_t)floor((double)m / 1.5), hi = (size_t)ceil((double)m * 1.5);
        if (lo < 1) lo = 1;
        if (hi > M - 1) hi = M - 1;
        if (hi - lo < 2) {
            lo = m - 1;
            hi = m + 1 < M ? m + 1 : m;
        }
        double b = loglog_slope(msd, lo, hi, lx, ly);
        int ok = isfinite(b) && fabs(b - 1.0) <= tol;
        if (ok && !in_run) {
            run0 = m;
            in_run = 1;
        }
        if (ok) {
            double ratio = (double)m / (double)run0;
            if (ratio > best_ratio) {
                best_ratio = ratio;
                best0 = run0;
                best1 = m;
            }
        } else {
            in_run = 0;
        }
    }
    if (best_ratio < 1.5) return -1;
    *m0 = best0;
    *m1 = best1;
    return 0;
}

lq_status lq_md_msd_compute(const double *pos_A, size_t n_frames, size_t n_atoms, const int *type,
                            size_t n_species, const double *mass_amu, const lq_md_msd_options *opt,
                            lq_md_msd *res, lq_diag *diag) {
    if (!pos_A || !type || !opt || !res || n_atoms == 0 || n_species == 0 ||
        n_species > LQ_MD_MAX_SPECIES)
        return LQ_EINVAL;
    if (n_frames < 8)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "frames", "need at least 8 frames, got %zu",
                            n_frames);
    if (!(opt->dt_ps > 0.0) || !isfinite(opt->dt_ps))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "dt", "the time between frames must be > 0");
    for (size_t i = 0; i < n_atoms; i++)
        if (type[i] < 0 || (size_t)type[i] >= n_species) return LQ_EINVAL;
    size_t M = n_frames / 2 + 1;
    lq_md_msd r;
    memset(&r, 0, sizeof r);
    r.n_lags = M;
    r.n_species = n_species;
    r.dt_ps = opt->dt_ps;
    r.n_blocks = opt->n_blocks;
    r.t_ps = lqi_malloc_array(M, sizeof *r.t_ps);
    r.msd_A2 = lqi_malloc_array(n_species * M, sizeof *r.msd_A2);
    double *com = opt->remove_drift ? lqi_calloc(3 * n_frames, sizeof *com) : NULL;
    double *lx = lqi_malloc_array(2 * M, sizeof *lx), *ly = lx ? lx + M : NULL; /* fit scratch */
    if (!r.t_ps || !r.msd_A2 || (opt->remove_drift && !com) || !lx) {
        lqi_free(com);
        lqi_free(lx);
        lq_md_msd_free(&r);
        return LQ_ENOMEM;
    }
    for (size_t m = 0; m < M; m++) r.t_ps[m] = (double)m * opt->dt_ps;
    if (com) {
        /* centre of mass of the whole system in each frame (equal weights without masses) */
        double mt = 0.0;
        for (size_t i = 0; i < n_atoms; i++) mt += mass_amu ? mass_amu[type[i]] : 1.0;
        for (size_t f = 0; f < n_frames; f++)
            for (size_t i = 0; i < n_atoms; i++) {
                double wgt = (mass_amu ? mass_amu[type[i]] : 1.0) / mt;
                for (size_t k = 0; k < 3; k++)
                    com[3 * f + k] += wgt * pos_A[f * 3 * n_atoms + 3 * i + k];
            }
    }
    lq_status st = msd_range(pos_A, 0, n_frames, n_atoms, type, n_species, com, M, r.msd_A2);
    size_t nbk = opt->n_blocks, Fb = nbk >= 2 ? n_frames / nbk : 0;
    size_t Mb = Fb / 2 + 1;
    double *blk = NULL;
    if (st == LQ_OK && nbk >= 2 && Fb >= 8) {
        blk = lqi_malloc_array(nbk * n_species * Mb, sizeof *blk);
        if (!blk) st = LQ_ENOMEM;
        for (size_t b = 0; st == LQ_OK && b < nbk; b++)
            st = msd_range(pos_A, b * Fb, Fb, n_atoms, type, n_species, com, Mb,
                           blk + b * n_species * Mb);
    }
    lqi_free(com);
    if (st != LQ_OK) {
        lqi_free(blk);
        lqi_free(lx);
        lq_md_msd_free(&r);
        return st;
    }
    for (size_t s = 0; s < n_species; s++) {
        const double *msd = r.msd_A2 + s * M;
        size_t m0, m1;
        r.diffusive[s] = 1;
        if (opt->fit_t1_ps > opt->fit_t0_ps && opt->fit_t0_ps >= 0.0) {
            m0 = (size_t)ceil(opt->fit_t0_ps / opt->dt_ps - 1e-9);
            m1 = (size_t)floor(opt->fit_t1_ps / opt->dt_ps + 1e-9);
            /* A range the data do not cover is refused, not clipped: the user asked for it. */
            size_t mmax = blk ? Mb - 1 : M - 1;
            if (m1 > mmax) {
                lqi_free(blk);
                lqi_free(lx);
                lq_md_msd_free(&r);
                return lqi_diag_set(
                    diag, LQ_EINVAL, NULL, 0, "fit",
                    "the fit range ends at %g ps, beyond the %g ps the MSD %s "
                    "(give --fit within 0:%g)",
                    opt->fit_t1_ps, (double)mmax * opt->dt_ps,
                    blk ? "has in every block (needed for its error)" : "has lags for",
                    (double)mmax * opt->dt_ps);
            }
            if (m0 < 1) m0 = 1;
            if (m1 <= m0) {
                lqi_free(blk);
                lqi_free(lx);
                lq_md_msd_free(&r);
                return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "fit",
                                    "the fit range holds fewer than 2 lags of the MSD (lags up to "
                                    "%g ps)",
                                    (double)(M - 1) * opt->dt_ps);
            }
        } else {
            /* the automatic range stays within half a block, so that the whole trajectory and
             * each block are fitted over the same lags and the block scatter is the error of
             * this estimator */
            size_t Ml = blk ? Mb : M;
            if (!isfinite(msd[Ml - 1]) ||
                auto_range(msd, Ml, opt->slope_tolerance, &m0, &m1, lx, ly) != 0) {
                m0 = (Ml - 1) / 2;
                m1 = Ml - 1;
                r.diffusive[s] = 0;
            }
        }
        r.fit_t0_ps[s] = (double)m0 * opt->dt_ps;
        r.fit_t1_ps[s] = (double)m1 * opt->dt_ps;
        r.loglog_slope[s] = loglog_slope(msd, m0, m1, lx, ly);
        if (fabs(r.loglog_slope[s] - 1.0) > opt->slope_tolerance) r.diffusive[s] = 0;
        r.D_cm2_s[s] = fit_D(r.t_ps, msd, m0, m1) * LQI_MD_A2_PS_TO_CM2_S;
        r.D_err_cm2_s[s] = (double)NAN;
        if (blk && m1 <= Mb - 1) {
            double sum = 0.0, sum2 = 0.0;
            for (size_t b = 0; b < nbk; b++) {
                double d = fit_D(r.t_ps, blk + (b * n_species + s) * Mb, m0, m1);
                sum += d;
                sum2 += d * d;
            }
            double mean = sum / (double)nbk;
            double var = (sum2 - (double)nbk * mean * mean) / (double)(nbk - 1);
            r.D_err_cm2_s[s] =
                sqrt(var > 0.0 ? var : 0.0) / sqrt((double)nbk) * LQI_MD_A2_PS_TO_CM2_S;
        }
    }
    lqi_free(blk);
    lqi_free(lx);
    *res = r;
    return LQ_OK;
}
