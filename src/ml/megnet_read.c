/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reads a MEGNet model file (HDF5 written by scripts/convert_megnet.py) and checks every tensor. */
#include <cjson/cJSON.h>
#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ml/ml_internal.h"

/* The architecture is MatGL's MEGNet (matgl/models/_megnet.py, commit e9cde229), after
 * C. Chen, W. Ye, Y. Zuo, C. Zheng, S. P. Ong, Chem. Mater. 31 (2019) 3564. The tensors expected
 * are derived here from the hyperparameters (model.json "init_args") exactly as MEGNet.__init__
 * builds its modules, so that a file whose tensors do not fit is refused by name. */

#define ML_FORMAT "liquidus-ml-model 1"
#define ML_MAX_TENSORS 256

typedef struct spec {
    char name[96];
    size_t rows, cols; /* cols == 0: a vector of `rows` entries */
    const double **dst;
} spec;

typedef struct specs {
    spec s[ML_MAX_TENSORS];
    size_t n;
} specs;

static int add(specs *t, const char *name, size_t rows, size_t cols, const double **dst) {
    if (t->n >= ML_MAX_TENSORS || strlen(name) >= sizeof t->s[0].name) return -1;
    spec *p = &t->s[t->n++];
    snprintf(p->name, sizeof p->name, "%s", name);
    p->rows = rows;
    p->cols = cols;
    p->dst = dst;
    return 0;
}

/* matgl.layers.MLP(dims): Linear modules at even indices of .layers (activations in between). */
static int add_mlp(specs *t, const char *prefix, const size_t *dims, size_t nd, int act_last,
                   lqi_ml_mlp *mlp) {
    if (nd < 2 || nd - 1 > LQI_ML_MAX_LAYERS) return -1;
    mlp->n = nd - 1;
    mlp->activate_last = act_last;
    char name[96];
    for (size_t i = 0; i + 1 < nd; i++) {
        lqi_ml_linear *L = &mlp->layer[i];
        L->n_in = dims[i];
        L->n_out = dims[i + 1];
        snprintf(name, sizeof name, "%s.layers.%zu.weight", prefix, 2 * i);
        if (add(t, name, dims[i + 1], dims[i], &L->w)) return -1;
        snprintf(name, sizeof name, "%s.layers.%zu.bias", prefix, 2 * i);
        if (add(t, name, dims[i + 1], 0, &L->b)) return -1;
    }
    return 0;
}

static int add_lstm(specs *t, const char *prefix, size_t n_in, size_t n_hid, lqi_ml_lstm *l) {
    char name[96];
    l->n_in = n_in;
    l->n_hid = n_hid;
    snprintf(name, sizeof name, "%s.lstm.weight_ih_l0", prefix);
    if (add(t, name, 4 * n_hid, n_in, &l->w_ih)) return -1;
    snprintf(name, sizeof name, "%s.lstm.weight_hh_l0", prefix);
    if (add(t, name, 4 * n_hid, n_hid, &l->w_hh)) return -1;
    snprintf(name, sizeof name, "%s.lstm.bias_ih_l0", prefix);
    if (add(t, name, 4 * n_hid, 0, &l->b_ih)) return -1;
    snprintf(name, sizeof name, "%s.lstm.bias_hh_l0", prefix);
    if (add(t, name, 4 * n_hid, 0, &l->b_hh)) return -1;
    return 0;
}

/* ---------------------------------------------------------------- hyperparameters */

typedef struct hyper {
    size_t dim_node, dim_edge, dim_state, nblocks, n_in, n_conv, n_out, niters;
    size_t in[LQI_ML_MAX_LAYERS], conv[LQI_ML_MAX_LAYERS], out[LQI_ML_MAX_LAYERS];
    double cutoff, width;
} hyper;

static lq_status get_size(const cJSON *a, const char *key, size_t lo, size_t hi, size_t *v,
                          const char *path, lq_diag *diag) {
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(a, key);
    if (!cJSON_IsNumber(x) || !(x->valuedouble >= (double)lo && x->valuedouble <= (double)hi) ||
        x->valuedouble != floor(x->valuedouble))
        return lqi_diag_set(diag, LQ_EPARSE, path, 0, key,
                            "hyperparameter %s: expected an integer in [%zu, %zu]", key, lo, hi);
    *v = (size_t)x->valuedouble;
    return LQ_OK;
}

