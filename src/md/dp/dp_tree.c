/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DeePMD-kit serialized models as a tree: YAML (libyaml) and HDF5 `.dp` (libhdf5) in and out. */
#include <cjson/cJSON.h>
#include <hdf5.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "core/core_internal.h"
#include "md/dp/dp_internal.h"

/* Layouts follow deepmd/dpmodel/utils/serialization.py (save_dp_model, load_dp_model):
 * YAML: arrays are {"@class": "np.ndarray", "@is_variable": true, "@version": 1, dtype, value}
 * with value the nested list; `.dp`: the tree is JSON in the root attribute "json", and every
 * non-null leaf under an "@variables" key is the name of a dataset holding the array. */

#define DP_MAX_DEPTH 96
#define DP_MAX_NODES 50000000L

static int ext_is(const char *path, const char *a, const char *b) {
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash)) return 0;
    return strcmp(dot + 1, a) == 0 || strcmp(dot + 1, b) == 0;
}

/* ---------------------------------------------------------------- canonical arrays */

cJSON *lqi_dp_tree_array(const size_t *shape, size_t ndim, const double *data) {
    cJSON *o = cJSON_CreateObject();
    cJSON *sh = cJSON_CreateArray();
    cJSON *da = cJSON_CreateArray();
    if (!o || !sh || !da) goto fail;
    cJSON_AddItemToObject(o, "@class", cJSON_CreateString("np.ndarray"));
    cJSON_AddItemToObject(o, "dtype", cJSON_CreateString("float64"));
    cJSON_AddItemToObject(o, "@shape", sh);
    cJSON_AddItemToObject(o, "@data", da);
    sh = da = NULL;
    size_t total = 1;
    cJSON *s = cJSON_GetObjectItemCaseSensitive(o, "@shape");
    cJSON *d = cJSON_GetObjectItemCaseSensitive(o, "@data");
    if (!s || !d) goto fail;
    for (size_t k = 0; k < ndim; k++) {
        cJSON *v = cJSON_CreateNumber((double)shape[k]);
        if (!v) goto fail;
        cJSON_AddItemToArray(s, v);
        total *= shape[k];
    }
    for (size_t k = 0; k < total; k++) {
        cJSON *v = cJSON_CreateNumber(data[k]);
        if (!v) goto fail;
        cJSON_AddItemToArray(d, v);
    }
    return o;
fail:
    cJSON_Delete(o);
    cJSON_Delete(sh);
    cJSON_Delete(da);
    return NULL;
}

/* Shape of a nested list (rectangular, numbers at the leaves); returns 0 on a ragged list. */
static int nested_shape(const cJSON *v, size_t *shape, size_t *ndim, size_t max) {
    *ndim = 0;
    while (cJSON_IsArray(v)) {
        if (*ndim >= max) return 0;
        shape[(*ndim)++] = (size_t)cJSON_GetArraySize(v);
        if (!v->child) break;
        v = v->child;
    }
    return cJSON_IsArray(v) || cJSON_IsNumber(v) || cJSON_IsBool(v);
}

static int nested_flatten(const cJSON *v, const size_t *shape, size_t ndim, size_t dim,
                          cJSON *out) {
    if (dim == ndim) {
        if (!cJSON_IsNumber(v) && !cJSON_IsBool(v)) return 0;
        double x = cJSON_IsBool(v) ? (cJSON_IsTrue(v) ? 1.0 : 0.0) : v->valuedouble;
        cJSON *n = cJSON_CreateNumber(x);
        if (!n) return 0;
        cJSON_AddItemToArray(out, n);
        return 1;
    }
    if (!cJSON_IsArray(v) || (size_t)cJSON_GetArraySize(v) != shape[dim]) return 0;
    for (const cJSON *c = v->child; c; c = c->next)
        if (!nested_flatten(c, shape, ndim, dim + 1, out)) return 0;
    return 1;
}

