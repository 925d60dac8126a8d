/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ESPEI run files (YAML): ESPEI 0.9.1's schema, defaults and the options liquidus refuses. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "assess/dataset_internal.h"
#include "core/core_internal.h"
#include "liquidus/core.h"

/*
 * Keys, types, ranges and defaults: ESPEI 0.9.1 espei/input-schema.yaml (validated by Cerberus,
 * which refuses unknown keys) and espei_script.py get_run_settings (chains_per_parameter 2 and
 * chain_std_deviation 0.1 unless restarting; tracefile/probfile "None" means no file). Scalars are
 * typed as PyYAML types them (YAML 1.1: null ~ "", yes/no/on/off/true/false, numbers), except that
 * a number such as 1e-4 is read as a number here where PyYAML would keep it a string.
 * Relative paths are resolved against the folder of the run file (ESPEI uses the working folder).
 */

#define GIBBS_FD "espei.parameter_selection.fitting_descriptions.gibbs_energy_fitting_description"

typedef struct rf {
    yaml_document_t *doc;
    const char *file, *base;
    lq_diag *diag;
    char f[LQI_DS_FIELD];
    yaml_node_t *key;     /* key node of the pair being read */
    yaml_node_t *restart; /* mcmc.restart_trace key, for the cross-key check */
} rf;

typedef enum skind { S_NULL, S_BOOL, S_INT, S_FLOAT, S_STR, S_NOT_SCALAR } skind;

static lq_status failn(rf *r, const yaml_node_t *n, lq_status st, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static lq_status failn(rf *r, const yaml_node_t *n, lq_status st, const char *fmt, ...) {
    if (r->diag) {
        char msg[LQ_DIAG_MSG_SIZE];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        lqi_diag_set(r->diag, st, r->file, n ? (long)n->start_mark.line + 1 : 0, r->f, "%s", msg);
    }
    return st;
}

static const char *sval(const yaml_node_t *n) { return (const char *)n->data.scalar.value; }

static int one_of(const char *s, const char *const *list) {
    for (; *list; list++)
        if (strcmp(s, *list) == 0) return 1;
    return 0;
}

/* PyYAML's (YAML 1.1) implicit type of a scalar; quoted scalars are strings. */
static skind kind_of(const yaml_node_t *n, double *num) {
    if (!n || n->type != YAML_SCALAR_NODE) return S_NOT_SCALAR;
    if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return S_STR;
    const char *s = sval(n);
    static const char *const nulls[] = {"", "~", "null", "Null", "NULL", NULL};
    static const char *const trues[] = {"yes",  "Yes", "YES", "true", "True",
                                        "TRUE", "on",  "On",  "ON",   NULL};
    static const char *const falses[] = {"no",    "No",  "NO",  "false", "False",
                                         "FALSE", "off", "Off", "OFF",   NULL};
    if (one_of(s, nulls)) return S_NULL;
    if (one_of(s, trues) || one_of(s, falses)) {
        if (num) *num = one_of(s, trues) ? 1.0 : 0.0;
        return S_BOOL;
    }
    double v;
    if (lqi_parse_double(s, strlen(s), 0, &v) == 0) {
        if (num) *num = v;
        return strpbrk(s, ".eEnN") ? S_FLOAT : S_INT;
    }
    return S_STR;
}

static yaml_node_t *node(rf *r, int i) { return yaml_document_get_node(r->doc, i); }

/* Calls fn for each (key, value) of a mapping, refusing keys not in `allowed` and repeats. */
typedef lq_status (*pair_fn)(rf *r, const char *key, yaml_node_t *v, void *ctx);

static lq_status each_pair(rf *r, yaml_node_t *map, const char *path, const char *const *allowed,
                           pair_fn fn, void *ctx) {
    lqi_ds_field(r->f, "%s", path);
    if (!map || map->type != YAML_MAPPING_NODE)
        return failn(r, map, LQ_EPARSE, "must be a mapping of keys to values");
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = node(r, p->key), *v = node(r, p->value);
        lqi_ds_field(r->f, "%s", path);
        if (kind_of(k, NULL) == S_NOT_SCALAR) return failn(r, k, LQ_EPARSE, "keys must be names");
        const char *key = sval(k);
        lqi_ds_field(r->f, "%s%s%s", path, path[0] ? "." : "", key);
        for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++)
            if (strcmp(sval(node(r, q->key)), key) == 0)
                return failn(r, k, LQ_EPARSE, "given twice");
        if (allowed && !one_of(key, allowed))
            return failn(r, k, LQ_EPARSE, "unknown key (not in ESPEI 0.9.1's run-file schema)");
        r->key = k;
        lq_status st = fn(r, key, v, ctx);
        if (st != LQ_OK) return st;
    }
    return LQ_OK;
}

