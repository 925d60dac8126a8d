/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Ensemble sampler trace files: ESPEI's trace.npy and lnprob.npy, saved and read for restarts. */
#include <string.h>

#include "assess/sampler_internal.h"
#include "core/core_internal.h"

/*
 * ESPEI 0.9.1 (espei/optimizers/opt_mcmc.py, save_sampler_state) saves emcee's sampler.chain,
 * shape (chains, iterations, parameters), and sampler.lnprobability, shape (chains, iterations),
 * with np.save every save_interval iterations; emcee allocates all iterations at the start, so
 * iterations not yet run are zeros. The same arrays are in the files here after every save.
 */

/*
 * Saving every save_interval by rewriting both files, as ESPEI does, costs O(iterations) per save
 * (3.6 MB for 30 x 1000 x 15) and O(iterations^2) per run; here the files are created once, whole
 * (atomically), and each save writes only the new iterations in place: per walker, one
 * contiguous run of (iterations since the last save) x params values.
 */
lq_status lqi_sampler_files_open(const lq_assess_sample_result *r,
                                 const lq_assess_sampler_options *opt, lqi_sampler_files *f,
                                 lq_diag *diag) {
    size_t shape[3] = {r->n_walkers, r->n_iterations, r->n_params};
    f->trace.fd = f->lnprob.fd = -1;
    f->saved = r->n_done;
    lq_status st = LQ_OK;
    if (opt->lnprob_path)
        st = lqi_npy_create(opt->lnprob_path, r->lnprob, shape, 2, &f->lnprob, diag);
    if (st == LQ_OK && opt->trace_path)
        st = lqi_npy_create(opt->trace_path, r->trace, shape, 3, &f->trace, diag);
    if (st != LQ_OK) lqi_sampler_files_close(f, NULL);
    return st;
}

lq_status lqi_sampler_files_flush(const lq_assess_sample_result *r, lqi_sampler_files *f,
                                  lq_diag *diag) {
    size_t it = r->n_iterations, p = r->n_params, a = f->saved, n = r->n_done - a;
    lq_status st = LQ_OK;
    if (n == 0) return LQ_OK;
    for (size_t j = 0; st == LQ_OK && f->lnprob.fd >= 0 && j < r->n_walkers; j++)
        st = lqi_npy_update(&f->lnprob, j * it + a, r->lnprob + j * it + a, n, diag);
    for (size_t j = 0; st == LQ_OK && f->trace.fd >= 0 && j < r->n_walkers; j++)
        st = lqi_npy_update(&f->trace, (j * it + a) * p, r->trace + (j * it + a) * p, n * p, diag);
    if (st == LQ_OK) f->saved = r->n_done;
    return st;
}

lq_status lqi_sampler_files_close(lqi_sampler_files *f, lq_diag *diag) {
    lq_status a = lqi_npy_close(&f->lnprob, diag), b = lqi_npy_close(&f->trace, diag);
    return a != LQ_OK ? a : b;
}

/* Completed iterations of a trace [w][it][p]: the first iteration in which some walker has only
 * zeros ends them. */
static size_t completed_iterations(const double *tr, size_t w, size_t it, size_t p) {
    for (size_t t = 0; t < it; t++)
        for (size_t j = 0; j < w; j++) {
            const double *row = tr + (j * it + t) * p;
            int nonzero = 0;
            for (size_t k = 0; k < p && !nonzero; k++) nonzero = row[k] != 0.0;
            if (!nonzero) return t;
        }
    return it;
}

/* Reads one file, checks its shape against want[0..ndim), except the iteration axis (index 1). */
static lq_status read_checked(const char *path, size_t ndim, const size_t *want, double **data,
                              size_t *iterations, lq_diag *diag) {
    size_t shape[3], nd = 0;
    lq_status st = lqi_npy_read(path, data, shape, 3, &nd, diag);
    if (st != LQ_OK) return st;
    int ok = nd == ndim;
    for (size_t i = 0; ok && i < ndim; i++) ok = i == 1 || shape[i] == want[i];
    if (!ok) {
        lqi_free(*data);
        *data = NULL;
        return lqi_diag_set(diag, LQ_EINVAL, path, 0, "shape",
                            "restart file has shape (%zu, %zu%s%zu), the run needs (%zu, *%s%zu)",
                            nd > 0 ? shape[0] : 0, nd > 1 ? shape[1] : 0, ndim == 3 ? ", " : "",
                            ndim == 3 && nd > 2 ? shape[2] : 0, want[0], ndim == 3 ? ", " : "",
                            ndim == 3 ? want[2] : 0);
    }
    *iterations = shape[1];
    return LQ_OK;
}

