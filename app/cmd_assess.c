/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus assess`: an ESPEI run file's log-probability at its starting database, term by term. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app.h"
#include "liquidus/assess.h"
#include "liquidus/thermo.h"

static const char *USAGE =
    "liquidus assess --input RUN.yaml --lnprob [--json]\n"
    "  Reads an ESPEI run file (system.phase_models, system.datasets, mcmc.input_db, mcmc.prior,\n"
    "  mcmc.data_weights, mcmc.symbols) and prints the log-probability of the starting database\n"
    "  (mcmc.input_db, or else the parameters of generate_parameters, which ESPEI starts from)\n"
    "  with ESPEI 0.9.1's definitions: the prior, each likelihood (non-equilibrium and "
    "equilibrium\n"
    "  thermochemical, activity, ZPF) and each dataset's contribution and misfit (-sum r^2/2s^2),\n"
    "  the datasets that pull hardest first. --json gives the total under \"lnprob\".\n"
    "  Writing the generated database and running the MCMC are not part of this command yet.";

/* Everything the evaluation needs, loaded from the run file. */
typedef struct inputs {
    lq_assess_run_config cfg;
    lq_assess_phase_models *pm;
    lq_db *db;
    lq_dataset_set *set;
    lq_assess_ctx *ctx;
    lq_prior_spec *priors;
} inputs;

static void inputs_free(inputs *in) {
    lq_assess_ctx_free(in->ctx);
    lq_dataset_set_free(in->set);
    lq_db_free(in->db);
    lq_assess_phase_models_free(in->pm);
    lq_assess_run_free(&in->cfg);
    free(in->priors);
}

/* A single dataset file as a set of one. */
static lq_status read_datasets(const char *path, lq_dataset_set **out, lq_diag *d) {
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) return lq_dataset_set_read_dir(path, out, d);
    lq_dataset *ds = NULL;
    lq_status st = lq_dataset_read_file(path, &ds, d);
    if (st != LQ_OK) return st;
    lq_dataset_set *set = calloc(1, sizeof *set);
    lq_dataset **arr = malloc(sizeof *arr);
    if (!set || !arr) {
        free(set);
        free(arr);
        lq_dataset_free(ds);
        return LQ_ENOMEM;
    }
    arr[0] = ds;
    set->n = 1;
    set->ds = arr;
    *out = set;
    return LQ_OK;
}

/* Options of the log-probability from the run file's mcmc block. */
static lq_status options_from_run(inputs *in, lq_assess_lnprob_options *opt) {
    const lq_assess_run_config *c = &in->cfg;
    lq_assess_lnprob_options_default(opt);
    for (size_t i = 0; i < c->n_data_weights; i++) {
        const char *t = c->data_weights[i].type;
        double w = c->data_weights[i].weight;
        if (strcmp(t, "ZPF") == 0) opt->weight_zpf = w;
        if (strcmp(t, "ACR") == 0) opt->weight_acr = w;
        if (strcmp(t, "HM") == 0) opt->weight_hm = w;
        if (strcmp(t, "SM") == 0) opt->weight_sm = w;
        if (strcmp(t, "CPM") == 0) opt->weight_cpm = w;
        if (strcmp(t, "EMF") == 0) opt->weight_emf = w;
    }
    if (c->n_priors) {
        in->priors = calloc(c->n_priors, sizeof *in->priors);
        if (!in->priors) return LQ_ENOMEM;
        for (size_t i = 0; i < c->n_priors; i++) {
            const lq_assess_run_prior *r = &c->priors[i];
            lq_prior_spec *p = &in->priors[i];
            p->kind = (lq_prior_kind)r->name; /* same order as espei/priors.py */
            const lq_assess_run_prior_hyper *h[3] = {&r->loc, &r->scale, &r->c};
            lq_prior_param *q[3] = {&p->loc, &p->scale, &p->c};
            for (int k = 0; k < 3; k++) {
                q[k]->set = h[k]->set;
                q[k]->ref = (lq_prior_ref)h[k]->mod;
                q[k]->value = h[k]->value;
            }
        }
        opt->priors = in->priors;
        opt->n_priors = c->n_priors;
    }
    opt->components = (const char *const *)in->pm->components;
    opt->n_components = in->pm->n_components;
    opt->n_threads = 1;
    return LQ_OK;
}

/* The starting database: mcmc.input_db, or else the parameters generate_parameters gives (ESPEI
 * starts its MCMC from the generated database when the run file has both steps). */
static lq_status start_db(inputs *in, lq_diag *d) {
    const lq_assess_run_config *c = &in->cfg;
    if (c->mcmc_input_db) return lq_db_read_file(c->mcmc_input_db, &in->db, d);
    lq_assess_paramgen_options po;
    lq_assess_paramgen_options_default(&po);
    po.ref_state = c->ref_state;
    po.excess_model = c->excess_model;
    po.use_ridge = !isnan(c->ridge_alpha);
    po.ridge_alpha = c->ridge_alpha;
    lq_assess_aicc_penalty *pen = calloc(c->n_aicc ? c->n_aicc : 1, sizeof *pen);
    if (!pen) return LQ_ENOMEM;
    for (size_t i = 0; i < c->n_aicc; i++)
        pen[i] = (lq_assess_aicc_penalty){c->aicc[i].phase, c->aicc[i].property, c->aicc[i].factor};
    po.n_aicc_penalty = c->n_aicc;
    po.aicc_penalty = pen;
    lq_assess_paramgen_result *res = NULL;
    lq_status st = lq_assess_paramgen(in->pm, in->set, &po, &res, d);
    if (st == LQ_OK) st = lq_assess_paramgen_db(res, &in->db, d);
    lq_assess_paramgen_free(res);
    free(pen);
    return st;
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
    st = lq_assess_phase_models_read(in->cfg.phase_models, &in->pm, &d);
    if (st == LQ_OK) st = read_datasets(in->cfg.datasets, &in->set, &d);
    if (st == LQ_OK) st = lq_assess_run_apply_tags(&in->cfg, in->set, &d);
    if (st == LQ_OK) st = start_db(in, &d);
    if (st != LQ_OK) return lqa_fail("assess", st, &d);
    lq_assess_lnprob_options opt;
    if (options_from_run(in, &opt) != LQ_OK) return lqa_fail("assess", LQ_ENOMEM, NULL);
    st = lq_assess_ctx_create(in->db, in->set, (const char *const *)in->cfg.symbols,
                              in->cfg.n_symbols, &opt, &in->ctx, &d);
    return st == LQ_OK ? 0 : lqa_fail("assess", st, &d);
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

static int run(int argc, char **argv, const lqa_ctx *ctx) {
    const char *input = NULL;
    int lnprob = 0;
    const lqa_opt opts[] = {
        {"input", LQA_STRING, &input, "RUN.yaml", "ESPEI run file (required)"},
        {"lnprob", LQA_FLAG, &lnprob, NULL, "evaluate the log-probability of mcmc.input_db"},
    };
    int rc =
        lqa_parse("assess", USAGE, opts, sizeof opts / sizeof opts[0], argc, argv, NULL, 0, NULL);
    if (rc) return rc == 1 ? LQA_EXIT_OK : LQA_EXIT_USAGE;
    if (!input) return lqa_usage_error("assess", "--input RUN.yaml is required");
    if (!lnprob)
        return lqa_usage_error("assess",
                               "only --lnprob is in this build: running the run file's "
                               "generate_parameters and mcmc is not available yet");
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

const lq_cmd lq_cmd_assess = {"assess", "ESPEI assessment: log-probability of a run file's data",
                              run};
