/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Assessment: ESPEI datasets (type, reader, writer, validation), run files, parameter generation,
 * likelihoods, the ensemble sampler and uncertainty propagation.
 *
 * Layout (agreed with "liquidus as a library"): the dataset type and its JSON
 * reader/writer/builders (src/assess/dataset*.c) depend on core alone, so echem (emf -> ACR
 * datasets), dft (hull -> HM_FORM datasets) and thermal (DSC -> ZPF datasets) build datasets
 * through this header without depending on the rest of the assessment. Everything else declared
 * here (src/assess/ other files) uses thermo.
 *
 * Format: ESPEI's JSON datasets (espei.org, "Input data"; ESPEI 0.9.1 espei/datasets.py schema).
 * Units are ESPEI's: J/mol-atom (per mole of formula for *_FORM of a sublattice model, as ESPEI),
 * K, Pa, mole fractions. Reference states are the ones the dataset file states.
 */
#ifndef LIQUIDUS_ASSESS_H
#define LIQUIDUS_ASSESS_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "liquidus/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ============================================================================================ */
/* Datasets (src/assess/dataset*.c; depends on core only)                                       */
/* ============================================================================================ */

/** The three kinds of ESPEI data. */
typedef enum lq_dataset_kind {
    LQ_DATASET_NONEQ_THERMO = 0, /**< has a "solver": HM/SM/CPM with _FORM/_MIX at fixed sites */
    LQ_DATASET_EQ_THERMO = 1,    /**< no "solver", output not ZPF: ACR_<EL>, HM_MIX, ... */
    LQ_DATASET_ZPF = 2           /**< phase-boundary (zero phase fraction) data */
} lq_dataset_kind;

/** One sublattice of a non-equilibrium configuration: one species, or several mixing. */
typedef struct lq_dataset_sublattice {
    size_t n_species;
    char **species;    /**< [n_species], upper case */
    double *occupancy; /**< [n_species] from sublattice_occupancies, or NULL when not given */
} lq_dataset_sublattice;

/** One entry of "sublattice_configurations". */
typedef struct lq_dataset_config {
    size_t n_sublattices;
    lq_dataset_sublattice *sub; /**< [n_sublattices] */
} lq_dataset_config;

/** One vertex of a ZPF phase region: [phase, [components], [fractions]]. */
typedef struct lq_zpf_vertex {
    char *phase;
    size_t n_comps;
    char **comps; /**< [n_comps] independent components the fractions are given for */
    double *x; /**< [n_comps] mole fractions; NaN where the file has null (tie-line end unknown) */
    int disordered; /**< 1 when the vertex has ESPEI's "disordered" flag */
} lq_zpf_vertex;

/** One ZPF phase region: the phases in equilibrium at one (T, P). */
typedef struct lq_zpf_region {
    double T, P; /**< K, Pa */
    size_t n_vertices;
    lq_zpf_vertex *v; /**< [n_vertices] */
} lq_zpf_region;

/** A named condition array of an equilibrium dataset ("X_CU", "T", "P"). */
typedef struct lq_dataset_cond {
    char *name; /**< "T", "P", "X_<EL>", upper case */
    size_t n;
    double *values; /**< [n] K, Pa or mole fraction */
} lq_dataset_cond;

/**
 * One ESPEI dataset, as read or as built. Every pointer is owned by the dataset; free the whole
 * with lq_dataset_free. Arrays that a kind does not use are NULL with count 0.
 */
typedef struct lq_dataset {
    char *path; /**< file it was read from, or NULL when built in memory */
    lq_dataset_kind kind;
    char *output; /**< "HM_FORM", "HM_MIX", "SM_FORM", "CPM_MIX", "ACR_ND", "ZPF", ... */
    size_t n_components;
    char **components; /**< upper case, may include VA */
    size_t n_phases;
    char **phases;

    /** Conditions: P and T always; X_<EL> for equilibrium thermochemical data. */
    size_t n_conds;
    lq_dataset_cond *conds;
    int broadcast; /**< "broadcast_conditions" (ESPEI default: true for thermochemical data) */

    /** Non-equilibrium thermochemical: the "solver" block. */
    size_t n_site_ratios;
    double *site_ratios;
    size_t n_configs;
    lq_dataset_config *configs;

    /** Values: shape [n_P][n_T][n_last] for thermochemical data (n_last is n_configs, or the length
     *  of the X conditions), with values[(iP*n_T + iT)*n_last + k]. Not used for ZPF. */
    size_t shape[3];
    double *values;

    /** Equilibrium thermochemical: "reference_state" (phases and conditions). */
    size_t n_ref_phases;
    char **ref_phases;
    size_t n_ref_conds;
    lq_dataset_cond *ref_conds;

    /** ZPF: one region per temperature. */
    size_t n_regions;
    lq_zpf_region *regions;

    /** "excluded_model_contributions" (e.g. "idmix", "mag"). */
    size_t n_excluded;
    char **excluded;

    double weight;   /**< "weight", 1 when absent */
    char *reference; /**< "reference" */
    char *comment;   /**< "comment", or NULL */
} lq_dataset;