/* ---------------------------------------------------------------- typed values */

static lq_status get_str(rf *r, yaml_node_t *v, int nullable, char **out) {
    skind k = kind_of(v, NULL);
    if (k == S_NULL && nullable) return LQ_OK;
    if (k != S_STR) return failn(r, v, LQ_EPARSE, "must be a string%s", nullable ? " or null" : "");
    lqi_free(*out);
    *out = lqi_strdup(sval(v));
    return *out ? LQ_OK : LQ_ENOMEM;
}

static int ends_with(const char *s, const char *tail) {
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && strcmp(s + n - m, tail) == 0;
}

/* A path as written; resolved against the run file's folder at the end (resolve_paths). */
static lq_status get_path(rf *r, yaml_node_t *v, int nullable, const char *ext, char **out) {
    char *s = NULL;
    lq_status st = get_str(r, v, nullable, &s);
    if (st != LQ_OK || !s) return st;
    if (ext && !ends_with(s, ext)) {
        lqi_free(s);
        return failn(r, v, LQ_EPARSE, "must name a %s file", ext);
    }
    lqi_free(*out);
    *out = s;
    return LQ_OK;
}

static lq_status resolve(const char *base, char **p) {
    if (!*p || (*p)[0] == '/' || !base || !base[0]) return LQ_OK;
    char *full = lqi_malloc(strlen(base) + strlen(*p) + 2);
    if (!full) return LQ_ENOMEM;
    strcpy(full, base);
    if (full[strlen(full) - 1] != '/') strcat(full, "/");
    strcat(full, *p);
    lqi_free(*p);
    *p = full;
    return LQ_OK;
}

/* Every path of the run file, given or default, against the run file's folder. */
static lq_status resolve_paths(const char *base, lq_assess_run_config *c) {
    char **paths[] = {&c->phase_models, &c->datasets,      &c->logfile,
                      &c->output_db,    &c->tracefile,     &c->probfile,
                      &c->gp_input_db,  &c->mcmc_input_db, &c->restart_trace};
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
        lq_status st = resolve(base, paths[i]);
        if (st != LQ_OK) return st;
    }
    return LQ_OK;
}

static lq_status get_long(rf *r, yaml_node_t *v, long min, long *out) {
    double x;
    if (kind_of(v, &x) != S_INT || x != floor(x) || fabs(x) > 1e15)
        return failn(r, v, LQ_EPARSE, "must be an integer");
    if (x < (double)min) return failn(r, v, LQ_EPARSE, "must be >= %ld", min);
    *out = (long)x;
    return LQ_OK;
}

static lq_status get_num(rf *r, yaml_node_t *v, double *out) {
    skind k = kind_of(v, out);
    if ((k != S_INT && k != S_FLOAT) || !isfinite(*out))
        return failn(r, v, LQ_EPARSE, "must be a finite number");
    return LQ_OK;
}

static lq_status get_bool(rf *r, yaml_node_t *v, int *out) {
    double x;
    if (kind_of(v, &x) != S_BOOL) return failn(r, v, LQ_EPARSE, "must be true or false");
    *out = x != 0.0;
    return LQ_OK;
}

static lq_status get_strv(rf *r, yaml_node_t *v, char ***out, size_t *n) {
    if (!v || v->type != YAML_SEQUENCE_NODE)
        return failn(r, v, LQ_EPARSE, "must be a list of strings");
    size_t m = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
    char **s = lqi_calloc(m + 1, sizeof *s);
    if (!s) return LQ_ENOMEM;
    *out = s;
    *n = 0;
    for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top;
         it++) {
        yaml_node_t *e = node(r, *it);
        if (kind_of(e, NULL) != S_STR) return failn(r, e, LQ_EPARSE, "must be a list of strings");
        if (!(s[*n] = lqi_strdup(sval(e)))) return LQ_ENOMEM;
        (*n)++;
    }
    return LQ_OK;
}

/* ---------------------------------------------------------------- system */

static lq_status tag_pair(rf *r, const char *key, yaml_node_t *v, void *ctx) {
    lq_assess_run_tag *t = ctx;
    if (strcmp(key, "weight") == 0) {
        t->has_weight = 1;
        lq_status st = get_num(r, v, &t->weight);
        if (st == LQ_OK && t->weight <= 0.0) return failn(r, v, LQ_EPARSE, "must be > 0");
        return st;
    }
    if (strcmp(key, "excluded_model_contributions") == 0)
        return get_strv(r, v, &t->excluded, &t->n_excluded);
    if (strcmp(key, "disabled") == 0) {
        t->has_disabled = 1;
        return get_bool(r, v, &t->disabled);
    }
    return failn(r, v, LQ_EUNSUPPORTED,
                 "liquidus applies the tag keys weight, excluded_model_contributions and "
                 "disabled only");
}

