/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Synthetic truth: the Table 2 liquid re-assessed by MCMC from data generated with it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "liquidus/assess.h"
#include "liquidus/thermo.h"
#include "lq_test.h"
#include "synth.h"

void test_synthetic_truth(void);

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Posterior mean and standard deviation of parameter j over the walkers with keep[w] and the
 * iterations [burn, n_iterations) of the trace. */
static void posterior(const lq_assess_sample_result *r, const int *keep, size_t j, size_t burn,
                      double *mean, double *sd) {
    size_t nw = r->n_walkers, nit = r->n_iterations, np = r->n_params;
    double m = 0, n = 0;
    for (size_t w = 0; w < nw; w++)
        for (size_t it = burn; keep[w] && it < nit; it++, n += 1)
            m += r->trace[(w * nit + it) * np + j];
    m /= n;
    double v = 0;
    for (size_t w = 0; w < nw; w++)
        for (size_t it = burn; keep[w] && it < nit; it++) {
            double e = r->trace[(w * nit + it) * np + j] - m;
            v += e * e;
        }
    *mean = m;
    *sd = sqrt(v / (n - 1));
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Stuck walkers: a walker whose mean lnprob over the posterior window lies more than 20 below the
 * median walker's is left out (an ensemble walker can stay behind a region where equilibria fail,
 * as the stretch move only proposes points on the line to another walker; with 7 parameters the
 * lnprob of posterior samples spreads by a few units, chi2_7 / 2). Returns the number left out. */
static size_t drop_stuck(const lq_assess_sample_result *r, size_t burn, int *keep) {
    size_t nw = r->n_walkers, nit = r->n_iterations, out = 0;
    double mean[256], sorted[256];
    for (size_t w = 0; w < nw; w++) {
        double m = 0;
        for (size_t it = burn; it < nit; it++) m += r->lnprob[w * nit + it];
        mean[w] = sorted[w] = m / (double)(nit - burn);
    }
    qsort(sorted, nw, sizeof sorted[0], cmp_double);
    double med = sorted[nw / 2];
    for (size_t w = 0; w < nw; w++) {
        keep[w] = mean[w] > med - 20.0;
        if (!keep[w]) {
            out++;
            fprintf(stderr, "  walker %zu left out: mean lnprob %.6g (median %.6g)\n", w, mean[w],
                    med);
        }
    }
    return out;
}

/* Reads what the generator wrote through the run file, as `liquidus assess --input` will, and
 * samples the posterior from the perturbed start. */
static void reassess(const char *dir, const synth_info *info) {
    char run[1100];
    snprintf(run, sizeof run, "%s/run.yaml", dir);
    lq_assess_run_config cfg;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_assess_run_read(run, &cfg, &d);
    LQ_CHECK_STATUS(st, LQ_OK);
    if (st != LQ_OK) return;
    lq_dataset_set *set = NULL;
    lq_db *db = NULL;
    lq_assess_ctx *ctx = NULL;
    lq_assess_terms *terms = NULL;
    lq_assess_sample_result *r = NULL;
    st = lq_dataset_set_read_dir(cfg.datasets, &set, &d);
    if (st == LQ_OK) st = lq_db_read_file(cfg.mcmc_input_db, &db, &d);
    lq_assess_lnprob_options lo;
    lq_assess_lnprob_options_default(&lo);
    static const char *const comps[] = {"BI", "ND", "VA"};
    lo.components = comps;
    lo.n_components = 3;
    lo.n_threads = (size_t)cfg.cores;
    if (st == LQ_OK)
        st = lq_assess_ctx_create(db, set, (const char *const *)cfg.symbols, cfg.n_symbols, &lo,
                                  &ctx, &d);
    if (st == LQ_OK) st = lq_assess_terms_alloc(ctx, &terms);
    if (st != LQ_OK) fprintf(stderr, "  %s: %s: %s\n", d.file, d.field, d.msg);
    LQ_CHECK_STATUS(st, LQ_OK);
    size_t np = lq_assess_ctx_param_count(ctx);
    LQ_CHECK(np == SYNTH_NPAR);
    if (st != LQ_OK || np != SYNTH_NPAR) goto done;
    /* every dataset enters a likelihood */
    double th[SYNTH_NPAR], lp_truth = 0, lp_start = 0;
    lq_assess_ctx_start(ctx, th, np);
    for (size_t j = 0; j < np; j++) LQ_CHECK_CLOSE(th[j], info->start[j], 1e-15, 0);
    LQ_CHECK_STATUS(lq_assess_lnprob(ctx, th, np, terms, &lp_start, &d), LQ_OK);
    fprintf(stderr, "  start lnprob %.6g (noneq %.5g acr %.5g zpf %.5g)\n", lp_start, terms->noneq,
            terms->acr, terms->zpf);
    LQ_CHECK_STATUS(lq_assess_lnprob(ctx, synth_truth, np, terms, &lp_truth, &d), LQ_OK);
    fprintf(stderr, "  truth lnprob %.6g (noneq %.5g acr %.5g zpf %.5g)\n", lp_truth, terms->noneq,
            terms->acr, terms->zpf);
    for (size_t i = 0; i < terms->n_datasets; i++) LQ_CHECK(terms->kind[i] != LQ_LNPROB_NONE);

    lq_assess_sampler_options so = lq_assess_sampler_options_default();
    so.chains_per_parameter = (size_t)cfg.chains_per_parameter;
    so.chain_std_deviation = cfg.chain_std_deviation;
    so.iterations = (size_t)cfg.iterations;
    lq_assess_target tg = {np, lq_assess_lnprob_fn, ctx, NULL, 0, (int)cfg.cores};
    double t0 = now();
    st = lq_assess_sample(&tg, th, &so, &r, &d);
    LQ_CHECK_STATUS(st, LQ_OK);
    if (!r) goto done;
    size_t burn = r->n_iterations / 2;
    int keep[256];
    LQ_CHECK(r->n_walkers <= 256);
    if (r->n_walkers > 256) goto done;
    size_t n_out = drop_stuck(r, burn, keep);
    /* the posterior is the bulk of the ensemble: at most one walker in ten stuck */
    LQ_CHECK(10 * n_out <= r->n_walkers);
    fprintf(stderr, "  MCMC %zu walkers x %zu iterations: %.1f s, acceptance %.3f, best %.6g\n",
            r->n_walkers, r->n_iterations, now() - t0, r->acceptance, r->best_lnprob);
    /* The sampler reached the posterior's mode: its best sample is at least as probable as the
     * truth, less a margin of 1 (the mode lies about chi2_7/2 ~ 3.5 above the truth). */
    LQ_CHECK(r->best_lnprob > lp_truth - 1.0);
    for (size_t j = 0; j < np; j++) {
        double m = 0, sd = 0;
        posterior(r, keep, j, burn, &m, &sd);
        double z = (synth_truth[j] - m) / sd, z0 = (info->start[j] - synth_truth[j]) / sd;
        fprintf(stderr,
                "  %s truth %11.6g start %11.6g (%+6.1f sd) posterior %11.6g +- %9.4g  z %+.2f\n",
                synth_names[j], synth_truth[j], info->start[j], z0, m, sd, z);
        /* the Issue's criterion: every true parameter within two posterior standard deviations */
        LQ_CHECK(fabs(z) <= 2.0);
    }
done:
    lq_assess_sample_result_free(r);
    lq_assess_terms_free(terms);
    lq_assess_ctx_free(ctx);
    lq_db_free(db);
    lq_dataset_set_free(set);
    lq_assess_run_free(&cfg);
}

