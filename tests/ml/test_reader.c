/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The model reader refuses truncated, damaged and foreign files, naming what is wrong. */
#include <hdf5.h>
#include <math.h>
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

static void set_attr(hid_t f, const char *name, const char *value) {
    if (H5Aexists(f, name) > 0) H5Adelete(f, name);
    hid_t ty = H5Tcopy(H5T_C_S1);
    H5Tset_size(ty, H5T_VARIABLE);
    hid_t sp = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(f, name, ty, sp, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, ty, &value);
    H5Aclose(a);
    H5Sclose(sp);
    H5Tclose(ty);
}

static void write_vector(hid_t f, const char *name, const double *v, hsize_t n) {
    hid_t sp = H5Screate_simple(1, &n, NULL);
    hid_t ds = H5Dcreate2(f, name, H5T_IEEE_F32LE, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v);
    H5Dclose(ds);
    H5Sclose(sp);
}

/* Copies the model, opens the copy for writing and hands it to fn. */
static hid_t open_copy(void) {
    if (copy_model((size_t)-1)) return -1;
    return H5Fopen(g_tmp, H5F_ACC_RDWR, H5P_DEFAULT);
}

void test_ml_reader(void) {
    lq_diag d;
    snprintf(g_tmp, sizeof g_tmp, "ml_reader_%ld.h5", (long)getpid());
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);

    /* missing file */
    lq_ml_model *m = NULL;
    LQ_CHECK_STATUS(lq_ml_model_read("no/such/model.h5", &m, &d), LQ_EIO);
    /* truncated at several points: never accepted, always a parse error naming the file */
    const size_t cuts[] = {0, 100, 4096, 300000, 806000};
    for (size_t k = 0; k < sizeof cuts / sizeof *cuts; k++) {
        LQ_CHECK(copy_model(cuts[k]) == 0);
        lq_status st = read_tmp(&d);
        LQ_CHECK_STATUS(st, LQ_EPARSE);
        LQ_CHECK(strstr(d.file, g_tmp) != NULL && d.msg[0]);
        if (st != LQ_EPARSE) fprintf(stderr, "cut %zu: %s\n", cuts[k], d.msg);
    }
    /* a missing tensor is named */
    hid_t f = open_copy();
    H5Ldelete(f, "model.blocks.2.conv.node_func.layers.2.bias", H5P_DEFAULT);
    H5Fclose(f);
    LQ_CHECK_STATUS(read_tmp(&d), LQ_EPARSE);
    LQ_CHECK(strstr(d.msg, "model.blocks.2.conv.node_func.layers.2.bias is missing") != NULL);
    /* a tensor of the wrong shape */
    f = open_copy();
    H5Ldelete(f, "model.output_proj.layers.4.bias", H5P_DEFAULT);
    const double two[2] = {0.1, 0.2};
    write_vector(f, "model.output_proj.layers.4.bias", two, 2);
    H5Fclose(f);
    LQ_CHECK_STATUS(read_tmp(&d), LQ_EPARSE);
    LQ_CHECK(strstr(d.msg, "has shape (2), expected (1)") != NULL);
    /* a NaN weight */
    f = open_copy();
    H5Ldelete(f, "model.output_proj.layers.4.bias", H5P_DEFAULT);
    const double nan1[1] = {(double)NAN};
    write_vector(f, "model.output_proj.layers.4.bias", nan1, 1);
    H5Fclose(f);
    LQ_CHECK_STATUS(read_tmp(&d), LQ_EPARSE);
    LQ_CHECK(strstr(d.msg, "not finite") != NULL);
    /* an extra tensor (e.g. a three-body layer of M3GNet) */
    f = open_copy();
    write_vector(f, "model.three_body_interactions.0.update_network_atom.layers.0.weight", two, 2);
    H5Fclose(f);
    LQ_CHECK_STATUS(read_tmp(&d), LQ_EUNSUPPORTED);
    LQ_CHECK(strstr(d.msg, "unexpected tensor model.three_body") != NULL);
    /* another architecture, by the architecture attribute and by the hyperparameters */
    f = open_copy();
    set_attr(f, "architecture", "M3GNet");
    H5Fclose(f);
    LQ_CHECK_STATUS(read_tmp(&d), LQ_EUNSUPPORTED);
    LQ_CHECK(strstr(d.msg, "M3GNet is not supported") != NULL);
    f = open_copy();
    set_attr(f, "hyperparameters",
             "{\"@class\": \"TransformedTargetModel\", \"kwargs\": {\"model\": {\"@class\": "
             "\"M3GNet\", \"init_args\": {\"max_n\": 3, \"max_l\": 3}}}}");
    H5Fclose(f);
    LQ_CHECK_STATUS(read_tmp(&d), LQ_EUNSUPPORTED);
    LQ_CHECK(strstr(d.msg, "M3GNet is not supported") != NULL &&
             strcmp(d.field, "kwargs.model.@class") == 0);
    /* another option of MEGNet: refused by name */
    f = open_copy();
    set_attr(f, "hyperparameters",
             "{\"@class\": \"TransformedTargetModel\", \"kwargs\": {\"model\": {\"@class\": "
             "\"MEGNet\", \"init_args\": {\"activation_type\": \"swish\"}}}}");
    H5Fclose(f);
    LQ_CHECK_STATUS(read_tmp(&d), LQ_EUNSUPPORTED);
    LQ_CHECK(strcmp(d.field, "activation_type") == 0);
    /* a different width in the hyperparameters: the tensors no longer fit */
    f = open_copy();
    set_attr(f, "hyperparameters",
             "{\"@class\": \"TransformedTargetModel\", \"kwargs\": {\"model\": {\"@class\": "
             "\"MEGNet\", \"init_args\": {\"dim_node_embedding\": 16, \"dim_edge_embedding\": "
             "100, \"dim_state_embedding\": 2, \"ntypes_state\": null, \"nblocks\": 3, "
             "\"hidden_layer_sizes_input\": [64, 32], \"hidden_layer_sizes_conv\": [64, 48, 32], "
             "\"hidden_layer_sizes_output\": [32, 16], \"nlayers_set2set\": 1, "
             "\"niters_set2set\": 2, \"activation_type\": \"softplus2\", \"is_classification\": "
             "false, \"include_state\": true, \"cutoff\": 4.0, \"gauss_width\": 0.5}}}}");
    H5Fclose(f);
    LQ_CHECK_STATUS(read_tmp(&d), LQ_EPARSE);
    LQ_CHECK(strstr(d.msg,
                    "model.blocks.0.conv.edge_func.layers.2.weight has shape (64, 64), "
                    "expected (48, 64)") != NULL);
    /* no format attribute, an unknown element */
    f = open_copy();
    H5Adelete(f, "format");
    H5Fclose(f);
    LQ_CHECK_STATUS(read_tmp(&d), LQ_EUNSUPPORTED);
    LQ_CHECK(strstr(d.msg, "no root attribute \"format\"") != NULL);
    f = open_copy();
    set_attr(f, "element_types", "H He Xx");
    H5Fclose(f);
    LQ_CHECK_STATUS(read_tmp(&d), LQ_EPARSE);
    LQ_CHECK(strstr(d.msg, "unknown element \"Xx\"") != NULL);
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
    LQ_CHECK(strstr(d.msg, "not an HDF5 file") != NULL);
    /* another MEGNet of other widths and elements (tests/ml/make_tiny_model.py, random weights) */
    char tiny[1024];
    lq_test_source_path("tests/ml/data/tiny_megnet.h5", tiny, sizeof tiny);
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
