/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers of the parameter-generation tests: phase models and datasets built in memory. */
#ifndef LQ_TEST_ASSESS_PARAMGEN_H
#define LQ_TEST_ASSESS_PARAMGEN_H

#include <stddef.h>

#include "liquidus/assess.h"

/* A non-equilibrium thermochemical dataset in static storage (no lq_dataset_free needed). */
typedef struct tds {
    lq_dataset d;
    lq_dataset_config cfg[16];
    lq_dataset_sublattice sub[16][4];
    char mode[8];
    char *sp[16][4][4];
    char spbuf[16][4][4][8];
    double occ[16][4][4];
    lq_dataset_cond cond[2];
    char condname[2][2];
    double T[16], P[1];
    double values[256];
    char *comps[4];
    char compbuf[4][8];
    char *phases[1];
    char phbuf[32];
    char *excl[4];
    char exclbuf[4][16];
    char outbuf[16];
} tds;

/**
 * configs: "AL,B:VA;AL,B:AL" (';' between configurations, ':' between sublattices, ',' between
 * mixing species); occ: occupancies of every species of every configuration in order (a plain
 * sublattice takes one value too), or NULL; values[iT * n_configs + k]; excluded: "idmix,mag" or
 * NULL.
 */
void tds_init(tds *t, const char *phase, const char *output, const char *comps, const char *configs,
              const double *occ, const double *T, size_t nT, const double *values, double weight,
              const char *excluded);

/* Phase models in static storage. */
typedef struct tpm {
    lq_assess_phase_models m;
    lq_assess_phase_model ph[8];
    lq_assess_sublattice sl[8][4];
    double ratios[8][4];
    char *cons[8][4][8];
    char buf[8][4][8][8];
    char names[8][32];
    char *comps[8];
    char compbuf[8][8];
    lq_assess_equivalent eqv[8][2];
    size_t eqidx[8][2][8];
} tpm;

void tpm_init(tpm *p, const char *components);
/* model: "CU,MG:VA" with one site ratio per sublattice. */
void tpm_phase(tpm *p, const char *name, const char *model, const double *ratios);
/* One group of equivalent sublattices of the last phase added, e.g. "0,1". */
void tpm_equivalent(tpm *p, const char *group);

/* Value of symbol `name` in a result (NAN when absent). */
double pg_symbol(const lq_assess_paramgen_result *r, const char *name);
/* Number of PARAMETER lines of type `type` ('G' or 'L') in the TDB text, for phase (or NULL). */
size_t pg_count_params(const lq_assess_paramgen_result *r, char type, const char *phase);

void test_espei_formation(void);
void test_espei_mixing(void);
void test_espei_ridge(void);
void test_espei_higher_order(void);
void test_espei_excess_only(void);
void test_espei_multi_sublattice(void);
void test_espei_ternary(void);
void test_espei_cpm_sm(void);
void test_espei_weighting(void);
void test_synthetic_recovery(void);
void test_synthetic_endmember(void);
void test_errors(void);
void test_symmetry(void);
void test_synthetic_cp(void);
void test_tdb_roundtrip(void);
void test_unary_bind(void);
void test_cumg(void);

#endif
