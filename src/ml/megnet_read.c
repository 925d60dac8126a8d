/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reads a MEGNet model file (format 2 of scripts/lqml.py) and checks every tensor. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ml/ml_internal.h"

/* The architecture is MatGL's MEGNet (matgl/models/_megnet.py, commit e9cde229), after
 * C. Chen, W. Ye, Y. Zuo, C. Zheng, S. P. Ong, Chem. Mater. 31 (2019) 3564. The tensors expected
 * are derived here from the hyperparameters (model.json "init_args") exactly as MEGNet.__init__
 * builds its modules, so that a file whose tensors do not fit is refused by name. */

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

static lq_status parse_hyper(const cJSON *root, const char *path, hyper *h, lq_diag *diag) {
    lq_status st = LQ_OK;
    if (!cJSON_IsObject(root))
        return lqi_diag_set(diag, LQ_EPARSE, path, 0, "hyperparameters",
                            "hyperparameters is not a JSON object");
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

/* ---------------------------------------------------------------- the file (format 2) */

/* Layout (scripts/lqml.py): "liquidus-ml-model 2 <H>\n", H bytes of JSON header, zero padding to
 * a multiple of 8, then the tensors back to back as little-endian IEEE floats. No library parses
 * the file but cJSON, every offset is checked against the bytes present, and an FNV-1a hash of
 * the data section catches damage a shape check cannot see. */
#define ML_MAGIC "liquidus-ml-model "
#define ML_VERSION 2
#define ML_MAX_HEADER (1u << 24)

typedef struct mfile {
    const char *path;
    const unsigned char *data; /* the data section */
    size_t data_bytes, width;  /* width: 4 ("<f4") or 8 ("<f8") */
    const cJSON *tensors;      /* array of {name, shape, offset} in storage order */
} mfile;

static uint64_t fnv1a64(const unsigned char *p, size_t n) {
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001b3u;
    return h;
}

static lq_status header_number(const cJSON *hdr, const char *path, const char *key, double *v,
                               lq_diag *diag) {
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(hdr, key);
    if (!cJSON_IsNumber(x) || !isfinite(x->valuedouble))
        return lqi_diag_set(diag, LQ_EPARSE, path, 0, key, "%s: expected a finite number", key);
    *v = x->valuedouble;
    return LQ_OK;
}

static const char *header_string(const cJSON *hdr, const char *key) {
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(hdr, key);
    return cJSON_IsString(x) ? x->valuestring : NULL;
}

/* Element list: the symbol of each embedding row, in order. */
static lq_status parse_elements(const cJSON *list, const char *path, lq_ml_model *m,
                                lq_diag *diag) {
    for (int z = 0; z <= LQ_ELEMENT_MAX_Z; z++) m->type_of_z[z] = -1;
    if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) < 1)
        return lqi_diag_set(diag, LQ_EPARSE, path, 0, "element_types",
                            "element_types: expected a non-empty list of element symbols");
    size_t n = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, list) {
        const char *sym = cJSON_IsString(e) ? e->valuestring : "";
        const lqi_element_data *el = lqi_element_lookup(sym, strlen(sym));
        if (!el || el->z < 1 || el->z > LQ_ELEMENT_MAX_Z)
            return lqi_diag_set(diag, LQ_EPARSE, path, 0, "element_types",
                                "element_types: unknown element \"%.8s\"", sym);
        if (m->type_of_z[el->z] >= 0)
            return lqi_diag_set(diag, LQ_EPARSE, path, 0, "element_types",
                                "element_types: %s appears twice", el->symbol);
        m->type_of_z[el->z] = (int)n++;
    }
    m->n_types = n;
    return LQ_OK;
}

