/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sampler's re-anchoring: schedule, anchor points, restarts and threads bit for bit. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "lq_test.h"
#include "sampler_test.h"

#define MAXLOG 64

/*
 * A target whose values depend on the anchor as a warm-started likelihood's do (there by the
 * solver's tolerance, here visibly): the 2-D Gaussian plus 1e-3 x (the anchor's coordinates'
 * sum). A run that evaluated a point with another anchor than the uninterrupted run would give
 * another lnprob, and soon another trace.
 */
typedef struct anchored {
    const lq_gauss *g;
    double at[2];
    size_t iteration;        /* iterations completed (from the progress callback) */
    size_t n;                /* anchor calls */
    size_t when[MAXLOG];     /* iterations completed at each call */
    double point[MAXLOG][2]; /* the point of each call */
} anchored;

static double lnprob_anchored(const double *x, size_t n, void *ctx) {
    const anchored *a = ctx;
    return lqt_gauss_lnprob(x, n, (void *)a->g) + 1e-3 * (a->at[0] + a->at[1]);
}

static lq_status set_anchor(const double *theta, size_t n, void *ctx) {
    anchored *a = ctx;
    if (n != 2) return LQ_EINVAL;
    memcpy(a->at, theta, sizeof a->at);
    if (a->n < MAXLOG) {
        a->when[a->n] = a->iteration;
        memcpy(a->point[a->n], theta, sizeof a->point[0]);
    }
    a->n++;
    return LQ_OK;
}

typedef struct track {
    anchored *a;
    volatile sig_atomic_t flag;
    size_t cancel_at;
} track;

static void progress(const lq_assess_progress *p, void *ctx) {
    track *t = ctx;
    t->a->iteration = p->iteration;
    if (p->iteration == t->cancel_at) t->flag = 1;
}

/* Median over the walkers of parameter k after iteration t. */
static double trace_median(const lq_assess_sample_result *r, size_t t, size_t k) {
    double v[64];
    size_t w = r->n_walkers;
    for (size_t j = 0; j < w; j++) v[j] = r->trace[(j * r->n_iterations + t) * r->n_params + k];
    for (size_t i = 1; i < w; i++)
        for (size_t m = i; m > 0 && v[m - 1] > v[m]; m--) {
            double s = v[m];
            v[m] = v[m - 1];
            v[m - 1] = s;
        }
    return w % 2 ? v[w / 2] : 0.5 * (v[w / 2 - 1] + v[w / 2]);
}

static int same_run(const lq_assess_sample_result *a, const lq_assess_sample_result *b) {
    size_t nt = a && b ? a->n_walkers * a->n_iterations : 0;
    return a && b && a->n_done == b->n_done && a->n_iterations == b->n_iterations &&
           memcmp(a->trace, b->trace, nt * a->n_params * sizeof(double)) == 0 &&
           memcmp(a->lnprob, b->lnprob, nt * sizeof(double)) == 0 &&
           memcmp(a->accepted, b->accepted, a->n_walkers * sizeof(size_t)) == 0;
}

void test_anchor_schedule(void);

/*
 * 40 iterations of 8 walkers, anchor_every 8: the anchor is set before the first evaluation and
 * after iterations 1, 2, 4, 8, 16, 24, 32 (not after the last), each time at the walkers' median
 * of that iteration. The same run on 2 threads is identical; runs cancelled after iterations 11
 * and 17 (save_interval 3: 15 on disk) and restarted, also without the lnprob file, give the
 * uninterrupted run bit for bit; without re-anchoring the trace differs (so the checks can fail).
 */