static lq_status get_sizes(const cJSON *a, const char *key, size_t *v, size_t *n, const char *path,
                           lq_diag *diag) {
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(a, key);
    int len = cJSON_IsArray(x) ? cJSON_GetArraySize(x) : -1;
    if (len < 1 || len > LQI_ML_MAX_LAYERS - 2)
        return lqi_diag_set(diag, LQ_EPARSE, path, 0, key,
                            "hyperparameter %s: expected a list of 1 to %d layer sizes", key,
                            LQI_ML_MAX_LAYERS - 2);
    for (int i = 0; i < len; i++) {
        const cJSON *e = cJSON_GetArrayItem(x, i);
        if (!cJSON_IsNumber(e) || !(e->valuedouble >= 1 && e->valuedouble <= LQI_ML_MAX_WIDTH) ||
            e->valuedouble != floor(e->valuedouble))
            return lqi_diag_set(diag, LQ_EPARSE, path, 0, key,
                                "hyperparameter %s[%d]: expected an integer in [1, %d]", key, i,
                                LQI_ML_MAX_WIDTH);
        v[i] = (size_t)e->valuedouble;
    }
    *n = (size_t)len;
    return LQ_OK;
}

/* Options MEGNet accepts that change the network; only the values of the published Eform model
 * are implemented, anything else is refused by name. */
static lq_status check_options(const cJSON *a, const char *path, lq_diag *diag) {
    static const char *const must_be_null[] = {"ntypes_state", "graph_transformations",
                                               "element_types", "bond_expansion"};
    for (size_t i = 0; i < sizeof must_be_null / sizeof *must_be_null; i++) {
        const cJSON *x = cJSON_GetObjectItemCaseSensitive(a, must_be_null[i]);
        if (x && !cJSON_IsNull(x))
            return lqi_diag_set(diag, LQ_EUNSUPPORTED, path, 0, must_be_null[i],
                                "hyperparameter %s other than null is not supported",
                                must_be_null[i]);
    }
    const cJSON *act = cJSON_GetObjectItemCaseSensitive(a, "activation_type");
    if (!cJSON_IsString(act) || strcmp(act->valuestring, "softplus2") != 0)
        return lqi_diag_set(diag, LQ_EUNSUPPORTED, path, 0, "activation_type",
                            "activation_type must be \"softplus2\"");
    const cJSON *cls = cJSON_GetObjectItemCaseSensitive(a, "is_classification");
    if (!cJSON_IsFalse(cls))
        return lqi_diag_set(diag, LQ_EUNSUPPORTED, path, 0, "is_classification",
                            "only regression models (is_classification false) are supported");
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(a, "include_state");
    if (!cJSON_IsTrue(st))
        return lqi_diag_set(diag, LQ_EUNSUPPORTED, path, 0, "include_state",
                            "only models with include_state true are supported");
    const cJSON *nl = cJSON_GetObjectItemCaseSensitive(a, "nlayers_set2set");
    if (!cJSON_IsNumber(nl) || nl->valuedouble != 1.0)
        return lqi_diag_set(diag, LQ_EUNSUPPORTED, path, 0, "nlayers_set2set",
                            "only one LSTM layer in Set2Set (nlayers_set2set 1) is supported");
    return LQ_OK;
}

