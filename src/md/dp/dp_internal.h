/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Deep potentials, library-internal: the model in memory, the serialized tree, neighbours. */
#ifndef LIQUIDUS_MD_DP_INTERNAL_H
#define LIQUIDUS_MD_DP_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "liquidus/deepmd.h"
#include "liquidus/status.h"

struct cJSON;

/* Activation functions of deepmd/dpmodel/utils/network.py (get_activation_fn). */
typedef enum dpi_act {
    DPI_ACT_LINEAR,
    DPI_ACT_TANH,
    DPI_ACT_RELU,
    DPI_ACT_RELU6,
    DPI_ACT_GELU,
    DPI_ACT_SOFTPLUS,
    DPI_ACT_SIGMOID,
    DPI_ACT_SILU
} dpi_act;

/** Looks an activation name up ("none"/"linear"/NULL are linear); returns 0 when unknown. */
int lqi_dp_act_parse(const char *name, dpi_act *act);
/** y = act(z) and dy/dz for n values (dy may be NULL). */
void lqi_dp_act_eval(dpi_act act, const double *z, double *y, double *dy, size_t n);

/* One layer of deepmd/dpmodel/utils/network.py NativeLayer:
 * y = act(x W + b) * idt + (x | [x, x] when resnet and the widths are equal | doubled). */
typedef struct dpi_layer {
    size_t nin, nout;
    double *w;   /* [nin x nout] row-major */
    double *b;   /* [nout] or NULL */
    double *idt; /* [nout] or NULL */
    dpi_act act;
    int resnet; /* 0 none, 1 identity, 2 doubled */
} dpi_layer;

typedef struct dpi_net {
    size_t n_layers;
    dpi_layer *layers;
    size_t nin, nout, max_width;
} dpi_net;

/* A tabulated embedding net (dp_compress.c): interval k covers [lo + k h, lo + (k+1) h], with
 * g_a(lo + k h + x) = sum_m c[(k ng + a) 6 + m] x^m. */
typedef struct dpi_table {
    double lo, hi, h;
    size_t n;
    double *c;
} dpi_table;

struct lq_dp_model {
    lq_dp_descriptor desc;
    size_t ntypes;
    char **type_map;
    double rcut, rcut_smth, protection;
    size_t *sel, *sec;  /* [ntypes], [ntypes + 1] cumulative */
    size_t nnei, ncomp; /* sum(sel); 4 for se_e2_a, 1 for se_e2_r */
    int type_one_side;
    unsigned char *desc_excl; /* [ntypes x ntypes] descriptor exclude_types (symmetric) */
    unsigned char *pair_excl; /* [ntypes x ntypes] model pair_exclude_types */
    unsigned char *atom_excl; /* [ntypes] model atom_exclude_types: the atom's energy is 0 */
    unsigned char *fit_excl;  /* [ntypes] fitting exclude_types: fitting output 0, out_bias kept */
    size_t ng, axis, dim_desc;
    double *davg, *dstd; /* [ntypes x nnei x ncomp] */
    size_t n_embed;      /* ntypes (one side) or ntypes^2; key (ti, tt) -> ti + tt ntypes */
    dpi_net *embed;
    size_t n_fit; /* ntypes, or 1 when the fitting is mixed_types */
    dpi_net *fit;
    size_t fit_in, fit_last;
    double *bias_atom_e; /* [ntypes] */
    double *out_bias;    /* [ntypes] */
    size_t nfp, nap;
    double *fparam_avg, *fparam_inv_std, *aparam_avg, *aparam_inv_std, *default_fparam;
    /* Constant contributions of padded neighbour slots (DeePMD-kit normalises empty slots too:
     * deepmd/dpmodel/utils/env_mat.py, (0 - davg) / dstd): for centre type ti and neighbour type
     * tt, row k holds the sum over slots k..sel[tt]-1 of g(s_pad) (x) rr_pad, [ng x ncomp]. */
    double *padsum; /* [ntypes x (nnei + ntypes) x ng x ncomp] */
    dpi_table *tab; /* [n_embed] when compressed (lq_dp_model_compress), else NULL */
};

/** g and g' of n inputs from a table (inputs outside [lo, hi] use the end polynomials). */
void lqi_dp_table_eval(const dpi_table *t, size_t ng, size_t n, const double *s, double *g,
                       double *dg);
void lqi_dp_tables_free(lq_dp_model *m);

/** Embedding net index of a (centre type, neighbour type) pair. */
static inline size_t lqi_dp_embed_index(const struct lq_dp_model *m, size_t ti, size_t tt) {
    return m->type_one_side ? tt : ti + tt * m->ntypes;
}

/**
 * Evaluates a net on `n` rows: x [n x nin] -> y [n x nout]. When dx is non-NULL the forward
 * derivative is carried too (dx [n x nin] -> dy [n x nout]). `ws` holds 4 n max_width doubles.
 */
void lqi_dp_net_forward(const dpi_net *net, size_t n, const double *x, const double *dx, double *y,
                        double *dy, double *ws);

/* ---------------------------------------------------------------- serialized tree */

/**
 * Loads a model file into a cJSON tree in which every array is the object
 * {"@class": "np.ndarray", "dtype": ..., "@shape": [...], "@data": [flat, row-major]}.
 * YAML (.yaml/.yml) through libyaml; HDF5 (.dp/.hlo) through libhdf5.
 */
lq_status lqi_dp_tree_load(const char *path, struct cJSON **root, lq_diag *diag);
/** Same for a YAML text in memory (`name` is used in diagnostics). */
lq_status lqi_dp_tree_load_yaml_mem(const char *text, size_t n, const char *name,
                                    struct cJSON **root, lq_diag *diag);