void test_anchor_schedule(void) {
    char dir[4096], tr[4200], lp[4200];
    if (lqt_tmpdir(dir, sizeof dir)) {
        LQ_FAIL("no scratch folder");
        return;
    }
    lq_gauss g;
    lqt_gauss2(&g);
    anchored an;
    memset(&an, 0, sizeof an);
    an.g = &g;
    track tk = {&an, 0, 0};
    const double theta0[2] = {1.5, -1.5};
    lq_assess_target tg = {2, lnprob_anchored, &an, NULL, 0, 1};
    lq_assess_sampler_options o = lq_assess_sampler_options_default();
    o.n_walkers = 8;
    o.iterations = 40;
    o.seed = 11;
    o.anchor = set_anchor;
    o.anchor_ctx = &an;
    o.anchor_every = 8;
    o.progress = progress;
    o.progress_ctx = &tk;
    snprintf(tr, sizeof tr, "%s/trace.npy", dir);
    snprintf(lp, sizeof lp, "%s/lnprob.npy", dir);
    o.trace_path = tr;
    o.lnprob_path = lp;
    lq_assess_sample_result *full = NULL, *r = NULL;
    LQ_CHECK_STATUS(lq_assess_sample(&tg, theta0, &o, &full, NULL), LQ_OK);
    static const size_t when[] = {0, 1, 2, 4, 8, 16, 24, 32};
    LQ_CHECK(an.n == 8);
    for (size_t i = 0; full && i < 8 && i < an.n; i++) {
        LQ_CHECK(an.when[i] == when[i]);
        for (size_t k = 0; i > 0 && k < 2; k++)
            LQ_CHECK(an.point[i][k] == trace_median(full, when[i] - 1, k));
    }

    /* 2 threads */
    tg.n_threads = 2;
    an.n = 0;
    o.trace_path = o.lnprob_path = NULL;
    LQ_CHECK_STATUS(lq_assess_sample(&tg, theta0, &o, &r, NULL), LQ_OK);
    LQ_CHECK(same_run(full, r));
    lq_assess_sample_result_free(r);
    tg.n_threads = 1;

    /* cancelled after 11, restarted: the anchor from iteration 8's walkers in the trace */
    o.trace_path = tr;
    o.lnprob_path = lp;
    snprintf(tr, sizeof tr, "%s/c_trace.npy", dir);
    snprintf(lp, sizeof lp, "%s/c_lnprob.npy", dir);
    tk.cancel_at = 11;
    tk.flag = 0;
    o.cancel = &tk.flag;
    LQ_CHECK_STATUS(lq_assess_sample(&tg, theta0, &o, &r, NULL), LQ_OK);
    LQ_CHECK(r && r->cancelled && r->n_done == 11);
    lq_assess_sample_result_free(r);
    o.cancel = NULL;
    o.restart = 1;
    an.n = 0;
    an.iteration = 11;
    LQ_CHECK_STATUS(lq_assess_sample(&tg, theta0, &o, &r, NULL), LQ_OK);
    LQ_CHECK(r && r->start == 11 && same_run(full, r));
    LQ_CHECK(an.n >= 1 && full && an.point[0][0] == trace_median(full, 7, 0) &&
             an.point[0][1] == trace_median(full, 7, 1));
    lq_assess_sample_result_free(r);

    /* save_interval 3, cancelled after 17 (the files hold 15: anchor from iteration 8), then
     * restarted without the lnprob file (the last walkers evaluated again at that anchor) */
    snprintf(tr, sizeof tr, "%s/s_trace.npy", dir);
    snprintf(lp, sizeof lp, "%s/s_lnprob.npy", dir);
    o.restart = 0;
    o.save_interval = 3;
    tk.cancel_at = 17;
    tk.flag = 0;
    o.cancel = &tk.flag;
    LQ_CHECK_STATUS(lq_assess_sample(&tg, theta0, &o, &r, NULL), LQ_OK);
    lq_assess_sample_result_free(r);
    o.cancel = NULL;
    o.restart = 1;
    o.lnprob_path = NULL;
    LQ_CHECK_STATUS(lq_assess_sample(&tg, theta0, &o, &r, NULL), LQ_OK);
    LQ_CHECK(r && full && r->start == 17 && r->n_done == 40);
    LQ_CHECK(r && full && memcmp(r->trace, full->trace, 8 * 40 * 2 * sizeof(double)) == 0);
    for (size_t j = 0; r && full && j < 8; j++)
        LQ_CHECK(memcmp(r->lnprob + j * 40 + 16, full->lnprob + j * 40 + 16, 24 * sizeof(double)) ==
                 0);
    lq_assess_sample_result_free(r);

    /* the anchor matters to this target: without re-anchoring the values differ */
    o.restart = 0;
    o.save_interval = 1;
    o.trace_path = o.lnprob_path = NULL;
    o.anchor = NULL;
    an.at[0] = an.at[1] = 0.0;
    LQ_CHECK_STATUS(lq_assess_sample(&tg, theta0, &o, &r, NULL), LQ_OK);
    LQ_CHECK(r && !same_run(full, r));
    lq_assess_sample_result_free(r);

    /* a failing anchor stops the run with its status */
    o.anchor = set_anchor;
    o.anchor_ctx = &an;
    lq_diag d;
    lq_assess_target bad = tg;
    bad.n_params = 3;
    double t3[3] = {1.0, 2.0, 3.0};
    o.n_walkers = 8;
    LQ_CHECK_STATUS(lq_assess_sample(&bad, t3, &o, &r, &d), LQ_EINVAL);
    LQ_CHECK(strcmp(d.field, "anchor") == 0);
    lq_assess_sample_result_free(full);
    lqt_rmdir(dir);
}