static lq_status parse_hyper(const char *text, const char *path, hyper *h, lq_diag *diag) {
    cJSON *root = cJSON_Parse(text);
    lq_status st = LQ_OK;
    if (!cJSON_IsObject(root)) {
        st = lqi_diag_set(diag, LQ_EPARSE, path, 0, "hyperparameters",
                          "attribute hyperparameters is not a JSON object");
        goto done;
    }
    const cJSON *cls = cJSON_GetObjectItemCaseSensitive(root, "@class");
    const cJSON *kw = cJSON_GetObjectItemCaseSensitive(root, "kwargs");
    const cJSON *model = cJSON_GetObjectItemCaseSensitive(kw, "model");
    const cJSON *mcls = cJSON_GetObjectItemCaseSensitive(model, "@class");
    if (!cJSON_IsString(cls) || strcmp(cls->valuestring, "TransformedTargetModel") != 0 ||
        !cJSON_IsString(mcls)) {
        st = lqi_diag_set(diag, LQ_EUNSUPPORTED, path, 0, "hyperparameters",
                          "expected MatGL's TransformedTargetModel wrapping a model");
        goto done;
    }
    if (strcmp(mcls->valuestring, "MEGNet") != 0) {
        st = lqi_diag_set(diag, LQ_EUNSUPPORTED, path, 0, "kwargs.model.@class",
                          "architecture %.40s is not supported (MEGNet only)", mcls->valuestring);
        goto done;
    }
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(model, "init_args");
    if (!cJSON_IsObject(a)) {
        st = lqi_diag_set(diag, LQ_EPARSE, path, 0, "init_args", "no kwargs.model.init_args");
        goto done;
    }
    if ((st = check_options(a, path, diag)) != LQ_OK) goto done;
    if ((st = get_size(a, "dim_node_embedding", 1, LQI_ML_MAX_WIDTH, &h->dim_node, path, diag)) ||
        (st = get_size(a, "dim_edge_embedding", 1, LQI_ML_MAX_WIDTH, &h->dim_edge, path, diag)) ||
        (st = get_size(a, "dim_state_embedding", 1, LQI_ML_MAX_WIDTH, &h->dim_state, path, diag)) ||
        (st = get_size(a, "nblocks", 1, LQI_ML_MAX_BLOCKS, &h->nblocks, path, diag)) ||
        (st = get_size(a, "niters_set2set", 1, 64, &h->niters, path, diag)) ||
        (st = get_sizes(a, "hidden_layer_sizes_input", h->in, &h->n_in, path, diag)) ||
        (st = get_sizes(a, "hidden_layer_sizes_conv", h->conv, &h->n_conv, path, diag)) ||
        (st = get_sizes(a, "hidden_layer_sizes_output", h->out, &h->n_out, path, diag)))
        goto done;
    const cJSON *rc = cJSON_GetObjectItemCaseSensitive(a, "cutoff");
    const cJSON *gw = cJSON_GetObjectItemCaseSensitive(a, "gauss_width");
    if (!cJSON_IsNumber(rc) || !(rc->valuedouble > 0.5 && rc->valuedouble <= 20.0)) {
        st = lqi_diag_set(diag, LQ_EPARSE, path, 0, "cutoff", "cutoff must be in (0.5, 20] A");
        goto done;
    }
    if (!cJSON_IsNumber(gw) || !(gw->valuedouble > 0 && gw->valuedouble < 1e3)) {
        st = lqi_diag_set(diag, LQ_EPARSE, path, 0, "gauss_width", "gauss_width must be > 0");
        goto done;
    }
    h->cutoff = rc->valuedouble;
    h->width = gw->valuedouble;
done:
    cJSON_Delete(root);
    return st;
}

/* The module list of MEGNet.__init__ (with MEGNetBlock, MEGNetGraphConv.from_dims, EdgeSet2Set and
 * dgl.nn.Set2Set), as tensors of the state dict of TransformedTargetModel ("model." prefix). */
