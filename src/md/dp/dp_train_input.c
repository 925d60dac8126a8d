/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DeePMD-kit's input.json for `dp train`: the parts liquidus implements, the rest refused. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "md/dp/dp_internal.h"

/* Keys and meanings from deepmd/utils/argcheck.py (model_args, descrpt_se_a_args,
 * fitting_ener_args, learning_rate_exp, loss_ener, training_args, training_data_args). */

/* Every key of o must be in the NULL-terminated list (or start with '_', a comment). */
static lq_status only(dpi_path *r, const cJSON *o, const char *const *keys) {
    if (!cJSON_IsObject(o)) return lqi_dp_path_fail(r, LQ_EPARSE, "", "expected an object");
    for (const cJSON *c = o->child; c; c = c->next) {
        if (c->string[0] == '_') continue;
        size_t k = 0;
        while (keys[k] && strcmp(keys[k], c->string)) k++;
        if (!keys[k])
            return lqi_dp_path_fail(r, LQ_EUNSUPPORTED, c->string,
                                    "not supported by liquidus dp train");
    }
    return LQ_OK;
}

static const cJSON *opt_key(const cJSON *o, const char *k) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return v && !cJSON_IsNull(v) ? v : NULL;
}

static lq_status num(dpi_path *r, const cJSON *o, const char *k, int required, double lo,
                     double *out) {
    const cJSON *v = opt_key(o, k);
    if (!v) return required ? lqi_dp_path_fail(r, LQ_EPARSE, k, "missing") : LQ_OK;
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < lo)
        return lqi_dp_path_fail(r, LQ_EPARSE, k, "expected a number >= %g", lo);
    *out = v->valuedouble;
    return LQ_OK;
}

static lq_status count(dpi_path *r, const cJSON *o, const char *k, int required, size_t *out) {
    double v = (double)*out;
    lq_status st = num(r, o, k, required, 0.0, &v);
    if (st != LQ_OK) return st;
    if (v != floor(v) || v > 1e12)
        return lqi_dp_path_fail(r, LQ_EPARSE, k, "expected a whole number");
    *out = (size_t)v;
    return LQ_OK;
}

static lq_status flag(dpi_path *r, const cJSON *o, const char *k, int *out) {
    const cJSON *v = opt_key(o, k);
    if (!v) return LQ_OK;
    if (!cJSON_IsBool(v)) return lqi_dp_path_fail(r, LQ_EPARSE, k, "expected true or false");
    *out = cJSON_IsTrue(v);
    return LQ_OK;
}

/* A string option that must be one of the values liquidus implements. */
static lq_status choice(dpi_path *r, const cJSON *o, const char *k, const char *const *ok) {
    const cJSON *v = opt_key(o, k);
    if (!v) return LQ_OK;
    if (!cJSON_IsString(v)) return lqi_dp_path_fail(r, LQ_EPARSE, k, "expected a string");
    for (size_t i = 0; ok[i]; i++)
        if (!strcmp(ok[i], v->valuestring)) return LQ_OK;
    return lqi_dp_path_fail(r, LQ_EUNSUPPORTED, k, "\"%s\" is not supported (%s)", v->valuestring,
                            ok[0]);
}

static lq_status sizes(dpi_path *r, const cJSON *o, const char *k, size_t max, size_t *out,
                       size_t *n) {
    const cJSON *v = opt_key(o, k);
    if (!v) return LQ_OK;
    if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) < 1 || (size_t)cJSON_GetArraySize(v) > max)
        return lqi_dp_path_fail(r, cJSON_IsString(v) ? LQ_EUNSUPPORTED : LQ_EPARSE, k,
                                "expected a list of 1 to %zu whole numbers", max);
    size_t i = 0;
    for (const cJSON *c = v->child; c; c = c->next, i++) {
        if (!cJSON_IsNumber(c) || c->valuedouble < 1 || c->valuedouble != floor(c->valuedouble) ||
            c->valuedouble > 1e6)
            return lqi_dp_path_fail(r, LQ_EPARSE, k, "entry %zu is not a positive whole number", i);
        out[i] = (size_t)c->valuedouble;
    }
    *n = i;
    return LQ_OK;
}

