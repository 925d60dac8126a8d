/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Bi-Nd run from Table 2: fitted solubilities beat Table 2's against Table 1, invariants kept.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "liquidus/assess.h"
#include "liquidus/thermo.h"
#include "lq_test.h"

void test_start_is_table2(void);
void test_fit_beats_table2(void);

/* Under AddressSanitizer every equilibrium is ~20x slower: the run is cut to a few iterations
 * that check the pipeline (job, trace, bands) but not the fit, which needs the full 400. */
#if defined(__SANITIZE_ADDRESS__)
#define LQ_FIT_REDUCED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LQ_FIT_REDUCED 1
#endif
#endif
#ifndef LQ_FIT_REDUCED
#define LQ_FIT_REDUCED 0
#endif

/* Nd-Bi study (shared/seeds/004_c59e827e2707f2a7.txt) Table 1, "This work": x(Nd) in liquid Bi
 * at saturation; Sec. 3.2.1: DSC invariants I-III, K. */
static const double T1[3] = {773.0, 873.0, 973.0};
static const double X_MEAS[3] = {0.0099, 0.0291, 0.0565};
static const double T_DSC[3] = {539.0, 774.0, 932.0};
static const char *const DSC_PHASES[3][3] = {{"RHOMBOHEDRAL_A7", "LIQUID", "ND3BI7"},
                                             {"LIQUID", "ND3BI7", "NDBI2"},
                                             {"LIQUID", "NDBI2", "NDBI1"}};

static const char *src_file(const char *rel, char *buf, size_t n) {
    const char *root = getenv("LQ_SOURCE_DIR");
    snprintf(buf, n, "%s/%s", root ? root : ".", rel);
    return buf;
}

/* Solubility of Nd in the liquid at Table 1's temperatures, from a database file. */
static lq_status solubilities(const char *path, double x[3]) {
    static const char *const comps[] = {"BI", "ND"};
    lq_db *db = NULL;
    lq_system *sys = NULL;
    lq_eq_ws *ws = NULL;
    size_t liq = 0, other = 0;
    lq_status st = lq_db_read_file(path, &db, NULL);
    if (st == LQ_OK) st = lq_system_create(db, comps, 2, NULL, 0, &sys, NULL);
    if (st == LQ_OK) st = lq_eq_ws_alloc(sys, NULL, &ws, NULL);
    if (st == LQ_OK) st = lq_system_phase_find(sys, "LIQUID", &liq);
    for (int i = 0; i < 3 && st == LQ_OK; i++)
        st = lq_map_solubility(ws, T1[i], 1, liq, &x[i], &other, NULL, NULL);
    lq_eq_ws_free(ws);
    lq_system_free(sys);
    lq_db_free(db);
    return st;
}

/* start-table2.tdb is BiNd.tdb with 13 parameters as symbols of the same values: the same
 * equilibria to the solver's tolerance (1e-9 relative on x; the texts differ only in how a
 * parameter is spelt). Table 2 gives the study's numbers (0.074 / 1.54 / 7.27 mol %, rounded). */