/** A set of datasets (e.g. every *.json below a folder). Owns its datasets. */
typedef struct lq_dataset_set {
    size_t n;
    lq_dataset **ds; /**< [n] */
} lq_dataset_set;

/**
 * Reads and validates one ESPEI dataset JSON file.
 * Validation follows ESPEI's (espei/datasets.py check_dataset): required keys, shapes of values
 * against the conditions and configurations, components and phases declared, ZPF regions naming
 * phases, numbers finite (null only where ESPEI allows it).
 * @param path  file (in)
 * @param out   new dataset (out), free with lq_dataset_free
 * @param diag  on failure: the file and the field ("values", "solver.sublattice_configurations[2]")
 * @return LQ_OK, LQ_EINVAL, LQ_EIO, LQ_EPARSE (JSON syntax or a field that is wrong), LQ_ENOMEM
 */
LQ_API lq_status lq_dataset_read_file(const char *path, lq_dataset **out, lq_diag *diag);

/** Same from a NUL-terminated JSON text; `name` stands for the file in messages. */
LQ_API lq_status lq_dataset_read_string(const char *json, const char *name, lq_dataset **out,
                                        lq_diag *diag);

/**
 * Reads every *.json below `dir` (recursively, sorted by path; other files, e.g. *.json.disabled,
 * are not read). One broken dataset fails the whole read, naming the file.
 */
LQ_API lq_status lq_dataset_set_read_dir(const char *dir, lq_dataset_set **out, lq_diag *diag);

/** Frees a dataset (NULL is a no-op). */
LQ_API void lq_dataset_free(lq_dataset *ds);
/** Frees a set and its datasets (NULL is a no-op). */
LQ_API void lq_dataset_set_free(lq_dataset_set *set);

/** Checks a dataset built in memory as lq_dataset_read_file checks a file. */
LQ_API lq_status lq_dataset_validate(const lq_dataset *ds, lq_diag *diag);

/** Writes a dataset as ESPEI JSON, atomically (temporary + rename). Validates first. */
LQ_API lq_status lq_dataset_write_file(const lq_dataset *ds, const char *path, lq_diag *diag);

/* ----- builders, for the modules that produce data (echem, dft, thermal) -------------------- */

/**
 * Activity dataset (equilibrium thermochemical, output ACR_<solute>) at one temperature:
 * x_solute[i] -> activity[i] of `solute` in `phase`, referred to pure solute in `ref_phase` at T.
 * Components are {solute, solvent} (sorted, as ESPEI writes them). Conditions: P = 101325 Pa, T,
 * X_<solute>. Values shape [1][1][n].
 */
LQ_API lq_status lq_dataset_build_activity(const char *solute, const char *solvent,
                                           const char *phase, const char *ref_phase, double T,
                                           const double *x_solute, const double *activity, size_t n,
                                           const char *reference, lq_dataset **out, lq_diag *diag);

/**
 * Formation-enthalpy dataset (non-equilibrium, output HM_FORM, J/mol of formula units of the
 * given sublattice model) of one compound: one sublattice per element with `site_ratios`,
 * one configuration, conditions P = 101325 Pa and T (298.15 K for DFT at 0 K, as ESPEI users do).
 */
LQ_API lq_status lq_dataset_build_hm_form(const char *const *elements, const double *site_ratios,
                                          size_t n_elements, const char *phase, double T,
                                          double hm_form_J_per_mol, const char *reference,
                                          lq_dataset **out, lq_diag *diag);