static lq_status seed(dpi_path *r, const cJSON *o, unsigned long *out) {
    double v = (double)*out;
    lq_status st = num(r, o, "seed", 0, 0.0, &v);
    if (st == LQ_OK && (v != floor(v) || v > 4e18))
        st = lqi_dp_path_fail(r, LQ_EPARSE, "seed", "whole number");
    if (st == LQ_OK) *out = (unsigned long)v;
    return st;
}

/* ---------------------------------------------------------------- sections */

static const char *const k_act[] = {"tanh", NULL};
static const char *const k_prec[] = {"float64", "default", NULL};

static lq_status descriptor(dpi_path *r, const cJSON *d, lq_dp_train_input *in) {
    static const char *const keys[] = {
        "type",          "sel",       "rcut", "rcut_smth",           "neuron",    "axis_neuron",
        "type_one_side", "resnet_dt", "seed", "activation_function", "precision", NULL};
    static const char *const types[] = {"se_e2_a", "se_a", NULL};
    lq_dp_random_spec *s = &in->opt.model;
    lq_status st = only(r, d, keys);
    if (st == LQ_OK && !opt_key(d, "type")) st = lqi_dp_path_fail(r, LQ_EPARSE, "type", "missing");
    if (st == LQ_OK) st = choice(r, d, "type", types);
    if (st == LQ_OK) st = choice(r, d, "activation_function", k_act);
    if (st == LQ_OK) st = choice(r, d, "precision", k_prec);
    size_t n = 0;
    if (st == LQ_OK && !opt_key(d, "sel")) st = lqi_dp_path_fail(r, LQ_EPARSE, "sel", "missing");
    if (st == LQ_OK) st = sizes(r, d, "sel", s->n_types, in->sel, &n);
    if (st == LQ_OK && n != s->n_types)
        st = lqi_dp_path_fail(r, LQ_EPARSE, "sel", "%zu counts for %zu types", n, s->n_types);
    if (st == LQ_OK) st = num(r, d, "rcut", 1, 0.0, &s->rcut_A);
    if (st == LQ_OK) st = num(r, d, "rcut_smth", 1, 0.0, &s->rcut_smth_A);
    if (st == LQ_OK && !(s->rcut_smth_A < s->rcut_A))
        st = lqi_dp_path_fail(r, LQ_EPARSE, "rcut_smth", "must be below rcut");
    if (st == LQ_OK) st = sizes(r, d, "neuron", 8, s->embed_neuron, &s->n_embed);
    if (st == LQ_OK) st = count(r, d, "axis_neuron", 0, &s->axis_neuron);
    if (st == LQ_OK && (!s->axis_neuron || s->axis_neuron > s->embed_neuron[s->n_embed - 1]))
        st = lqi_dp_path_fail(r, LQ_EPARSE, "axis_neuron", "must be 1 .. the last embedding width");
    if (st == LQ_OK) st = flag(r, d, "type_one_side", &s->type_one_side);
    int rdt = 0;
    if (st == LQ_OK) st = flag(r, d, "resnet_dt", &rdt);
    if (st == LQ_OK && rdt)
        st = lqi_dp_path_fail(r, LQ_EUNSUPPORTED, "resnet_dt", "a time step in the embedding net");
    if (st == LQ_OK) st = seed(r, d, &s->seed);
    return st;
}

static lq_status fitting(dpi_path *r, const cJSON *f, lq_dp_train_input *in) {
    static const char *const keys[] = {
        "type", "neuron", "resnet_dt", "seed", "activation_function", "precision", "rcond", NULL};
    static const char *const types[] = {"ener", NULL};
    lq_dp_random_spec *s = &in->opt.model;
    lq_status st = only(r, f, keys);
    if (st == LQ_OK) st = choice(r, f, "type", types);
    if (st == LQ_OK) st = choice(r, f, "activation_function", k_act);
    if (st == LQ_OK) st = choice(r, f, "precision", k_prec);
    if (st == LQ_OK) st = sizes(r, f, "neuron", 8, s->fit_neuron, &s->n_fit);
    if (st == LQ_OK) st = flag(r, f, "resnet_dt", &s->resnet_dt);
    if (st == LQ_OK) st = num(r, f, "rcond", 0, 0.0, &in->opt.bias_rcond); /* null: numpy's */
    if (st == LQ_OK && in->opt.bias_rcond >= 1.0)
        st = lqi_dp_path_fail(r, LQ_EPARSE, "rcond", "expected a number below 1");
    unsigned long sd = s->seed; /* one seed draws all initial weights (dp_random.c) */
    if (st == LQ_OK) st = seed(r, f, &sd);
    return st;
}