/* Turns every YAML array object {"@class": "np.ndarray", value} into the canonical form. */
static lq_status canon_yaml(cJSON *node, const char *file, lq_diag *diag, int depth) {
    if (depth > DP_MAX_DEPTH)
        return lqi_diag_set(diag, LQ_EPARSE, file, 0, "", "tree nested deeper than %d",
                            DP_MAX_DEPTH);
    if (cJSON_IsObject(node)) {
        const cJSON *cls = cJSON_GetObjectItemCaseSensitive(node, "@class");
        if (cJSON_IsString(cls) && strcmp(cls->valuestring, "np.ndarray") == 0) {
            cJSON *val = cJSON_GetObjectItemCaseSensitive(node, "value");
            size_t shape[16], ndim;
            if (!val || !nested_shape(val, shape, &ndim, 16))
                return lqi_diag_set(diag, LQ_EPARSE, file, 0, "value",
                                    "np.ndarray without a rectangular numeric value");
            cJSON *data = cJSON_CreateArray();
            if (!data) return LQ_ENOMEM;
            if (!nested_flatten(val, shape, ndim, 0, data)) {
                cJSON_Delete(data);
                return lqi_diag_set(diag, LQ_EPARSE, file, 0, "value",
                                    "np.ndarray value is ragged or not numeric");
            }
            cJSON *sh = cJSON_CreateArray();
            if (!sh) {
                cJSON_Delete(data);
                return LQ_ENOMEM;
            }
            for (size_t k = 0; k < ndim; k++)
                cJSON_AddItemToArray(sh, cJSON_CreateNumber((double)shape[k]));
            cJSON_DeleteItemFromObjectCaseSensitive(node, "value");
            cJSON_AddItemToObject(node, "@shape", sh);
            cJSON_AddItemToObject(node, "@data", data);
            return LQ_OK;
        }
    }
    if (cJSON_IsObject(node) || cJSON_IsArray(node))
        for (cJSON *c = node->child; c; c = c->next) {
            lq_status st = canon_yaml(c, file, diag, depth + 1);
            if (st != LQ_OK) return st;
        }
    return LQ_OK;
}

/* ---------------------------------------------------------------- YAML in */

static cJSON *yaml_scalar(const yaml_node_t *n) {
    const char *s = (const char *)n->data.scalar.value;
    size_t len = n->data.scalar.length;
    if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return cJSON_CreateString(s);
    if (len == 0 || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") ||
        !strcmp(s, "NULL"))
        return cJSON_CreateNull();
    if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE")) return cJSON_CreateTrue();
    if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE"))
        return cJSON_CreateFalse();
    if (!strcmp(s, ".nan") || !strcmp(s, ".NaN") || !strcmp(s, ".NAN"))
        return cJSON_CreateNumber((double)NAN);
    if (!strcmp(s, ".inf") || !strcmp(s, "+.inf") || !strcmp(s, ".Inf"))
        return cJSON_CreateNumber((double)INFINITY);
    if (!strcmp(s, "-.inf") || !strcmp(s, "-.Inf")) return cJSON_CreateNumber(-(double)INFINITY);
    /* Numbers as YAML writes them (digits, sign, dot, exponent); anything else is a string. */
    int numeric = strspn(s, "0123456789+-.eE") == len && strpbrk(s, "0123456789");
    if (numeric) {
        char *end;
        double v = strtod(s, &end);
        if (*end == '\0') return cJSON_CreateNumber(v);
    }
    return cJSON_CreateString(s);
}

static cJSON *yaml_to_json(yaml_document_t *doc, yaml_node_t *n, int depth, long *budget) {
    if (!n || depth > DP_MAX_DEPTH || --*budget < 0) return NULL;
    if (n->type == YAML_SCALAR_NODE) return yaml_scalar(n);
    if (n->type == YAML_SEQUENCE_NODE) {
        cJSON *a = cJSON_CreateArray();
        if (!a) return NULL;
        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
             it++) {
            cJSON *c = yaml_to_json(doc, yaml_document_get_node(doc, *it), depth + 1, budget);
            if (!c) {
                cJSON_Delete(a);
                return NULL;
            }
            cJSON_AddItemToArray(a, c);
        }
        return a;
    }
    if (n->type == YAML_MAPPING_NODE) {
        cJSON *o = cJSON_CreateObject();
        if (!o) return NULL;
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
             p++) {
            yaml_node_t *k = yaml_document_get_node(doc, p->key);
            if (!k || k->type != YAML_SCALAR_NODE) {
                cJSON_Delete(o);
                return NULL;
            }
            const char *key = (const char *)k->data.scalar.value;
            cJSON *c = yaml_to_json(doc, yaml_document_get_node(doc, p->value), depth + 1, budget);
            if (!c || cJSON_GetObjectItemCaseSensitive(o, key)) {
                cJSON_Delete(c);
                cJSON_Delete(o);
                return NULL;
            }
            cJSON_AddItemToObject(o, key, c);
        }
        return o;
    }
    return NULL;
}

