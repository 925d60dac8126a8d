/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DeePMD-kit model tree -> lq_dp_model: classes, options, shapes and weights checked by key. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "md/dp/dp_internal.h"

/* The tree is the one of deepmd/dpmodel: model/dp_model (serialize of DPAtomicModel: type_map,
 * atom_exclude_types, pair_exclude_types, @variables out_bias/out_std, descriptor, fitting),
 * descriptor/se_e2_a.py and se_r.py, fitting/general_fitting.py and ener_fitting.py,
 * utils/network.py (NetworkCollection, EmbeddingNetwork, FittingNetwork, Layer). */

static const cJSON *get(dpi_path *w, const cJSON *o, const char *key, lq_status *st) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v) *st = lqi_dp_path_fail(w, LQ_EPARSE, key, "missing");
    return v;
}

static lq_status get_size(dpi_path *w, const cJSON *o, const char *key, size_t max, size_t *out) {
    lq_status st = LQ_OK;
    const cJSON *v = get(w, o, key, &st);
    if (!v) return st;
    if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > (double)max ||
        v->valuedouble != floor(v->valuedouble))
        return lqi_dp_path_fail(w, LQ_EPARSE, key, "expected an integer in [0, %zu]", max);
    *out = (size_t)v->valuedouble;
    return LQ_OK;
}

static lq_status get_num(dpi_path *w, const cJSON *o, const char *key, double *out) {
    lq_status st = LQ_OK;
    const cJSON *v = get(w, o, key, &st);
    if (!v) return st;
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble))
        return lqi_dp_path_fail(w, LQ_EPARSE, key, "expected a finite number");
    *out = v->valuedouble;
    return LQ_OK;
}

/* A boolean option; a missing key takes `def` when def >= 0. */
static lq_status get_bool(dpi_path *w, const cJSON *o, const char *key, int def, int *out) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v && def >= 0) {
        *out = def;
        return LQ_OK;
    }
    if (!cJSON_IsBool(v)) return lqi_dp_path_fail(w, LQ_EPARSE, key, "expected true or false");
    *out = cJSON_IsTrue(v);
    return LQ_OK;
}

static const char *get_str(dpi_path *w, const cJSON *o, const char *key, lq_status *st) {
    const cJSON *v = get(w, o, key, st);
    if (!v) return NULL;
    if (!cJSON_IsString(v)) {
        *st = lqi_dp_path_fail(w, LQ_EPARSE, key, "expected a string");
        return NULL;
    }
    return v->valuestring;
}

/* An option that must be absent, null, false, empty or zero: anything else is refused. */
static lq_status refuse_set(dpi_path *w, const cJSON *o, const char *key, const char *what) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v || cJSON_IsNull(v) || cJSON_IsFalse(v)) return LQ_OK;
    if ((cJSON_IsArray(v) || cJSON_IsObject(v)) && !v->child) return LQ_OK;
    if (cJSON_IsNumber(v) && v->valuedouble == 0.0) return LQ_OK;
    return lqi_dp_path_fail(w, LQ_EUNSUPPORTED, key, "%s is not supported by liquidus", what);
}

static lq_status expect_class(dpi_path *w, const cJSON *o, const char *cls) {
    lq_status st = LQ_OK;
    if (!cJSON_IsObject(o)) return lqi_dp_path_fail(w, LQ_EPARSE, "@class", "expected a mapping");
    const char *c = get_str(w, o, "@class", &st);
    if (!c) return st;
    if (strcmp(c, cls) != 0)
        return lqi_dp_path_fail(w, LQ_EUNSUPPORTED, "@class",
                                "class \"%s\" is not supported (expected %s)", c, cls);
    return LQ_OK;
}

/* An array under key with the expected shape (0 in `shape` means any); its data copied out.
 * A null value is allowed only when `nullable`, and then *out stays NULL. */
