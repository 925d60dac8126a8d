/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CALPHAD thermodynamics: TDB databases, phase models (CEF, Redlich-Kister, Muggianu, IHJ
 * magnetic), Gibbs energies with derivatives, and equilibria. */
#ifndef LIQUIDUS_THERMO_H
#define LIQUIDUS_THERMO_H

#include <signal.h>
#include <stddef.h>

#include "liquidus/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ============================================================================================ */
/* Databases (src/thermo/tdb)                                                                   */
/* ============================================================================================ */

/** A parsed thermodynamic database (Thermo-Calc TDB dialect). Opaque; owned by the caller. */
typedef struct lq_db lq_db;

/**
 * Reads a TDB file.
 * @param path  file to read (in)
 * @param db    new database (out), free with lq_db_free
 * @param diag  on failure: file, line and what is wrong (e.g. an unsupported model, named)
 * @return LQ_OK, LQ_EINVAL, LQ_EIO, LQ_EPARSE (malformed), LQ_EUNSUPPORTED (a model liquidus does
 *         not implement, named: e.g. OpenCalphad's LNTH/G2 or MQMQA pair species), LQ_ENOMEM
 */
LQ_API lq_status lq_db_read_file(const char *path, lq_db **db, lq_diag *diag);

/** Same as lq_db_read_file from a NUL-terminated string; `name` is used in messages. */
LQ_API lq_status lq_db_read_string(const char *text, const char *name, lq_db **db, lq_diag *diag);

/** Writes the database back out as TDB (round trip: reading the output gives the same G). */
LQ_API lq_status lq_db_write_file(const lq_db *db, const char *path, lq_diag *diag);

/** Frees a database (NULL is a no-op). */
LQ_API void lq_db_free(lq_db *db);

/** Number of elements (including VA and /- when declared). */
LQ_API size_t lq_db_element_count(const lq_db *db);
/** Upper-case element name, or NULL when i is out of range. */
LQ_API const char *lq_db_element_name(const lq_db *db, size_t i);
/** Number of phases. */
LQ_API size_t lq_db_phase_count(const lq_db *db);
/** Upper-case phase name, or NULL when i is out of range. */
LQ_API const char *lq_db_phase_name(const lq_db *db, size_t i);

/** Number of warnings collected while reading (ignored parameters, undefined functions, ...). */
LQ_API size_t lq_db_warning_count(const lq_db *db);
/** Warning i as "file:line: message" (owned by the database), or NULL when out of range. */
LQ_API const char *lq_db_warning(const lq_db *db, size_t i);

/** Counts of what a database holds (for summaries such as `liquidus tdb check`). */
typedef struct lq_db_summary {
    size_t n_elements, n_species, n_functions, n_phases;
    size_t n_parameters;        /**< all PARAMETER statements */
    size_t n_parameters_unused; /**< not in G: mobilities, volumes, unknown phase/species */
    size_t n_references, n_warnings;
} lq_db_summary;

/** Fills a summary; LQ_EINVAL for NULL arguments. */
LQ_API lq_status lq_db_summary_get(const lq_db *db, lq_db_summary *summary);

/** Model of one phase of a database as read (pointers stay valid while the database lives). */
typedef struct lq_db_phase_desc {
    const char *name; /**< upper case, without the ':L'-type suffix */
    char type_suffix; /**< 'L', 'G', ... from NAME:X, or 0 */
    size_t n_sublattices;
    const double *site_ratio; /**< [n_sublattices] */
    size_t n_constituents;    /**< summed over sublattices */
    int magnetic;             /**< 1 with a MAGNETIC TYPE_DEFINITION */
    double afm_factor;        /**< antiferromagnetic factor (-1 BCC, -3 FCC/HCP) when magnetic;
                                   0 selects the Xiong magnetic model (TC, NT) */
    double structure_factor;  /**< p of the IHJ model (0.4 BCC, 0.28 others) when magnetic */
    size_t n_parameters;      /**< G/L/TC/BMAGN parameters that enter G */
    long line;                /**< line of the PHASE statement */
    int ionic; /**< 1: ionic two-sublattice liquid (type Y or IONIC_LIQ): site ratios P, Q vary */
    /** order-disorder: name of the disordered part (TYPE_DEFINITION ... DISORDERED_PART or
     *  NEVER), or NULL; never_disordered = 1 for NEVER (the ordered part is not subtracted) */
    const char *disordered_part;
    int never_disordered;
    /** name of the model the phase is evaluated with: "CEF", "order-disorder", "ionic liquid",
     *  "MQMQA", "QKTO", "ionic liquid + KT terms" (the records of src/thermo/model/models.c) */
    const char *model;
} lq_db_phase_desc;

/** Describes phase i of the database; LQ_EINVAL when out of range. */
LQ_API lq_status lq_db_phase_describe(const lq_db *db, size_t i, lq_db_phase_desc *desc);
/**
 * Name of constituent k (0 .. n_constituents-1, sublattice by sublattice) of phase i, or NULL;
 * *sublattice (may be NULL) receives its sublattice.
 */
LQ_API const char *lq_db_phase_constituent(const lq_db *db, size_t i, size_t k, size_t *sublattice);

/**
 * Evaluates a FUNCTION of the database at T (K) and P (Pa), J/mol.
 * Outside the tabulated temperature ranges the nearest range's expression is used (as pycalphad
 * does); `extrapolated` (may be NULL) is set to 1 in that case.
 * @return LQ_OK, LQ_EINVAL, LQ_ENOTFOUND, LQ_EDOM (T <= 0 or a non-finite result)
 */
LQ_API lq_status lq_db_function_eval(const lq_db *db, const char *name, double T, double P,
                                     double *value, int *extrapolated);

/* ============================================================================================ */
/* Systems and phase models (src/thermo/model)                                                  */
/* ============================================================================================ */

/** A database restricted to chosen components and phases, ready to evaluate. Opaque. */
typedef struct lq_system lq_system;

/**
 * Builds a system.
 * @param components  element names (case-insensitive), without VA (added automatically)
 * @param phases      phase names to include, or NULL for every phase that can exist with these
 *                    components. The disordered part of an included order-disorder phase
 *                    (DISORDERED_PART, e.g. FCC_A1 of FCC_L12) is not a phase of the system (as
 *                    pycalphad, OpenCalphad, Thermo-Calc): its states are the ordered phase's
 *                    states with equal merged sublattices (docs/thermo-models.md section 8)
 * @return LQ_OK, LQ_EINVAL, LQ_ENOTFOUND (unknown element or phase), LQ_EUNSUPPORTED, LQ_ENOMEM
 */
LQ_API lq_status lq_system_create(const lq_db *db, const char *const *components, size_t ncomp,
                                  const char *const *phases, size_t nphases, lq_system **sys,
                                  lq_diag *diag);
/** Frees a system (NULL is a no-op). The database may be freed before the system. */
LQ_API void lq_system_free(lq_system *sys);

/** Number of components (elements, VA excluded); 0 for NULL. */
LQ_API size_t lq_system_component_count(const lq_system *sys);
/** Upper-case name of component i (in the order given to lq_system_create), or NULL. */
LQ_API const char *lq_system_component_name(const lq_system *sys, size_t i);
/** Number of phases kept (given order, or database order when phases was NULL); 0 for NULL. */
LQ_API size_t lq_system_phase_count(const lq_system *sys);
/** Index of a phase by (case-insensitive) name; LQ_ENOTFOUND when absent. */
LQ_API lq_status lq_system_phase_find(const lq_system *sys, const char *name, size_t *index);

/**
 * Constitution of one phase. All pointers point into the system and stay valid while it lives.
 * Site fractions y are ordered sublattice by sublattice; `sublattice_of[k]` tells which.
 */
typedef struct lq_phase_info {
    const char *name;
    size_t n_sublattices;
    const double *site_ratio;            /**< [n_sublattices] sites per formula unit */
    size_t n_constituents;               /**< length of the site-fraction vector y */
    const size_t *sublattice_of;         /**< [n_constituents] */
    const char *const *constituent_name; /**< [n_constituents] species names (e.g. "BI", "VA") */
    /** [n_constituents * ncomp] row-major: moles of component c in one mole of constituent k
     *  (all zeros for VA). Moles of component c per formula unit:
     *  sum_k site_ratio[sublattice_of[k]] * y[k] * constituent_comp[k*ncomp + c], except for an
     *  ionic liquid, whose site ratios P, Q vary with y (site_ratio holds the declared ones;
     *  lq_phase_atoms gives its moles). */
    const double *constituent_comp;
    int magnetic; /**< 1 when the phase has a magnetic contribution */
    /** [n_constituents] charge of each constituent (e.g. +2 for FE+2, -2 for O-2), or NULL when
     *  all are neutral or the phase is an ionic liquid (neutral through its variable site
     *  ratios); when set, the equilibrium solver keeps the phase electrically neutral,
     *  sum_k site_ratio[sublattice_of[k]] * y[k] * constituent_charge[k] = 0. */
    const double *constituent_charge;
} lq_phase_info;

LQ_API lq_status lq_system_phase_info(const lq_system *sys, size_t phase, lq_phase_info *info);

/** Names of the phases phases[0..n) joined by " + " ("LIQUID + BCC_A2") into buf (size bytes,
 *  truncated to fit, always terminated); an index out of range is written "?". */
LQ_API void lq_system_phase_set_name(const lq_system *sys, const size_t *phases, size_t n,
                                     char *buf, size_t size);

/**
 * Workspace for evaluations at one (T, P): lq_thermo_ws_set_TP evaluates every temperature-
 * dependent parameter of the system once (value and first two T derivatives), so that later
 * lq_phase_evaluate calls at that (T, P) only do the composition-dependent work. Not shared
 * between threads; one per thread.
 */
typedef struct lq_thermo_ws lq_thermo_ws;
/**
 * Allocates a workspace for sys (which must outlive it). @return LQ_OK, LQ_EINVAL, LQ_ENOMEM
 */
LQ_API lq_status lq_thermo_ws_alloc(const lq_system *sys, lq_thermo_ws **ws);
/** Frees a workspace (NULL is a no-op). */
LQ_API void lq_thermo_ws_free(lq_thermo_ws *ws);
/**
 * Sets T (K) and P (Pa): evaluates every function and parameter of the system (compiled sums of
 * c T^k, c T^k ln T and function references, or expression trees), with the nearest temperature
 * range outside the tabulated ones (as pycalphad). A call at the current (T, P) returns at once.
 * @return LQ_OK, LQ_EDOM (T <= 0, P <= 0, non-finite, or a non-finite parameter value), LQ_EINVAL
 */
LQ_API lq_status lq_thermo_ws_set_TP(lq_thermo_ws *ws, double T, double P);

/** A temperature function of a system that a calculation uses outside all its ranges. */
typedef struct lq_thermo_extrapolation {
    const char *function; /**< FUNCTION name, or "" for the expression of a PARAMETER */
    long line;            /**< line of its FUNCTION or PARAMETER statement in the database */
    double T_low_K;       /**< lower limit of its first range, K */
    double T_high_K;      /**< upper limit of its last range, K */
} lq_thermo_extrapolation;

