/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Synthetic Bi-Nd data from the study's Table 2 liquid: generator shared by the assess_bind tests.
 */
#ifndef ASSESS_BIND_SYNTH_H
#define ASSESS_BIND_SYNTH_H

#include <stddef.h>
#include <stdint.h>

#include "liquidus/status.h"

/* The seven liquid parameters of Table 2 (J/mol, J/mol/K) in the order of their symbols VV0000..
 * VV0006: L0 = a0 + b0 T, L1 = a1 + b1 T, L2 = a2 + b2 T, L3 = a3. */
#define SYNTH_NPAR 7
extern const double synth_truth[SYNTH_NPAR];
extern const char *const synth_names[SYNTH_NPAR];

/* Noise of the synthetic data (standard deviations). */
typedef struct synth_noise {
    double acr_J;      /* on R T ln a (J/mol) */
    double hm_J;       /* on HM_MIX (J/mol of atoms) */
    double x_rel;      /* relative, on a measured liquid composition */
    double T_K;        /* on an invariant temperature */
    double perturb;    /* start values: truth * (1 +- perturb), sign drawn per parameter */
    uint64_t seed;     /* lqi_rng seed of the noise and the signs */
    size_t iterations; /* mcmc.iterations of the run file */
    size_t chains_per_parameter;
} synth_noise;

/* What was written: counts of points per kind and the start values. */
typedef struct synth_info {
    size_t n_acr, n_hm, n_solubility, n_invariant;
    double start[SYNTH_NPAR];
    double inv_T[3]; /* invariant temperatures of the truth (K), sorted */
    char inv_name[3][64];
} synth_info;

/* The Bi-Nd database of Table 2 (data/tdb/BiNd.tdb text in `tdb`) with the liquid parameters
 * written as FUNCTIONs VV0000..VV0006 of values p. Returns a new string (free()) or NULL. */
char *synth_tdb_with_symbols(const char *tdb, const double p[SYNTH_NPAR]);

/*
 * Writes into `dir` (which must exist): datasets/ (ACR_ND, HM_MIX, ZPF solubilities, ZPF
 * invariants), truth.tdb, start.tdb (parameters perturbed), phase_models.json and run.yaml.
 * `tdb_path` is data/tdb/BiNd.tdb and `pm_path` data/assess/bind/phase_models.json.
 */
lq_status synth_write(const char *tdb_path, const char *pm_path, const char *dir,
                      const synth_noise *noise, synth_info *info, lq_diag *diag);

#endif