lq_status lqi_dp_tree_load_yaml_mem(const char *text, size_t n, const char *name, cJSON **root,
                                    lq_diag *diag) {
    yaml_parser_t parser;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&parser)) return LQ_ENOMEM;
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, n);
    if (!yaml_parser_load(&parser, &doc)) {
        lq_status st =
            lqi_diag_set(diag, LQ_EPARSE, name, (long)parser.problem_mark.line + 1, "", "YAML: %s",
                         parser.problem ? parser.problem : "malformed document");
        yaml_parser_delete(&parser);
        return st;
    }
    yaml_parser_delete(&parser);
    yaml_node_t *top = yaml_document_get_root_node(&doc);
    if (!top || top->type != YAML_MAPPING_NODE) {
        yaml_document_delete(&doc);
        return lqi_diag_set(diag, LQ_EPARSE, name, 1, "", "the model file is not a YAML mapping");
    }
    long budget = DP_MAX_NODES;
    cJSON *j = yaml_to_json(&doc, top, 0, &budget);
    yaml_document_delete(&doc);
    if (!j)
        return lqi_diag_set(diag, LQ_EPARSE, name, 0, "",
                            "YAML tree too deep, too large, with a non-scalar or repeated key");
    lq_status st = canon_yaml(j, name, diag, 0);
    if (st != LQ_OK) {
        cJSON_Delete(j);
        return st;
    }
    *root = j;
    return LQ_OK;
}

static lq_status read_text(const char *path, char **text, size_t *n, lq_diag *diag) {
    FILE *fp = fopen(path, "rb");
    if (!fp) return lqi_diag_set(diag, LQ_EIO, path, 0, "", "cannot open the model file");
    size_t cap = 1 << 16, len = 0;
    char *buf = lqi_malloc(cap);
    while (buf) {
        size_t got = fread(buf + len, 1, cap - len, fp);
        len += got;
        if (len < cap) break;
        char *nb = lqi_realloc(buf, cap * 2);
        if (!nb) {
            lqi_free(buf);
            buf = NULL;
            break;
        }
        buf = nb;
        cap *= 2;
    }
    int err = ferror(fp);
    fclose(fp);
    if (!buf) return LQ_ENOMEM;
    if (err) {
        lqi_free(buf);
        return lqi_diag_set(diag, LQ_EIO, path, 0, "", "read error");
    }
    *text = buf;
    *n = len;
    return LQ_OK;
}

/* ---------------------------------------------------------------- HDF5 in */

/* A dataset as a canonical array; NULL (and a diag) on any problem. */
static cJSON *h5_array(const lqi_h5 *f, const char *name, lq_status *st, lq_diag *diag) {
    size_t shape[16], nd = 16;
    double *buf = NULL;
    *st = lqi_h5_dataset(f, name, shape, &nd, &buf, diag);
    if (*st != LQ_OK) return NULL;
    cJSON *out = lqi_dp_tree_array(shape, nd, buf);
    lqi_free(buf);
    if (!out) *st = LQ_ENOMEM;
    return out;
}

/* Turns node `dst` into `src` in place (its key and list links kept) and frees src's shell:
 * replacing items through cJSON's list functions while iterating that list proved fragile. */
static void become(cJSON *dst, cJSON *src) {
    cJSON_Delete(dst->child);
    dst->child = NULL;
    if (!(dst->type & cJSON_IsReference)) cJSON_free(dst->valuestring);
    dst->valuestring = src->valuestring;
    dst->valuedouble = src->valuedouble;
    dst->valueint = src->valueint;
    dst->type = (src->type & 0xFF) | (dst->type & cJSON_StringIsConst);
    dst->child = src->child;
    src->child = NULL;
    src->valuestring = NULL;
    cJSON_Delete(src);
}

/* Replaces the dataset names under "@variables" by the arrays they name. */
static lq_status h5_resolve(const lqi_h5 *f, cJSON *node, int in_vars, lq_diag *diag, int depth) {
    if (depth > DP_MAX_DEPTH)
        return lqi_diag_set(diag, LQ_EPARSE, f->path, 0, "", "tree nested too deep");
    for (cJSON *c = node->child; c; c = c->next) {
        int vars = in_vars || (c->string && strcmp(c->string, "@variables") == 0);
        if (in_vars && cJSON_IsString(c)) {
            lq_status st;
            cJSON *a = h5_array(f, c->valuestring, &st, diag);
            if (!a) return st;
            become(c, a);
            continue;
        }
        if (cJSON_IsObject(c) || cJSON_IsArray(c)) {
            lq_status st = h5_resolve(f, c, vars, diag, depth + 1);
            if (st != LQ_OK) return st;
        }
    }
    return LQ_OK;
}

