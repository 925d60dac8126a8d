/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The global check's blocked scan of sampled driving forces against a sample-by-sample scan. */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/thermo.h"
#include "liquidus/units.h"
#include "lq_test.h"
#include "thermo/equil/check_scan.h"
#include "thermo/equil/equil_internal.h"

void test_scan_blocked(void);

/* The specification: every sample in order, d = g - mu_0 x_0 - mu_1 x_1 - ..., the first strict
 * minimum; the far candidate by the max-norm distance to the nearest set of p. */
static void scan_ref(const lq_eq_ws *ws, size_t p, int want_far, double *pbest, size_t *jbest,
                     double *dfar, size_t *jfar) {
    const lqi_eq_pinfo *pi = &ws->pi[p];
    for (size_t j = pi->sample0; j < pi->sample0 + pi->nsample; j++) {
        double d = ws->s_g[j];
        for (size_t c = 0; c < ws->ncomp; c++) d -= ws->mu[c] * ws->s_x[j * ws->ncomp + c];
        if (d < *pbest) {
            *pbest = d;
            *jbest = j;
        }
        if (!want_far || !(d < *dfar)) continue;
        double near = HUGE_VAL;
        for (size_t k = 0; k < ws->nsets; k++) {
            if (ws->sets[k].phase != p) continue;
            double dist = 0.0;
            for (size_t i = 0; i < pi->nc; i++)
                dist = fmax(dist, fabs(ws->sets[k].y[i] - ws->s_y[j * ws->maxc + i]));
            near = fmin(near, dist);
        }
        if (near >= 0.1) {
            *dfar = d;
            *jfar = j;
        }
    }
}

/* Equilibria at random (T, x), then the scan at the solution's mu and at mu moved by up to
 * +-RT/10 per component (so that other samples and phases come near the hyperplane), each phase
 * with and without the far search; values compared as bits, indices exactly. */
static void scan_system(const char *path, const char *const *comps, size_t nc, double Tlo,
                        double Thi, int n, lqi_rng *rng, size_t *ncmp, size_t *nfar) {
    lq_db *db = NULL;
    lq_system *sys = NULL;
    lq_eq_ws *ws = NULL;
    lq_eq_result *res = NULL;
    lq_diag d;
    LQ_CHECK_STATUS(lq_db_read_file(path, &db, &d), LQ_OK);
    LQ_CHECK_STATUS(lq_system_create(db, comps, nc, NULL, 0, &sys, &d), LQ_OK);
    LQ_CHECK_STATUS(lq_eq_ws_alloc(sys, NULL, &ws, &d), LQ_OK);
    LQ_CHECK_STATUS(lq_eq_result_alloc(ws, &res), LQ_OK);
    if (!res) goto done;
    for (int it = 0; it < n; it++) {
        double T = Tlo + (Thi - Tlo) * lqi_rng_uniform(rng), x[4], sum = 0.0;
        for (size_t c = 0; c < nc; c++) sum += (x[c] = -log(1.0 - lqi_rng_uniform(rng)));
        for (size_t c = 0; c < nc; c++) x[c] = 1e-3 + (1.0 - 1e-3 * (double)nc) * x[c] / sum;
        if (lq_eq_solve(ws, T, x, nc, res, &d) != LQ_OK) continue;
        double RT = LQ_GAS_CONSTANT_J_PER_MOL_K * T, mu0[4];
        memcpy(mu0, ws->mu, nc * sizeof *mu0);
        for (int m = 0; m < 4; m++) {
            for (size_t c = 0; c < nc; c++)
                ws->mu[c] = mu0[c] + (m ? 0.2 * RT * (lqi_rng_uniform(rng) - 0.5) : 0.0);
            for (size_t p = 0; p < ws->m.nphase; p++)
                for (int want_far = 0; want_far <= 1; want_far++) {
                    double b1 = HUGE_VAL, b2 = HUGE_VAL, f1 = 0.05 * RT, f2 = f1;
                    size_t j1 = ws->pi[p].sample0, j2 = j1, k1 = ws->ns, k2 = ws->ns;
                    lqi_eq_scan_phase(ws, p, want_far, &b1, &j1, &f1, &k1);
                    scan_ref(ws, p, want_far, &b2, &j2, &f2, &k2);
                    LQ_CHECK(memcmp(&b1, &b2, sizeof b1) == 0 && j1 == j2);
                    LQ_CHECK(memcmp(&f1, &f2, sizeof f1) == 0 && k1 == k2);
                    (*ncmp)++;
                    if (k2 != ws->ns) (*nfar)++;
                }
        }
        memcpy(ws->mu, mu0, nc * sizeof *mu0);
    }
done:
    lq_eq_result_free(res);
    lq_eq_ws_free(ws);
    lq_system_free(sys);
    lq_db_free(db);
}

void test_scan_blocked(void) {
    lqi_rng rng;
    lqi_rng_seed(&rng, 20261207);
    size_t ncmp = 0, nfar = 0;
    const char *bind[] = {"BI", "ND"}, *cumg[] = {"CU", "MG"}, *acm[] = {"AL", "CU", "MG"};
    char path[1024];
    lq_test_source_path("data/tdb/BiNd.tdb", path, sizeof path);
    scan_system(path, bind, 2, 500.0, 1500.0, 40, &rng, &ncmp, &nfar);
    lq_test_source_path("tests/data/solver/cost507R.TDB", path, sizeof path);
    scan_system(path, acm, 3, 400.0, 1200.0, 15, &rng, &ncmp, &nfar);
    /* Cu-Mg (ESPEI's generated database, the assessment benchmark's) is in the shared data */
    if (lq_test_shared_path("data/tdb/cumg.tdb", path, sizeof path) == 0)
        scan_system(path, cumg, 2, 400.0, 1500.0, 40, &rng, &ncmp, &nfar);
    /* the comparisons happened, and some of them found a far candidate */
    LQ_CHECK(ncmp > 1000);
    LQ_CHECK(nfar > 0);
}