/**
 * The functions and parameter expressions of sys that a calculation at temperatures between
 * T_lo_K and T_hi_K (K, T_lo_K <= T_hi_K; equal for one temperature) evaluates outside every
 * range the database gives them: there they are extrapolated (lq_thermo_ws_set_TP uses the
 * nearest range, as pycalphad) and the results are not backed by the assessment, which is what
 * Thermo-Calc warns about. A function counts when T_lo_K < T_low_K or T_hi_K >= T_high_K (the
 * last range holds for T < T_high_K). Costs nothing during the calculation: ask once for its
 * temperature span.
 * @param out    up to n entries (out, may be NULL when n is 0), in evaluation order; the strings
 *               point into sys and live as long as it
 * @param count  number of such functions (out), also when it exceeds n
 * @return LQ_OK, LQ_EINVAL (NULL sys or count, out NULL with n > 0), LQ_EDOM (non-finite or
 *         T_lo_K > T_hi_K)
 */
LQ_API lq_status lq_system_extrapolations(const lq_system *sys, double T_lo_K, double T_hi_K,
                                          lq_thermo_extrapolation *out, size_t n, size_t *count);

/** What lq_phase_evaluate computes (bit flags). */
enum {
    LQ_EVAL_G = 1u,   /**< G */
    LQ_EVAL_DY = 2u,  /**< dG/dy */
    LQ_EVAL_DY2 = 4u, /**< d2G/dy2 */
    LQ_EVAL_DT = 8u,  /**< dG/dT, d2G/dT2 and d2G/dTdy (the latter when DY is also asked) */
    LQ_EVAL_ALL = 15u
};

/**
 * Results of lq_phase_evaluate, per mole of formula units (J/mol, J/mol/K, ...). The caller
 * provides the arrays (length n_constituents, and n_constituents^2 for the Hessian, row-major);
 * pointers for quantities not asked for may be NULL. Derivatives with respect to y treat every site
 * fraction as independent (no sum constraint); the ideal-mixing term uses y*ln(y) with y floored at
 * 1e-300.
 */
typedef struct lq_phase_eval {
    double G;
    double dG_dT;
    double d2G_dT2;
    double *dG_dy;
    double *d2G_dy2;
    double *d2G_dTdy;
} lq_phase_eval;

/**
 * Gibbs energy of one phase and its derivatives at the workspace's (T, P) and site fractions y.
 * Model: compound energy formalism (reference + ideal configurational entropy + Redlich-Kister
 * excess of any order + Muggianu ternary terms) plus the Inden-Hillert-Jarl or Xiong magnetic
 * term, Einstein and two-state terms; for an ionic two-sublattice liquid the Hillert-Sundman model
 * with site ratios P, Q that vary with y; for an order-disorder phase the partitioned model
 * G_dis(x) + G_ord(y) - G_ord(y = x); for MQMQA the quadruplet model (docs/thermo-models.md).
 * @return LQ_OK, LQ_EINVAL (bad index, NULL y, workspace not set to a T), LQ_EDOM (y < 0)
 */
LQ_API lq_status lq_phase_evaluate(lq_thermo_ws *ws, size_t phase, const double *y, unsigned what,
                                   lq_phase_eval *out);

/**
 * Moles of atoms per mole of formula units of a phase at site fractions y:
 * N = sum_k site_ratio[sublattice_of[k]] * y[k] * (atoms of the system's components in
 * constituent k; 0 for VA). dN_dy (may be NULL, length n_constituents) receives dN/dy.
 * @return LQ_OK, LQ_EINVAL (NULL, bad index)
 */
LQ_API lq_status lq_phase_atoms(const lq_system *sys, size_t phase, const double *y,
                                double *n_atoms, double *dN_dy);

/** G, H, S and Cp of one phase (J/mol, J/mol, J/mol/K, J/mol/K). */
typedef struct lq_phase_ghsc {
    double G, H, S, Cp;
} lq_phase_ghsc;

/**
 * Properties of a phase at the workspace's (T, P) and site fractions y, from the analytic T
 * derivatives: S = -dG/dT, H = G + T S, Cp = -T d2G/dT2. per_atom = 0: per mole of formula units;
 * per_atom = 1: per mole of atoms (divided by lq_phase_atoms).
 * @return LQ_OK, LQ_EINVAL, LQ_EDOM (y < 0, or no atoms for per_atom)
 */
LQ_API lq_status lq_phase_properties(lq_thermo_ws *ws, size_t phase, const double *y, int per_atom,
                                     lq_phase_ghsc *out);

/* ============================================================================================ */
/* Equilibrium (src/thermo/equil) and properties (src/thermo/props)                             */
/* ============================================================================================ */

/*
 * Method (docs/equilibrium.md): every phase's internal constitution is sampled once (grid, points
 * log-spaced towards every edge down to `edge_min`, random points); at each (T, P) the lower convex
 * hull of (x, G per mole of atoms) over all samples is found by a simplex LP whose dual gives the
 * first chemical potentials; Newton iterations on the Lagrangian (site fractions in log space,
 * Lagrange multipliers per sublattice, phase amounts, chemical potentials) refine it, adding and
 * removing phases; a final check verifies that no sampled point of any phase lies below the
 * hyperplane of the chemical potentials (otherwise the point joins the hull and the refinement
 * repeats). After Sundman, Lu, Ohtani, Calphad 51 (2015) 125, and Otis, Liu, J. Open Res. Softw.
 * 5 (2017) 1 (pycalphad).
 */

/** Options of the equilibrium solver. Defaults from lq_eq_options_default. */
typedef struct lq_eq_options {
    double P;               /**< pressure, Pa (default 101325) */
    size_t grid_n;          /**< linear grid divisions per sublattice with 2 constituents (30);
                                 with 3 or more constituents grid_n/3 divisions are used */
    double edge_min;        /**< smallest sampled site fraction (1e-14) */
    size_t edge_per_decade; /**< log-spaced points per decade towards each edge (1) */
    size_t random_n;    /**< random points per phase with >= 3 constituents on a sublattice (200) */
    size_t max_samples; /**< cap on the sampled points per phase (3000) */
    unsigned long seed; /**< seed of the sampling's random numbers (deterministic) */
    size_t max_iter;    /**< Newton iterations per phase set (100) */
    double tol;         /**< convergence: max scaled residual (energies / RT, mass balance
                             relative to x of the component) (1e-12) */
} lq_eq_options;

/** Fills `opt` with the defaults listed in lq_eq_options (NULL is a no-op). */
LQ_API void lq_eq_options_default(lq_eq_options *opt);

/**
 * Equilibrium workspace: the system, its sampled constitutions and all scratch memory, so that
 * solving never allocates. Not shared between threads. Keeps a pointer to `sys`, which must outlive
 * the workspace.
 */
typedef struct lq_eq_ws lq_eq_ws;

/**
 * Creates a workspace for `sys`.
 * @param opt   options (copied), or NULL for the defaults
 * @return LQ_OK, LQ_EINVAL (NULL sys/ws, bad options), LQ_ENOMEM
 */
LQ_API lq_status lq_eq_ws_alloc(const lq_system *sys, const lq_eq_options *opt, lq_eq_ws **ws,
                                lq_diag *diag);
/** Frees a workspace (NULL is a no-op). */
LQ_API void lq_eq_ws_free(lq_eq_ws *ws);
/** The system a workspace was made for. */
LQ_API const lq_system *lq_eq_ws_system(const lq_eq_ws *ws);

/** One stable phase (composition set) of an equilibrium. Arrays belong to the result. */
typedef struct lq_eq_phase {
    size_t phase;             /**< index of the phase in the system */
    double amount;            /**< mol of atoms (the system holds 1 mol of atoms) */
    double moles_per_formula; /**< mol of atoms per mole of formula units at this constitution */
    double *y;                /**< [n_constituents] site fractions, sublattice by sublattice */
    double *x;                /**< [ncomp] mole fractions of the components in this phase */
    double G, H, S, Cp;       /**< per mole of atoms of this phase: J/mol, J/mol, J/mol/K, J/mol/K
                                   (H and S at fixed constitution; Cp at fixed constitution) */
    int fixed_zero;           /**< 1 for the phase held at zero amount by lq_eq_solve_T/_x */
} lq_eq_phase;

/**
 * An equilibrium. G, H and S of the system are per mole of atoms, relative to the database's
 * reference (SER for SGTE-based databases). Cp is the heat capacity at fixed phase amounts and
 * constitutions (the sum over phases), without the heat of transformation between phases.
 */
typedef struct lq_eq_result {
    double T; /**< K */
    double P; /**< Pa */
    size_t ncomp;
    double *x;             /**< [ncomp] overall mole fractions */
    double *mu;            /**< [ncomp] chemical potentials, J/mol (database reference) */
    size_t n_phases;       /**< number of composition sets in `phases` */
    lq_eq_phase *phases;   /**< [n_phases] stable composition sets, largest amount first */
    size_t max_phases;     /**< slots allocated in `phases` (ncomp + 1) */
    double G, H, S, Cp;    /**< system, per mole of atoms: J/mol, J/mol, J/mol/K, J/mol/K */
    int newton_iterations; /**< total Newton iterations used */
    int hull_rounds;       /**< rounds of refinement + global check of the last fixed-T equilibrium
                                (1 when the first hull's phases were right) */
    double max_residual;   /**< largest scaled residual at the solution */
    /** Gauge directions: 0 normally. > 0 when the compositions of all phases span only a
     *  subspace of the components (e.g. NaCl-MgCl2 of neutral salts: n_Na + 2 n_Mg - n_Cl = 0 in
     *  every phase); then only the combinations of `mu` along that span (e.g. mu_Na + mu_Cl, the
     *  potential of NaCl) are defined, and `mu` is the minimum-norm solution (orthogonal to the
     *  directions no phase can form, here the charges (1, 2, -1)). Chemical potentials and
     *  activities of single elements are then not defined (lq_eq_activity refuses them), an
     *  overall composition off the span is refused (LQ_EDOM), and so is lq_eq_solve_x when
     *  exchanging the two components leaves the span (LQ_EINVAL). See docs/equilibrium.md,
     *  "Gauge". */
    size_t n_gauge;
} lq_eq_result;

/** Allocates a result sized for the workspace's system. Free with lq_eq_result_free. */
LQ_API lq_status lq_eq_result_alloc(const lq_eq_ws *ws, lq_eq_result **res);
/** Frees a result (NULL is a no-op). */
LQ_API void lq_eq_result_free(lq_eq_result *res);

/**
 * Equilibrium at fixed T, P (options) and overall composition.
 * @param T     temperature, K (> 0)
 * @param x     [ncomp] overall mole fractions in the order of lq_system_component_name; every
 *              x > 0 (leave absent components out of the system) and sum 1 within 1e-9
 *              (renormalised)
 * @param res   result (out), from lq_eq_result_alloc for this workspace
 * @return LQ_OK, LQ_EINVAL (NULL, wrong ncomp), LQ_EDOM (T <= 0, x outside (0, 1)), LQ_ENOCONV (no
 *         converged equilibrium: no result rather than a bad one), or a status of the phase models
 */
LQ_API lq_status lq_eq_solve(lq_eq_ws *ws, double T, const double *x, size_t ncomp,
                             lq_eq_result *res, lq_diag *diag);