/**
 * ZPF dataset of two-phase (or three-phase, invariant) regions measured at temperatures T[i]:
 * each region has `n_phases` vertices; x[i*n_phases + p] is the mole fraction of `comp` in phase p
 * (NaN when unknown). Components {comp, other}.
 */
LQ_API lq_status lq_dataset_build_zpf(const char *comp, const char *other,
                                      const char *const *phases, size_t n_phases, const double *T,
                                      const double *x, size_t n_regions, const char *reference,
                                      lq_dataset **out, lq_diag *diag);

/* ============================================================================================ */
/* Ensemble sampler (src/assess/sampler*.c)                                                     */
/* ============================================================================================ */
/*
 * The affine-invariant ensemble sampler of Goodman and Weare (Commun. Appl. Math. Comput. Sci. 5
 * (2010) 65) with the stretch move and the red-blue split of emcee 3 (Foreman-Mackey et al., PASP
 * 125 (2013) 306; emcee/moves/stretch.py and red_blue.py), used as ESPEI 0.9.1 uses it
 * (espei/optimizers/opt_mcmc.py): walkers = chains_per_parameter x parameters started in a
 * Gaussian ball around the start, trace and log-probabilities saved with NumPy every
 * save_interval in the shapes (walkers, iterations, parameters) and (walkers, iterations).
 *
 * Determinism: the random numbers of walker j at iteration t come from their own stream
 * (lqi_rng_split of the seed's generator), so a run depends on the seed alone, not on the number
 * of threads or MPI ranks, and a restart from a saved trace continues bit for bit as the
 * uninterrupted run would (provided lnprob is a deterministic function of theta).
 */

/**
 * Log-probability (log prior + log likelihood) of one parameter vector theta [n_params].
 * Return -INFINITY for an impossible theta; a NaN counts as -INFINITY for a proposal (emcee
 * raises instead) and is an error for a starting walker. Called from several threads at once
 * (OpenMP over the walkers of a half-ensemble): it must be thread safe, or take its mutable
 * scratch from the per-thread context (lq_assess_target.thread_ctx).
 */
typedef double (*lq_assess_lnprob_fn)(const double *theta, size_t n_params, void *ctx);

/** The distribution to sample and how to evaluate it in parallel. */
typedef struct lq_assess_target {
    size_t n_params;
    lq_assess_lnprob_fn lnprob;
    void *ctx; /**< passed to lnprob when thread_ctx is NULL */
    /** Optional per-thread contexts [n_thread_ctx]: OpenMP thread k calls lnprob with
     *  thread_ctx[k], and at most n_thread_ctx threads are used. Owned by the caller. */
    void *const *thread_ctx;
    size_t n_thread_ctx;
    int n_threads; /**< OpenMP threads for the evaluation; 0: the OpenMP default; 1: serial */
} lq_assess_target;

/**
 * Evaluates lnprob at n_points parameter vectors theta [n_points][n_params] into lnp [n_points].
 * The sampler calls it twice per iteration (once per half-ensemble). Any implementation must
 * give each point the value target->lnprob gives it; which thread or process computes which
 * point does not change the result. Returns LQ_OK or a status that stops the run.
 */
typedef lq_status (*lq_assess_batch_fn)(const lq_assess_target *target, const double *theta,
                                        size_t n_points, double *lnp, void *batch_ctx);

/** The library's batch evaluator: OpenMP over the points (dynamic schedule). batch_ctx unused. */
LQ_API lq_status lq_assess_evaluate_openmp(const lq_assess_target *target, const double *theta,
                                           size_t n_points, double *lnp, void *batch_ctx);

/** Progress after each completed iteration (the library does not print; the command does). */
typedef struct lq_assess_progress {
    size_t iteration;  /**< iterations completed so far (1 after the first) */
    size_t iterations; /**< iterations of the whole run */
    size_t n_walkers;
    double acceptance;    /**< accepted / proposed over every walker and completed iteration */
    double best_lnprob;   /**< highest log-probability in the trace so far */
    double median_lnprob; /**< median over the walkers' current log-probabilities */
    double rate;          /**< iterations per second of wall time in this call */
    int saved;            /**< 1 when the trace files were written after this iteration */
} lq_assess_progress;

typedef void (*lq_assess_progress_fn)(const lq_assess_progress *p, void *ctx);

