/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Structure screening: prototypes -> substitution with volume rescaling -> predicted formation
 * energy -> energy above the hull of known phases -> XRD R_wp against a measured pattern -> rank.
 */
#ifndef LIQUIDUS_SCREEN_H
#define LIQUIDUS_SCREEN_H

#include <stddef.h>

#include "liquidus/core.h"
#include "liquidus/dft.h"
#include "liquidus/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The screen the Nd-Bi study ran to find the structure of NdBi2 (S. L. Shang et al., seed
 * 004_c59e827e2707f2a7 §2.4 and §3.3): every AB2 prototype gets the new elements in the AB2
 * ratio, its cell is rescaled, a machine-learned model predicts its formation energy, the
 * candidates are ranked and the best are compared by XRD with the measured pattern and passed
 * on to DFT. The predictor is a function pointer so that the library does not depend on a
 * particular model (the command passes lq_ml_predict of include/liquidus/ml.h).
 */

/** A prediction for one candidate (the fields of lq_ml_prediction, include/liquidus/ml.h). */
typedef struct lq_screen_prediction {
    double eform_eV_per_atom; /**< predicted formation energy */
    double sigma_eV_per_atom; /**< its uncertainty (model error or ensemble spread), NaN: none */
    unsigned flags;           /**< the model's flags (outside its element set, bonding range) */
    char reason[160];         /**< text of the flags, "" when none */
} lq_screen_prediction;

/**
 * Predicts the formation energy of one structure. Called concurrently from several threads with
 * different structures: it must be thread-safe for one `ctx`.
 * @return LQ_OK, or any status (the candidate is then marked failed with diag's message)
 */
typedef lq_status (*lq_screen_predict_fn)(void *ctx, const lq_structure *s, lq_screen_prediction *p,
                                          lq_diag *diag);

/**
 * The machine-learned model of include/liquidus/ml.h as a predictor: ctx is an lq_ml_model *
 * (lq_ml_predict is thread-safe on one model); its prediction, flags and reason are copied.
 * @return lq_ml_predict's status
 */
LQ_API lq_status lq_screen_predict_ml(void *ctx, const lq_structure *s, lq_screen_prediction *p,
                                      lq_diag *diag);

/** How the substituted cell is scaled (isotropically; fractional coordinates are kept). */
typedef enum lq_screen_volume_rule {
    /** V = sum over atoms of the element's molar volume / N_A (Zen's law, the ideal-mixing volume
     *  of the elements; molar volumes of pymatgen's periodic table, WebElements values at room
     *  temperature: Nd 34.19, Bi 35.39 A^3/atom; lq_screen_element_volume) */
    LQ_SCREEN_VOLUME_ELEMENTS = 0,
    LQ_SCREEN_VOLUME_SLATER, /**< V' = V sum r'^3 / sum r^3, Slater radii (lq_structure_substitute)
                              */
    LQ_SCREEN_VOLUME_KEEP    /**< the prototype's cell */
} lq_screen_volume_rule;

/** Order of the ranked table. */
typedef enum lq_screen_rank_by {
    LQ_SCREEN_RANK_ENERGY = 0, /**< energy above the hull (formation energy without a hull), ties
                                    by R_wp, then input order */
    LQ_SCREEN_RANK_RWP         /**< R_wp, ties by energy, then input order */
} lq_screen_rank_by;

