/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Analytic binary phase models (regular solutions, line compounds) to test the solver alone. */
#ifndef LQ_TEST_THERMO_EQ_ANALYTIC_H
#define LQ_TEST_THERMO_EQ_ANALYTIC_H

#include "thermo/equil/equil_internal.h"

/* One phase of an A-B test system: a substitutional solution (A,B)1 with
 *   G = yA (gA0 + gA1 T) + yB (gB0 + gB1 T) + RT (yA ln yA + yB ln yB) + yA yB (L0 + L1 T)
 * or a line compound (A)p(B)q with G = p gA + q gB + d0 + d1 T (p or q may be 0). */
typedef struct ta_phase {
    const char *name;
    int compound;
    double gA0, gA1, gB0, gB1, L0, L1; /* solution */
    double p, q, d0, d1;               /* compound */
} ta_phase;

#define TA_MAXP 6
typedef struct ta_model {
    size_t nphase;
    ta_phase ph[TA_MAXP];
    double T;
    /* lq_phase_info tables */
    lq_phase_info info[TA_MAXP];
    double site[TA_MAXP][2];
    size_t subl[TA_MAXP][2];
    double comp[TA_MAXP][4];
    const char *cname[TA_MAXP][2];
    lqi_eq_model m;
} ta_model;

/* Fills the info tables and the model interface of `t` (t->nphase and t->ph set by the caller). */
void ta_model_init(ta_model *t);

#endif