static lq_status get_array(dpi_path *w, const cJSON *o, const char *key, size_t ndim,
                           const size_t *shape, int nullable, double **out) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    *out = NULL;
    if (!v) return lqi_dp_path_fail(w, LQ_EPARSE, key, "missing array");
    if (cJSON_IsNull(v)) {
        if (nullable) return LQ_OK;
        return lqi_dp_path_fail(w, LQ_EPARSE, key, "array is null");
    }
    const cJSON *sh = cJSON_GetObjectItemCaseSensitive(v, "@shape");
    const cJSON *da = cJSON_GetObjectItemCaseSensitive(v, "@data");
    if (!cJSON_IsArray(sh) || !cJSON_IsArray(da))
        return lqi_dp_path_fail(w, LQ_EPARSE, key, "not an array");
    char got[128] = "", want[128] = "";
    /* Leading axes of length 1 beyond ndim are allowed: models converted from DeePMD-kit's
     * TensorFlow backend store biases as [1, n] (the same values, broadcast as numpy does). */
    size_t fdim = (size_t)cJSON_GetArraySize(sh), lead = fdim > ndim ? fdim - ndim : 0;
    int ok = fdim >= ndim;
    size_t total = 1, k = 0;
    for (const cJSON *s = sh->child; s; s = s->next, k++) {
        size_t len = strlen(got);
        snprintf(got + len, sizeof got - len, "%s%.0f", k ? "," : "", s->valuedouble);
        if (k < lead ? s->valuedouble != 1.0
                     : shape[k - lead] && (double)shape[k - lead] != s->valuedouble)
            ok = 0;
        total *= (size_t)s->valuedouble;
    }
    for (k = 0; k < ndim; k++) {
        size_t len = strlen(want);
        if (shape[k])
            snprintf(want + len, sizeof want - len, "%s%zu", k ? "," : "", shape[k]);
        else
            snprintf(want + len, sizeof want - len, "%s*", k ? "," : "");
    }
    if (!ok) return lqi_dp_path_fail(w, LQ_EPARSE, key, "shape [%s], expected [%s]", got, want);
    if ((size_t)cJSON_GetArraySize(da) != total)
        return lqi_dp_path_fail(w, LQ_EPARSE, key, "data length does not match the shape");
    double *a = lqi_malloc_array(total ? total : 1, sizeof *a);
    if (!a) return LQ_ENOMEM;
    size_t i = 0;
    for (const cJSON *d = da->child; d; d = d->next, i++) {
        a[i] = d->valuedouble;
        if (!isfinite(a[i])) {
            double bad = a[i];
            lqi_free(a);
            return lqi_dp_path_fail(w, LQ_EPARSE, key, "element %zu is not finite (%g)", i, bad);
        }
    }
    *out = a;
    return LQ_OK;
}

/* ---------------------------------------------------------------- networks */

static void net_free(dpi_net *n) {
    if (!n) return;
    for (size_t l = 0; l < n->n_layers; l++) {
        lqi_free(n->layers[l].w);
        lqi_free(n->layers[l].b);
        lqi_free(n->layers[l].idt);
    }
    lqi_free(n->layers);
    n->layers = NULL;
    n->n_layers = 0;
}

static lq_status read_layer(dpi_path *w, const cJSON *lj, dpi_layer *ly) {
    lq_status st = expect_class(w, lj, "Layer");
    if (st != LQ_OK) return st;
    const cJSON *af = cJSON_GetObjectItemCaseSensitive(lj, "activation_function");
    if (af && !cJSON_IsNull(af) && !cJSON_IsString(af))
        return lqi_dp_path_fail(w, LQ_EPARSE, "activation_function", "expected a string or null");
    const char *an = cJSON_IsString(af) ? af->valuestring : NULL;
    if (!lqi_dp_act_parse(an, &ly->act))
        return lqi_dp_path_fail(w, LQ_EUNSUPPORTED, "activation_function",
                                "activation \"%s\" not supported", an);
    int resnet = 0;
    if ((st = get_bool(w, lj, "resnet", 0, &resnet)) != LQ_OK) return st;
    const cJSON *vars = get(w, lj, "@variables", &st);
    if (!vars) return st;
    size_t len = lqi_dp_path_push(w, "@variables");
    size_t any2[2] = {0, 0};
    st = get_array(w, vars, "w", 2, any2, 0, &ly->w);
    if (st == LQ_OK) {
        const cJSON *sh =
            cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(vars, "w"), "@shape");
        int nd = cJSON_GetArraySize(sh); /* leading axes of length 1 allowed (get_array) */
        ly->nin = (size_t)cJSON_GetArrayItem(sh, nd - 2)->valuedouble;
        ly->nout = (size_t)cJSON_GetArrayItem(sh, nd - 1)->valuedouble;
        if (!ly->nin || !ly->nout) st = lqi_dp_path_fail(w, LQ_EPARSE, "w", "empty weight matrix");
    }
    if (st == LQ_OK) st = get_array(w, vars, "b", 1, &ly->nout, 1, &ly->b);
    if (st == LQ_OK) st = get_array(w, vars, "idt", 1, &ly->nout, 1, &ly->idt);
    lqi_dp_path_pop(w, len);
    if (st != LQ_OK) return st;
    ly->resnet = !resnet ? 0 : ly->nout == ly->nin ? 1 : ly->nout == 2 * ly->nin ? 2 : 0;
    return LQ_OK;
}

