/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The model reader refuses truncated, damaged and foreign files, naming what is wrong. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "liquidus/deepmd.h"
#include "ml_test.h"

static char g_tmp[64];

/* A copy of the first n bytes (all: n = (size_t)-1) of the bundled model, at g_tmp. */
static int copy_model(size_t n) {
    char path[1024];
    char *data = NULL;
    size_t size = 0;
    if (lq_file_read_all(ml_model_path(path, sizeof path), &data, &size, NULL) != LQ_OK) return -1;
    if (n < size) size = n;
    int rc = lq_file_write_atomic(g_tmp, data, size, NULL) == LQ_OK ? 0 : -1;
    lq_free(data);
    return rc;
}

static lq_status read_tmp(lq_diag *d) {
    lq_ml_model *m = NULL;
    memset(d, 0, sizeof *d);
    lq_status st = lq_ml_model_read(g_tmp, &m, d);
    lq_ml_model_free(m);
    return st;
}

/* ---- an editable copy of the bundled model: its header as cJSON and its data section, written
 * back in the layout of scripts/lqml.py (offsets, size and hash recomputed), written
 * independently of the reader so that the reader's checks are what is tested. */

typedef struct model_copy {
    cJSON *hdr;
    unsigned char *data;
    size_t data_bytes;
} model_copy;

static uint64_t fnv1a64(const unsigned char *p, size_t n) {
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001b3u;
    return h;
}

static int open_copy(model_copy *c) {
    char path[1024];
    char *raw = NULL;
    size_t size = 0;
    memset(c, 0, sizeof *c);
    if (lq_file_read_all(ml_model_path(path, sizeof path), &raw, &size, NULL) != LQ_OK) return -1;
    const char *nl = memchr(raw, '\n', size);
    unsigned long hb = 0;
    if (!nl || sscanf(raw, "liquidus-ml-model 2 %lu", &hb) != 1) nl = NULL;
    size_t start = nl ? (size_t)(nl - raw) + 1 : 0, ds = start + hb;
    ds += (8 - ds % 8) % 8;
    c->hdr = nl ? cJSON_ParseWithLength(raw + start, hb) : NULL;
    if (c->hdr && ds <= size && (c->data = malloc(size - ds + 1))) {
        c->data_bytes = size - ds;
        memcpy(c->data, raw + ds, c->data_bytes);
    }
    lq_free(raw);
    return c->hdr && c->data ? 0 : -1;
}

/* The tensor entry named name (NULL when none). */
static cJSON *tensor(model_copy *c, const char *name) {
    cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(c->hdr, "tensors")) {
        if (strcmp(cJSON_GetObjectItem(e, "name")->valuestring, name) == 0) return e;
    }
    return NULL;
}

static size_t entry_bytes(const cJSON *e) {
    size_t n = 1;
    const cJSON *d;
    cJSON_ArrayForEach(d, cJSON_GetObjectItem(e, "shape")) n *= (size_t)d->valuedouble;
    return 4 * n;
}

/* Replaces (or adds, when absent) tensor name with the float32 values v[0..n). */
static void set_tensor(model_copy *c, const char *name, const float *v, size_t n) {
    cJSON *e = tensor(c, name);
    if (!e) {
        e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "name", name);
        cJSON_AddItemToArray(cJSON_GetObjectItem(c->hdr, "tensors"), e);
    }
    cJSON_DeleteItemFromObject(e, "shape");
    cJSON_DeleteItemFromObject(e, "offset");
    cJSON *shape = cJSON_AddArrayToObject(e, "shape");
    cJSON_AddItemToArray(shape, cJSON_CreateNumber((double)n));
    unsigned char *nd = realloc(c->data, c->data_bytes + 4 * n);
    if (!nd) return;
    c->data = nd;
    memcpy(c->data + c->data_bytes, v, 4 * n); /* little-endian host assumed, as x86-64/arm64 */
    cJSON_AddNumberToObject(e, "offset", (double)c->data_bytes);
    c->data_bytes += 4 * n;
}