/* model.modifier: the fixed-charge long-range baseline (liquidus' own modifier type; DeePMD-kit's
 * DPLR modifier "dipole_charge" has the same place and the key sys_charge_map). Charges are a
 * list in type_map order or an object {type: charge} naming every type. */
static lq_status modifier(dpi_path *r, const cJSON *o, lq_dp_train_input *in) {
    static const char *const keys[] = {"type",     "sys_charge_map", "dsf_alpha",
                                       "dsf_rcut", "ewald_accuracy", NULL};
    static const char *const types[] = {"fixed_charge", NULL};
    lq_dp_baseline *b = &in->baseline;
    const lq_dp_random_spec *s = &in->opt.model;
    lq_dp_baseline_default(b);
    lq_status st = only(r, o, keys);
    if (st == LQ_OK && !opt_key(o, "type")) st = lqi_dp_path_fail(r, LQ_EPARSE, "type", "missing");
    if (st == LQ_OK) st = choice(r, o, "type", types);
    const cJSON *q = opt_key(o, "sys_charge_map");
    if (st == LQ_OK && !q) st = lqi_dp_path_fail(r, LQ_EPARSE, "sys_charge_map", "missing");
    if (st != LQ_OK) return st;
    b->n_types = s->n_types;
    for (size_t t = 0; t < s->n_types; t++)
        snprintf(b->type_map[t], sizeof b->type_map[t], "%s", s->type_map[t]);
    if (cJSON_IsArray(q)) {
        size_t i = 0;
        for (const cJSON *c = q->child; c; c = c->next, i++)
            if (i >= s->n_types || !cJSON_IsNumber(c) || !isfinite(c->valuedouble) ||
                fabs(c->valuedouble) > 10)
                return lqi_dp_path_fail(r, LQ_EPARSE, "sys_charge_map",
                                        i >= s->n_types ? "more charges than the %zu types of "
                                                          "type_map"
                                                        : "entry %zu is not a charge in -10..10",
                                        i >= s->n_types ? s->n_types : i);
            else
                b->charge_e[i] = c->valuedouble;
        if (i != s->n_types)
            return lqi_dp_path_fail(r, LQ_EPARSE, "sys_charge_map",
                                    "%zu charges for the %zu types of type_map", i, s->n_types);
    } else if (cJSON_IsObject(q)) {
        for (const cJSON *c = q->child; c; c = c->next) {
            size_t t = 0;
            while (t < s->n_types && strcmp(s->type_map[t], c->string)) t++;
            if (t == s->n_types)
                return lqi_dp_path_fail(r, LQ_EPARSE, "sys_charge_map",
                                        "\"%s\" is not a type of type_map", c->string);
            if (!cJSON_IsNumber(c) || !isfinite(c->valuedouble) || fabs(c->valuedouble) > 10)
                return lqi_dp_path_fail(r, LQ_EPARSE, "sys_charge_map",
                                        "the charge of \"%s\" is not a number in -10..10",
                                        c->string);
        }
        for (size_t t = 0; t < s->n_types; t++) {
            const cJSON *c = cJSON_GetObjectItemCaseSensitive(q, s->type_map[t]);
            if (!c)
                return lqi_dp_path_fail(r, LQ_EPARSE, "sys_charge_map", "no charge for type \"%s\"",
                                        s->type_map[t]);
            b->charge_e[t] = c->valuedouble;
        }
    } else {
        return lqi_dp_path_fail(r, LQ_EPARSE, "sys_charge_map",
                                "expected a list of charges in type_map order or an object "
                                "{type: charge}");
    }
    st = num(r, o, "dsf_alpha", 0, 0.0, &b->dsf_alpha_per_A);
    if (st == LQ_OK) st = num(r, o, "dsf_rcut", 0, 0.0, &b->dsf_rcut_A);
    if (st == LQ_OK && !(b->dsf_rcut_A > 0))
        st = lqi_dp_path_fail(r, LQ_EPARSE, "dsf_rcut", "must be above 0");
    if (st == LQ_OK) st = num(r, o, "ewald_accuracy", 0, 0.0, &b->ewald_accuracy);
    if (st == LQ_OK && !(b->ewald_accuracy > 0 && b->ewald_accuracy < 1))
        st = lqi_dp_path_fail(r, LQ_EPARSE, "ewald_accuracy", "must be in (0, 1)");
    if (st == LQ_OK) in->opt.baseline = b;
    return st;
}