void test_synthetic_truth(void) {
    char tdb[1024], pm[1024];
    const char *dir = "assess_bind_synth"; /* in the build folder (the test's working folder) */
    lq_test_source_path("data/tdb/BiNd.tdb", tdb, sizeof tdb);
    lq_test_source_path("data/assess/bind/phase_models.json", pm, sizeof pm);
    (void)mkdir(dir, 0777);
    /* Noise: half of ESPEI's likelihood standard deviations for activities (500 J/mol on
     * R T ln a) and enthalpies (500 J/mol), 3 % on a liquid composition, 2 K on an invariant.
     * Start: every parameter 20 % off, the sign drawn. 4 chains per parameter, 400 iterations,
     * the last 200 the posterior sample (the walkers reach the mode within ~100). */
    synth_noise nz = {250.0, 250.0, 0.03, 2.0, 0.2, 20261207u, 400, 4};
    if (getenv("ASSESS_BIND_SEED")) nz.seed = strtoull(getenv("ASSESS_BIND_SEED"), NULL, 10);
    if (getenv("ASSESS_BIND_ITERATIONS"))
        nz.iterations = strtoull(getenv("ASSESS_BIND_ITERATIONS"), NULL, 10);
    synth_info info;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = synth_write(tdb, pm, dir, &nz, &info, &d);
    if (st != LQ_OK) fprintf(stderr, "  synth: %s: %s: %s\n", d.file, d.field, d.msg);
    LQ_CHECK_STATUS(st, LQ_OK);
    if (st != LQ_OK) return;
    fprintf(stderr, "  data: %zu ACR_ND, %zu HM_MIX, %zu liquidus (ZPF), %zu invariants (ZPF)\n",
            info.n_acr, info.n_hm, info.n_solubility, info.n_invariant);
    for (size_t i = 0; i < info.n_invariant; i++)
        fprintf(stderr, "  invariant of Table 2: %.2f K %s\n", info.inv_T[i], info.inv_name[i]);
    /* Table 2's invariants on the Bi side: the degenerate eutectic at the melting point of Bi
     * (544.55 K; the study measured 539 K), the peritectics near 774 and 932 K (study: 774, 932) */
    LQ_CHECK(info.n_acr == 15 && info.n_hm == 9 && info.n_solubility == 8);
    LQ_CHECK(info.n_invariant == 3);
    if (info.n_invariant == 3) {
        LQ_CHECK_CLOSE(info.inv_T[0], 544.55, 0, 0.05);
        LQ_CHECK_CLOSE(info.inv_T[1], 774.0, 0, 1.0);
        LQ_CHECK_CLOSE(info.inv_T[2], 932.0, 0, 1.5);
    }
    reassess(dir, &info);
}
