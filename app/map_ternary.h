/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus map` for three components: the isothermal section (app/map_ternary.c). */
#ifndef LIQUIDUS_APP_MAP_TERNARY_H
#define LIQUIDUS_APP_MAP_TERNARY_H

#include "app.h"

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
