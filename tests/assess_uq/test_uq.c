/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bands of properties from synthetic traces of a regular-solution liquid with L0 = VV0000 +
 * VV0001*T: HM_MIX = x(1-x) VV0000 is linear in one symbol, so its band is known exactly. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core_internal.h"
#include "liquidus/assess.h"
#include "liquidus/core.h"
#include "liquidus/units.h"
#include "lq_test.h"
#include "uq_tests.h"

/* Two liquid end members, one solid B for a stable-state reference, and a liquid interaction
 * L0 = VV0000 + VV0001*T. */
static const char *TDB =
    "ELEMENT VA VACUUM 0 0 0 !\n"
    "ELEMENT BI RHOMBOHEDRAL_A7 208.98 0 0 !\n"
    "ELEMENT ND DHCP 144.24 0 0 !\n"
    "FUNCTION VV0000 298.15 -20000; 6000 N !\n"
    "FUNCTION VV0001 298.15 1.5; 6000 N !\n"
    "PHASE LIQUID % 1 1 !\n"
    "CONSTITUENT LIQUID :BI,ND: !\n"
    "PARAMETER G(LIQUID,BI;0) 298.15 11000-20*T; 6000 N !\n"
    "PARAMETER G(LIQUID,ND;0) 298.15 7000-10*T; 6000 N !\n"
    "PARAMETER L(LIQUID,BI,ND;0) 298.15 VV0000+VV0001*T; 6000 N !\n";

static lq_db *db_open(void) {
    lq_db *db = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_db_read_string(TDB, "uq.tdb", &db, &d);
    LQ_CHECK_STATUS(st, LQ_OK);
    if (st != LQ_OK) fprintf(stderr, "%s\n", d.msg);
    return db;
}

/* A trace (walkers, iterations, 2) with VV0000 ~ N(mu0, s0), VV0001 ~ N(mu1, s1) (s1 = 0: the
 * constant mu1); iterations >= n_filled are zero (unfilled), lnprob -1 where filled. */
static lq_assess_trace *make_trace(size_t nw, size_t nit, size_t n_filled, double mu0, double s0,
                                   double mu1, double s1, uint64_t seed) {
    lq_assess_trace *tr = calloc(1, sizeof *tr);
    tr->n_walkers = nw;
    tr->n_iterations = nit;
    tr->n_params = 2;
    tr->trace = calloc(nw * nit * 2, sizeof *tr->trace);
    tr->lnprob = calloc(nw * nit, sizeof *tr->lnprob);
    lqi_rng r;
    lqi_rng_seed(&r, seed);
    for (size_t it = 0; it < n_filled; it++)
        for (size_t w = 0; w < nw; w++) {
            double *row = tr->trace + (w * nit + it) * 2;
            row[0] = mu0 + s0 * lqi_rng_normal(&r);
            row[1] = mu1 + s1 * lqi_rng_normal(&r);
            tr->lnprob[w * nit + it] = -1.0;
        }
    return tr;
}

static void trace_free(lq_assess_trace *tr) {
    if (!tr) return;
    free(tr->trace);
    free(tr->lnprob);
    free(tr);
}

