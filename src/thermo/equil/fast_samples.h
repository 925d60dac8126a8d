/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sampled energies saved at one temperature and updated for new parameter values (fast_samples.c).
 */
#ifndef LIQUIDUS_THERMO_EQUIL_FAST_SAMPLES_H
#define LIQUIDUS_THERMO_EQUIL_FAST_SAMPLES_H

#include <stddef.h>

#include "liquidus/thermo.h"

/** A sample point (x, g) with its index, and the order of the binned scans' bins and hulls
 * (fast_samples.c) and of the ZPF driving-force bins (likelihood_zpf.c): by x, then g, then the
 * index, so that sorting is deterministic. */
typedef struct lqi_xg_pt {
    double x, g;
    size_t i;
} lqi_xg_pt;

static inline int lqi_xg_pt_cmp(const void *pa, const void *pb) {
    const lqi_xg_pt *a = pa, *b = pb;
    if (a->x != b->x) return a->x < b->x ? -1 : 1;
    if (a->g != b->g) return a->g < b->g ? -1 : 1;
    return (a->i > b->i) - (a->i < b->i);
}

/** Doubles of a saved state of a workspace made from an lq_system (0 for other workspaces). */
size_t lqi_eq_samples_save_len(const lq_eq_ws *ws);
/** Evaluates the samples at T with the current parameter values and saves their energies and the
 *  parameter values into save [lqi_eq_samples_save_len]. LQ_EINVAL for a workspace not made from
 *  an lq_system, or the status of the evaluation. */
lq_status lqi_eq_samples_save(lq_eq_ws *ws, double T, double *save);
/** The samples' energies at T (as lqi_eq_samples_eval) from a state saved at the same T, updated
 *  by the parameter values that differ from the saved ones. Same statuses as lqi_eq_samples_eval.
 */
lq_status lqi_eq_samples_load(lq_eq_ws *ws, double T, const double *save);
/** 1 when phase p's energies still await the update of lqi_eq_samples_load (its samples hold the
 *  saved energies, within *bound of the updated ones), else 0. */
int lqi_eq_samples_stale(const lq_eq_ws *ws, size_t p, double *bound);
/** While phase p awaits the update (and the system is binary): the least driving force
 *  g - mu.x (at ws->mu) over its samples' saved energies, from the saved lower hull; 1 with *dmin
 *  set, else 0. */
int lqi_eq_samples_stale_min(const lq_eq_ws *ws, size_t p, double *dmin);
/** Updates phase p's energies when they await it (LQ_EDOM on a value not finite; the samples are
 *  then re-evaluated at the next lqi_eq_samples_eval). */
lq_status lqi_eq_samples_fresh(lq_eq_ws *ws, size_t p);
/** The global check's scan of phase p (lqi_eq_scan_phase from *pbest = HUGE_VAL, *jbest = its first
 *  sample, *dfar = thr, *jfar = ws->ns) without the bins of samples that provably lie above the
 *  hyperplane by more than thr: each bin's least saved driving force (its saved lower hull) minus
 *  the bound of the change of the energies. The bins scanned are updated first (as
 *  lqi_eq_samples_fresh: the same values to the bit). Returns 1 with the same outputs as that
 *  scan; 2 when every sample of p lies above thr (*pbest > thr, the other outputs unchanged: the
 *  full scan's least d lies above thr as well); 0 when it cannot (not binary, no saved bins: the
 *  caller then updates the phase and scans it in full); -1 with *st on a value not finite. */
int lqi_eq_samples_scan_binned(lq_eq_ws *ws, size_t p, int want_far, double thr, double *pbest,
                               size_t *jbest, double *dfar, size_t *jfar, lq_status *st);
/** lqi_eq_samples_fresh of every phase: the samples' energies at the current parameters. */
lq_status lqi_eq_samples_fresh_all(lq_eq_ws *ws);

#endif /* LIQUIDUS_THERMO_EQUIL_FAST_SAMPLES_H */
