/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Runs an ESPEI run file: parameter generation, then the MCMC, then the fitted database. */
/*
 * The order of ESPEI 0.9.1 espei/espei_script.py run_espei: load the phase models and datasets
 * (tags applied), generate_parameters and write output_db, refuse existing trace/lnprob files,
 * then EmceeOptimizer.fit (espei/optimizers/opt_mcmc.py _fit: walkers from the start or from
 * restart_trace, np.random.seed(1769) when deterministic) and, after the fit, dbf.symbols.update
 * with optimal_parameters(trace, lnprob) (espei/utils.py: the sample of highest lnprob among the
 * iterations that ran) and dbf.to_file(output_db).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/core_internal.h"
#include "liquidus/assess.h"
#include "thermo/thermo_internal.h"

struct lq_assess_job {
    const lq_assess_run_config *cfg;
    lq_assess_job_options opt;
    lq_assess_phase_models *pm;
    lq_dataset_set *set;
    lq_db *db;
    lq_assess_ctx *ctx;
    lq_prior_spec *priors;
    lq_assess_target target;
    int generated;
    size_t n_generated;
};

void lq_assess_job_options_default(lq_assess_job_options *opt) {
    if (!opt) return;
    memset(opt, 0, sizeof *opt);
    opt->write_outputs = 1;
}

void lq_assess_job_free(lq_assess_job *job) {
    if (!job) return;
    lq_assess_ctx_free(job->ctx);
    lq_db_free(job->db);
    lq_dataset_set_free(job->set);
    lq_assess_phase_models_free(job->pm);
    lqi_free(job->priors);
    lqi_free(job);
}

/* generate_parameters: ESPEI's generate_parameters with the run file's settings, the database
 * kept for the MCMC and written to output_db. */
static lq_status generate(lq_assess_job *job, lq_diag *diag) {
    const lq_assess_run_config *c = job->cfg;
    if (c->gp_input_db)
        return lqi_diag_set(diag, LQ_EUNSUPPORTED, c->path, 0, "generate_parameters.input_db",
                            "adding generated parameters to an existing database is not "
                            "supported; leave input_db out");
    lq_assess_paramgen_options po;
    lq_assess_paramgen_options_default(&po);
    po.ref_state = c->ref_state;
    po.excess_model = c->excess_model;
    po.use_ridge = !isnan(c->ridge_alpha);
    po.ridge_alpha = c->ridge_alpha;
    lq_assess_aicc_penalty *pen = lqi_calloc(c->n_aicc ? c->n_aicc : 1, sizeof *pen);
    if (!pen) return LQ_ENOMEM;
    for (size_t i = 0; i < c->n_aicc; i++)
        pen[i] = (lq_assess_aicc_penalty){c->aicc[i].phase, c->aicc[i].property, c->aicc[i].factor};
    po.n_aicc_penalty = c->n_aicc;
    po.aicc_penalty = pen;
    lq_assess_paramgen_result *res = NULL;
    lq_status st = lq_assess_paramgen(job->pm, job->set, &po, &res, diag);
    if (st == LQ_OK && job->opt.write_outputs && c->output_db)
        st = lq_assess_paramgen_write_tdb(res, c->output_db, diag);
    if (st == LQ_OK) st = lq_assess_paramgen_db(res, &job->db, diag);
    if (st == LQ_OK) {
        job->generated = 1;
        job->n_generated = res->n_symbols;
    }
    lq_assess_paramgen_free(res);
    lqi_free(pen);
    return st;
}