/**
 * Equilibrium with the temperature unknown and phase `zero_phase` present at zero amount: the
 * temperature at which that phase appears or disappears for the overall composition x (a liquidus
 * or solidus temperature, a solvus, or an invariant when the phase set demands it).
 * @param T_guess  starting temperature, K: the boundary found is the one the Newton iterations
 *                 reach from there (normally the nearest)
 * @return as lq_eq_solve; the result's T is the solution and the zero phase is listed with
 *         fixed_zero = 1
 */
LQ_API lq_status lq_eq_solve_T(lq_eq_ws *ws, double T_guess, const double *x, size_t ncomp,
                               size_t zero_phase, lq_eq_result *res, lq_diag *diag);

/**
 * Equilibrium at fixed T with the overall mole fraction of component `free_comp` unknown and phase
 * `zero_phase` present at zero amount (a solubility limit, e.g. the liquid saturated with NdBi).
 * The fraction of the component with the largest x_guess other than free_comp compensates; the
 * others stay fixed.
 * @param x_guess  starting overall composition (the boundary found is the one reached from there)
 * @return as lq_eq_solve; res->x holds the solution
 */
LQ_API lq_status lq_eq_solve_x(lq_eq_ws *ws, double T, const double *x_guess, size_t ncomp,
                               size_t free_comp, size_t zero_phase, lq_eq_result *res,
                               lq_diag *diag);

/** lq_eq_conditions.ac_ref entry: the activity is against SER, a = exp(mu / RT). */
#define LQ_EQ_REF_SER ((size_t)-1)
/** lq_eq_conditions.balance: the closed components keep the ratios of their mole fractions. */
#define LQ_EQ_BALANCE_RATIOS ((size_t)-1)

/**
 * Conditions of one equilibrium as Thermo-Calc and OpenCalphad users set them (docs/equilibrium.md,
 * "Conditions"): T fixed or unknown; per component, its overall mole fraction fixed, or its
 * chemical potential or activity fixed (an open system: the mole fraction follows), or its mole
 * fraction unknown; phases held at zero amount (each needs one unknown: T or a mole fraction).
 * Mass fractions and amounts convert to mole fractions first (lq_eq_batch_run does it for a
 * batch). Fill with lq_eq_conditions_default, then set what applies.
 */
typedef struct lq_eq_conditions {
    double T;         /**< K: the temperature, or its start value when free_T */
    int free_T;       /**< 1: T is unknown (needs a phase held at zero) */
    const double *x;  /**< [ncomp] overall mole fractions, all > 0, sum 1: fixed values, and the
                           start values of the components whose x is unknown */
    const double *mu; /**< [ncomp] or NULL: chemical potential fixed where finite, J/mol, against
                           the database reference (SER for SGTE data); NaN: not fixed */
    const double *ac; /**< [ncomp] or NULL: activity fixed where finite and > 0; NaN: not fixed */
    const size_t *ac_ref;     /**< [ncomp] or NULL: reference of each activity, a = exp((mu -
                                   G_ref) / RT) with G_ref of pure EL in that phase at T
                                   (lq_eq_reference_G), or LQ_EQ_REF_SER (NULL: all SER, as the
                                   default reference state of Thermo-Calc and OpenCalphad) */
    const size_t *zero_phase; /**< [n_zero] phases held at zero amount */
    size_t n_zero;
    const size_t *free_x; /**< [n_free_x] components whose mole fraction is unknown */
    size_t n_free_x;
    /** How the mole fractions move when some are unknown (a potential fixed or free_x): the
     *  other (closed) components keep their ratios (LQ_EQ_BALANCE_RATIOS, the default: their
     *  amounts N(EL) fixed), or only component `balance` compensates (the balance component of
     *  X(EL) conditions; it must be closed). */
    size_t balance;
} lq_eq_conditions;

/** Fills `c` with: T NaN, nothing free, no potentials, no zero phases, balance RATIOS. */
LQ_API void lq_eq_conditions_default(lq_eq_conditions *c);

/**
 * Equilibrium under the conditions `c`. The unknowns T (free_T), the mole fractions of the
 * components with a potential condition and those in free_x must be as many as the phases held
 * at zero plus the potential conditions (the phase rule: every condition removed adds one);
 * at least one component stays closed. A phase at zero at an exact stoichiometric composition
 * with T free (congruent melting of a compound: the liquid appears at the compound's own
 * composition) is solved with the liquid's composition equal to the overall one.
 * Method: a fixed-T, fixed-x equilibrium at the start values (lq_eq_solve), then Newton with the
 * conditions replacing the fixed values (one linear system: docs/equilibrium.md), the global
 * check at the solution, repeated from the new state when a phase must join; when Newton fails
 * and a single condition is released (one zero phase or one potential), the unknown is bracketed
 * by fixed equilibria and bisected before Newton restarts.
 * @param res  result (out): T, x as solved; zero phases listed with fixed_zero = 1
 * @return LQ_OK, LQ_EINVAL (NULL, indices out of range, unknowns not matching the conditions, a
 *         potential on a system with gauge directions, an activity against a phase with T free),
 *         LQ_EDOM (T, x out of range, activity <= 0), LQ_ENOTFOUND (reference phase without pure
 *         EL), LQ_ENOCONV, or a model status
 */
LQ_API lq_status lq_eq_solve_conditions(lq_eq_ws *ws, const lq_eq_conditions *c, lq_eq_result *res,
                                        lq_diag *diag);

/**
 * Gibbs energy per mole of atoms of the pure component `comp` in phase `ref_phase` at T (the
 * lowest among the phase's end members whose only component is `comp`, vacancies allowed).
 * @param G_ref  J/mol of atoms (out); H_ref, S_ref, Cp_ref may be NULL
 * @return LQ_OK, LQ_EINVAL, LQ_EDOM, LQ_ENOTFOUND (the phase has no end member of pure comp)
 */
LQ_API lq_status lq_eq_reference_G(lq_eq_ws *ws, double T, size_t comp, size_t ref_phase,
                                   double *G_ref, double *H_ref, double *S_ref, double *Cp_ref,
                                   lq_diag *diag);

/**
 * The stable state of pure component `comp` at T: the phase whose pure end member has the lowest
 * Gibbs energy per mole of atoms (e.g. DHCP for Nd at 973 K, LIQUID for Bi at 973 K).
 * @param phase  index of that phase (out); G_ref its G per mole of atoms (out, may be NULL)
 * @return LQ_OK, LQ_EINVAL, LQ_EDOM, LQ_ENOTFOUND (no phase holds the pure component)
 */
LQ_API lq_status lq_eq_reference_stable(lq_eq_ws *ws, double T, size_t comp, size_t *phase,
                                        double *G_ref, lq_diag *diag);

/**
 * Activity of component `comp` in an equilibrium against the pure component in `ref_phase` at the
 * same T: a = exp((mu - G_ref) / RT).
 * @param a      activity (out; may underflow to 0), ln_a its natural logarithm (out, may be NULL)
 * @return as lq_eq_reference_G
 */
LQ_API lq_status lq_eq_activity(lq_eq_ws *ws, const lq_eq_result *res, size_t comp,
                                size_t ref_phase, double *a, double *ln_a, lq_diag *diag);

/** Properties of one phase at a given T and composition (lq_props_phase_eval). */
typedef struct lq_phase_props {
    double GM, HM, SM, CPM;        /**< per mole of atoms: J/mol, J/mol, J/mol/K, J/mol/K */
    double GM_MIX, HM_MIX, SM_MIX; /**< of mixing, against the pure components in the same phase
                                        at the same T (per mole of atoms); NaN when the phase has
                                        no end member of a pure component present */
    double *mu; /**< [ncomp] caller array (may be NULL): chemical potentials J/mol,
                     database reference; -HUGE_VAL for a component with x = 0 */
    double *y;  /**< [n_constituents] caller array (may be NULL): site fractions */
} lq_phase_props;

/**
 * Properties of phase `phase` alone at T and overall composition x (per mole of atoms). For a
 * phase with internal degrees of freedom (several sublattices) the constitution minimises G at
 * this composition (the equilibrium Newton iterations with this phase only). x_c = 0 is allowed for
 * phases whose constitution follows from x directly (one sublattice of pure elements).
 * @return LQ_OK, LQ_EINVAL, LQ_EDOM (T, x outside range or not reachable by the phase),
 *         LQ_ENOCONV
 */
LQ_API lq_status lq_props_phase_eval(lq_eq_ws *ws, size_t phase, double T, const double *x,
                                     size_t ncomp, lq_phase_props *out, lq_diag *diag);

/**
 * Liquidus (or solvus) composition by a scan: the overall mole fraction of `solute` is stepped
 * from `x_step` in steps of `x_step` (below `x_max`, the rest the other component of a binary)
 * until the global equilibrium at T is `phase` + one other phase; then x_phase is the solute
 * fraction in `phase` and `other` the coexisting phase. Robust where a Newton boundary solve needs
 * a starting point; the result is exact for the equilibria computed, its resolution is not (use
 * it to start lq_eq_solve_x).
 * @param ws       workspace of a binary system (in/out: scratch)
 * @param res      result scratch (in/out), from lq_eq_result_alloc
 * @return LQ_OK, LQ_EINVAL (NULL, not binary, x_step or x_max outside (0, 1)), LQ_ENOTFOUND
 *         (the scan left the single-phase field of `phase` into another field, or reached x_max),
 *         or the status of lq_eq_solve
 */
LQ_API lq_status lq_eq_liquidus_scan(lq_eq_ws *ws, double T, size_t solute, size_t phase,
                                     double x_step, double x_max, lq_eq_result *res,
                                     double *x_phase, size_t *other, lq_diag *diag);

/**
 * Liquidus temperature of composition x: for every phase other than `liquid`, the temperature at
 * which it appears with zero amount (lq_eq_solve_T from T_guess), kept when the result has two
 * phases; the highest such temperature and its phase. Phases whose solve fails are skipped.
 * @param T     highest temperature found, K (out); solid its phase (out)
 * @param res   result scratch (in/out); holds the last solve, not necessarily the answer
 * @return LQ_OK, LQ_EINVAL, LQ_ENOTFOUND (no phase appears)
 */
LQ_API lq_status lq_eq_liquidus_T_find(lq_eq_ws *ws, double T_guess, const double *x, size_t ncomp,
                                       size_t liquid, lq_eq_result *res, double *T, size_t *solid);

/** Reference phase value of lq_props_grid_options.ref_phase: the stable pure state at each T. */
#define LQ_PROPS_REF_STABLE ((size_t)-1)

/** What lq_props_grid_compute evaluates (lq_props_grid_options_default: nothing set). */
typedef struct lq_props_grid_options {
    size_t phase;            /**< the phase evaluated alone (no other phase considered) */
    const double *T_K;       /**< [n_T] temperatures, K, each > 0 */
    size_t n_T;              /**< number of temperatures, >= 1 */
    const double *x;         /**< [n_x * ncomp] overall compositions, row-major (mole fractions) */
    size_t n_x;              /**< number of compositions, >= 1 */
    const size_t *ref_phase; /**< [ncomp] reference phase of each component's activity, or
                                  LQ_PROPS_REF_STABLE for its stable pure state at each T
                                  (lq_eq_reference_stable); NULL: stable for all */
} lq_props_grid_options;