/** Settings of lq_screen_run (lq_screen_options_default gives those noted). */
typedef struct lq_screen_options {
    int z[2];                          /**< the two new elements (Z), e.g. Nd 60, Bi 83 */
    double amount[2];                  /**< their ratio, e.g. 1, 2 for NdBi2 (> 0) */
    lq_screen_volume_rule volume_rule; /**< LQ_SCREEN_VOLUME_ELEMENTS */
    lq_screen_predict_fn predict;      /**< required */
    void *predict_ctx;                 /**< passed to predict */
    /** known phases (formation energy hull), NULL for none; must contain both elements */
    const lq_hull_entries *known;
    int known_per_atom;                   /**< 1: known energies per atom, 0: per formula (0) */
    const double *measured_two_theta_deg; /**< [n_measured] measured pattern, or NULL */
    const double *measured_intensity;     /**< [n_measured] */
    size_t n_measured;
    lq_xrd_options xrd;        /**< wavelength and range (lq_xrd_options_default) */
    double fwhm_deg;           /**< pseudo-Voigt FWHM of the simulated profile (0.1) */
    double eta;                /**< its Lorentzian fraction (0.5) */
    lq_screen_rank_by rank_by; /**< LQ_SCREEN_RANK_ENERGY */
    int n_threads;             /**< OpenMP threads, 0: the OpenMP default (0) */
    size_t first, last;        /**< evaluate candidates [first, last) only (0, SIZE_MAX): the
                                    rest are LQ_SCREEN_NOT_EVALUATED (one block per MPI rank) */
} lq_screen_options;

/** The defaults noted in lq_screen_options (z and predict unset: 0 and NULL). */
LQ_API lq_screen_options lq_screen_options_default(void);

/** What happened to a candidate. */
typedef enum lq_screen_state {
    LQ_SCREEN_DONE = 0,     /**< evaluated (prediction, hull, XRD) */
    LQ_SCREEN_SKIPPED,      /**< the prototype has not two species in the target ratio */
    LQ_SCREEN_FAILED,       /**< substitution, prediction or XRD failed (status, message) */
    LQ_SCREEN_NOT_EVALUATED /**< outside [first, last) */
} lq_screen_state;

/** One candidate: a prototype with the new elements on its two species. */
typedef struct lq_screen_row {
    char prototype[96];              /**< prototype name (file name without extension) */
    size_t prototype_index;          /**< index into the prototypes given */
    int from_z[2];                   /**< prototype species replaced by z[0], z[1] of the options */
    char formula[32];                /**< reduced formula of the prototype, e.g. "ZrSi2" */
    double n_atoms;                  /**< atoms in the cell */
    double volume_A3_per_atom;       /**< of the substituted cell */
    lq_screen_prediction pred;       /**< the predictor's output */
    double e_above_hull_eV_per_atom; /**< pred.eform - hull energy at the composition; NaN
                                          without known phases */
    double r_wp;                     /**< R_wp against the measured pattern (lq_xrd_compare), NaN
                                          without one, +inf when no peak falls in the measured range */
    double pearson;                  /**< Pearson correlation of the profiles (NaN as r_wp) */
    int state;                       /**< lq_screen_state */
    int status;                      /**< lq_status of a failure, LQ_OK otherwise */
    char message[160];               /**< why skipped or failed, "" otherwise */
    size_t rank;                     /**< 1-based rank among the evaluated, 0 for the others */
} lq_screen_row;

/** The screen's table. */
typedef struct lq_screen_result {
    size_t n;                /**< candidates (rows) */
    lq_screen_row *rows;     /**< [n] in candidate order (prototypes in order, one row each; two
                                  when the target ratio is 1:1, both assignments) */
    size_t *order;           /**< [n] row indices: the ranked ones by rank, then the others */
    size_t n_ranked;         /**< rows with state LQ_SCREEN_DONE */
    double hull_eV_per_atom; /**< hull formation energy at the target composition (NaN: none) */
} lq_screen_result;

/**
 * Runs the screen over `n` prototypes (OpenMP over candidates; each row is a deterministic
 * function of its prototype and the options, so the table does not depend on the thread count).
 * A candidate that fails is marked in its row; the run fails only on a bad argument or memory.
 * @param protos  [n] prototypes (in)
 * @param names   [n] their names (in; NULL: the structure titles)
 * @param out     result (out, on success only), free with lq_screen_result_free
 * @return LQ_OK, LQ_EINVAL (NULL, n = 0, no predictor, bad elements, amounts, profile settings or
 *         measured pattern; diag says which), LQ_ENOTFOUND (an element without a volume for
 *         LQ_SCREEN_VOLUME_ELEMENTS, or missing from the known phases), LQ_ENOMEM, or the
 *         hull's status (lq_hull_entries_build)
 */