static lq_status read_header(const cJSON *hdr, const char *path, lq_ml_model *m, hyper *h,
                             lq_diag *diag) {
    const char *arch = header_string(hdr, "architecture");
    if (!arch) return lqi_diag_set(diag, LQ_EPARSE, path, 0, "architecture", "no architecture");
    if (strcmp(arch, "MEGNet") != 0)
        return lqi_diag_set(diag, LQ_EUNSUPPORTED, path, 0, "architecture",
                            "architecture %.40s is not supported (MEGNet only)", arch);
    const char *name = header_string(hdr, "name");
    if (!name) return lqi_diag_set(diag, LQ_EPARSE, path, 0, "name", "no model name");
    snprintf(m->name, sizeof m->name, "%s", name);
    lq_status st =
        parse_hyper(cJSON_GetObjectItemCaseSensitive(hdr, "hyperparameters"), path, h, diag);
    if (st != LQ_OK) return st;
    if ((st = parse_elements(cJSON_GetObjectItemCaseSensitive(hdr, "element_types"), path, m,
                             diag)) ||
        (st = header_number(hdr, path, "target_mean", &m->target_mean, diag)) ||
        (st = header_number(hdr, path, "target_std", &m->target_std, diag)) ||
        (st = header_number(hdr, path, "test_mae_eV_per_atom", &m->mae_eV_per_atom, diag)))
        return st;
    if (!(m->target_std > 0) || !(m->mae_eV_per_atom > 0))
        return lqi_diag_set(diag, LQ_EPARSE, path, 0, "target_std",
                            "target_std and test_mae_eV_per_atom must be > 0");
    m->cutoff_A = h->cutoff;
    m->gauss_width = h->width;
    return LQ_OK;
}

/* The entry of the tensor named p->name: its shape must be the expected one. */
static lq_status read_tensor(const mfile *f, const spec *p, double *buf, lq_diag *diag) {
    const cJSON *t = NULL, *e;
    cJSON_ArrayForEach(e, f->tensors) {
        const char *nm = header_string(e, "name");
        if (nm && strcmp(nm, p->name) == 0) {
            t = e;
            break;
        }
    }
    if (!t)
        return lqi_diag_set(diag, LQ_EPARSE, f->path, 0, p->name, "tensor %s is missing", p->name);
    const cJSON *shape = cJSON_GetObjectItemCaseSensitive(t, "shape");
    int nd = cJSON_IsArray(shape) ? cJSON_GetArraySize(shape) : -1, want = p->cols ? 2 : 1;
    double dims[2] = {-1, -1};
    for (int k = 0; k < nd && k < 2; k++) {
        const cJSON *x = cJSON_GetArrayItem(shape, k);
        dims[k] = cJSON_IsNumber(x) ? x->valuedouble : -1;
    }
    if (nd != want)
        return lqi_diag_set(diag, LQ_EPARSE, f->path, 0, p->name,
                            "tensor %s has %d dimensions, expected %d", p->name, nd, want);
    if (dims[0] != (double)p->rows || (want == 2 && dims[1] != (double)p->cols)) {
        if (want == 2)
            return lqi_diag_set(diag, LQ_EPARSE, f->path, 0, p->name,
                                "tensor %s has shape (%.0f, %.0f), expected (%zu, %zu)", p->name,
                                dims[0], dims[1], p->rows, p->cols);
        return lqi_diag_set(diag, LQ_EPARSE, f->path, 0, p->name,
                            "tensor %s has shape (%.0f), expected (%zu)", p->name, dims[0],
                            p->rows);
    }
    const cJSON *off = cJSON_GetObjectItemCaseSensitive(t, "offset");
    size_t n = p->rows * (p->cols ? p->cols : 1);
    if (!cJSON_IsNumber(off) || !(off->valuedouble >= 0) ||
        off->valuedouble != floor(off->valuedouble) ||
        off->valuedouble + (double)(n * f->width) > (double)f->data_bytes)
        return lqi_diag_set(diag, LQ_EPARSE, f->path, 0, p->name,
                            "tensor %s: offset outside the data (truncated file?)", p->name);
    const unsigned char *src = f->data + (size_t)off->valuedouble;
    for (size_t i = 0; i < n; i++) {
        buf[i] = lqi_load_le_float(src + i * f->width, f->width);
        if (!isfinite(buf[i]))
            return lqi_diag_set(diag, LQ_EPARSE, f->path, 0, p->name,
                                "tensor %s: entry %zu is not finite", p->name, i);
    }
    return LQ_OK;
}

/* The tensors must tile the data section in order, and every one must be expected: another
 * model's extra tensors are named. */