/** Zeroes the options: ref_phase NULL (stable references); phase, T_K and x must be set. */
LQ_API void lq_props_grid_options_default(lq_props_grid_options *opt);

/**
 * Properties of one phase on a grid of temperatures x compositions. Row r = i * n_x + j holds
 * temperature T_K[i] and composition j.
 */
typedef struct lq_props_grid {
    size_t n_T, n_x, ncomp;
    lq_phase_props *props; /**< [n_T * n_x] GM, HM, SM, CPM and the _MIX terms (per mole of
                                atoms, SER); its mu/y pointers are NULL */
    double *mu;            /**< [n_T * n_x * ncomp] chemical potentials, J/mol, SER;
                                -HUGE_VAL for a component with x = 0 */
    double *acr;           /**< [n_T * n_x * ncomp] activities a_c = exp((mu_c - G_ref,c) / RT),
                                0 where mu_c = -inf */
    size_t *ref_phase;     /**< [n_T * ncomp] phase of the pure reference state of each
                                component at each T (the one given, or the stable one found) */
    double *G_ref;         /**< [n_T * ncomp] G of that reference, J/mol of atoms */
} lq_props_grid;

/**
 * Evaluates lq_props_phase_eval on every (T, x) of the grid, and the activities of all
 * components against pure references at the same T (a = exp((mu - G_ref)/RT); the references
 * from lq_eq_reference_G or lq_eq_reference_stable).
 * @param ws   equilibrium workspace of the system (in/out: scratch)
 * @param opt  grid and references (in)
 * @param out  new grid (out, on success only), free with lq_props_grid_free
 * @return LQ_OK, LQ_EINVAL (NULL, empty grid, phase out of range), LQ_EDOM (T or x out of range;
 *         diag names them), LQ_ENOTFOUND (a reference phase without the pure component),
 *         LQ_ENOCONV, LQ_ENOMEM
 */
LQ_API lq_status lq_props_grid_compute(lq_eq_ws *ws, const lq_props_grid_options *opt,
                                       lq_props_grid **out, lq_diag *diag);
/** Frees a grid (NULL is a no-op). */
LQ_API void lq_props_grid_free(lq_props_grid *grid);

/**
 * Activities of every component in an equilibrium (lq_eq_activity), each against its pure
 * reference at the equilibrium's T: ref_phase[c], or the stable pure state at T
 * (lq_eq_reference_stable) where ref_phase[c] is LQ_PROPS_REF_STABLE or ref_phase is NULL.
 * @param ref_phase  [ncomp] (in, may be NULL)
 * @param a          [ncomp] activities (out); ln_a [ncomp] their logarithms (out, may be NULL)
 * @param ref_used   [ncomp] the reference phases used (out, may be NULL)
 * @return LQ_OK, LQ_EINVAL (NULL, ncomp not the system's), or the status of the first component
 *         whose reference fails (as lq_eq_activity)
 */
LQ_API lq_status lq_eq_activities_compute(lq_eq_ws *ws, const lq_eq_result *res,
                                          const size_t *ref_phase, double *a, double *ln_a,
                                          size_t *ref_used, size_t ncomp, lq_diag *diag);

/* ============================================================================================ */
/* Phase diagrams (src/thermo/map)                                                              */
/* ============================================================================================ */

/*
 * Binary phase diagrams (docs/phase-diagrams.md): isothermal sections from the lower convex hull
 * of the sampled Gibbs energies on a temperature scan locate every two-phase field; each change of
 * the sequence of phases along x is bracketed by bisection and solved exactly (an invariant as a
 * three-phase equilibrium with T free, a congruent point as the extremum of a phase boundary, a
 * pure-element transition from equal Gibbs energies); every tie-line is then followed in T by
 * Newton continuation with step control between those temperatures. x is the mole fraction of the
 * second component of the system throughout.
 */

/** Options of lq_map_compute. Defaults from lq_map_options_default. */
typedef struct lq_map_options {
    double T_min, T_max; /**< temperature range, K (400, 2400) */
    double dT_scan;      /**< spacing of the coarse scan, K (10) */
    double max_dx;       /**< largest change of a boundary's x between traced points (0.01) */
} lq_map_options;

/** Fills the defaults listed in lq_map_options (NULL is a no-op). */
LQ_API void lq_map_options_default(lq_map_options *opt);

/** Kinds of invariant reaction (binary, three phases). */
typedef enum lq_map_reaction {
    LQ_MAP_EUTECTIC = 0, /**< L -> a + b on cooling */
    LQ_MAP_PERITECTIC,   /**< L + a -> b */
    LQ_MAP_EUTECTOID,    /**< g -> a + b (all solid) */
    LQ_MAP_PERITECTOID,  /**< a + b -> g (all solid) */
    LQ_MAP_MONOTECTIC,   /**< L1 -> L2 + a */
    LQ_MAP_SYNTECTIC,    /**< L1 + L2 -> a */
    LQ_MAP_METATECTIC    /**< a -> L + b (a solid melts on cooling) */
} lq_map_reaction;

/** Name of a reaction kind ("eutectic", ...), static string. */
LQ_API const char *lq_map_reaction_name(lq_map_reaction kind);

/** An invariant reaction: three phases on one common tangent at T. */
typedef struct lq_map_invariant {
    double T;         /**< K */
    double T_spread;  /**< K: |T from two different starts| (convergence of T) */
    size_t phase[3];  /**< system phase indices, sorted by x */
    double x[3];      /**< x of the second component in each phase */
    size_t middle;    /**< 0..2: the phase whose field ends at T (the middle one, =1) */
    int middle_above; /**< 1: the middle phase is stable above T (eutectic type) */
    lq_map_reaction kind;
    int degenerate; /**< 1: two of the phases lie within 1e-6 of the same pure end */
} lq_map_invariant;

/** A congruent point (extremum in T of a boundary where two phases have equal x), a critical point
 *  of a miscibility gap (phase[0] == phase[1]), a transition of a pure component, or an extremum
 *  in x of one boundary (e.g. a retrograde solvus: the largest solubility of phase[0] with
 *  phase[1], located by a parabola through the traced points). */
typedef struct lq_map_point {
    double T;        /**< K */
    double x;        /**< x of the second component */
    size_t phase[2]; /**< the two phases (low-T stable first for pure transitions) */
    int kind;        /**< 0 congruent, 1 critical point of a gap, 2 pure-component transition,
                          3 extremum in x of the boundary of phase[0] with phase[1] */
    int maximum;     /**< congruent: 1 when the two-phase fields lie below T (a melting point);
                          kind 3: 1 for a maximum of x */
} lq_map_point;

/** One traced two-phase boundary pair: the tie-line ends of phases (left, right) in x. */
typedef struct lq_map_boundary {
    size_t phase[2]; /**< left (smaller x) and right phase; equal for a miscibility gap */
    size_t n;        /**< points */
    double *T;       /**< [n] K, increasing */
    double *x[2];    /**< [n] x of the left and right phase at each T */
    int group;       /**< boundaries with the same group form one connected two-phase field */
} lq_map_boundary;

/** A single-phase field between two temperatures (its x range at the middle temperature). */
typedef struct lq_map_field {
    size_t phase;
    double T_lo, T_hi; /**< K */
    double x_lo, x_hi; /**< x range at (T_lo + T_hi) / 2 */
} lq_map_field;

/** A computed binary diagram. Arrays are owned by it; free with lq_map_free. */
typedef struct lq_map_result {
    size_t ncomp;        /**< 2 */
    double T_min, T_max; /**< K */
    size_t n_invariants;
    lq_map_invariant *invariants; /**< sorted by T */
    size_t n_points;
    lq_map_point *points; /**< congruent, critical and pure-component points */
    size_t n_boundaries;
    lq_map_boundary *boundaries;
    size_t n_fields;
    lq_map_field *fields; /**< single-phase fields, per temperature interval */
    size_t n_equilibria;  /**< hull sections + Newton solves evaluated */
    size_t n_warnings;    /**< tie-lines or events that could not be solved */
} lq_map_result;

/**
 * Maps the binary system of `ws` (2 components) between opt->T_min and T_max.
 * @param ws   equilibrium workspace of a binary system (its samples are used for the hull)
 * @param opt  options, or NULL for the defaults
 * @param out  new result (out), free with lq_map_free
 * @return LQ_OK, LQ_EINVAL (NULL, not binary, bad range), LQ_ENOMEM, a model status
 */
LQ_API lq_status lq_map_compute(lq_eq_ws *ws, const lq_map_options *opt, lq_map_result **out,
                                lq_diag *diag);
/** Frees a result (NULL is a no-op). */
LQ_API void lq_map_free(lq_map_result *map);

/**
 * Solubility at T: the tie-line of phase `in_phase` towards more of component `solute` (the
 * liquidus or solvus composition) and the phase that coexists there.
 * @param x_solute  mole fraction of `solute` in `in_phase` at saturation (out)
 * @param other     index of the coexisting phase (out); x_other its x of solute (out, may be NULL)
 * @return LQ_OK, LQ_EINVAL, LQ_ENOTFOUND (in_phase is not stable at T, or no phase limits it),
 *         LQ_ENOCONV
 */
LQ_API lq_status lq_map_solubility(lq_eq_ws *ws, double T, size_t solute, size_t in_phase,
                                   double *x_solute, size_t *other, double *x_other, lq_diag *diag);

/** Solubilities over a temperature sweep (lq_map_solubility_sweep). Free with
 *  lq_map_solubility_result_free. */
typedef struct lq_map_solubility_result {
    size_t n_T;
    double *T_K;       /**< [n_T] K, as given */
    double *x_solute;  /**< [n_T] x of the solute in the phase at saturation; NaN where failed */
    size_t *other;     /**< [n_T] the coexisting phase; (size_t)-1 where failed */
    double *x_other;   /**< [n_T] x of the solute in the coexisting phase; NaN where failed */
    lq_status *status; /**< [n_T] LQ_OK or the status of lq_map_solubility at that T */
    char **message;    /**< [n_T] NULL for LQ_OK, else why (lq_map_solubility's diag) */
    size_t n_failed;   /**< temperatures with status != LQ_OK */
} lq_map_solubility_result;

/**
 * lq_map_solubility at every temperature of T_K; a temperature where it fails (the phase not
 * stable there, no convergence, T <= 0) keeps its status and message and the sweep goes on.
 * @param T_K  [n_T] temperatures, K (in)
 * @param out  new result (out, on LQ_OK)
 * @return LQ_OK (see out->n_failed), LQ_EINVAL (NULL, n_T = 0, not a binary, indices out of
 *         range), LQ_ENOMEM
 */
LQ_API lq_status lq_map_solubility_sweep(lq_eq_ws *ws, const double *T_K, size_t n_T, size_t solute,
                                         size_t in_phase, lq_map_solubility_result **out,
                                         lq_diag *diag);
/** Frees a solubility sweep (NULL is a no-op). */
LQ_API void lq_map_solubility_result_free(lq_map_solubility_result *r);

