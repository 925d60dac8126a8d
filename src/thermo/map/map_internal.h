/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Phase-diagram mapping internals: isothermal hull sections and local Newton solves. */
#ifndef LIQUIDUS_THERMO_MAP_INTERNAL_H
#define LIQUIDUS_THERMO_MAP_INTERNAL_H

#include <stddef.h>

#include "liquidus/thermo.h"

/* Most phase occurrences along x in one isothermal section. */
#define LQI_MAP_MAXOCC 48

/* One stretch of the lower convex hull held by one phase (one composition set). */
typedef struct lqi_map_occ {
    size_t phase;
    size_t j_lo, j_hi; /* samples at its low-x and high-x ends */
    double x_lo, x_hi; /* x of the second component there */
} lqi_map_occ;

/* Isothermal section: the phases met along x at T, as hull occurrences. */
typedef struct lqi_map_section {
    double T;
    size_t n;
    lqi_map_occ occ[LQI_MAP_MAXOCC];
} lqi_map_section;

/* Mapping context over an equilibrium workspace. */
typedef struct lqi_map_ctx {
    lq_eq_ws *ws;
    size_t *order;     /* [ns] samples sorted by x */
    size_t *hull;      /* [ns] scratch */
    double *ybuf;      /* [4 * maxc] constitutions of up to four sets */
    lq_eq_result *res; /* for the global equilibrium fallback */
    size_t count;      /* sections and Newton solves */
} lqi_map_ctx;

lq_status lqi_map_ctx_init(lqi_map_ctx *c, lq_eq_ws *ws);
void lqi_map_ctx_free(lqi_map_ctx *c);

/* Hull section at T (samples re-evaluated). */
lq_status lqi_map_section_at(lqi_map_ctx *c, double T, lqi_map_section *sec);
/* 1 when two sections have the same sequence of phases. */
int lqi_map_section_same(const lqi_map_section *a, const lqi_map_section *b);
/* Site fractions of sample j (points into the workspace). */
const double *lqi_map_sample_y(const lqi_map_ctx *c, size_t j);
/* x of the second component of phase p at y. */
double lqi_map_x_of(const lqi_map_ctx *c, size_t p, const double *y);
/* Number of free (mixing) constituents of phase p: 0 for a stoichiometric compound. */
size_t lqi_map_nfree(const lqi_map_ctx *c, size_t p);

/*
 * Local equilibrium of `ns` (2 or 3) given sets: ph[k] with constitutions y[k] (in/out), at T
 * (in/out when free_T) and overall x0 of the second component. Set `zero` (or -1 for none) is held
 * at zero amount. Newton iterations of the equilibrium solver (src/thermo/equil) without the global
 * check. LQ_ENOCONV when a set leaves (its amount turned negative) or Newton fails.
 */
lq_status lqi_map_solve(lqi_map_ctx *c, double *T, size_t ns, const size_t *ph, double *const *y,
                        int zero, int free_T, double x0, double *xout);

/* Tie-line of phases ph[0] (lower x) and ph[1] from the global equilibrium at overall x0 (the
 * fallback when Newton from the hull's samples fails). LQ_ENOCONV when other phases are stable. */
lq_status lqi_map_tieline_global(lqi_map_ctx *c, double T, const size_t *ph, double x0,
                                 double *const *y, double *xout);

#endif /* LIQUIDUS_THERMO_MAP_INTERNAL_H */
