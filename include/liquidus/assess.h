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
    char **species;    /**< [n_species], as in the file (ESPEI compares names case-sensitively) */
    double *occupancy; /**< [n_species] from sublattice_occupancies, or NULL when not given */
    int mixing;        /**< 1 when the file writes the sublattice as a list (["CU", "MG"], also a
                            one-species list), 0 for a plain string ("VA") */
} lq_dataset_sublattice;

/** One entry of "sublattice_configurations". */
typedef struct lq_dataset_config {
    size_t n_sublattices;
    lq_dataset_sublattice *sub; /**< [n_sublattices] */
} lq_dataset_config;

/** One vertex of a ZPF phase region: [phase, [components], [fractions]] or, with ESPEI's
 *  optional fourth entry, [phase, [components], [fractions], "disordered"]. */
typedef struct lq_zpf_vertex {
    char *phase; /**< a phase of the dataset, or "__HYPERPLANE__" (ESPEI's explicit target) */
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
    char *name;     /**< "T", "P", "X_<EL>" (as in the file) */
    size_t n;       /**< 1 for a scalar in the file (written back as a scalar) */
    double *values; /**< [n] K, Pa or mole fraction */
} lq_dataset_cond;

/** One entry of "reference_states" (equilibrium data other than activities, ESPEI 0.9
 *  equilibrium_thermochemical_error): the reference phase of one element. */
typedef struct lq_dataset_ref_state {
    char *element; /**< key, e.g. "CU" */
    char *phase;   /**< "phase" (required by ESPEI) */
    size_t n_fixed;
    lq_dataset_cond *fixed; /**< "fixed_state_variables" ({"T": 298.15}), each with n = 1 */
} lq_dataset_ref_state;

/**
 * One ESPEI dataset, as read or as built. Every pointer is owned by the dataset; free the whole
 * with lq_dataset_free. Arrays that a kind does not use are NULL with count 0. Keys that ESPEI
 * 0.9.1 ignores are ignored here too (not kept, not written back).
 */
typedef struct lq_dataset {
    char *path; /**< file it was read from, or NULL when built in memory */
    lq_dataset_kind kind;
    char *output; /**< "HM_FORM", "HM_MIX", "SM_FORM", "CPM_MIX", "ACR_ND", "ZPF", ... */
    size_t n_components;
    char **components; /**< as in the file, may include VA */
    size_t n_phases;
    char **phases;

    /** Conditions in file order: P and T always; X_<EL> for equilibrium thermochemical data. */
    size_t n_conds;
    lq_dataset_cond *conds;
    /** "broadcast_conditions". ESPEI 0.9.1 does not read it (values are always P x T x last for
     *  thermochemical data and one region per T for ZPF); kept for round trips. Default when
     *  absent: 1 for thermochemical data, 0 for ZPF. */
    int broadcast;

    /** Non-equilibrium thermochemical: the "solver" block. */
    char *solver_mode; /**< "mode" ("manual" in every ESPEI example), or NULL */
    size_t n_site_ratios;
    double *site_ratios;
    size_t n_configs;
    lq_dataset_config *configs;

    /** Values: shape [n_P][n_T][n_last] for thermochemical data (n_last is n_configs, or the length
     *  of the X conditions), with values[(iP*n_T + iT)*n_last + k]. Not used for ZPF. */
    size_t shape[3];
    double *values;

    /** Activity data: "reference_state" (phases and conditions). */
    size_t n_ref_phases;
    char **ref_phases;
    size_t n_ref_conds;
    lq_dataset_cond *ref_conds;
    /** Other equilibrium data: "reference_states" (one per element), may be empty. */
    size_t n_ref_states;
    lq_dataset_ref_state *ref_states;

    /** EMF data (output "EMF", docs/datasets.md): the "emf" block. The values are cell emfs in V,
     *  E = phi(working alloy) - phi(reference electrode), and the model predicts
     *  E = -(mu_EL(x, T) - mu°_EL(T)) / (n F) - (a + b T), mu°_EL being the pure element in the
     *  phase that reference_states names for it. NULL / 0 for other outputs. */
    char *emf_element;   /**< "element": the electroactive component, e.g. "ND" */
    int emf_n_electrons; /**< "n_electrons": charge number of its ion (3 for Nd3+) */
    char *emf_ref_name;  /**< "reference_electrode.name", e.g. "Nd" or "Ag/AgCl" */
    /** "reference_electrode.a_V", ".b_V_per_K": potential of the reference electrode against the
     *  pure element in its reference state, phi_ref(T) = a + b T (0, 0 for the element itself) */
    double emf_ref_a_V, emf_ref_b_V_per_K;

    /** ZPF: one region per temperature. */
    size_t n_regions;
    lq_zpf_region *regions;

    /** "excluded_model_contributions" (e.g. "idmix", "mag"). */
    size_t n_excluded;
    char **excluded;
    /** "tags" (driven by the run file's system.tags). */
    size_t n_tags;
    char **tags;

    double weight;   /**< "weight", 1 when absent */
    int disabled;    /**< "disabled": true (ESPEI's load_datasets skips such datasets) */
    char *reference; /**< "reference", or NULL */
    char *bibtex;    /**< "bibtex" key, or NULL */
    char *comment;   /**< "comment" when it is a string, or NULL */
} lq_dataset;

/** A set of datasets (e.g. every *.json below a folder). Owns its datasets. */
typedef struct lq_dataset_set {
    size_t n;
    lq_dataset **ds;   /**< [n] */
    size_t n_disabled; /**< files skipped because they say "disabled": true (not in ds) */
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
 * are not read). One broken dataset fails the whole read, naming the file. As ESPEI's
 * load_datasets, a dataset that says "disabled": true is skipped (counted in n_disabled) without
 * being checked. `dir` may also name one .json file.
 */
LQ_API lq_status lq_dataset_set_read_dir(const char *dir, lq_dataset_set **out, lq_diag *diag);

/**
 * As lq_dataset_set_read_dir, but goes on after a bad file, as `espei --check-datasets` reports
 * every error at once: the set holds the good datasets, errors[0..min(n, max)) the diagnostics of
 * the bad files in path order and *n_errors their count.
 * @param out        the good datasets (out; set whenever the folder could be listed)
 * @param errors     [max_errors] diagnostics (out, may be NULL when max_errors is 0)
 * @param n_errors   number of bad files (out)
 * @param diag       the first bad file, or why the folder could not be read
 * @return LQ_OK when every file is good, the status of the first bad file (LQ_EPARSE, LQ_EIO)
 *         otherwise, or LQ_EINVAL/LQ_EIO/LQ_ENOMEM when the folder could not be read (no set)
 */
LQ_API lq_status lq_dataset_set_check_dir(const char *dir, lq_dataset_set **out, lq_diag *errors,
                                          size_t max_errors, size_t *n_errors, lq_diag *diag);

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
 * Cell-emf dataset (equilibrium thermochemical, output "EMF") of a binary alloy: E_V[iT*n_x + k]
 * is the emf (V) of the working alloy of phase `phase` at x_element[k] and T[iT], measured against
 * the electrode `ref_electrode` whose potential against the pure element in `ref_phase` is
 * phi(T) = ref_a_V + ref_b_V_per_K T (both 0 for the pure element itself); sign convention
 * E = phi(working) - phi(reference). Components {element, other} (sorted), conditions
 * P = 101325 Pa, T [n_T], X_<element> [n_x]; values shape [1][n_T][n_x]; reference_states
 * {element: {"phase": ref_phase}}.
 * @param element       electroactive element, e.g. "ND" (upper case, as the database)
 * @param n_electrons   charge number of its ion (>= 1)
 * @return LQ_OK, LQ_EINVAL (NULL, empty names, n_T or n_x 0, n_electrons < 1, values the checks of
 *         lq_dataset_read_file refuse; diag names the field), LQ_ENOMEM
 */
