/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Ensemble sampler across MPI ranks: rank 0 samples, every rank evaluates a block of each batch. */
/*
 * Not part of the library (CMakeLists.txt leaves *_mpi.c out of it): compiled into the command and
 * the MPI test when MPI is found, so the library links no MPI. The design keeps the trace that of
 * one process: rank 0 runs lq_assess_sample, the only place random numbers are drawn and walkers
 * moved; the ranks only compute lnprob values, each a deterministic function of its point, and
 * rank 0 gets them back in point order. Which rank computes which point cannot change them (on
 * identical binaries and libm; ranks on machines with different maths libraries could differ in
 * the last bit of a likelihood).
 *
 * Protocol per batch (collectives on MPI_COMM_WORLD): Bcast of {n_points, n_params, OP_EVAL}
 * (n_points = 0 stops the serving ranks), Scatterv of the points in contiguous blocks
 * [n r / size, n (r+1) / size), each rank evaluates its block with the OpenMP evaluator, Gatherv
 * of the values to rank 0. Re-anchoring (lq_assess_mpi_anchor): Bcast of {0, n_params,
 * OP_ANCHOR}, then of the anchor point; every rank calls its anchor callback, so that a value
 * depends on its point and the anchor alone, on any rank.
 */
#include <mpi.h>
#include <stdint.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/assess.h"

enum { OP_EVAL = 0, OP_ANCHOR = 1 };

struct lq_assess_mpi {
    int rank, size;
    int own_init; /* 1 when lq_assess_mpi_init called MPI_Init (and finalize must end it) */
    int stopped;
    int *counts, *displs;       /* [size] per-rank counts and offsets of the current batch */
    double *buf;                /* serving ranks: their block of points, then of values */
    size_t buf_cap;             /* doubles in buf */
    lq_assess_anchor_fn anchor; /* this rank's anchor callback (lq_assess_mpi_set_anchor) */
    void *anchor_ctx;
};

lq_status lq_assess_mpi_init(int *argc, char ***argv, lq_assess_mpi **out) {
    if (!out) return LQ_EINVAL;
    int inited = 0, provided = 0;
    MPI_Initialized(&inited);
    if (!inited && MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
        return LQ_EIO;
    lq_assess_mpi *m = lqi_calloc(1, sizeof *m);
    if (!m) return LQ_ENOMEM;
    m->own_init = !inited;
    MPI_Comm_rank(MPI_COMM_WORLD, &m->rank);
    MPI_Comm_size(MPI_COMM_WORLD, &m->size);
    m->counts = lqi_malloc_array((size_t)m->size, sizeof(int));
    m->displs = lqi_malloc_array((size_t)m->size, sizeof(int));
    if (!m->counts || !m->displs) {
        lq_assess_mpi_finalize(m);
        return LQ_ENOMEM;
    }
    *out = m;
    return LQ_OK;
}

int lq_assess_mpi_rank(const lq_assess_mpi *m) { return m ? m->rank : 0; }
int lq_assess_mpi_size(const lq_assess_mpi *m) { return m ? m->size : 1; }

void lq_assess_mpi_set_anchor(lq_assess_mpi *m, lq_assess_anchor_fn fn, void *anchor_ctx) {
    if (!m) return;
    m->anchor = fn;
    m->anchor_ctx = anchor_ctx;
}

/* Room for `need` doubles in m->buf: grows to the largest request once, then stays. */
static lq_status buf_reserve(lq_assess_mpi *m, size_t need) {
    if (need <= m->buf_cap) return LQ_OK;
    double *nb = lqi_realloc(m->buf, need * sizeof(double));
    if (!nb) return LQ_ENOMEM;
    m->buf = nb;
    m->buf_cap = need;
    return LQ_OK;
}

static size_t block_lo(size_t n, int r, int size) { return n * (size_t)r / (size_t)size; }

/* counts/displs of the batch in units of `unit` doubles per point. */
static void set_blocks(lq_assess_mpi *m, size_t n, size_t unit) {
    for (int r = 0; r < m->size; r++) {
        size_t lo = block_lo(n, r, m->size), hi = block_lo(n, r + 1, m->size);
        m->counts[r] = (int)((hi - lo) * unit);
        m->displs[r] = (int)(lo * unit);
    }
}

lq_status lq_assess_mpi_evaluate(const lq_assess_target *target, const double *theta,
                                 size_t n_points, double *lnp, void *batch_ctx) {
    lq_assess_mpi *m = batch_ctx;
    if (!m || !target || m->rank != 0 || m->stopped) return LQ_EINVAL;
    size_t p = target->n_params;
    if (n_points == 0) return LQ_OK;
    if (n_points > (size_t)INT32_MAX / (p ? p : 1)) return LQ_EINVAL; /* MPI counts are int */
    uint64_t hdr[3] = {n_points, p, OP_EVAL};
    MPI_Bcast(hdr, 3, MPI_UINT64_T, 0, MPI_COMM_WORLD);
    set_blocks(m, n_points, p);
    MPI_Scatterv(theta, m->counts, m->displs, MPI_DOUBLE, MPI_IN_PLACE, 0, MPI_DOUBLE, 0,
                 MPI_COMM_WORLD);
    size_t mine = block_lo(n_points, 1, m->size);
    lq_status st = lq_assess_evaluate_openmp(target, theta, mine, lnp, NULL);
    set_blocks(m, n_points, 1);
    MPI_Gatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, lnp, m->counts, m->displs, MPI_DOUBLE, 0,
                MPI_COMM_WORLD);
    return st;
}