/** Writes a tree (canonical arrays) as YAML or `.dp` by the extension of path. */
/* Read-only HDF5 of DeePMD-kit .dp files (dp_h5read.c): the file is in memory, which the caller
 * keeps alive while the handle is used; nothing is allocated by lqi_h5_open. */
typedef struct lqi_h5 {
    const unsigned char *b;
    size_t n;
    uint64_t base; /* addresses are relative to the superblock's base address */
    uint64_t root; /* object header of the root group */
    const char *path;
} lqi_h5;
/** Checks the superblock of the file buf[0..n) (path names it in diagnostics). */
lq_status lqi_h5_open(const void *buf, size_t n, const char *path, lqi_h5 *f, lq_diag *diag);
/** The string attribute name of the root group (fixed or variable length), in *text (caller
 * frees with lqi_free). LQ_ENOTFOUND when absent, LQ_EPARSE/LQ_EUNSUPPORTED naming the problem. */
lq_status lqi_h5_root_string(const lqi_h5 *f, const char *name, char **text, lq_diag *diag);
/** The numeric dataset at path name as float64 in *data (caller frees with lqi_free), its shape
 * in shape[0..*ndim) (*ndim: capacity in, dimensions out). */
lq_status lqi_h5_dataset(const lqi_h5 *f, const char *name, size_t *shape, size_t *ndim,
                         double **data, lq_diag *diag);

/** lqi_dp_tree_load of a .dp (HDF5) file already in memory; name labels diagnostics. */
lq_status lqi_dp_tree_load_h5_mem(const char *buf, size_t n, const char *name, struct cJSON **root,
                                  lq_diag *diag);
lq_status lqi_dp_tree_save(const char *path, const struct cJSON *root, lq_diag *diag);
/**
 * Where a reader stands in a JSON/YAML tree ("model.descriptor"), for diagnostics naming the key:
 * the model reader (dp_model.c) and the training input reader (dp_train_input.c).
 */
typedef struct dpi_path {
    const char *file; /* names the file in diagnostics */
    lq_diag *diag;
    char path[320];
} dpi_path;
/** Sets diag to st at `file`, field key, message "<path>.<key>: <fmt...>"; returns st. */
lq_status lqi_dp_path_fail(dpi_path *w, lq_status st, const char *key, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/** Descends into key (appends ".key" to the path); returns the previous path length. */
size_t lqi_dp_path_push(dpi_path *w, const char *key);
/** Back to the path length a lqi_dp_path_push returned. */
static inline void lqi_dp_path_pop(dpi_path *w, size_t len) { w->path[len] = '\0'; }
/** Builds the model from a loaded tree (`file` names it in diagnostics). */
lq_status lqi_dp_model_from_tree(const struct cJSON *root, const char *file, lq_dp_model **out,
                                 lq_diag *diag);
/** (Re)computes the padded-slot sums m->padsum from the embedding nets and davg/dstd. */
lq_status lqi_dp_model_padsum(lq_dp_model *m);
/** The tree of a model with random weights (lq_dp_model_write_random without the file). */
lq_status lqi_dp_tree_random(const lq_dp_random_spec *spec, struct cJSON **root, lq_diag *diag);
/** A canonical array object from a shape and flat data (copied). NULL on allocation failure. */
struct cJSON *lqi_dp_tree_array(const size_t *shape, size_t ndim, const double *data);

/* ---------------------------------------------------------------- neighbours */

/** Neighbours of all atoms within rcut (every periodic image), as CSR lists. */
typedef struct dpi_nlist {
    size_t n_atoms;
    size_t *start; /* [n_atoms + 1] */
    size_t *j;     /* [total] neighbour atom index */
    double *d;     /* [3 total] r_j(image) - r_i */
    double *r;     /* [total] |d| */
} dpi_nlist;

/** Builds the full neighbour list (both directions) of a frame. box NULL: open cluster. */
lq_status lqi_dp_nlist_build(size_t n, const double *pos, const double *box, double rcut,
                             dpi_nlist *nl, lq_diag *diag);
void lqi_dp_nlist_free(dpi_nlist *nl);

/* ---------------------------------------------------------------- long-range baseline */
#include "liquidus/md.h"

/** An evaluator of an lq_dp_baseline for one system (dp_baseline.c): E_Ewald/PPPM - E_DSF. */
typedef struct lqi_dp_lr lqi_dp_lr;
/** For sys (species names, types, box; n_atoms >= 2): kspace LQ_MD_KSPACE_EWALD (labels) or
 *  PPPM (MD) at the relative accuracy. LQ_ENOTFOUND names a species without a charge. */
lq_status lqi_dp_lr_create(const lq_dp_baseline *b, const lq_md_system *sys, lq_md_kspace kspace,
                           double accuracy, int n_threads, lqi_dp_lr **out, lq_diag *diag);
/** Baseline energy (eV), forces f [3n] (overwritten, eV/A) and virial (xx yy zz xy xz yz, eV,
 *  overwritten; sum r_ij (x) F_ij) at positions pos [3n] in an orthorhombic box. */
lq_status lqi_dp_lr_compute(lqi_dp_lr *lr, const double *pos, const double box[3], double *f,
                            double *energy, double vir[6], lq_diag *diag);
void lqi_dp_lr_kspace_info(const lqi_dp_lr *lr, lq_md_kspace_info *info);
void lqi_dp_lr_free(lqi_dp_lr *lr);

#endif /* LIQUIDUS_MD_DP_INTERNAL_H */
