/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus map` for three components (isothermal section, isopleth, liquidus projection) and the
 * outputs every map shares (app/map_output.c). */
#ifndef LIQUIDUS_APP_MAP_TERNARY_H
#define LIQUIDUS_APP_MAP_TERNARY_H

#include "app.h"
#include "demo_thermo.h"
#include "liquidus/core.h"

struct cJSON;

/** How one kind of map result is written; each function gets the result as `r`. */
typedef struct lqa_map_writers {
    /** CSV file (lq_csv_open ... lqa_map_csv_end) */
    lq_status (*csv)(const void *r, const lq_system *sys, const char *path, lq_diag *diag);
    /** JSON tree (db: the database path) */
    struct cJSON *(*json)(const void *r, const lq_system *sys, const char *db);
    /** figure (.png, .svg, .pdf) with the title or options in `fig` */
    lq_status (*figure)(const void *r, const lq_system *sys, const void *fig, const char *path,
                        lq_diag *diag);
    /** text summary on stdout */
    void (*text)(const void *r, const lq_system *sys);
} lqa_map_writers;

/**
 * Writes each --out file of r by its extension (.csv, .json, else a figure), stopping at the
 * first failure, then JSON (--json) or the text summary on stdout when all were written. Returns
 * an exit code.
 */
int lqa_map_outputs(const lqa_map_writers *w, const void *r, const void *fig, const lqa_thermo *t,
                    const lqa_list *outs, const lqa_ctx *ctx);
/** Ends a CSV file: aborted (nothing written) when st is not LQ_OK, else closed. Returns the
 *  status. */
lq_status lqa_map_csv_end(lq_csv *cs, lq_status st, lq_diag *diag);
/** Name of phase p of sys, "?" when it has none. */
const char *lqa_map_phase_name(const lq_system *sys, size_t p);

/**
 * Isothermal section of the ternary `comps` ("A,B,C") of database db_arg at T (the text of --T, one
 * temperature in K): text summary (or JSON with --json) on stdout, each --out file (.json, .csv,
 * .png/.svg/.pdf) written whole or not at all. Returns an exit code.
 */
int lqa_map_ternary(const lqa_ctx *ctx, const char *db_arg, const char *comps, const char *phases,
                    const char *Ts, const lqa_list *outs, const char *title);

/**
 * Isopleth (app/map_isopleth.c) of the system `comps` along `spec`: "x(EL)=V" (three components:
 * EL fixed at V, from the first other component's side to the second's) or "A=a,B=b:C=c,D=d" (two
 * end compositions, each with one component left out as the balance). Ts is "TMIN:TMAX" in K.
 * Returns an exit code.
 */
int lqa_map_isopleth(const lqa_ctx *ctx, const char *db_arg, const char *comps, const char *phases,
                     const char *spec, const char *Ts, const lqa_list *outs, const char *title);

/**
 * Liquidus projection (app/map_projection.c) of the ternary `comps`, liquidus searched in Ts
 * ("TMIN:TMAX" in K, NULL: 300:4000) on a grid of `grid` divisions per side (0: 20). Returns an
 * exit code.
 */
int lqa_map_projection(const lqa_ctx *ctx, const char *db_arg, const char *comps,
                       const char *phases, const char *Ts, long grid, const lqa_list *outs,
                       const char *title);

#endif /* LIQUIDUS_APP_MAP_TERNARY_H */