static lq_status check_tensors(const mfile *f, const specs *t, lq_diag *diag) {
    double next = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, f->tensors) {
        const char *nm = header_string(e, "name");
        const spec *p = NULL;
        for (size_t k = 0; nm && k < t->n && !p; k++)
            if (strcmp(nm, t->s[k].name) == 0) p = &t->s[k];
        if (!p)
            return lqi_diag_set(diag, LQ_EUNSUPPORTED, f->path, 0, nm ? nm : "tensors",
                                "unexpected tensor %.90s: not part of this MEGNet architecture",
                                nm ? nm : "(no name)");
        const cJSON *off = cJSON_GetObjectItemCaseSensitive(e, "offset");
        if (!cJSON_IsNumber(off) || off->valuedouble != next)
            return lqi_diag_set(diag, LQ_EPARSE, f->path, 0, nm,
                                "tensor %s: offset is not the end of the previous tensor (%.0f)",
                                nm, next);
        next += (double)(p->rows * (p->cols ? p->cols : 1) * f->width);
    }
    if ((size_t)cJSON_GetArraySize(f->tensors) != t->n)
        return lqi_diag_set(diag, LQ_EPARSE, f->path, 0, "tensors",
                            "%d tensors, expected %zu (one is listed twice)",
                            cJSON_GetArraySize(f->tensors), t->n);
    if (next != (double)f->data_bytes)
        return lqi_diag_set(diag, LQ_EPARSE, f->path, 0, "data_bytes",
                            "the tensors fill %.0f bytes, the data section has %zu", next,
                            f->data_bytes);
    return LQ_OK;
}

static lq_status load(const mfile *f, const cJSON *hdr, lq_ml_model *m, lq_diag *diag) {
    hyper h;
    memset(&h, 0, sizeof h);
    lq_status st = read_header(hdr, f->path, m, &h, diag);
    if (st != LQ_OK) return st;
    specs *t = lqi_calloc(1, sizeof *t);
    if (!t) return LQ_ENOMEM;
    if (layout(&h, m, t) != LQ_OK) {
        lqi_free(t);
        return lqi_diag_set(diag, LQ_EUNSUPPORTED, f->path, 0, "hyperparameters",
                            "hidden_layer_sizes_input and _conv must end with the same width");
    }
    size_t total = 0;
    for (size_t k = 0; k < t->n; k++) total += t->s[k].rows * (t->s[k].cols ? t->s[k].cols : 1);
    m->store = lqi_malloc_array(total, sizeof(double));
    if (!m->store) st = LQ_ENOMEM;
    size_t off = 0;
    for (size_t k = 0; k < t->n && st == LQ_OK; k++) {
        st = read_tensor(f, &t->s[k], m->store + off, diag);
        *t->s[k].dst = m->store + off;
        off += t->s[k].rows * (t->s[k].cols ? t->s[k].cols : 1);
    }
    if (st == LQ_OK) st = check_tensors(f, t, diag);
    lqi_free(t);
    return st;
}

