/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus assess`: an ESPEI run file's log-probability at its starting database, term by term. */
#include <cjson/cJSON.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "liquidus/assess.h"
#include "liquidus/thermo.h"

static const char *USAGE =
    "liquidus assess --input RUN.yaml [--restart] [--datasets DIR] [--output-dir DIR] [--json]\n"
    "liquidus assess --input RUN.yaml --lnprob [--json]\n"
    "  Runs an ESPEI run file as `espei --input RUN.yaml` (ESPEI 0.9.1): generate_parameters\n"
    "  writes output.output_db; mcmc samples the parameters from that database (or\n"
    "  mcmc.input_db), streams output.tracefile and output.probfile, and writes output.output_db\n"
    "  again with the highest-lnprob sample of the trace. Progress goes to stderr (-q silences\n"
    "  it). SIGINT/SIGTERM stop after the current half-iteration with the trace complete up to\n"
    "  the last finished iteration (exit 130/143); --restart continues that run bit for bit.\n"
    "  Under `mpirun -np N` rank 0 samples and every rank evaluates likelihoods: the trace is\n"
    "  that of one process. --datasets and --output-dir replace system.datasets and the folder\n"
    "  of the output files. --lnprob instead prints the log-probability of the starting\n"
    "  database, term by term and dataset by dataset (largest misfit first).";

/* Everything the evaluation needs: the run file and the job the library prepares from it
 * (datasets, starting database, the log-probability with the run file's priors and weights). */
typedef struct inputs {
    lq_assess_run_config cfg;
    lq_assess_job *job;
    lq_assess_ctx *ctx;        /* owned by job */
    const lq_dataset_set *set; /* owned by job */
} inputs;

static void inputs_free(inputs *in) {
    lq_assess_job_free(in->job);
    lq_assess_run_free(&in->cfg);
}

static int load(const char *run_path, inputs *in) {
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_assess_run_read(run_path, &in->cfg, &d);
    if (st != LQ_OK) return lqa_fail("assess", st, &d);
    if (!in->cfg.mcmc_input_db && (!in->cfg.has_generate_parameters || in->cfg.gp_input_db))
        return lqa_usage_error("assess",
                               "--lnprob needs a starting database: mcmc.input_db, or "
                               "generate_parameters without input_db, in %s",
                               run_path);
    if (!in->cfg.has_mcmc)
        return lqa_usage_error("assess",
                               "--lnprob needs an mcmc block (its priors and data_weights define "
                               "the log-probability) in %s",
                               run_path);
    lq_assess_job_options jo;
    lq_assess_job_options_default(&jo);
    jo.write_outputs = 0; /* --lnprob writes nothing */
    jo.n_threads = 1;
    st = lq_assess_job_create(&in->cfg, &jo, &in->job, &d);
    if (st != LQ_OK) return lqa_fail("assess", st, &d);
    in->ctx = lq_assess_job_ctx(in->job);
    in->set = lq_assess_job_datasets(in->job);
    return 0;
}

static const char *kind_name(lq_lnprob_kind k) {
    static const char *const n[] = {"unused", "non-equilibrium", "equilibrium", "activity", "ZPF",
                                    "emf"};
    return n[k];
}

static const lq_assess_terms *sort_terms;
static int by_misfit(const void *a, const void *b) {
    double x = sort_terms->misfit[*(const size_t *)a], y = sort_terms->misfit[*(const size_t *)b];
    return (x > y) - (x < y);
}

static void print_text(const inputs *in, const lq_assess_terms *t, const size_t *order) {
    size_t np = lq_assess_ctx_param_count(in->ctx);
    printf(
        "Log-probability (ESPEI 0.9.1 definitions) of %s\n  on %zu datasets of %s, %zu "
        "parameters\n",
        in->cfg.mcmc_input_db ? in->cfg.mcmc_input_db : "the generated parameters", t->n_datasets,
        in->cfg.datasets, np);
    printf("  %-18s %16.6f\n  %-18s %16.6f\n", "lnprob", t->lnprob, "prior", t->prior);
    const double by[5] = {t->noneq, t->eq, t->acr, t->zpf, t->emf};
    for (unsigned k = 0; k < 5; k++) {
        size_t nd = 0, nr = 0;
        for (size_t d = 0; d < t->n_datasets; d++)
            if (t->kind[d] == (lq_lnprob_kind)(k + 1)) nd++, nr += t->n_residuals[d];
        printf("  %-18s %16.6f  (%zu datasets, %zu residuals)\n",
               kind_name((lq_lnprob_kind)(k + 1)), by[k], nd, nr);
    }
    printf("Datasets, largest misfit first (misfit = -sum r^2/2s^2):\n  %14s %14s %6s  %-16s %s\n",
           "lnprob", "misfit", "n", "kind", "file");
    for (size_t i = 0; i < t->n_datasets; i++) {
        size_t d = order[i];
        printf("  %14.4f %14.4f %6zu  %-16s %s\n", t->dataset[d], t->misfit[d], t->n_residuals[d],
               kind_name(t->kind[d]), in->set->ds[d]->path ? in->set->ds[d]->path : "-");
    }
}

static void print_json(const inputs *in, const lq_assess_terms *t, const size_t *order,
                       const double *theta) {
    cJSON *o = cJSON_CreateObject(), *lk = cJSON_CreateObject(), *arr = cJSON_CreateArray(),
          *pa = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "lnprob", t->lnprob);
    cJSON_AddNumberToObject(o, "prior", t->prior);
    cJSON_AddNumberToObject(lk, "non_equilibrium", t->noneq);
    cJSON_AddNumberToObject(lk, "equilibrium", t->eq);
    cJSON_AddNumberToObject(lk, "activity", t->acr);
    cJSON_AddNumberToObject(lk, "zpf", t->zpf);
    cJSON_AddNumberToObject(lk, "emf", t->emf);
    cJSON_AddItemToObject(o, "likelihood", lk);
    for (size_t i = 0; i < lq_assess_ctx_param_count(in->ctx); i++)
        cJSON_AddNumberToObject(pa, lq_assess_ctx_param_name(in->ctx, i), theta[i]);
    cJSON_AddItemToObject(o, "parameters", pa);
    for (size_t i = 0; i < t->n_datasets; i++) {
        size_t d = order[i];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "file", in->set->ds[d]->path ? in->set->ds[d]->path : "");
        cJSON_AddStringToObject(e, "kind", kind_name(t->kind[d]));
        cJSON_AddNumberToObject(e, "lnprob", t->dataset[d]);
        cJSON_AddNumberToObject(e, "misfit", t->misfit[d]);
        cJSON_AddNumberToObject(e, "n_residuals", (double)t->n_residuals[d]);
        cJSON_AddItemToArray(arr, e);
    }
    cJSON_AddItemToObject(o, "datasets", arr);
    lqa_json_write(o, "-", NULL);
    cJSON_Delete(o);
}

/* --lnprob: the log-probability of the starting database, term by term. */
static int lnprob_cmd(const char *input, const lqa_ctx *ctx) {
    int rc;
    inputs in;
    memset(&in, 0, sizeof in);
    rc = load(input, &in);
    size_t np = in.ctx ? lq_assess_ctx_param_count(in.ctx) : 0;
    double *theta = calloc(np ? np : 1, sizeof *theta);
    size_t *order = calloc(in.set ? in.set->n + 1 : 1, sizeof *order);
    lq_assess_terms *t = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    if (rc == 0 && (!theta || !order || lq_assess_terms_alloc(in.ctx, &t) != LQ_OK))
        rc = lqa_fail("assess", LQ_ENOMEM, NULL);
    if (rc == 0) {
        lqa_progress(ctx, "evaluating %zu datasets", in.set->n);
        lq_assess_ctx_start(in.ctx, theta, np);
        double lp;
        lq_status st = lq_assess_lnprob(in.ctx, theta, np, t, &lp, &d);
        if (st != LQ_OK) rc = lqa_fail("assess", st, &d);
    }
    if (rc == 0) {
        for (size_t i = 0; i < t->n_datasets; i++) order[i] = i;
        sort_terms = t;
        qsort(order, t->n_datasets, sizeof *order, by_misfit);
        if (ctx->json)
            print_json(&in, t, order, theta);
        else
            print_text(&in, t, order);
        if (!isfinite(t->lnprob)) rc = LQA_EXIT_FAIL;
    }
    lq_assess_terms_free(t);
    free(theta);
    free(order);
    inputs_free(&in);
    return rc;
}

/* ---------------------------------------------------------------- the whole run file */

static void on_progress(const lq_assess_progress *p, void *c) {
    (void)c;
    fprintf(stderr,
            "liquidus assess: iteration %zu/%zu  acceptance %.3f  lnprob best %.4f median %.4f"
            "  %.3g it/s%s\n",
            p->iteration, p->iterations, p->acceptance, p->best_lnprob, p->median_lnprob, p->rate,
            p->saved ? "  saved" : "");
}

/* Command-line replacements of the run file's paths; the originals are put back before the
 * config is released (it owns them). */
typedef struct overrides {
    const char *datasets, *outdir;
    char *saved[4];
    char *made[4];
} overrides;

static char *in_dir(const char *dir, const char *path) {
    if (!path) return NULL;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(dir) + strlen(base) + 2;
    char *s = malloc(n);
    if (s) snprintf(s, n, "%s/%s", dir, base);
    return s;
}

static int overrides_apply(overrides *o, lq_assess_run_config *c) {
    char **f[4] = {&c->datasets, &c->output_db, &c->tracefile, &c->probfile};
    for (int k = 0; k < 4; k++) {
        o->saved[k] = *f[k];
        if (k == 0 && o->datasets) o->made[k] = strdup(o->datasets);
        if (k > 0 && o->outdir && *f[k]) o->made[k] = in_dir(o->outdir, *f[k]);
        if ((k == 0 && o->datasets) || (k > 0 && o->outdir && *f[k])) {
            if (!o->made[k]) return -1;
            *f[k] = o->made[k];
        }
    }
    return 0;
}

static void overrides_undo(overrides *o, lq_assess_run_config *c) {
    char **f[4] = {&c->datasets, &c->output_db, &c->tracefile, &c->probfile};
    for (int k = 0; k < 4; k++) {
        if (o->made[k]) *f[k] = o->saved[k];
        free(o->made[k]);
    }
}

static void print_summary(const lq_assess_run_config *c, const lq_assess_job_summary *s,
                          double seconds, const lqa_ctx *ctx) {
    if (!ctx->json) {
        if (s->generated) printf("generated %zu parameters\n", s->n_generated);
        if (s->sampled)
            printf(
                "mcmc: %zu walkers, %zu parameters, iterations %zu of %zu (this run from %zu), "
                "acceptance %.4f, best lnprob %.6f, %.1f s%s\n",
                s->n_walkers, s->n_params, s->n_done, s->n_iterations, s->first_iteration,
                s->acceptance, s->best_lnprob, seconds, s->cancelled ? ", cancelled" : "");
        if (s->sampled && c->tracefile) printf("trace: %s\n", c->tracefile);
        if (s->sampled && c->probfile) printf("lnprob: %s\n", c->probfile);
        if (s->wrote_db) printf("database: %s\n", c->output_db);
        return;
    }
    cJSON *o = cJSON_CreateObject();
    cJSON_AddBoolToObject(o, "generated", s->generated);
    cJSON_AddNumberToObject(o, "n_generated", (double)s->n_generated);
    cJSON_AddBoolToObject(o, "sampled", s->sampled);
    cJSON_AddNumberToObject(o, "n_walkers", (double)s->n_walkers);
    cJSON_AddNumberToObject(o, "n_params", (double)s->n_params);
    cJSON_AddNumberToObject(o, "iterations", (double)s->n_done);
    cJSON_AddNumberToObject(o, "iterations_planned", (double)s->n_iterations);
    cJSON_AddNumberToObject(o, "first_iteration", (double)s->first_iteration);
    cJSON_AddNumberToObject(o, "acceptance", s->acceptance);
    if (s->sampled) cJSON_AddNumberToObject(o, "best_lnprob", s->best_lnprob);
    cJSON_AddBoolToObject(o, "cancelled", s->cancelled);
    cJSON_AddNumberToObject(o, "seconds", seconds);
    cJSON_AddStringToObject(o, "output_db", s->wrote_db ? c->output_db : "");
    cJSON_AddStringToObject(o, "tracefile", s->sampled && c->tracefile ? c->tracefile : "");
    cJSON_AddStringToObject(o, "probfile", s->sampled && c->probfile ? c->probfile : "");
    lqa_json_write(o, "-", NULL);
    cJSON_Delete(o);
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

#ifdef LQ_HAVE_MPI
/* Launched by mpirun/mpiexec (Open MPI, MPICH/PMI or PMIx environments)? */
static int under_mpi(void) {
    return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMI_SIZE") || getenv("PMIX_RANK");
}
#endif

/* Rank 0 (or the only process): runs the job; the other ranks serve its batches. */
static int run_job(lq_assess_run_config *cfg, lq_assess_job_options *jo, const lqa_ctx *ctx) {
    lq_diag d;
    lq_diag_clear(&d);
    int rank = 0;
#ifdef LQ_HAVE_MPI
    lq_assess_mpi *m = NULL;
    if (under_mpi()) {
        if (lq_assess_mpi_init(NULL, NULL, &m) != LQ_OK) return lqa_fail("assess", LQ_EIO, NULL);
        rank = lq_assess_mpi_rank(m);
        jo->write_outputs = rank == 0;
        jo->batch_eval = lq_assess_mpi_evaluate;
        jo->batch_ctx = m;
        jo->anchor = lq_assess_mpi_anchor;
        jo->anchor_ctx = m;
    }
#endif
    if (rank != 0) jo->progress = NULL;
    lq_assess_job *job = NULL;
    lq_assess_job_summary s;
    memset(&s, 0, sizeof s);
    double t0 = now_s();
    lq_status st = lq_assess_job_create(cfg, jo, &job, &d);
#ifdef LQ_HAVE_MPI
    if (m && st == LQ_OK)
        lq_assess_mpi_set_anchor(m, lq_assess_ctx_anchor_fn, lq_assess_job_ctx(job));
#endif
    if (st == LQ_OK && rank == 0) st = lq_assess_job_run(job, &s, &d);
#ifdef LQ_HAVE_MPI
    if (m && rank != 0 && st == LQ_OK && lq_assess_job_target(job))
        st = lq_assess_mpi_serve(m, lq_assess_job_target(job));
    if (m && rank == 0) lq_assess_mpi_stop(m);
#endif
    int rc = st == LQ_OK ? LQA_EXIT_OK : lqa_fail("assess", st, &d);
    if (rc == LQA_EXIT_OK && rank == 0) {
        if (d.msg[0]) lqa_warn_diag("assess", &d);
        print_summary(cfg, &s, now_s() - t0, ctx);
    }
    if (rc == LQA_EXIT_OK && s.cancelled) rc = 128 + (int)*lqa_cancel_flag();
    lq_assess_job_free(job);
#ifdef LQ_HAVE_MPI
    if (m) lq_assess_mpi_finalize(m);
#endif
    return rc;
}

static int run_file(const char *input, int restart, overrides *ov, const lqa_ctx *ctx) {
    lq_assess_run_config cfg;
    memset(&cfg, 0, sizeof cfg);
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_assess_run_read(input, &cfg, &d);
    if (st != LQ_OK) return lqa_fail("assess", st, &d);
    if (overrides_apply(ov, &cfg) != 0) {
        overrides_undo(ov, &cfg);
        lq_assess_run_free(&cfg);
        return lqa_fail("assess", LQ_ENOMEM, NULL);
    }
    lq_assess_job_options jo;
    lq_assess_job_options_default(&jo);
    jo.restart = restart;
    if (!ctx->quiet) jo.progress = on_progress;
    jo.cancel = lqa_cancel_flag();
    lqa_signals_catch();
    int rc = run_job(&cfg, &jo, ctx);
    overrides_undo(ov, &cfg);
    lq_assess_run_free(&cfg);
    return rc;
}

static int run(int argc, char **argv, const lqa_ctx *ctx) {
    const char *input = NULL;
    int lnprob = 0, restart = 0;
    overrides ov;
    memset(&ov, 0, sizeof ov);
    const lqa_opt opts[] = {
        {"input", LQA_STRING, &input, "RUN.yaml", "ESPEI run file (required)"},
        {"lnprob", LQA_FLAG, &lnprob, NULL, "only evaluate the starting log-probability"},
        {"restart", LQA_FLAG, &restart, NULL, "continue the run in the output files"},
        {"datasets", LQA_STRING, &ov.datasets, "DIR", "replaces system.datasets"},
        {"output-dir", LQA_STRING, &ov.outdir, "DIR", "folder of output_db, trace and lnprob"},
    };
    int rc =
        lqa_parse("assess", USAGE, opts, sizeof opts / sizeof opts[0], argc, argv, NULL, 0, NULL);
    if (rc) return rc == 1 ? LQA_EXIT_OK : LQA_EXIT_USAGE;
    if (!input) return lqa_usage_error("assess", "--input RUN.yaml is required");
    if (lnprob && (restart || ov.datasets || ov.outdir))
        return lqa_usage_error("assess",
                               "--lnprob takes none of --restart, --datasets, "
                               "--output-dir");
    return lnprob ? lnprob_cmd(input, ctx) : run_file(input, restart, &ov, ctx);
}

const lq_cmd lq_cmd_assess = {"assess", "ESPEI assessment: parameter generation and MCMC", run};