/* Writes the copy to g_tmp: tensors packed in list order, offsets, size and hash recomputed. */
static void write_copy(model_copy *c) {
    size_t total = 0, off = 0;
    cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(c->hdr, "tensors")) total += entry_bytes(e);
    unsigned char *out = malloc(total + 1);
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(c->hdr, "tensors")) {
        cJSON *o = cJSON_GetObjectItem(e, "offset");
        memcpy(out + off, c->data + (size_t)o->valuedouble, entry_bytes(e));
        cJSON_SetNumberValue(o, (double)off);
        off += entry_bytes(e);
    }
    char hash[17];
    snprintf(hash, sizeof hash, "%016llx", (unsigned long long)fnv1a64(out, total));
    cJSON_ReplaceItemInObject(c->hdr, "data_bytes", cJSON_CreateNumber((double)total));
    cJSON_ReplaceItemInObject(c->hdr, "data_fnv1a64", cJSON_CreateString(hash));
    char *text = cJSON_PrintUnformatted(c->hdr);
    char first[64];
    int fl = snprintf(first, sizeof first, "liquidus-ml-model 2 %zu\n", strlen(text));
    size_t pad = (8 - ((size_t)fl + strlen(text)) % 8) % 8;
    size_t n = (size_t)fl + strlen(text) + pad + total;
    char *file = calloc(n, 1);
    memcpy(file, first, (size_t)fl);
    memcpy(file + fl, text, strlen(text));
    memcpy(file + n - total, out, total);
    LQ_CHECK(lq_file_write_atomic(g_tmp, file, n, NULL) == LQ_OK);
    free(file);
    free(text);
    free(out);
    cJSON_Delete(c->hdr);
    free(c->data);
}

/* Sets a header key of a fresh copy to the JSON value json, writes it. */
static void write_with(const char *key, const char *json) {
    model_copy c;
    LQ_CHECK(open_copy(&c) == 0);
    if (json)
        cJSON_ReplaceItemInObject(c.hdr, key, cJSON_Parse(json));
    else
        cJSON_DeleteItemFromObject(c.hdr, key);
    write_copy(&c);
}

static void hyper_with(const char *init_args) {
    char json[2048];
    snprintf(json, sizeof json,
             "{\"@class\": \"TransformedTargetModel\", \"kwargs\": {\"model\": {\"@class\": "
             "\"MEGNet\", \"init_args\": %s}}}",
             init_args);
    write_with("hyperparameters", json);
}