static lq_status tags_pair(rf *r, const char *key, yaml_node_t *v, void *ctx) {
    lq_assess_run_config *c = ctx;
    lq_assess_run_tag *t = &c->tags[c->n_tags++];
    if (!(t->name = lqi_strdup(key))) return LQ_ENOMEM;
    char path[LQI_DS_FIELD];
    lqi_ds_field(path, "system.tags.%s", key);
    return each_pair(r, v, path, NULL, tag_pair, t);
}

static lq_status system_pair(rf *r, const char *key, yaml_node_t *v, void *ctx) {
    lq_assess_run_config *c = ctx;
    if (strcmp(key, "phase_models") == 0) return get_path(r, v, 0, ".json", &c->phase_models);
    if (strcmp(key, "datasets") == 0) return get_path(r, v, 0, NULL, &c->datasets);
    /* tags */
    if (!v || v->type != YAML_MAPPING_NODE)
        return failn(r, v, LQ_EPARSE, "must be a mapping {tag: {key: value}}");
    size_t m = (size_t)(v->data.mapping.pairs.top - v->data.mapping.pairs.start);
    c->tags = lqi_calloc(m + 1, sizeof *c->tags);
    if (!c->tags) return LQ_ENOMEM;
    return each_pair(r, v, "system.tags", NULL, tags_pair, c);
}

/* ---------------------------------------------------------------- output */

static lq_status output_pair(rf *r, const char *key, yaml_node_t *v, void *ctx) {
    lq_assess_run_config *c = ctx;
    if (strcmp(key, "verbosity") == 0) {
        long x = 0;
        lq_status st = get_long(r, v, 0, &x);
        if (st == LQ_OK && x > 3) return failn(r, v, LQ_EPARSE, "must be 0, 1, 2 or 3");
        c->verbosity = (int)x;
        return st;
    }
    if (strcmp(key, "logfile") == 0) {
        lqi_free(c->logfile);
        c->logfile = NULL;
        return get_path(r, v, 1, NULL, &c->logfile);
    }
    if (strcmp(key, "output_db") == 0) return get_path(r, v, 0, NULL, &c->output_db);
    /* tracefile, probfile: '.*\.npy$|None', nullable; "None" means no file (espei_script) */
    char **dst = strcmp(key, "tracefile") == 0 ? &c->tracefile : &c->probfile;
    lqi_free(*dst);
    *dst = NULL;
    if (kind_of(v, NULL) == S_STR && strcmp(sval(v), "None") == 0) return LQ_OK;
    return get_path(r, v, 1, ".npy", dst);
}

/* ---------------------------------------------------------------- generate_parameters */

static lq_status aicc_prop(rf *r, const char *key, yaml_node_t *v, void *ctx) {
    lq_assess_run_config *c = ctx;
    lq_assess_run_aicc *a = lqi_realloc(c->aicc, (c->n_aicc + 1) * sizeof *a);
    if (!a) return LQ_ENOMEM;
    c->aicc = a;
    a = &c->aicc[c->n_aicc];
    memset(a, 0, sizeof *a);
    c->n_aicc++;
    /* the phase name is the previous path component, kept in the field */
    const char *dot = strrchr(r->f, '.');
    size_t plen = strlen("generate_parameters.aicc_penalty_factor.");
    size_t len = dot && (size_t)(dot - r->f) > plen ? (size_t)(dot - r->f) - plen : 0;
    a->phase = lqi_malloc(len + 1);
    if (!a->phase || !(a->property = lqi_strdup(key))) return LQ_ENOMEM;
    memcpy(a->phase, r->f + plen, len);
    a->phase[len] = '\0';
    return get_num(r, v, &a->factor);
}

static lq_status aicc_phase(rf *r, const char *key, yaml_node_t *v, void *ctx) {
    char path[LQI_DS_FIELD];
    lqi_ds_field(path, "generate_parameters.aicc_penalty_factor.%s", key);
    return each_pair(r, v, path, NULL, aicc_prop, ctx);
}