/* The run file's data weights and priors as log-probability options. */
static lq_status lnprob_options(lq_assess_job *job, lq_assess_lnprob_options *o) {
    const lq_assess_run_config *c = job->cfg;
    lq_assess_lnprob_options_default(o);
    for (size_t i = 0; i < c->n_data_weights; i++) {
        const char *t = c->data_weights[i].type;
        double w = c->data_weights[i].weight;
        if (strcmp(t, "ZPF") == 0) o->weight_zpf = w;
        if (strcmp(t, "ACR") == 0) o->weight_acr = w;
        if (strcmp(t, "HM") == 0) o->weight_hm = w;
        if (strcmp(t, "SM") == 0) o->weight_sm = w;
        if (strcmp(t, "CPM") == 0) o->weight_cpm = w;
        if (strcmp(t, "EMF") == 0) o->weight_emf = w;
    }
    if (c->n_priors) {
        job->priors = lqi_calloc(c->n_priors, sizeof *job->priors);
        if (!job->priors) return LQ_ENOMEM;
        for (size_t i = 0; i < c->n_priors; i++) {
            const lq_assess_run_prior *r = &c->priors[i];
            lq_prior_spec *p = &job->priors[i];
            p->kind = (lq_prior_kind)r->name; /* the same order as espei/priors.py */
            const lq_assess_run_prior_hyper *h[3] = {&r->loc, &r->scale, &r->c};
            lq_prior_param *q[3] = {&p->loc, &p->scale, &p->c};
            for (int k = 0; k < 3; k++) {
                q[k]->set = h[k]->set;
                q[k]->ref = (lq_prior_ref)h[k]->mod;
                q[k]->value = h[k]->value;
            }
        }
        o->priors = job->priors;
        o->n_priors = c->n_priors;
    }
    o->components = (const char *const *)job->pm->components;
    o->n_components = job->pm->n_components;
    long th = job->opt.n_threads > 0 ? job->opt.n_threads : c->cores;
    if (c->scheduler == LQ_ASSESS_RUN_SCHED_NONE) th = 1;
    o->n_threads = th > 0 ? (size_t)th : 0;
    return LQ_OK;
}

/* system.datasets: a folder of datasets, or one dataset file as a set of one. */
static lq_status read_datasets(const char *path, lq_dataset_set **out, lq_diag *d) {
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) return lq_dataset_set_read_dir(path, out, d);
    lq_dataset *ds = NULL;
    lq_status st = lq_dataset_read_file(path, &ds, d);
    if (st != LQ_OK) return st;
    lq_dataset_set *set = lqi_calloc(1, sizeof *set);
    lq_dataset **arr = lqi_malloc(sizeof *arr);
    if (!set || !arr) {
        lqi_free(set);
        lqi_free(arr);
        lq_dataset_free(ds);
        return LQ_ENOMEM;
    }
    arr[0] = ds;
    set->n = 1;
    set->ds = arr;
    *out = set;
    return LQ_OK;
}

static int file_exists(const char *p) {
    struct stat sb;
    return p && stat(p, &sb) == 0;
}

lq_status lq_assess_job_create(const lq_assess_run_config *cfg, const lq_assess_job_options *opt,
                               lq_assess_job **out, lq_diag *diag) {
    if (!cfg || !out) return LQ_EINVAL;
    *out = NULL;
    lq_assess_job *job = lqi_calloc(1, sizeof *job);
    if (!job) return LQ_ENOMEM;
    job->cfg = cfg;
    if (opt)
        job->opt = *opt;
    else
        lq_assess_job_options_default(&job->opt);
    lq_status st = LQ_OK;
    /* ESPEI checks the MCMC outputs before it spends time on anything */
    if (cfg->has_mcmc && !job->opt.restart && job->opt.write_outputs) {
        const char *f = file_exists(cfg->tracefile)  ? cfg->tracefile
                        : file_exists(cfg->probfile) ? cfg->probfile
                                                     : NULL;
        if (f)
            st = lqi_diag_set(diag, LQ_EINVAL, f, 0, "output",
                              "exists and would be overwritten by a new run: continue it with "
                              "restart, or name other output.tracefile/probfile");
    }
    if (st == LQ_OK) st = lq_assess_phase_models_read(cfg->phase_models, &job->pm, diag);
    if (st == LQ_OK) st = read_datasets(cfg->datasets, &job->set, diag);
    if (st == LQ_OK) st = lq_assess_run_apply_tags(cfg, job->set, diag);
    if (st == LQ_OK && cfg->has_generate_parameters) st = generate(job, diag);
    if (st == LQ_OK && cfg->has_mcmc) {
        if (cfg->mcmc_input_db) { /* run_espei: mcmc.input_db replaces the generated database */
            lq_db_free(job->db);
            job->db = NULL;
            st = lq_db_read_file(cfg->mcmc_input_db, &job->db, diag);
        }
        lq_assess_lnprob_options lo;
        if (st == LQ_OK) st = lnprob_options(job, &lo);
        if (st == LQ_OK)
            st = lq_assess_ctx_create(job->db, job->set, (const char *const *)cfg->symbols,
                                      cfg->n_symbols, &lo, &job->ctx, diag);
        if (st == LQ_OK) {
            job->target.n_params = lq_assess_ctx_param_count(job->ctx);
            job->target.lnprob = lq_assess_lnprob_fn;
            job->target.ctx = job->ctx;
            job->target.n_threads = (int)lo.n_threads;
        }
    }
    if (st != LQ_OK) {
        lq_assess_job_free(job);
        return st;
    }
    *out = job;
    return LQ_OK;
}