lq_status lqi_dp_tree_load_h5_mem(const char *buf, size_t n, const char *name, cJSON **root,
                                  lq_diag *diag) {
    lqi_h5 f;
    lq_status st = lqi_h5_open(buf, n, name, &f, diag);
    if (st != LQ_OK) return st;
    char *text = NULL;
    st = lqi_h5_root_string(&f, "json", &text, diag);
    if (st == LQ_ENOTFOUND)
        return lqi_diag_set(diag, LQ_EPARSE, name, 0, "json",
                            "HDF5 file without the root attribute \"json\" of a DeePMD-kit model");
    if (st != LQ_OK) return st;
    cJSON *j = cJSON_Parse(text);
    lqi_free(text);
    if (!cJSON_IsObject(j))
        st = lqi_diag_set(diag, LQ_EPARSE, name, 0, "json", "attribute is not a JSON object");
    if (st == LQ_OK) st = h5_resolve(&f, j, 0, diag, 0);
    if (st != LQ_OK) {
        cJSON_Delete(j);
        return st;
    }
    *root = j;
    return LQ_OK;
}

static lq_status load_h5(const char *path, cJSON **root, lq_diag *diag) {
    char *buf = NULL;
    size_t n = 0;
    lq_status st = lq_file_read_all(path, &buf, &n, diag);
    if (st != LQ_OK) return st;
    st = lqi_dp_tree_load_h5_mem(buf, n, path, root, diag);
    lq_free(buf);
    return st;
}

lq_status lqi_dp_tree_load(const char *path, cJSON **root, lq_diag *diag) {
    if (ext_is(path, "dp", "hlo")) return load_h5(path, root, diag);
    if (!ext_is(path, "yaml", "yml"))
        return lqi_diag_set(diag, LQ_EINVAL, path, 0, "",
                            "model files are .yaml/.yml or .dp/.hlo (DeePMD-kit's "
                            "backend-independent forms; convert with dp convert-backend)");
    char *text = NULL;
    size_t n = 0;
    lq_status st = read_text(path, &text, &n, diag);
    if (st != LQ_OK) return st;
    st = lqi_dp_tree_load_yaml_mem(text, n, path, root, diag);
    lqi_free(text);
    return st;
}

/* ---------------------------------------------------------------- YAML out */

/* Floats as PyYAML reads them back as floats (a dot, a signed exponent), shortest exact form. */
static void fmt_float(double v, char *buf, size_t size) {
    if (isnan(v)) {
        snprintf(buf, size, ".nan");
        return;
    }
    if (isinf(v)) {
        snprintf(buf, size, v > 0 ? ".inf" : "-.inf");
        return;
    }
    for (int p = 15; p <= 17; p++) {
        snprintf(buf, size, "%.*g", p, v);
        if (strtod(buf, NULL) == v) break;
    }
    if (!strchr(buf, '.')) {
        char *e = strchr(buf, 'e');
        char tail[32] = "";
        if (e) {
            snprintf(tail, sizeof tail, "%s", e);
            *e = '\0';
        }
        size_t len = strlen(buf);
        snprintf(buf + len, size - len, ".0%s", tail);
    }
}

static void emit_str(lqi_sbuf *sb, const char *s) {
    lqi_sbuf_printf(sb, "\"");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            lqi_sbuf_printf(sb, "\\%c", c);
        else if (c < 0x20)
            lqi_sbuf_printf(sb, "\\x%02x", c);
        else
            lqi_sbuf_printf(sb, "%c", c);
    }
    lqi_sbuf_printf(sb, "\"");
}