/** Options of lq_assess_sample. */
typedef struct lq_assess_sampler_options {
    /** Walkers; 0 gives chains_per_parameter x n_params (ESPEI). At least 2 x n_params, as
     *  emcee requires (fewer walkers stay in a subspace). */
    size_t n_walkers;
    size_t chains_per_parameter; /**< ESPEI's default 2 */
    /** Starting walkers: walker 0 at theta0, walker j > 0 at theta0 + |theta0 *
     *  chain_std_deviation| * N(0, 1) per parameter (ESPEI's initialize_new_chains; a parameter
     *  that is 0 stays 0 in every walker, and the stretch move never moves it: a diag warning
     *  says so). ESPEI's default 0.1. */
    double chain_std_deviation;
    /** Optional explicit starting walkers [n_walkers][n_params] (n_walkers must then be set);
     *  theta0 is then not used for the start. Copied. */
    const double *initial_walkers;
    size_t iterations; /**< default 1000 (ESPEI) */
    uint64_t seed;     /**< default 1769 (the seed ESPEI's deterministic start uses) */
    /** Write the iterations done since the last save every this many iterations, at the end and
     *  on cancel (ESPEI's default 1). The files are created whole (zeros for iterations not
     *  run, as ESPEI's) atomically at the start, then updated in place: a save writes only the
     *  new iterations, so its cost does not grow with the run, and the files are valid .npy
     *  files at every moment. */
    size_t save_interval;
    double stretch_a;        /**< stretch scale a > 1, default 2 (emcee) */
    const char *trace_path;  /**< trace .npy, float64 (walkers, iterations, params); NULL: none */
    const char *lnprob_path; /**< lnprob .npy, float64 (walkers, iterations); NULL: none */
    /** Continue the run saved in trace_path (and lnprob_path, if given; otherwise the walkers'
     *  log-probabilities are evaluated again) after its last complete iteration (every walker
     *  has a non-zero parameter: ESPEI's rule, for every walker rather than one, so that a save
     *  cut short by kill -9 is not taken for complete), up to `iterations` (which may exceed the
     *  file's). Same seed and settings as the first run give the trace that run would have given
     *  uninterrupted, bit for bit. A walker whose parameters are all exactly 0 cannot be told
     *  from an iteration not run (as in ESPEI). Without lnprob_path, the result's lnprob of
     *  the iterations before the restart is 0 and `best` looks at later iterations only. */
    int restart;
    lq_assess_progress_fn progress; /**< optional, called after each iteration */
    void *progress_ctx;
    /** Optional: when *cancel becomes non-zero (a SIGINT/SIGTERM handler sets it), the run
     *  stops at the next half-ensemble, writes the completed iterations and returns LQ_OK with
     *  result->cancelled = 1. */
    const volatile sig_atomic_t *cancel;
    /** Batch evaluator; NULL: lq_assess_evaluate_openmp. MPI: lq_assess_mpi_evaluate below. */
    lq_assess_batch_fn batch_eval;
    void *batch_ctx;
} lq_assess_sampler_options;

/** ESPEI's and emcee's defaults (see the fields). */
LQ_API lq_assess_sampler_options lq_assess_sampler_options_default(void);

/** What a sampler run produced. Free with lq_assess_sample_result_free. */
typedef struct lq_assess_sample_result {
    size_t n_walkers, n_iterations, n_params;
    size_t n_done; /**< completed iterations: n_iterations unless cancelled */
    size_t start;  /**< first iteration this call computed (> 0 after a restart) */
    /** [n_walkers][n_iterations][n_params], positions after each iteration; zeros after n_done,
     *  as ESPEI's trace */
    double *trace;
    double *lnprob;    /**< [n_walkers][n_iterations], zeros after n_done */
    size_t *accepted;  /**< [n_walkers] accepted proposals in iterations [0, n_done) */
    double acceptance; /**< sum(accepted) / (n_walkers n_done), emcee's mean fraction */
    double *best;      /**< [n_params] the highest-lnprob point of the trace */
    double best_lnprob;
    int cancelled;
} lq_assess_sample_result;