static lq_status model(dpi_path *r, const cJSON *m, lq_dp_train_input *in) {
    static const char *const keys[] = {"type_map", "descriptor", "fitting_net", "modifier", NULL};
    lq_status st = only(r, m, keys);
    const cJSON *tm = opt_key(m, "type_map");
    if (st == LQ_OK &&
        (!cJSON_IsArray(tm) || cJSON_GetArraySize(tm) < 1 || cJSON_GetArraySize(tm) > 64))
        st = lqi_dp_path_fail(r, LQ_EPARSE, "type_map", "expected a list of 1 to 64 names");
    if (st != LQ_OK) return st;
    size_t n = (size_t)cJSON_GetArraySize(tm), i = 0;
    in->names = lqi_calloc(n, sizeof *in->names);
    in->name_ptr = lqi_calloc(n, sizeof *in->name_ptr);
    in->sel = lqi_calloc(n, sizeof *in->sel);
    if (!in->names || !in->name_ptr || !in->sel) return LQ_ENOMEM;
    for (const cJSON *c = tm->child; c; c = c->next, i++) {
        if (!cJSON_IsString(c) || !*c->valuestring || strlen(c->valuestring) > 7)
            return lqi_dp_path_fail(r, LQ_EPARSE, "type_map",
                                    "entry %zu is not a name of 1-7 characters", i);
        snprintf(in->names[i], sizeof in->names[i], "%s", c->valuestring);
        in->name_ptr[i] = in->names[i];
    }
    lq_dp_random_spec *s = &in->opt.model;
    s->n_types = n;
    s->type_map = in->name_ptr;
    s->sel = in->sel;
    const char *sec[3] = {"descriptor", "fitting_net", "modifier"};
    for (int k = 0; k < 3 && st == LQ_OK; k++) {
        const cJSON *o = opt_key(m, sec[k]);
        if (!o && k == 2) break;
        if (!o) return lqi_dp_path_fail(r, LQ_EPARSE, sec[k], "missing");
        size_t len = lqi_dp_path_push(r, sec[k]);
        st = k == 2 ? modifier(r, o, in) : k ? fitting(r, o, in) : descriptor(r, o, in);
        lqi_dp_path_pop(r, len);
    }
    return st;
}

static lq_status lr(dpi_path *r, const cJSON *o, lq_dp_train_options *opt) {
    static const char *const keys[] = {"type", "start_lr", "stop_lr", "decay_steps", NULL};
    static const char *const types[] = {"exp", NULL};
    lq_status st = only(r, o, keys);
    if (st == LQ_OK) st = choice(r, o, "type", types);
    if (st == LQ_OK) st = num(r, o, "start_lr", 1, 0.0, &opt->start_lr);
    if (st == LQ_OK) st = num(r, o, "stop_lr", 0, 0.0, &opt->stop_lr);
    if (st == LQ_OK) st = count(r, o, "decay_steps", 0, &opt->decay_steps);
    return st;
}

static lq_status loss(dpi_path *r, const cJSON *o, lq_dp_train_options *opt) {
    static const char *const keys[] = {"type",         "start_pref_e",          "limit_pref_e",
                                       "start_pref_f", "limit_pref_f",          "start_pref_v",
                                       "limit_pref_v", "intensive_ener_virial", NULL};
    static const char *const types[] = {"ener", NULL};
    double *v[6] = {&opt->start_pref_e, &opt->limit_pref_e, &opt->start_pref_f,
                    &opt->limit_pref_f, &opt->start_pref_v, &opt->limit_pref_v};
    lq_status st = only(r, o, keys);
    if (st == LQ_OK) st = choice(r, o, "type", types);
    for (int k = 0; k < 6 && st == LQ_OK; k++) st = num(r, o, keys[k + 1], 0, 0.0, v[k]);
    if (st == LQ_OK) st = flag(r, o, "intensive_ener_virial", &opt->intensive_ener_virial);
    return st;
}