LQ_API lq_status lq_dataset_build_emf(const char *element, const char *other, int n_electrons,
                                      const char *phase, const char *ref_phase,
                                      const char *ref_electrode, double ref_a_V,
                                      double ref_b_V_per_K, const double *T, size_t n_T,
                                      const double *x_element, size_t n_x, const double *E_V,
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

/**
 * ZPF dataset from a CSV of measured phase boundaries (DSC transition temperatures, solubility
 * limits, invariants). Format (docs/datasets.md):
 *
 *     # Nd-Bi, DSC on heating, 10 K/min
 *     T_K,phase1,x1,phase2,x2,phase3,x3,reference
 *     773.15,LIQUID,0.0291,NDBI2,,,,Yamana2024
 *     1124,LIQUID,,NDBI2,0.6667,NDBI,,Yamana2024
 *
 * '#' lines and blank lines are skipped; the header names the columns in any order
 * (case-insensitive): T_K or T_C, phase1 and x1, optionally phase2/x2, phase3/x3 and reference.
 * Each row is one phase region at P = 101325 Pa; xN is the mole fraction of `comp` in phaseN,
 * empty when not measured (null in ESPEI); an empty phaseN leaves that phase out. The reference
 * must be the same on every row that gives one. Components are {comp, other}; phase names are
 * upper-cased. The dataset passes the checks of lq_dataset_read_file (at least one known
 * composition per row, as ESPEI needs).
 * @param path   CSV file (in)
 * @param comp   component whose mole fraction the x columns give, e.g. "ND" (in)
 * @param other  the other component, e.g. "BI" (in)
 * @param out    new dataset (out), path NULL; free with lq_dataset_free
 * @param diag   on failure: file, line and column or field
 * @return LQ_OK, LQ_EINVAL, LQ_EIO, LQ_EPARSE, LQ_ENOMEM
 */
LQ_API lq_status lq_dataset_zpf_from_csv(const char *path, const char *comp, const char *other,
                                         lq_dataset **out, lq_diag *diag);

/* ============================================================================================ */
/* ESPEI phase models (src/assess/phase_models.c; depends on core only)                         */
/* ============================================================================================ */

/** One sublattice of a phase model: the species that may occupy it. */
typedef struct lq_assess_sublattice {
    size_t n_species;
    char **species; /**< [n_species] */
} lq_assess_sublattice;

/** One set of symmetrically equivalent sublattices ("equivalent_sublattices" entry). */
typedef struct lq_assess_equivalent {
    size_t n;
    size_t *index; /**< [n] zero-based sublattice indices */
} lq_assess_equivalent;

/** One phase of an ESPEI phase-models file. */
typedef struct lq_assess_phase_model {
    char *name;
    size_t n_sublattices;
    lq_assess_sublattice *sublattices; /**< "sublattice_model" [n_sublattices] */
    double *site_ratios;               /**< "sublattice_site_ratios" [n_sublattices], > 0 */
    size_t n_aliases;
    char **aliases; /**< "aliases": other phase names this model stands for (e.g. BCC_A2) */
    size_t n_equivalent;
    lq_assess_equivalent *equivalent; /**< "equivalent_sublattices" */
    /** "model_hints" as pycalphad reads them (NULL / NaN when absent). */
    char *ordered_phase;                  /**< "ordered_phase" */
    char *disordered_phase;               /**< "disordered_phase" */
    double ihj_magnetic_afm_factor;       /**< Inden-Hillert-Jarl p-dependent AFM factor */
    double ihj_magnetic_structure_factor; /**< Inden-Hillert-Jarl structure factor p */
} lq_assess_phase_model;

/** An ESPEI phase-models file ("components", "refdata", "phases"). */
typedef struct lq_assess_phase_models {
    char *path;    /**< file read, or the name given to the string reader */
    char *refdata; /**< "refdata" (e.g. "SGTE91"), or NULL */
    size_t n_components;
    char **components;
    size_t n_phases;
    lq_assess_phase_model *phases; /**< [n_phases] in file order */
} lq_assess_phase_models;

/**
 * Reads an ESPEI phase-models JSON file (docs/input_data.rst "Phase Descriptions"; ESPEI 0.9.1
 * espei/phase_models.py PhaseModelSpecification). Required: "components" and "phases", each phase
 * with "sublattice_model" and "sublattice_site_ratios" of the same length (ratios > 0), species
 * from "components". Optional: "refdata", "aliases" (each alias claimed once and not a phase name,
 * as ESPEI's extract_aliases), "equivalent_sublattices", "model_hints". Other keys are ignored as
 * ESPEI's pydantic model ignores them. Refused with LQ_EUNSUPPORTED: a phase "model" (a Python
 * import path liquidus cannot load) and model hints other than the four above.
 * @param path  file (in)
 * @param out   new phase models (out), free with lq_assess_phase_models_free
 * @param diag  on failure: file and field ("phases.FCC_A1.sublattice_site_ratios[1]")
 * @return LQ_OK, LQ_EINVAL, LQ_EIO, LQ_EPARSE, LQ_EUNSUPPORTED, LQ_ENOMEM
 */
LQ_API lq_status lq_assess_phase_models_read(const char *path, lq_assess_phase_models **out,
                                             lq_diag *diag);
/** Same from a NUL-terminated JSON text; `name` stands for the file in messages. */
LQ_API lq_status lq_assess_phase_models_read_string(const char *json, const char *name,
                                                    lq_assess_phase_models **out, lq_diag *diag);
/** Frees phase models (NULL is a no-op). */
LQ_API void lq_assess_phase_models_free(lq_assess_phase_models *pm);
/** The phase called `name`, directly or through one of its aliases; NULL when none. */
LQ_API const lq_assess_phase_model *lq_assess_phase_models_find(const lq_assess_phase_models *pm,
                                                                const char *name);

/* ============================================================================================ */
/* ESPEI run files (src/assess/runfile.c; YAML through libyaml, depends on core only)           */
/* ============================================================================================ */

/** Distributions of ESPEI's built-in priors (ESPEI 0.9.1 espei/priors.py PriorSpec). */
typedef enum lq_assess_run_prior_name {
    LQ_ASSESS_RUN_PRIOR_ZERO = 0, /**< improper, ln p = 0 (ESPEI's default) */
    LQ_ASSESS_RUN_PRIOR_NORMAL = 1,
    LQ_ASSESS_RUN_PRIOR_UNIFORM = 2,
    LQ_ASSESS_RUN_PRIOR_TRIANGULAR = 3
} lq_assess_run_prior_name;

/** How a hyperparameter follows the Calphad parameter p (priors.py DistributionParameter). */
typedef enum lq_assess_run_prior_mod {
    LQ_ASSESS_RUN_MOD_ABSOLUTE = 0,       /**< v */
    LQ_ASSESS_RUN_MOD_RELATIVE = 1,       /**< v p */
    LQ_ASSESS_RUN_MOD_SHIFT_ABSOLUTE = 2, /**< p + v */
    LQ_ASSESS_RUN_MOD_SHIFT_RELATIVE = 3, /**< p + v |p| */
    LQ_ASSESS_RUN_MOD_IDENTITY = 4        /**< p */
} lq_assess_run_prior_mod;

/** One hyperparameter ("loc_relative: 1.0" is loc with MOD_RELATIVE and value 1). */
typedef struct lq_assess_run_prior_hyper {
    int set; /**< 0 when the spec does not give it (ESPEI then uses scale 1, c 0.5, loc 0) */
    lq_assess_run_prior_mod mod;
    double value;
} lq_assess_run_prior_hyper;

/** One prior spec, e.g. {name: normal, loc_relative: 1.0, scale_relative: 0.25}. */
typedef struct lq_assess_run_prior {
    lq_assess_run_prior_name name;
    lq_assess_run_prior_hyper loc, scale, c; /**< c: triangular mode (scipy.stats.triang) */
} lq_assess_run_prior;

/** One entry of system.tags: what to change in datasets that carry the tag (datasets.py
 *  apply_tags: lists extend, scalars replace). The keys liquidus applies are these three. */
typedef struct lq_assess_run_tag {
    char *name;
    int has_weight;
    double weight; /**< "weight" replaces the dataset weight */
    size_t n_excluded;
    char **excluded; /**< "excluded_model_contributions" are appended */
    int has_disabled;
    int disabled; /**< "disabled" replaces the flag */
} lq_assess_run_tag;

/** One AICc penalty factor (generate_parameters.aicc_penalty_factor.<phase>.<property>). */
typedef struct lq_assess_run_aicc {
    char *phase;
    char *property; /**< "HM", "SM", "CPM" */
    double factor;
} lq_assess_run_aicc;

/** A data-type weight of mcmc.data_weights (sigma = sigma_initial / weight). */
typedef struct lq_assess_run_weight {
    char *type; /**< "ZPF", "ACR", "HM", "SM", "CPM", ... */
    double weight;
} lq_assess_run_weight;

/** Where the MCMC spreads its work. */
typedef enum lq_assess_run_scheduler {
    LQ_ASSESS_RUN_SCHED_LOCAL = 0, /**< "dask" (ESPEI's default): `cores` workers on this machine */
    LQ_ASSESS_RUN_SCHED_NONE = 1   /**< null: one core */
} lq_assess_run_scheduler;

/**
 * An ESPEI run file (YAML) with ESPEI 0.9.1's defaults applied (espei/input-schema.yaml,
 * espei_script.py get_run_settings). Paths are resolved against the folder of the YAML file.
 * Strings that the file leaves out and ESPEI defaults to null are NULL.
 */
typedef struct lq_assess_run_config {
    char *path; /**< the YAML file */
    /* system */
    char *phase_models; /**< required, *.json */
    char *datasets;     /**< required, a folder (or one file) of datasets */
    size_t n_tags;
    lq_assess_run_tag *tags;
    /* output */
    int verbosity;   /**< 0..3, default 0 */
    char *logfile;   /**< default NULL (log to the terminal) */
    char *output_db; /**< default "out.tdb" */
    char *tracefile; /**< default "trace.npy"; NULL for null or "None" (not written) */
    char *probfile;  /**< default "lnprob.npy"; NULL for null or "None" */
    /* generate_parameters (present when has_generate_parameters) */
    int has_generate_parameters;
    char *excess_model; /**< "linear" (the only model ESPEI has) */
    char *ref_state;    /**< "SGTE91" or "SR2016" */
    double ridge_alpha; /**< NaN for null (ESPEI's default: ordinary least squares) */
    size_t n_aicc;
    lq_assess_run_aicc *aicc;  /**< empty for null: every factor 1 */
    char *gp_input_db;         /**< generate_parameters.input_db, or NULL */
    char *fitting_description; /**< default "espei.parameter_selection.fitting_descriptions.
                                    gibbs_energy_fitting_description" (the only one liquidus has) */
    /* mcmc (present when has_mcmc) */
    int has_mcmc;
    long iterations; /**< required, >= 0 */
    size_t n_priors; /**< 1 for one spec used for every parameter, else one per parameter */
    lq_assess_run_prior *priors;       /**< default one ZERO prior */
    long save_interval;                /**< default 1 */
    long cores;                        /**< 0 when not given: every core */
    lq_assess_run_scheduler scheduler; /**< default LOCAL ("dask") */
    char *mcmc_input_db;               /**< mcmc.input_db, or NULL */
    char *restart_trace;               /**< *.npy, needs mcmc.input_db, or NULL */
    long chains_per_parameter;         /**< even, >= 2; default 2 (0 with restart_trace) */
    double chain_std_deviation;        /**< >= 0; default 0.1 (NaN with restart_trace) */
    int deterministic;                 /**< default 1 */
    int approximate_equilibrium; /**< always 0: liquidus refuses true (see lq_assess_run_read) */
    size_t n_data_weights;
    lq_assess_run_weight *data_weights; /**< ZPF, ACR, HM, SM, CPM (default 1) + others given */
    size_t n_symbols;
    char **symbols; /**< parameters to fit; NULL/0: every VV#### symbol of the database */
} lq_assess_run_config;

/**
 * Reads an ESPEI run file. Keys follow ESPEI 0.9.1's schema: unknown keys are refused, as
 * ESPEI's Cerberus validator refuses them; required keys, types and ranges are checked; defaults
 * are filled in. Options ESPEI has and liquidus does not are refused by name with LQ_EUNSUPPORTED:
 * mcmc.scheduler given as a dask-distributed scheduler file (liquidus runs its chains with
 * threads/MPI, not dask), mcmc.approximate_equilibrium: true (the ZPF likelihood always refines
 * equilibria), generate_parameters.fitting_description other than the Gibbs-energy one (molar
 * volume and custom Python descriptions), excess_model other than linear, ref_state other than
 * SGTE91/SR2016, and system.tags updates other than weight, excluded_model_contributions and
 * disabled. mcmc needs exactly one source of parameters: generate_parameters or mcmc.input_db.
 * @param path  YAML file (in)
 * @param cfg   filled on success (out); release with lq_assess_run_free
 * @param diag  on failure: file, line and the key ("mcmc.chains_per_parameter")
 * @return LQ_OK, LQ_EINVAL, LQ_EIO, LQ_EPARSE, LQ_EUNSUPPORTED, LQ_ENOMEM
 */
LQ_API lq_status lq_assess_run_read(const char *path, lq_assess_run_config *cfg, lq_diag *diag);
/** Same from a YAML text; `name` stands for the file in messages and relative paths are resolved
 *  against `base_dir` (NULL: the current folder). */
LQ_API lq_status lq_assess_run_read_string(const char *yaml, size_t len, const char *name,
                                           const char *base_dir, lq_assess_run_config *cfg,
                                           lq_diag *diag);
/** Releases what a run config holds and zeroes it (NULL is a no-op). */
LQ_API void lq_assess_run_free(lq_assess_run_config *cfg);
/**
 * Puts output.output_db, output.tracefile and output.probfile (those not null) into the folder
 * `dir`, keeping their file names, as `liquidus assess --output-dir` does.
 * @return LQ_OK, LQ_EINVAL (NULL or empty), LQ_ENOMEM (cfg unchanged)
 */
LQ_API lq_status lq_assess_run_set_output_dir(lq_assess_run_config *cfg, const char *dir,
                                              lq_diag *diag);
/**
 * Applies system.tags to a set as ESPEI's apply_tags does, in the order of the tags, then moves
 * datasets that became disabled out of the set (counted in n_disabled).
 * @return LQ_OK, LQ_EINVAL, LQ_ENOMEM
 */
LQ_API lq_status lq_assess_run_apply_tags(const lq_assess_run_config *cfg, lq_dataset_set *set,
                                          lq_diag *diag);

/* ============================================================================================ */
/* Log-probability: priors and likelihoods (src/assess/priors.c, src/assess/likelihood*.c)      */
/* ============================================================================================ */

#include "liquidus/thermo.h"

/*
 * ESPEI 0.9.1's lnprob (espei/optimizers/opt_mcmc.py, predict): the sum of the priors of the
 * parameters and of four likelihoods, each a sum of Gaussian log-densities
 *   ln N(r; 0, s) = -r^2 / (2 s^2) - ln s - ln(2 pi) / 2
 * of residuals r with standard deviations s:
 *   non-equilibrium thermochemical data (HM/SM/CPM _FORM/_MIX at fixed site fractions):
 *     s = {500 J/mol, 0.2 J/mol/K, 0.2 J/mol/K} / data_weight[HM|SM|CPM] / dataset weight;
 *   equilibrium thermochemical data (same standard deviations, property of the equilibrium);
 *   activities (ACR_<EL>): r = mu - (R T ln a + mu_ref), s = 500 J/mol / data_weight[ACR] / w;
 *   phase boundaries (ZPF): r = driving force of each vertex to the target hyperplane (the mean of
 *     the chemical potentials of the equilibria at the vertices' compositions),
 *     s = 1000 J/mol / data_weight[ZPF] / w;
 * and, beyond ESPEI, cell emfs (output "EMF"): r = -(mu_EL - mu°_EL)/(n F) - phi_ref(T) - E,
 *     s = 2 mV / data_weight[EMF] / w.
 * Definitions, and where liquidus differs from ESPEI, are in docs/assess-lnprob.md.
 */

/** Kind of prior (ESPEI 0.9.1 espei/priors.py). */
typedef enum lq_prior_kind {
    LQ_PRIOR_ZERO = 0,      /**< ln p = 0 everywhere (ESPEI's default) */
    LQ_PRIOR_NORMAL = 1,    /**< normal(loc, |scale|) */
    LQ_PRIOR_UNIFORM = 2,   /**< uniform on [loc, loc + |scale|] */
    LQ_PRIOR_TRIANGULAR = 3 /**< triangular on [loc, loc + |scale|], mode at loc + c |scale| */
} lq_prior_kind;

/** How a distribution parameter follows the parameter's start value p (ESPEI's key suffixes). */
typedef enum lq_prior_ref {
    LQ_PRIOR_ABSOLUTE = 0,       /**< value ("loc", "loc_absolute") */
    LQ_PRIOR_RELATIVE = 1,       /**< value * p ("scale_relative") */
    LQ_PRIOR_SHIFT_ABSOLUTE = 2, /**< p + value ("loc_shift_absolute") */
    LQ_PRIOR_SHIFT_RELATIVE = 3, /**< p + |p| value ("loc_shift_relative") */
    LQ_PRIOR_IDENTITY = 4        /**< p ("loc_identity") */
} lq_prior_ref;

/** One distribution parameter (loc, scale or c) of a prior. */
typedef struct lq_prior_param {
    int set; /**< 0: the distribution's default (loc 0, scale 1, c 0.5) */
    lq_prior_ref ref;
    double value;
} lq_prior_param;

/** A prior specification, instantiated for each parameter from its start value. */
typedef struct lq_prior_spec {
    lq_prior_kind kind;
    lq_prior_param loc, scale, c;
} lq_prior_spec;

/** The zero prior (NULL is a no-op). */
LQ_API void lq_prior_spec_default(lq_prior_spec *spec);
/**
 * Sets the kind from ESPEI's "name": "zero", "normal", "uniform", "triangular".
 * @return LQ_OK, LQ_EINVAL (NULL or another name)
 */
LQ_API lq_status lq_prior_spec_set_name(lq_prior_spec *spec, const char *name);
/**
 * Sets one other entry of an ESPEI prior dictionary: "loc", "scale" or "c", with an optional
 * suffix "_absolute", "_relative", "_shift_absolute", "_shift_relative" or "_identity" (ESPEI's
 * DistributionParameter; "loc_identity" ignores the value).
 * @return LQ_OK, LQ_EINVAL (NULL, unknown key or suffix, non-finite value)
 */
LQ_API lq_status lq_prior_spec_set(lq_prior_spec *spec, const char *key, double value);
/**
 * ln p(theta) of the prior that `spec` builds for a parameter starting at `start`; as scipy's
 * norm/uniform/triang logpdf, -INFINITY outside the support (NaN for a NULL spec).
 */
LQ_API double lq_prior_logpdf(const lq_prior_spec *spec, double start, double theta);

/** Options of the log-probability. Defaults from lq_assess_lnprob_options_default. */
typedef struct lq_assess_lnprob_options {
    /** ESPEI's data_weights (default 1 each): divide the standard deviation of that data type. */
    double weight_zpf, weight_acr, weight_hm, weight_sm, weight_cpm;
    /** Weight of cell-emf data (data_weights key "EMF", default 1; liquidus only). */
    double weight_emf;
    /** Priors: n_priors 0 (zero prior), 1 (one spec for every parameter) or n_params. */
    const lq_prior_spec *priors;
    size_t n_priors;
    /** Active components (ESPEI's phase_models components; VA may be listed and is ignored);
     *  NULL: every element of the database named by a dataset. */
    const char *const *components;
    size_t n_components;
    /** Threads that may evaluate at the same time (each has its own workspaces); 0: the OpenMP
     *  maximum number of threads. */
    size_t n_threads;
    /** Gas constant of the models (ideal mixing, magnetic term) and of the activity target,
     *  J/mol/K; default pycalphad's LQ_GAS_CONSTANT_PYCALPHAD_J_PER_MOL_K, so that the values are
     *  ESPEI's. */
    double gas_constant;
    /** Equilibrium solver options (sampling, tolerance; P is the datasets' pressure); default
     *  lq_eq_options_default with max_samples 500 and tol LQ_ASSESS_EQ_TOL (docs/assess-lnprob.md).
     *  Set eq.tol to 1e-12 (the solver's default) for the tighter, slower equilibria. */
    lq_eq_options eq;
} lq_assess_lnprob_options;

/** Default convergence tolerance of the log-probability's equilibria (lq_assess_lnprob_options
 *  eq.tol): the largest scaled residual, i.e. energy rows / RT and mass balance in mole fraction,
 *  dimensionless. The equations then hold to 1e-8 RT (1e-4 J/mol at 1200 K) and the potentials to
 *  about 1e-3 J/mol, far below the J/mol to kJ/mol errors of the data (docs/assess-lnprob.md,
 *  "Cost"). */
#define LQ_ASSESS_EQ_TOL 1e-8

/** Fills the defaults listed in lq_assess_lnprob_options (NULL is a no-op). */
LQ_API void lq_assess_lnprob_options_default(lq_assess_lnprob_options *opt);

/** Everything the log-probability needs, prepared once. Opaque; free with lq_assess_ctx_free. */
typedef struct lq_assess_ctx lq_assess_ctx;

/**
 * Prepares the log-probability of `data` for the database `db`: finds the parameters (FUNCTIONs)
 * to fit, selects the datasets each likelihood uses (as ESPEI does: components within the active
 * ones, phases of the database, non-equilibrium configurations the phase can represent, T >=
 * 298.15 K) and builds the systems and workspaces.
 * @param params    names of the FUNCTIONs to fit, or NULL for every FUNCTION named V or VV followed
 *                  by digits (ESPEI's database_symbols_to_fit), sorted
 * @param data      datasets; the context keeps pointers into them, so they must outlive it
 * @param opt       options, or NULL for the defaults
 * @param ctx       new context (out)
 * @param diag      on failure: the dataset (file) and field concerned
 * @return LQ_OK, LQ_EINVAL, LQ_ENOTFOUND (a parameter, phase or element missing from the database),
 *         LQ_EUNSUPPORTED (a dataset output or excluded model contribution liquidus does not
 *         compute), LQ_ENOMEM, or a status of lq_system_create / lq_eq_ws_alloc
 */
LQ_API lq_status lq_assess_ctx_create(const lq_db *db, const lq_dataset_set *data,
                                      const char *const *params, size_t n_params,
                                      const lq_assess_lnprob_options *opt, lq_assess_ctx **ctx,
                                      lq_diag *diag);
/** Frees a context (NULL is a no-op). */
LQ_API void lq_assess_ctx_free(lq_assess_ctx *ctx);
/** Number of parameters; 0 for NULL. */
LQ_API size_t lq_assess_ctx_param_count(const lq_assess_ctx *ctx);
/** Name of parameter i (sorted as ESPEI sorts them), or NULL. */
LQ_API const char *lq_assess_ctx_param_name(const lq_assess_ctx *ctx, size_t i);
/** Start values of the parameters (their values in the database; priors are built from them). */
LQ_API lq_status lq_assess_ctx_start(const lq_assess_ctx *ctx, double *theta, size_t n);

/** Which likelihood a dataset enters. */
typedef enum lq_lnprob_kind {
    LQ_LNPROB_NONE = 0,  /**< not used (components, phases or output outside the context) */
    LQ_LNPROB_NONEQ = 1, /**< non-equilibrium thermochemical */
    LQ_LNPROB_EQ = 2,    /**< equilibrium thermochemical */
    LQ_LNPROB_ACR = 3,   /**< activity */
    LQ_LNPROB_ZPF = 4,   /**< phase boundaries */
    LQ_LNPROB_EMF = 5    /**< cell emf (output "EMF"; liquidus only, docs/assess-lnprob.md) */
} lq_lnprob_kind;

/** The terms of one log-probability. Arrays owned by the struct; lq_assess_terms_free. */
typedef struct lq_assess_terms {
    double lnprob;              /**< total = prior + the likelihoods */
    double prior;               /**< sum of the parameters' ln priors */
    double noneq, eq, acr, zpf; /**< each likelihood */
    double emf;                 /**< the cell-emf likelihood (0 without EMF data) */
    size_t n_datasets;          /**< as in the dataset set */
    double *dataset;            /**< [n_datasets] contribution of each (0 when unused) */
    lq_lnprob_kind *kind;       /**< [n_datasets] the likelihood it enters */
    size_t *n_residuals;        /**< [n_datasets] Gaussian terms it contributes */
    /** [n_datasets] misfit: the contribution without the Gaussians' constant -ln(s sqrt(2 pi)),
     *  i.e. -sum r^2 / (2 s^2), 0 for a perfect fit: which data pull hardest */
    double *misfit;
} lq_assess_terms;

/** Allocates terms sized for the context. @return LQ_OK, LQ_EINVAL, LQ_ENOMEM */
LQ_API lq_status lq_assess_terms_alloc(const lq_assess_ctx *ctx, lq_assess_terms **terms);
/** Frees terms (NULL is a no-op). */
LQ_API void lq_assess_terms_free(lq_assess_terms *terms);

/**
 * The log-probability at parameters theta: prior + likelihoods, as ESPEI 0.9.1. -INFINITY when the
 * prior is 0 (the likelihoods are then not evaluated, as ESPEI), or when a calculation fails or
 * gives a non-finite residual (ESPEI's -inf for failed equilibria).
 * Thread safety: calls may run at the same time from up to opt.n_threads threads of one OpenMP
 * team (each uses the workspaces of omp_get_thread_num()), or serially from any thread.
 * @param theta   [n] parameter values in the order of lq_assess_ctx_param_name
 * @param terms   breakdown (out, may be NULL), from lq_assess_terms_alloc
 * @param lnprob  total (out)
 * @return LQ_OK (also when the result is -INFINITY), LQ_EINVAL (NULL, n wrong, thread number
 *         beyond n_threads, non-finite theta)
 */
LQ_API lq_status lq_assess_lnprob(lq_assess_ctx *ctx, const double *theta, size_t n,
                                  lq_assess_terms *terms, double *lnprob, lq_diag *diag);
/** Same as a sampler callback: returns the log-probability, -INFINITY on any error. */
LQ_API double lq_assess_lnprob_fn(const double *theta, size_t n, void *ctx);

/**
 * Moves the anchor of the context's warm starts to theta [n] (docs/assess-lnprob.md, "Cost"):
 * every equilibrium of a later evaluation starts Newton from the same equilibrium solved
 * globally at the anchor point, which is the start (lq_assess_ctx_start) until this is called.
 * A log-probability is a function of theta and the anchor point alone, bit for bit: the
 * workspaces that have evaluated are made afresh, and each anchors again on its next evaluation
 * (one evaluation with global solves), as a new context anchored at theta would. The value moves
 * only within the solver's tolerance (about 1e-12 relative) with the anchor; an anchor near the
 * points evaluated makes evaluations cheaper. Nothing is done when theta is the anchor already.
 * Not thread safe: call it while no lq_assess_lnprob runs on the context.
 * @return LQ_OK, LQ_EINVAL (NULL, n wrong, theta not finite), LQ_ENOMEM (the context's
 *         evaluations then fail with LQ_ENOMEM)
 */
LQ_API lq_status lq_assess_ctx_set_anchor(lq_assess_ctx *ctx, const double *theta, size_t n);
/** lq_assess_ctx_set_anchor as a sampler anchor callback (lq_assess_anchor_fn), ctx the context. */
LQ_API lq_status lq_assess_ctx_anchor_fn(const double *theta, size_t n, void *ctx);

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
typedef double (*lq_assess_lnprob_cb)(const double *theta, size_t n_params, void *ctx);

/** The distribution to sample and how to evaluate it in parallel. */
typedef struct lq_assess_target {
    size_t n_params;
    lq_assess_lnprob_cb lnprob;
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

/**
 * Moves the anchor of a log-probability with warm starts to theta [n_params] (for an
 * lq_assess_ctx: lq_assess_ctx_anchor_fn; across MPI ranks: lq_assess_mpi_anchor). Called by the
 * sampler between batches, never while lnprob runs.
 */
typedef lq_status (*lq_assess_anchor_fn)(const double *theta, size_t n_params, void *anchor_ctx);

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
    /** Optional re-anchoring of the log-probability's warm starts (NULL, the default: never).
     *  The anchor is set to the coordinate-wise median of the starting walkers before the first
     *  evaluation, and to the median of the walkers after iteration t (0-based) when t + 1 is a
     *  power of 2 below anchor_every or a multiple of anchor_every (0: only the start). A
     *  restart sets it from the saved trace, at the last such iteration before the restart
     *  point: as lnprob depends on theta and the anchor alone, the restarted run is the
     *  uninterrupted one bit for bit. MPI: lq_assess_mpi_anchor moves it on every rank. */
    lq_assess_anchor_fn anchor;
    void *anchor_ctx;
    size_t anchor_every; /**< default LQ_ASSESS_ANCHOR_EVERY */
} lq_assess_sampler_options;

/** Default re-anchoring interval of the sampler (lq_assess_sampler_options.anchor_every):
 *  docs/assess-lnprob.md gives the measurements behind it. */
#define LQ_ASSESS_ANCHOR_EVERY 16

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
/** Every rank: the anchor callback (e.g. lq_assess_ctx_anchor_fn and its context) that
 *  lq_assess_mpi_anchor calls on each rank. */
void lq_assess_mpi_set_anchor(lq_assess_mpi *m, lq_assess_anchor_fn fn, void *anchor_ctx);
/** Rank 0's anchor callback (lq_assess_anchor_fn), anchor_ctx an lq_assess_mpi: sends theta to
 *  every rank, and each (rank 0 too) calls the callback set by lq_assess_mpi_set_anchor. */
lq_status lq_assess_mpi_anchor(const double *theta, size_t n_params, void *anchor_ctx);
/** Ranks > 0: evaluates blocks of the batches rank 0 sends until it stops them. */
lq_status lq_assess_mpi_serve(lq_assess_mpi *m, const lq_assess_target *target);
/** Rank 0: releases the serving ranks (call once, also after a failed run). */
void lq_assess_mpi_stop(lq_assess_mpi *m);
/** MPI_Finalize and frees m. */
void lq_assess_mpi_finalize(lq_assess_mpi *m);
#endif

/* ============================================================================================ */
/* Parameter generation (src/assess/paramgen*.c; ESPEI 0.9.1 espei/paramselect.py)             */
/* ============================================================================================ */

/** One entry of ESPEI's aicc_penalty_factor: {phase: {data_type: factor}}. */
typedef struct lq_assess_aicc_penalty {
    const char *phase;     /**< e.g. "LIQUID" */
    const char *data_type; /**< "HM", "SM" or "CPM" */
    double factor;         /**< multiplies the parameter count k in the AICc */
} lq_assess_aicc_penalty;

/** Options of lq_assess_paramgen (ESPEI's generate_parameters settings). */
typedef struct lq_assess_paramgen_options {
    const char *ref_state;    /**< unary data: "SGTE91" (the only one tabulated) */
    const char *excess_model; /**< "linear" (ESPEI accepts nothing else) */
    int use_ridge;            /**< 0: ordinary least squares (ESPEI ridge_alpha: null) */
    double ridge_alpha;       /**< ridge hyperparameter when use_ridge */
    size_t n_aicc_penalty;
    const lq_assess_aicc_penalty *aicc_penalty; /**< may be NULL when n_aicc_penalty is 0 */
    /** Relative singular-value cutoff of the least squares (scikit-learn passes it to
     *  scipy.linalg.lstsq as `cond`). 0 (default): max(m, n) * machine epsilon, as scikit-learn
     *  1.6-1.8; scikit-learn 1.0-1.5 used machine epsilon (2.220446049250313e-16). Only
     *  ill-conditioned fits (several heat-capacity features) depend on it. */
    double lstsq_cond;
} lq_assess_paramgen_options;

/** Defaults: SGTE91, linear, OLS, no AICc penalty factors (factor 1), as ESPEI's defaults. */
LQ_API void lq_assess_paramgen_options_default(lq_assess_paramgen_options *opt);

/** A fitted symbol: ESPEI's VV#### name and its value rounded to 6 significant figures. */
typedef struct lq_assess_paramgen_symbol {
    char *name;
    double value;
} lq_assess_paramgen_symbol;

/** One model selection: a (phase, configuration, data type) that had data. */
typedef struct lq_assess_paramgen_selection {
    char *phase;
    char *configuration; /**< TDB style, e.g. "CU,MG:VA" */
    char *data_type;     /**< "CPM", "SM" or "HM" */
    size_t n_samples;    /**< data points fitted */
    size_t n_candidates; /**< candidate models scored */
    char *features;      /**< chosen features, ESPEI's notation, e.g. "YS, YS*Z, T*YS" */
    double aicc;         /**< corrected AIC of the chosen model (ESPEI selection.score_model) */
} lq_assess_paramgen_selection;

/** Result of lq_assess_paramgen; free with lq_assess_paramgen_free. */
typedef struct lq_assess_paramgen_result {
    size_t n_symbols;
    lq_assess_paramgen_symbol *symbols; /**< VV0000, VV0001, ... in creation order */
    size_t n_selections;
    lq_assess_paramgen_selection *selections; /**< in fitting order */
    char *tdb; /**< the generated database as TDB text (unary data, phases, parameters) */
} lq_assess_paramgen_result;

/**
 * Generates the starting parameters of an assessment from single-phase thermochemical data,
 * reproducing ESPEI 0.9.1 (espei/paramselect.py generate_parameters with the Gibbs energy fitting
 * description): phases in alphabetical order; per phase the endmembers (pure-element endmembers
 * take the reference-state lattice stability, others are fitted from CPM/SM/HM _FORM data), then
 * binary and ternary interactions (Redlich-Kister L0..L3, Muggianu ternaries); each in the steps
 * CPM (T ln T, T^2, T^-1, T^3), SM (T), HM (1) with candidate models chosen by the corrected AIC;
 * values rounded to 6 significant figures as ESPEI stores them.
 * Only datasets of kind LQ_DATASET_NONEQ_THERMO for one phase are used (others are ignored).
 * @param models    components and phases (in)
 * @param data      datasets (in)
 * @param opt       options (in), NULL for defaults
 * @param out       new result (out), free with lq_assess_paramgen_free
 * @param diag      on failure: what is wrong (phase, configuration, dataset file)
 * @return LQ_OK, LQ_EINVAL (bad arguments, a dataset shape), LQ_EUNSUPPORTED (reference state or
 *         element not tabulated, excess model not "linear"), LQ_ESINGULAR, LQ_ENOMEM
 */
LQ_API lq_status lq_assess_paramgen(const lq_assess_phase_models *models,
                                    const lq_dataset_set *data,
                                    const lq_assess_paramgen_options *opt,
                                    lq_assess_paramgen_result **out, lq_diag *diag);

/** Writes result->tdb to `path` atomically. @return LQ_OK, LQ_EINVAL, LQ_EIO, LQ_ENOMEM */
LQ_API lq_status lq_assess_paramgen_write_tdb(const lq_assess_paramgen_result *result,
                                              const char *path, lq_diag *diag);

struct lq_db; /* thermo.h */

/**
 * The generated database, parsed (lq_db_read_string on result->tdb), ready for lq_system_create.
 * @param db  new database (out), free with lq_db_free (thermo.h)
 * @return LQ_OK, LQ_EINVAL, or the TDB reader's status
 */
LQ_API lq_status lq_assess_paramgen_db(const lq_assess_paramgen_result *result, struct lq_db **db,
                                       lq_diag *diag);

/** Frees a result (NULL is a no-op). */
LQ_API void lq_assess_paramgen_free(lq_assess_paramgen_result *result);

/* ============================================================================================ */
/* Uncertainty propagation from an MCMC trace (src/assess/uq*.c, figures in src/plot/uq.c)      */
/* ============================================================================================ */
/*
 * Every kept sample of an ESPEI trace (walkers x iterations x parameters) is put into the
 * database's fitted symbols (lq_eq_ws_set_symbols) and a property, or the binary phase diagram,
 * is computed with it; quantiles over the samples give credible bands (ESPEI 0.9.1 documents the
 * same propagation in its "uncertainty quantification" recipe; Fig. 9 of the Bi-Nd study plots
 * such bands). Quantiles are NumPy's default (linear interpolation between order statistics,
 * Hyndman-Fan type 7). Samples are evaluated in parallel (OpenMP, one workspace per thread) and
 * stored by index, so the result does not depend on the number of threads.
 */

/** An MCMC trace as ESPEI writes it (trace.npy, lnprob.npy). Free with lq_assess_trace_free. */
typedef struct lq_assess_trace {
    size_t n_walkers, n_iterations, n_params;
    double *trace;  /**< [n_walkers][n_iterations][n_params] */
    double *lnprob; /**< [n_walkers][n_iterations], or NULL when not given */
    char *path;     /**< the trace file (for messages) */
} lq_assess_trace;

/**
 * Reads trace.npy (float64, 3-d) and optionally lnprob.npy (2-d, the same walkers and iterations).
 * @param lnprob_path  NULL: no log-probabilities
 * @return LQ_OK, LQ_EINVAL, LQ_EIO, LQ_EPARSE (wrong dimensions or shapes, named), LQ_ENOMEM
 */
LQ_API lq_status lq_assess_trace_read(const char *trace_path, const char *lnprob_path,
                                      lq_assess_trace **out, lq_diag *diag);
/** Frees a trace (NULL is a no-op). */
LQ_API void lq_assess_trace_free(lq_assess_trace *tr);

#define LQ_ASSESS_UQ_MAX_QUANTILES 16

/** Which samples are used and how bands are summarised. Defaults: lq_assess_uq_options_default. */
typedef struct lq_assess_uq_options {
    size_t burn_in; /**< iterations dropped at the start of the filled trace (0) */
    size_t last;    /**< keep only the last N filled iterations (0: all after burn_in) */
    size_t thin;    /**< every thin-th kept iteration, counted back from the last one (1) */
    size_t n_quantiles;
    double quantiles[LQ_ASSESS_UQ_MAX_QUANTILES]; /**< in [0, 1], increasing (0.025, 0.5, 0.975) */
    /** Symbol of each trace column; NULL: ESPEI's order, the database's FUNCTIONs matching
     *  ^V[V]?[0-9]+$ sorted by name (espei/utils.py database_symbols_to_fit). */
    const char *const *symbols;
    size_t n_symbols;
    int n_threads;        /**< OpenMP threads (0: OpenMP's default) */
    lq_eq_options eq;     /**< equilibrium options of every workspace */
    lq_map_options map;   /**< range and steps of lq_assess_uq_map */
    double map_dT_band_K; /**< temperature spacing of the boundary bands of the map (10 K) */
    /** Gas constant of the models and of activities, J/(mol K); 0: thermo's default (CODATA
     *  2018); LQ_GAS_CONSTANT_PYCALPHAD_J_PER_MOL_K reproduces pycalphad/ESPEI's values. */
    double gas_constant;
} lq_assess_uq_options;

/** Fills the defaults listed in lq_assess_uq_options (NULL is a no-op). */
LQ_API void lq_assess_uq_options_default(lq_assess_uq_options *opt);

/** Properties of lq_assess_uq_props (per mole of atoms; ESPEI's output names). */
typedef enum lq_assess_uq_kind {
    LQ_ASSESS_UQ_GM = 0, /**< J/mol, SER */
    LQ_ASSESS_UQ_HM,     /**< J/mol, SER */
    LQ_ASSESS_UQ_SM,     /**< J/(mol K) */
    LQ_ASSESS_UQ_CPM,    /**< J/(mol K) */
    LQ_ASSESS_UQ_GM_MIX, /**< J/mol, against the pure components in the phase (per-phase only) */
    LQ_ASSESS_UQ_HM_MIX, /**< J/mol (per-phase only) */
    LQ_ASSESS_UQ_SM_MIX, /**< J/(mol K) (per-phase only) */
    LQ_ASSESS_UQ_MU,     /**< MU_<EL>, J/mol, SER */
    LQ_ASSESS_UQ_ACR     /**< ACR_<EL>: a = exp((mu - G_ref) / RT), dimensionless */
} lq_assess_uq_kind;

/** One property to propagate. */
typedef struct lq_assess_uq_prop {
    lq_assess_uq_kind kind;
    const char *element;   /**< MU_/ACR_: the component */
    const char *ref_phase; /**< ACR_: pure element in this phase at T; NULL: the stable pure state
                                of the element at T for each sample (lq_eq_reference_stable) */
} lq_assess_uq_prop;

/**
 * Parses "HM_MIX", "ACR_ND", ... (case-insensitive) into prop (element points into `name` after
 * the underscore; ref_phase NULL). @return LQ_OK, LQ_EINVAL (NULL), LQ_ENOTFOUND (unknown name)
 */
LQ_API lq_status lq_assess_uq_prop_parse(const char *name, lq_assess_uq_prop *prop);

/** The grid and mode of lq_assess_uq_props. */
typedef struct lq_assess_uq_grid {
    const char *const *components; /**< system components (VA added by thermo) */
    size_t n_components;
    const char *phase; /**< the phase alone (as ESPEI's plot of a fixed phase); NULL: equilibrium
                            over every phase of the database (GM/HM/SM/CPM of the system) */
    const double *T;   /**< [n_T] K */
    size_t n_T;
    const char *x_component; /**< the component whose mole fraction varies */
    const double *x;         /**< [n_x] its mole fractions */
    size_t n_x;
    /** [n_components] fixed mole fractions of the others, NaN for the one balance component;
     *  NULL for a binary (the other component is the balance). */
    const double *x_fixed;
} lq_assess_uq_grid;

/** Credible bands of properties on a grid. Free with lq_assess_uq_result_free. */
typedef struct lq_assess_uq_result {
    size_t n_samples;           /**< samples evaluated (kept walkers x kept iterations) */
    size_t n_walkers_kept;      /**< walkers used */
    size_t n_walkers_dropped;   /**< walkers with a non-finite or zero-filled lnprob (or an all-zero
                                     trace) in the kept iterations */
    size_t n_iterations_filled; /**< iterations before the zero-filled tail */
    size_t first_iteration;     /**< first kept iteration (0-based) */
    size_t n_iterations_kept;
    size_t n_quantiles;
    double quantiles[LQ_ASSESS_UQ_MAX_QUANTILES];
    size_t n_params;
    char **symbols; /**< [n_params] symbol of each trace column */
    size_t n_props;
    char **prop_names; /**< [n_props] "ACR_ND", "HM_MIX" */
    char **prop_units; /**< [n_props] "1", "J/mol", "J/(mol K)" */
    char *
        *ref_phases; /**< [n_props] ACR reference phase, "stable" when chosen per sample, or NULL */
    size_t n_T, n_x, n_points; /**< n_points = n_T * n_x; point p = iT * n_x + ix */
    double *T;                 /**< [n_T] K */
    double *x;                 /**< [n_x] mole fraction of x_component */
    char *x_component;
    /** [n_props][n_points][n_quantiles] quantiles over the samples that gave a finite value;
     *  NaN where no sample did */
    double *band;
    /** [n_props][n_points] samples whose evaluation failed (no convergence, a model error or a
     *  non-finite value) at the point: left out of the quantiles, counted here */
    size_t *n_failed;
} lq_assess_uq_result;

/**
 * Credible bands of properties: for every kept sample, the symbols get the sample's values and
 * every property is evaluated at every (T, x) of the grid.
 * Sample selection: the trace's zero-filled tail (iterations where every walker's parameters are
 * all zero, as espei/analysis.py truncate_arrays) is cut; then burn_in, last and thin choose the
 * iterations; walkers whose lnprob is non-finite or exactly 0 (unfilled) at a kept iteration, or
 * whose kept parameters are all zero, are dropped (counted).
 * @param db    database whose FUNCTIONs include the trace's symbols (in)
 * @param tr    trace (in); tr->n_params must equal the number of symbols
 * @param props [n_props] properties (in)
 * @param out   new result (out)
 * @return LQ_OK, LQ_EINVAL (NULL, empty grid, a property the mode does not give, quantiles),
 *         LQ_EDOM (T <= 0, x outside [0, 1]), LQ_ENOTFOUND (symbol, phase, component), LQ_EPARSE
 *         (trace columns != symbols: diag names the trace file), LQ_EINVAL also when no sample is
 * left, LQ_ENOMEM, a model status
 */
LQ_API lq_status lq_assess_uq_props(const lq_db *db, const lq_assess_trace *tr,
                                    const lq_assess_uq_prop *props, size_t n_props,
                                    const lq_assess_uq_grid *grid, const lq_assess_uq_options *opt,
                                    lq_assess_uq_result **out, lq_diag *diag);
/** Frees a result (NULL is a no-op). */
LQ_API void lq_assess_uq_result_free(lq_assess_uq_result *r);

/** An invariant reaction matched across samples. */
typedef struct lq_assess_uq_invariant {
    lq_map_reaction kind;
    size_t phase[3];  /**< system phase indices, sorted by x (as lq_map_invariant) */
    size_t n_samples; /**< samples whose diagram has it */
    double *T;        /**< [n_quantiles] quantiles of T, K */
    double *x[3];     /**< [n_quantiles] quantiles of x of each phase */
} lq_assess_uq_invariant;

/** A two-phase boundary pair matched across samples, banded on a T grid. */
typedef struct lq_assess_uq_boundary {
    size_t phase[2]; /**< left and right phase (as lq_map_boundary) */
    size_t n_T;
    double *T;         /**< [n_T] K */
    size_t *n_samples; /**< [n_T] samples whose diagram has this pair at T */
    double *x[2];      /**< [n_T][n_quantiles] quantiles of x of the left/right phase; NaN where
                            no sample has the pair */
} lq_assess_uq_boundary;

/** Bands of a binary phase diagram. Free with lq_assess_uq_map_result_free. */
typedef struct lq_assess_uq_map_result {
    size_t n_samples, n_failed; /**< samples mapped; samples whose map failed (left out) */
    size_t n_walkers_kept, n_walkers_dropped, first_iteration, n_iterations_kept;
    size_t n_quantiles;
    double quantiles[LQ_ASSESS_UQ_MAX_QUANTILES];
    char *components[2];
    size_t n_phases;
    char **phase_names; /**< [n_phases] system phases */
    size_t n_invariants;
    lq_assess_uq_invariant *invariants; /**< sorted by median T */
    size_t n_boundaries;
    lq_assess_uq_boundary *boundaries;
} lq_assess_uq_map_result;

/**
 * Credible bands of a binary phase diagram: lq_map_compute for every kept sample (all phases of
 * the database for the two components). Matching across samples: an invariant is identified by
 * its reaction kind and its three phases (sorted by x); a boundary by its (left, right) phase
 * pair. When one diagram has the same invariant twice, the one nearest the others' median is not
 * knowable in one pass, so the lowest-T one is used; a boundary pair present in several pieces
 * at one T uses the first piece that covers T (linear interpolation in T between traced points).
 * Samples whose map fails (other than for lack of memory, an error) are counted in n_failed and
 * left out.
 * @return as lq_assess_uq_props (LQ_EINVAL when the components are not two)
 */
LQ_API lq_status lq_assess_uq_map(const lq_db *db, const lq_assess_trace *tr,
                                  const char *const *components, const lq_assess_uq_options *opt,
                                  lq_assess_uq_map_result **out, lq_diag *diag);
/** Frees a map result (NULL is a no-op). */
LQ_API void lq_assess_uq_map_result_free(lq_assess_uq_map_result *r);

/** Credible bands of a solubility (lq_map_solubility) at several temperatures. Free with
 *  lq_assess_uq_solubility_result_free. */
typedef struct lq_assess_uq_solubility_result {
    size_t n_samples, n_walkers_kept, n_walkers_dropped, first_iteration, n_iterations_kept;
    size_t n_quantiles;
    double quantiles[LQ_ASSESS_UQ_MAX_QUANTILES];
    size_t n_T;
    double *T;          /**< [n_T] K */
    double *band;       /**< [n_T][n_quantiles] mole fraction of the solute in the phase; NaN
                             where no sample gave one */
    size_t *n_failed;   /**< [n_T] samples whose solubility failed (left out) */
    size_t *other;      /**< [n_T] system phase index of the coexisting phase most samples give */
    size_t *n_other;    /**< [n_T] samples that give that phase */
    char **phase_names; /**< [n_phases] system phases, for `other` */
    size_t n_phases;
} lq_assess_uq_solubility_result;

/**
 * Credible bands of the solubility of `solute` in `phase` (its boundary towards more solute,
 * lq_map_solubility: a liquidus or a solvus) of a binary at each T, over the kept samples of a
 * trace (selected as lq_assess_uq_props does), with the coexisting phase that most samples give.
 * @param components  the two components (in)
 * @param T           [n_T] temperatures, K (in)
 * @return LQ_OK, LQ_EINVAL (NULL, not two components, no T, no sample left), LQ_EDOM (T <= 0),
 *         LQ_ENOTFOUND (solute, phase or a symbol), LQ_EPARSE (trace columns != symbols),
 *         LQ_ENOMEM
 */
LQ_API lq_status lq_assess_uq_solubility(const lq_db *db, const lq_assess_trace *tr,
                                         const char *const *components, const char *solute,
                                         const char *phase, const double *T, size_t n_T,
                                         const lq_assess_uq_options *opt,
                                         lq_assess_uq_solubility_result **out, lq_diag *diag);
/**
 * Quantiles of each fitted parameter over the kept samples (selected as lq_assess_uq_props does):
 * band[p * opt->n_quantiles + k] is quantile k of trace column p.
 * @param cap       values band can hold (n_params x n_quantiles needed)
 * @param n_params  columns written (out)
 * @return LQ_OK, LQ_EINVAL (NULL, cap too small, no sample left), LQ_EPARSE (trace columns !=
 *         symbols), LQ_ENOMEM
 */
LQ_API lq_status lq_assess_uq_param_bands(const lq_db *db, const lq_assess_trace *tr,
                                          const lq_assess_uq_options *opt, double *band, size_t cap,
                                          size_t *n_params, lq_diag *diag);
/** Frees a solubility result (NULL is a no-op). */
LQ_API void lq_assess_uq_solubility_result_free(lq_assess_uq_solubility_result *r);

/**
 * Data points of ESPEI datasets for one banded property, for plotting on the band: every
 * equilibrium dataset whose output is `prop` (case-insensitive), with a T within tol_K of T and a
 * condition X_<x_component>, gives (x, value) pairs; so does every non-equilibrium dataset of that
 * output whose configurations have one sublattice (x = the occupancy of x_component).
 * @param x, y  new arrays [*n] (free with lq_assess_uq_points_free)
 * @return LQ_OK (also with *n = 0), LQ_EINVAL, LQ_ENOMEM
 */
LQ_API lq_status lq_assess_uq_data_points(const lq_dataset_set *set, const char *prop, double T,
                                          double tol_K, const char *x_component, double **x,
                                          double **y, size_t *n);
/** Frees arrays from lq_assess_uq_data_points (NULL is a no-op). */
LQ_API void lq_assess_uq_points_free(double *x, double *y);

/** Figure options of lq_assess_uq_plot. */
typedef struct lq_assess_uq_plot_options {
    const double *data_x, *data_y; /**< points drawn on top (may be NULL) */
    size_t n_data;
    const char *data_label; /**< NULL: "data" */
    const char *title;      /**< NULL: "<prop> of <phase>, T = ... K" built by the caller */
    int logy;               /**< 1: logarithmic y axis */
} lq_assess_uq_plot_options;

/**
 * Figure in the style of Fig. 9 of the Bi-Nd study: the band between the first and last quantile
 * in grey, the middle quantile as a line, data points on top; one property at temperature index
 * iT against x. Saved as .png, .svg or .pdf by the extension.
 * @return LQ_OK, LQ_EINVAL (index out of range), LQ_EIO, LQ_ENOMEM
 */
LQ_API lq_status lq_assess_uq_plot(const lq_assess_uq_result *r, size_t prop, size_t iT,
                                   const lq_assess_uq_plot_options *opt, const char *path,
                                   lq_diag *diag);
/**
 * Figure of a banded phase diagram: the middle-quantile boundaries as lines, the outer-quantile
 * band of each boundary shaded grey, each invariant as a horizontal line at its median T labelled
 * with the outer-quantile interval.
 * @return LQ_OK, LQ_EINVAL, LQ_EIO, LQ_ENOMEM
 */
LQ_API lq_status lq_assess_uq_map_plot(const lq_assess_uq_map_result *r, const char *path,
                                       lq_diag *diag);

/* ============================================================================================ */
/* Running a run file: parameter generation then MCMC (src/assess/run.c)                        */
/* ============================================================================================ */
/*
 * What `espei --input run.yaml` does (ESPEI 0.9.1 espei/espei_script.py run_espei): with
 * generate_parameters, the parameters are generated and the database written to output.output_db;
 * with mcmc, the chains start from that database (or mcmc.input_db), sample the symbols (mcmc.
 * symbols, or every V/VV#### FUNCTION) with the run file's priors and data weights, stream the
 * trace and lnprob files, and at the end output.output_db is written again with each fitted
 * symbol set to its value in the highest-lnprob sample of the trace (espei/utils.py
 * optimal_parameters with kth = 0, taken by EmceeOptimizer.fit into dbf.symbols). Done in two
 * steps so that MPI ranks can share the preparation: lq_assess_job_create on every rank, then
 * lq_assess_job_run on rank 0 while the other ranks serve lq_assess_job_target.
 */

/** Options of a job. Defaults: lq_assess_job_options_default. */
typedef struct lq_assess_job_options {
    /** 1 (default): write output.output_db after generation; 0 on the serving MPI ranks. */
    int write_outputs;
    /** 1: continue the run saved in output.tracefile/probfile bit for bit (the sampler's
     *  opt.restart); 0 (default): a new run, refused when the trace or lnprob file exists (as
     *  ESPEI refuses to overwrite them). */
    int restart;
    /** Threads of the likelihood; 0 (default): mcmc.cores (0 there: the OpenMP maximum). */
    int n_threads;
    lq_assess_progress_fn progress; /**< sampler progress (optional) */
    void *progress_ctx;
    const volatile sig_atomic_t *cancel; /**< the sampler's cancel flag (optional) */
    lq_assess_batch_fn batch_eval;       /**< NULL: OpenMP; lq_assess_mpi_evaluate under MPI */
    void *batch_ctx;
    /** The sampler's re-anchoring: NULL (default) anchors the job's context
     *  (lq_assess_ctx_anchor_fn); under MPI lq_assess_mpi_anchor with the lq_assess_mpi, after
     *  lq_assess_mpi_set_anchor(m, lq_assess_ctx_anchor_fn, lq_assess_job_ctx(job)) on every
     *  rank. */
    lq_assess_anchor_fn anchor;
    void *anchor_ctx;
} lq_assess_job_options;

/** Fills the defaults listed in lq_assess_job_options (NULL is a no-op). */
LQ_API void lq_assess_job_options_default(lq_assess_job_options *opt);

/** A prepared run. Opaque; free with lq_assess_job_free. */
typedef struct lq_assess_job lq_assess_job;

/**
 * Reads the run file's phase models and datasets (system.tags applied), generates the parameters
 * when the file has generate_parameters (and writes output.output_db when opt->write_outputs),
 * and, when it has mcmc, prepares the log-probability of the starting database.
 * @param cfg   run file (in); must outlive the job
 * @param opt   options (in), NULL for the defaults
 * @param out   new job (out)
 * @param diag  on failure: the file and field (dataset, run-file key, database)
 * @return LQ_OK, LQ_EINVAL, LQ_EIO, LQ_EPARSE, LQ_EUNSUPPORTED (generate_parameters.input_db),
 *         LQ_ENOTFOUND (a symbol), LQ_ENOMEM, or a status of the steps it runs
 */
LQ_API lq_status lq_assess_job_create(const lq_assess_run_config *cfg,
                                      const lq_assess_job_options *opt, lq_assess_job **out,
                                      lq_diag *diag);
/** The log-probability to sample (for lq_assess_mpi_serve); NULL when the file has no mcmc. */
LQ_API const lq_assess_target *lq_assess_job_target(const lq_assess_job *job);
/** The log-probability context of the starting database (owned by the job; NULL without mcmc),
 *  e.g. to evaluate it term by term with lq_assess_lnprob as `liquidus assess --lnprob` does. */
LQ_API lq_assess_ctx *lq_assess_job_ctx(lq_assess_job *job);
/** The datasets the job read (system.datasets with system.tags applied; owned by the job). */
LQ_API const lq_dataset_set *lq_assess_job_datasets(const lq_assess_job *job);
/** Number of parameters sampled (0 without mcmc) and the name of parameter i (or NULL). */
LQ_API size_t lq_assess_job_param_count(const lq_assess_job *job);
LQ_API const char *lq_assess_job_param_name(const lq_assess_job *job, size_t i);

/** What a run did. */
typedef struct lq_assess_job_summary {
    int generated;      /**< 1 when parameters were generated */
    size_t n_generated; /**< symbols generated */
    int sampled;        /**< 1 when the MCMC ran */
    size_t n_params, n_walkers, n_iterations;
    size_t n_done;          /**< completed iterations (n_iterations unless cancelled) */
    size_t first_iteration; /**< first iteration computed by this call (> 0 after a restart) */
    double acceptance;      /**< the sampler's mean acceptance fraction */
    double best_lnprob;     /**< lnprob of the parameters written to output_db */
    int cancelled;
    uint64_t seed; /**< seed of the sampler */
    int wrote_db;  /**< 1 when output.output_db was written */
} lq_assess_job_summary;

/**
 * Runs the MCMC of a prepared job (nothing when the file has no mcmc): start walkers from the
 * starting database (ESPEI's Gaussian ball, chains_per_parameter, chain_std_deviation), or the
 * last walkers of mcmc.restart_trace; seed 1769 when mcmc.deterministic (ESPEI's), else from the
 * clock; then writes output.output_db (atomically) with the best sample of the trace, also when
 * the run was cancelled after at least one iteration (as ESPEI, which catches the interrupt and
 * still writes the database).
 * @param sum   what was done (out, may be NULL)
 * @return LQ_OK (also when cancelled), or the sampler's or the writer's status
 */
LQ_API lq_status lq_assess_job_run(lq_assess_job *job, lq_assess_job_summary *sum, lq_diag *diag);

/** Frees a job (NULL is a no-op). */
LQ_API void lq_assess_job_free(lq_assess_job *job);

#ifdef __cplusplus
}
#endif
#endif /* LIQUIDUS_ASSESS_H */
