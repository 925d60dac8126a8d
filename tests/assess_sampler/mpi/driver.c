/* SPDX-License-Identifier: GPL-3.0-or-later */
/* MPI sampler test driver: the same run in one process ("serial") and on N ranks ("mpi"). */
#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include <string.h>

#include "liquidus/assess.h"
#include "lq_test.h"

LQ_TEST_MAIN_DEFINE;

/* A 4-D Gaussian with correlated coordinates (precision matrix tridiagonal), plus 1e-3 x the sum of
 * the anchor's coordinates, so that a rank evaluating at another anchor than rank 0's changes the
 * values (as a warm-started likelihood's last bits would); counts calls and anchorings. */
typedef struct target_ctx {
    long calls, anchors;
    double at[4];
} target_ctx;

static lq_status set_anchor(const double *theta, size_t n, void *ctx) {
    target_ctx *c = ctx;
    if (n != 4) return LQ_EINVAL;
    memcpy(c->at, theta, sizeof c->at);
    c->anchors++;
    return LQ_OK;
}

static double lnprob(const double *x, size_t n, void *ctx) {
    target_ctx *c = ctx;
#pragma omp atomic
    c->calls++;
    double s = 0.0;
    for (size_t i = 0; i < n; i++) {
        s += x[i] * x[i];
        if (i + 1 < n) s += 0.9 * x[i] * x[i + 1];
    }
    return -0.5 * s + 1e-3 * (c->at[0] + c->at[1] + c->at[2] + c->at[3]);
}

static lq_assess_sampler_options options(const char *prefix, char *trace, char *lnp, size_t size) {
    lq_assess_sampler_options o = lq_assess_sampler_options_default();
    snprintf(trace, size, "%s_trace.npy", prefix);
    snprintf(lnp, size, "%s_lnprob.npy", prefix);
    o.n_walkers = 14; /* halves of 7: blocks of 3 and 4 points on 2 ranks */
    o.iterations = 150;
    o.seed = 20261207;
    o.save_interval = 7;
    o.trace_path = trace;
    o.lnprob_path = lnp;
    o.anchor_every = 16; /* anchored at the start and after iterations 1, 2, 4, 8, 16, ..., 144 */
    return o;
}

int main(int argc, char **argv) {
    if (argc != 3 || (strcmp(argv[1], "serial") != 0 && strcmp(argv[1], "mpi") != 0)) {
        fprintf(stderr, "usage: %s serial|mpi OUTPREFIX\n", argv[0]);
        return 2;
    }
    const double theta0[4] = {0.5, -1.0, 2.0, 0.25};
    target_ctx ctx = {0};
    lq_assess_target tg = {4, lnprob, &ctx, NULL, 0, 0};
    char trace[4096], lnp[4096];
    lq_assess_sampler_options o = options(argv[2], trace, lnp, sizeof trace);
    lq_assess_sample_result *r = NULL;
    if (strcmp(argv[1], "serial") == 0) {
        o.anchor = set_anchor;
        o.anchor_ctx = &ctx;
        LQ_CHECK_STATUS(lq_assess_sample(&tg, theta0, &o, &r, NULL), LQ_OK);
        LQ_CHECK(r && r->n_done == o.iterations);
        LQ_CHECK(ctx.anchors == 14);
        lq_assess_sample_result_free(r);
        return lq_test_finish();
    }
    lq_assess_mpi *m = NULL;
    if (lq_assess_mpi_init(&argc, &argv, &m) != LQ_OK) return 1;
    int rank = lq_assess_mpi_rank(m), size = lq_assess_mpi_size(m);
    lq_assess_mpi_set_anchor(m, set_anchor, &ctx);
    if (rank == 0) {
        o.batch_eval = lq_assess_mpi_evaluate;
        o.batch_ctx = m;
        o.anchor = lq_assess_mpi_anchor;
        o.anchor_ctx = m;
        LQ_CHECK_STATUS(lq_assess_sample(&tg, theta0, &o, &r, NULL), LQ_OK);
        LQ_CHECK(r && r->n_done == o.iterations);
        lq_assess_sample_result_free(r);
        lq_assess_mpi_stop(m);
    } else {
        LQ_CHECK_STATUS(lq_assess_mpi_serve(m, &tg), LQ_OK);
    }
    /* every rank evaluated its share: 14 start points + 150 iterations x 14 proposals */
    long calls = ctx.calls, total = 0, least = 0;
    MPI_Reduce(&calls, &total, 1, MPI_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
    MPI_Reduce(&calls, &least, 1, MPI_LONG, MPI_MIN, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        LQ_CHECK(size >= 2);
        LQ_CHECK(total == 14 + 150 * 14);
        LQ_CHECK(least > 0);
    }
    /* every rank moved its anchor as often as the serial run */
    long anchors_min = 0, anchors_max = 0;
    MPI_Reduce(&ctx.anchors, &anchors_min, 1, MPI_LONG, MPI_MIN, 0, MPI_COMM_WORLD);
    MPI_Reduce(&ctx.anchors, &anchors_max, 1, MPI_LONG, MPI_MAX, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        LQ_CHECK(anchors_min == 14 && anchors_max == 14);
        fprintf(stderr, "%d ranks, %ld evaluations, fewest on one rank %ld\n", size, total, least);
    }
    lq_assess_mpi_finalize(m);
    if (rank != 0) return lq_test_failed_ ? 1 : 0;
    return lq_test_finish();
}