static lq_status read_net(dpi_path *w, const cJSON *nj, const char *cls, dpi_net *net) {
    lq_status st = expect_class(w, nj, cls);
    if (st != LQ_OK) return st;
    const cJSON *layers = get(w, nj, "layers", &st);
    if (!layers) return st;
    if (!cJSON_IsArray(layers) || cJSON_GetArraySize(layers) < 1)
        return lqi_dp_path_fail(w, LQ_EPARSE, "layers", "expected a non-empty list of layers");
    size_t n = (size_t)cJSON_GetArraySize(layers);
    net->layers = lqi_calloc(n, sizeof *net->layers);
    if (!net->layers) return LQ_ENOMEM;
    net->n_layers = n;
    size_t l = 0;
    for (const cJSON *lj = layers->child; lj; lj = lj->next, l++) {
        char key[32];
        snprintf(key, sizeof key, "layers[%zu]", l);
        size_t len = lqi_dp_path_push(w, key);
        st = read_layer(w, lj, &net->layers[l]);
        if (st == LQ_OK && l && net->layers[l].nin != net->layers[l - 1].nout)
            st = lqi_dp_path_fail(w, LQ_EPARSE, "@variables.w",
                                  "%zu inputs after a layer of %zu outputs", net->layers[l].nin,
                                  net->layers[l - 1].nout);
        lqi_dp_path_pop(w, len);
        if (st != LQ_OK) return st;
        if (net->layers[l].nout > net->max_width) net->max_width = net->layers[l].nout;
    }
    net->nin = net->layers[0].nin;
    net->nout = net->layers[n - 1].nout;
    if (net->nin > net->max_width) net->max_width = net->nin;
    return LQ_OK;
}

/* A NetworkCollection of ntypes^ndim networks of class cls. */
static lq_status read_collection(dpi_path *w, const cJSON *cj, size_t ntypes, size_t ndim,
                                 const char *cls, dpi_net **nets, size_t *n_nets) {
    lq_status st = expect_class(w, cj, "NetworkCollection");
    if (st != LQ_OK) return st;
    size_t nd, nt;
    if ((st = get_size(w, cj, "ndim", 2, &nd)) != LQ_OK) return st;
    if ((st = get_size(w, cj, "ntypes", 1024, &nt)) != LQ_OK) return st;
    if (nd != ndim) return lqi_dp_path_fail(w, LQ_EPARSE, "ndim", "%zu, expected %zu", nd, ndim);
    if (nt != ntypes)
        return lqi_dp_path_fail(w, LQ_EPARSE, "ntypes", "%zu, expected %zu", nt, ntypes);
    size_t n = ndim == 0 ? 1 : ndim == 1 ? ntypes : ntypes * ntypes;
    const cJSON *list = get(w, cj, "networks", &st);
    if (!list) return st;
    if (!cJSON_IsArray(list) || (size_t)cJSON_GetArraySize(list) != n)
        return lqi_dp_path_fail(w, LQ_EPARSE, "networks", "expected a list of %zu networks", n);
    *nets = lqi_calloc(n, sizeof **nets);
    if (!*nets) return LQ_ENOMEM;
    *n_nets = n;
    size_t k = 0;
    for (const cJSON *nj = list->child; nj; nj = nj->next, k++) {
        char key[32];
        snprintf(key, sizeof key, "networks[%zu]", k);
        size_t len = lqi_dp_path_push(w, key);
        st = read_net(w, nj, cls, &(*nets)[k]);
        lqi_dp_path_pop(w, len);
        if (st != LQ_OK) return st;
    }
    return LQ_OK;
}

/* ---------------------------------------------------------------- type lists */

static lq_status read_type_map(dpi_path *w, const cJSON *o, lq_dp_model *m) {
    lq_status st = LQ_OK;
    const cJSON *tm = get(w, o, "type_map", &st);
    if (!tm) return st;
    int n = cJSON_GetArraySize(tm);
    if (!cJSON_IsArray(tm) || n < 1 || n > 1024)
        return lqi_dp_path_fail(w, LQ_EPARSE, "type_map", "expected a list of 1 to 1024 names");
    m->ntypes = (size_t)n;
    m->type_map = lqi_calloc(m->ntypes, sizeof *m->type_map);
    if (!m->type_map) return LQ_ENOMEM;
    size_t k = 0;
    for (const cJSON *c = tm->child; c; c = c->next, k++) {
        if (!cJSON_IsString(c) || !*c->valuestring)
            return lqi_dp_path_fail(w, LQ_EPARSE, "type_map", "entry %zu is not a name", k);
        for (size_t q = 0; q < k; q++)
            if (!strcmp(m->type_map[q], c->valuestring))
                return lqi_dp_path_fail(w, LQ_EPARSE, "type_map", "\"%s\" appears twice",
                                        c->valuestring);
        m->type_map[k] = lqi_strdup(c->valuestring);
        if (!m->type_map[k]) return LQ_ENOMEM;
    }
    return LQ_OK;
}

