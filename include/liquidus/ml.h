/* SPDX-License-Identifier: GPL-3.0-or-later */
/* include/liquidus/ml.h — machine-learned formation energies of crystal structures.
 * Units: eV per atom, Angstrom. */
#ifndef LIQUIDUS_ML_H
#define LIQUIDUS_ML_H

#include <stddef.h>

#include "liquidus/dft.h"
#include "liquidus/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A pretrained graph network predicting formation energies (MEGNet); opaque. */
typedef struct lq_ml_model lq_ml_model;

/**
 * Reads a model file written by scripts/convert_megnet.py (liquidus ML format 2, laid out in
 * scripts/lqml.py: a JSON header with the model's hyperparameters, element list, target
 * transformer and provenance, then every tensor of the original PyTorch state dict by its key, as
 * little-endian floats with a hash of the data). Every expected tensor and its shape is checked
 * against the hyperparameters; a truncated or damaged file, a missing or misshaped tensor, a
 * non-finite weight or another architecture (M3GNet, DeePMD, ...) is refused naming what is wrong.
 * @param path  model file (in), e.g. data/ml/megnet_mp_2018_6_1_eform.lqml
 * @param out   the model (out; free with lq_ml_model_free); untouched on error
 * @param diag  file and tensor/attribute of the first problem (may be NULL)
 * @return LQ_OK, LQ_EINVAL, LQ_EIO, LQ_EPARSE (malformed file, shapes, NaN),
 *         LQ_EUNSUPPORTED (another architecture or option), LQ_ENOMEM
 */
LQ_API lq_status lq_ml_model_read(const char *path, lq_ml_model **out, lq_diag *diag);
/** Name of the bundled model file, relative to the data folder (lq_data_path). */
#define LQ_ML_DEFAULT_MODEL "ml/megnet_mp_2018_6_1_eform.lqml"
/**
 * Reads the bundled MEGNet-MP-2018.6.1-Eform (data/ml/megnet_mp_2018_6_1_eform.lqml, found by
 * lq_data_path). @return as lq_ml_model_read, LQ_ENOTFOUND when the data folder has no model
 */
LQ_API lq_status lq_ml_model_read_default(lq_ml_model **out, lq_diag *diag);
/** Frees a model (NULL is a no-op). */
LQ_API void lq_ml_model_free(lq_ml_model *m);
/** Name of the model, e.g. "MEGNet-MP-2018.6.1-Eform" (owned by the model). */
LQ_API const char *lq_ml_model_name(const lq_ml_model *m);
/** The published test mean absolute error of the model, eV/atom. */
LQ_API double lq_ml_model_mae_eV_per_atom(const lq_ml_model *m);
/** 1 when element z is in the model's element set (has a trained embedding), else 0. */
LQ_API int lq_ml_model_has_element(const lq_ml_model *m, int z);
/** Graph cut-off radius of the model, Angstrom. */
LQ_API double lq_ml_model_cutoff_A(const lq_ml_model *m);

/** Flags of a prediction (bit set). */
enum {
    LQ_ML_FLAG_ELEMENT = 1u, /**< an element outside the model's element set */
    LQ_ML_FLAG_BONDING = 2u, /**< a bond length far outside the training data's range */
    LQ_ML_FLAG_ISOLATED = 4u /**< an atom without any neighbour within the cut-off */
};

/** One prediction. */
typedef struct lq_ml_prediction {
    double eform_eV_per_atom; /**< predicted formation energy, eV/atom */
    double sigma_eV_per_atom; /**< the model's published error (or ensemble spread) */
    unsigned flags;           /**< LQ_ML_FLAG_*: outside the element set / bonding range */
    char reason[160];         /**< text of the flags, "" when none */
} lq_ml_prediction;

/**
 * Predicts the formation energy of one structure (float64 throughout, from the float32 weights).
 * Sites must be fully occupied (occupancy 1); the graph has every periodic image within the
 * model's cut-off (4 A), as MatGL's Structure2Graph.
 * Flags (the prediction is still made): LQ_ML_FLAG_ISOLATED when an atom has no neighbour within
 * the cut-off; LQ_ML_FLAG_BONDING when a bond is shorter than 0.7 x or an atom's nearest
 * neighbour farther than 1.5 x the sum of Slater's radii of the two atoms (a heuristic for
 * "outside the relaxed crystals the model was trained on": such ratios run from about 0.85 to
 * 1.5 in relaxed crystals; elements without a Slater radius are not judged).
 * An element outside the model's element set (no embedding row) cannot be predicted: LQ_EDOM with
 * flag LQ_ML_FLAG_ELEMENT. On every failure after the argument check, p is still written:
 * eform NaN, sigma the MAE, the flags and the reason.
 * @param m     model (in)
 * @param s     structure (in)
 * @param p     prediction (out)
 * @return LQ_OK, LQ_EINVAL (NULL, partial occupancy, degenerate cell), LQ_EDOM (element without
 *         an embedding), LQ_ENOMEM
 */
LQ_API lq_status lq_ml_predict(const lq_ml_model *m, const lq_structure *s, lq_ml_prediction *p,
                               lq_diag *diag);
/**
 * Many structures, OpenMP over structures, result i for structure i.
 * @param n_threads  number of threads (<= 0: the OpenMP default)
 * Every structure is predicted (independently, in any thread; results do not depend on the
 * number of threads): p[i] holds its prediction, or eform NaN, the flags and the reason.
 * @return LQ_OK, LQ_EINVAL (NULL model; s or p NULL with n > 0), LQ_ENOMEM, or the status of the
 *         first (lowest index) structure that failed, with diag.line = its index + 1 and the
 * message "structure <index>: <reason>"
 */
LQ_API lq_status lq_ml_predict_many(const lq_ml_model *m, const lq_structure *const *s, size_t n,
                                    int n_threads, lq_ml_prediction *p, lq_diag *diag);

#ifdef __cplusplus
}
#endif

#endif /* LIQUIDUS_ML_H */