/* systems: a folder or a list of folders; batch_size a number or "auto" (0). */
static lq_status data(dpi_path *r, const cJSON *o, char ***out, size_t *n, size_t *bs) {
    static const char *const keys[] = {"systems", "batch_size", "numb_btch", NULL};
    lq_status st = only(r, o, keys);
    const cJSON *s = opt_key(o, "systems");
    if (st == LQ_OK && !cJSON_IsString(s) && !cJSON_IsArray(s))
        st = lqi_dp_path_fail(r, LQ_EPARSE, "systems", "expected a folder or a list of folders");
    if (st != LQ_OK) return st;
    size_t cnt = cJSON_IsString(s) ? 1 : (size_t)cJSON_GetArraySize(s), i = 0;
    *out = lqi_calloc(cnt ? cnt : 1, sizeof **out);
    if (!*out) return LQ_ENOMEM;
    for (const cJSON *c = cJSON_IsString(s) ? s : s->child; c && i < cnt; c = c->next, i++) {
        if (!cJSON_IsString(c))
            return lqi_dp_path_fail(r, LQ_EPARSE, "systems", "entry %zu is not a path", i);
        (*out)[i] = lqi_strdup(c->valuestring);
        *n = i + 1;
        if (!(*out)[i]) return LQ_ENOMEM;
    }
    const cJSON *b = opt_key(o, "batch_size");
    if (bs && b && cJSON_IsString(b) && !strcmp(b->valuestring, "auto")) {
        *bs = 0;
    } else if (bs && b) {
        st = count(r, o, "batch_size", 0, bs);
    }
    size_t nb = 0;
    if (st == LQ_OK) st = count(r, o, "numb_btch", 0, &nb);
    return st;
}

static lq_status training(dpi_path *r, const cJSON *o, lq_dp_train_input *in) {
    static const char *const keys[] = {
        "training_data", "validation_data", "numb_steps", "batch_size", "seed",
        "disp_file",     "disp_freq",       "save_freq",  "save_ckpt",  NULL};
    lq_dp_train_options *opt = &in->opt;
    lq_status st = only(r, o, keys);
    if (st == LQ_OK) st = count(r, o, "numb_steps", 1, &opt->numb_steps);
    if (st == LQ_OK) st = seed(r, o, &opt->seed);
    if (st == LQ_OK) st = count(r, o, "disp_freq", 0, &opt->disp_freq);
    if (st == LQ_OK) st = count(r, o, "save_freq", 0, &opt->save_freq);
    const cJSON *b = opt_key(o, "batch_size");
    if (st == LQ_OK && b && cJSON_IsString(b) && !strcmp(b->valuestring, "auto"))
        opt->batch_size = 0;
    else if (st == LQ_OK)
        st = count(r, o, "batch_size", 0, &opt->batch_size);
    const char *sk[2] = {"disp_file", "save_ckpt"};
    const char **sv[2] = {&opt->lcurve, &opt->save_ckpt};
    for (int k = 0; k < 2 && st == LQ_OK; k++) {
        const cJSON *v = opt_key(o, sk[k]);
        if (v && !cJSON_IsString(v))
            st = lqi_dp_path_fail(r, LQ_EPARSE, sk[k], "expected a file name");
        if (v && st == LQ_OK) *sv[k] = v->valuestring; /* re-pointed to owned copies below */
    }
    const char *dk[2] = {"training_data", "validation_data"};
    for (int k = 0; k < 2 && st == LQ_OK; k++) {
        const cJSON *d = opt_key(o, dk[k]);
        if (!d && !k) return lqi_dp_path_fail(r, LQ_EPARSE, dk[k], "missing");
        if (!d) continue;
        size_t len = lqi_dp_path_push(r, dk[k]);
        st = k ? data(r, d, &in->valid_systems, &in->n_valid, NULL)
               : data(r, d, &in->train_systems, &in->n_train, &opt->batch_size);
        lqi_dp_path_pop(r, len);
    }
    return st;
}