/* The type_map of a part must equal the model's (names in the same order) when present. */
static lq_status check_type_map(dpi_path *w, const cJSON *o, const lq_dp_model *m) {
    const cJSON *tm = cJSON_GetObjectItemCaseSensitive(o, "type_map");
    if (!tm || cJSON_IsNull(tm)) return LQ_OK;
    size_t k = 0;
    int ok = cJSON_IsArray(tm) && (size_t)cJSON_GetArraySize(tm) == m->ntypes;
    for (const cJSON *c = ok ? tm->child : NULL; c; c = c->next, k++)
        if (!cJSON_IsString(c) || strcmp(c->valuestring, m->type_map[k])) ok = 0;
    if (!ok) return lqi_dp_path_fail(w, LQ_EPARSE, "type_map", "differs from the model's type_map");
    return LQ_OK;
}

/* exclude lists: [[ti, tj], ...] (pairs) or [t, ...] (atoms) into a 0/1 table. */
static lq_status read_excl(dpi_path *w, const cJSON *o, const char *key, size_t ntypes, int pairs,
                           unsigned char *tab) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v || cJSON_IsNull(v)) return LQ_OK;
    if (!cJSON_IsArray(v)) return lqi_dp_path_fail(w, LQ_EPARSE, key, "expected a list");
    for (const cJSON *c = v->child; c; c = c->next) {
        double t[2];
        int n = pairs ? 2 : 1;
        if (pairs && (!cJSON_IsArray(c) || cJSON_GetArraySize(c) != 2))
            return lqi_dp_path_fail(w, LQ_EPARSE, key, "expected pairs of types");
        for (int q = 0; q < n; q++) {
            const cJSON *e = pairs ? cJSON_GetArrayItem(c, q) : c;
            if (!cJSON_IsNumber(e) || e->valuedouble < 0 || e->valuedouble >= (double)ntypes ||
                e->valuedouble != floor(e->valuedouble))
                return lqi_dp_path_fail(w, LQ_EPARSE, key, "type index outside 0..%zu", ntypes - 1);
            t[q] = e->valuedouble;
        }
        size_t a = (size_t)t[0], b = pairs ? (size_t)t[1] : 0;
        if (pairs) {
            tab[a * ntypes + b] = 1;
            tab[b * ntypes + a] = 1;
        } else {
            tab[a] = 1;
        }
    }
    return LQ_OK;
}

/* ---------------------------------------------------------------- descriptor */

static lq_status read_descriptor_opts(dpi_path *w, const cJSON *d, lq_dp_model *m) {
    lq_status st = expect_class(w, d, "Descriptor");
    if (st != LQ_OK) return st;
    const char *type = get_str(w, d, "type", &st);
    if (!type) return st;
    if (!strcmp(type, "se_e2_a") || !strcmp(type, "se_a"))
        m->desc = LQ_DP_SE_E2_A;
    else if (!strcmp(type, "se_e2_r") || !strcmp(type, "se_r"))
        m->desc = LQ_DP_SE_E2_R;
    else
        return lqi_dp_path_fail(w, LQ_EUNSUPPORTED, "type",
                                "descriptor \"%s\" is not supported (se_e2_a, se_e2_r)", type);
    m->ncomp = m->desc == LQ_DP_SE_E2_A ? 4 : 1;
    if ((st = refuse_set(w, d, "spin", "spin")) != LQ_OK) return st;
    if ((st = refuse_set(w, d, "compress", "a compressed descriptor")) != LQ_OK) return st;
    if ((st = check_type_map(w, d, m)) != LQ_OK) return st;
    const cJSON *env = get(w, d, "env_mat", &st);
    if (!env) return st;
    size_t len = lqi_dp_path_push(w, "env_mat");
    if ((st = get_num(w, env, "rcut", &m->rcut)) == LQ_OK &&
        (st = get_num(w, env, "rcut_smth", &m->rcut_smth)) == LQ_OK)
        st = refuse_set(w, env, "use_exp_switch", "use_exp_switch");
    if (st == LQ_OK) {
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(env, "protection");
        m->protection = cJSON_IsNumber(p) ? p->valuedouble : 0.0;
    }
    if (st == LQ_OK && !(m->rcut > 0 && m->rcut_smth >= 0 && m->rcut_smth < m->rcut))
        st = lqi_dp_path_fail(w, LQ_EPARSE, "rcut", "need 0 <= rcut_smth < rcut");
    lqi_dp_path_pop(w, len);
    if (st != LQ_OK) return st;
    const cJSON *prot = cJSON_GetObjectItemCaseSensitive(d, "env_protection");
    if (cJSON_IsNumber(prot)) m->protection = prot->valuedouble;
    if (!(m->protection >= 0 && isfinite(m->protection)))
        return lqi_dp_path_fail(w, LQ_EPARSE, "env_protection", "must be finite and >= 0");
    if ((st = get_bool(w, d, "type_one_side", 1, &m->type_one_side)) != LQ_OK) return st;
    const cJSON *sel = get(w, d, "sel", &st);
    if (!sel) return st;
    if (!cJSON_IsArray(sel) || (size_t)cJSON_GetArraySize(sel) != m->ntypes)
        return lqi_dp_path_fail(w, LQ_EPARSE, "sel", "expected one count per type (%zu)",
                                m->ntypes);
    m->sel = lqi_calloc(m->ntypes, sizeof *m->sel);
    m->sec = lqi_calloc(m->ntypes + 1, sizeof *m->sec);
    if (!m->sel || !m->sec) return LQ_ENOMEM;
    size_t k = 0;
    for (const cJSON *c = sel->child; c; c = c->next, k++) {
        if (!cJSON_IsNumber(c) || c->valuedouble < 0 || c->valuedouble > 100000 ||
            c->valuedouble != floor(c->valuedouble))
            return lqi_dp_path_fail(w, LQ_EPARSE, "sel", "entry %zu is not a count", k);
        m->sel[k] = (size_t)c->valuedouble;
        m->sec[k + 1] = m->sec[k] + m->sel[k];
    }
    m->nnei = m->sec[m->ntypes];
    if (!m->nnei) return lqi_dp_path_fail(w, LQ_EPARSE, "sel", "no neighbours selected");
    return read_excl(w, d, "exclude_types", m->ntypes, 1, m->desc_excl);
}