const lq_assess_target *lq_assess_job_target(const lq_assess_job *job) {
    return job && job->ctx ? &job->target : NULL;
}

size_t lq_assess_job_param_count(const lq_assess_job *job) {
    return job ? lq_assess_ctx_param_count(job->ctx) : 0;
}

const char *lq_assess_job_param_name(const lq_assess_job *job, size_t i) {
    return job ? lq_assess_ctx_param_name(job->ctx, i) : NULL;
}

/* FUNCTION `name` of the database becomes the constant `value` over its whole range, as
 * pycalphad's Database.symbols.update replaces a symbol by a number. */
static lq_status set_function(lq_db *db, const char *name, double value) {
    lqi_xpool *p = &db->pool;
    for (size_t f = 0; f < p->nfunc; f++) {
        lqi_func *fn = &p->func[f];
        if (strcasecmp(fn->name, name) != 0 || fn->nrange < 1) continue;
        int node = lqi_thermo_node_add(p, LQI_X_NUM, -1, -1, value);
        if (node < 0) return LQ_ENOMEM;
        fn = &p->func[f];
        lqi_range *r = &p->range[fn->range0];
        r->hi = p->range[fn->range0 + fn->nrange - 1].hi;
        r->root = node;
        fn->nrange = 1;
        fn->ncallee = 0;
        return LQ_OK;
    }
    return LQ_ENOTFOUND;
}

/* output_db with the best parameters, written beside and renamed (all or nothing). */
static lq_status write_final_db(lq_assess_job *job, const double *best, lq_diag *diag) {
    const char *path = job->cfg->output_db;
    size_t n = lq_assess_ctx_param_count(job->ctx);
    for (size_t i = 0; i < n; i++) {
        const char *name = lq_assess_ctx_param_name(job->ctx, i);
        if (set_function(job->db, name, best[i]) != LQ_OK)
            return lqi_diag_set(diag, LQ_ENOTFOUND, path, 0, name, "no FUNCTION %s to set", name);
    }
    size_t len = strlen(path) + 32;
    char *tmp = lqi_malloc(len);
    if (!tmp) return LQ_ENOMEM;
    snprintf(tmp, len, "%s.tmp.%ld", path, (long)getpid());
    lq_status st = lq_db_write_file(job->db, tmp, diag);
    if (st == LQ_OK && rename(tmp, path) != 0)
        st = lqi_diag_set(diag, LQ_EWRITE, path, 0, NULL, "cannot rename %s to it", tmp);
    if (st != LQ_OK) remove(tmp);
    lqi_free(tmp);
    return st;
}

