/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus eq --grid/--points`: a batch of equilibria and its CSV/JSON output. */
#ifndef LIQUIDUS_APP_EQ_BATCH_H
#define LIQUIDUS_APP_EQ_BATCH_H

#include "demo_thermo.h"

/** What the batch options of `eq` asked for. */
typedef struct lqa_eq_batch_args {
    const char *grid;     /**< --grid SPEC, or NULL */
    const char *points;   /**< --points FILE.csv, or NULL */
    const char *out;      /**< --out FILE (.csv or .json), or NULL: stdout */
    long threads;         /**< --threads (0: OpenMP default) */
    const char *zero;     /**< --zero PHASE (with free_var), or NULL */
    const char *free_var; /**< --free T|EL, or NULL */
} lqa_eq_batch_args;

/**
 * Runs the batch on the opened database and writes the good points (CSV, or JSON with --json or
 * an --out name ending in .json); each failed point is reported on stderr with its index.
 * Returns the exit code: 0 all points solved, 2 when a point had impossible conditions (the
 * others written), 1 when points only failed to converge, 3 on an output error.
 */
int lqa_eq_batch(const lqa_ctx *ctx, lqa_thermo *t, const lqa_eq_batch_args *a);

#endif /* LIQUIDUS_APP_EQ_BATCH_H */