/**
 * Runs the ensemble sampler. Per iteration (emcee's RedBlueMove.propose with StretchMove): the
 * walkers are shuffled into two halves; each half in turn proposes, for each walker X_k, the
 * point Y = X_j + z (X_k - X_j) with X_j a random walker of the other half and z drawn with
 * density g(z) ~ 1/sqrt(z) on [1/a, a], and accepts it with probability
 * min(1, z^(n_params-1) p(Y)/p(X_k)). The whole trace is allocated (and touched) at the start:
 * memory does not grow during the run; it is n_walkers x iterations x n_params doubles.
 * @param target  distribution and evaluation (in)
 * @param theta0  [target->n_params] start (in); may be NULL when opt->initial_walkers is given
 * @param opt     options (in), NULL for the defaults
 * @param out     result (out, new)
 * @param diag    where and why on failure; a warning on success (zero start parameters)
 * @return LQ_OK, LQ_EINVAL (bad option, sizes, restart trace of another shape), LQ_EDOM (a
 *         starting walker has a NaN log-probability), LQ_EIO / LQ_EPARSE (trace files),
 *         LQ_ENOMEM, or the batch evaluator's status.
 */
LQ_API lq_status lq_assess_sample(const lq_assess_target *target, const double *theta0,
                                  const lq_assess_sampler_options *opt,
                                  lq_assess_sample_result **out, lq_diag *diag);

/** Frees a result (NULL is a no-op). */
LQ_API void lq_assess_sample_result_free(lq_assess_sample_result *r);

/**
 * ESPEI's restart_trace (EmceeOptimizer.initialize_chains_from_trace): the walkers of the last
 * complete iteration of a trace file, to start a new run from (opt.initial_walkers and
 * opt.n_walkers), as ESPEI does with a new seed and a new trace. (To continue a run in its own
 * files, bit for bit, use opt.restart instead.)
 * @param path       trace .npy, float64 (walkers, iterations, params) (in)
 * @param walkers    [cap] out: n_walkers x n_params values; NULL to ask for the sizes only
 * @param cap        values walkers can hold
 * @param n_walkers  out
 * @param n_params   out
 * @return LQ_OK, LQ_EIO, LQ_EPARSE, LQ_EUNSUPPORTED (not float64), LQ_EINVAL (not 3-D, no
 *         complete iteration, cap too small), LQ_ENOMEM
 */
LQ_API lq_status lq_assess_trace_last(const char *path, double *walkers, size_t cap,
                                      size_t *n_walkers, size_t *n_params, lq_diag *diag);

/*
 * MPI (src/assess/sampler_mpi.c): not part of the library. The file is compiled into the command
 * (and the MPI test) only when CMake finds MPI, which then defines LQ_HAVE_MPI for them. Master-
 * worker: every rank sets up the same target; rank 0 runs lq_assess_sample with
 * batch_eval = lq_assess_mpi_evaluate and batch_ctx = the lq_assess_mpi, and every other rank
 * calls lq_assess_mpi_serve until rank 0 calls lq_assess_mpi_stop. A batch is cut into one
 * contiguous block per rank (each rank's block evaluated with OpenMP), so the values, and the
 * trace, are those of one process.
 */
#ifdef LQ_HAVE_MPI
typedef struct lq_assess_mpi lq_assess_mpi;
/** MPI_Init (thread level FUNNELED) and the rank/size of MPI_COMM_WORLD; *out new. */
lq_status lq_assess_mpi_init(int *argc, char ***argv, lq_assess_mpi **out);
int lq_assess_mpi_rank(const lq_assess_mpi *m);
int lq_assess_mpi_size(const lq_assess_mpi *m);
/** Rank 0's batch evaluator (lq_assess_batch_fn), batch_ctx an lq_assess_mpi. */
lq_status lq_assess_mpi_evaluate(const lq_assess_target *target, const double *theta,
                                 size_t n_points, double *lnp, void *batch_ctx);
/** Ranks > 0: evaluates blocks of the batches rank 0 sends until it stops them. */
lq_status lq_assess_mpi_serve(lq_assess_mpi *m, const lq_assess_target *target);
/** Rank 0: releases the serving ranks (call once, also after a failed run). */
void lq_assess_mpi_stop(lq_assess_mpi *m);
/** MPI_Finalize and frees m. */
void lq_assess_mpi_finalize(lq_assess_mpi *m);
#endif

#ifdef __cplusplus
}
#endif
#endif /* LIQUIDUS_ASSESS_H */