static lq_status layout(const hyper *h, lq_ml_model *m, specs *t) {
    size_t d[LQI_ML_MAX_LAYERS + 1];
    const size_t c_in = h->in[h->n_in - 1], c_out = h->conv[h->n_conv - 1];
    int bad = 0;
    /* The skip connections add a block's output to its input: widths must agree. */
    if (c_in != c_out) return LQ_EUNSUPPORTED;
    m->dim_conv = c_out;
    m->n_centers = h->dim_edge;
    m->dim_node = h->dim_node;
    m->dim_state = h->dim_state;
    m->n_blocks = h->nblocks;
    m->s2s_iters = h->niters;
    bad |= add(t, "model.bond_expansion.rbf.centers", h->dim_edge, 0, &m->centers_A);
    /* rows of the embedding: checked against the element list by the caller */
    bad |= add(t, "model.embedding.layer_node_embedding.weight", m->n_types, h->dim_node,
               &m->embedding);
    const struct {
        const char *name;
        size_t first;
        lqi_ml_mlp *mlp;
    } enc[3] = {{"model.edge_encoder", h->dim_edge, &m->edge_enc},
                {"model.node_encoder", h->dim_node, &m->node_enc},
                {"model.state_encoder", h->dim_state, &m->state_enc}};
    for (int k = 0; k < 3; k++) {
        d[0] = enc[k].first;
        memcpy(d + 1, h->in, h->n_in * sizeof *d);
        bad |= add_mlp(t, enc[k].name, d, h->n_in + 1, 1, enc[k].mlp);
    }
    char p[96];
    for (size_t b = 0; b < h->nblocks; b++) {
        lqi_ml_block *B = &m->block[b];
        B->has_dense = b > 0;
        if (B->has_dense) { /* dims [conv_out, *hidden_layer_sizes_input] */
            d[0] = c_out;
            memcpy(d + 1, h->in, h->n_in * sizeof *d);
            snprintf(p, sizeof p, "model.blocks.%zu.edge_func", b);
            bad |= add_mlp(t, p, d, h->n_in + 1, 1, &B->edge_dense);
            snprintf(p, sizeof p, "model.blocks.%zu.node_func", b);
            bad |= add_mlp(t, p, d, h->n_in + 1, 1, &B->node_dense);
            snprintf(p, sizeof p, "model.blocks.%zu.state_func", b);
            bad |= add_mlp(t, p, d, h->n_in + 1, 1, &B->state_dense);
        }
        memcpy(d + 1, h->conv, h->n_conv * sizeof *d);
        d[0] = 4 * c_in; /* v_src, v_dst, e, u */
        snprintf(p, sizeof p, "model.blocks.%zu.conv.edge_func", b);
        bad |= add_mlp(t, p, d, h->n_conv + 1, 1, &B->edge_conv);
        d[0] = c_out + 2 * c_in; /* v, mean of incoming e, u */
        snprintf(p, sizeof p, "model.blocks.%zu.conv.node_func", b);
        bad |= add_mlp(t, p, d, h->n_conv + 1, 1, &B->node_conv);
        d[0] = 2 * c_out + c_in; /* u, mean e, mean v */
        snprintf(p, sizeof p, "model.blocks.%zu.conv.state_func", b);
        bad |= add_mlp(t, p, d, h->n_conv + 1, 1, &B->state_conv);
    }
    bad |= add_lstm(t, "model.edge_s2s", 2 * c_out, c_out, &m->edge_s2s);
    bad |= add_lstm(t, "model.node_s2s", 2 * c_out, c_out, &m->node_s2s);
    d[0] = 5 * c_out; /* node Set2Set (2c), edge Set2Set (2c), state (c) */
    memcpy(d + 1, h->out, h->n_out * sizeof *d);
    d[h->n_out + 1] = 1;
    bad |= add_mlp(t, "model.output_proj", d, h->n_out + 2, 0, &m->out);
    return bad ? LQ_EUNSUPPORTED : LQ_OK;
}

/* ---------------------------------------------------------------- HDF5 */

static lq_status attr_text(hid_t f, const char *path, const char *name, char **out, lq_diag *diag) {
    if (H5Aexists(f, name) <= 0)
        return lqi_diag_set(diag, LQ_EPARSE, path, 0, name, "no root attribute \"%s\"", name);
    hid_t a = H5Aopen(f, name, H5P_DEFAULT);
    if (a < 0) return lqi_diag_set(diag, LQ_EPARSE, path, 0, name, "cannot open attribute");
    hid_t ty = H5Aget_type(a);
    hid_t sp = H5Aget_space(a);
    lq_status st = LQ_OK;
    char *s = NULL;
    if (ty < 0 || sp < 0 || H5Tget_class(ty) != H5T_STRING ||
        H5Sget_simple_extent_type(sp) != H5S_SCALAR) {
        st = lqi_diag_set(diag, LQ_EPARSE, path, 0, name, "attribute is not a scalar string");
    } else if (H5Tis_variable_str(ty) > 0) {
        hid_t mt = H5Tcopy(H5T_C_S1);
        H5Tset_size(mt, H5T_VARIABLE);
        H5Tset_cset(mt, H5Tget_cset(ty));
        char *v = NULL;
        if (H5Aread(a, mt, &v) < 0 || !v)
            st = lqi_diag_set(diag, LQ_EPARSE, path, 0, name, "cannot read the attribute");
        else if (!(s = lqi_strdup(v)))
            st = LQ_ENOMEM;
        if (v) H5free_memory(v);
        H5Tclose(mt);
    } else {
        size_t sz = H5Tget_size(ty);
        if (sz == 0 || sz > (1u << 24)) {
            st = lqi_diag_set(diag, LQ_EPARSE, path, 0, name, "attribute string size %zu", sz);
        } else if (!(s = lqi_calloc(sz + 1, 1))) {
            st = LQ_ENOMEM;
        } else {
            hid_t mt = H5Tcopy(H5T_C_S1);
            H5Tset_size(mt, sz + 1);
            if (H5Aread(a, mt, s) < 0)
                st = lqi_diag_set(diag, LQ_EPARSE, path, 0, name, "cannot read the attribute");
            H5Tclose(mt);
        }
    }
    if (sp >= 0) H5Sclose(sp);
    if (ty >= 0) H5Tclose(ty);
    H5Aclose(a);
    if (st != LQ_OK) {
        lqi_free(s);
        return st;
    }
    *out = s;
    return LQ_OK;
}