void test_ml_reader(void) {
    lq_diag d;
    snprintf(g_tmp, sizeof g_tmp, "ml_reader_%ld.lqml", (long)getpid());

    /* missing file */
    lq_ml_model *m = NULL;
    LQ_CHECK_STATUS(lq_ml_model_read("no/such/model.lqml", &m, &d), LQ_EIO);
    /* truncated at several points: never accepted, always a parse error naming the file */
    const size_t cuts[] = {0, 10, 100, 15000, 15100, 300000, 773571};
    for (size_t k = 0; k < sizeof cuts / sizeof *cuts; k++) {
        LQ_CHECK(copy_model(cuts[k]) == 0);
        lq_status st = read_tmp(&d);
        LQ_CHECK_STATUS(st, LQ_EPARSE);
        LQ_CHECK(strstr(d.file, g_tmp) != NULL && d.msg[0]);
        if (st != LQ_EPARSE) fprintf(stderr, "cut %zu: %s\n", cuts[k], d.msg);
    }
    /* the rewriting helper itself gives an accepted file */
    model_copy c;
    LQ_CHECK(open_copy(&c) == 0);
    write_copy(&c);
    LQ_CHECK_STATUS(read_tmp(&d), LQ_OK);
    /* one flipped byte in the weights: the hash names the damage */
    LQ_CHECK(copy_model((size_t)-1) == 0);
    {
        char *raw = NULL;
        size_t size = 0;
        LQ_CHECK(lq_file_read_all(g_tmp, &raw, &size, NULL) == LQ_OK);
        raw[size - 1000] ^= 0x10;
        LQ_CHECK(lq_file_write_atomic(g_tmp, raw, size, NULL) == LQ_OK);
        lq_free(raw);
    }
    LQ_CHECK_STATUS(read_tmp(&d), LQ_EPARSE);
    LQ_CHECK(strstr(d.msg, "damaged file") != NULL && strcmp(d.field, "data_fnv1a64") == 0);
    /* a missing tensor is named */
    LQ_CHECK(open_copy(&c) == 0);
    cJSON *list = cJSON_GetObjectItem(c.hdr, "tensors");
    for (int i = 0; i < cJSON_GetArraySize(list); i++)
        if (strcmp(cJSON_GetObjectItem(cJSON_GetArrayItem(list, i), "name")->valuestring,
                   "model.blocks.2.conv.node_func.layers.2.bias") == 0)
            cJSON_DeleteItemFromArray(list, i);
    write_copy(&c);
    LQ_CHECK_STATUS(read_tmp(&d), LQ_EPARSE);
    LQ_CHECK(strstr(d.msg, "model.blocks.2.conv.node_func.layers.2.bias is missing") != NULL);
    /* a tensor of the wrong shape */
    const float two[2] = {0.1f, 0.2f};
    LQ_CHECK(open_copy(&c) == 0);
    set_tensor(&c, "model.output_proj.layers.4.bias", two, 2);
    write_copy(&c);
    LQ_CHECK_STATUS(read_tmp(&d), LQ_EPARSE);
    LQ_CHECK(strstr(d.msg, "has shape (2), expected (1)") != NULL);
    /* a NaN weight */
    const float nan1[1] = {NAN};
    LQ_CHECK(open_copy(&c) == 0);
    set_tensor(&c, "model.output_proj.layers.4.bias", nan1, 1);
    write_copy(&c);
    LQ_CHECK_STATUS(read_tmp(&d), LQ_EPARSE);
    LQ_CHECK(strstr(d.msg, "not finite") != NULL);
    /* an extra tensor (e.g. a three-body layer of M3GNet) */
    LQ_CHECK(open_copy(&c) == 0);
    set_tensor(&c, "model.three_body_interactions.0.update_network_atom.layers.0.weight", two, 2);
    write_copy(&c);
    LQ_CHECK_STATUS(read_tmp(&d), LQ_EUNSUPPORTED);
    LQ_CHECK(strstr(d.msg, "unexpected tensor model.three_body") != NULL);
    /* another architecture, by the architecture key and by the hyperparameters */
    write_with("architecture", "\"M3GNet\"");
    LQ_CHECK_STATUS(read_tmp(&d), LQ_EUNSUPPORTED);
    LQ_CHECK(strstr(d.msg, "M3GNet is not supported") != NULL);
    write_with("hyperparameters",
               "{\"@class\": \"TransformedTargetModel\", \"kwargs\": {\"model\": {\"@class\": "
               "\"M3GNet\", \"init_args\": {\"max_n\": 3, \"max_l\": 3}}}}");
    LQ_CHECK_STATUS(read_tmp(&d), LQ_EUNSUPPORTED);
    LQ_CHECK(strstr(d.msg, "M3GNet is not supported") != NULL &&
             strcmp(d.field, "kwargs.model.@class") == 0);
    /* another option of MEGNet: refused by name */
    hyper_with("{\"activation_type\": \"swish\"}");
    LQ_CHECK_STATUS(read_tmp(&d), LQ_EUNSUPPORTED);
    LQ_CHECK(strcmp(d.field, "activation_type") == 0);
    /* a different width in the hyperparameters: the tensors no longer fit */
    hyper_with(
        "{\"dim_node_embedding\": 16, \"dim_edge_embedding\": 100, "
        "\"dim_state_embedding\": 2, \"ntypes_state\": null, \"nblocks\": 3, "
        "\"hidden_layer_sizes_input\": [64, 32], \"hidden_layer_sizes_conv\": [64, 48, "
        "32], \"hidden_layer_sizes_output\": [32, 16], \"nlayers_set2set\": 1, "
        "\"niters_set2set\": 2, \"activation_type\": \"softplus2\", "
        "\"is_classification\": false, \"include_state\": true, \"cutoff\": 4.0, "
        "\"gauss_width\": 0.5}");
    LQ_CHECK_STATUS(read_tmp(&d), LQ_EPARSE);
    LQ_CHECK(strstr(d.msg,
                    "model.blocks.0.conv.edge_func.layers.2.weight has shape (64, 64), "
                    "expected (48, 64)") != NULL);
    /* another format version, an unknown element, float64 data declared as float32 */
    LQ_CHECK(lq_file_write_atomic(g_tmp, "liquidus-ml-model 3 2\n{}", 24, NULL) == LQ_OK);
    LQ_CHECK_STATUS(read_tmp(&d), LQ_EUNSUPPORTED);
    LQ_CHECK(strstr(d.msg, "format 3, this build reads format 2") != NULL);
    write_with("element_types", "[\"H\", \"He\", \"Xx\"]");
    LQ_CHECK_STATUS(read_tmp(&d), LQ_EPARSE);
    LQ_CHECK(strstr(d.msg, "unknown element \"Xx\"") != NULL);
    write_with("dtype", "\"<f8\"");
    LQ_CHECK_STATUS(read_tmp(&d), LQ_EPARSE);
    LQ_CHECK(d.msg[0] != '\0');
    write_with("target_std", NULL);
    LQ_CHECK_STATUS(read_tmp(&d), LQ_EPARSE);
    LQ_CHECK(strcmp(d.field, "target_std") == 0);
    /* a DeePMD-kit model (.dp, HDF5 too) is recognised as such */
    char yaml[1024];
    if (lq_test_shared_path("data/deepmd/deeppot_sea.yaml", yaml, sizeof yaml) == 0) {
        char dp[80];
        snprintf(dp, sizeof dp, "ml_reader_%ld.dp", (long)getpid());
        LQ_CHECK_STATUS(lq_dp_model_convert(yaml, dp, NULL), LQ_OK);
        LQ_CHECK_STATUS(lq_ml_model_read(dp, &m, &d), LQ_EUNSUPPORTED);
        LQ_CHECK(strstr(d.msg, "DeePMD-kit") != NULL);
        remove(dp);
    }
    /* a text file */
    LQ_CHECK(lq_file_write_atomic(g_tmp, "not a model\n", 12, NULL) == LQ_OK);
    LQ_CHECK_STATUS(read_tmp(&d), LQ_EPARSE);
    LQ_CHECK(strstr(d.msg, "not a liquidus ML model file") != NULL);
    /* another MEGNet of other widths and elements (tests/ml/make_tiny_model.py, random weights) */
    char tiny[1024];
    lq_test_source_path("tests/ml/data/tiny_megnet.lqml", tiny, sizeof tiny);
    LQ_CHECK_STATUS(lq_ml_model_read(tiny, &m, &d), LQ_OK);
    if (m) {
        LQ_CHECK(lq_ml_model_has_element(m, 55) && !lq_ml_model_has_element(m, 26));
        lq_structure *s = ml_cscl(4.1437);
        lq_ml_prediction p;
        LQ_CHECK_STATUS(lq_ml_predict(m, s, &p, NULL), LQ_OK);
        LQ_CHECK(isfinite(p.eform_eV_per_atom) && p.sigma_eV_per_atom == 1.0);
        s->z[1] = 26; /* Fe: not in this model's element set */
        LQ_CHECK_STATUS(lq_ml_predict(m, s, &p, NULL), LQ_EDOM);
        LQ_CHECK(p.flags == LQ_ML_FLAG_ELEMENT && strstr(p.reason, "Fe (Z = 26)") != NULL);
        lq_structure_free(s);
        lq_ml_model_free(m);
    }
    /* the unmodified copy is accepted */
    LQ_CHECK(copy_model((size_t)-1) == 0);
    LQ_CHECK_STATUS(read_tmp(&d), LQ_OK);
    remove(g_tmp);
}