static lq_status gp_pair(rf *r, const char *key, yaml_node_t *v, void *ctx) {
    lq_assess_run_config *c = ctx;
    lq_status st;
    if (strcmp(key, "excess_model") == 0) {
        if ((st = get_str(r, v, 0, &c->excess_model)) != LQ_OK) return st;
        /* schema regex 'linear' */
        return strcmp(c->excess_model, "linear") == 0
                   ? LQ_OK
                   : failn(r, v, LQ_EUNSUPPORTED, "%s: ESPEI and liquidus have linear only",
                           c->excess_model);
    }
    if (strcmp(key, "ref_state") == 0) {
        if ((st = get_str(r, v, 0, &c->ref_state)) != LQ_OK) return st;
        static const char *const refs[] = {"SGTE91", "SR2016", NULL};
        return one_of(c->ref_state, refs)
                   ? LQ_OK
                   : failn(r, v, LQ_EUNSUPPORTED, "%s: SGTE91 or SR2016", c->ref_state);
    }
    if (strcmp(key, "ridge_alpha") == 0) {
        if (kind_of(v, NULL) == S_NULL) return LQ_OK;
        if ((st = get_num(r, v, &c->ridge_alpha)) != LQ_OK) return st;
        return c->ridge_alpha >= 0.0 ? LQ_OK : failn(r, v, LQ_EPARSE, "must be >= 0");
    }
    if (strcmp(key, "aicc_penalty_factor") == 0) {
        if (kind_of(v, NULL) == S_NULL) return LQ_OK;
        return each_pair(r, v, "generate_parameters.aicc_penalty_factor", NULL, aicc_phase, c);
    }
    if (strcmp(key, "input_db") == 0) return get_path(r, v, 0, NULL, &c->gp_input_db);
    /* fitting_description */
    if ((st = get_str(r, v, 0, &c->fitting_description)) != LQ_OK) return st;
    return strcmp(c->fitting_description, GIBBS_FD) == 0
               ? LQ_OK
               : failn(r, v, LQ_EUNSUPPORTED, "%s: liquidus fits Gibbs-energy parameters only (%s)",
                       c->fitting_description, GIBBS_FD);
}

/* ---------------------------------------------------------------- mcmc */

static lq_status prior_pair(rf *r, const char *key, yaml_node_t *v, void *ctx) {
    lq_assess_run_prior *p = ctx;
    if (strcmp(key, "name") == 0) {
        static const char *const names[] = {"zero", "normal", "uniform", "triangular", NULL};
        if (kind_of(v, NULL) != S_STR || !one_of(sval(v), names))
            return failn(r, v, LQ_EPARSE, "must be zero, normal, uniform or triangular");
        for (int i = 0; names[i]; i++)
            if (strcmp(sval(v), names[i]) == 0) p->name = (lq_assess_run_prior_name)i;
        return LQ_OK;
    }
    /* priors.py PriorSpec: "<hyper>[_<modifier>]", the modifier "absolute" when absent */
    static const char *const mods[] = {"absolute",       "relative", "shift_absolute",
                                       "shift_relative", "identity", NULL};
    const char *us = strchr(key, '_');
    size_t hl = us ? (size_t)(us - key) : strlen(key);
    lq_assess_run_prior_hyper *h = hl == 3 && strncmp(key, "loc", 3) == 0     ? &p->loc
                                   : hl == 5 && strncmp(key, "scale", 5) == 0 ? &p->scale
                                   : hl == 1 && key[0] == 'c'                 ? &p->c
                                                                              : NULL;
    if (!h) return failn(r, v, LQ_EPARSE, "prior hyperparameters are loc, scale and c");
    if (h->set) return failn(r, v, LQ_EPARSE, "hyperparameter given twice");
    const char *mod = us ? us + 1 : "absolute";
    if (!one_of(mod, mods))
        return failn(r, v, LQ_EPARSE,
                     "modifier must be absolute, relative, shift_absolute, shift_relative or "
                     "identity");
    for (int i = 0; mods[i]; i++)
        if (strcmp(mod, mods[i]) == 0) h->mod = (lq_assess_run_prior_mod)i;
    h->set = 1;
    return get_num(r, v, &h->value);
}

static lq_status get_prior(rf *r, yaml_node_t *v, const char *path, lq_assess_run_prior *p) {
    memset(p, 0, sizeof *p);
    p->name = (lq_assess_run_prior_name)-1;
    lq_status st = each_pair(r, v, path, NULL, prior_pair, p);
    if (st != LQ_OK) return st;
    lqi_ds_field(r->f, "%s", path);
    if ((int)p->name < 0) return failn(r, v, LQ_EPARSE, "a prior needs a name");
    if (p->c.set && p->name != LQ_ASSESS_RUN_PRIOR_TRIANGULAR)
        return failn(r, v, LQ_EPARSE, "c is a hyperparameter of the triangular prior only");
    return LQ_OK;
}

