/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Uncertainty propagation, shared between src/assess/uq*.c: sample selection and quantiles. */
#ifndef LIQUIDUS_ASSESS_UQ_INTERNAL_H
#define LIQUIDUS_ASSESS_UQ_INTERNAL_H

#include <stddef.h>

#include "liquidus/assess.h"

/** The samples kept from a trace, as rows of parameters (iteration-major, then walker). */
typedef struct lqi_uq_samples {
    size_t n_filled, first, n_iter, n_walkers, n_dropped;
    size_t n, np;
    double *theta;  /**< [n][np] */
    char **symbols; /**< [np] */
    size_t *sym;    /**< [np] FUNCTION indices in the system (filled by lqi_uq_symbols_resolve) */
} lqi_uq_samples;

/** Selects the samples and the symbol names (checked against the trace's columns). */
lq_status lqi_uq_samples_make(const lq_db *db, const lq_assess_trace *tr,
                              const lq_assess_uq_options *opt, lqi_uq_samples *s, lq_diag *diag);
void lqi_uq_samples_free(lqi_uq_samples *s);

/** Quantiles q[nq] of v[n] (sorted in place; NaNs must be removed) by linear interpolation
 *  between order statistics (NumPy's default, Hyndman and Fan type 7) into out[nq]. */
void lqi_uq_quantiles(double *v, size_t n, const double *q, size_t nq, double *out);

/** Checks quantiles and thin; LQ_EINVAL with a message. */
lq_status lqi_uq_options_check(const lq_assess_uq_options *opt, lq_diag *diag);

/** Thread count of a parallel evaluation. */
int lqi_uq_threads(const lq_assess_uq_options *opt, size_t n_samples);

/** nt equilibrium workspaces of sys, one per thread, with the options' gas constant: *ws
 *  (lqi_calloc'd array, free with lqi_uq_ws_free) is set even on failure. LQ_OK or the status. */
lq_status lqi_uq_ws_alloc(const lq_system *sys, const lq_assess_uq_options *opt, int nt,
                          lq_eq_ws ***ws, lq_diag *diag);
/** Frees the workspaces of lqi_uq_ws_alloc (NULL is a no-op). */
void lqi_uq_ws_free(lq_eq_ws **ws, int nt);

/** Name ("HM_MIX", "ACR") and unit ("J/mol", "1") of a property kind. */
const char *lqi_uq_kind_name(lq_assess_uq_kind k);
const char *lqi_uq_kind_unit(lq_assess_uq_kind k);

#endif /* LIQUIDUS_ASSESS_UQ_INTERNAL_H */