static lq_status read_descriptor(dpi_path *w, const cJSON *d, lq_dp_model *m) {
    lq_status st = read_descriptor_opts(w, d, m);
    if (st != LQ_OK) return st;
    const cJSON *emb = get(w, d, "embeddings", &st);
    if (!emb) return st;
    size_t len = lqi_dp_path_push(w, "embeddings");
    st = read_collection(w, emb, m->ntypes, m->type_one_side ? 1 : 2, "EmbeddingNetwork", &m->embed,
                         &m->n_embed);
    lqi_dp_path_pop(w, len);
    if (st != LQ_OK) return st;
    m->ng = m->embed[0].nout;
    for (size_t k = 0; k < m->n_embed; k++)
        if (m->embed[k].nin != 1 || m->embed[k].nout != m->ng) {
            char key[48];
            snprintf(key, sizeof key, "embeddings.networks[%zu]", k);
            return lqi_dp_path_fail(w, LQ_EPARSE, key, "embedding nets map 1 input to %zu outputs",
                                    m->ng);
        }
    if (m->desc == LQ_DP_SE_E2_A) {
        if ((st = get_size(w, d, "axis_neuron", m->ng, &m->axis)) != LQ_OK) return st;
        if (!m->axis) return lqi_dp_path_fail(w, LQ_EPARSE, "axis_neuron", "must be >= 1");
        m->dim_desc = m->ng * m->axis;
    } else {
        m->dim_desc = m->ng;
    }
    const cJSON *vars = get(w, d, "@variables", &st);
    if (!vars) return st;
    len = lqi_dp_path_push(w, "@variables");
    size_t shape[3] = {m->ntypes, m->nnei, m->ncomp};
    st = get_array(w, vars, "davg", 3, shape, 0, &m->davg);
    if (st == LQ_OK) st = get_array(w, vars, "dstd", 3, shape, 0, &m->dstd);
    for (size_t k = 0; st == LQ_OK && k < m->ntypes * m->nnei * m->ncomp; k++)
        if (m->dstd[k] == 0.0)
            st = lqi_dp_path_fail(w, LQ_EPARSE, "dstd", "element %zu is zero", k);
    lqi_dp_path_pop(w, len);
    return st;
}

/* ---------------------------------------------------------------- fitting */