/* The file's bytes (NULL: cannot read it, or *oom set when memory ran out). */
static char *slurp(const char *path, size_t *n, int *oom) {
    FILE *fp = fopen(path, "rb");
    *oom = 0;
    if (!fp) return NULL;
    char *buf = NULL;
    size_t cap = 0;
    *n = 0;
    for (;;) {
        if (*n + 4096 + 1 > cap) {
            cap = 2 * cap + 8192;
            char *nb = lqi_realloc(buf, cap);
            if (!nb) {
                *oom = 1;
                break;
            }
            buf = nb;
        }
        size_t got = fread(buf + *n, 1, cap - *n - 1, fp);
        *n += got;
        if (!got) break;
    }
    int err = ferror(fp) || *oom;
    fclose(fp);
    if (err || !buf) {
        lqi_free(buf);
        return NULL;
    }
    buf[*n] = '\0';
    return buf;
}

lq_status lq_dp_train_input_read(const char *path, lq_dp_train_input *in, lq_diag *diag) {
    if (!path || !in) return lqi_diag_set(diag, LQ_EINVAL, "", 0, "", "NULL argument");
    memset(in, 0, sizeof *in);
    size_t n = 0;
    int oom = 0;
    char *text = slurp(path, &n, &oom);
    if (!text && oom) return LQ_ENOMEM;
    if (!text) return lqi_diag_set(diag, LQ_EIO, path, 0, "", "cannot read the file");
    cJSON *root = cJSON_ParseWithLength(text, n);
    lqi_free(text);
    if (!root) return lqi_diag_set(diag, LQ_EPARSE, path, 0, "", "not valid JSON");
    dpi_path r = {path, diag, ""};
    lq_dp_train_options_default(&in->opt);
    in->opt.lcurve = in->opt.save_ckpt = NULL;
    static const char *const keys[] = {"model", "learning_rate", "loss", "training", NULL};
    lq_status st = only(&r, root, keys);
    for (int k = 0; k < 4 && st == LQ_OK; k++) {
        const cJSON *o = opt_key(root, keys[k]);
        if (!o && k != 2) {
            st = lqi_dp_path_fail(&r, LQ_EPARSE, keys[k], "missing");
            break;
        }
        if (!o) continue;
        size_t len = lqi_dp_path_push(&r, keys[k]);
        st = k == 0   ? model(&r, o, in)
             : k == 1 ? lr(&r, o, &in->opt)
             : k == 2 ? loss(&r, o, &in->opt)
                      : training(&r, o, in);
        lqi_dp_path_pop(&r, len);
    }
    /* strings that point into the tree are copied before it goes */
    const char **sv[2] = {&in->opt.lcurve, &in->opt.save_ckpt};
    const char *def[2] = {"lcurve.out", "model.ckpt.yaml"};
    for (int k = 0; k < 2 && st == LQ_OK; k++) {
        const char *v = *sv[k] ? *sv[k] : def[k];
        size_t len = strlen(v);
        /* checkpoints are model files: DeePMD-kit's "model.ckpt" becomes "model.ckpt.yaml" */
        int ext = k == 0 || (len > 5 && !strcmp(v + len - 5, ".yaml")) ||
                  (len > 4 && !strcmp(v + len - 4, ".yml"));
        char *c = lqi_malloc_array(len + 6, 1);
        if (!c) st = LQ_ENOMEM;
        if (c) snprintf(c, len + 6, "%s%s", v, ext ? "" : ".yaml");
        in->owned[k] = c;
        *sv[k] = c;
    }
    cJSON_Delete(root);
    if (st != LQ_OK) lq_dp_train_input_free(in);
    return st;
}

void lq_dp_train_input_free(lq_dp_train_input *in) {
    if (!in) return;
    for (size_t k = 0; in->train_systems && k < in->n_train; k++) lqi_free(in->train_systems[k]);
    for (size_t k = 0; in->valid_systems && k < in->n_valid; k++) lqi_free(in->valid_systems[k]);
    lqi_free(in->train_systems);
    lqi_free(in->valid_systems);
    lqi_free(in->names);
    lqi_free(in->name_ptr);
    lqi_free(in->sel);
    lqi_free(in->owned[0]);
    lqi_free(in->owned[1]);
    memset(in, 0, sizeof *in);
}
