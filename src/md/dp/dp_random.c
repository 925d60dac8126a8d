/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DeePMD-kit models with random weights, written in DeePMD-kit's YAML layout (tests, benchmarks).
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "md/dp/dp_internal.h"

/* The layout is the one deepmd/dpmodel serialize() methods produce (see dp_model.c); weights are
 * drawn as DeePMD-kit initialises them (utils/network.py NativeLayer: normal with standard
 * deviation 1/sqrt(nin + nout), biases standard normal, idt around 0.1). */

void lq_dp_random_spec_default(lq_dp_random_spec *s) {
    static const char *const names[2] = {"A", "B"};
    static const size_t sel[2] = {40, 40};
    memset(s, 0, sizeof *s);
    s->descriptor = LQ_DP_SE_E2_A;
    s->n_types = 2;
    s->type_map = names;
    s->sel = sel;
    s->rcut_A = 6.0;
    s->rcut_smth_A = 0.5;
    s->n_embed = 2;
    s->embed_neuron[0] = 8;
    s->embed_neuron[1] = 16;
    s->axis_neuron = 4;
    s->n_fit = 2;
    s->fit_neuron[0] = 16;
    s->fit_neuron[1] = 16;
    s->type_one_side = 1;
    s->seed = 1;
}

static cJSON *rand_array(lqi_rng *r, const size_t *shape, size_t nd, double mean, double sd,
                         int positive) {
    size_t total = 1;
    for (size_t k = 0; k < nd; k++) total *= shape[k];
    double *v = lqi_malloc_array(total ? total : 1, sizeof *v);
    if (!v) return NULL;
    for (size_t k = 0; k < total; k++) {
        v[k] = mean + sd * (positive ? lqi_rng_uniform(r) : lqi_rng_normal(r));
    }
    cJSON *a = lqi_dp_tree_array(shape, nd, v);
    lqi_free(v);
    return a;
}

static cJSON *size_list(const size_t *v, size_t n) {
    cJSON *a = cJSON_CreateArray();
    for (size_t k = 0; a && k < n; k++) cJSON_AddItemToArray(a, cJSON_CreateNumber((double)v[k]));
    return a;
}

static cJSON *layer(lqi_rng *r, size_t nin, size_t nout, const char *act, int resnet, int idt) {
    cJSON *l = cJSON_CreateObject(), *vars = cJSON_CreateObject();
    if (!l || !vars) {
        cJSON_Delete(l);
        cJSON_Delete(vars);
        return NULL;
    }
    size_t shw[2] = {nin, nout};
    cJSON_AddStringToObject(l, "@class", "Layer");
    cJSON_AddNumberToObject(l, "@version", 1);
    if (act)
        cJSON_AddStringToObject(l, "activation_function", act);
    else
        cJSON_AddNullToObject(l, "activation_function");
    cJSON_AddTrueToObject(l, "bias");
    cJSON_AddBoolToObject(l, "resnet", resnet);
    cJSON_AddStringToObject(l, "precision", "float64");
    cJSON_AddBoolToObject(l, "use_timestep", idt);
    cJSON_AddItemToObject(vars, "w",
                          rand_array(r, shw, 2, 0.0, 1.0 / sqrt((double)(nin + nout)), 0));
    cJSON_AddItemToObject(vars, "b", rand_array(r, &nout, 1, 0.0, 1.0, 0));
    if (idt)
        cJSON_AddItemToObject(vars, "idt", rand_array(r, &nout, 1, 0.1, 0.001, 0));
    else
        cJSON_AddNullToObject(vars, "idt");
    cJSON_AddItemToObject(l, "@variables", vars);
    return l;
}

static cJSON *network(lqi_rng *r, const lq_dp_random_spec *s, int fitting, size_t in_dim) {
    cJSON *n = cJSON_CreateObject(), *layers = cJSON_CreateArray();
    if (!n || !layers) {
        cJSON_Delete(n);
        cJSON_Delete(layers);
        return NULL;
    }
    const char *act = s->activation ? s->activation : "tanh";
    const size_t *neu = fitting ? s->fit_neuron : s->embed_neuron;
    size_t nl = fitting ? s->n_fit : s->n_embed, nin = in_dim;
    int idt = fitting && s->resnet_dt;
    cJSON_AddStringToObject(n, "@class", fitting ? "FittingNetwork" : "EmbeddingNetwork");
    cJSON_AddNumberToObject(n, "@version", fitting ? 1 : 2);
    cJSON_AddNumberToObject(n, "in_dim", (double)in_dim);
    if (fitting) cJSON_AddNumberToObject(n, "out_dim", 1);
    cJSON_AddItemToObject(n, "neuron", size_list(neu, nl));
    cJSON_AddStringToObject(n, "activation_function", act);
    cJSON_AddBoolToObject(n, "resnet_dt", idt);
    cJSON_AddStringToObject(n, "precision", "float64");
    cJSON_AddTrueToObject(n, fitting ? "bias_out" : "bias");
    for (size_t k = 0; k < nl; k++) {
        cJSON_AddItemToArray(layers, layer(r, nin, neu[k], act, 1, idt));
        nin = neu[k];
    }
    if (fitting) cJSON_AddItemToArray(layers, layer(r, nin, 1, NULL, 0, 0));
    cJSON_AddItemToObject(n, "layers", layers);
    return n;
}