static lq_status read_fitting_opts(dpi_path *w, const cJSON *f, lq_dp_model *m) {
    lq_status st = expect_class(w, f, "Fitting");
    if (st != LQ_OK) return st;
    const char *type = get_str(w, f, "type", &st);
    if (!type) return st;
    if (strcmp(type, "ener"))
        return lqi_dp_path_fail(w, LQ_EUNSUPPORTED, "type",
                                "fitting \"%s\" is not supported (ener)", type);
    const cJSON *vn = cJSON_GetObjectItemCaseSensitive(f, "var_name");
    if (vn && (!cJSON_IsString(vn) || strcmp(vn->valuestring, "energy")))
        return lqi_dp_path_fail(w, LQ_EUNSUPPORTED, "var_name",
                                "only the energy output is supported");
    static const char *const refused[][2] = {
        {"spin", "spin"},
        {"use_aparam_as_mask", "use_aparam_as_mask"},
        {"dim_case_embd", "a case embedding (multi-task)"},
        {"remove_vaccum_contribution", "remove_vaccum_contribution"},
        {"atom_ener", "atom_ener (vacuum energies)"}};
    for (size_t k = 0; k < sizeof refused / sizeof refused[0]; k++)
        if ((st = refuse_set(w, f, refused[k][0], refused[k][1])) != LQ_OK) return st;
    if ((st = check_type_map(w, f, m)) != LQ_OK) return st;
    size_t nt, dd, dout = 1;
    if ((st = get_size(w, f, "ntypes", 1024, &nt)) != LQ_OK) return st;
    if (nt != m->ntypes)
        return lqi_dp_path_fail(w, LQ_EPARSE, "ntypes", "%zu, expected %zu", nt, m->ntypes);
    if ((st = get_size(w, f, "dim_descrpt", 1u << 20, &dd)) != LQ_OK) return st;
    if (dd != m->dim_desc)
        return lqi_dp_path_fail(w, LQ_EPARSE, "dim_descrpt", "%zu, but the descriptor gives %zu",
                                dd, m->dim_desc);
    if (cJSON_GetObjectItemCaseSensitive(f, "dim_out") &&
        (st = get_size(w, f, "dim_out", 1024, &dout)) != LQ_OK)
        return st;
    if (dout != 1)
        return lqi_dp_path_fail(w, LQ_EUNSUPPORTED, "dim_out", "only 1 (energy) is supported");
    if ((st = get_size(w, f, "numb_fparam", 4096, &m->nfp)) != LQ_OK) return st;
    if ((st = get_size(w, f, "numb_aparam", 4096, &m->nap)) != LQ_OK) return st;
    return read_excl(w, f, "exclude_types", m->ntypes, 0, m->fit_excl);
}

static lq_status read_default_fparam(dpi_path *w, const cJSON *f, lq_dp_model *m) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(f, "default_fparam");
    if (!v || cJSON_IsNull(v)) return LQ_OK;
    if (!cJSON_IsArray(v) || (size_t)cJSON_GetArraySize(v) != m->nfp)
        return lqi_dp_path_fail(w, LQ_EPARSE, "default_fparam", "expected %zu numbers", m->nfp);
    m->default_fparam = lqi_malloc_array(m->nfp ? m->nfp : 1, sizeof(double));
    if (!m->default_fparam) return LQ_ENOMEM;
    size_t k = 0;
    for (const cJSON *c = v->child; c; c = c->next, k++) {
        if (!cJSON_IsNumber(c) || !isfinite(c->valuedouble))
            return lqi_dp_path_fail(w, LQ_EPARSE, "default_fparam",
                                    "entry %zu is not a finite number", k);
        m->default_fparam[k] = c->valuedouble;
    }
    return LQ_OK;
}

static lq_status read_fitting(dpi_path *w, const cJSON *f, lq_dp_model *m) {
    lq_status st = read_fitting_opts(w, f, m);
    if (st != LQ_OK) return st;
    if ((st = read_default_fparam(w, f, m)) != LQ_OK) return st;
    int mixed = 0;
    if ((st = get_bool(w, f, "mixed_types", 0, &mixed)) != LQ_OK) return st;
    const cJSON *nets = get(w, f, "nets", &st);
    if (!nets) return st;
    size_t len = lqi_dp_path_push(w, "nets");
    st = read_collection(w, nets, m->ntypes, mixed ? 0 : 1, "FittingNetwork", &m->fit, &m->n_fit);
    lqi_dp_path_pop(w, len);
    if (st != LQ_OK) return st;
    m->fit_in = m->dim_desc + m->nfp + m->nap;
    for (size_t k = 0; k < m->n_fit; k++) {
        const dpi_net *n = &m->fit[k];
        size_t last = n->n_layers > 1 ? n->layers[n->n_layers - 2].nout : 0;
        if (n->nin != m->fit_in || n->nout != 1 || (k && last != m->fit_last)) {
            char key[40];
            snprintf(key, sizeof key, "nets.networks[%zu]", k);
            return lqi_dp_path_fail(w, LQ_EPARSE, key, "fitting nets map %zu inputs to 1 output",
                                    m->fit_in);
        }
        m->fit_last = last;
    }
    const cJSON *vars = get(w, f, "@variables", &st);
    if (!vars) return st;
    len = lqi_dp_path_push(w, "@variables");
    size_t sb[2] = {m->ntypes, 1}, sf = m->nfp, sa = m->nap;
    st = get_array(w, vars, "bias_atom_e", 2, sb, 0, &m->bias_atom_e);
    if (st == LQ_OK) st = get_array(w, vars, "fparam_avg", 1, &sf, m->nfp == 0, &m->fparam_avg);
    if (st == LQ_OK)
        st = get_array(w, vars, "fparam_inv_std", 1, &sf, m->nfp == 0, &m->fparam_inv_std);
    if (st == LQ_OK) st = get_array(w, vars, "aparam_avg", 1, &sa, m->nap == 0, &m->aparam_avg);
    if (st == LQ_OK)
        st = get_array(w, vars, "aparam_inv_std", 1, &sa, m->nap == 0, &m->aparam_inv_std);
    lqi_dp_path_pop(w, len);
    return st;
}