/** What lq_step_compute sweeps (lq_step_options_default: nothing set, no invariant points). */
typedef struct lq_step_options {
    const double *x;   /**< [ncomp] overall mole fractions (sum 1) */
    size_t ncomp;      /**< components of the workspace's system */
    const double *T_K; /**< [n_T] temperatures, K, each > 0 (any order) */
    size_t n_T;        /**< >= 1 */
    /** 1: for a binary, add temperatures 1e-3 K either side of every invariant reaction of the
     *  diagram mapped over the sweep's range (lq_map_compute) whose phases span x, strictly
     *  inside the range, and sort all temperatures, so that a plot of the amounts shows their
     *  jumps; nothing is added when the mapping fails or the system is not binary. */
    int invariant_points;
} lq_step_options;

/** Zeroes the options. */
LQ_API void lq_step_options_default(lq_step_options *opt);

/** Phase amounts over a temperature sweep at fixed overall composition. */
typedef struct lq_step_result {
    size_t n_T;        /**< temperatures (n_T of the options, plus invariant points) */
    double *T_K;       /**< [n_T] */
    size_t n_phases;   /**< phases of the system */
    double *amount;    /**< [n_T * n_phases] mol of atoms per mol of atoms of each phase (two
                            composition sets of one phase added), 0 where absent, NaN at a
                            temperature without an equilibrium */
    int *present;      /**< [n_phases] 1 when the phase has an amount > 0 at some T */
    lq_status *status; /**< [n_T] LQ_OK, or why there is no equilibrium at that T (skipped) */
    size_t n_failed;   /**< temperatures with status != LQ_OK */
} lq_step_result;

/**
 * Equilibrium (lq_eq_solve, P = 101325 Pa) at every temperature of the sweep. A temperature
 * without an equilibrium (no convergence, T <= 0) is skipped with its status in out->status and
 * NaN amounts; it never stops the sweep.
 * @param ws   equilibrium workspace (in/out: scratch)
 * @param opt  sweep (in)
 * @param out  result (out, on success only), free with lq_step_result_free
 * @param diag on LQ_OK with failed temperatures: a warning naming the first of them
 * @return LQ_OK (see out->n_failed), LQ_EINVAL (NULL, empty sweep, ncomp not the system's),
 *         LQ_ENOMEM
 */
LQ_API lq_status lq_step_compute(lq_eq_ws *ws, const lq_step_options *opt, lq_step_result **out,
                                 lq_diag *diag);
/** Frees a step result (NULL is a no-op). */
LQ_API void lq_step_result_free(lq_step_result *r);

/* ============================================================================================ */
/* Batches of equilibria (src/thermo/equil/batch.c)                                             */
/* ============================================================================================ */

/*
 * Many equilibria in one call (docs/equilibrium.md, "Batches"): a grid or a list of points, each
 * a set of conditions as Thermo-Calc and OpenCalphad users write them, converted to T, P and mole
 * fractions, solved in parallel (OpenMP, one workspace per thread) with each point warm-started
 * from the previous point of its chunk. A point that cannot be solved (bad conditions, no
 * convergence) gets its own status and message; it never stops the others.
 */

/** Kinds of condition of a batch point (Thermo-Calc / OpenCalphad names). */
typedef enum lq_eq_cond_kind {
    LQ_EQ_COND_T = 0, /**< T: temperature, K ("T" or "T_K") */
    LQ_EQ_COND_P,     /**< P: pressure, Pa ("P" or "P_Pa"; default lq_eq_options.P) */
    LQ_EQ_COND_X,     /**< X(EL): overall mole fraction of component EL */
    LQ_EQ_COND_W,     /**< W(EL): overall mass fraction of component EL (IUPAC 2021 masses) */
    LQ_EQ_COND_N,     /**< N: total amount, mol of atoms (default 1; with N(EL) fixes x) */
    LQ_EQ_COND_NC,    /**< N(EL): amount of component EL, mol */
    LQ_EQ_COND_B,     /**< B: total mass, g ("B" or "B_g"; gives N = B / mean molar mass) */
    LQ_EQ_COND_BC,    /**< B(EL): mass of component EL, g */
    LQ_EQ_COND_MU,    /**< MU(EL): chemical potential of EL fixed, J/mol (database reference, SER
                           for SGTE data): EL is open, its x follows (lq_eq_solve_conditions) */
    LQ_EQ_COND_AC     /**< AC(EL): activity of EL against SER fixed (a = exp(mu / RT), > 0) */
} lq_eq_cond_kind;

/** Size of lq_eq_cond.comp including the NUL. */
#define LQ_EQ_COND_COMP_SIZE 24

/** One condition: its kind and, for X, W, N(EL) and B(EL), the component (upper case). */
typedef struct lq_eq_cond {
    lq_eq_cond_kind kind;
    char comp[LQ_EQ_COND_COMP_SIZE]; /**< "ND" for X(ND); "" for T, P and N */
} lq_eq_cond;

/**
 * Parses one condition name, case-insensitive: T, T_K, P, P_Pa, N, N_mol, B, B_g, X(EL), W(EL),
 * N(EL), B(EL), MU(EL), AC(EL), and x_EL / w_EL (the batch's own output columns).
 * @param text  the name (in), `len` characters (not necessarily NUL-terminated)
 * @return LQ_OK, LQ_EINVAL (NULL), LQ_EPARSE (not a condition; diag names it)
 */
LQ_API lq_status lq_eq_cond_parse(const char *text, size_t len, lq_eq_cond *cond, lq_diag *diag);

/** Points of a batch: one value per condition and point. Free with lq_eq_points_free. */
typedef struct lq_eq_points {
    size_t n_cond;
    lq_eq_cond *cond; /**< [n_cond] */
    size_t n_points;
    double *value; /**< [n_points * n_cond] row-major, units of lq_eq_cond_kind; NaN: the
                        condition is not set at this point (an empty field of a points file) */
    long *line;    /**< [n_points] line of the point in its file (0 for a grid) */
    char **error;  /**< [n_points] NULL, or why the point's row could not be read
                        ("file:line:column: ..."); such a point fails with LQ_EPARSE */
} lq_eq_points;

/**
 * Builds the full grid of a specification such as "T=300:2000:10,X(ND)=0:1:0.01": conditions
 * separated by commas, each NAME=A:B:STEP (A, A+STEP, ... up to B within 1e-9 of a step),
 * NAME=A:B (the two values) or NAME=V[,V...] (a list: a comma-separated item without '=' adds a
 * value to the condition before it). The first condition varies slowest: point
 * i0 * (n1 * n2 ...) + i1 * (n2 ...) + ... holds value i0 of the first.
 * @param spec  the specification (in)
 * @param out   new points (out, on success only), free with lq_eq_points_free
 * @return LQ_OK, LQ_EINVAL (NULL, more than 1e7 points), LQ_EPARSE (diag names the item),
 *         LQ_ENOMEM
 */
LQ_API lq_status lq_eq_points_grid(const char *spec, lq_eq_points **out, lq_diag *diag);

/**
 * Reads points from a CSV file: '#' comment lines, a header naming one condition per column
 * (lq_eq_cond_parse), then one point per row; the delimiter is that of the header (tab, ';', ','
 * or blanks). An empty field leaves the condition unset at that point; a field that is not a
 * number makes that point fail (its error names file:line:column), the others are read.
 * @return LQ_OK, LQ_EINVAL, LQ_EIO, LQ_EPARSE (no header, a column that is no condition, a
 *         condition given twice, no rows), LQ_ENOMEM
 */
LQ_API lq_status lq_eq_points_read(const char *path, lq_eq_points **out, lq_diag *diag);
/** lq_eq_points_read from the `size` bytes of `text`; `name` is the file name in messages. */
LQ_API lq_status lq_eq_points_read_string(const char *text, size_t size, const char *name,
                                          lq_eq_points **out, lq_diag *diag);
/** Frees points (NULL is a no-op). */
LQ_API void lq_eq_points_free(lq_eq_points *pts);

/** Options of lq_eq_batch_run. Defaults from lq_eq_batch_options_default. */
typedef struct lq_eq_batch_options {
    lq_eq_options eq; /**< solver options of every workspace (lq_eq_options_default) */
    int n_threads;    /**< OpenMP threads; 0: the OpenMP default (OMP_NUM_THREADS) (0) */
    size_t chunk;     /**< points per chunk (64): a chunk is solved in order by one thread, each
                           point warm-started from the one before; results do not depend on the
                           number of threads, only on `chunk` */
    int warm_start;   /**< 1: warm starts (lqi_eq_solve_warm) within a chunk; 0: every point
                           from the global hull (1) */
    /** Phase (system index) held at zero amount at every point, with T or one mole fraction
     *  unknown (lq_eq_solve_T / lq_eq_solve_x: a liquidus line over a composition grid);
     *  LQ_EQ_BATCH_NO_ZERO (the default) for plain equilibria. */
    size_t zero_phase;
    /** With zero_phase: LQ_EQ_BATCH_FREE_T (the point's T is the start value), or the index of
     *  the component whose mole fraction is unknown (the point's value is the start). */
    size_t free_var;
    /** Optional: when *cancel becomes non-zero (a SIGINT/SIGTERM handler sets it), chunks not yet
     *  started are skipped and lq_eq_batch_run returns LQ_ECANCELLED with no result (NULL). */
    const volatile sig_atomic_t *cancel;
} lq_eq_batch_options;

/** lq_eq_batch_options.zero_phase: no phase held at zero. */
#define LQ_EQ_BATCH_NO_ZERO ((size_t)-1)
/** lq_eq_batch_options.free_var: the temperature is the unknown. */
#define LQ_EQ_BATCH_FREE_T ((size_t)-1)

/** Fills the defaults listed in lq_eq_batch_options (NULL is a no-op). */
LQ_API void lq_eq_batch_options_default(lq_eq_batch_options *opt);

/**
 * Results of a batch, point by point in the order of the points. Arrays are owned by the result;
 * values of a failed point are NaN (amounts 0, no sets).
 */
typedef struct lq_eq_batch_result {
    size_t n_points, ncomp, n_phases; /**< n_phases: phases of the system */
    size_t max_sets;                  /**< composition sets per point room (ncomp + 1) */
    lq_status *status;                /**< [n_points] LQ_OK, or why the point has no result */
    char **message;         /**< [n_points] NULL for LQ_OK, else "point I: ..." naming the cause */
    size_t n_failed;        /**< points with status != LQ_OK */
    size_t n_invalid;       /**< of those, points whose conditions are invalid (LQ_EDOM, LQ_EINVAL,
                                 LQ_ENOTFOUND, LQ_EPARSE) rather than unconverged */
    double *T, *P, *N;      /**< [n_points] conditions as solved: K, Pa, mol of atoms */
    double *x;              /**< [n_points * ncomp] overall mole fractions */
    double *mu;             /**< [n_points * ncomp] chemical potentials, J/mol (database reference);
                                 -HUGE_VAL for a component absent at the point */
    double *G, *H, *S, *Cp; /**< [n_points] system, per mole of atoms (lq_eq_result) */
    double *amount;         /**< [n_points * n_phases] mol of atoms per mol of atoms of each phase
                                 (composition sets of one phase added) */
    size_t *n_sets;         /**< [n_points] stable composition sets */
    size_t *set_phase;      /**< [n_points * max_sets] phase of each set, largest amount first */
    double *set_amount;     /**< [n_points * max_sets] mol of atoms per mol of atoms */
    double *set_x;          /**< [n_points * max_sets * ncomp] mole fractions in each set */
    int n_threads;          /**< threads used */
} lq_eq_batch_result;

