/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Ensemble sampler internals shared by sampler.c (the move) and sampler_trace.c (trace files). */
#ifndef LIQUIDUS_SAMPLER_INTERNAL_H
#define LIQUIDUS_SAMPLER_INTERNAL_H

#include <stddef.h>

#include "core/core_internal.h"
#include "liquidus/assess.h"

/**
 * The random numbers of iteration t (0-based) for w walkers, from the run's seeded generator
 * `base`: half[j] in {0, 1} (emcee's shuffled arange(w) % 2), and per walker u_z (for the
 * stretch factor), partner (index into the other half, in walker order) and u_acc (acceptance).
 * Depends on (base, t, w) alone. Exposed so that tests can hand the same numbers to emcee.
 */
void lqi_sampler_draw(const lqi_rng *base, size_t t, size_t w, size_t *half, double *u_z,
                      size_t *partner, double *u_acc);

/** The run's trace and lnprob files, streamed in place (lqi_npy_file). */
typedef struct lqi_sampler_files {
    lqi_npy_file trace, lnprob;
    size_t saved; /**< iterations [0, saved) are on disk */
} lqi_sampler_files;

/**
 * Creates opt->trace_path and opt->lnprob_path (those set) atomically with the whole arrays of r
 * (ESPEI's shapes; iterations not done yet are zeros, as ESPEI's files), and keeps them open.
 */
lq_status lqi_sampler_files_open(const lq_assess_sample_result *r,
                                 const lq_assess_sampler_options *opt, lqi_sampler_files *f,
                                 lq_diag *diag);
/**
 * Writes iterations [f->saved, r->n_done) in place: the lnprob file first, then the trace, so
 * that an iteration complete in the trace is in the lnprob file too, whenever the writer dies.
 */
lq_status lqi_sampler_files_flush(const lq_assess_sample_result *r, lqi_sampler_files *f,
                                  lq_diag *diag);
/** Closes both files (no-op for files not open); LQ_EIO on a deferred write error. */
lq_status lqi_sampler_files_close(lqi_sampler_files *f, lq_diag *diag);

/**
 * Restart: reads opt->trace_path (and opt->lnprob_path when set) into r->trace / r->lnprob,
 * which have r's shape; the files may hold fewer or more iterations than r, never other walkers
 * or parameters. Sets r->n_done to the number of completed iterations: those in which every
 * walker has a non-zero parameter (ESPEI's rule in optimal_parameters asks it of one walker; a
 * run killed while streaming may have written an iteration for some walkers only). Fails with
 * LQ_EINVAL when more iterations are complete than r has room for.
 */
lq_status lqi_sampler_load(lq_assess_sample_result *r, const lq_assess_sampler_options *opt,
                           lq_diag *diag);

#endif /* LIQUIDUS_SAMPLER_INTERNAL_H */
