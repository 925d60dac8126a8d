/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared pieces of the sampler tests: analytic targets, a scratch folder, the Python runner. */
#ifndef LQ_SAMPLER_TEST_H
#define LQ_SAMPLER_TEST_H

#include <stddef.h>

#include "liquidus/assess.h"

/* Targets, defined identically in emcee_ref.py. ctx is a const lq_gauss * for the Gaussians. */
typedef struct lq_gauss {
    size_t n;
    double mu[5];
    double cov[25];
    double prec[25];
} lq_gauss;

/** The 2-D (corr 0.9) and 5-D (corr 0.8^|i-j|) Gaussians of emcee_ref.py, precision filled. */
void lqt_gauss2(lq_gauss *g);
void lqt_gauss5(lq_gauss *g);
double lqt_gauss_lnprob(const double *x, size_t n, void *ctx);
/** x1 ~ N(1, 1), x2 | x1 ~ N(x1^2, 0.1): E x2 = 2, var x2 = 6.1 (Gaussian moments of x1^2). */
double lqt_rosen_lnprob(const double *x, size_t n, void *ctx);

/** A new scratch folder under $TMPDIR (or /tmp) in buf; 0 on success. */
int lqt_tmpdir(char *buf, size_t size);
/** Deletes the files of dir (not recursive) and dir. */
void lqt_rmdir(const char *dir);
/** Runs emcee_ref.py with the arguments `args` through $LQ_PYTHON or /usr/bin/python3; returns
 *  its exit status (non-zero when emcee or numpy is missing: the caller counts a failure). */
int lqt_python(const char *args);

void test_emcee_stat(void);
void test_emcee_replay(void);
void test_npy(void);
void test_npy_numpy(void);
void test_determinism(void);
void test_espei_start(void);
void test_restart(void);
void test_anchor_schedule(void);
void test_kill_restart(void);
void test_errors(void);
void test_memory_flat(void);

#endif /* LQ_SAMPLER_TEST_H */