LQ_API lq_status lq_screen_run(const lq_structure *const *protos, const char *const *names,
                               size_t n, const lq_screen_options *opt, lq_screen_result **out,
                               lq_diag *diag);
/** Number of candidates lq_screen_run makes of these prototypes (rows of its table). */
LQ_API lq_status lq_screen_count(const lq_structure *const *protos, size_t n,
                                 const lq_screen_options *opt, size_t *n_candidates);
/**
 * Ranks (again) the rows with state LQ_SCREEN_DONE: sets rank, order and n_ranked, e.g. after
 * rows evaluated elsewhere (MPI ranks) were copied in.
 * @return LQ_OK, LQ_EINVAL
 */
LQ_API lq_status lq_screen_rank(lq_screen_result *r, lq_screen_rank_by by);
/** Frees a result (NULL is a no-op). */
LQ_API void lq_screen_result_free(lq_screen_result *r);

/**
 * The substituted and rescaled structure of a row (e.g. to write POSCARs of the best for DFT),
 * titled "<formula> from <prototype>".
 * @param proto  the row's prototype (protos[row->prototype_index] of the run)
 * @return LQ_OK, LQ_EINVAL (NULL, skipped row), LQ_ENOTFOUND, LQ_ENOMEM. Free with
 *         lq_structure_free.
 */
LQ_API lq_status lq_screen_structure(const lq_structure *proto, const lq_screen_options *opt,
                                     const lq_screen_row *row, lq_structure **out, lq_diag *diag);

/**
 * Molar volume of element z divided by N_A (Angstrom^3 per atom), as LQ_SCREEN_VOLUME_ELEMENTS
 * uses it. @return LQ_OK, LQ_EINVAL (z out of range), LQ_ENOTFOUND (no value for the element)
 */
LQ_API lq_status lq_screen_element_volume(int z, double *v_A3_per_atom);

/** Prototypes read from files and folders. */
typedef struct lq_screen_prototypes {
    size_t n;
    lq_structure **s; /**< [n] */
    char (*name)[96]; /**< [n] file names without folder and extension */
} lq_screen_prototypes;

/**
 * Reads prototypes: each path is a structure file (lq_structure_read: *.cif, *.vasp, POSCAR*,
 * CONTCAR*) or a folder whose such files are read in name order (other files are passed over).
 * @param out  prototypes (out, on success only), free with lq_screen_prototypes_free
 * @return LQ_OK, LQ_EINVAL, LQ_EIO (missing path), LQ_ENOTFOUND (a folder without structures),
 *         the readers' statuses (diag: file, line), LQ_ENOMEM
 */
LQ_API lq_status lq_screen_prototypes_read(const char *const *paths, size_t n_paths,
                                           lq_screen_prototypes *out, lq_diag *diag);
/** Frees the prototypes' arrays (NULL is a no-op). */
LQ_API void lq_screen_prototypes_free(lq_screen_prototypes *p);

/*
 * MPI (src/screen/screen_mpi.c): not part of the library, compiled into the command when MPI is
 * found (CMakeLists.txt), so these carry no LQ_API. Every rank makes the same candidate list,
 * evaluates the block [n r / size, n (r + 1) / size) of it and rank 0 gathers the rows and ranks
 * them: each row depends on its candidate alone, so the table is that of one process.
 */
/** Initialises MPI when it is not (threads funnelled); rank and size out; *own 1 when it did. */
lq_status lq_screen_mpi_begin(int *rank, int *size, int *own);
/** Finalises MPI when lq_screen_mpi_begin initialised it. */
void lq_screen_mpi_end(int own);
/**
 * lq_screen_run across the ranks of MPI_COMM_WORLD (collective). Rank 0 gets the whole ranked
 * table in *out; the other ranks get *out = NULL. A failure on any rank fails all of them.
 */
lq_status lq_screen_run_mpi(const lq_structure *const *protos, const char *const *names, size_t n,
                            const lq_screen_options *opt, lq_screen_result **out, lq_diag *diag);

#ifdef __cplusplus
}
#endif
#endif /* LIQUIDUS_SCREEN_H */