static lq_status get_priors(rf *r, yaml_node_t *v, lq_assess_run_config *c) {
    lqi_free(c->priors);
    c->priors = NULL;
    c->n_priors = 0;
    if (v && v->type == YAML_MAPPING_NODE) {
        if (!(c->priors = lqi_calloc(1, sizeof *c->priors))) return LQ_ENOMEM;
        c->n_priors = 1;
        return get_prior(r, v, "mcmc.prior", c->priors);
    }
    if (!v || v->type != YAML_SEQUENCE_NODE ||
        v->data.sequence.items.top == v->data.sequence.items.start)
        return failn(r, v, LQ_EPARSE, "must be a prior mapping or a list of them");
    size_t m = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
    if (!(c->priors = lqi_calloc(m, sizeof *c->priors))) return LQ_ENOMEM;
    for (size_t i = 0; i < m; i++) {
        char path[LQI_DS_FIELD];
        lqi_ds_field(path, "mcmc.prior[%zu]", i);
        c->n_priors = i + 1;
        lq_status st = get_prior(r, node(r, v->data.sequence.items.start[i]), path, &c->priors[i]);
        if (st != LQ_OK) return st;
    }
    return LQ_OK;
}

static lq_status weight_pair(rf *r, const char *key, yaml_node_t *v, void *ctx) {
    lq_assess_run_config *c = ctx;
    size_t i = 0;
    while (i < c->n_data_weights && strcmp(c->data_weights[i].type, key) != 0) i++;
    if (i == c->n_data_weights) {
        lq_assess_run_weight *w = lqi_realloc(c->data_weights, (i + 1) * sizeof *w);
        if (!w) return LQ_ENOMEM;
        c->data_weights = w;
        if (!(w[i].type = lqi_strdup(key))) return LQ_ENOMEM;
        c->n_data_weights++;
    }
    lq_status st = get_num(r, v, &c->data_weights[i].weight);
    if (st == LQ_OK && c->data_weights[i].weight <= 0.0)
        return failn(r, v, LQ_EPARSE, "must be > 0 (sigma is divided by it)");
    return st;
}

static lq_status mcmc_pair(rf *r, const char *key, yaml_node_t *v, void *ctx) {
    lq_assess_run_config *c = ctx;
    if (strcmp(key, "iterations") == 0) return get_long(r, v, 0, &c->iterations);
    if (strcmp(key, "prior") == 0) return get_priors(r, v, c);
    if (strcmp(key, "save_interval") == 0) return get_long(r, v, 1, &c->save_interval);
    if (strcmp(key, "cores") == 0) return get_long(r, v, 1, &c->cores);
    if (strcmp(key, "input_db") == 0) return get_path(r, v, 0, NULL, &c->mcmc_input_db);
    if (strcmp(key, "restart_trace") == 0) {
        r->restart = r->key;
        return get_path(r, v, 0, ".npy", &c->restart_trace);
    }
    if (strcmp(key, "deterministic") == 0) return get_bool(r, v, &c->deterministic);
    if (strcmp(key, "data_weights") == 0)
        return each_pair(r, v, "mcmc.data_weights", NULL, weight_pair, c);
    if (strcmp(key, "symbols") == 0) return get_strv(r, v, &c->symbols, &c->n_symbols);
    if (strcmp(key, "chains_per_parameter") == 0) {
        lq_status st = get_long(r, v, 2, &c->chains_per_parameter);
        if (st == LQ_OK && c->chains_per_parameter % 2)
            return failn(r, v, LQ_EPARSE, "must be an even number (ESPEI iseven)");
        return st;
    }
    if (strcmp(key, "chain_std_deviation") == 0) {
        lq_status st = get_num(r, v, &c->chain_std_deviation);
        if (st == LQ_OK && c->chain_std_deviation < 0.0)
            return failn(r, v, LQ_EPARSE, "must be >= 0");
        return st;
    }
    if (strcmp(key, "approximate_equilibrium") == 0) {
        lq_status st = get_bool(r, v, &c->approximate_equilibrium);
        if (st == LQ_OK && c->approximate_equilibrium)
            return failn(r, v, LQ_EUNSUPPORTED,
                         "true is not supported: liquidus always refines the equilibria of the "
                         "ZPF likelihood (no unrefined starting-point hyperplanes)");
        return st;
    }
    /* scheduler: 'dask|.*\.json$', nullable */
    if (kind_of(v, NULL) == S_NULL) {
        c->scheduler = LQ_ASSESS_RUN_SCHED_NONE;
        return LQ_OK;
    }
    if (kind_of(v, NULL) == S_STR && strcmp(sval(v), "dask") == 0) {
        c->scheduler = LQ_ASSESS_RUN_SCHED_LOCAL;
        return LQ_OK;
    }
    if (kind_of(v, NULL) == S_STR && ends_with(sval(v), ".json"))
        return failn(r, v, LQ_EUNSUPPORTED,
                     "dask-distributed scheduler files are not supported: liquidus runs chains "
                     "on threads (cores) or MPI ranks; use dask or null");
    return failn(r, v, LQ_EPARSE, "must be dask, null or a scheduler *.json file");
}