static cJSON *collection(lqi_rng *r, const lq_dp_random_spec *s, int fitting, size_t ndim,
                         size_t in_dim) {
    cJSON *c = cJSON_CreateObject(), *nets = cJSON_CreateArray();
    if (!c || !nets) {
        cJSON_Delete(c);
        cJSON_Delete(nets);
        return NULL;
    }
    size_t n = ndim == 1 ? s->n_types : s->n_types * s->n_types;
    cJSON_AddStringToObject(c, "@class", "NetworkCollection");
    cJSON_AddNumberToObject(c, "@version", 1);
    cJSON_AddNumberToObject(c, "ndim", (double)ndim);
    cJSON_AddNumberToObject(c, "ntypes", (double)s->n_types);
    cJSON_AddStringToObject(c, "network_type", fitting ? "fitting_network" : "embedding_network");
    for (size_t k = 0; k < n; k++) cJSON_AddItemToArray(nets, network(r, s, fitting, in_dim));
    cJSON_AddItemToObject(c, "networks", nets);
    return c;
}

static cJSON *str_list(const char *const *v, size_t n) {
    cJSON *a = cJSON_CreateArray();
    for (size_t k = 0; a && k < n; k++) cJSON_AddItemToArray(a, cJSON_CreateString(v[k]));
    return a;
}

/* davg/dstd constant per (centre type, neighbour type) section, as DeePMD-kit's statistics. */
static cJSON *stats(lqi_rng *r, const lq_dp_random_spec *s, size_t nnei, size_t nc, int avg) {
    size_t nt = s->n_types, shape[3] = {nt, nnei, nc};
    double *v = lqi_malloc_array(nt * nnei * nc, sizeof *v);
    if (!v) return NULL;
    for (size_t ti = 0; ti < nt; ti++) {
        size_t slot = 0;
        for (size_t tt = 0; tt < nt; tt++) {
            double c0 = avg ? 0.05 + 0.05 * lqi_rng_uniform(r) : 0.05 + 0.05 * lqi_rng_uniform(r);
            double c1 = avg ? 0.0 : 0.03 + 0.03 * lqi_rng_uniform(r);
            for (size_t q = 0; q < s->sel[tt]; q++, slot++)
                for (size_t c = 0; c < nc; c++) v[(ti * nnei + slot) * nc + c] = c ? c1 : c0;
        }
    }
    cJSON *a = lqi_dp_tree_array(shape, 3, v);
    lqi_free(v);
    return a;
}