/* Starting walkers from mcmc.restart_trace (ESPEI's initialize_chains_from_trace). */
static lq_status restart_walkers(const lq_assess_job *job, lq_assess_sampler_options *so,
                                 double **walkers, lq_diag *diag) {
    const char *path = job->cfg->restart_trace;
    size_t w = 0, p = 0;
    lq_status st = lq_assess_trace_last(path, NULL, 0, &w, &p, diag);
    if (st != LQ_OK) return st;
    if (p != job->target.n_params)
        return lqi_diag_set(diag, LQ_EINVAL, path, 0, "mcmc.restart_trace",
                            "%zu parameters, the database has %zu to fit", p, job->target.n_params);
    *walkers = lqi_malloc_array(w * p, sizeof **walkers);
    if (!*walkers) return LQ_ENOMEM;
    st = lq_assess_trace_last(path, *walkers, w * p, &w, &p, diag);
    so->initial_walkers = *walkers;
    so->n_walkers = w;
    return st;
}

/* ESPEI seeds NumPy with 1769 when deterministic and leaves it to the OS otherwise. */
static uint64_t run_seed(const lq_assess_run_config *c) {
    if (c->deterministic) return 1769u;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000007u ^ (uint64_t)ts.tv_nsec ^ (uint64_t)getpid() << 40;
}

lq_status lq_assess_job_run(lq_assess_job *job, lq_assess_job_summary *sum, lq_diag *diag) {
    if (!job) return LQ_EINVAL;
    lq_assess_job_summary s;
    memset(&s, 0, sizeof s);
    s.generated = job->generated;
    s.n_generated = job->n_generated;
    s.wrote_db = job->generated && job->opt.write_outputs && job->cfg->output_db;
    if (sum) *sum = s;
    if (!job->ctx) return LQ_OK;
    const lq_assess_run_config *c = job->cfg;
    size_t np = job->target.n_params;
    double *theta0 = lqi_malloc_array(np ? np : 1, sizeof *theta0), *walkers = NULL;
    if (!theta0) return LQ_ENOMEM;
    lq_status st = lq_assess_ctx_start(job->ctx, theta0, np);
    lq_assess_sampler_options so = lq_assess_sampler_options_default();
    so.iterations = (size_t)c->iterations;
    so.save_interval = (size_t)c->save_interval;
    if (c->chains_per_parameter > 0) so.chains_per_parameter = (size_t)c->chains_per_parameter;
    if (!isnan(c->chain_std_deviation)) so.chain_std_deviation = c->chain_std_deviation;
    so.seed = s.seed = run_seed(c);
    so.trace_path = c->tracefile;
    so.lnprob_path = c->probfile;
    so.restart = job->opt.restart;
    so.progress = job->opt.progress;
    so.progress_ctx = job->opt.progress_ctx;
    so.cancel = job->opt.cancel;
    so.batch_eval = job->opt.batch_eval;
    so.batch_ctx = job->opt.batch_ctx;
    /* the warm starts re-anchored as the walkers move (docs/assess-lnprob.md, "Cost") */
    so.anchor = job->opt.anchor ? job->opt.anchor : lq_assess_ctx_anchor_fn;
    so.anchor_ctx = job->opt.anchor ? job->opt.anchor_ctx : job->ctx;
    if (st == LQ_OK && c->restart_trace) st = restart_walkers(job, &so, &walkers, diag);
    lq_assess_sample_result *r = NULL;
    if (st == LQ_OK) st = lq_assess_sample(&job->target, theta0, &so, &r, diag);
    if (st == LQ_OK) {
        s.sampled = 1;
        s.n_params = np;
        s.n_walkers = r->n_walkers;
        s.n_iterations = r->n_iterations;
        s.n_done = r->n_done;
        s.first_iteration = r->start;
        s.acceptance = r->acceptance;
        s.best_lnprob = r->best_lnprob;
        s.cancelled = r->cancelled;
        if (r->n_done > 0 && isfinite(r->best_lnprob) && job->opt.write_outputs && c->output_db) {
            st = write_final_db(job, r->best, diag);
            s.wrote_db = st == LQ_OK;
        }
    }
    if (sum) *sum = s;
    lq_assess_sample_result_free(r);
    lqi_free(walkers);
    lqi_free(theta0);
    return st;
}

lq_assess_ctx *lq_assess_job_ctx(lq_assess_job *job) { return job ? job->ctx : NULL; }

const lq_dataset_set *lq_assess_job_datasets(const lq_assess_job *job) {
    return job ? job->set : NULL;
}