/* The first line, the header and the data section; *hdr is the caller's. */
static lq_status split(const char *buf, size_t size, const char *path, mfile *f, cJSON **hdr,
                       lq_diag *diag) {
    static const unsigned char hdf5_sig[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    if (size >= 8 && memcmp(buf, hdf5_sig, 8) == 0)
        return lqi_diag_set(diag, LQ_EUNSUPPORTED, path, 0, "format",
                            "an HDF5 file (a DeePMD-kit .dp model, or a model converted before "
                            "liquidus ML format 2: run scripts/convert_megnet.py again), not a "
                            "liquidus ML model file");
    size_t ml = strlen(ML_MAGIC);
    const char *nl = memchr(buf, '\n', size < 64 ? size : 64);
    unsigned version = 0, hbytes = 0;
    char tail = 0;
    char line[65];
    if (nl) {
        memcpy(line, buf, (size_t)(nl - buf));
        line[nl - buf] = '\0';
    }
    if (!nl || strncmp(buf, ML_MAGIC, ml) != 0 ||
        sscanf(line + ml, "%u %u%c", &version, &hbytes, &tail) != 2)
        return lqi_diag_set(diag, LQ_EPARSE, path, 1, "format",
                            "not a liquidus ML model file: the first line is not \"" ML_MAGIC
                            "<version> <header bytes>\" (scripts/convert_megnet.py)");
    if (version != ML_VERSION)
        return lqi_diag_set(diag, LQ_EUNSUPPORTED, path, 1, "format",
                            "liquidus ML model format %u, this build reads format %d", version,
                            ML_VERSION);
    size_t start = (size_t)(nl - buf) + 1;
    if (hbytes > ML_MAX_HEADER || hbytes > size - start)
        return lqi_diag_set(diag, LQ_EPARSE, path, 1, "format",
                            "header of %u bytes, the file holds %zu after the first line "
                            "(truncated file?)",
                            hbytes, size - start);
    *hdr = cJSON_ParseWithLength(buf + start, hbytes);
    if (!cJSON_IsObject(*hdr))
        return lqi_diag_set(diag, LQ_EPARSE, path, 2, "header",
                            "the header is not a JSON object (damaged file?)");
    size_t data_start = start + hbytes;
    data_start += (8 - data_start % 8) % 8;
    if (data_start > size) data_start = size;
    f->path = path;
    f->data = (const unsigned char *)buf + data_start;
    f->data_bytes = size - data_start;
    const char *dtype = header_string(*hdr, "dtype");
    f->width = dtype && strcmp(dtype, "<f4") == 0 ? 4 : dtype && strcmp(dtype, "<f8") == 0 ? 8 : 0;
    if (!f->width)
        return lqi_diag_set(diag, LQ_EUNSUPPORTED, path, 0, "dtype",
                            "dtype must be \"<f4\" or \"<f8\" (little-endian float)");
    f->tensors = cJSON_GetObjectItemCaseSensitive(*hdr, "tensors");
    if (!cJSON_IsArray(f->tensors))
        return lqi_diag_set(diag, LQ_EPARSE, path, 0, "tensors", "no list of tensors");
    double declared = 0;
    lq_status st = header_number(*hdr, path, "data_bytes", &declared, diag);
    if (st != LQ_OK) return st;
    if (declared != (double)f->data_bytes)
        return lqi_diag_set(diag, LQ_EPARSE, path, 0, "data_bytes",
                            "the data section has %zu bytes, the header says %.0f (truncated "
                            "file?)",
                            f->data_bytes, declared);
    const char *hash = header_string(*hdr, "data_fnv1a64");
    char got[17];
    snprintf(got, sizeof got, "%016llx", (unsigned long long)fnv1a64(f->data, f->data_bytes));
    if (!hash || strcmp(hash, got) != 0)
        return lqi_diag_set(diag, LQ_EPARSE, path, 0, "data_fnv1a64",
                            "the data section's FNV-1a hash is %s, the header says %.16s "
                            "(damaged file)",
                            got, hash ? hash : "nothing");
    return LQ_OK;
}

lq_status lqi_ml_model_read_mem(const char *buf, size_t size, const char *path, lq_ml_model **out,
                                lq_diag *diag) {
    mfile f;
    cJSON *hdr = NULL;
    memset(&f, 0, sizeof f);
    lq_status st = split(buf, size, path, &f, &hdr, diag);
    lq_ml_model *m = NULL;
    if (st == LQ_OK && !(m = lqi_calloc(1, sizeof *m))) st = LQ_ENOMEM;
    if (st == LQ_OK) {
        snprintf(m->path, sizeof m->path, "%s", path);
        st = load(&f, hdr, m, diag);
    }
    cJSON_Delete(hdr);
    if (st != LQ_OK) {
        lq_ml_model_free(m);
        return st;
    }
    *out = m;
    return LQ_OK;
}

lq_status lq_ml_model_read(const char *path, lq_ml_model **out, lq_diag *diag) {
    if (!path || !out) return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "", "NULL path or out");
    char *buf = NULL;
    size_t size = 0;
    lq_status st = lq_file_read_all(path, &buf, &size, diag);
    if (st != LQ_OK) return st;
    st = lqi_ml_model_read_mem(buf, size, path, out, diag);
    lq_free(buf);
    return st;
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