/**
 * Solves every point of `pts` in the system `sys`. Conditions per point: T (required, > 0), P
 * (> 0), and the composition by X, W, N(EL) and B(EL) of the components: every component of
 * the system has at most one of them, and exactly one component has none (the balance) unless
 * all are given (then they sum to 1; amounts N(EL) or masses B(EL) of all components are
 * normalised and give N or B). N(EL) on only some components needs N (x = N(EL) / N), B(EL)
 * needs B (w = B(EL) / B); B gives N = B / sum x_i M_i. Mole and mass fractions can be mixed
 * (closed form: docs/equilibrium.md). A condition on a component outside the system is allowed with
 * value 0. A component at zero (a pure component or an edge of a grid) is solved in the system of
 * the other components (built once from `db` with the same phases that can exist there); without
 * `db` such points fail with LQ_EDOM.
 * @param db    the database of sys (in, may be NULL: no points with a zero component)
 * @param sys   the system (in)
 * @param pts   the points (in)
 * @param opt   options (in), NULL for the defaults
 * @param out   new result (out, on LQ_OK), free with lq_eq_batch_result_free; failed points are
 *              inside it, with their status and message
 * With opt->zero_phase set, every point is solved by lq_eq_solve_T (or lq_eq_solve_x) from its
 * conditions as the start, cold (no warm start); a point whose subsystem lacks the phase or the
 * free component fails with LQ_ENOTFOUND.
 * Potentials: MU(EL) or AC(EL) at a point makes EL open (its x follows); the other components
 * then take mole fractions X(EL) only (no W, N(EL), B(EL): LQ_EINVAL), one component without a
 * condition is the balance and compensates alone (the X given stay fixed), and the open
 * components and the balance start from equal shares of what the X leave. Such a point is solved
 * cold by lq_eq_solve_conditions (with the zero phase and its unknown when opt->zero_phase is
 * set); x in the result is the solved composition.
 * @return LQ_OK (even when points failed: see n_failed), LQ_EINVAL (NULL, bad options),
 *         LQ_ENOMEM, or the status of a workspace allocation (diag)
 */
LQ_API lq_status lq_eq_batch_run(const lq_db *db, const lq_system *sys, const lq_eq_points *pts,
                                 const lq_eq_batch_options *opt, lq_eq_batch_result **out,
                                 lq_diag *diag);
/** Frees a batch result (NULL is a no-op). */
LQ_API void lq_eq_batch_result_free(lq_eq_batch_result *r);

/* Ternary isothermal sections (src/thermo/map/ternary*.c)                                      */
/* ============================================================================================ */

/*
 * Isothermal section of a ternary (docs/phase-diagrams.md): equilibria (lq_eq_solve) on a
 * triangular grid of overall compositions find the phase regions; each two-phase region is then
 * traced by continuation of tie-lines (the overall composition stepped perpendicular to the last
 * tie-line from its midpoint, each step an equilibrium warm-started from the last), step halving
 * at a change of the phase set until the step is below `tol`, so that every family closes at a
 * tie-triangle (whose edge is appended exactly), at an edge of the Gibbs triangle, or where its
 * tie-lines shrink to a point. Tie-triangles come from the three-phase equilibria met on the grid
 * and while tracing. Compositions are mole fractions of the system's three components, in order.
 */

/** Options of lq_ternary_section_compute. Defaults from lq_ternary_section_options_default. */
typedef struct lq_ternary_section_options {
    double T;            /**< temperature, K (no default: must be set, > 0) */
    size_t grid_n;       /**< divisions of each side of the grid of overall compositions (24) */
    double step;         /**< first and largest step of the overall composition between traced
                              tie-lines, mole fraction (0.01) */
    double max_dx;       /**< largest move of a tie-line end between traced tie-lines (0.02) */
    double tol;          /**< smallest step: a boundary is located to this, mole fraction (1e-6) */
    double edge;         /**< smallest mole fraction of a component in an overall composition (the
                              solver needs every x > 0); a family reaching it ends at the edge
                              (1e-7) */
    size_t max_tielines; /**< cap on the tie-lines of one family (4000) */
} lq_ternary_section_options;

/** Fills the defaults listed in lq_ternary_section_options, T = 0 (NULL is a no-op). */
LQ_API void lq_ternary_section_options_default(lq_ternary_section_options *opt);

/** How one end of a tie-line family closes. */
typedef enum lq_ternary_end {
    LQ_TERNARY_END_EDGE = 0,   /**< at an edge of the Gibbs triangle (a binary tie-line) */
    LQ_TERNARY_END_TRIANGLE,   /**< at a tie-triangle (`end_triangle` names it) */
    LQ_TERNARY_END_POINT,      /**< the tie-lines shrink to a point (critical or congruent) */
    LQ_TERNARY_END_OTHER,      /**< another phase set follows (e.g. a single-phase field) */
    LQ_TERNARY_END_UNRESOLVED, /**< the solver failed or the cap was reached (a warning) */
    LQ_TERNARY_END_LOOP /**< the family closes on itself (a ring around a one-phase pocket); its
                             first and last tie-lines are the same tie-line */
} lq_ternary_end;

/** A two-phase region: its traced tie-lines, ordered along the region. */
typedef struct lq_ternary_region {
    size_t phase[2];       /**< system phase indices (equal for a miscibility gap) */
    size_t n;              /**< tie-lines */
    double *x;             /**< [n * 2 * 3]: end k (phase[k]) of tie-line i, component c at
                                x[(i * 2 + k) * 3 + c] */
    lq_ternary_end end[2]; /**< how the first (0) and the last (1) tie-line close the region */
    size_t
        end_triangle[2]; /**< index into triangles for LQ_TERNARY_END_TRIANGLE, else (size_t)-1 */
} lq_ternary_region;

/** A three-phase region (tie-triangle). */
typedef struct lq_ternary_triangle {
    size_t phase[3]; /**< system phase indices, sorted */
    double x[3][3];  /**< x[k][c]: component c in phase[k] */
} lq_ternary_triangle;

/** A phase field as met on the grid: its phases and a representative overall composition (its
 *  grid point nearest the mean of its grid points), e.g. for labels. */
typedef struct lq_ternary_field {
    size_t n_phases; /**< 1, 2 or 3 */
    size_t phase[3]; /**< sorted; unused entries (size_t)-1 */
    double x[3];     /**< representative overall composition */
    size_t n_grid;   /**< grid points with this phase set */
} lq_ternary_field;

/** An isothermal section. Arrays are owned by it; free with lq_ternary_section_free. */
typedef struct lq_ternary_section {
    double T; /**< K */
    size_t n_regions;
    lq_ternary_region *regions; /**< two-phase regions; the ends of region r's tie-lines are the
                                     boundaries of the single-phase fields of phase[0], phase[1] */
    size_t n_triangles;
    lq_ternary_triangle *triangles;
    size_t n_fields;
    lq_ternary_field *fields;
    size_t n_equilibria; /**< equilibria solved */
    size_t n_failed;     /**< equilibria that did not converge (grid points skipped, steps
                              halved) */
    size_t n_warnings;   /**< families ended LQ_TERNARY_END_UNRESOLVED */
} lq_ternary_section;

/**
 * Computes the isothermal section of the ternary system of `ws` at opt->T.
 * @param ws   equilibrium workspace of a system with three components (in/out: scratch)
 * @param opt  options with T set (in)
 * @param out  new section (out, on success only), free with lq_ternary_section_free
 * @return LQ_OK, LQ_EINVAL (NULL, not three components, bad options), LQ_EDOM (T <= 0),
 *         LQ_ENOTFOUND (no grid point converged), LQ_ENOMEM, a model status
 */
LQ_API lq_status lq_ternary_section_compute(lq_eq_ws *ws, const lq_ternary_section_options *opt,
                                            lq_ternary_section **out, lq_diag *diag);
/** Frees a section (NULL is a no-op). */
LQ_API void lq_ternary_section_free(lq_ternary_section *sec);

/* ============================================================================================ */
/* Isopleths (vertical sections, src/thermo/map/isopleth.c)                                     */
/* ============================================================================================ */

/*
 * Isopleth: T against the straight line x(s) = (1 - s) x0 + s x1, 0 <= s <= 1, between two overall
 * compositions of any number of components. Equilibria (lq_eq_solve, warm-started) on an
 * (n_s + 1) x (n_T + 1) grid give the phase set at each node; every change of the phase set between
 * neighbouring nodes is located by bisection, in s at fixed T (to tol_s) and in T at fixed s (to
 * tol_T). The points found are the phase-region boundaries of the section.
 */

/** Largest number of phases in one phase set of an isopleth point. */
#define LQ_ISOPLETH_MAXPH 8

/** What lq_isopleth_compute maps. lq_isopleth_options_default: x0, x1 NULL (must be set). */
typedef struct lq_isopleth_options {
    const double *x0, *x1; /**< [ncomp] the end compositions (mole fractions, sum 1) */
    size_t ncomp;          /**< components of the workspace's system */
    double T_min, T_max;   /**< K (600, 2200) */
    size_t n_s, n_T;       /**< grid divisions along the line and in T (40, 40) */
    double tol_s;          /**< boundary location along the line (1e-5) */
    double tol_T;          /**< boundary location in T, K (1e-3) */
} lq_isopleth_options;

/** Fills the defaults listed in lq_isopleth_options (NULL is a no-op). */
LQ_API void lq_isopleth_options_default(lq_isopleth_options *opt);

/** One boundary point: a change of the phase set between (s, T) neighbours. */
typedef struct lq_isopleth_point {
    double s;          /**< position on the line, 0..1 */
    double T;          /**< K */
    int along_T;       /**< 1: located in T at fixed s; 0: located in s at fixed T */
    size_t n_lo, n_hi; /**< phases on the lower (s or T) and upper side */
    size_t phase_lo[LQ_ISOPLETH_MAXPH]; /**< sorted phase indices (composition sets repeat) */
    size_t phase_hi[LQ_ISOPLETH_MAXPH];
} lq_isopleth_point;

/** An isopleth. Free with lq_isopleth_free. */
typedef struct lq_isopleth {
    size_t ncomp;
    double *x0, *x1; /**< [ncomp] the ends of the line */
    double T_min, T_max;
    size_t n_points;
    lq_isopleth_point *points;
    size_t n_equilibria, n_failed; /**< equilibria solved; of them, not converged (skipped) */
} lq_isopleth;

/**
 * Maps the isopleth of opt in the system of ws.
 * @return LQ_OK, LQ_EINVAL (NULL, ncomp not the system's, bad grid), LQ_EDOM (x outside (0, 1)
 *         at an end, T range not > 0), LQ_ENOTFOUND (no grid node converged), LQ_ENOMEM
 */
LQ_API lq_status lq_isopleth_compute(lq_eq_ws *ws, const lq_isopleth_options *opt,
                                     lq_isopleth **out, lq_diag *diag);