static cJSON *descriptor(lqi_rng *r, const lq_dp_random_spec *s) {
    int sea = s->descriptor == LQ_DP_SE_E2_A;
    size_t nnei = 0, nc = sea ? 4 : 1;
    for (size_t t = 0; t < s->n_types; t++) nnei += s->sel[t];
    cJSON *d = cJSON_CreateObject(), *env = cJSON_CreateObject(), *vars = cJSON_CreateObject(),
          *ex = cJSON_CreateArray();
    if (!d || !env || !vars || !ex) {
        cJSON_Delete(d);
        cJSON_Delete(env);
        cJSON_Delete(vars);
        cJSON_Delete(ex);
        return NULL;
    }
    cJSON_AddStringToObject(d, "@class", "Descriptor");
    cJSON_AddNumberToObject(d, "@version", 2);
    cJSON_AddStringToObject(d, "type", sea ? "se_e2_a" : "se_r");
    cJSON_AddNumberToObject(d, "rcut", s->rcut_A);
    cJSON_AddNumberToObject(d, "rcut_smth", s->rcut_smth_A);
    cJSON_AddItemToObject(d, "sel", size_list(s->sel, s->n_types));
    cJSON_AddItemToObject(d, "neuron", size_list(s->embed_neuron, s->n_embed));
    if (sea) cJSON_AddNumberToObject(d, "axis_neuron", (double)s->axis_neuron);
    cJSON_AddFalseToObject(d, "resnet_dt");
    cJSON_AddBoolToObject(d, "type_one_side", s->type_one_side);
    for (size_t k = 0; k < s->n_exclude; k++) {
        size_t pr[2] = {(size_t)s->exclude[k][0], (size_t)s->exclude[k][1]};
        cJSON_AddItemToArray(ex, size_list(pr, 2));
    }
    cJSON_AddItemToObject(d, "exclude_types", ex);
    cJSON_AddNumberToObject(d, "env_protection", 0.0);
    cJSON_AddStringToObject(d, "activation_function", s->activation ? s->activation : "tanh");
    cJSON_AddStringToObject(d, "precision", "float64");
    cJSON_AddNullToObject(d, "spin");
    cJSON_AddNumberToObject(env, "rcut", s->rcut_A);
    cJSON_AddNumberToObject(env, "rcut_smth", s->rcut_smth_A);
    cJSON_AddItemToObject(d, "env_mat", env);
    cJSON_AddItemToObject(d, "embeddings", collection(r, s, 0, s->type_one_side ? 1 : 2, 1));
    cJSON_AddItemToObject(vars, "davg", stats(r, s, nnei, nc, 1));
    cJSON_AddItemToObject(vars, "dstd", stats(r, s, nnei, nc, 0));
    cJSON_AddItemToObject(d, "@variables", vars);
    cJSON_AddItemToObject(d, "type_map", str_list(s->type_map, s->n_types));
    return d;
}

static cJSON *fitting(lqi_rng *r, const lq_dp_random_spec *s, size_t dim_desc) {
    cJSON *f = cJSON_CreateObject(), *vars = cJSON_CreateObject();
    if (!f || !vars) {
        cJSON_Delete(f);
        cJSON_Delete(vars);
        return NULL;
    }
    cJSON_AddStringToObject(f, "@class", "Fitting");
    cJSON_AddNumberToObject(f, "@version", 2);
    cJSON_AddStringToObject(f, "type", "ener");
    cJSON_AddStringToObject(f, "var_name", "energy");
    cJSON_AddNumberToObject(f, "ntypes", (double)s->n_types);
    cJSON_AddNumberToObject(f, "dim_descrpt", (double)dim_desc);
    cJSON_AddNumberToObject(f, "dim_out", 1);
    cJSON_AddItemToObject(f, "neuron", size_list(s->fit_neuron, s->n_fit));
    cJSON_AddBoolToObject(f, "resnet_dt", s->resnet_dt);
    cJSON_AddNumberToObject(f, "numb_fparam", (double)s->numb_fparam);
    cJSON_AddNumberToObject(f, "numb_aparam", (double)s->numb_aparam);
    cJSON_AddStringToObject(f, "activation_function", s->activation ? s->activation : "tanh");
    cJSON_AddStringToObject(f, "precision", "float64");
    cJSON_AddFalseToObject(f, "mixed_types");
    cJSON_AddItemToObject(f, "exclude_types", cJSON_CreateArray());
    cJSON_AddItemToObject(f, "nets",
                          collection(r, s, 1, 1, dim_desc + s->numb_fparam + s->numb_aparam));
    size_t sb[2] = {s->n_types, 1};
    cJSON_AddItemToObject(vars, "bias_atom_e", rand_array(r, sb, 2, 0.0, 1.0, 0));
    const char *names[4] = {"fparam_avg", "fparam_inv_std", "aparam_avg", "aparam_inv_std"};
    for (int k = 0; k < 4; k++) {
        size_t n = k < 2 ? s->numb_fparam : s->numb_aparam;
        if (n)
            cJSON_AddItemToObject(
                vars, names[k],
                k % 2 ? rand_array(r, &n, 1, 0.5, 1.0, 1) : rand_array(r, &n, 1, 0.0, 1.0, 0));
        else
            cJSON_AddNullToObject(vars, names[k]);
    }
    cJSON_AddItemToObject(f, "@variables", vars);
    cJSON_AddItemToObject(f, "type_map", str_list(s->type_map, s->n_types));
    cJSON_AddNullToObject(f, "spin");
    cJSON_AddNullToObject(f, "atom_ener");
    cJSON_AddFalseToObject(f, "use_aparam_as_mask");
    return f;
}

