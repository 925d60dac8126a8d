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

/**
 * Writes the completed part of r (the whole arrays: iterations not done yet are zeros, as ESPEI
 * writes them) to opt->lnprob_path, then opt->trace_path, each atomically. The lnprob file goes
 * first so that whenever the trace shows iteration t, the lnprob file holds it too.
 */
lq_status lqi_sampler_save(const lq_assess_sample_result *r, const lq_assess_sampler_options *opt,
                           lq_diag *diag);

/**
 * Restart: reads opt->trace_path (and opt->lnprob_path when set) into r->trace / r->lnprob,
 * which have r's shape; the files may hold fewer or more iterations than r, never other walkers
 * or parameters. Sets r->n_done to the number of completed iterations (last iteration in which
 * some walker has a non-zero parameter, plus one: ESPEI's rule in optimal_parameters). Fails with
 * LQ_EINVAL when more iterations are complete than r has room for.
 */
lq_status lqi_sampler_load(lq_assess_sample_result *r, const lq_assess_sampler_options *opt,
                           lq_diag *diag);

#endif /* LIQUIDUS_SAMPLER_INTERNAL_H */