lq_status lq_assess_mpi_anchor(const double *theta, size_t n_params, void *anchor_ctx) {
    lq_assess_mpi *m = anchor_ctx;
    if (!m || !m->anchor || m->rank != 0 || m->stopped || (n_params && !theta)) return LQ_EINVAL;
    if (n_params > (size_t)INT32_MAX) return LQ_EINVAL;
    uint64_t hdr[3] = {0, n_params, OP_ANCHOR};
    MPI_Bcast(hdr, 3, MPI_UINT64_T, 0, MPI_COMM_WORLD);
    MPI_Bcast((void *)theta, (int)n_params, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    return m->anchor(theta, n_params, m->anchor_ctx);
}

/* A serving rank's part of lq_assess_mpi_anchor: the point, then its own callback. */
static lq_status serve_anchor(lq_assess_mpi *m, size_t p) {
    if (buf_reserve(m, p ? p : 1) != LQ_OK) {
        MPI_Abort(MPI_COMM_WORLD, 1);
        return LQ_ENOMEM;
    }
    MPI_Bcast(m->buf, (int)p, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    /* without a callback or when it fails the values of this rank would not be rank 0's: the
     * job is ended (this file belongs to the command) */
    if (!m->anchor || m->anchor(m->buf, p, m->anchor_ctx) != LQ_OK) {
        MPI_Abort(MPI_COMM_WORLD, 2);
        return LQ_EINVAL;
    }
    return LQ_OK;
}

lq_status lq_assess_mpi_serve(lq_assess_mpi *m, const lq_assess_target *target) {
    if (!m || !target || m->rank == 0) return LQ_EINVAL;
    for (;;) {
        uint64_t hdr[3] = {0, 0, OP_EVAL};
        MPI_Bcast(hdr, 3, MPI_UINT64_T, 0, MPI_COMM_WORLD);
        size_t n = (size_t)hdr[0], p = (size_t)hdr[1];
        if (hdr[2] == OP_ANCHOR && p == target->n_params) {
            lq_status st = serve_anchor(m, p);
            if (st != LQ_OK) return st;
            continue;
        }
        if (n == 0 && hdr[2] == OP_EVAL) return LQ_OK;
        if (p != target->n_params || hdr[2] != OP_EVAL) {
            /* ranks set up different problems: no result could be right, and rank 0 waits in
             * the Gatherv, so the job is ended (this file belongs to the command) */
            MPI_Abort(MPI_COMM_WORLD, 2);
            return LQ_EINVAL;
        }
        size_t lo = block_lo(n, m->rank, m->size), hi = block_lo(n, m->rank + 1, m->size);
        if (buf_reserve(m, (hi - lo) * (p + 1)) != LQ_OK) {
            MPI_Abort(MPI_COMM_WORLD, 1);
            return LQ_ENOMEM;
        }
        double *pts = m->buf, *vals = m->buf + (hi - lo) * p;
        MPI_Scatterv(NULL, NULL, NULL, MPI_DOUBLE, pts, (int)((hi - lo) * p), MPI_DOUBLE, 0,
                     MPI_COMM_WORLD);
        (void)lq_assess_evaluate_openmp(target, pts, hi - lo, vals, NULL);
        MPI_Gatherv(vals, (int)(hi - lo), MPI_DOUBLE, NULL, NULL, NULL, MPI_DOUBLE, 0,
                    MPI_COMM_WORLD);
    }
}

void lq_assess_mpi_stop(lq_assess_mpi *m) {
    if (!m || m->rank != 0 || m->stopped) return;
    uint64_t hdr[3] = {0, 0, OP_EVAL};
    MPI_Bcast(hdr, 3, MPI_UINT64_T, 0, MPI_COMM_WORLD);
    m->stopped = 1;
}

void lq_assess_mpi_finalize(lq_assess_mpi *m) {
    if (!m) return;
    int own = m->own_init;
    lqi_free(m->counts);
    lqi_free(m->displs);
    lqi_free(m->buf);
    lqi_free(m);
    if (own) MPI_Finalize();
}