static lq_status check_spec(const lq_dp_random_spec *s, lq_diag *diag) {
    int ok = s->n_types >= 1 && s->n_types <= 64 && s->type_map && s->sel && s->n_embed >= 1 &&
             s->n_embed <= 8 && s->n_fit <= 8 && s->rcut_A > 0 && s->rcut_smth_A >= 0 &&
             s->rcut_smth_A < s->rcut_A &&
             (s->descriptor == LQ_DP_SE_E2_A || s->descriptor == LQ_DP_SE_E2_R);
    for (size_t k = 0; ok && k < s->n_embed; k++) ok = s->embed_neuron[k] >= 1;
    for (size_t k = 0; ok && k < s->n_fit; k++) ok = s->fit_neuron[k] >= 1;
    for (size_t k = 0; ok && k < s->n_types; k++) ok = s->type_map[k] && s->type_map[k][0];
    if (ok && s->descriptor == LQ_DP_SE_E2_A)
        ok = s->axis_neuron >= 1 && s->axis_neuron <= s->embed_neuron[s->n_embed - 1];
    for (size_t k = 0; ok && k < s->n_exclude; k++)
        ok = s->exclude && s->exclude[k][0] >= 0 && s->exclude[k][1] >= 0 &&
             (size_t)s->exclude[k][0] < s->n_types && (size_t)s->exclude[k][1] < s->n_types;
    if (!ok) return lqi_diag_set(diag, LQ_EINVAL, "", 0, "spec", "inconsistent model sizes");
    return LQ_OK;
}

lq_status lqi_dp_tree_random(const lq_dp_random_spec *s, cJSON **out, lq_diag *diag) {
    lq_status st = check_spec(s, diag);
    if (st != LQ_OK) return st;
    lqi_rng r;
    lqi_rng_seed(&r, s->seed);
    size_t ng = s->embed_neuron[s->n_embed - 1];
    size_t dim_desc = s->descriptor == LQ_DP_SE_E2_A ? ng * s->axis_neuron : ng;
    cJSON *root = cJSON_CreateObject(), *m = cJSON_CreateObject(), *vars = cJSON_CreateObject();
    if (!root || !m || !vars) {
        cJSON_Delete(root);
        cJSON_Delete(m);
        cJSON_Delete(vars);
        return LQ_ENOMEM;
    }
    size_t sh[3] = {1, s->n_types, 1};
    cJSON_AddItemToObject(root, "@variables", cJSON_CreateObject());
    cJSON_AddStringToObject(root, "backend", "liquidus");
    cJSON_AddStringToObject(root, "software", "liquidus (random weights)");
    cJSON_AddStringToObject(m, "@class", "Model");
    cJSON_AddNumberToObject(m, "@version", 2);
    cJSON_AddStringToObject(m, "type", "standard");
    cJSON_AddItemToObject(m, "type_map", str_list(s->type_map, s->n_types));
    cJSON_AddItemToObject(m, "atom_exclude_types", cJSON_CreateArray());
    cJSON_AddItemToObject(m, "pair_exclude_types", cJSON_CreateArray());
    cJSON_AddItemToObject(vars, "out_bias", rand_array(&r, sh, 3, 0.0, 0.1, 0));
    cJSON_AddItemToObject(vars, "out_std", rand_array(&r, sh, 3, 1.0, 0.0, 0));
    cJSON_AddItemToObject(m, "@variables", vars);
    cJSON_AddItemToObject(m, "descriptor", descriptor(&r, s));
    cJSON_AddItemToObject(m, "fitting", fitting(&r, s, dim_desc));
    cJSON_AddItemToObject(root, "model", m);
    /* any allocation failure above leaves a missing or null member: check by reading it back */
    lq_dp_model *chk = NULL;
    st = lqi_dp_model_from_tree(root, "(random model)", &chk, diag);
    lq_dp_model_free(chk);
    if (st == LQ_EPARSE) st = LQ_ENOMEM;
    if (st != LQ_OK) {
        cJSON_Delete(root);
        return st;
    }
    *out = root;
    return LQ_OK;
}

lq_status lq_dp_model_write_random(const char *path, const lq_dp_random_spec *s, lq_diag *diag) {
    if (!path || !s) return lqi_diag_set(diag, LQ_EINVAL, "", 0, "", "NULL argument");
    cJSON *root = NULL;
    lq_status st = lqi_dp_tree_random(s, &root, diag);
    if (st == LQ_OK) st = lqi_dp_tree_save(path, root, diag);
    cJSON_Delete(root);
    return st;
}