/* ---------------------------------------------------------------- top level */

typedef struct sect {
    yaml_node_t *system, *output, *gp, *mcmc; /* values */
    yaml_node_t *ksystem, *kgp, *kmcmc;       /* their keys, for lines */
} sect;

static lq_status top_pair(rf *r, const char *key, yaml_node_t *v, void *ctx) {
    sect *s = ctx;
    if (strcmp(key, "system") == 0) s->system = v, s->ksystem = r->key;
    if (strcmp(key, "output") == 0) s->output = v;
    if (strcmp(key, "generate_parameters") == 0) s->gp = v, s->kgp = r->key;
    if (strcmp(key, "mcmc") == 0) s->mcmc = v, s->kmcmc = r->key;
    return LQ_OK;
}

static lq_status set_defaults(lq_assess_run_config *c) {
    c->output_db = lqi_strdup("out.tdb");
    c->tracefile = lqi_strdup("trace.npy");
    c->probfile = lqi_strdup("lnprob.npy");
    c->ridge_alpha = (double)NAN;
    c->fitting_description = lqi_strdup(GIBBS_FD);
    c->save_interval = 1;
    c->deterministic = 1;
    c->chains_per_parameter = 0;
    c->chain_std_deviation = (double)NAN;
    c->priors = lqi_calloc(1, sizeof *c->priors); /* {'name': 'zero'} */
    c->n_priors = 1;
    static const char *const types[] = {"ZPF", "ACR", "HM", "SM", "CPM"};
    c->data_weights = lqi_calloc(5, sizeof *c->data_weights);
    if (!c->output_db || !c->tracefile || !c->probfile || !c->fitting_description || !c->priors ||
        !c->data_weights)
        return LQ_ENOMEM;
    for (size_t i = 0; i < 5; i++) {
        if (!(c->data_weights[i].type = lqi_strdup(types[i]))) return LQ_ENOMEM;
        c->data_weights[i].weight = 1.0;
        c->n_data_weights = i + 1;
    }
    return LQ_OK;
}

/* Requirements across keys (schema "required", "dependencies", "excludes", oneof). */
static lq_status cross_checks(rf *r, lq_assess_run_config *c, const sect *s) {
    static const char *const sys_req[] = {"phase_models", "datasets"};
    char *const sys_val[] = {c->phase_models, c->datasets};
    for (int i = 0; i < 2; i++)
        if (!sys_val[i]) {
            lqi_ds_field(r->f, "system.%s", sys_req[i]);
            return failn(r, s->ksystem, LQ_EPARSE, "required");
        }
    if (s->gp && (!c->excess_model || !c->ref_state)) {
        lqi_ds_field(r->f, "generate_parameters.%s",
                     c->excess_model ? "ref_state" : "excess_model");
        return failn(r, s->kgp, LQ_EPARSE, "required");
    }
    if (!s->mcmc) return LQ_OK;
    if (c->iterations < 0) {
        lqi_ds_field(r->f, "mcmc.iterations");
        return failn(r, s->kmcmc, LQ_EPARSE, "required");
    }
    /* docs: "one and only one source of parameters": generate_parameters or mcmc.input_db */
    if ((s->gp != NULL) == (c->mcmc_input_db != NULL)) {
        lqi_ds_field(r->f, "mcmc.input_db");
        return failn(r, s->kmcmc, LQ_EPARSE,
                     "give exactly one source of parameters: generate_parameters or "
                     "mcmc.input_db");
    }
    if (c->restart_trace) {
        lqi_ds_field(r->f, "mcmc.restart_trace");
        if (c->chains_per_parameter || !isnan(c->chain_std_deviation))
            return failn(r, r->restart, LQ_EPARSE,
                         "excludes chains_per_parameter and chain_std_deviation (the trace fixes "
                         "the chains)");
    } else {
        /* espei_script.get_run_settings */
        if (!c->chains_per_parameter) c->chains_per_parameter = 2;
        if (isnan(c->chain_std_deviation)) c->chain_std_deviation = 0.1;
    }
    return LQ_OK;
}