static lq_status attr_double(hid_t f, const char *path, const char *name, double *v,
                             lq_diag *diag) {
    if (H5Aexists(f, name) <= 0)
        return lqi_diag_set(diag, LQ_EPARSE, path, 0, name, "no root attribute \"%s\"", name);
    hid_t a = H5Aopen(f, name, H5P_DEFAULT);
    if (a < 0) return lqi_diag_set(diag, LQ_EPARSE, path, 0, name, "cannot open attribute");
    hid_t ty = H5Aget_type(a), sp = H5Aget_space(a);
    int ok = ty >= 0 && sp >= 0 && H5Tget_class(ty) == H5T_FLOAT &&
             H5Sget_simple_extent_npoints(sp) == 1 && H5Aread(a, H5T_NATIVE_DOUBLE, v) >= 0 &&
             isfinite(*v);
    if (sp >= 0) H5Sclose(sp);
    if (ty >= 0) H5Tclose(ty);
    H5Aclose(a);
    return ok ? LQ_OK : lqi_diag_set(diag, LQ_EPARSE, path, 0, name, "expected one finite float");
}

static lq_status read_tensor(hid_t f, const char *path, const spec *p, double *buf, lq_diag *diag) {
    if (H5Lexists(f, p->name, H5P_DEFAULT) <= 0)
        return lqi_diag_set(diag, LQ_EPARSE, path, 0, p->name, "tensor %s is missing", p->name);
    hid_t ds = H5Dopen2(f, p->name, H5P_DEFAULT);
    if (ds < 0)
        return lqi_diag_set(diag, LQ_EPARSE, path, 0, p->name, "%s is not a dataset", p->name);
    hid_t sp = H5Dget_space(ds), ty = H5Dget_type(ds);
    int nd = sp >= 0 ? H5Sget_simple_extent_ndims(sp) : -1;
    hsize_t dims[2] = {0, 0};
    lq_status st = LQ_OK;
    int want = p->cols ? 2 : 1;
    if (ty < 0 || H5Tget_class(ty) != H5T_FLOAT) {
        st = lqi_diag_set(diag, LQ_EPARSE, path, 0, p->name, "tensor %s is not floating point",
                          p->name);
    } else if (nd != want) {
        st = lqi_diag_set(diag, LQ_EPARSE, path, 0, p->name,
                          "tensor %s has %d dimensions, expected %d", p->name, nd, want);
    } else {
        H5Sget_simple_extent_dims(sp, dims, NULL);
        if (dims[0] != p->rows || (want == 2 && dims[1] != p->cols)) {
            if (want == 2)
                st = lqi_diag_set(diag, LQ_EPARSE, path, 0, p->name,
                                  "tensor %s has shape (%llu, %llu), expected (%zu, %zu)", p->name,
                                  (unsigned long long)dims[0], (unsigned long long)dims[1], p->rows,
                                  p->cols);
            else
                st = lqi_diag_set(diag, LQ_EPARSE, path, 0, p->name,
                                  "tensor %s has shape (%llu), expected (%zu)", p->name,
                                  (unsigned long long)dims[0], p->rows);
        } else if (H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
            st = lqi_diag_set(diag, LQ_EPARSE, path, 0, p->name,
                              "cannot read tensor %s (truncated or damaged file)", p->name);
        } else {
            size_t n = p->rows * (p->cols ? p->cols : 1);
            for (size_t i = 0; i < n; i++)
                if (!isfinite(buf[i])) {
                    st = lqi_diag_set(diag, LQ_EPARSE, path, 0, p->name,
                                      "tensor %s: entry %zu is not finite", p->name, i);
                    break;
                }
        }
    }
    if (ty >= 0) H5Tclose(ty);
    if (sp >= 0) H5Sclose(sp);
    H5Dclose(ds);
    return st;
}

