/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The screen across MPI ranks: every rank evaluates a block of the candidates, rank 0 ranks all. */
/*
 * Not part of the library (CMakeLists.txt leaves *_mpi.c out of it): compiled into the command
 * when MPI is found. Rows are plain structs of fixed size, sent as bytes between processes of the
 * same binary. The blocks are contiguous, [n r / size, n (r + 1) / size), and each row is a
 * deterministic function of its candidate (lq_screen_run), so the table and its ranking are those
 * of one process for any number of ranks.
 */
#include <limits.h>
#include <mpi.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/screen.h"

lq_status lq_screen_mpi_begin(int *rank, int *size, int *own) {
    if (!rank || !size || !own) return LQ_EINVAL;
    int inited = 0, provided = 0;
    MPI_Initialized(&inited);
    if (!inited && MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
        return LQ_EIO;
    *own = !inited;
    MPI_Comm_rank(MPI_COMM_WORLD, rank);
    MPI_Comm_size(MPI_COMM_WORLD, size);
    return LQ_OK;
}

void lq_screen_mpi_end(int own) {
    int fin = 0;
    MPI_Finalized(&fin);
    if (own && !fin) MPI_Finalize();
}

static size_t block_lo(size_t n, int r, int size) { return n * (size_t)r / (size_t)size; }

lq_status lq_screen_run_mpi(const lq_structure *const *protos, const char *const *names, size_t n,
                            const lq_screen_options *opt, lq_screen_result **out, lq_diag *diag) {
    if (!opt || !out) return LQ_EINVAL;
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    size_t nc = 0;
    lq_status st = lq_screen_count(protos, n, opt, &nc);
    lq_screen_options o = *opt;
    o.first = block_lo(nc, rank, size);
    o.last = block_lo(nc, rank + 1, size);
    lq_screen_result *r = NULL;
    if (st == LQ_OK) st = lq_screen_run(protos, names, n, &o, &r, diag);
    /* every rank learns whether all succeeded before any waits in the gather */
    int mine = (int)st, worst = 0;
    MPI_Allreduce(&mine, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (worst != (int)LQ_OK) {
        lq_screen_result_free(r);
        return st != LQ_OK ? st
                           : lqi_diag_set(diag, (lq_status)worst, NULL, 0, NULL,
                                          "the screen failed on another MPI rank");
    }
    if (nc * sizeof(lq_screen_row) > (size_t)INT_MAX) { /* MPI counts are int */
        lq_screen_result_free(r);
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "too many candidates for one gather");
    }
    int *counts = lqi_malloc_array((size_t)size, sizeof(int));
    int *displs = lqi_malloc_array((size_t)size, sizeof(int));
    int ok = counts && displs, all_ok = 0;
    MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (!all_ok) {
        lqi_free(counts);
        lqi_free(displs);
        lq_screen_result_free(r);
        return LQ_ENOMEM;
    }
    for (int k = 0; k < size; k++) {
        size_t lo = block_lo(nc, k, size), hi = block_lo(nc, k + 1, size);
        counts[k] = (int)((hi - lo) * sizeof(lq_screen_row));
        displs[k] = (int)(lo * sizeof(lq_screen_row));
    }
    if (rank == 0)
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_BYTE, r->rows, counts, displs, MPI_BYTE, 0,
                    MPI_COMM_WORLD);
    else
        MPI_Gatherv(r->rows + o.first, counts[rank], MPI_BYTE, NULL, NULL, NULL, MPI_BYTE, 0,
                    MPI_COMM_WORLD);
    lqi_free(counts);
    lqi_free(displs);
    if (rank != 0) {
        lq_screen_result_free(r);
        *out = NULL;
        return LQ_OK;
    }
    st = lq_screen_rank(r, opt->rank_by);
    if (st != LQ_OK) {
        lq_screen_result_free(r);
        return st;
    }
    *out = r;
    return LQ_OK;
}