static lq_status from_doc(rf *r, lq_assess_run_config *c) {
    yaml_node_t *root = yaml_document_get_root_node(r->doc);
    lqi_ds_field(r->f, "%s", "");
    if (!root) return failn(r, NULL, LQ_EPARSE, "empty run file");
    static const char *const top[] = {"system", "output", "generate_parameters", "mcmc", NULL};
    static const char *const ksys[] = {"phase_models", "datasets", "tags", NULL};
    static const char *const kout[] = {"verbosity", "logfile",  "output_db",
                                       "tracefile", "probfile", NULL};
    static const char *const kgp[] = {
        "excess_model", "ref_state",           "ridge_alpha", "aicc_penalty_factor",
        "input_db",     "fitting_description", NULL};
    static const char *const kmc[] = {"iterations",
                                      "prior",
                                      "save_interval",
                                      "scheduler",
                                      "cores",
                                      "input_db",
                                      "restart_trace",
                                      "chains_per_parameter",
                                      "chain_std_deviation",
                                      "deterministic",
                                      "approximate_equilibrium",
                                      "data_weights",
                                      "symbols",
                                      NULL};
    sect s = {NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    lq_status st = each_pair(r, root, "", top, top_pair, &s);
    if (st != LQ_OK) return st;
    lqi_ds_field(r->f, "system");
    if (!s.system) return failn(r, root, LQ_EPARSE, "required");
    c->iterations = -1;
    c->has_generate_parameters = s.gp != NULL;
    c->has_mcmc = s.mcmc != NULL;
    if ((st = each_pair(r, s.system, "system", ksys, system_pair, c)) != LQ_OK) return st;
    if (s.output && (st = each_pair(r, s.output, "output", kout, output_pair, c)) != LQ_OK)
        return st;
    if (s.gp && (st = each_pair(r, s.gp, "generate_parameters", kgp, gp_pair, c)) != LQ_OK)
        return st;
    if (s.mcmc && (st = each_pair(r, s.mcmc, "mcmc", kmc, mcmc_pair, c)) != LQ_OK) return st;
    st = cross_checks(r, c, &s);
    if (!s.mcmc) c->iterations = 0;
    return st == LQ_OK ? resolve_paths(r->base, c) : st;
}

lq_status lq_assess_run_read_string(const char *yaml, size_t len, const char *name,
                                    const char *base_dir, lq_assess_run_config *cfg,
                                    lq_diag *diag) {
    if (!yaml || !cfg) return lqi_diag_set(diag, LQ_EINVAL, name, 0, NULL, "NULL argument");
    if (!name) name = "<run file>";
    yaml_parser_t parser;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&parser)) return LQ_ENOMEM;
    yaml_parser_set_input_string(&parser, (const unsigned char *)yaml, len);
    if (!yaml_parser_load(&parser, &doc)) {
        lq_status st =
            lqi_diag_set(diag, LQ_EPARSE, name, (long)parser.problem_mark.line + 1, NULL,
                         "YAML syntax error: %s%s%s", parser.problem ? parser.problem : "unknown",
                         parser.context ? " " : "", parser.context ? parser.context : "");
        yaml_parser_delete(&parser);
        return st;
    }
    lq_assess_run_config c;
    memset(&c, 0, sizeof c);
    rf r = {&doc, name, base_dir, diag, {0}, NULL, NULL};
    lq_status st = set_defaults(&c);
    if (st == LQ_OK) st = (c.path = lqi_strdup(name)) ? LQ_OK : LQ_ENOMEM;
    if (st == LQ_OK) st = from_doc(&r, &c);
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    if (st != LQ_OK) {
        if (st == LQ_ENOMEM) lqi_diag_set(diag, LQ_ENOMEM, name, 0, NULL, "out of memory");
        lq_assess_run_free(&c);
        return st;
    }
    *cfg = c;
    return LQ_OK;
}

lq_status lq_assess_run_read(const char *path, lq_assess_run_config *cfg, lq_diag *diag) {
    if (!path || !cfg) return lqi_diag_set(diag, LQ_EINVAL, path, 0, NULL, "NULL argument");
    char *text = NULL;
    size_t n = 0;
    lq_status st = lq_file_read_all(path, &text, &n, diag);
    if (st != LQ_OK) return st;
    /* the folder of the run file, against which its relative paths are resolved */
    const char *slash = strrchr(path, '/');
    size_t bl = slash ? (size_t)(slash - path) : 0;
    char *base = lqi_malloc(bl + 2);
    if (!base) {
        lqi_free(text);
        return lqi_diag_set(diag, LQ_ENOMEM, path, 0, NULL, "out of memory");
    }
    if (slash && bl == 0)
        strcpy(base, "/");
    else {
        memcpy(base, path, bl);
        base[bl] = '\0';
    }
    st = lq_assess_run_read_string(text, n, path, base, cfg, diag);
    lqi_free(base);
    lqi_free(text);
    return st;
}