/* Element list attribute: the symbol of each embedding row, in order. */
static lq_status parse_elements(const char *text, const char *path, lq_ml_model *m, lq_diag *diag) {
    for (int z = 0; z <= LQ_ELEMENT_MAX_Z; z++) m->type_of_z[z] = -1;
    size_t n = 0;
    const char *c = text;
    while (*c) {
        while (*c == ' ') c++;
        if (!*c) break;
        const char *b = c;
        while (*c && *c != ' ') c++;
        const lqi_element_data *e = lqi_element_lookup(b, (size_t)(c - b));
        if (!e || e->z < 1 || e->z > LQ_ELEMENT_MAX_Z)
            return lqi_diag_set(diag, LQ_EPARSE, path, 0, "element_types",
                                "element_types: unknown element \"%.*s\"",
                                (int)((c - b) > 8 ? 8 : (c - b)), b);
        if (m->type_of_z[e->z] >= 0)
            return lqi_diag_set(diag, LQ_EPARSE, path, 0, "element_types",
                                "element_types: %s appears twice", e->symbol);
        m->type_of_z[e->z] = (int)n++;
    }
    if (n == 0)
        return lqi_diag_set(diag, LQ_EPARSE, path, 0, "element_types", "element_types is empty");
    m->n_types = n;
    return LQ_OK;
}

static lq_status read_header(hid_t f, const char *path, lq_ml_model *m, hyper *h, lq_diag *diag) {
    char *s = NULL;
    if (H5Aexists(f, "format") <= 0) {
        if (H5Aexists(f, "json") > 0)
            return lqi_diag_set(diag, LQ_EUNSUPPORTED, path, 0, "format",
                                "a DeePMD-kit model (attribute \"json\"), not a liquidus ML "
                                "model file (scripts/convert_megnet.py)");
        return lqi_diag_set(diag, LQ_EUNSUPPORTED, path, 0, "format",
                            "not a liquidus ML model file: no root attribute \"format\"");
    }
    lq_status st = attr_text(f, path, "format", &s, diag);
    if (st != LQ_OK) return st;
    if (strcmp(s, ML_FORMAT) != 0) {
        st = lqi_diag_set(diag, LQ_EUNSUPPORTED, path, 0, "format",
                          "format \"%.40s\" is not \"" ML_FORMAT "\"", s);
        lqi_free(s);
        return st;
    }
    lqi_free(s);
    if ((st = attr_text(f, path, "architecture", &s, diag)) != LQ_OK) return st;
    if (strcmp(s, "MEGNet") != 0) {
        st = lqi_diag_set(diag, LQ_EUNSUPPORTED, path, 0, "architecture",
                          "architecture %.40s is not supported (MEGNet only)", s);
        lqi_free(s);
        return st;
    }
    lqi_free(s);
    if ((st = attr_text(f, path, "name", &s, diag)) != LQ_OK) return st;
    snprintf(m->name, sizeof m->name, "%s", s);
    lqi_free(s);
    if ((st = attr_text(f, path, "hyperparameters", &s, diag)) != LQ_OK) return st;
    st = parse_hyper(s, path, h, diag);
    lqi_free(s);
    if (st != LQ_OK) return st;
    if ((st = attr_text(f, path, "element_types", &s, diag)) != LQ_OK) return st;
    st = parse_elements(s, path, m, diag);
    lqi_free(s);
    if (st != LQ_OK) return st;
    if ((st = attr_double(f, path, "target_mean", &m->target_mean, diag)) ||
        (st = attr_double(f, path, "target_std", &m->target_std, diag)) ||
        (st = attr_double(f, path, "test_mae_eV_per_atom", &m->mae_eV_per_atom, diag)))
        return st;
    if (!(m->target_std > 0) || !(m->mae_eV_per_atom > 0))
        return lqi_diag_set(diag, LQ_EPARSE, path, 0, "target_std",
                            "target_std and test_mae_eV_per_atom must be > 0");
    m->cutoff_A = h->cutoff;
    m->gauss_width = h->width;
    return LQ_OK;
}