/* Copies the first n iterations of src [w][src_it][p] into dst [w][dst_it][p]. */
static void copy_iterations(double *dst, size_t dst_it, const double *src, size_t src_it, size_t w,
                            size_t p, size_t n) {
    for (size_t j = 0; j < w; j++)
        memcpy(dst + j * dst_it * p, src + j * src_it * p, n * p * sizeof(double));
}

lq_status lqi_sampler_load(lq_assess_sample_result *r, const lq_assess_sampler_options *opt,
                           lq_diag *diag) {
    size_t w = r->n_walkers, p = r->n_params, it_tr = 0, it_lp = 0;
    size_t want[3] = {w, 0, p};
    double *tr = NULL, *lp = NULL;
    lq_status st = read_checked(opt->trace_path, 3, want, &tr, &it_tr, diag);
    if (st != LQ_OK) return st;
    size_t done = completed_iterations(tr, w, it_tr, p);
    if (done > r->n_iterations) {
        lqi_free(tr);
        return lqi_diag_set(diag, LQ_EINVAL, opt->trace_path, 0, "iterations",
                            "the trace holds %zu completed iterations, more than the %zu asked",
                            done, r->n_iterations);
    }
    if (opt->lnprob_path) {
        st = read_checked(opt->lnprob_path, 2, want, &lp, &it_lp, diag);
        if (st == LQ_OK && it_lp < done)
            st = lqi_diag_set(diag, LQ_EINVAL, opt->lnprob_path, 0, "shape",
                              "lnprob file has %zu iterations, the trace %zu completed", it_lp,
                              done);
        if (st != LQ_OK) {
            lqi_free(tr);
            lqi_free(lp);
            return st;
        }
        copy_iterations(r->lnprob, r->n_iterations, lp, it_lp, w, 1, done);
    }
    copy_iterations(r->trace, r->n_iterations, tr, it_tr, w, p, done);
    lqi_free(tr);
    lqi_free(lp);
    r->n_done = done;
    return LQ_OK;
}

lq_status lq_assess_trace_last(const char *path, double *walkers, size_t cap, size_t *n_walkers,
                               size_t *n_params, lq_diag *diag) {
    if (!path || !n_walkers || !n_params)
        return lqi_diag_set(diag, LQ_EINVAL, path, 0, NULL, "no path or no size outputs");
    double *tr = NULL;
    size_t shape[3], nd = 0;
    lq_status st = lqi_npy_read(path, &tr, shape, 3, &nd, diag);
    if (st != LQ_OK) return st;
    size_t w = nd == 3 ? shape[0] : 0, it = nd == 3 ? shape[1] : 0, p = nd == 3 ? shape[2] : 0;
    size_t done = nd == 3 ? completed_iterations(tr, w, it, p) : 0;
    if (nd != 3 || w == 0 || p == 0)
        st = lqi_diag_set(diag, LQ_EINVAL, path, 0, "shape",
                          "not a trace of shape (walkers, iterations, params)");
    else if (done == 0)
        st = lqi_diag_set(diag, LQ_EINVAL, path, 0, NULL, "the trace has no complete iteration");
    else if (walkers && cap < w * p)
        st = lqi_diag_set(diag, LQ_EINVAL, path, 0, NULL, "%zu values needed, room for %zu", w * p,
                          cap);
    if (st == LQ_OK) {
        for (size_t j = 0; walkers && j < w; j++)
            memcpy(walkers + j * p, tr + (j * it + done - 1) * p, p * sizeof(double));
        *n_walkers = w;
        *n_params = p;
    }
    lqi_free(tr);
    return st;
}