/* ---------------------------------------------------------------- model */

static lq_status read_model(dpi_path *w, const cJSON *mj, lq_dp_model *m) {
    lq_status st = expect_class(w, mj, "Model");
    if (st != LQ_OK) return st;
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(mj, "type");
    if (type && (!cJSON_IsString(type) || strcmp(type->valuestring, "standard")))
        return lqi_dp_path_fail(w, LQ_EUNSUPPORTED, "type",
                                "model type \"%s\" is not supported (standard)",
                                cJSON_IsString(type) ? type->valuestring : "?");
    if ((st = refuse_set(w, mj, "spin", "spin")) != LQ_OK) return st;
    if ((st = read_type_map(w, mj, m)) != LQ_OK) return st;
    size_t nt = m->ntypes;
    m->desc_excl = lqi_calloc(nt * nt, 1);
    m->pair_excl = lqi_calloc(nt * nt, 1);
    m->atom_excl = lqi_calloc(nt, 1);
    m->fit_excl = lqi_calloc(nt, 1);
    if (!m->desc_excl || !m->pair_excl || !m->atom_excl || !m->fit_excl) return LQ_ENOMEM;
    if ((st = read_excl(w, mj, "pair_exclude_types", nt, 1, m->pair_excl)) != LQ_OK) return st;
    if ((st = read_excl(w, mj, "atom_exclude_types", nt, 0, m->atom_excl)) != LQ_OK) return st;
    const cJSON *d = get(w, mj, "descriptor", &st);
    if (!d) return st;
    size_t len = lqi_dp_path_push(w, "descriptor");
    st = read_descriptor(w, d, m);
    lqi_dp_path_pop(w, len);
    if (st != LQ_OK) return st;
    const cJSON *f = get(w, mj, "fitting", &st);
    if (!f) return st;
    len = lqi_dp_path_push(w, "fitting");
    st = read_fitting(w, f, m);
    lqi_dp_path_pop(w, len);
    if (st != LQ_OK) return st;
    const cJSON *vars = get(w, mj, "@variables", &st);
    if (!vars) return st;
    len = lqi_dp_path_push(w, "@variables");
    size_t sh[3] = {1, nt, 1};
    double *ob = NULL;
    const cJSON *obj = cJSON_GetObjectItemCaseSensitive(vars, "out_bias");
    if (obj && !cJSON_IsNull(obj)) st = get_array(w, vars, "out_bias", 3, sh, 0, &ob);
    lqi_dp_path_pop(w, len);
    if (st != LQ_OK) return st;
    m->out_bias = ob ? ob : lqi_calloc(nt, sizeof *m->out_bias);
    return m->out_bias ? LQ_OK : LQ_ENOMEM;
}

/* Constant sums of the padded slots (see padsum in dp_internal.h); recomputed in place when the
 * weights or statistics change (training). */
lq_status lqi_dp_model_padsum(lq_dp_model *m) {
    size_t ng = m->ng, nc = m->ncomp, rows = m->nnei + m->ntypes, width = 0;
    for (size_t k = 0; k < m->n_embed; k++)
        if (m->embed[k].max_width > width) width = m->embed[k].max_width;
    if (!m->padsum)
        m->padsum = lqi_calloc(m->ntypes * rows * ng * nc, sizeof(double));
    else
        memset(m->padsum, 0, m->ntypes * rows * ng * nc * sizeof(double));
    double *ws = lqi_malloc_array(4 * width + 2 * ng, sizeof(double));
    if (!m->padsum || !ws) {
        lqi_free(ws);
        return LQ_ENOMEM;
    }
    double *g = ws + 4 * width;
    for (size_t ti = 0; ti < m->ntypes; ti++)
        for (size_t tt = 0; tt < m->ntypes; tt++) {
            const dpi_net *net = &m->embed[lqi_dp_embed_index(m, ti, tt)];
            double *base = m->padsum + (ti * rows + m->sec[tt] + tt) * ng * nc;
            for (size_t k = m->sel[tt]; k-- > 0;) {
                size_t slot = m->sec[tt] + k, o = (ti * m->nnei + slot) * nc;
                double rr[4];
                for (size_t c = 0; c < nc; c++) rr[c] = -m->davg[o + c] / m->dstd[o + c];
                lqi_dp_net_forward(net, 1, &rr[0], NULL, g, NULL, ws);
                double *row = base + k * ng * nc, *next = row + ng * nc;
                for (size_t a = 0; a < ng; a++)
                    for (size_t c = 0; c < nc; c++)
                        /* se_e2_r sums g itself (se_r.py), se_e2_a sums g (x) rr */
                        row[a * nc + c] = next[a * nc + c] + g[a] * (nc == 4 ? rr[c] : 1.0);
            }
        }
    lqi_free(ws);
    return LQ_OK;
}

