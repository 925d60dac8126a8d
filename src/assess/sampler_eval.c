/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Ensemble sampler: the library's batch evaluator of log-probabilities (OpenMP over points). */
#include <omp.h>

#include "liquidus/assess.h"

lq_status lq_assess_evaluate_openmp(const lq_assess_target *target, const double *theta,
                                    size_t n_points, double *lnp, void *batch_ctx) {
    (void)batch_ctx;
    if (!target || !target->lnprob || (n_points && (!theta || !lnp))) return LQ_EINVAL;
    if (n_points == 0) return LQ_OK;
    int nt = target->n_threads > 0 ? target->n_threads : omp_get_max_threads();
    if (target->thread_ctx && target->n_thread_ctx > 0 && (size_t)nt > target->n_thread_ctx)
        nt = (int)target->n_thread_ctx;
    if ((size_t)nt > n_points) nt = (int)n_points;
    if (nt < 1) nt = 1;
    size_t p = target->n_params;
    if (nt == 1) { /* no parallel region: libgomp would set up (and allocate) a team each call */
        void *ctx =
            target->thread_ctx && target->n_thread_ctx > 0 ? target->thread_ctx[0] : target->ctx;
        for (size_t i = 0; i < n_points; i++) lnp[i] = target->lnprob(theta + i * p, p, ctx);
        return LQ_OK;
    }
    long n = (long)n_points;
    /* Each point's value depends on the point alone, so the schedule (dynamic: likelihoods of
     * different parameters can take very different times) cannot change the result. */
#pragma omp parallel for schedule(dynamic, 1) num_threads(nt)
    for (long i = 0; i < n; i++) {
        void *ctx = target->ctx;
        if (target->thread_ctx && target->n_thread_ctx > 0)
            ctx = target->thread_ctx[omp_get_thread_num()];
        lnp[i] = target->lnprob(theta + (size_t)i * p, p, ctx);
    }
    return LQ_OK;
}