/** Frees an isopleth (NULL is a no-op). */
LQ_API void lq_isopleth_free(lq_isopleth *iso);

/* ============================================================================================ */
/* Liquidus projections of ternaries (src/thermo/map/projection.c)                             */
/* ============================================================================================ */

/*
 * Liquidus projection (docs/phase-diagrams.md, "Liquidus projections"): the liquidus temperature
 * and primary phase on a triangular grid of compositions (bisection between liquid and not, then
 * the primary phase held at zero with T free); where neighbouring nodes have different primary
 * phases A and B, a point of the univariant line L + A + B (the liquid's composition with A and B
 * at zero amount, T and the position along the grid edge free: lq_eq_solve_conditions); in every
 * grid triangle whose nodes have three primary phases, the ternary invariant L + A + B + C (three
 * phases at zero, T and two mole fractions free). Only converged results that pass the global
 * check are kept.
 */

/** lq_liquidus_projection_options.liquid: the phase named LIQUID. */
#define LQ_PROJECTION_LIQUID_BY_NAME ((size_t)-1)

/** Options of lq_liquidus_projection_compute. Defaults from _options_default. */
typedef struct lq_liquidus_projection_options {
    size_t liquid;       /**< phase index of the liquid (LQ_PROJECTION_LIQUID_BY_NAME) */
    size_t grid_n;       /**< divisions of each side of the composition triangle (20) */
    double x_min;        /**< smallest mole fraction of a node: edge nodes lie inside (1e-4) */
    double T_min, T_max; /**< K: the liquidus is searched between them (300, 4000) */
} lq_liquidus_projection_options;

/** Fills the defaults listed in lq_liquidus_projection_options (NULL is a no-op). */
LQ_API void lq_liquidus_projection_options_default(lq_liquidus_projection_options *opt);

/** A grid node: its liquidus temperature and primary phase (ok = 0: not found). */
typedef struct lq_liquidus_projection_node {
    double x[3]; /**< overall mole fractions */
    double T;    /**< liquidus temperature, K */
    size_t primary;
    int ok;
} lq_liquidus_projection_node;

/** A point of a univariant line: liquid of composition x at T saturated with phase[0], [1]. */
typedef struct lq_liquidus_projection_point {
    double T;        /**< K */
    double x[3];     /**< liquid composition, mole fractions */
    size_t phase[2]; /**< the two solids (phase[0] < phase[1]) */
} lq_liquidus_projection_point;

/** A univariant line: points[first .. first + n) of the projection, in order along the line
 *  (one phase pair may have several lines). */
typedef struct lq_liquidus_projection_line {
    size_t phase[2];
    size_t first, n;
} lq_liquidus_projection_line;

/** A ternary invariant: liquid of composition x at T with three solids (sorted indices). */
typedef struct lq_liquidus_projection_invariant {
    double T;
    double x[3];
    size_t phase[3];
} lq_liquidus_projection_invariant;

/** A liquidus projection. Arrays are owned by it; free with lq_liquidus_projection_free. */
typedef struct lq_liquidus_projection {
    size_t liquid; /**< phase index of the liquid */
    size_t grid_n; /**< nodes: (grid_n + 1)(grid_n + 2)/2, row by row of x of component 2 */
    size_t n_nodes;
    lq_liquidus_projection_node *nodes;
    size_t n_points;
    lq_liquidus_projection_point *points; /**< grouped by line */
    size_t n_lines;
    lq_liquidus_projection_line *lines;
    size_t n_invariants;
    lq_liquidus_projection_invariant *invariants;
    size_t n_equilibria; /**< equilibria solved (fixed and with conditions) */
    size_t n_failed;     /**< line and invariant solves that did not converge or fell outside */
} lq_liquidus_projection;

/**
 * Liquidus projection of the ternary system of ws.
 * @param out  new projection (out, on success only), free with lq_liquidus_projection_free
 * @return LQ_OK, LQ_EINVAL (NULL, not three components, grid_n < 2, no liquid phase, bad T
 *         range), LQ_ENOTFOUND (no node has a liquidus in the T range), LQ_ENOMEM
 */
LQ_API lq_status lq_liquidus_projection_compute(lq_eq_ws *ws,
                                                const lq_liquidus_projection_options *opt,
                                                lq_liquidus_projection **out, lq_diag *diag);
/** Frees a projection (NULL is a no-op). */
LQ_API void lq_liquidus_projection_free(lq_liquidus_projection *proj);

/* ============================================================================================ */
/* Symbols set by value, for assessments (src/thermo/model/symbols.c)                           */
/* ============================================================================================ */

/**
 * Indices of named FUNCTIONs (symbols, e.g. ESPEI's VV0000) of a system, for
 * lq_thermo_ws_set_symbols and lq_eq_ws_set_symbols. Names are case-insensitive.
 * @param idx  [n] indices (out)
 * @return LQ_OK, LQ_EINVAL (NULL), LQ_ENOTFOUND (a name that is no FUNCTION of the database)
 */
LQ_API lq_status lq_system_symbols_find(const lq_system *sys, const char *const *names, size_t n,
                                        size_t *idx);
/**
 * Sets symbols by value in one workspace: FUNCTION idx[i] becomes the constant values[i] at every
 * T (as ESPEI replaces a fitted symbol by its first piece), and every parameter that uses it
 * follows, without reading the database again. The workspace's (T, P) cache is invalidated. Other
 * workspaces of the same system keep their own values (one workspace per thread).
 * @return LQ_OK, LQ_EINVAL (NULL, index out of range), LQ_EDOM (non-finite value), LQ_ENOMEM
 */
LQ_API lq_status lq_thermo_ws_set_symbols(lq_thermo_ws *ws, const size_t *idx, const double *values,
                                          size_t n);
/** Returns every symbol of the workspace to its database expression. @return LQ_OK, LQ_EINVAL */
LQ_API lq_status lq_thermo_ws_clear_symbols(lq_thermo_ws *ws);
/** lq_thermo_ws_set_symbols for the thermodynamic workspace inside an equilibrium workspace (its
 *  sampled energies are evaluated again at the next solve). */
LQ_API lq_status lq_eq_ws_set_symbols(lq_eq_ws *ws, const size_t *idx, const double *values,
                                      size_t n);
/**
 * Gas constant of the workspace's ideal-mixing and magnetic terms, J/mol/K (default
 * LQ_GAS_CONSTANT_J_PER_MOL_K); LQ_GAS_CONSTANT_PYCALPHAD_J_PER_MOL_K reproduces pycalphad/ESPEI.
 * @return LQ_OK, LQ_EINVAL (NULL), LQ_EDOM (not finite and > 0)
 */
LQ_API lq_status lq_thermo_ws_set_gas_constant(lq_thermo_ws *ws, double R);
/** Includes (on = 1, the default) or leaves out (0) the magnetic contribution in this workspace's
 *  evaluations (ESPEI's excluded "mag" contribution). @return LQ_OK, LQ_EINVAL */
LQ_API lq_status lq_thermo_ws_set_magnetic(lq_thermo_ws *ws, int on);
/** lq_thermo_ws_set_gas_constant for an equilibrium workspace. */
LQ_API lq_status lq_eq_ws_set_gas_constant(lq_eq_ws *ws, double R);

/* ============================================================================================ */
/* Cell potentials from Gibbs energies, and back (src/thermo/cell)                              */
/* ============================================================================================ */

/*
 * Conventions (docs/cell-potentials.md derives every formula):
 * - A binary electrode alloy of the electroactive metal M (ion M^n+) in a host H; x is the mole
 *   fraction of M throughout.
 * - Sign: a potential "vs X" is phi(alloy) - phi(X). The emf against M^n+/M (pure M in its
 *   reference phase at the same T, in the same melt) is E = -(mu_M - mu°_M) / (n F) (Nd-Bi study
 *   Eqs. 5-6): E > 0 where M is less active than pure M (a_M = exp(-n F E / R T) < 1).
 * - In a two-phase field mu_M is constant, so E is a plateau: the potential an open-circuit
 *   transient (Mg-La study Fig. 5) holds while that pair of phases coexists. Stripping M, a
 *   transient walks the plateaus from the M-rich end (most negative) to the host (most positive).
 * - On a reporting reference electrode (lq_echem_ref, src/echem/ref): E_ref = E + E_metal_V, with
 *   E_metal_V the potential of M^n+/M against that electrode at T (e.g. La -1.70 V vs Ag/AgCl at
 *   973 K, Mg-La Fig. 5); and on the electrode's base scale (Cl2/Cl- for Ag/AgCl, study Eq. 6:
 *   phi = -1.0910 + 1.17e-5 T) through lq_echem_ref_convert.
 * - Gibbs energies of formation g are per mole of atoms, against pure H and pure M in their
 *   reference phases at T; per formula unit where a formula is named.
 * - Deposition of a compound c (x_c, g_c) directly on pure host: M^n+ + n e- + (1-x_c)/x_c H -> c
 *   per M, at E_dep = -g_c / (x_c n F) vs M^n+/M; E_dep > 0 is the underpotential shift.
 */

/** Size of the phase-name fields of the cell types. */
#define LQ_CELL_NAME_SIZE 64

struct lq_echem_ref;    /* include/liquidus/echem.h */
struct lq_hull_entries; /* include/liquidus/dft.h */
struct lq_dataset;      /* include/liquidus/assess.h */

/** Options of the forward calculations. Defaults from lq_cell_options_default. */
typedef struct lq_cell_options {
    const char *metal;       /**< electroactive component M, e.g. "ND" (case-insensitive) */
    const char *host;        /**< host component H, e.g. "BI" */
    int n_electrons;         /**< charge number n of M^n+ (>= 1; default 0: must be set) */
    double T_K;              /**< temperature, K (> 0; default NaN: must be set) */
    const char *metal_phase; /**< database: reference phase of pure M (NULL: its stable pure
                                  state at T); compounds/DFT: its name in the output only */
    double dx;               /**< database: spacing of the composition scan (0.005) */
    const double *x;         /**< database: further compositions where E(x) is evaluated, each
                                  in (0, 1) (may be NULL) */
    size_t n_x;
    const struct lq_echem_ref *ref; /**< reporting reference electrode, or NULL (vs M^n+/M only) */
    double E_metal_V; /**< potential of M^n+/M vs `ref` at T, V (NaN: unknown; no conversion) */
    double E_host_V;  /**< potential of the host's own couple (e.g. Mg2+/Mg) vs `ref` at T, V,
                           the last step of the staircase (NaN: unknown) */
} lq_cell_options;

/** Defaults: dx 0.005, n_electrons 0 and T NaN (to be set), no reference, potentials NaN. */
LQ_API void lq_cell_options_default(lq_cell_options *opt);

/** One point of E(x) (database calculations). */
typedef struct lq_cell_point {
    double x;             /**< mole fraction of M */
    double dmu_J_per_mol; /**< mu_M - mu°_M, J/mol */
    double E_V;           /**< vs M^n+/M */
    double E_ref_V;       /**< vs the reporting reference (NaN: unknown) */
    double E_scale_V;     /**< vs the reference's base scale (NaN: unknown) */
    size_t field;         /**< index into lq_cell_result.fields */
} lq_cell_point;