void test_start_is_table2(void) {
    char a[1024], b[1024];
    double xa[3], xb[3];
    LQ_CHECK_STATUS(solubilities(src_file("data/tdb/BiNd.tdb", a, sizeof a), xa), LQ_OK);
    LQ_CHECK_STATUS(solubilities(src_file("data/assess/bind/start-table2.tdb", b, sizeof b), xb),
                    LQ_OK);
    static const double quoted[3] = {0.00074, 0.0154, 0.0727};
    for (int i = 0; i < 3; i++) {
        LQ_CHECK_CLOSE(xb[i], xa[i], 1e-9, 0.0);
        LQ_CHECK_CLOSE(xa[i], quoted[i], 0.0, 0.00005); /* 2 decimals of mol % */
    }
    /* A trace of one sample at Table 2's values: its "bands" are the direct solubilities (every
     * quantile of one value is that value) and the parameter bands the values themselves. */
    static const char *const comps[] = {"BI", "ND"};
    double p[13] = {-210930, -39.74, 3606,   6.56,  97170,   -44.30, -8893,
                    -77900,  10.28,  -85340, 10.63, -113370, 4.75};
    lq_assess_trace tr = {1, 1, 13, p, NULL, "table2"};
    lq_db *db = NULL;
    LQ_CHECK_STATUS(lq_db_read_file(b, &db, NULL), LQ_OK);
    lq_assess_uq_solubility_result *s = NULL;
    LQ_CHECK_STATUS(lq_assess_uq_solubility(db, &tr, comps, "ND", "LIQUID", T1, 3, NULL, &s, NULL),
                    LQ_OK);
    for (size_t i = 0; s && i < 3; i++) {
        for (size_t k = 0; k < 3; k++) LQ_CHECK_CLOSE(s->band[i * 3 + k], xa[i], 1e-9, 0.0);
        LQ_CHECK(s->n_other[i] == 1 && s->n_failed[i] == 0);
    }
    lq_assess_uq_solubility_result_free(s);
    double band[39];
    size_t np = 0;
    LQ_CHECK_STATUS(lq_assess_uq_param_bands(db, &tr, NULL, band, 39, &np, NULL), LQ_OK);
    LQ_CHECK(np == 13);
    for (size_t j = 0; j < 13; j++) LQ_CHECK_CLOSE(band[3 * j + 1], p[j], 0.0, 0.0);
    /* error paths */
    LQ_CHECK_STATUS(lq_assess_uq_param_bands(db, &tr, NULL, band, 38, &np, NULL), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_assess_uq_solubility(db, &tr, comps, "ND", "LIQUID", T1, 0, NULL, &s, NULL),
                    LQ_EINVAL);
    static const double bad_T[1] = {-5.0};
    LQ_CHECK_STATUS(
        lq_assess_uq_solubility(db, &tr, comps, "ND", "LIQUID", bad_T, 1, NULL, &s, NULL), LQ_EDOM);
    LQ_CHECK_STATUS(lq_assess_uq_solubility(db, &tr, comps, "CU", "LIQUID", T1, 3, NULL, &s, NULL),
                    LQ_ENOTFOUND);
    LQ_CHECK_STATUS(lq_assess_uq_solubility(db, &tr, comps, "ND", "FCC_A1", T1, 3, NULL, &s, NULL),
                    LQ_ENOTFOUND);
    LQ_CHECK_STATUS(lq_assess_run_set_output_dir(NULL, "x", NULL), LQ_EINVAL);
    lq_db_free(db);
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_double(const void *p, const void *q) {
    double x = *(const double *)p, y = *(const double *)q;
    return (x > y) - (x < y);
}

/* Posterior medians of the parameters over the last `last` iterations of every walker. */
static void param_medians(const lq_assess_trace *tr, size_t last, double *med) {
    size_t first = tr->n_iterations > last ? tr->n_iterations - last : 0;
    size_t n = (tr->n_iterations - first) * tr->n_walkers;
    double *v = malloc(n * sizeof *v);
    if (!v) return;
    for (size_t p = 0; p < tr->n_params; p++) {
        size_t k = 0;
        for (size_t w = 0; w < tr->n_walkers; w++)
            for (size_t it = first; it < tr->n_iterations; it++)
                v[k++] = tr->trace[(w * tr->n_iterations + it) * tr->n_params + p];
        qsort(v, k, sizeof *v, cmp_double);
        med[p] = v[k / 2];
    }
    free(v);
}

/* Physical parameters (J/mol of atoms, J/(mol K)): liquid |a_j| <= 250 kJ/mol (Table 2's L0 is
 * -211 kJ/mol) and |b_j| <= 60 J/(mol K); compound entropies of formation -b within +-20
 * J/(mol K); the enthalpy of formation of NdBi (its a) within 2.1 kJ/mol (the calorimetric
 * uncertainty, Borsese et al.) of the DFT-SCAN value -111.26 kJ/mol. */
static void check_physical(const double *p) {
    for (int j = 0; j < 7; j++) LQ_CHECK(fabs(p[j]) <= (j % 2 == 0 ? 250000.0 : 60.0));
    for (int c = 0; c < 3; c++) LQ_CHECK(fabs(p[8 + 2 * c]) <= 20.0);
    LQ_CHECK_CLOSE(p[11], -111260.0, 0.0, 2100.0);
}

/* Activity coefficient of Nd (against DHCP Nd) in the dilute liquid: medians at 773 K (x =
 * 0.0005) and 873 K (x = 0.002) within a factor 10 of the text's "~1e-12" and "~1e-11". */
static void check_gamma(const lq_db *db, const lq_assess_trace *tr, const lq_assess_uq_options *o) {
    static const char *const comps[] = {"BI", "ND"};
    static const double T[2] = {773.0, 873.0}, x[2] = {0.0005, 0.002}, quoted[2] = {1e-12, 1e-11};
    lq_assess_uq_prop prop;
    LQ_CHECK_STATUS(lq_assess_uq_prop_parse("ACR_ND", &prop), LQ_OK);
    prop.ref_phase = "DHCP";
    lq_assess_uq_grid g = {comps, 2, "LIQUID", T, 2, "ND", x, 2, NULL};
    lq_assess_uq_result *r = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    LQ_CHECK_STATUS(lq_assess_uq_props(db, tr, &prop, 1, &g, o, &r, &d), LQ_OK);
    for (size_t i = 0; r && i < 2; i++) {
        double gam = r->band[(i * 2 + i) * r->n_quantiles + 1] / x[i];
        printf("  gamma_Nd(%.0f K, x = %g): median %.3g (quoted ~%.0e)\n", T[i], x[i], gam,
               quoted[i]);
        LQ_CHECK(fabs(log10(gam / quoted[i])) < 1.0);
    }
    lq_assess_uq_result_free(r);
}

static int phase_is(const lq_assess_uq_map_result *m, size_t p, const char *name) {
    return p < m->n_phases && strcasecmp(m->phase_names[p], name) == 0;
}

/* DSC (Sec. 3.2.1, 472-1023 K, x = 0.06-0.40) saw three invariants: each median within 10 K of
 * the measured T in at least 90 % of the diagrams, and no other invariant in that range in more
 * than 10 % of them (for 539 K the model's eutectic is degenerate at Bi's melting point, 544.55
 * K, as Table 2's). */
static void check_invariants(const lq_db *db, const lq_assess_trace *tr, lq_assess_uq_options o,
                             int full) {
    static const char *const comps[] = {"BI", "ND"};
    o.map.T_min = 450.0;
    o.map.T_max = 1050.0;
    lq_assess_uq_map_result *m = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    LQ_CHECK_STATUS(lq_assess_uq_map(db, tr, comps, &o, &m, &d), LQ_OK);
    if (!m) return;
    size_t ns = m->n_samples;
    int found[3] = {0, 0, 0};
    for (size_t i = 0; i < m->n_invariants; i++) {
        const lq_assess_uq_invariant *v = &m->invariants[i];
        double Tm = v->T[1];
        int k = -1;
        for (int j = 0; j < 3; j++)
            if (phase_is(m, v->phase[0], DSC_PHASES[j][0]) &&
                phase_is(m, v->phase[1], DSC_PHASES[j][1]) &&
                phase_is(m, v->phase[2], DSC_PHASES[j][2]))
                k = j;
        printf("  invariant %s + %s + %s: median %.1f K [%.1f, %.1f] in %zu of %zu diagrams\n",
               m->phase_names[v->phase[0]], m->phase_names[v->phase[1]],
               m->phase_names[v->phase[2]], Tm, v->T[0], v->T[2], v->n_samples, ns);
        if (!full) { /* a reduced run: the pipeline only, from a barely moved start */
            if (k >= 0) found[k] = 1;
        } else if (k >= 0) {
            found[k] = 1;
            LQ_CHECK(fabs(Tm - T_DSC[k]) <= 10.0);
            LQ_CHECK(v->n_samples * 10 >= ns * 9);
        } else if (Tm > 472.0 && Tm < 1023.0) {
            LQ_CHECK(v->n_samples * 10 <= ns);
        }
    }
    for (int k = 0; k < 3; k++) LQ_CHECK(found[k]);
    lq_assess_uq_map_result_free(m);
}

/* Solubility bands (2.5 / 50 / 97.5 %) against Table 1 and Table 2: the median's absolute error
 * is smaller than Table 2's at each temperature. */
static void check_solubility(const lq_db *db, const lq_assess_trace *tr,
                             const lq_assess_uq_options *o, int full) {
    static const char *const comps[] = {"BI", "ND"};
    char path[1024];
    double x2[3];
    LQ_CHECK_STATUS(solubilities(src_file("data/tdb/BiNd.tdb", path, sizeof path), x2), LQ_OK);
    lq_assess_uq_solubility_result *s = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    LQ_CHECK_STATUS(lq_assess_uq_solubility(db, tr, comps, "ND", "LIQUID", T1, 3, o, &s, &d),
                    LQ_OK);
    for (size_t i = 0; s && i < 3; i++) {
        const double *b = s->band + i * s->n_quantiles;
        printf(
            "  %.0f K: Table 1 %.2f, Table 2 %.3f, fit %.3f [%.3f, %.3f] mol %% (%s, %zu of "
            "%zu samples; %zu failed)\n",
            T1[i], 100 * X_MEAS[i], 100 * x2[i], 100 * b[1], 100 * b[0], 100 * b[2],
            s->other[i] < s->n_phases ? s->phase_names[s->other[i]] : "?", s->n_other[i],
            s->n_samples, s->n_failed[i]);
        LQ_CHECK(isfinite(b[0]) && b[0] <= b[1] && b[1] <= b[2]);
        LQ_CHECK(s->n_failed[i] * 100 <= s->n_samples); /* at most 1 % fail */
        if (full) LQ_CHECK(fabs(b[1] - X_MEAS[i]) < fabs(x2[i] - X_MEAS[i]));
    }
    lq_assess_uq_solubility_result_free(s);
}

/* Runs data/assess/bind/run-table2.yaml as `liquidus assess` does (outputs in the build folder). */
void test_fit_beats_table2(void) {
    char run[1024];
    lq_assess_run_config cfg;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st =
        lq_assess_run_read(src_file("data/assess/bind/run-table2.yaml", run, sizeof run), &cfg, &d);
    LQ_CHECK_STATUS(st, LQ_OK);
    if (st != LQ_OK) return;
    mkdir("assess_bind_fit", 0777);
    LQ_CHECK_STATUS(lq_assess_run_set_output_dir(&cfg, "assess_bind_fit", &d), LQ_OK);
    unlink(cfg.tracefile);
    unlink(cfg.probfile);
    size_t last = 100, thin = 10, map_thin = 50;
    if (LQ_FIT_REDUCED) {
        cfg.iterations = 12;
        last = 2;
        thin = map_thin = 2;
    }
    if (getenv("ASSESS_BIND_FIT_ITERATIONS"))
        cfg.iterations = strtol(getenv("ASSESS_BIND_FIT_ITERATIONS"), NULL, 10);
    /* the criteria need the converged posterior (the walkers settle within ~300 iterations) */
    int full = !LQ_FIT_REDUCED && cfg.iterations >= 400;
    lq_assess_job *job = NULL;
    lq_assess_job_summary sum;
    memset(&sum, 0, sizeof sum);
    double t0 = now();
    LQ_CHECK_STATUS(lq_assess_job_create(&cfg, NULL, &job, &d), LQ_OK);
    if (job) LQ_CHECK_STATUS(lq_assess_job_run(job, &sum, &d), LQ_OK);
    lq_assess_job_free(job);
    printf("  MCMC: %zu walkers x %ld iterations in %.1f s, acceptance %.2f, best lnprob %.2f\n",
           sum.n_walkers, cfg.iterations, now() - t0, sum.acceptance, sum.best_lnprob);
    lq_db *db = NULL;
    lq_assess_trace *tr = NULL;
    LQ_CHECK_STATUS(lq_db_read_file(cfg.mcmc_input_db, &db, &d), LQ_OK);
    LQ_CHECK_STATUS(lq_assess_trace_read(cfg.tracefile, cfg.probfile, &tr, &d), LQ_OK);
    if (db && tr) {
        lq_assess_uq_options o;
        lq_assess_uq_options_default(&o);
        o.last = last;
        o.thin = thin;
        check_solubility(db, tr, &o, full);
        if (full) {
            double med[13];
            param_medians(tr, last, med);
            for (int j = 0; j < 13; j++) printf("  VV%04d median %.6g\n", j, med[j]);
            check_physical(med);
            check_gamma(db, tr, &o);
        }
        o.thin = map_thin;
        check_invariants(db, tr, o, full);
    }
    printf("  total %.1f s\n", now() - t0);
    lq_assess_trace_free(tr);
    lq_db_free(db);
    lq_assess_run_free(&cfg);
}