lq_status lqi_dp_model_from_tree(const cJSON *root, const char *file, lq_dp_model **out,
                                 lq_diag *diag) {
    dpi_path w = {file, diag, ""};
    lq_dp_model *m = lqi_calloc(1, sizeof *m);
    if (!m) return LQ_ENOMEM;
    lq_status st = LQ_OK;
    const cJSON *mj = cJSON_IsObject(root) ? get(&w, root, "model", &st) : NULL;
    if (!cJSON_IsObject(root))
        st = lqi_dp_path_fail(&w, LQ_EPARSE, "model", "the file is not a mapping");
    if (mj) {
        size_t len = lqi_dp_path_push(&w, "model");
        st = read_model(&w, mj, m);
        lqi_dp_path_pop(&w, len);
    }
    if (st == LQ_OK) st = lqi_dp_model_padsum(m);
    if (st != LQ_OK) {
        lq_dp_model_free(m);
        return st;
    }
    *out = m;
    return LQ_OK;
}

void lq_dp_model_free(lq_dp_model *m) {
    if (!m) return;
    lqi_dp_tables_free(m);
    for (size_t k = 0; m->type_map && k < m->ntypes; k++) lqi_free(m->type_map[k]);
    lqi_free(m->type_map);
    for (size_t k = 0; m->embed && k < m->n_embed; k++) net_free(&m->embed[k]);
    for (size_t k = 0; m->fit && k < m->n_fit; k++) net_free(&m->fit[k]);
    void *arrays[] = {m->embed,
                      m->fit,
                      m->sel,
                      m->sec,
                      m->desc_excl,
                      m->pair_excl,
                      m->atom_excl,
                      m->fit_excl,
                      m->davg,
                      m->dstd,
                      m->bias_atom_e,
                      m->out_bias,
                      m->fparam_avg,
                      m->fparam_inv_std,
                      m->aparam_avg,
                      m->aparam_inv_std,
                      m->default_fparam,
                      m->padsum};
    for (size_t k = 0; k < sizeof arrays / sizeof arrays[0]; k++) lqi_free(arrays[k]);
    lqi_free(m);
}

lq_status lq_dp_model_read(const char *path, lq_dp_model **out, lq_diag *diag) {
    if (!path || !out) return lqi_diag_set(diag, LQ_EINVAL, "", 0, "", "NULL argument");
    cJSON *root = NULL;
    lq_status st = lqi_dp_tree_load(path, &root, diag);
    if (st != LQ_OK) return st;
    st = lqi_dp_model_from_tree(root, path, out, diag);
    cJSON_Delete(root);
    return st;
}

/* ---------------------------------------------------------------- accessors */

size_t lq_dp_model_ntypes(const lq_dp_model *m) { return m ? m->ntypes : 0; }
const char *lq_dp_model_type_name(const lq_dp_model *m, size_t t) {
    return m && t < m->ntypes ? m->type_map[t] : NULL;
}
lq_status lq_dp_model_type_find(const lq_dp_model *m, const char *name, size_t *t) {
    if (!m || !name || !t) return LQ_EINVAL;
    for (size_t k = 0; k < m->ntypes; k++)
        if (!strcmp(m->type_map[k], name)) {
            *t = k;
            return LQ_OK;
        }
    return LQ_ENOTFOUND;
}
double lq_dp_model_rcut_A(const lq_dp_model *m) { return m ? m->rcut : 0.0; }
lq_dp_descriptor lq_dp_model_descriptor(const lq_dp_model *m) {
    return m ? m->desc : LQ_DP_SE_E2_A;
}
size_t lq_dp_model_dim_fparam(const lq_dp_model *m) { return m ? m->nfp : 0; }
size_t lq_dp_model_dim_aparam(const lq_dp_model *m) { return m ? m->nap : 0; }
size_t lq_dp_model_dim_descriptor(const lq_dp_model *m) { return m ? m->dim_desc : 0; }
size_t lq_dp_model_dim_fit_last(const lq_dp_model *m) { return m ? m->fit_last : 0; }

lq_status lq_dp_config_types(const lq_dp_model *m, const lq_md_config *cfg, int *type,
                             lq_diag *diag) {
    if (!m || !cfg || !type) return lqi_diag_set(diag, LQ_EINVAL, "", 0, "", "NULL argument");
    for (size_t i = 0; i < cfg->n_atoms; i++) {
        size_t t;
        if (lq_dp_model_type_find(m, cfg->symbol[i], &t) != LQ_OK)
            return lqi_diag_set(diag, LQ_ENOTFOUND, "", 0, "type_map",
                                "species \"%s\" of atom %zu is not in the model's type_map",
                                cfg->symbol[i], i + 1);
        type[i] = (int)t;
    }
    return LQ_OK;
}