/** A phase field along x at T: one phase (a solution range) or two (a plateau). */
typedef struct lq_cell_field {
    size_t n_phases;                  /**< 1 or 2 */
    char phase[2][LQ_CELL_NAME_SIZE]; /**< lower-x phase first ("" when n_phases = 1) */
    double x_lo, x_hi;                /**< x of M at the ends: tie-line ends for two
                                           phases, scanned range for one */
    double dmu_J_per_mol;             /**< two phases: mu_M - mu°_M; NaN for one */
    double E_V;                       /**< two phases: plateau vs M^n+/M; NaN for one */
    double E_ref_V;                   /**< vs the reporting reference (NaN: unknown) */
    double E_scale_V;                 /**< vs the reference's base scale (NaN: unknown) */
} lq_cell_field;

/** A compound and its deposition on the pure host. */
typedef struct lq_cell_deposit {
    char phase[LQ_CELL_NAME_SIZE];
    double x;                         /**< mole fraction of M in the compound */
    double g_J_per_mol_atom;          /**< Gibbs energy of formation at T (0 K DFT: the formation
                                           energy), J/mol of atoms */
    double above_hull_J_per_mol_atom; /**< g minus the lowest g at x (0 on the hull) */
    double E_V;                       /**< deposition on pure host vs M^n+/M = the UPD shift */
    double E_ref_V, E_scale_V;        /**< the same vs the reference and its scale (NaN: unknown) */
} lq_cell_deposit;

/** A forward result. Owns its arrays; free with lq_cell_result_free. */
typedef struct lq_cell_result {
    char metal[8], host[8]; /**< as given (e.g. "La", "Mg") */
    int n_electrons;
    double T_K;
    char metal_phase[LQ_CELL_NAME_SIZE]; /**< reference state of M */
    int zero_K; /**< 1: DFT 0 K formation energies stand for g at T (entropy, heat capacity and
                     zero-point terms neglected: the 0 K approximation) */
    char ref_name[48], ref_scale[48]; /**< reporting electrode and its base scale ("" without) */
    double phi_ref_V;                 /**< the reference vs its base scale at T (NaN without) */
    double E_metal_V;                 /**< M^n+/M vs the reference (copied; NaN: unknown) */
    double E_host_V;                  /**< host couple vs the reference (copied; NaN: unknown) */
    size_t n_points;
    lq_cell_point *points; /**< [n_points] E(x) by increasing x (database only; else NULL) */
    size_t n_fields;
    lq_cell_field *fields; /**< [n_fields] by increasing x; compounds/DFT: two-phase only */
    size_t n_deposits;
    lq_cell_deposit *deposits; /**< [n_deposits] by increasing x */
    size_t n_failed;           /**< database: scan points without a converged equilibrium */
} lq_cell_result;

/**
 * Forward calculation from a database: equilibria of the binary {host, metal} with all its
 * phases at T on a scan of x (opt->dx, plus opt->x), mu_M from each, E(x) = -(mu_M - mu°_M)/(nF)
 * (mu°_M: lq_eq_reference_G in metal_phase, or lq_eq_reference_stable), fields from the stable
 * phase sets (tie-line ends from the equilibria), and the deposition potentials of every
 * stoichiometric phase holding both elements (one constituent per sublattice).
 * @return LQ_OK, LQ_EINVAL (NULL, n_electrons < 1, components not in the database, bad dx or x;
 *         diag says which), LQ_EDOM (T), LQ_ENOTFOUND (metal_phase without pure M), LQ_ENOCONV
 *         (no scan point converged), LQ_ENOMEM, or a status of the models
 */
LQ_API lq_status lq_cell_from_db(const lq_db *db, const lq_cell_options *opt, lq_cell_result **out,
                                 lq_diag *diag);

/** A stoichiometric compound of the host and M (input of lq_cell_from_compounds; also the
 *  output of lq_cell_invert). */
typedef struct lq_cell_compound {
    char name[LQ_CELL_NAME_SIZE]; /**< formula or phase name */
    double x;                     /**< mole fraction of M, (0, 1) */
    double atoms_per_formula;     /**< atoms per formula unit as named (e.g. 4 for Mg3La) */
    double g_J_per_mol_atom;      /**< Gibbs energy of formation at T, J/mol of atoms */
    double g_sd_J_per_mol_atom;   /**< its standard uncertainty (0 when not known) */
} lq_cell_compound;

/**
 * Forward calculation from Gibbs energies of formation of line compounds (the host and M at
 * g = 0): the lower convex hull in (x, g); each pair of neighbouring hull vertices is a two-phase
 * field with dmu = g_a + (1 - x_a)(g_b - g_a)/(x_b - x_a) (the common tangent at x = 1), and every
 * compound's deposition potential on the host.
 * @return LQ_OK, LQ_EINVAL (NULL, n_electrons < 1, x outside (0, 1), g not finite), LQ_EDOM (T),
 *         LQ_ENOMEM
 */
LQ_API lq_status lq_cell_from_compounds(const lq_cell_compound *c, size_t n,
                                        const lq_cell_options *opt, lq_cell_result **out,
                                        lq_diag *diag);

/**
 * Forward calculation from DFT energies (`liquidus hull` input, lq_hull_entries_read): formation
 * energies per atom from lq_hull_entries_build taken as g at T (the 0 K approximation; the result
 * says zero_K = 1), then lq_cell_from_compounds. Pure-element entries are the references.
 * @param per_atom  1: energies per atom, 0: per formula as written (lq_hull_entries_build)
 * @return as lq_cell_from_compounds; LQ_EINVAL also for an entry with an element other than the
 *         host and M (diag names its line), LQ_ENOTFOUND (no elemental entry of the host or M)
 */
LQ_API lq_status lq_cell_from_hull(const struct lq_hull_entries *entries, int per_atom,
                                   const lq_cell_options *opt, lq_cell_result **out, lq_diag *diag);

/** Frees a forward result (NULL is a no-op). */
LQ_API void lq_cell_result_free(lq_cell_result *r);

/** One measured plateau: the two coexisting phases, as formulas of the host and M ("MgLa",
 *  "Mg3La", or the host's symbol "Mg"), and the potential vs the reference electrode. */
typedef struct lq_cell_plateau {
    const char *phase[2];
    const char *name[2]; /**< their phase names in datasets, e.g. "NDBI1" for "NdBi" (NULL: the
                              host_phase for the host, else the formula in capitals) */
    double E_V;
} lq_cell_plateau;

/** Options of lq_cell_invert. Defaults from lq_cell_inverse_options_default. */
typedef struct lq_cell_inverse_options {
    const char *metal, *host; /**< element symbols (case-insensitive) */
    int n_electrons;          /**< charge number of M^n+ (>= 1; default 0: must be set) */
    double T_K;               /**< K (default NaN: must be set) */
    double E_metal_V;         /**< potential of pure M (M^n+/M) vs the same electrode, V */
    double sigma_V;           /**< standard uncertainty of every potential reading (0.005 V) */
    const struct lq_echem_ref *ref; /**< the measuring electrode (stated; may be NULL) */
    const char *metal_phase; /**< phase names written in the datasets: pure M (default: the */
    const char *host_phase;  /**< symbol in capitals), the host (default likewise) */
} lq_cell_inverse_options;

/** Defaults: sigma 5 mV, T and E_metal NaN and n 0 (to be set). */
LQ_API void lq_cell_inverse_options_default(lq_cell_inverse_options *opt);

/** A plateau of the inverse, sorted along x. */
typedef struct lq_cell_inverse_plateau {
    char phase[2][LQ_CELL_NAME_SIZE];       /**< dataset phase names, lower x first */
    double x[2];                            /**< x of M in the two phases */
    double E_V;                             /**< as given, vs the measuring electrode */
    double E_vs_metal_V;                    /**< E - E_metal: vs M^n+/M */
    double dmu_J_per_mol, dmu_sd_J_per_mol; /**< mu_M - mu°_M = -n F (E - E_metal), and sd */
    double ln_a, ln_a_sd;                   /**< ln a_M = dmu / (R T), and sd */
} lq_cell_inverse_plateau;

/** Result of lq_cell_invert. Free with lq_cell_inverse_free. */
typedef struct lq_cell_inverse {
    char metal[8], host[8]; /**< as given (datasets write them in capitals) */
    int n_electrons;
    double T_K, E_metal_V, sigma_V;
    char ref_name[48], ref_scale[48]; /**< "" when no reference was given */
    char metal_phase[LQ_CELL_NAME_SIZE], host_phase[LQ_CELL_NAME_SIZE];
    size_t n_plateaus;
    lq_cell_inverse_plateau *plateaus; /**< [n_plateaus] from the host side */
    size_t n_compounds;
    lq_cell_compound *compounds; /**< [n_compounds] by increasing x, with g and its sd */
    double *g_cov; /**< [n_compounds^2] covariance of the g, (J/mol of atoms)^2, row-major */
} lq_cell_inverse;

/**
 * Gibbs energies of formation of the compounds from plateau potentials: with the phases sorted by
 * x (host first), plateau i of phases (i-1, i) fixes dmu_i = -n F (E_i - E_metal), and the common
 * tangent gives g_i = g_{i-1} + (dmu_i - g_{i-1}) (x_i - x_{i-1}) / (1 - x_{i-1}), g_0 = 0. The
 * map is linear in the readings, so the covariance is J diag(sigma^2) J^T exactly (every plateau
 * and E_metal read independently with sigma).
 * @return LQ_OK; LQ_EINVAL with a diag naming the offence for: NULL, n_electrons < 1, a formula
 *         with other elements or unparsable, a pair of one phase, the same pair twice, a pair
 *         that is not a two-phase field of the sequence (a phase lies between its two), a missing
 *         plateau between neighbours, no plateau with the host, pure M in a pair, potentials in
 *         the wrong order (they must fall from the host side towards M and stay above E_metal);
 *         LQ_EDOM (T), LQ_ENOMEM
 */
LQ_API lq_status lq_cell_invert(const lq_cell_plateau *p, size_t n,
                                const lq_cell_inverse_options *opt, lq_cell_inverse **out,
                                lq_diag *diag);

/** Frees an inverse (NULL is a no-op). */
LQ_API void lq_cell_inverse_free(lq_cell_inverse *inv);

/**
 * ESPEI activity dataset (output ACR_<M>, lq_dataset_build_activity) of plateau k of an inverse:
 * phases the two coexisting phases, X_<M> the middle of the field, T, the activity exp(ln_a)
 * against pure M in metal_phase, and a comment stating the potentials, the reference and the sign
 * convention. File name "<COMPONENTS>-ACR_<M>-<PHASE1>-<PHASE2>-<reference>.json" in file_name.
 * @return LQ_OK, LQ_EINVAL (NULL, k out of range, the builder's checks), LQ_ENOMEM
 */
LQ_API lq_status lq_cell_inverse_dataset(const lq_cell_inverse *inv, size_t k,
                                         const char *reference, struct lq_dataset **out,
                                         char *file_name, size_t name_size, lq_diag *diag);

#ifdef __cplusplus
}
#endif
#endif /* LIQUIDUS_THERMO_H */