static void emit_nested(lqi_sbuf *sb, const cJSON *shape, const cJSON **data, int depth) {
    const cJSON *dim = cJSON_GetArrayItem(shape, depth);
    if (!dim) {
        char b[40];
        fmt_float(*data ? (*data)->valuedouble : 0.0, b, sizeof b);
        lqi_sbuf_printf(sb, "%s", b);
        if (*data) *data = (*data)->next;
        return;
    }
    long n = (long)dim->valuedouble;
    lqi_sbuf_printf(sb, "[");
    for (long k = 0; k < n; k++) {
        if (k) lqi_sbuf_printf(sb, ", ");
        emit_nested(sb, shape, data, depth + 1);
    }
    lqi_sbuf_printf(sb, "]");
}

static void emit(lqi_sbuf *sb, const cJSON *v, int indent) {
    if (cJSON_IsObject(v)) {
        const cJSON *sh = cJSON_GetObjectItemCaseSensitive(v, "@shape");
        const cJSON *da = cJSON_GetObjectItemCaseSensitive(v, "@data");
        if (sh && da) { /* a canonical array goes back to DeePMD-kit's YAML array form */
            lqi_sbuf_printf(sb,
                            "{\"@class\": \"np.ndarray\", \"@is_variable\": true, "
                            "\"@version\": 1, \"dtype\": \"float64\", \"value\": ");
            const cJSON *d = da->child;
            emit_nested(sb, sh, &d, 0);
            lqi_sbuf_printf(sb, "}");
            return;
        }
        lqi_sbuf_printf(sb, "{");
        for (const cJSON *c = v->child; c; c = c->next) {
            lqi_sbuf_printf(sb, "%s\n%*s", c == v->child ? "" : ",", indent + 2, "");
            emit_str(sb, c->string ? c->string : "");
            lqi_sbuf_printf(sb, ": ");
            emit(sb, c, indent + 2);
        }
        lqi_sbuf_printf(sb, "}");
    } else if (cJSON_IsArray(v)) {
        lqi_sbuf_printf(sb, "[");
        for (const cJSON *c = v->child; c; c = c->next) {
            if (c != v->child) lqi_sbuf_printf(sb, ", ");
            emit(sb, c, indent + 2);
        }
        lqi_sbuf_printf(sb, "]");
    } else if (cJSON_IsString(v)) {
        emit_str(sb, v->valuestring);
    } else if (cJSON_IsBool(v)) {
        lqi_sbuf_printf(sb, cJSON_IsTrue(v) ? "true" : "false");
    } else if (cJSON_IsNumber(v)) {
        double x = v->valuedouble;
        if (x == floor(x) && fabs(x) < 1e15) /* options such as sel, ntypes stay integers */
            lqi_sbuf_printf(sb, "%.0f", x);
        else {
            char b[40];
            fmt_float(x, b, sizeof b);
            lqi_sbuf_printf(sb, "%s", b);
        }
    } else {
        lqi_sbuf_printf(sb, "null");
    }
}

static lq_status save_yaml(const char *path, const cJSON *root, lq_diag *diag) {
    lqi_sbuf sb = {0};
    emit(&sb, root, 0);
    lqi_sbuf_printf(&sb, "\n");
    if (sb.failed) {
        lqi_free(sb.s);
        return LQ_ENOMEM;
    }
    lq_outfile *f;
    lq_status st = lq_outfile_open(path, &f, diag);
    if (st == LQ_OK) {
        st = lq_outfile_write(f, sb.s, sb.len);
        lq_status st2 = lq_outfile_commit(f, diag);
        if (st == LQ_OK) st = st2;
    }
    lqi_free(sb.s);
    return st;
}

/* ---------------------------------------------------------------- HDF5 out */

