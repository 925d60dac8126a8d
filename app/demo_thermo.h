/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by the thermodynamic subcommands (eq, prop, demo): database, system, --x, --ref.
 */
#ifndef LIQUIDUS_APP_DEMO_THERMO_H
#define LIQUIDUS_APP_DEMO_THERMO_H

#include <stddef.h>

#include "app.h"
#include "liquidus/thermo.h"

#define LQA_THERMO_MAXC 16

/** A database opened for equilibrium work. */
typedef struct lqa_thermo {
    lq_db *db;
    lq_system *sys;
    lq_eq_ws *ws;
    lq_eq_result *res;
    size_t ncomp;
    size_t balance;  /**< component whose x is 1 - the others (set by lqa_thermo_parse_x) */
    char path[1024]; /**< the TDB file actually read */
} lqa_thermo;

/**
 * Reads DB (a path, or a bundled name such as BiNd.tdb looked up in <data>/tdb/), builds the
 * system of `comps` ("BI,ND"; NULL: every element of the database but VA and /-) with `phases`
 * ("LIQUID,NDBI1"; NULL: all) and an equilibrium workspace. Returns 0 or an exit code (message
 * printed).
 */
int lqa_thermo_open(const lqa_ctx *ctx, const char *cmd, const char *db_arg, const char *comps,
                    const char *phases, lqa_thermo *t);
void lqa_thermo_close(lqa_thermo *t);

/** Index of a component by (case-insensitive) name, or -1. */
long lqa_thermo_comp(const lqa_thermo *t, const char *name, size_t len);

/**
 * Parses repeated --x EL=VALUE (or, for one component, EL=a:b:step or EL=a,b,c) into an overall
 * composition; the one component not given is the balance. `range_comp` is set to the ranged
 * component (or ncomp when none) and `vals`/`nvals` to its values (nvals = 1 without a range).
 * Returns 0 or an exit code (message printed).
 */
int lqa_thermo_parse_x(const char *cmd, lqa_thermo *t, const lqa_list *xs, double *x,
                       size_t *range_comp, double *vals, size_t maxvals, size_t *nvals);

/** Fills x for a value of the ranged component: balance = 1 - others. Returns 0, or -1 if < 0. */
int lqa_thermo_set_x(const lqa_thermo *t, double *x, size_t range_comp, double v);

/**
 * Parses repeated --ref EL=PHASE into ref[ncomp] (phase indices; LQ_PROPS_REF_STABLE where not
 * given).
 * Returns 0 or an exit code.
 */
int lqa_thermo_parse_refs(const char *cmd, const lqa_thermo *t, const lqa_list *refs, size_t *ref);

/**
 * Functions of sys extrapolated outside their temperature ranges by a calculation between T_lo
 * and T_hi (K) (lq_system_extrapolations): with json NULL, a warning on stderr naming them; with
 * json a cJSON object, an "extrapolated" member flagging the results as not to be trusted
 * (thermo_extrap.c). Returns the number of such functions.
 */
size_t lqa_thermo_extrapolation(const char *cmd, const lq_system *sys, double T_lo, double T_hi,
                                void *json);

/** Formats a number for tables: %.6g, or "-inf"/"nan". */
const char *lqa_fmt(double v, char *buf, size_t size);

#endif /* LIQUIDUS_APP_DEMO_THERMO_H */
