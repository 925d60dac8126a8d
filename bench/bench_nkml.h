/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Na-K-Mg-Cl rigid-ion melt of the deep-potential benchmarks (bench_dp_train.c,
 * bench_dp_longrange.c): one composition, temperature, density and seed for both. */
#ifndef LQ_BENCH_NKML_H
#define LQ_BENCH_NKML_H

#include "liquidus/core.h"
#include "liquidus/md.h"

#define COMP "Na:20 K:20 Mg:4 Cl:48"
#define TEMP_K 973.0
#define RHO 1.6

/* Builds the melt of composition `comp` (seed 7) and applies the bundled rigid-ion potential; *ri
 * owned by the caller. */
static lq_status nkml_melt_comp(const char *comp_str, lq_md_system *sys, lq_md_model **ri,
                                lq_diag *d) {
    lq_md_composition comp;
    lq_md_build_options bo = lq_md_build_options_default();
    bo.T_K = TEMP_K;
    bo.density_g_cm3 = RHO;
    bo.seed = 7;
    char pot[1024];
    lq_status st = lq_data_path("md/nakcl_mgcl2_lacl3_derived.pot", pot, sizeof pot, d);
    if (st == LQ_OK) st = lq_md_composition_parse(comp_str, LQ_MD_SIZE_AS_WRITTEN, 0, &comp, d);
    if (st == LQ_OK) st = lq_md_system_build(&comp, &bo, sys, d);
    if (st == LQ_OK) st = lq_md_model_read(pot, ri, d);
    if (st == LQ_OK) st = lq_md_model_apply(*ri, sys, d);
    return st;
}

/* The melt of COMP. */
static inline lq_status nkml_melt(lq_md_system *sys, lq_md_model **ri, lq_diag *d) {
    return nkml_melt_comp(COMP, sys, ri, d);
}

#endif