void lq_assess_run_free(lq_assess_run_config *c) {
    if (!c) return;
    char *strs[] = {c->path,         c->phase_models,        c->datasets,
                    c->logfile,      c->output_db,           c->tracefile,
                    c->probfile,     c->excess_model,        c->ref_state,
                    c->gp_input_db,  c->fitting_description, c->mcmc_input_db,
                    c->restart_trace};
    for (size_t i = 0; i < sizeof strs / sizeof *strs; i++) lqi_free(strs[i]);
    if (c->tags)
        for (size_t i = 0; i < c->n_tags; i++) {
            lqi_free(c->tags[i].name);
            lqi_ds_strv_free(c->tags[i].excluded, c->tags[i].n_excluded);
        }
    lqi_free(c->tags);
    if (c->aicc)
        for (size_t i = 0; i < c->n_aicc; i++) {
            lqi_free(c->aicc[i].phase);
            lqi_free(c->aicc[i].property);
        }
    lqi_free(c->aicc);
    lqi_free(c->priors);
    if (c->data_weights)
        for (size_t i = 0; i < c->n_data_weights; i++) lqi_free(c->data_weights[i].type);
    lqi_free(c->data_weights);
    lqi_ds_strv_free(c->symbols, c->n_symbols);
    memset(c, 0, sizeof *c);
}

/* ---------------------------------------------------------------- output folder */

lq_status lq_assess_run_set_output_dir(lq_assess_run_config *cfg, const char *dir, lq_diag *diag) {
    if (!cfg || !dir || !dir[0])
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "run config and folder are required");
    char **f[3] = {&cfg->output_db, &cfg->tracefile, &cfg->probfile};
    char *made[3] = {NULL, NULL, NULL};
    for (int k = 0; k < 3; k++) {
        if (!*f[k]) continue; /* null: not written, stays so */
        const char *base = strrchr(*f[k], '/');
        base = base ? base + 1 : *f[k];
        size_t n = strlen(dir) + strlen(base) + 2;
        if (!(made[k] = lqi_malloc(n))) {
            for (int j = 0; j < k; j++) lqi_free(made[j]);
            return LQ_ENOMEM;
        }
        snprintf(made[k], n, "%s/%s", dir, base);
    }
    for (int k = 0; k < 3; k++)
        if (made[k]) {
            lqi_free(*f[k]);
            *f[k] = made[k];
        }
    return LQ_OK;
}

/* ---------------------------------------------------------------- tags */

static int has_tag(const lq_dataset *ds, const char *tag) {
    for (size_t i = 0; i < ds->n_tags; i++)
        if (strcmp(ds->tags[i], tag) == 0) return 1;
    return 0;
}

static lq_status apply_tag(const lq_assess_run_tag *t, lq_dataset *ds) {
    if (t->has_weight) ds->weight = t->weight;
    if (t->has_disabled) ds->disabled = t->disabled;
    if (!t->n_excluded) return LQ_OK;
    /* datasets.apply_tags: a list extends the dataset's list */
    char **e = lqi_realloc(ds->excluded, (ds->n_excluded + t->n_excluded) * sizeof *e);
    if (!e) return LQ_ENOMEM;
    ds->excluded = e;
    for (size_t k = 0; k < t->n_excluded; k++) {
        if (!(e[ds->n_excluded] = lqi_strdup(t->excluded[k]))) return LQ_ENOMEM;
        ds->n_excluded++;
    }
    return LQ_OK;
}

lq_status lq_assess_run_apply_tags(const lq_assess_run_config *cfg, lq_dataset_set *set,
                                   lq_diag *diag) {
    if (!cfg || !set) return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument");
    for (size_t t = 0; t < cfg->n_tags; t++)
        for (size_t i = 0; i < set->n; i++)
            if (has_tag(set->ds[i], cfg->tags[t].name) &&
                apply_tag(&cfg->tags[t], set->ds[i]) != LQ_OK)
                return lqi_diag_set(diag, LQ_ENOMEM, NULL, 0, NULL, "out of memory");
    /* espei_script.run_espei: datasets.remove(where('disabled') == True) after the tags */
    size_t keep = 0;
    for (size_t i = 0; i < set->n; i++) {
        if (set->ds[i]->disabled) {
            lq_dataset_free(set->ds[i]);
            set->n_disabled++;
        } else {
            set->ds[keep++] = set->ds[i];
        }
    }
    set->n = keep;
    return LQ_OK;
}