/* Every dataset of the file must be an expected tensor: another model's extra tensors are named. */
static lq_status check_extra(hid_t f, const char *path, const specs *t, lq_diag *diag) {
    H5G_info_t info;
    if (H5Gget_info(f, &info) < 0)
        return lqi_diag_set(diag, LQ_EPARSE, path, 0, "", "cannot list the file's datasets");
    if (info.nlinks == t->n) return LQ_OK;
    for (hsize_t i = 0; i < info.nlinks; i++) {
        char name[128] = "";
        if (H5Lget_name_by_idx(f, ".", H5_INDEX_NAME, H5_ITER_INC, i, name, sizeof name,
                               H5P_DEFAULT) < 0)
            continue;
        int known = 0;
        for (size_t k = 0; k < t->n && !known; k++) known = strcmp(name, t->s[k].name) == 0;
        if (!known)
            return lqi_diag_set(diag, LQ_EUNSUPPORTED, path, 0, name,
                                "unexpected tensor %.90s: not part of this MEGNet architecture",
                                name);
    }
    return lqi_diag_set(diag, LQ_EPARSE, path, 0, "", "%llu datasets, expected %zu tensors",
                        (unsigned long long)info.nlinks, t->n);
}

static lq_status load(hid_t f, const char *path, lq_ml_model *m, lq_diag *diag) {
    hyper h;
    memset(&h, 0, sizeof h);
    lq_status st = read_header(f, path, m, &h, diag);
    if (st != LQ_OK) return st;
    specs *t = lqi_calloc(1, sizeof *t);
    if (!t) return LQ_ENOMEM;
    if (layout(&h, m, t) != LQ_OK) {
        lqi_free(t);
        return lqi_diag_set(diag, LQ_EUNSUPPORTED, path, 0, "hyperparameters",
                            "hidden_layer_sizes_input and _conv must end with the same width");
    }
    size_t total = 0;
    for (size_t k = 0; k < t->n; k++) total += t->s[k].rows * (t->s[k].cols ? t->s[k].cols : 1);
    m->store = lqi_malloc_array(total, sizeof(double));
    if (!m->store) st = LQ_ENOMEM;
    size_t off = 0;
    for (size_t k = 0; k < t->n && st == LQ_OK; k++) {
        st = read_tensor(f, path, &t->s[k], m->store + off, diag);
        *t->s[k].dst = m->store + off;
        off += t->s[k].rows * (t->s[k].cols ? t->s[k].cols : 1);
    }
    if (st == LQ_OK) st = check_extra(f, path, t, diag);
    lqi_free(t);
    return st;
}

lq_status lq_ml_model_read(const char *path, lq_ml_model **out, lq_diag *diag) {
    if (!path || !out) return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "", "NULL path or out");
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL); /* the library never prints */
    FILE *probe = fopen(path, "rb");
    if (!probe) return lqi_diag_set(diag, LQ_EIO, path, 0, "", "cannot open the model file");
    fclose(probe);
    if (H5Fis_hdf5(path) <= 0)
        return lqi_diag_set(diag, LQ_EPARSE, path, 0, "",
                            "not an HDF5 file (truncated, or another format)");
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0)
        return lqi_diag_set(diag, LQ_EPARSE, path, 0, "",
                            "cannot open the HDF5 file (truncated or damaged)");
    lq_ml_model *m = lqi_calloc(1, sizeof *m);
    lq_status st = m ? LQ_OK : LQ_ENOMEM;
    if (m) {
        snprintf(m->path, sizeof m->path, "%s", path);
        st = load(f, path, m, diag);
    }
    H5Fclose(f);
    if (st != LQ_OK) {
        lq_ml_model_free(m);
        return st;
    }
    *out = m;
    return LQ_OK;
}

lq_status lq_ml_model_read_default(lq_ml_model **out, lq_diag *diag) {
    char path[4096];
    lq_status st = lq_data_path(LQ_ML_DEFAULT_MODEL, path, sizeof path, diag);
    if (st != LQ_OK) return st;
    return lq_ml_model_read(path, out, diag);
}

void lq_ml_model_free(lq_ml_model *m) {
    if (!m) return;
    lqi_free(m->store);
    lqi_free(m);
}

const char *lq_ml_model_name(const lq_ml_model *m) { return m ? m->name : ""; }

double lq_ml_model_mae_eV_per_atom(const lq_ml_model *m) {
    return m ? m->mae_eV_per_atom : (double)NAN;
}

double lq_ml_model_cutoff_A(const lq_ml_model *m) { return m ? m->cutoff_A : (double)NAN; }

int lq_ml_model_has_element(const lq_ml_model *m, int z) {
    if (!m || z < 1 || z > LQ_ELEMENT_MAX_Z) return 0;
    return m->type_of_z[z] >= 0;
}
