/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Deep-potential training, library-internal: parameters as one vector, loss gradients per frame. */
#ifndef LIQUIDUS_MD_DP_TRAIN_INTERNAL_H
#define LIQUIDUS_MD_DP_TRAIN_INTERNAL_H

#include <stddef.h>

#include "md/dp/dp_internal.h"

/** One labelled frame (arrays borrowed). */
typedef struct dpi_tframe {
    size_t n;
    const int *type;      /* [n] model types */
    const double *pos;    /* [3n] Angstrom */
    const double *box;    /* [9] or NULL */
    double energy;        /* eV */
    const double *force;  /* [3n] eV/A */
    const double *virial; /* [9] eV, or NULL (no label) */
} dpi_tframe;

/* The trainable parameters of a model in a fixed order: embedding nets then fitting nets, each
 * layer w, b (when present), idt (when present). */
size_t lqi_dp_param_count(const lq_dp_model *m);
/** Copies the model's parameters into p [count] (dir 0) or p into the model (dir 1). */
void lqi_dp_param_copy(lq_dp_model *m, double *p, int dir);

/** A parameter-shaped view of a flat gradient buffer: nets whose arrays point into it. */
typedef struct dpi_gview {
    dpi_net *embed, *fit;
    size_t n_embed, n_fit;
} dpi_gview;
lq_status lqi_dp_gview_init(const lq_dp_model *m, double *flat, dpi_gview *g);
void lqi_dp_gview_free(dpi_gview *g);

/** Checks that the model is one the gradient code handles (se_e2_a, tanh/linear, no exclusions,
 *  fparam/aparam or compression). @return LQ_OK or LQ_EUNSUPPORTED naming the feature */
lq_status lqi_dp_train_supported(const lq_dp_model *m, lq_diag *diag);

/** Per-type energy bias: least squares of the frames' energies (energy[nf]) on their atom counts
 *  per type (counts[nf x nt], row-major), the minimum-norm solution where the compositions do not
 *  determine it, with numpy.linalg.lstsq's rule (rcond <= 0: machine epsilon x max(nf, nt)), as
 *  DeePMD-kit. bias[nt] is written. LQ_ENOMEM, LQ_EINVAL, LQ_ESINGULAR (SVD failed). */
lq_status lqi_dp_energy_bias(const double *counts, const double *energy, size_t nf, size_t nt,
                             double rcond, double *bias);

/**
 * Adds to the gradient view g the derivative with respect to every parameter of
 *   phi = aE * E + sum_i uF_i . F_i + aV : V
 * for one frame, where E, F, V are the model's energy, forces and virial. F and V are derivatives
 * of E, so with the per-pair displacement dd_ij = uF_j - uF_i + aV d_ij the force and virial terms
 * are -dE/d(eps) along dd; phi is evaluated by a forward (tangent) pass of value and directional
 * derivative and differentiated by one reverse pass through both (reverse-over-forward).
 * The gradient is added to grad [n_param]. uF and aV may be NULL (0). The atoms are split in
 * fixed blocks whose gradients are summed in block order, so the result does not depend on
 * n_threads (0: the OpenMP default).
 */
lq_status lqi_dp_frame_grad(const lq_dp_model *m, const dpi_tframe *f, double aE, const double *uF,
                            const double *aV, double *grad, size_t n_param, int n_threads,
                            lq_diag *diag);

/** Adds one frame to the environment statistics acc [ntypes x 6]: per centre type the count,
 *  sum and sum of squares of the radial column, then of the three angular columns. */
lq_status lqi_dp_env_stat_add(const lq_dp_model *m, const dpi_tframe *f, double *acc,
                              lq_diag *diag);

/** lq_dp_train without the baseline (the labels as given). */
lq_status lqi_dp_train_labels(const lq_dp_train_options *opt, const lq_dp_system *train,
                              size_t n_train, const lq_dp_system *valid, size_t n_valid,
                              const char *restart, const char *model_out, lq_dp_train_result *res,
                              lq_diag *diag);

#endif /* LIQUIDUS_MD_DP_TRAIN_INTERNAL_H */
