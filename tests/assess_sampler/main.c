/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Ensemble sampler tests: emcee agreement, determinism, restarts, trace files, errors, memory. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core_internal.h"
#include "lq_test.h"
#include "sampler_test.h"

LQ_TEST_MAIN_DEFINE;

static const double mu2[2] = {1.0, -2.0};
static const double cov2[4] = {1.0, 1.8, 1.8, 4.0};
static const double mu5[5] = {0.0, 1.0, -1.0, 2.0, 0.5};
static const double sd5[5] = {1.0, 2.0, 0.5, 3.0, 1.0};

static void fill_precision(lq_gauss *g) {
    size_t n = g->n;
    double a[25];
    memcpy(a, g->cov, n * n * sizeof(double));
    for (size_t i = 0; i < n * n; i++) g->prec[i] = (i % (n + 1) == 0) ? 1.0 : 0.0;
    if (lqi_linsolve(a, n, g->prec, n) != LQ_OK) LQ_FAIL("covariance not invertible");
}

void lqt_gauss2(lq_gauss *g) {
    memset(g, 0, sizeof *g);
    g->n = 2;
    memcpy(g->mu, mu2, sizeof mu2);
    memcpy(g->cov, cov2, sizeof cov2);
    fill_precision(g);
}

void lqt_gauss5(lq_gauss *g) {
    memset(g, 0, sizeof *g);
    g->n = 5;
    memcpy(g->mu, mu5, sizeof mu5);
    for (size_t i = 0; i < 5; i++)
        for (size_t j = 0; j < 5; j++)
            g->cov[i * 5 + j] = sd5[i] * sd5[j] * pow(0.8, (double)(i > j ? i - j : j - i));
    fill_precision(g);
}

double lqt_gauss_lnprob(const double *x, size_t n, void *ctx) {
    const lq_gauss *g = ctx;
    double d[5], s = 0.0;
    for (size_t i = 0; i < n; i++) d[i] = x[i] - g->mu[i];
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) s += d[i] * g->prec[i * n + j] * d[j];
    return -0.5 * s;
}

double lqt_rosen_lnprob(const double *x, size_t n, void *ctx) {
    (void)n;
    (void)ctx;
    double a = 1.0 - x[0], b = x[1] - x[0] * x[0];
    return -0.5 * (a * a) - 5.0 * (b * b);
}

int lqt_tmpdir(char *buf, size_t size) {
    const char *t = getenv("TMPDIR");
    snprintf(buf, size, "%s/lq_sampler_XXXXXX", t && *t ? t : "/tmp");
    return mkdtemp(buf) ? 0 : -1;
}

void lqt_rmdir(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    char path[4096];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

int lqt_python(const char *args) {
    const char *py = getenv("LQ_PYTHON"), *src = getenv("LQ_SOURCE_DIR");
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "'%s' '%s/tests/assess_sampler/emcee_ref.py' %s",
             py && *py ? py : "/usr/bin/python3", src && *src ? src : ".", args);
    int rc = system(cmd);
    if (rc != 0) fprintf(stderr, "  python failed (status %d): %s\n", rc, cmd);
    return rc;
}

int main(void) {
    LQ_RUN(test_npy);
    LQ_RUN(test_errors);
    LQ_RUN(test_espei_start);
    LQ_RUN(test_kill_restart); /* forks: runs before any OpenMP thread pool exists */
    LQ_RUN(test_determinism);
    LQ_RUN(test_restart);
    LQ_RUN(test_anchor_schedule);
    LQ_RUN(test_npy_numpy);
    LQ_RUN(test_memory_flat);
    LQ_RUN(test_emcee_replay);
    LQ_RUN(test_emcee_stat);
    return lq_test_finish();
}