static lq_status h5_write_arrays(hid_t f, cJSON *node, int *counter, const char *path,
                                 lq_diag *diag) {
    for (cJSON *c = node->child; c; c = c->next) {
        const cJSON *sh = cJSON_GetObjectItemCaseSensitive(c, "@shape");
        const cJSON *da = cJSON_GetObjectItemCaseSensitive(c, "@data");
        if (cJSON_IsObject(c) && sh && da) {
            hsize_t dims[16];
            int nd = cJSON_GetArraySize(sh);
            size_t total = (size_t)cJSON_GetArraySize(da);
            if (nd > 16) return lqi_diag_set(diag, LQ_EINVAL, path, 0, "", "array rank > 16");
            for (int k = 0; k < nd; k++) dims[k] = (hsize_t)cJSON_GetArrayItem(sh, k)->valuedouble;
            double *buf = lqi_malloc_array(total ? total : 1, sizeof *buf);
            if (!buf) return LQ_ENOMEM;
            size_t i = 0;
            for (const cJSON *d = da->child; d; d = d->next) buf[i++] = d->valuedouble;
            char name[32];
            snprintf(name, sizeof name, "variable_%04d", (*counter)++);
            hid_t sp = nd ? H5Screate_simple(nd, dims, NULL) : H5Screate(H5S_SCALAR);
            hid_t ds =
                H5Dcreate2(f, name, H5T_IEEE_F64LE, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
            herr_t e =
                ds >= 0 ? H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) : -1;
            if (ds >= 0) H5Dclose(ds);
            H5Sclose(sp);
            lqi_free(buf);
            if (e < 0) return lqi_diag_set(diag, LQ_EIO, path, 0, name, "cannot write dataset");
            char full[40];
            snprintf(full, sizeof full, "/%s", name);
            cJSON *s = cJSON_CreateString(full);
            if (!s) return LQ_ENOMEM;
            become(c, s);
            continue;
        }
        if (cJSON_IsObject(c) || cJSON_IsArray(c)) {
            lq_status st = h5_write_arrays(f, c, counter, path, diag);
            if (st != LQ_OK) return st;
        }
    }
    return LQ_OK;
}

static lq_status save_h5(const char *path, const cJSON *root, lq_diag *diag) {
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    cJSON *copy = cJSON_Duplicate(root, 1);
    if (!copy) return LQ_ENOMEM;
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    hid_t f = H5Fcreate(tmp, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (f < 0) {
        cJSON_Delete(copy);
        return lqi_diag_set(diag, LQ_EIO, path, 0, "", "cannot create the HDF5 file");
    }
    int counter = 0;
    lq_status st = h5_write_arrays(f, copy, &counter, path, diag);
    char *text = st == LQ_OK ? cJSON_PrintUnformatted(copy) : NULL;
    if (st == LQ_OK && !text) st = LQ_ENOMEM;
    if (st == LQ_OK) {
        hid_t ty = H5Tcopy(H5T_C_S1);
        H5Tset_size(ty, H5T_VARIABLE);
        H5Tset_cset(ty, H5T_CSET_UTF8);
        hid_t sp = H5Screate(H5S_SCALAR);
        hid_t a = H5Acreate2(f, "json", ty, sp, H5P_DEFAULT, H5P_DEFAULT);
        if (a < 0 || H5Awrite(a, ty, &text) < 0)
            st = lqi_diag_set(diag, LQ_EIO, path, 0, "json", "cannot write the attribute");
        if (a >= 0) H5Aclose(a);
        H5Sclose(sp);
        H5Tclose(ty);
    }
    cJSON_free(text);
    cJSON_Delete(copy);
    if (H5Fclose(f) < 0 && st == LQ_OK)
        st = lqi_diag_set(diag, LQ_EIO, path, 0, "", "cannot close the HDF5 file");
    if (st == LQ_OK && rename(tmp, path) != 0)
        st = lqi_diag_set(diag, LQ_EIO, path, 0, "", "cannot rename the temporary file");
    if (st != LQ_OK) remove(tmp);
    return st;
}

lq_status lqi_dp_tree_save(const char *path, const cJSON *root, lq_diag *diag) {
    if (ext_is(path, "dp", "hlo")) return save_h5(path, root, diag);
    if (ext_is(path, "yaml", "yml")) return save_yaml(path, root, diag);
    return lqi_diag_set(diag, LQ_EINVAL, path, 0, "", "model files are .yaml/.yml or .dp/.hlo");
}

lq_status lq_dp_model_convert(const char *in_path, const char *out_path, lq_diag *diag) {
    if (!in_path || !out_path) return LQ_EINVAL;
    cJSON *root = NULL;
    lq_status st = lqi_dp_tree_load(in_path, &root, diag);
    if (st != LQ_OK) return st;
    st = lqi_dp_tree_save(out_path, root, diag);
    cJSON_Delete(root);
    return st;
}

lq_status lqi_dp_path_fail(dpi_path *w, lq_status st, const char *key, const char *fmt, ...) {
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return lqi_diag_set(w->diag, st, w->file, 0, key, "%s%s%s: %s", w->path, *w->path ? "." : "",
                        key, msg);
}

size_t lqi_dp_path_push(dpi_path *w, const char *key) {
    size_t len = strlen(w->path);
    snprintf(w->path + len, sizeof w->path - len, "%s%s", len ? "." : "", key);
    return len;
}