static int cmp_d(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Type-7 quantile of the VV0000 column of the kept samples (an independent implementation). */
static double column_quantile(const lq_assess_trace *tr, size_t first, size_t last, double q) {
    size_t n = 0, nit = tr->n_iterations;
    double *v = malloc(tr->n_walkers * nit * sizeof *v);
    for (size_t w = 0; w < tr->n_walkers; w++)
        for (size_t it = first; it < last; it++) v[n++] = tr->trace[(w * nit + it) * 2];
    qsort(v, n, sizeof *v, cmp_d);
    double h = q * (double)(n - 1), f = floor(h);
    size_t i = (size_t)f;
    double out = i + 1 < n ? v[i] + (h - f) * (v[i + 1] - v[i]) : v[i];
    free(v);
    return out;
}

static const char *const COMPS[] = {"BI", "ND"};

void test_uq_hmmix_gaussian(void) {
    lq_db *db = db_open();
    /* 16 walkers x 100 iterations = 1600 samples of VV0000 ~ N(-20000, 1000) */
    lq_assess_trace *tr = make_trace(16, 100, 100, -20000.0, 1000.0, 1.5, 0.3, 11);
    double T = 973.0, xs[] = {0.1, 0.3, 0.5};
    lq_assess_uq_grid g = {COMPS, 2, "LIQUID", &T, 1, "ND", xs, 3, NULL};
    lq_assess_uq_prop p[2];
    lq_assess_uq_prop_parse("HM_MIX", &p[0]);
    lq_assess_uq_prop_parse("sm_mix", &p[1]);
    lq_assess_uq_options opt;
    lq_assess_uq_options_default(&opt);
    lq_assess_uq_result *r = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    LQ_CHECK_STATUS(lq_assess_uq_props(db, tr, p, 2, &g, &opt, &r, &d), LQ_OK);
    if (!r) {
        fprintf(stderr, "%s\n", d.msg);
        goto done;
    }
    LQ_CHECK(r->n_samples == 1600 && r->n_quantiles == 3 && r->n_walkers_dropped == 0);
    LQ_CHECK(strcmp(r->prop_names[0], "HM_MIX") == 0 && strcmp(r->prop_units[0], "J/mol") == 0);
    LQ_CHECK(strcmp(r->symbols[0], "VV0000") == 0 && strcmp(r->symbols[1], "VV0001") == 0);
    static const double z[3] = {-1.959963984540054, 0.0, 1.959963984540054};
    for (size_t ix = 0; ix < 3; ix++) {
        double f = xs[ix] * (1.0 - xs[ix]);
        for (size_t k = 0; k < 3; k++) {
            double got = r->band[ix * 3 + k];
            /* HM_MIX = x(1-x) VV0000 is increasing and linear in VV0000, so its type-7 quantile
             * is x(1-x) times the column's: exact up to rounding (1e-9 relative) */
            LQ_CHECK_CLOSE(got, f * column_quantile(tr, 0, 100, opt.quantiles[k]), 1e-9, 1e-9);
            /* and the Gaussian's: standard error of a sample quantile of n = 1600 is
             * sqrt(q(1-q)/n)/phi(z_q) sigma = 0.067 sigma at 2.5 %, 0.031 sigma at 50 %; 4x */
            double se = k == 1 ? 0.031 : 0.067;
            LQ_CHECK_CLOSE(got, f * (-20000.0 + 1000.0 * z[k]), 0, 4.0 * se * 1000.0 * f);
        }
        LQ_CHECK(r->n_failed[ix] == 0);
        /* SM_MIX = -R(x ln x + (1-x) ln(1-x)) - x(1-x) VV0001: decreasing in VV0001 ~ N(1.5, 0.3)
         * so the median is the ideal entropy minus x(1-x) 1.5, within 4 standard errors */
        double ideal =
            -LQ_GAS_CONSTANT_J_PER_MOL_K * (xs[ix] * log(xs[ix]) + (1 - xs[ix]) * log(1 - xs[ix]));
        LQ_CHECK_CLOSE(r->band[9 + ix * 3 + 1], ideal - f * 1.5, 0, 4.0 * 0.031 * 0.3 * f);
        LQ_CHECK(r->band[9 + ix * 3] < r->band[9 + ix * 3 + 2]);
    }
done:
    lq_assess_uq_result_free(r);
    trace_free(tr);
    lq_db_free(db);
}

/* With n = 81 samples every default quantile is an order statistic ((n-1) q integer), so the band
 * of an activity that is monotone in the one varying symbol is the activity at the quantile
 * parameter values, evaluated directly (lq_props_phase_eval with the symbols set) and in closed
 * form: ln a_ND = ln x + L0 (1-x)^2 / RT against pure liquid ND. */
void test_uq_activity_quantile_params(void) {
    lq_db *db = db_open();
    lq_assess_trace *tr = make_trace(9, 9, 9, -20000.0, 2000.0, 1.5, 0.0, 5);
    double T = 973.0, xs[] = {0.05, 0.2};
    lq_assess_uq_grid g = {COMPS, 2, "LIQUID", &T, 1, "ND", xs, 2, NULL};
    lq_assess_uq_prop p;
    lq_assess_uq_prop_parse("ACR_ND", &p);
    p.ref_phase = "LIQUID";
    lq_assess_uq_result *r = NULL;
    LQ_CHECK_STATUS(lq_assess_uq_props(db, tr, &p, 1, &g, NULL, &r, NULL), LQ_OK);
    lq_system *sys = NULL;
    lq_eq_ws *ws = NULL;
    LQ_CHECK_STATUS(lq_system_create(db, COMPS, 2, NULL, 0, &sys, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_eq_ws_alloc(sys, NULL, &ws, NULL), LQ_OK);
    const char *names[] = {"VV0000", "VV0001"};
    size_t idx[2], liq = 0;
    LQ_CHECK_STATUS(lq_system_symbols_find(sys, names, 2, idx), LQ_OK);
    lq_system_phase_find(sys, "LIQUID", &liq);
    for (size_t k = 0; r && k < 3; k++) {
        double v0 = column_quantile(tr, 0, 9, r->quantiles[k]), th[2] = {v0, 1.5};
        LQ_CHECK_STATUS(lq_eq_ws_set_symbols(ws, idx, th, 2), LQ_OK);
        for (size_t ix = 0; ix < 2; ix++) {
            double x[2] = {1 - xs[ix], xs[ix]}, mu[2], gref = 0;
            lq_phase_props pr;
            memset(&pr, 0, sizeof pr);
            pr.mu = mu;
            LQ_CHECK_STATUS(lq_props_phase_eval(ws, liq, T, x, 2, &pr, NULL), LQ_OK);
            LQ_CHECK_STATUS(lq_eq_reference_G(ws, T, 1, liq, &gref, NULL, NULL, NULL, NULL), LQ_OK);
            double RT = LQ_GAS_CONSTANT_J_PER_MOL_K * T, direct = exp((mu[1] - gref) / RT);
            double L0 = v0 + 1.5 * T;
            double closed = xs[ix] * exp(L0 * (1 - xs[ix]) * (1 - xs[ix]) / RT);
            /* same evaluation path: rounding only; closed form: the solver's mu (1e-9) */
            LQ_CHECK_CLOSE(r->band[ix * 3 + k], direct, 1e-12, 0);
            LQ_CHECK_CLOSE(r->band[ix * 3 + k], closed, 1e-9, 0);
        }
    }
    LQ_CHECK(r && strcmp(r->ref_phases[0], "LIQUID") == 0);
    /* pycalphad's R in the models and the activity: the closed form with that R (a mismatch of
     * the two would leave x^(R'/R) in a) */
    lq_assess_uq_options opt;
    lq_assess_uq_options_default(&opt);
    opt.gas_constant = LQ_GAS_CONSTANT_PYCALPHAD_J_PER_MOL_K;
    lq_assess_uq_result *rp = NULL;
    LQ_CHECK_STATUS(lq_assess_uq_props(db, tr, &p, 1, &g, &opt, &rp, NULL), LQ_OK);
    for (size_t k = 0; rp && k < 3; k++)
        for (size_t ix = 0; ix < 2; ix++) {
            double RT = LQ_GAS_CONSTANT_PYCALPHAD_J_PER_MOL_K * T;
            double L0 = column_quantile(tr, 0, 9, rp->quantiles[k]) + 1.5 * T;
            LQ_CHECK_CLOSE(rp->band[ix * 3 + k],
                           xs[ix] * exp(L0 * (1 - xs[ix]) * (1 - xs[ix]) / RT), 1e-9, 0);
        }
    lq_assess_uq_result_free(rp);
    lq_eq_ws_free(ws);
    lq_system_free(sys);
    lq_assess_uq_result_free(r);
    trace_free(tr);
    lq_db_free(db);
}

/* Burn-in and last-N choose the iterations; the zero-filled tail and walkers with -inf or unfilled
 * lnprob are left out. The first 40 iterations hold VV0000 = -1e5 (a chain far from the
 * posterior): the band only sees them when the selection includes them. */
void test_uq_selection(void) {
    lq_db *db = db_open();
    size_t nw = 6, nit = 150;
    lq_assess_trace *tr = make_trace(nw, nit, 100, -20000.0, 1000.0, 1.5, 0.0, 3);
    for (size_t w = 0; w < nw; w++)
        for (size_t it = 0; it < 40; it++) tr->trace[(w * nit + it) * 2] = -1e5;
    tr->lnprob[2 * nit + 90] = -HUGE_VAL; /* walker 2 rejected once: dropped */
    double T = 973.0, x = 0.5;
    lq_assess_uq_grid g = {COMPS, 2, "LIQUID", &T, 1, "ND", &x, 1, NULL};
    lq_assess_uq_prop p;
    lq_assess_uq_prop_parse("HM_MIX", &p);
    lq_assess_uq_options opt;
    lq_assess_uq_options_default(&opt);
    opt.last = 50;
    lq_assess_uq_result *r = NULL;
    LQ_CHECK_STATUS(lq_assess_uq_props(db, tr, &p, 1, &g, &opt, &r, NULL), LQ_OK);
    LQ_CHECK(r && r->n_iterations_filled == 100 && r->first_iteration == 50);
    LQ_CHECK(r && r->n_iterations_kept == 50 && r->n_walkers_dropped == 1);
    LQ_CHECK(r && r->n_samples == 50 * 5);
    LQ_CHECK(r && r->band[0] > 0.25 * -30000.0); /* the -1e5 iterations are out */
    lq_assess_uq_result_free(r);
    r = NULL;
    /* burn-in 30 keeps ten of the -1e5 iterations (10 of 70): the 2.5 % quantile is theirs */
    opt.last = 0;
    opt.burn_in = 30;
    LQ_CHECK_STATUS(lq_assess_uq_props(db, tr, &p, 1, &g, &opt, &r, NULL), LQ_OK);
    LQ_CHECK(r && r->first_iteration == 30 && r->n_iterations_kept == 70);
    LQ_CHECK(r && r->n_walkers_dropped == 1);
    if (r) LQ_CHECK_CLOSE(r->band[0], 0.25 * -1e5, 1e-12, 0);
    lq_assess_uq_result_free(r);
    r = NULL;
    /* thinning by 10 counts back from the last filled iteration (99, 89, ..., 59) */
    opt.burn_in = 0;
    opt.last = 50;
    opt.thin = 10;
    LQ_CHECK_STATUS(lq_assess_uq_props(db, tr, &p, 1, &g, &opt, &r, NULL), LQ_OK);
    LQ_CHECK(r && r->n_iterations_kept == 5 && r->n_samples == 30); /* walker 2 is back */
    lq_assess_uq_result_free(r);
    r = NULL;
    /* burn-in beyond the filled iterations: error naming the trace */
    opt.thin = 1;
    opt.last = 0;
    opt.burn_in = 100;
    tr->path = "synthetic.npy";
    lq_diag d;
    lq_diag_clear(&d);
    LQ_CHECK_STATUS(lq_assess_uq_props(db, tr, &p, 1, &g, &opt, &r, &d), LQ_EINVAL);
    LQ_CHECK(strstr(d.file, "synthetic.npy") != NULL && r == NULL);
    tr->path = NULL;
    trace_free(tr);
    lq_db_free(db);
}

/* Equilibrium mode (the liquid is the only phase: the same HM as the phase) and the result is the
 * same for 1 and 2 threads, bit for bit; an unreachable point is counted, not dropped. */
void test_uq_equilibrium_and_threads(void) {
    lq_db *db = db_open();
    lq_assess_trace *tr = make_trace(4, 20, 20, -20000.0, 1000.0, 1.5, 0.3, 9);
    double T = 973.0, xs[] = {0.2, 0.6};
    lq_assess_uq_grid g = {COMPS, 2, NULL, &T, 1, "ND", xs, 2, NULL};
    lq_assess_uq_prop p[2];
    lq_assess_uq_prop_parse("HM", &p[0]);
    lq_assess_uq_prop_parse("ACR_BI", &p[1]);
    lq_assess_uq_options opt;
    lq_assess_uq_options_default(&opt);
    lq_assess_uq_result *r1 = NULL, *r2 = NULL, *rp = NULL;
    opt.n_threads = 1;
    LQ_CHECK_STATUS(lq_assess_uq_props(db, tr, p, 2, &g, &opt, &r1, NULL), LQ_OK);
    opt.n_threads = 2;
    LQ_CHECK_STATUS(lq_assess_uq_props(db, tr, p, 2, &g, &opt, &r2, NULL), LQ_OK);
    if (r1 && r2) LQ_CHECK(memcmp(r1->band, r2->band, 2 * 2 * 3 * sizeof *r1->band) == 0);
    g.phase = "LIQUID";
    LQ_CHECK_STATUS(lq_assess_uq_props(db, tr, p, 1, &g, &opt, &rp, NULL), LQ_OK);
    for (size_t i = 0; r1 && rp && i < 6; i++)
        LQ_CHECK_CLOSE(r1->band[i], rp->band[i], 1e-9, 1e-6); /* both converged to 1e-12 */
    LQ_CHECK(r1 && strcmp(r1->ref_phases[1], "stable") == 0);
    /* mixing properties need a phase */
    lq_assess_uq_prop_parse("HM_MIX", &p[0]);
    g.phase = NULL;
    lq_assess_uq_result *bad = NULL;
    LQ_CHECK_STATUS(lq_assess_uq_props(db, tr, p, 1, &g, &opt, &bad, NULL), LQ_EINVAL);
    lq_assess_uq_result_free(r1);
    lq_assess_uq_result_free(r2);
    lq_assess_uq_result_free(rp);
    trace_free(tr);
    lq_db_free(db);
}

void test_uq_errors(void) {
    lq_db *db = db_open();
    /* a trace of 3 parameters for 2 symbols, read from a file: the message names the file */
    char path[64];
    snprintf(path, sizeof path, "uq_trace_%d.npy", (int)getpid());
    size_t shape[3] = {2, 4, 3};
    double data[24];
    for (size_t i = 0; i < 24; i++) data[i] = -1000.0 - (double)i;
    LQ_CHECK_STATUS(lqi_npy_write(path, data, shape, 3, NULL), LQ_OK);
    lq_assess_trace *tr = NULL;
    LQ_CHECK_STATUS(lq_assess_trace_read(path, NULL, &tr, NULL), LQ_OK);
    double T = 973.0, x = 0.5;
    lq_assess_uq_grid g = {COMPS, 2, "LIQUID", &T, 1, "ND", &x, 1, NULL};
    lq_assess_uq_prop p;
    lq_assess_uq_prop_parse("HM_MIX", &p);
    lq_assess_uq_result *r = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    LQ_CHECK_STATUS(lq_assess_uq_props(db, tr, &p, 1, &g, NULL, &r, &d), LQ_EPARSE);
    LQ_CHECK(strstr(d.file, path) != NULL && strstr(d.msg, "3 parameters") != NULL);
    /* the same trace with three named symbols: the third is no FUNCTION */
    const char *syms[] = {"VV0000", "VV0001", "VV0002"};
    lq_assess_uq_options opt;
    lq_assess_uq_options_default(&opt);
    opt.symbols = syms;
    opt.n_symbols = 3;
    LQ_CHECK_STATUS(lq_assess_uq_props(db, tr, &p, 1, &g, &opt, &r, &d), LQ_ENOTFOUND);
    lq_assess_trace_free(tr);
    /* lnprob of another shape */
    size_t s2[2] = {3, 4};
    char lpath[96];
    snprintf(lpath, sizeof lpath, "%s.lnprob.npy", path);
    LQ_CHECK_STATUS(lqi_npy_write(lpath, data, s2, 2, NULL), LQ_OK);
    tr = NULL;
    lq_diag_clear(&d);
    LQ_CHECK_STATUS(lq_assess_trace_read(path, lpath, &tr, &d), LQ_EPARSE);
    LQ_CHECK(tr == NULL && strstr(d.file, lpath) != NULL);
    /* a 2-d array is no trace */
    LQ_CHECK_STATUS(lq_assess_trace_read(lpath, NULL, &tr, &d), LQ_EPARSE);
    remove(path);
    remove(lpath);
    /* bad arguments */
    lq_assess_trace *ok = make_trace(2, 3, 3, -20000.0, 10.0, 1.5, 0.0, 1);
    LQ_CHECK_STATUS(lq_assess_uq_props(NULL, ok, &p, 1, &g, NULL, &r, NULL), LQ_EINVAL);
    double Tbad = -5.0;
    g.T = &Tbad;
    LQ_CHECK_STATUS(lq_assess_uq_props(db, ok, &p, 1, &g, NULL, &r, NULL), LQ_EDOM);
    g.T = &T;
    double xbad = 1.5;
    g.x = &xbad;
    LQ_CHECK_STATUS(lq_assess_uq_props(db, ok, &p, 1, &g, NULL, &r, NULL), LQ_EDOM);
    g.x = &x;
    g.phase = "FCC_A1";
    LQ_CHECK_STATUS(lq_assess_uq_props(db, ok, &p, 1, &g, NULL, &r, NULL), LQ_ENOTFOUND);
    g.phase = "LIQUID";
    lq_assess_uq_prop_parse("ACR_CU", &p);
    LQ_CHECK_STATUS(lq_assess_uq_props(db, ok, &p, 1, &g, NULL, &r, NULL), LQ_ENOTFOUND);
    LQ_CHECK_STATUS(lq_assess_uq_prop_parse("FOO", &p), LQ_ENOTFOUND);
    lq_assess_uq_prop_parse("HM_MIX", &p);
    opt.symbols = NULL;
    opt.quantiles[1] = 0.01; /* not increasing */
    LQ_CHECK_STATUS(lq_assess_uq_props(db, ok, &p, 1, &g, &opt, &r, NULL), LQ_EINVAL);
    LQ_CHECK(r == NULL);
    trace_free(ok);
    lq_db_free(db);
}

/* A simple eutectic: liquid with L0 = VV0000, pure solid BI (melting at 550 K) and ND (700 K). */
static const char *TDB_MAP =
    "ELEMENT VA VACUUM 0 0 0 !\n"
    "ELEMENT BI RHOMBOHEDRAL_A7 208.98 0 0 !\n"
    "ELEMENT ND DHCP 144.24 0 0 !\n"
    "FUNCTION VV0000 298.15 -5000; 6000 N !\n"
    "PHASE LIQUID % 1 1 !\n"
    "CONSTITUENT LIQUID :BI,ND: !\n"
    "PARAMETER G(LIQUID,BI;0) 298.15 11000-20*T; 6000 N !\n"
    "PARAMETER G(LIQUID,ND;0) 298.15 7000-10*T; 6000 N !\n"
    "PARAMETER L(LIQUID,BI,ND;0) 298.15 VV0000; 6000 N !\n"
    "PHASE RHOMBOHEDRAL_A7 % 1 1 !\n"
    "CONSTITUENT RHOMBOHEDRAL_A7 :BI: !\n"
    "PARAMETER G(RHOMBOHEDRAL_A7,BI;0) 298.15 0; 6000 N !\n"
    "PHASE DHCP % 1 1 !\n"
    "CONSTITUENT DHCP :ND: !\n"
    "PARAMETER G(DHCP,ND;0) 298.15 0; 6000 N !\n";

/* The eutectic temperature falls as L0 falls, so with 9 samples (the median an order statistic)
 * the median eutectic is the eutectic of the diagram at the median VV0000, computed directly. */
void test_uq_map(void) {
    lq_db *db = NULL;
    LQ_CHECK_STATUS(lq_db_read_string(TDB_MAP, "map.tdb", &db, NULL), LQ_OK);
    lq_assess_trace tr = {3, 3, 1, NULL, NULL, NULL};
    double v[9] = {-5000, -4000, -6000, -4500, -5500, -3000, -7000, -5200, -4800};
    tr.trace = v;
    lq_assess_uq_options opt;
    lq_assess_uq_options_default(&opt);
    opt.map.T_min = 300.0;
    opt.map.T_max = 800.0;
    opt.map_dT_band_K = 20.0;
    lq_assess_uq_map_result *r = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    LQ_CHECK_STATUS(lq_assess_uq_map(db, &tr, COMPS, &opt, &r, &d), LQ_OK);
    if (!r) {
        fprintf(stderr, "%s\n", d.msg);
        lq_db_free(db);
        return;
    }
    LQ_CHECK(r->n_samples == 9 && r->n_failed == 0);
    size_t ke = r->n_invariants;
    for (size_t k = 0; k < r->n_invariants; k++)
        if (r->invariants[k].kind == LQ_MAP_EUTECTIC) ke = k;
    LQ_CHECK(ke < r->n_invariants);
    /* direct map at the median VV0000 = -5000 */
    lq_system *sys = NULL;
    lq_eq_ws *ws = NULL;
    lq_map_result *m = NULL;
    const char *nm[] = {"VV0000"};
    size_t idx = 0;
    double med = -5000.0;
    LQ_CHECK_STATUS(lq_system_create(db, COMPS, 2, NULL, 0, &sys, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_eq_ws_alloc(sys, &opt.eq, &ws, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_system_symbols_find(sys, nm, 1, &idx), LQ_OK);
    LQ_CHECK_STATUS(lq_eq_ws_set_symbols(ws, &idx, &med, 1), LQ_OK);
    LQ_CHECK_STATUS(lq_map_compute(ws, &opt.map, &m, NULL), LQ_OK);
    size_t je = 0;
    for (size_t k = 0; m && k < m->n_invariants; k++)
        if (m->invariants[k].kind == LQ_MAP_EUTECTIC) je = k;
    if (ke < r->n_invariants && m && m->n_invariants) {
        const lq_assess_uq_invariant *u = &r->invariants[ke];
        LQ_CHECK(u->n_samples == 9);
        /* the same computation in a fresh workspace: the solver's tolerance, 1e-6 K */
        LQ_CHECK_CLOSE(u->T[1], m->invariants[je].T, 0, 1e-6);
        LQ_CHECK_CLOSE(u->x[1][1], m->invariants[je].x[1], 0, 1e-8);
        LQ_CHECK(u->T[0] < u->T[1] && u->T[1] < u->T[2]);
        printf("  eutectic %.2f K [%.2f, %.2f], x_L %.4f\n", u->T[1], u->T[0], u->T[2], u->x[1][1]);
    }
    /* a liquidus band: the median x of the liquid in L + DHCP at 650 K is the direct one */
    int found = 0;
    for (size_t k = 0; k < r->n_boundaries; k++) {
        const lq_assess_uq_boundary *b = &r->boundaries[k];
        if (strcmp(r->phase_names[b->phase[1]], "DHCP") != 0) continue;
        for (size_t j = 0; j < b->n_T; j++)
            if (fabs(b->T[j] - 660.0) < 1e-9 && b->n_samples[j] == 9) {
                found = 1;
                LQ_CHECK(b->x[0][j * 3] < b->x[0][j * 3 + 1] &&
                         b->x[0][j * 3 + 1] < b->x[0][j * 3 + 2]);
            }
    }
    LQ_CHECK(found);
    char png[] = "uq_map_test.png";
    LQ_CHECK_STATUS(lq_assess_uq_map_plot(r, png, NULL), LQ_OK);
    remove(png);
    lq_map_free(m);
    lq_eq_ws_free(ws);
    lq_system_free(sys);
    lq_assess_uq_map_result_free(r);
    lq_db_free(db);
}

/* Every allocation failure gives LQ_ENOMEM (never a result with samples wrongly counted as
 * failed) and leaks nothing (ASan); one thread, as the injection counter is global. */
void test_uq_alloc_failures(void) {
    lq_db *db = db_open();
    lq_db *dbm = NULL;
    LQ_CHECK_STATUS(lq_db_read_string(TDB_MAP, "map.tdb", &dbm, NULL), LQ_OK);
    lq_assess_trace *tr = make_trace(2, 3, 3, -5000.0, 300.0, 1.5, 0.0, 4);
    double v[2] = {-5000.0, -4000.0};
    lq_assess_trace trm = {2, 1, 1, v, NULL, NULL};
    double T = 973.0, xs[] = {0.1, 0.5};
    lq_assess_uq_grid g = {COMPS, 2, "LIQUID", &T, 1, "ND", xs, 2, NULL};
    lq_assess_uq_prop p[2];
    lq_assess_uq_prop_parse("HM_MIX", &p[0]);
    lq_assess_uq_prop_parse("ACR_ND", &p[1]);
    lq_assess_uq_options opt;
    lq_assess_uq_options_default(&opt);
    opt.n_threads = 1;
    opt.map.T_min = 300.0;
    opt.map.T_max = 800.0;
    opt.map_dT_band_K = 50.0;
    int ok_props = 0, ok_map = 0;
    for (long k = 0; k < 100000 && !(ok_props && ok_map); k += k < 64 ? 1 : k / 8) {
        lq_assess_uq_result *r = NULL;
        lq_assess_uq_map_result *m = NULL;
        lqi_alloc_fail_after(k);
        lq_status sp = ok_props ? LQ_OK : lq_assess_uq_props(db, tr, p, 2, &g, &opt, &r, NULL);
        lqi_alloc_fail_after(k);
        lq_status sm = ok_map ? LQ_OK : lq_assess_uq_map(dbm, &trm, COMPS, &opt, &m, NULL);
        lqi_alloc_fail_after(-1);
        LQ_CHECK(sp == LQ_OK || sp == LQ_ENOMEM);
        LQ_CHECK(sm == LQ_OK || sm == LQ_ENOMEM);
        if (r) {
            ok_props = 1;
            LQ_CHECK(r->n_failed[0] == 0 && r->n_failed[1] == 0 && r->n_failed[2] == 0);
        }
        if (m) {
            ok_map = 1;
            LQ_CHECK(m->n_failed == 0 && m->n_invariants == 1);
        }
        lq_assess_uq_result_free(r);
        lq_assess_uq_map_result_free(m);
    }
    LQ_CHECK(ok_props && ok_map);
    trace_free(tr);
    lq_db_free(db);
    lq_db_free(dbm);
}
