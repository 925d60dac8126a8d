/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Private declarations of the ml module: the MEGNet model in memory and its graph. */
#ifndef LIQUIDUS_ML_INTERNAL_H
#define LIQUIDUS_ML_INTERNAL_H

#include <stddef.h>

#include "core/core_internal.h"
#include "liquidus/ml.h"

#define LQI_ML_MAX_LAYERS 8 /* dense layers of one MLP */
#define LQI_ML_MAX_BLOCKS 8 /* MEGNet blocks */
#define LQI_ML_MAX_WIDTH 512

/* One torch.nn.Linear: y = W x + b, W row-major n_out x n_in (torch's layout). */
typedef struct lqi_ml_linear {
    size_t n_in, n_out;
    const double *w, *b;
} lqi_ml_linear;

/* matgl.layers.MLP: Linear layers with softplus2 between them (and after the last when
 * activate_last). */
typedef struct lqi_ml_mlp {
    size_t n;
    int activate_last;
    lqi_ml_linear layer[LQI_ML_MAX_LAYERS];
} lqi_ml_mlp;

/* One torch.nn.LSTM layer (gates i, f, g, o stacked in the rows, torch's order). */
typedef struct lqi_ml_lstm {
    size_t n_in, n_hid;
    const double *w_ih, *w_hh, *b_ih, *b_hh;
} lqi_ml_lstm;

typedef struct lqi_ml_block {
    int has_dense; /* blocks after the first apply a dense MLP to e, v, u before the convolution */
    lqi_ml_mlp edge_dense, node_dense, state_dense;
    lqi_ml_mlp edge_conv, node_conv, state_conv;
} lqi_ml_block;

struct lq_ml_model {
    char name[96];
    char path[256];
    double mae_eV_per_atom;
    double cutoff_A;
    double gauss_width; /* exp(-width (d - c_k)^2), matgl.layers._basis.GaussianExpansion */
    size_t n_centers;
    const double *centers_A;
    size_t n_types, dim_node;
    const double *embedding;             /* n_types x dim_node */
    int type_of_z[LQ_ELEMENT_MAX_Z + 1]; /* embedding row of element z, -1 when none */
    size_t dim_state;                    /* default state attributes: zeros of this length */
    lqi_ml_mlp edge_enc, node_enc, state_enc;
    size_t n_blocks;
    lqi_ml_block block[LQI_ML_MAX_BLOCKS];
    size_t dim_conv; /* width of e, v, u between blocks */
    size_t s2s_iters;
    lqi_ml_lstm node_s2s, edge_s2s;
    lqi_ml_mlp out;
    double target_mean, target_std;
    double *store; /* every weight, one allocation */
};

/* A crystal graph: every ordered pair (src, dst, image) with 0 < |r_dst + image - r_src| <= rc. */
typedef struct lqi_ml_graph {
    size_t n_nodes, n_edges, cap;
    int *src, *dst;
    double *dist_A;
} lqi_ml_graph;

/** Builds the graph of s (full occupancy required) with cut-off rc; g is reset first. */
lq_status lqi_ml_graph_build(const lq_structure *s, double rc, lqi_ml_graph *g, lq_diag *diag);
void lqi_ml_graph_free(lqi_ml_graph *g);

/** MEGNet forward pass on a built graph: the model output after the target transformer. */
lq_status lqi_ml_megnet_forward(const lq_ml_model *m, const int *types, const lqi_ml_graph *g,
                                double *eform, lq_diag *diag);

/** lq_ml_model_read on a file already in memory (buf, size); path names it in diagnostics. */
lq_status lqi_ml_model_read_mem(const char *buf, size_t size, const char *path, lq_ml_model **out,
                                lq_diag *diag);

#endif /* LIQUIDUS_ML_INTERNAL_H */
