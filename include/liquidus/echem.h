/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Electrochemistry: potentiostat file readers and the analyses of the two studies (emf titration,
 * CV, SWV, chronoamperometry, open-circuit chronopotentiometry, reference electrodes). */
#ifndef LIQUIDUS_ECHEM_H
#define LIQUIDUS_ECHEM_H

#include <stddef.h>

#include "liquidus/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ============================================================================================ */
/* Records and instrument readers (src/echem/io)                                               */
/* ============================================================================================ */

/*
 * A record is one potentiostat file as SI arrays: time (s), potential (V), current (A), optional
 * charge (C), per-point cycle numbers, any further numeric columns ("extras", e.g. SWV forward and
 * reverse currents, EIS frequency and impedance), the blocks the file is made of ("segments":
 * BioLogic loops, Gamry CURVE tables, VersaStudio <SegmentN>, PalmSens measurements), metadata and
 * the warnings met while reading.
 *
 * Sign convention (every reader): IUPAC, anodic (oxidation) current positive, potentials of the
 * working electrode against the reference electrode named in the file (`reference`, as written;
 * no conversion between reference electrodes happens here). Readers of instruments that store
 * another convention negate the current and set `current_sign_converted` (see
 * docs/echem-formats.md). Units are converted when the file is read: mV, uV -> V; mA, uA, nA -> A;
 * ms, min, h -> s; mC, mA.h, A.h -> C; kHz -> Hz; kohm -> ohm.
 */

/** Instrument file formats known to the readers. */
typedef enum lq_echem_format {
    LQ_ECHEM_FMT_AUTO = 0,         /**< detect from the content (then the file name) */
    LQ_ECHEM_FMT_BIOLOGIC_MPT,     /**< BioLogic EC-Lab text export (.mpt) */
    LQ_ECHEM_FMT_BIOLOGIC_MPR,     /**< BioLogic EC-Lab binary (.mpr), data modules 0,2,3,10,11 */
    LQ_ECHEM_FMT_GAMRY_DTA,        /**< Gamry Framework .DTA */
    LQ_ECHEM_FMT_AUTOLAB_ASCII,    /**< Metrohm Autolab NOVA ASCII export (';' or tab) */
    LQ_ECHEM_FMT_VERSASTUDIO_PAR,  /**< Princeton Applied Research VersaStudio .par (text data) */
    LQ_ECHEM_FMT_CHI_TXT,          /**< CH Instruments "convert to text" export */
    LQ_ECHEM_FMT_PALMSENS_SESSION, /**< PalmSens PSTrace .pssession (UTF-16LE JSON) */
    LQ_ECHEM_FMT_CSV,              /**< plain CSV/TSV, columns chosen by name */
    LQ_ECHEM_FMT_COUNT_
} lq_echem_format;

/** Techniques (what the potentiostat did). */
typedef enum lq_echem_technique {
    LQ_ECHEM_TECH_UNKNOWN = 0,
    LQ_ECHEM_TECH_CV,   /**< cyclic voltammetry */
    LQ_ECHEM_TECH_LSV,  /**< linear sweep voltammetry */
    LQ_ECHEM_TECH_SWV,  /**< square-wave voltammetry */
    LQ_ECHEM_TECH_DPV,  /**< differential pulse voltammetry */
    LQ_ECHEM_TECH_CA,   /**< chronoamperometry (potential steps) */
    LQ_ECHEM_TECH_CP,   /**< chronopotentiometry (current steps, incl. coulometric titration) */
    LQ_ECHEM_TECH_OCP,  /**< open-circuit potential / chronopotentiometry at zero current */
    LQ_ECHEM_TECH_EIS,  /**< electrochemical impedance spectroscopy */
    LQ_ECHEM_TECH_GCPL, /**< galvanostatic cycling */
    LQ_ECHEM_TECH_COUNT_
} lq_echem_technique;

/** One further numeric column of a record, in SI units. */
typedef struct lq_echem_column {
    char *name;  /**< canonical ASCII name with the unit, e.g. "Ifwd_A", "freq_Hz", "Zre_ohm" */
    char *label; /**< the header as written in the file (UTF-8) */
    char *unit;  /**< SI unit of `v` after conversion ("A", "V", "s", "C", "Hz", "ohm", "deg",
                      "W", "" for numbers without unit or units left as written) */
    double *v;   /**< n values; NaN where the file has an empty cell */
} lq_echem_column;

/** A block of consecutive points of a record (a loop, table, segment or measurement). */
typedef struct lq_echem_segment {
    size_t start;                 /**< index of the first point */
    size_t count;                 /**< number of points (may be 0: then a warning is recorded) */
    long index;                   /**< the instrument's number of the block, as written */
    lq_echem_technique technique; /**< technique of this block */
    char label[64];               /**< e.g. "Loop 2", "CURVE", "Segment1", "SWV I vs E [3]" */
} lq_echem_segment;

/** Size of the fixed metadata strings of lq_echem_record. */
#define LQ_ECHEM_META_SIZE 128

/**
 * A potentiostat record (owned by the caller; free with lq_echem_record_free).
 * Arrays have `n` entries. `time_s`, `potential_V`, `current_A` and `cycle` are always allocated;
 * when the file has no such column the `has_*` flag is 0 and the array holds NaN (cycle: 0).
 * `charge_C` is NULL when the file has no charge column.
 */
typedef struct lq_echem_record {
    size_t n;               /**< number of points */
    double *time_s;         /**< time since the start of the file's time axis, s */
    double *potential_V;    /**< working-electrode potential vs `reference`, V */
    double *current_A;      /**< current, A, IUPAC sign (anodic positive) */
    double *charge_C;       /**< passed charge as the instrument reports it, C (NULL if absent) */
    long *cycle;            /**< cycle/scan number as the instrument numbers it (0 if absent) */
    int has_time;           /**< 1 when time_s comes from the file */
    int has_potential;      /**< 1 when potential_V comes from the file */
    int has_current;        /**< 1 when current_A comes from the file */
    size_t ncycles;         /**< number of distinct cycle numbers (1 when none) */
    lq_echem_column *extra; /**< further numeric columns (owned) */
    size_t nextra;
    lq_echem_segment *segments; /**< blocks of the file, in order, covering all points (owned) */
    size_t nsegments;
    lq_echem_format format;       /**< detected or requested format */
    lq_echem_technique technique; /**< technique of the file (of its first segment) */
    char
        technique_label[LQ_ECHEM_META_SIZE]; /**< technique as written, e.g. "Cyclic Voltammetry" */
    char instrument[LQ_ECHEM_META_SIZE];     /**< e.g. "BioLogic VMP3 (SN 10831083)" */
    char software[LQ_ECHEM_META_SIZE];       /**< e.g. "EC-Lab v11.12" */
    char reference[LQ_ECHEM_META_SIZE];      /**< reference electrode as written, or "" */
    char file[LQ_ECHEM_META_SIZE * 2];       /**< file name the record was read from */
    char potential_label[64];                /**< file header of the potential column, or "" */
    char current_label[64];                  /**< file header of the current column, or "" */
    double scan_rate_V_per_s;   /**< programmed scan rate, V/s (NaN when the file does not say) */
    double area_m2;             /**< electrode area from the file, m^2 (NaN when absent or zero) */
    int decimal_comma;          /**< 1 when the file used a decimal comma */
    int current_sign_converted; /**< 1 when the reader negated the file's current to IUPAC sign */
    char **warnings;            /**< messages about doubtful data (owned), e.g. time running back */
    size_t nwarnings;
} lq_echem_record;

/** Options of the readers; start from lq_echem_read_options_default(). */
typedef struct lq_echem_read_options {
    lq_echem_format format; /**< LQ_ECHEM_FMT_AUTO (default) or a forced format */
    /** CSV/TSV only: header names of the columns (NULL = guess from the names, e.g. "E/mV"). */
    const char *col_time, *col_potential, *col_current, *col_charge, *col_cycle;
    /** CSV/TSV only: units of the chosen columns when the header does not carry them (NULL =
        from the header, else SI): e.g. "mV", "uA", "min". */
    const char *unit_time, *unit_potential, *unit_current, *unit_charge;
    int decimal_comma;  /**< CSV/TSV: -1 detect (default), 0 '.', 1 ',' */
    char delimiter;     /**< CSV/TSV: 0 detect (default), else ',', ';', '\t' or ' ' */
    int negate_current; /**< CSV/TSV: 1 when the file's current is cathodic-positive */
} lq_echem_read_options;

/** Default reader options (automatic detection everywhere). */
LQ_API lq_echem_read_options lq_echem_read_options_default(void);

/**
 * Reads a potentiostat file into a new record.
 * @param path  file to read (in); never modified
 * @param opt   options (in, NULL = defaults)
 * @param out   new record (out), owned by the caller, written only on success
 * @param diag  optional detail: on LQ_EPARSE the file, line and what was expected
 * @return LQ_OK, LQ_EINVAL (NULL arguments), LQ_EIO (cannot read), LQ_EPARSE (malformed or
 *         unrecognised file), LQ_EUNSUPPORTED (recognised format variant that cannot be read, e.g.
 *         a .mpr column of unknown layout, VersaStudio binary data), LQ_ENOMEM
 */
LQ_API lq_status lq_echem_record_read(const char *path, const lq_echem_read_options *opt,
                                      lq_echem_record **out, lq_diag *diag);

/**
 * Same as lq_echem_record_read on bytes in memory.
 * @param data  file content (in; need not be NUL-terminated), `size` bytes
 * @param name  file name used for detection by extension and in messages (may be NULL)
 */
LQ_API lq_status lq_echem_record_read_buffer(const void *data, size_t size, const char *name,
                                             const lq_echem_read_options *opt,
                                             lq_echem_record **out, lq_diag *diag);

/**
 * The format of a file from its first bytes (and, only when the content is ambiguous, the
 * extension of `name`): LQ_ECHEM_FMT_CSV when nothing more specific matches a text file,
 * LQ_ECHEM_FMT_AUTO when the data are not a recognised potentiostat file.
 */
LQ_API lq_echem_format lq_echem_format_detect(const void *data, size_t size, const char *name);

/** Static name of a format ("biologic-mpt", "gamry-dta", ...). */
LQ_API const char *lq_echem_format_name(lq_echem_format f);
/** Static short name of a technique ("CV", "SWV", "CA", "OCP", ...; "unknown"). */
LQ_API const char *lq_echem_technique_name(lq_echem_technique t);

/**
 * Allocates an empty record of n points (for synthetic data and tests): time, potential,
 * current and cycle arrays (zero-filled, has_* = 1), charge only when `with_charge`, one
 * segment covering all points, NaN scan rate and area.
 * @return LQ_OK, LQ_EINVAL (out NULL), LQ_ENOMEM
 */
LQ_API lq_status lq_echem_record_alloc(size_t n, int with_charge, lq_echem_record **out);

/** Frees a record and everything it owns (NULL is a no-op). */
LQ_API void lq_echem_record_free(lq_echem_record *r);

/** The extra column called `name` (canonical name or label, case-insensitive), or NULL. */
LQ_API const lq_echem_column *lq_echem_record_column(const lq_echem_record *r, const char *name);

/**
 * Adds a warning to the record (copied).
 * @return LQ_OK, LQ_EINVAL, LQ_ENOMEM
 */
LQ_API lq_status lq_echem_record_warn(lq_echem_record *r, const char *msg);

/**
 * Writes the record as a plain SI CSV (atomically): '#' comment lines with the source file,
 * format, technique, reference electrode and sign convention, then columns time_s, E_V, I_A,
 * [Q_C], cycle, segment and the extras (their canonical names).
 * @return LQ_OK, LQ_EINVAL, LQ_EIO, LQ_ENOMEM
 */
LQ_API lq_status lq_echem_record_write_csv(const lq_echem_record *r, const char *path,
                                           lq_diag *diag);

/* ============================================================================================ */
/* Analyses (src/echem/emf, voltammetry, transients, reference electrodes)                      */
/* ============================================================================================ */

/*
 * Conventions of this section (docs/echem-analyses.md derives every formula):
 * - SI units: s, V, A, C, mol, m^2, mol/m^3, m^2/s, K, J/mol.
 * - Current sign: IUPAC, reduction (cathodic) current negative, unless an options struct says
 *   `cathodic_positive` (the older American convention, e.g. some Gamry and CHI exports).
 * - A potential "vs X" is the potential of the working electrode minus that of electrode X.
 * - Arrays are plain (const double *t_s, *E_V, *I_A, size_t n) so that the analyses work on any
 *   record; non-finite samples and time running backwards are rejected with LQ_EINVAL and a diag
 *   naming the sample (1-based, field "t", "E" or "I").
 */

/* ------------------------------------------------------------------ reference electrodes */

/**
 * A reference electrode whose potential against a base scale is linear in temperature,
 * phi(T) = a + b T (V), e.g. Ag/AgCl vs Cl2/Cl- (Mg-La study Eq. 6) or the two-phase Nd-Sn alloy
 * vs Nd(s) (Nd-Bi study Eq. 8). The base electrode itself is a reference with a = b = 0.
 */
typedef struct lq_echem_ref {
    char name[48];    /**< e.g. "Ag/AgCl" */
    char scale[48];   /**< electrode phi is measured against, e.g. "Cl2/Cl-" */
    double a_V;       /**< phi extrapolated to 0 K, V */
    double b_V_per_K; /**< dphi/dT, V/K */
} lq_echem_ref;

/**
 * Fills `ref` with a built-in reference (name compared without case):
 * "AgAgCl" (Ag/AgCl in NaCl-KCl-1 wt% AgCl vs Cl2/Cl-: a = -1.0910 V, b = 1.17e-5 V/K; Mg-La study
 * Eq. 6), "Cl2" (Cl2/Cl- vs itself), "NdSn" (Nd-Sn, x_Nd = 0.10, L + NdSn3, vs Nd(s):
 * a = 0.590 V, b = 1.52e-4 V/K; Nd-Bi study Eq. 8, valid 724-1075 K), "Nd" (Nd(s) vs itself).
 * @return LQ_OK, LQ_EINVAL (NULL), LQ_ENOTFOUND (unknown name)
 */
LQ_API lq_status lq_echem_ref_builtin(const char *name, lq_echem_ref *ref);

/**
 * Parses a reference: a built-in name (lq_echem_ref_builtin) or a user-defined linear reference
 * "a,b" or "a,b@SCALE" (a in V, b in V/K, SCALE the base electrode, default "user").
 * @return LQ_OK, LQ_EINVAL (NULL or malformed; diag says what was expected)
 */
LQ_API lq_status lq_echem_ref_parse(const char *spec, lq_echem_ref *ref, lq_diag *diag);

/**
 * Potential of the reference against its base scale at T: phi = a + b T (V).
 * @return LQ_OK, LQ_EINVAL (NULL, T not finite or <= 0)
 */
LQ_API lq_status lq_echem_ref_potential(const lq_echem_ref *ref, double T_K, double *phi_V);

/**
 * Converts a potential measured against `from` into one against `to` (NULL: the base scale):
 * E_to = E_from + phi_from(T) - phi_to(T). Both must share the base scale (compared without case).
 * Example: -1.49 V vs Ag/AgCl at 973 K is -1.49 - 1.0910 + 1.17e-5*973 = -2.5696 V vs Cl2/Cl-; a
 * Nd-Bi cell potential E_I vs Nd-Sn gives E_eq = E_I + E_II(T) vs Nd(s) (Nd-Bi study Eqs. 7-8).
 * @return LQ_OK, LQ_EINVAL (NULL, non-finite E or T, T <= 0, different base scales)
 */
LQ_API lq_status lq_echem_ref_convert(double E_V, double T_K, const lq_echem_ref *from,
                                      const lq_echem_ref *to, double *E_out_V, lq_diag *diag);

/* ------------------------------------------------------------------ shared numerics */

/** Straight-line least-squares fit y = a + b x with standard errors (unweighted). */
typedef struct lq_echem_linfit {
    double a, b;       /**< intercept and slope (units of y and y/x) */
    double a_se, b_se; /**< standard errors (NaN when n = 2) */
    double cov_ab;     /**< covariance of a and b */
    double r2;         /**< coefficient of determination */
    double rms;        /**< root-mean-square residual (units of y) */
    size_t n;          /**< points used */
} lq_echem_linfit;

/**
 * Fits y = a + b x by ordinary least squares.
 * @return LQ_OK, LQ_EINVAL (NULL, n < 2, non-finite data), LQ_ESINGULAR (all x equal)
 */
LQ_API lq_status lq_echem_linfit_compute(const double *x, const double *y, size_t n,
                                         lq_echem_linfit *fit);

/**
 * Savitzky-Golay smoothing (A. Savitzky, M. J. E. Golay, Anal. Chem. 36 (1964) 1627): each point
 * is replaced by the value at that point of the least-squares polynomial of degree `order` through
 * the `window` points around it; the first and last window/2 points use the polynomial of the
 * first or last full window. `out` may not alias `y`.
 * @param window odd, order + 2 <= window <= n
 * @return LQ_OK, LQ_EINVAL (NULL, bad window/order, aliasing), LQ_ENOMEM
 */
LQ_API lq_status lq_echem_savgol(const double *y, size_t n, size_t window, int order, double *out);

/**
 * Splits a potential sweep record into monotonic sweeps at its vertices. A vertex is confirmed
 * when the potential has moved back by more than `hysteresis_V` from the running extreme
 * (<= 0: 2 % of the potential range), which ignores noise and staircase steps.
 * Sweep k spans samples [starts[k], starts[k+1]) (the last ends at n); starts[0] = 0.
 * @param starts  caller array of `cap` indices (out); NULL with cap 0 only counts
 * @param nsweeps number of sweeps (out)
 * @return LQ_OK, LQ_EINVAL (NULL, n < 3, non-finite E, cap too small)
 */
LQ_API lq_status lq_echem_sweeps_find(const double *E_V, size_t n, double hysteresis_V,
                                      size_t *starts, size_t cap, size_t *nsweeps);

/* ------------------------------------------------------------------ emf: coulometric titration */

/** Options of lq_echem_emf_steps; start from lq_echem_emf_options_default(). */
typedef struct lq_echem_emf_options {
    int n_electrons;        /**< charge number z of the solute ion (3 for Nd3+); default 3 */
    double n_solvent_mol;   /**< initial amount of the electrode metal (e.g. Bi), mol; required */
    double n_solute0_mol;   /**< solute in the electrode before the record, mol; default 0 */
    double window_s;        /**< final part of each rest averaged for the emf, s; default 1800 */
    double pulse_current_A; /**< |I| above which a sample belongs to a pulse; <= 0: 2 % of max|I| */
    double efficiency;      /**< coulombic efficiency of the deposition, (0, 1]; default 1 */
    int cathodic_positive;  /**< 1 when the file counts reduction current as positive */
} lq_echem_emf_options;

/** Defaults: z = 3, window 1800 s (the Nd-Bi study's "last 0.5 h"), automatic pulse threshold. */
LQ_API lq_echem_emf_options lq_echem_emf_options_default(void);

/** Flags of an emf step. */
#define LQ_ECHEM_EMF_SHORT_REST 1u /**< rest shorter than the window: the whole rest averaged */
#define LQ_ECHEM_EMF_DRIFTING 2u   /**< |drift| over the window exceeds 1 mV/h */

/** One open-circuit rest of a titration and the composition reached before it. */
typedef struct lq_echem_emf_step {
    double t_start_s, t_end_s; /**< the rest (open circuit) */
    double charge_C;           /**< charge passed since the start (reduction positive), C */
    double n_solute_mol;       /**< solute in the electrode (Faraday's law), mol */
    double x_solute;           /**< mole fraction n_solute / (n_solute + n_solvent) */
    double E_V;                /**< mean potential over the window (vs the cell's reference) */
    double E_std_V;            /**< standard deviation of the potential in the window */
    double drift_V_per_s;      /**< slope of E(t) over the window */
    size_t n_window;           /**< samples averaged */
    unsigned flags;            /**< LQ_ECHEM_EMF_* */
} lq_echem_emf_step;

/**
 * Segments a coulometric-titration record (current pulses, each followed by open circuit; Nd-Bi
 * study §2.2.2 and §3.1) into rests, integrates the charge of the pulses (trapezoid rule),
 * converts it to solute by Faraday's law, dn = eff * Q / (z F), and averages the potential over the
 * last `window_s` of each rest with its standard deviation and drift.
 * A rest before the first pulse is reported with the initial composition. A record ending in a
 * pulse with no rest, rests of fewer than 2 samples and rests shorter than the window give a
 * warning in `diag` (diag->warning = 1) and are skipped or flagged.
 * @param steps  caller array of `cap` steps (out); NULL with cap 0 only counts
 * @param nsteps number of rests found (out)
 * @return LQ_OK; LQ_EINVAL (NULL, n < 2, non-finite sample, time not increasing, bad options, cap
 *         too small; diag names the sample), LQ_ENOTFOUND (no open-circuit rest)
 */
LQ_API lq_status lq_echem_emf_steps(const double *t_s, const double *E_V, const double *I_A,
                                    size_t n, const lq_echem_emf_options *opt,
                                    lq_echem_emf_step *steps, size_t cap, size_t *nsteps,
                                    lq_diag *diag);

/**
 * Activity, activity coefficient and partial molar excess Gibbs energy of the solute from its emf
 * against the pure solute: ln a = -z F E / (R T) (Nd-Bi study Eq. 6), ln gamma = ln a - ln x and
 * dG_ex = R T ln gamma (Eq. 13).
 * @param E_V  emf vs the pure solute (e.g. Nd(s)), V
 * @param x    mole fraction of the solute, (0, 1]
 * @return LQ_OK, LQ_EINVAL (NULL outputs, non-finite, z < 1), LQ_EDOM (T <= 0, x outside (0, 1])
 */
LQ_API lq_status lq_echem_emf_activity(double E_V, double T_K, int n_electrons, double x,
                                       double *ln_a, double *ln_gamma, double *g_ex_J_per_mol);

/** Two-phase plateau and solubility of a titration at one temperature. */
typedef struct lq_echem_emf_solubility {
    size_t i_plateau;      /**< first point of the plateau (points in titration order) */
    size_t n_plateau;      /**< points on the plateau (the last n_plateau points) */
    double E_plateau_V;    /**< mean emf of the plateau */
    double E_plateau_se_V; /**< its standard error (std / sqrt(n); NaN for 1 point) */
    size_t i_liquid;       /**< first point of the liquid fit (first with x > 0) */
    size_t n_liquid;       /**< points of the liquid fit, [i_liquid, i_plateau) */
    lq_echem_linfit fit;   /**< E = a + b ln x over the liquid points */
    double x_sat;          /**< solubility: a + b ln x_sat = E_plateau */
    double x_sat_se;       /**< its standard error from the fit and plateau (linear propagation) */
} lq_echem_emf_solubility;

/**
 * Splits a titration into a liquid branch E = a + b ln x (points with x > 0) and a final
 * two-phase plateau of constant emf: the split of least total squared residual among those with
 * at least 2 points on each side and every plateau point within `tol_V` (<= 0: 2 mV) of the
 * plateau mean; the solubility is the intersection of the two (Nd-Bi study §3.1, Fig. 3a).
 * A solubility outside the gap between the last liquid and first plateau compositions gives a
 * warning in diag.
 * @param x  solute mole fractions in titration order (non-decreasing)
 * @return LQ_OK; LQ_EINVAL (NULL, non-finite, x decreasing); LQ_ENOTFOUND (no such split; diag
 *         says why); LQ_ESINGULAR (flat liquid fit); LQ_ENOMEM
 */
LQ_API lq_status lq_echem_emf_solubility_find(const double *x, const double *E_V, size_t n,
                                              double tol_V, lq_echem_emf_solubility *out,
                                              lq_diag *diag);

/** Partial molar entropy and enthalpy from the temperature dependence of an emf. */
typedef struct lq_echem_emf_tdep {
    lq_echem_linfit fit;  /**< E = a + b T (V, V/K) */
    double S_J_per_mol_K; /**< partial molar entropy dS = z F dE/dT */
    double S_se;          /**< its standard error */
    double H_J_per_mol;   /**< partial molar enthalpy dH = -z F (E - T dE/dT) = -z F a */
    double H_se;          /**< its standard error */
} lq_echem_emf_tdep;

/**
 * Fits E(T) linearly and returns dS = z F dE/dT and dH = -z F a (from dG = -z F E = dH - T dS;
 * Nd-Bi study Eq. 6 with the Gibbs-Helmholtz relation).
 * @return LQ_OK, LQ_EINVAL (NULL, n < 2, z < 1, T <= 0), LQ_ESINGULAR (one temperature)
 */
LQ_API lq_status lq_echem_emf_temperature(const double *T_K, const double *E_V, size_t n,
                                          int n_electrons, lq_echem_emf_tdep *out);

/* ------------------------------------------------------------------ fit quality */

/** A fit range too short to determine the number (few points, a narrow span). */
#define LQ_ECHEM_Q_RANGE_SHORT 1u
/** Residuals structured (runs of one sign: the model misses a systematic part). */
#define LQ_ECHEM_Q_RESIDUALS 2u
/** A parameter outside its physical range or with an uncertainty as large as itself. */
#define LQ_ECHEM_Q_UNPHYSICAL 4u
/** Model comparison undecided, or the data fit none of the models. */
#define LQ_ECHEM_Q_UNDECIDED 8u
/** The number depends on the baseline: two conventions disagree, or the baseline region is too
 *  short or too noisy to extrapolate. */
#define LQ_ECHEM_Q_BASELINE 16u
/** The signal is not clearly above the noise. */
#define LQ_ECHEM_Q_NOISE 32u

/** Whether a fitted number can be trusted: flags (LQ_ECHEM_Q_*, 0: no doubt) and why. */
typedef struct lq_echem_quality {
    unsigned flags;   /**< LQ_ECHEM_Q_* bits; 0 when nothing is doubtful */
    char reason[320]; /**< the reasons, "; "-separated (empty when flags = 0) */
} lq_echem_quality;

/** Short name of one LQ_ECHEM_Q_* bit ("range_short", "residuals_structured", "unphysical",
 *  "model_undecided", "baseline", "noise"); NULL for any other value. */
LQ_API const char *lq_echem_quality_flag_name(unsigned flag);

/* ------------------------------------------------------------------ results as named fields */

/** Kinds of the entries of an lq_echem_report. */
typedef enum lq_echem_field_kind {
    LQ_ECHEM_FIELD_NUMBER = 0, /**< `value` in `unit`; not finite: no value (JSON null) */
    LQ_ECHEM_FIELD_COUNT,      /**< `value`, a whole number (an index or a count) */
    LQ_ECHEM_FIELD_TEXT,       /**< `text` */
    LQ_ECHEM_FIELD_QUALITY,    /**< `flags` (LQ_ECHEM_Q_*; 0: nothing doubtful), `text` why */
    LQ_ECHEM_FIELD_OBJECT,     /**< opens a group of named entries, closed by the matching END */
    LQ_ECHEM_FIELD_LIST,       /**< opens a list of unnamed entries, closed by the matching END */
    LQ_ECHEM_FIELD_END         /**< closes the innermost open OBJECT or LIST */
} lq_echem_field_kind;

/** One entry of a report. */
typedef struct lq_echem_field {
    lq_echem_field_kind kind;
    const char *name; /**< key within its OBJECT (the unit is part of it, "E_V"); NULL in a LIST
                           and for END */
    const char *unit; /**< unit of `value`: "V", "A", "V/s", "m^2/s", "m/s", "ohm", ...; ""
                           for dimensionless numbers and for entries that are not numbers */
    double value;     /**< NUMBER, COUNT */
    const char *text; /**< TEXT; QUALITY: the reasons ("" when flags is 0); else NULL */
    unsigned flags;   /**< QUALITY */
} lq_echem_field;

/**
 * A result as a tree of named entries, written out depth first (the first entry is the OBJECT
 * that holds everything, the last its END), with the summary a person reads. The command writes
 * `fields` as JSON and `text` as its text output; the Python package builds dicts from them.
 * Strings in fields are static or point into the analysis and records the report was made from:
 * valid while those live.
 */
typedef struct lq_echem_report {
    size_t nfields;
    lq_echem_field *fields; /**< [nfields] */
    char *text;             /**< lines ending in '\n' ("" when there is nothing to say) */
} lq_echem_report;

/** Frees a report (NULL is a no-op). */
LQ_API void lq_echem_report_free(lq_echem_report *r);

/* ------------------------------------------------------------------ voltammetry: CV */

/** At most this many peaks are reported per sweep or SWV curve. */
#define LQ_ECHEM_MAX_PEAKS 16

/** How the conventional baseline of a CV peak (lq_echem_peak.base_ext_I_A) was drawn. */
typedef enum lq_echem_baseline_kind {
    LQ_ECHEM_BASE_NONE = 0, /**< none could be drawn (base_ext_I_A is NaN; the quality says why) */
    /** Extrapolated charging current before the first wave, the extrapolated decay of the
     *  previous wave under a later one (Bard & Faulkner, Electrochemical Methods, 2nd ed., ch. 6)
     */
    LQ_ECHEM_BASE_EXTRAPOLATED = 1,
    /** First peak of a return sweep: Nicholson's empirical relation (R. S. Nicholson, Anal. Chem.
     *  38 (1966) 1406): |Ip,return| = (ip)0 + 0.485 (isp)0 + 0.086 |Ip,forward|, (ip)0 and (isp)0
     *  the return peak current and the forward current at the switching potential, both measured
     *  from the zero-faradaic line (the forward charging line, reversed in sign) */
    LQ_ECHEM_BASE_NICHOLSON = 2,
    /** Least-squares polynomial through the sweep's samples in potential ranges the user gave */
    LQ_ECHEM_BASE_POLYNOMIAL = 3,
    /** Least-squares polynomial through (E, I) points the user gave */
    LQ_ECHEM_BASE_MANUAL = 4
} lq_echem_baseline_kind;

/** Static name of a baseline kind ("none", "extrapolated", "nicholson", "polynomial",
 *  "manual"; "unknown"). */
LQ_API const char *lq_echem_baseline_kind_name(lq_echem_baseline_kind k);

/** A current peak of a voltammogram. */
typedef struct lq_echem_peak {
    size_t index;        /**< sample index in the record */
    double E_V;          /**< peak potential */
    double I_A;          /**< smoothed current at the peak */
    double base_I_A;     /**< baseline current under the peak: the line through the lowest points
                              on either side up to the nearest higher point (IUPAC sign) */
    double Ip_A;         /**< height above that baseline, signed (negative for cathodic peaks) */
    double prominence_A; /**< |height| above the higher of the two neighbouring minima */
    int cathodic;        /**< 1 for a reduction peak, 0 for an oxidation peak */
    /** Conventional baseline under the peak, as measured by hand (Bard & Faulkner, Electrochemical
     *  Methods, 2nd ed., ch. 6): for the first peak of the sweep, the straight line fitted to the
     *  charging current before the foot of the wave, extrapolated; for a later peak, the baseline
     *  of the previous one plus the extrapolated decay of the previous wave, taken as
     *  c (E - E_half,prev)^-1/2 (Cottrell-like in time at a constant scan rate). NaN when the
     *  sweep has no region to fit it on. IUPAC sign. */
    double base_ext_I_A;
    double Ip_ext_A;                  /**< height above that baseline, signed (NaN with it) */
    lq_echem_baseline_kind base_kind; /**< how base_ext_I_A was drawn (the first peak of a return
                                           sweep: Nicholson's relation; a user's polynomial or
                                           manual baseline replaces the extrapolated one) */
    lq_echem_quality quality; /**< flags on the peak: baseline choice changes Ip by more than
                                   baseline_tol, baseline region short or noisy, peak at the
                                   vertex, height below min_snr x noise */
} lq_echem_peak;

/** Most potential ranges / points of a user baseline. */
#define LQ_ECHEM_CV_MAX_BASE 16

/**
 * A baseline the user chooses for CV peaks instead of the extrapolated one: a least-squares
 * polynomial of degree `order` (0..5) in E through the sweep's (smoothed) samples in the potential
 * ranges (LQ_ECHEM_BASE_POLYNOMIAL), or through the (E, I) points given (LQ_ECHEM_BASE_MANUAL;
 * the degree is at most npoints - 1, so two points give the straight line through them). It
 * applies to the sweeps of `direction` (-1 cathodic, +1 anodic, 0 every sweep); the others keep
 * the conventional baselines.
 */
typedef struct lq_echem_cv_user_baseline {
    lq_echem_baseline_kind kind; /**< LQ_ECHEM_BASE_NONE (default: conventional baselines),
                                      LQ_ECHEM_BASE_POLYNOMIAL or LQ_ECHEM_BASE_MANUAL */
    int order;                   /**< polynomial degree, 0..5 */
    int direction;               /**< -1, +1 or 0 (every sweep) */
    size_t nranges;              /**< polynomial: ranges [lo, hi] in V (either order) */
    double ranges_V[LQ_ECHEM_CV_MAX_BASE][2];
    size_t npoints; /**< manual: points (E in V, I in A, IUPAC sign) */
    double points_E_V[LQ_ECHEM_CV_MAX_BASE], points_I_A[LQ_ECHEM_CV_MAX_BASE];
} lq_echem_cv_user_baseline;

/** Options of lq_echem_cv_sweep; start from lq_echem_cv_options_default(). */
typedef struct lq_echem_cv_options {
    size_t smooth_window;       /**< Savitzky-Golay window (odd); 0: about 2 % of the sweep */
    int smooth_order;           /**< Savitzky-Golay degree; default 2 */
    double baseline_frac;       /**< first fraction of the sweep fitted as baseline; default 0.1 */
    double min_prominence_frac; /**< peaks below this fraction of the sweep's |I| range are dropped;
                                     default 0.05 */
    int cathodic_positive;      /**< 1 when the file counts reduction current as positive */
    double baseline_tol; /**< a peak is flagged when the local and the extrapolated baselines give
                              |Ip| differing by more than this fraction; default 0.1 */
    double min_snr;      /**< a peak lower than this many noise standard deviations is flagged;
                              default 5 */
    lq_echem_cv_user_baseline user_base; /**< a polynomial or manual baseline (default none) */
} lq_echem_cv_options;

/** Defaults of the CV analysis. */
LQ_API lq_echem_cv_options lq_echem_cv_options_default(void);

/** What one monotonic sweep of a voltammogram shows. */
typedef struct lq_echem_sweep_result {
    size_t start, end;        /**< samples [start, end) of the record */
    int direction;            /**< -1 cathodic (E decreasing), +1 anodic */
    double scan_rate_V_per_s; /**< median |dE/dt| (NaN without times) */
    double base_a_A;          /**< sweep baseline I = base_a + base_b E fitted to the sweep's first
                                   baseline_frac (IUPAC sign) */
    double base_b_A_per_V;
    double onset_E_V; /**< onset (deposition, for a cathodic sweep) potential: the tangent at the
                           steepest rise before the first peak meets that peak's baseline (the
                           sweep baseline without a peak); NaN if none */
    double onset_I_A; /**< baseline current where the tangent meets it (IUPAC sign) */
    double noise_A;   /**< noise sd of the sweep's current (second differences) */
    double charge_a_A, charge_b_A_per_V; /**< the charging line I = a + b E under the sweep's first
                                              peak (extrapolated baseline; NaN without) */
    size_t npeaks;                       /**< peaks found, most prominent first */
    lq_echem_peak peaks[LQ_ECHEM_MAX_PEAKS];
} lq_echem_sweep_result;

/**
 * Analyses samples [start, end) of a voltammogram as one sweep: smoothing, peaks in the sweep's
 * direction (reduction peaks on a cathodic sweep, oxidation peaks on an anodic one) with their
 * prominence and a local baseline under each, a linear sweep baseline fitted to the sweep's
 * beginning, and the onset potential (tangent at the steepest rise before the first peak,
 * extended to that peak's baseline, or to the sweep baseline when there is no peak). `smoothed_A`
 * (optional, n values) receives the smoothed current (IUPAC sign) on [start, end).
 * @param t_s may be NULL (no scan rate)
 * @return LQ_OK, LQ_EINVAL (NULL, bad range, fewer than 7 points, non-finite), LQ_ENOMEM
 */
LQ_API lq_status lq_echem_cv_sweep(const double *t_s, const double *E_V, const double *I_A,
                                   size_t n, size_t start, size_t end,
                                   const lq_echem_cv_options *opt, lq_echem_sweep_result *res,
                                   double *smoothed_A, lq_diag *diag);

/**
 * Crossover potentials of a cycle: where the return sweep [mid, end) crosses the forward sweep
 * [start, mid) in I(E) (the nucleation loop of metal deposition). Crossings within 5 % of the
 * potential range from the vertex or from the start of the forward sweep and sign changes smaller
 * than 1 % of max|I| are ignored.
 * @param E_cross caller array of `cap` potentials (out), in the order of the return sweep
 * @param ncross  crossings found (out); only the first `cap` are written
 * @return LQ_OK, LQ_EINVAL (NULL, bad range)
 */
LQ_API lq_status lq_echem_cv_crossovers(const double *E_V, const double *I_A, size_t start,
                                        size_t mid, size_t end, double *E_cross, size_t cap,
                                        size_t *ncross);

/**
 * Nucleation loop of a cathodic sweep [start, mid) and the anodic return sweep [mid, end) (metal
 * deposition: on the return the current stays cathodic on the nuclei already grown, more cathodic
 * than on the forward sweep at the same potential; S. Fletcher, C. S. Halliday, D. Gates, M.
 * Westcott, T. Lwin, G. Nelson, J. Electroanal. Chem. 159 (1983) 267). A loop is a run of the
 * return sweep where I_return < I_forward - thr and I_return < -thr, thr = max(1 % of max|I|,
 * 5 noise_A), over >= 5 samples and >= 2 % of the potential window (away from the vertex and the
 * start by 5 % of the window). Its crossovers are the zeros of I_return - I_forward bounding the
 * run (the one near the vertex only when the return current starts less cathodic). A soluble
 * couple has no such run: its return current is less cathodic than the forward one.
 * Whether the return sweep also holds a stripping peak is the caller's test (lq_echem_cv_analyse).
 * @param E_cross caller array of `cap` potentials (out); ncross: crossovers found (out)
 * @param loop_V  (optional, out) potential span [lo, hi] of the widest loop run (NaN without)
 * @return LQ_OK (ncross = 0 when the forward sweep is not cathodic), LQ_EINVAL (NULL, bad range)
 */
LQ_API lq_status lq_echem_cv_nucleation_loop(const double *E_V, const double *I_A, size_t start,
                                             size_t mid, size_t end, double noise_A,
                                             double *E_cross, size_t cap, size_t *ncross,
                                             double *loop_V);

/** Peak current - scan rate relations. */
typedef enum lq_echem_peak_model {
    /** Reversible, soluble product: Ip = 0.4463 n F A C (n F v D / (R T))^1/2 (Randles-Sevcik;
     *  A. J. Bard, L. R. Faulkner, Electrochemical Methods, 2nd ed., Eq. 6.2.19). */
    LQ_ECHEM_RANDLES_SEVCIK = 0,
    /** Reversible, insoluble product (metal deposition): Ip = 0.6105 n F A C (n F v D/(R T))^1/2
     *  (T. Berzins, P. Delahay, J. Am. Chem. Soc. 75 (1953) 555). */
    LQ_ECHEM_BERZINS_DELAHAY = 1,
    /** Totally irreversible, soluble product: Ip = 0.4958 n F A C (alpha n_alpha F v D/(R T))^1/2
     *  (Bard & Faulkner, 2nd ed., Eq. 6.3.8; alpha n_alpha given as `alpha_na`). */
    LQ_ECHEM_IRREVERSIBLE = 2
} lq_echem_peak_model;

/** Diffusion coefficient from peak currents at several scan rates. */
typedef struct lq_echem_scanrate_fit {
    double slope_A;      /**< k in |Ip| = k v^1/2 through the origin, A (V/s)^-1/2 */
    double slope_se_A;   /**< its standard error */
    double D_m2_per_s;   /**< D = (k / (c n F A C))^2 R T / (n F), c = 0.4463 or 0.6105 */
    double D_se;         /**< 2 D slope_se / slope */
    lq_echem_linfit lin; /**< |Ip| = a + b v^1/2 with intercept (r2: linearity; NaN se if n=2) */
    lq_echem_linfit log; /**< ln|Ip| = a + b ln v (b = 0.5 for diffusion control) */
    /** Flags on D: the intercept of |Ip| = a + b v^1/2 significant (two-sided t test at 95 %;
     *  Ip not proportional to v^1/2: kinetics, adsorption, iR or a baseline), d ln Ip / d ln v off
     *  0.5 by more than 0.1 and twice its standard error, two scan rates only (no test possible),
     *  D's standard error as large as half of D. */
    lq_echem_quality quality;
} lq_echem_scanrate_fit;

/**
 * Randles-Sevcik, Berzins-Delahay or irreversible analysis across scan rates: the slope k of
 * |Ip| = k v^1/2 through the origin by least squares gives D, with the linearity tests in
 * out->quality.
 * @param v_V_per_s scan rates (> 0); Ip_A peak currents (sign ignored)
 * @param alpha_na  alpha n_alpha of the irreversible model (0 < alpha_na <= n; ignored otherwise)
 * @return LQ_OK, LQ_EINVAL (NULL, n < 2, non-positive inputs, z < 1, bad alpha_na), LQ_ESINGULAR
 *         (all scan rates equal)
 */
LQ_API lq_status lq_echem_cv_diffusion(const double *v_V_per_s, const double *Ip_A, size_t n,
                                       lq_echem_peak_model model, int n_electrons, double alpha_na,
                                       double area_m2, double conc_mol_per_m3, double T_K,
                                       lq_echem_scanrate_fit *out, lq_diag *diag);

/* ------------------------------------------------------------------ semi-integral voltammetry */

/**
 * Riemann-Liouville semi-integral m(t) = pi^-1/2 int_{t_0}^{t} I(u) (t - u)^-1/2 du of sampled
 * current (K. B. Oldham, J. Spanier, The Fractional Calculus, 1974, ch. 8: the "RL" algorithm),
 * exact for I linear between the samples (any spacing) and zero before t_0: on [t_j, t_j+1] with
 * I = I_j + s (u - t_j) the integral is I_j 2 (w_a^1/2 - w_b^1/2) + s [2 w_a (w_a^1/2 - w_b^1/2) -
 * 2/3 (w_a^3/2 - w_b^3/2)], w_a = t - t_j, w_b = t - t_j+1. O(n^2) work. For planar diffusion
 * m = n F A C D^1/2 (1 - c_surface/C) whatever the potential program (J. C. Imbeaux, J.-M.
 * Saveant, J. Electroanal. Chem. 44 (1973) 169; K. B. Oldham, Anal. Chem. 44 (1972) 196).
 * @param t_s strictly increasing times, s; I_A currents, A; m_out [n] receives m, A s^1/2 (C
 * s^-1/2)
 * @return LQ_OK, LQ_EINVAL (NULL, n < 2, non-finite, t not increasing)
 */
LQ_API lq_status lq_echem_semi_integral(const double *t_s, const double *I_A, size_t n,
                                        double *m_out);

/** Semi-integral analysis of one voltammetric wave (lq_echem_cv_semi_analyse). */
typedef struct lq_echem_semi_result {
    double m_lim_A_s05;       /**< plateau |m|: mean over the sweep's last 5 %, A s^1/2 */
    double D_m2_per_s;        /**< (m_lim / (n F A C))^2; NaN without n, A, C */
    double E_half_V;          /**< E where m = m_lim / 2, from the fit below */
    double slope_V;           /**< dE / d ln((m_lim - m)/m): RT/nF (reduction) or -RT/nF (oxidation)
                                   for a reversible wave */
    double n_apparent;        /**< R T / (F |slope|) (NaN without T) */
    lq_echem_linfit fit;      /**< E = E_half + slope ln((m_lim - m)/m), 0.1 < m/m_lim < 0.9 */
    lq_echem_quality quality; /**< no plateau (m still changing at the sweep's end), too few
                                   points in the fit, structured residuals (not a reversible
                                   wave), slope of the wrong sign */
} lq_echem_semi_result;

/**
 * Semi-integral (convolution) voltammetry of one sweep (J. C. Imbeaux, J.-M. Saveant 1973; K. B.
 * Oldham 1972): m(t) of the faradaic current I_A (the caller subtracts the charging current),
 * its plateau m_lim = n F A C D^1/2 (planar diffusion: D), and for a reversible soluble-soluble
 * couple E = E1/2 + (RT/nF) ln((m_lim - m)/m) on a reduction wave (the sign reversed on an
 * oxidation wave): the slope gives n, the intercept E1/2. Direction from the potentials; m is
 * counted positive in the sweep's faradaic direction.
 * @param n_electrons, area_m2, conc_mol_per_m3 for D (any <= 0: D is NaN); T_K for n (<= 0: NaN)
 * @param m_out optional [n]: m (record's sign), A s^1/2
 * @return LQ_OK, LQ_EINVAL (NULL, n < 10, non-finite, t not increasing, no potential change),
 *         LQ_ENOMEM
 */
LQ_API lq_status lq_echem_cv_semi_analyse(const double *t_s, const double *E_V, const double *I_A,
                                          size_t n, int n_electrons, double area_m2,
                                          double conc_mol_per_m3, double T_K,
                                          lq_echem_semi_result *res, double *m_out, lq_diag *diag);

/* ------------------------------------------------------------------ CV peak deconvolution */

/** Options of lq_echem_cv_deconvolve; start from lq_echem_cv_deconv_options_default(). */
typedef struct lq_echem_cv_deconv_options {
    double T_K;                 /**< temperature (required, > 0) */
    size_t npeaks;              /**< components; 0: one per detected peak (at most 16) */
    double min_prominence_frac; /**< peak detection threshold, fraction of the range; 0.05 */
    size_t max_iter;            /**< Levenberg-Marquardt iterations; 400 */
} lq_echem_cv_deconv_options;

/** Defaults (T_K must still be set). */
LQ_API lq_echem_cv_deconv_options lq_echem_cv_deconv_options_default(void);

/** One reversible-wave component of a deconvoluted sweep. */
typedef struct lq_echem_cv_component {
    double E_half_V, E_half_se_V; /**< half-wave potential and standard error */
    double Ep_V;                  /**< its peak potential, E1/2 -+ 1.109 RT/(nF) */
    double Ip_A, Ip_se_A;         /**< signed peak height above the line and standard error */
    double n_apparent, n_se;      /**< n from the wave's width and standard error */
    lq_echem_quality quality;     /**< n outside 0.3-6, parameters poorly determined, residuals
                                       structured */
} lq_echem_cv_component;

/** Result of lq_echem_cv_deconvolve. */
typedef struct lq_echem_cv_deconv_result {
    size_t ncomp; /**< components, in the sweep's order */
    lq_echem_cv_component comp[LQ_ECHEM_MAX_PEAKS];
    double base_a_A, base_b_A_per_V; /**< the line I = a + b E */
    double rms_A;                    /**< RMS residual */
} lq_echem_cv_deconv_result;

/**
 * Deconvolutes one sweep of a voltammogram (E monotonic) into a straight line and reversible
 * linear-sweep waves, each h g(nF(E1/2 - E)/RT)/0.4463 on a reduction sweep (the sign of E - E1/2
 * reversed on an oxidation one): g the exact reversible shape, the semi-derivative of the
 * logistic 1/(1 + e^-s) (semi-integral theory: Imbeaux & Saveant, J. Electroanal. Chem. 44 (1973)
 * 169), tabulated by the Grunwald-Letnikov sum, with its Cottrell tail. Overlapping waves, a wave
 * on the tail of the one before, are separated; each gets E1/2, Ep, height and n with standard
 * errors by Levenberg-Marquardt (GSL multifit_nlinear through lqi_nlfit; start: the line through
 * the sweep's first 5 %, one wave per detected peak with n = 1).
 * @return LQ_OK, LQ_EINVAL (NULL, n < 20, T <= 0, non-finite), LQ_ENOTFOUND (no peak),
 *         LQ_ENOCONV, LQ_ENOMEM
 */
LQ_API lq_status lq_echem_cv_deconvolve(const double *E_V, const double *I_A, size_t n,
                                        const lq_echem_cv_deconv_options *opt,
                                        lq_echem_cv_deconv_result *res, lq_diag *diag);

/* ------------------------------------------------------------------ voltammetry: SWV */

/** A Gaussian peak of a square-wave voltammogram. */
typedef struct lq_echem_swv_peak {
    double E_V, E_se_V;           /**< peak potential and standard error */
    double height_A, height_se_A; /**< signed height above the baseline */
    double w_half_V, w_half_se_V; /**< full width at half maximum W1/2 */
    double n_electrons;           /**< n = 3.52 R T / (F W1/2) (Mg-La study §3.1.2) */
    double n_electrons_se;
    lq_echem_quality quality; /**< flags on n (and W1/2): too few points across the peak, n_se
                                   above 20 % of n, n outside (0.3, 6) */
} lq_echem_swv_peak;

/** Options of lq_echem_swv_fit; start from lq_echem_swv_options_default(). */
typedef struct lq_echem_swv_options {
    double T_K;    /**< temperature for n from W1/2; required (> 0) */
    size_t npeaks; /**< peaks to fit; 0: as many as detected (at most 16). More than detected:
                        peaks are added where the residual is largest (overlapping peaks) */
    double min_prominence_frac; /**< detection threshold as a fraction of max|I - baseline|; 0.05 */
    size_t smooth_window;       /**< smoothing for detection only (odd); 0: about 2 % of n */
    int max_iter;               /**< iterations of the nonlinear fit; default 200 */
} lq_echem_swv_options;

/** Defaults of the SWV analysis (T_K must still be set). */
LQ_API lq_echem_swv_options lq_echem_swv_options_default(void);

/** Result of an SWV deconvolution. */
typedef struct lq_echem_swv_result {
    size_t npeaks; /**< peaks fitted, in order of potential */
    lq_echem_swv_peak peaks[LQ_ECHEM_MAX_PEAKS];
    double base_a_A, base_b_A_per_V; /**< fitted linear baseline I = a + b E */
    double rms_A;                    /**< root-mean-square residual */
    size_t iterations;               /**< of the nonlinear least squares */
} lq_echem_swv_result;

/**
 * Deconvolutes a square-wave voltammogram (E_V need not be sorted) into a linear baseline and
 * Gaussian peaks h exp(-(E - Ep)^2 / (2 s^2)), W1/2 = 2 sqrt(2 ln 2) s, by nonlinear least squares
 * (GSL multifit_nlinear, trust region with Levenberg-Marquardt steps; start: baseline through the
 * ends, peaks from the smoothed curve's extrema). When `npeaks` asks for more peaks than maxima
 * were found (overlapping peaks), a peak is added where the smoothed residual is largest and
 * everything is refitted, until npeaks is reached (or the residual has no excess left). Standard
 * errors from the Jacobian at the solution scaled by the residual variance. n = 3.52 R T / (F W1/2)
 * per peak.
 * @return LQ_OK, LQ_EINVAL (NULL, n < 10, non-finite, T <= 0), LQ_ENOTFOUND (no peak),
 *         LQ_ENOCONV (fit failed), LQ_ENOMEM
 */
LQ_API lq_status lq_echem_swv_fit(const double *E_V, const double *I_A, size_t n,
                                  const lq_echem_swv_options *opt, lq_echem_swv_result *res,
                                  lq_diag *diag);

/** The fitted SWV model (baseline + Gaussians) at potential E. */
LQ_API double lq_echem_swv_model(const lq_echem_swv_result *res, double E_V);

/* ------------------------------------------------------------------ transients: CA */

/** Nucleation modes of Scharifker and Hills. */
typedef enum lq_echem_nucleation {
    LQ_ECHEM_NUCL_NONE = 0,          /**< no nucleation peak (plain diffusion transient) */
    LQ_ECHEM_NUCL_INSTANTANEOUS = 1, /**< Mg-La study Eq. 3 */
    LQ_ECHEM_NUCL_PROGRESSIVE = 2    /**< Mg-La study Eq. 4 */
} lq_echem_nucleation;

/**
 * Dimensionless Scharifker-Hills transient (I/I_m)^2 at t/t_m (B. Scharifker, G. Hills,
 * Electrochim. Acta 28 (1983) 879; Mg-La study Eqs. 3-4). NaN for a bad mode or t/t_m <= 0.
 */
LQ_API double lq_echem_sh_model(lq_echem_nucleation mode, double t_over_tm);

/** Options of lq_echem_ca_analyse; start from lq_echem_ca_options_default(). */
typedef struct lq_echem_ca_options {
    double t0_s;            /**< time of the potential step; times are taken as t - t0; default 0 */
    int n_electrons;        /**< for Cottrell D; 0: D not computed */
    double area_m2;         /**< electrode area for Cottrell D */
    double conc_mol_per_m3; /**< bulk concentration for Cottrell D */
    double max_t_over_tm; /**< the dimensionless comparison covers t/t_m in (0, this]; default 5 */
    double cot_t_from_s;  /**< Cottrell window set by the user: t - t0 in [from, to]; both 0
                               (default): automatic */
    double cot_t_to_s;
    double molar_mass_kg_per_mol; /**< deposit molar mass M, for N0 / A N_inf (0: not computed) */
    double density_kg_per_m3;     /**< deposit density rho, for N0 / A N_inf */
    int fit_induction; /**< 1 (default): fit the induction time t_ind with t_m and I_m (the
                            curve in t - t0 - t_ind); 0: t_ind = 0 */
} lq_echem_ca_options;

/** Defaults of the CA analysis. */
LQ_API lq_echem_ca_options lq_echem_ca_options_default(void);

/** Result of a chronoamperogram analysis. */
typedef struct lq_echem_ca_result {
    int has_peak;               /**< 1 when a nucleation maximum follows the charging decay */
    double t_peak_s, I_peak_A;  /**< the maximum of the smoothed |I| (time since t0), signed I */
    double t_m_s, t_m_se_s;     /**< t_m of the Scharifker-Hills fit of the chosen mode, counted
                                     from the start of nucleation (t0 + t_ind) */
    double t_ind_s, t_ind_se_s; /**< induction time t_ind between the step and the start of
                                     nucleation, fitted with t_m and I_m (0 and NaN when not
                                   fitted); the fitted curve peaks at t_ind + t_m after the step */
    double I_m_A, I_m_se_A;     /**< I_m (signed) of that fit */
    double rms_inst, rms_prog;  /**< RMS distance of (I/I_m)^2 to Eqs. 3 and 4 over t/t_m <= max */
    lq_echem_nucleation mode;   /**< the closer model (NONE without a peak) */
    int has_cottrell;           /**< 1 when a linear I - t^-1/2 region was found */
    size_t cot_start, cot_end;  /**< samples [start, end) of the linear I - t^-1/2 region */
    lq_echem_linfit cottrell;   /**< |I| = a + b t^-1/2 over that region (b in A s^1/2) */
    double noise_A;             /**< noise level estimated from second differences */
    double D_m2_per_s, D_se; /**< Cottrell D = pi (b / (n F A C))^2 (Mg-La Eq. 5); NaN if unset */
    lq_echem_quality cot_quality; /**< flags on the Cottrell slope and D */
    /** D from the maximum: (I_m/A)^2 t_m = c (n F C)^2 D, c = 0.1629 (instantaneous) or 0.2598
     *  (progressive) (Scharifker-Hills 1983, Table 1); NaN without n, A, C or a peak. */
    double D_sh_m2_per_s, D_sh_se;
    /** Nucleation density from t_m and D_sh: N0 = 1.2564 / (pi k D t_m) (instantaneous, m^-2) or
     *  A N_inf = 4.6733 / (pi k' D t_m^2) (progressive, m^-2 s^-1), k = (8 pi C M / rho)^1/2,
     *  k' = 4/3 k (Scharifker-Hills 1983, Table 1); NaN without M and rho. */
    double N_nucl, N_nucl_se;
    lq_echem_quality sh_quality; /**< flags on the mode, t_m, I_m, D_sh and N */
} lq_echem_ca_result;

/**
 * Analyses a potential-step transient: smoothed |I|, nucleation maximum (t_m, I_m), least-squares
 * fit of each Scharifker-Hills curve I = I_m sqrt(model(t/t_m)) for t_m and I_m (with
 * fit_induction, I = I_m sqrt(model((t - t_ind)/t_m)) for t_m, I_m and the induction time t_ind
 * together, Levenberg-Marquardt from the t_ind = 0 optimum), the RMS distance
 * of the dimensionless data to both, and the Cottrell region: among windows on a logarithmic grid
 * of times after the maximum (or after the charging decay), the widest in t^-1/2 whose straight
 * line rises with t^-1/2 and leaves residuals within 1.5 times the noise (floor 0.1 % of max|I|).
 * Without such a region the result has has_cottrell = 0 and diag carries a warning.
 * @return LQ_OK, LQ_EINVAL (NULL, n < 20, non-finite, time not increasing; diag names the
 *         sample), LQ_ENOMEM
 */
LQ_API lq_status lq_echem_ca_analyse(const double *t_s, const double *I_A, size_t n,
                                     const lq_echem_ca_options *opt, lq_echem_ca_result *res,
                                     lq_diag *diag);

/* ------------------------------------------------------------------ transients: OCP */

/** A potential plateau of an open-circuit transient (a two-phase coexistence, Mg-La Fig. 5). */
typedef struct lq_echem_plateau {
    size_t i_start, i_end;     /**< samples [i_start, i_end) */
    double t_start_s, t_end_s; /**< start and end times */
    double duration_s;         /**< t_end - t_start */
    double E_V, E_std_V;       /**< mean potential and standard deviation on the plateau */
} lq_echem_plateau;

/** Options of lq_echem_ocp_plateaus; start from lq_echem_ocp_options_default(). */
typedef struct lq_echem_ocp_options {
    double t_from_s;          /**< ignore samples before this time (e.g. the deposition pulse) */
    size_t smooth_window;     /**< Savitzky-Golay window (odd); 0: about 1 % of the samples */
    double slope_frac;        /**< plateau: |dE/dt| below this fraction of the mean slope
                                   (E range / duration); default 0.2 */
    double min_duration_frac; /**< plateaus shorter than this fraction of the record are dropped;
                                   default 0.02 */
    double merge_V; /**< neighbouring plateaus closer than this are merged; default 5 mV */
} lq_echem_ocp_options;

/** Defaults of the OCP analysis. */
LQ_API lq_echem_ocp_options lq_echem_ocp_options_default(void);

/**
 * Finds the plateaus of an open-circuit chronopotentiogram: runs where the smoothed |dE/dt| stays
 * below the threshold for at least the minimum duration, neighbours within merge_V merged.
 * @param out caller array of `cap` plateaus (out), in time order; NULL with cap 0 only counts
 * @return LQ_OK, LQ_EINVAL (NULL, n < 10, non-finite, time not increasing, cap too small),
 *         LQ_ENOMEM
 */
LQ_API lq_status lq_echem_ocp_plateaus(const double *t_s, const double *E_V, size_t n,
                                       const lq_echem_ocp_options *opt, lq_echem_plateau *out,
                                       size_t cap, size_t *nplateaus, lq_diag *diag);

/* ============================================================================================ */
/* Whole-record analyses: one call per command (src/echem/emf/emf_analyse.c,                    */
/* voltammetry/cv_analyse.c, voltammetry/swv_analyse.c, transients/ca_analyse.c,                 */
/* transients/ocp_analyse.c, io/summary.c)                                                        */
/* ============================================================================================ */

/*
 * Each analysis below takes whole records (as read by lq_echem_record_read), runs the per-sweep,
 * per-segment or per-titration analyses above with the policy of the `liquidus` command (which
 * parts are analysed, what a failed part means, which numbers are flagged), and returns one result
 * struct that owns all its arrays and is freed by one _free call (NULL is a no-op). The result
 * also holds the model curves the figures draw, so that a caller only formats and plots arrays.
 * Results are written only on LQ_OK. A part (sweep, segment) that cannot be analysed does not fail
 * the call: its `status` and `diag` say why; the caller decides whether that is fatal.
 * `names` (optional) give each record the name used in messages and dataset comments (NULL or a
 * NULL entry: the record's `file`).
 */

/** Parses a format name as printed by lq_echem_format_name ("gamry-dta", "csv", ...).
 * @return LQ_OK, LQ_EINVAL (NULL), LQ_ENOTFOUND (unknown name; *out untouched) */
LQ_API lq_status lq_echem_format_parse(const char *name, lq_echem_format *out);

/* ------------------------------------------------------------------ record summary (read) */

/** One column of a record: its canonical name, SI unit and first and last finite values. */
typedef struct lq_echem_column_summary {
    const char *name;   /**< "time_s", "E_V", "I_A", "Q_C" or the extra column's canonical name */
    const char *unit;   /**< SI unit ("s", "V", "A", "C", or the extra column's unit) */
    const char *source; /**< header as written in the file, or NULL when the reader does not keep
                             it (time and charge) */
    double first, last; /**< first and last finite values (NaN when the column has none) */
} lq_echem_column_summary;

/** What a record holds, column by column (strings point into the record: keep it alive). */
typedef struct lq_echem_record_summary {
    size_t ncolumns; /**< present columns: time, potential, current, charge (when the file has
                          them, in this order), then the extras */
    lq_echem_column_summary *columns; /**< [ncolumns], owned */
} lq_echem_record_summary;

/**
 * Summarises a record's columns (first and last finite value of each present column).
 * @param rec  record (in); the summary's strings point into it
 * @param out  new summary (out), free with lq_echem_record_summary_free
 * @return LQ_OK, LQ_EINVAL (NULL), LQ_ENOMEM
 */
LQ_API lq_status lq_echem_record_summarise(const lq_echem_record *rec,
                                           lq_echem_record_summary **out, lq_diag *diag);
/** Frees a summary (NULL is a no-op). */
LQ_API void lq_echem_record_summary_free(lq_echem_record_summary *s);

/* ------------------------------------------------------------------ emf: whole titrations */

/** An ESPEI dataset (defined in liquidus/assess.h, built with its lq_dataset_build_*). */
typedef struct lq_dataset lq_dataset;

/** Points of the liquid-branch curve E = a + b ln x in lq_echem_emf_run. */
#define LQ_ECHEM_EMF_CURVE_N 60

/** Options of lq_echem_emf_analyse; start from lq_echem_emf_analysis_options_default(). */
typedef struct lq_echem_emf_analysis_options {
    lq_echem_emf_options steps; /**< segmentation and Faraday's law (n_solvent_mol required) */
    double plateau_tol_V;    /**< tolerance of the two-phase plateau (lq_echem_emf_solubility_find);
                                  default 0.002 V */
    const lq_echem_ref *ref; /**< measuring reference electrode, or NULL: potentials are
                                  reported as measured */
    const lq_echem_ref *to;  /**< report potentials vs this electrode (NULL: the base scale of
                                  `ref`); needs `ref` */
    /** ESPEI datasets: when `solute` and `solvent` (element symbols, any case) are set, one
     *  activity (ACR_<SOLUTE>) dataset per temperature with liquid points and, with
     *  `solid_phase`, one ZPF dataset of the solubilities. `ref_phase` (phase of the pure solute
     *  the emf refers to, e.g. "DHCP") is then required; `liquid_phase` defaults to "LIQUID". */
    const char *solute, *solvent, *ref_phase, *solid_phase, *liquid_phase;
} lq_echem_emf_analysis_options;

/** Defaults: lq_echem_emf_options_default(), 2 mV plateau tolerance, no reference, no datasets. */
LQ_API lq_echem_emf_analysis_options lq_echem_emf_analysis_options_default(void);

/** The titration at one temperature (one record). */
typedef struct lq_echem_emf_run {
    const char *name; /**< the record's name (points into the options' names or the record) */
    double T_K;       /**< temperature, K */
    size_t nsteps;    /**< open-circuit rests found */
    lq_echem_emf_step *steps; /**< [nsteps] (E_V of a step: vs the measuring reference) */
    double *E_V;              /**< [nsteps] emf vs the reporting electrode (lq_echem_ref_convert) */
    double *ln_a;     /**< [nsteps] ln a = -z F E / (R T) (Nd-Bi study Eq. 6); NaN where x = 0 */
    double *ln_gamma; /**< [nsteps] ln gamma = ln a - ln x (Eq. 13); NaN where x = 0 */
    double *g_ex_J_per_mol; /**< [nsteps] R T ln gamma (Eq. 13); NaN where x = 0 */
    lq_diag steps_warning;  /**< warning of lq_echem_emf_steps (warning = 0 when none): a record
                                 ending in a pulse, short rests */
    int has_solubility;     /**< 1 when a liquid branch and a two-phase plateau were found */
    lq_echem_emf_solubility sol; /**< the split (valid when has_solubility) */
    lq_diag solubility_warning;  /**< e.g. a solubility outside the gap (warning = 0 when none) */
    char solubility_note[LQ_DIAG_MSG_SIZE]; /**< why there is no plateau (has_solubility = 0) */
    double ln_a_plateau; /**< ln a at the plateau emf and x_sat, NaN without solubility */
    size_t liquid_start, liquid_end; /**< steps [start, end) of the liquid branch: x > 0 and
                                          before the plateau (all with x > 0 without one) */
    size_t n_liquid;                 /**< liquid points with an activity (the Henrian check) */
    double ln_gamma_mean;            /**< mean ln gamma over them (NaN when none) */
    double ln_gamma_sd;              /**< sample standard deviation (NaN for fewer than 2) */
    size_t ncurve; /**< points of the fitted liquid branch (0 without solubility) */
    double curve_x[LQ_ECHEM_EMF_CURVE_N]; /**< x from the first liquid point to x_sat, log-spaced */
    double curve_E_V[LQ_ECHEM_EMF_CURVE_N]; /**< a + b ln x on them */
    double *acr_x_solute; /**< [n_liquid] solute mole fraction of each liquid point */
    double *acr_activity; /**< [n_liquid] activity exp(ln a) of the solute there */
    lq_dataset *acr;      /**< ESPEI ACR_<SOLUTE> dataset of these points (X_<SOLVENT> = 1 - x,
                               reference X_<SOLVENT> = 0 in ref_phase), or NULL (no datasets
                               asked for, or no liquid point); write with lq_dataset_write_file */
    lq_dataset *emf;      /**< ESPEI-style cell-emf dataset (output "EMF", liquidus's likelihood
                               of raw emfs; docs/datasets.md) of the same run: the steps with
                               x > 0 of the liquid branch and, with `solid_phase` and a plateau,
                               of the plateau too (phases liquid + solid), each emf as measured
                               against `ref` with ref's potential against the reporting electrode
                               declared (a_ref - a_to, b_ref - b_to), so no conversion to activities
                               enters; like `acr` it takes the reporting electrode to be the pure
                               solute in `ref_phase`. NULL when `acr` is NULL */
} lq_echem_emf_run;

/** Result of lq_echem_emf_analyse (free with lq_echem_emf_analysis_free). */
typedef struct lq_echem_emf_analysis {
    char scale[64];                 /**< the electrode potentials are reported against: the `to`
                                         electrode's name, the base scale of `ref`, or "the
                                         measuring reference" */
    size_t nruns;                   /**< one per record, in the order given */
    lq_echem_emf_run *runs;         /**< [nruns] */
    int has_plateau_tdep;           /**< 1 when >= 2 temperatures have a plateau */
    lq_echem_emf_tdep plateau_tdep; /**< E_plateau(T): dS = zF dE/dT, dH = -zF a */
    int has_liquid_excess;          /**< 1 when >= 2 temperatures have liquid points */
    lq_echem_linfit liquid_excess;  /**< R T <ln gamma> = H_ex - T S_ex vs T (a = H_ex, J/mol;
                                         b = -S_ex, J/(mol K)); Eq. 13 at each T */
    lq_dataset *zpf; /**< ESPEI ZPF dataset (LIQUID at x_sat + solid_phase, composition unknown)
                          of the temperatures with a solubility, or NULL */
} lq_echem_emf_analysis;

/**
 * Analyses coulometric titrations, one record per temperature (Nd-Bi study §2.2.2, §3.1): for
 * each record the rests and compositions (lq_echem_emf_steps), the emf converted from `ref` to
 * `to` (Eqs. 7-8), ln a, ln gamma and dG_ex (Eqs. 6 and 13; lq_echem_emf_activity), the liquid
 * branch, plateau and solubility (lq_echem_emf_solubility_find; no plateau is a note, not an
 * error), the mean and spread of ln gamma over the liquid points (Henrian check); across
 * temperatures the plateau emf against T (dS, dH; lq_echem_emf_temperature) and R T <ln gamma>
 * against T (H_ex, S_ex); and the ESPEI datasets the options ask for.
 * @param recs  [nrec] records with time, potential and current (in)
 * @param names [nrec] names for messages and datasets, or NULL (in)
 * @param T_K   [nrec] temperature of each record, K (in)
 * @param opt   options (in; NULL is not allowed: n_solvent_mol has no default)
 * @param out   new result (out), free with lq_echem_emf_analysis_free
 * @param diag  on failure: the record (file) and sample or field
 * @return LQ_OK; LQ_EINVAL (NULL, nrec = 0, T <= 0, bad options, records without time,
 *         potential or current, non-finite samples, a reference conversion that fails);
 *         LQ_ENOTFOUND (a record without open-circuit rest); LQ_ENOMEM
 */
LQ_API lq_status lq_echem_emf_analyse(const lq_echem_record *const *recs, const char *const *names,
                                      const double *T_K, size_t nrec,
                                      const lq_echem_emf_analysis_options *opt,
                                      lq_echem_emf_analysis **out, lq_diag *diag);
/** Frees an emf analysis (NULL is a no-op). */
LQ_API void lq_echem_emf_analysis_free(lq_echem_emf_analysis *a);

/* ------------------------------------------------------------------ CV: whole voltammograms */

/** Crossover potentials found per cycle. */
#define LQ_ECHEM_CV_MAX_CROSS 16

/** Options of lq_echem_cv_analyse; start from lq_echem_cv_analysis_options_default(). */
typedef struct lq_echem_cv_analysis_options {
    lq_echem_cv_options sweep; /**< per-sweep analysis (smoothing, baseline, prominence, sign) */
    double hysteresis_V;       /**< vertex detection (lq_echem_sweeps_find); <= 0: automatic */
    size_t max_sweeps;         /**< more sweeps in a record fail the call; default 4096 */
    /** Diffusion coefficient across the records (one scan rate each) from the largest cathodic
     *  peak of each record's first cycle: set `diffusion` = 1 with n_electrons, area_m2,
     *  conc_mol_per_m3 and T_K (all > 0). */
    int diffusion;
    lq_echem_peak_model model; /**< default LQ_ECHEM_BERZINS_DELAHAY (metal deposition) */
    int n_electrons;
    double area_m2, conc_mol_per_m3, T_K;
    /** Uncompensated resistance, ohm (>= 0; default 0): every potential is analysed as
     *  E - I Ru (IUPAC current sign); sweeps are still split on the recorded potential. */
    double Ru_ohm;
    /** Reversibility: with n_electrons and T_K (> 0) each cycle's dEp is compared with
     *  2.218 RT/nF and flagged when it differs by more than rev_tol (fraction; default 0.1); with
     *  D_m2_per_s (> 0) too, k0 from Nicholson's psi. alpha (default 0.5) is the transfer
     *  coefficient: psi's working curve holds for 0.3 <= alpha <= 0.7, and the irreversible peak
     *  model (LQ_ECHEM_IRREVERSIBLE) uses alpha n_alpha = alpha. */
    double rev_tol;
    double D_m2_per_s;
    double alpha;
    /** Semi-integral (convolution) voltammetry of each record's first sweep (needs times):
     *  lq_echem_cv_semi_analyse with n_electrons, area_m2, conc_mol_per_m3, T_K when given. */
    int semi;
    /** Deconvolution of every analysed sweep into reversible waves (lq_echem_cv_deconvolve,
     *  needs T_K); deconv_npeaks components per sweep (0: one per detected peak). */
    int deconv;
    size_t deconv_npeaks;
} lq_echem_cv_analysis_options;

/** Defaults: lq_echem_cv_options_default(), automatic vertices, 4096 sweeps, no D. */
LQ_API lq_echem_cv_analysis_options lq_echem_cv_analysis_options_default(void);

/** One sweep of a record. */
typedef struct lq_echem_cv_sweep_entry {
    size_t start, end; /**< samples [start, end) */
    size_t cycle;      /**< 1-based cycle (two sweeps per cycle) */
    lq_status status;  /**< LQ_OK, or why the sweep was skipped (then `diag` says more) */
    lq_diag diag;
    lq_echem_sweep_result res; /**< valid when status is LQ_OK */
    /** With options.deconv: the sweep deconvoluted into reversible waves
     *  (lq_echem_cv_deconvolve); deconv_status LQ_OK when `deconv` is valid, else why not. */
    lq_status deconv_status;
    lq_diag deconv_diag;
    lq_echem_cv_deconv_result deconv;
} lq_echem_cv_sweep_entry;

/** Nucleation loop and peak separation of one cycle: the forward sweep and the return sweep after
 *  it, both analysed; the forward direction is that of the record's first analysed sweep (a
 *  cathodic sweep then an anodic one, or in an anodic-first record an anodic sweep then a
 *  cathodic one). The nucleation loop is looked for on the cathodic sweep and the anodic sweep
 *  after it (in an anodic-first record, the next cycle's forward sweep). */
typedef struct lq_echem_cv_cycle {
    size_t cycle;            /**< 1-based cycle of the forward sweep */
    size_t sweep_c, sweep_a; /**< 0-based indices of the cathodic and the anodic sweep */
    size_t ncross;           /**< crossovers of a nucleation loop (lq_echem_cv_nucleation_loop), 0
                                  without a deposition/stripping pair (at most LQ_ECHEM_CV_MAX_CROSS
                                  are stored) */
    double E_cross_V[LQ_ECHEM_CV_MAX_CROSS]; /**< on the smoothed currents, return-sweep order */
    const char *loop_note; /**< why no crossover is reported (static text), NULL with a loop */
    double dEp_V;          /**< Epa - Epc of the most prominent peak of each sweep (NaN without) */
    /** The reversible separation 2.218 RT/nF at T_K (57.0/n mV at 298.15 K; Bard & Faulkner, 2nd
     *  ed., Eq. 6.2.21 for a switching potential far past the peak); NaN without n and T. */
    double dEp_rev_V;
    /** Nicholson's kinetic parameter psi = k0 / (pi D n F v / RT)^1/2 read from n dEp by
     *  Lavagnini's fit of Nicholson's working curve (I. Lavagnini, R. Antiochia, F. Magno,
     *  Electroanalysis 16 (2004) 505: psi = (-0.6288 + 0.0021 X) / (1 - 0.017 X), X = n dEp in mV
     *  at 25 C; the curve is for alpha = 0.5, equal D of both species; R. S. Nicholson, Anal.
     *  Chem. 37 (1965) 1351). dEp is scaled to 298.15 K (X = n dEp 298.15 / T). NaN outside the
     *  fit's range 61 <= X <= 212 mV (psi 20 ... 0.1) or without n and T. */
    double psi;
    double k0_m_per_s; /**< psi (pi D n F v / RT)^1/2 with the options' D (NaN without D or psi) */
    double ip_ratio;   /**< |Ip,return / Ip,forward|: the return sweep's first peak on Nicholson's
                            baseline over the forward sweep's last peak (1 for a reversible couple
                            with a stable product; NaN without) */
    lq_echem_quality quality; /**< flags on dEp, psi and k0: anodic peak negative of the cathodic
                                   one, dEp off the reversible value by more than rev_tol,
                                   outside the working curve, alpha outside 0.3-0.7 */
    lq_echem_quality ratio_quality; /**< flags on ip_ratio (a nucleation loop: Nicholson's
                                         relation assumes a soluble product) */
} lq_echem_cv_cycle;

/** One record of a CV analysis. */
typedef struct lq_echem_cv_file {
    const char *name; /**< the record's name (points into names[] or the record) */
    size_t nsweeps;
    lq_echem_cv_sweep_entry *sweeps; /**< [nsweeps] */
    size_t ncycles;
    lq_echem_cv_cycle *cycles;    /**< [ncycles] cycles whose crossovers could be computed */
    double scan_rate_V_per_s;     /**< the file's, else the first analysed sweep's (NaN if none) */
    double largest_cathodic_Ip_A; /**< most negative height of a cathodic peak in the first
                                       cycle, above its conventional baseline (Ip_ext_A; the
                                       local Ip_A where there is none); IUPAC sign; NaN when none */
    /** With options.semi: the semi-integral analysis of the first sweep, its faradaic current
     *  taken above the sweep's charging line (raw current without one). semi_status is LQ_OK
     *  when `semi` is valid, else why not (semi_diag says more; e.g. no times). */
    int has_semi;
    lq_status semi_status;
    lq_diag semi_diag;
    lq_echem_semi_result semi;
    size_t semi_n;    /**< samples of the first sweep */
    double *semi_E_V; /**< [semi_n] its potentials (owned) */
    double *semi_m;   /**< [semi_n] m, A s^1/2, record's sign (owned) */
} lq_echem_cv_file;

/** Result of lq_echem_cv_analyse (free with lq_echem_cv_analysis_free). */
typedef struct lq_echem_cv_analysis {
    size_t nfiles;
    lq_echem_cv_file *files; /**< [nfiles] */
    int has_diffusion;       /**< 1 when options asked for D (then `diffusion` is valid) */
    lq_echem_scanrate_fit diffusion;
    size_t npoints;    /**< records with a cathodic peak and a scan rate, used for D */
    double *v_V_per_s; /**< [npoints] their scan rates */
    double *Ip_A;      /**< [npoints] |largest cathodic Ip| */
    double *sqrt_v;    /**< [npoints] v^1/2, (V/s)^1/2 (abscissa of |Ip| = k v^1/2) */
    double line_sqrt_v[2], line_Ip_A[2]; /**< the line |Ip| = k v^1/2 from 0 to 1.05 max v^1/2 */
    /** dEp of each record's first cycle against log10 v (records with both, >= 2 scan rates):
     *  a dEp that grows with v is flagged in rev_quality (quasi-reversible electron transfer, or
     *  uncompensated resistance). */
    int has_dEp_fit;
    lq_echem_linfit dEp_fit; /**< dEp = a + b log10 v (V, V per decade) */
    lq_echem_quality rev_quality;
} lq_echem_cv_analysis;

/**
 * Analyses cyclic voltammograms: each record split into sweeps at its vertices, every sweep
 * analysed (lq_echem_cv_sweep: smoothing, peaks, baseline, onset), crossovers of every cycle on
 * the smoothed currents of both its sweeps, the largest cathodic peak of the first cycle and, with
 * `diffusion`, D across the records by Randles-Sevcik or Berzins-Delahay
 * (lq_echem_cv_diffusion).
 * @param recs  [nrec] records with potential and current (time optional)
 * @return LQ_OK; LQ_EINVAL (NULL, nrec = 0, bad options, a record that cannot be split into at
 *         most max_sweeps sweeps; diag names it), the statuses of lq_echem_cv_diffusion (e.g.
 *         LQ_EINVAL for fewer than 2 usable records, LQ_ESINGULAR when all scan rates are
 *         equal), LQ_ENOMEM
 */
LQ_API lq_status lq_echem_cv_analyse(const lq_echem_record *const *recs, const char *const *names,
                                     size_t nrec, const lq_echem_cv_analysis_options *opt,
                                     lq_echem_cv_analysis **out, lq_diag *diag);
/** Frees a CV analysis (NULL is a no-op). */
LQ_API void lq_echem_cv_analysis_free(lq_echem_cv_analysis *a);

/**
 * A CV analysis as named fields with units and quality flags (the JSON of `liquidus cv`: per file
 * its sweeps with peaks and deconvoluted waves, its cycles with crossovers, dEp, psi, k0 and
 * |Ipr/Ipf|, the semi-integral with opt->semi; dEp vs log10 v; D) and its text summary.
 * @param a     the analysis (in)
 * @param recs  [a->nfiles] the records it was made from, for their reference electrodes (in)
 * @param opt   the options it was made with (in)
 * @param out   new report (out), free with lq_echem_report_free
 * @return LQ_OK, LQ_EINVAL (NULL), LQ_ENOMEM
 */
LQ_API lq_status lq_echem_cv_report(const lq_echem_cv_analysis *a,
                                    const lq_echem_record *const *recs,
                                    const lq_echem_cv_analysis_options *opt, lq_echem_report **out,
                                    lq_diag *diag);

/* ------------------------------------------------------------------ SWV: whole records */

/** Options of lq_echem_swv_analyse; start from lq_echem_swv_analysis_options_default(). */
typedef struct lq_echem_swv_analysis_options {
    lq_echem_swv_options fit;   /**< the fit of each segment (fit.T_K required) */
    size_t segment;             /**< analyse only this segment (1-based); 0: every segment */
    const char *current_column; /**< extra column used as current (e.g. "Idif_A"); NULL: the
                                     record's current */
} lq_echem_swv_analysis_options;

/** Defaults: lq_echem_swv_options_default(), every segment, the record's current. */
LQ_API lq_echem_swv_analysis_options lq_echem_swv_analysis_options_default(void);

/** One segment (curve) of an SWV record. */
typedef struct lq_echem_swv_segment {
    size_t segment;      /**< 1-based number in the record */
    const char *label;   /**< the segment's label (points into the record) */
    size_t start, count; /**< samples of the record */
    lq_status status;    /**< LQ_OK, or why the segment was not analysed (`diag`) */
    lq_diag diag;
    lq_echem_swv_result fit;               /**< valid when status is LQ_OK */
    double peak_top_A[LQ_ECHEM_MAX_PEAKS]; /**< baseline + height at each peak potential */
    const double *E_V;                     /**< [count] potentials (point into the record) */
    const double *I_A;                     /**< [count] analysed current (point into the record) */
    double *model_A;      /**< [count] fitted model (baseline + all peaks), owned */
    double *components_A; /**< [fit.npeaks * count] baseline + peak k at row k when npeaks > 1,
                               else NULL; owned */
} lq_echem_swv_segment;

/** Result of lq_echem_swv_analyse (free with lq_echem_swv_analysis_free). */
typedef struct lq_echem_swv_analysis {
    size_t nsegments; /**< segments looked at (one with `segment` set) */
    lq_echem_swv_segment *segments;
    size_t n_analysed; /**< segments with status LQ_OK (0: nothing could be fitted) */
} lq_echem_swv_analysis;

/**
 * Deconvolutes every segment (curve) of a square-wave record into a baseline and Gaussian peaks
 * with n = 3.52 R T / (F W1/2) each (lq_echem_swv_fit; Mg-La study §3.1.2), and evaluates the
 * model and its components on the data for figures.
 * @param rec  record with potentials and the chosen current
 * @return LQ_OK (even when no segment could be fitted: see n_analysed); LQ_EINVAL (NULL, T <= 0,
 *         segment beyond the record, no current or no such column); LQ_ENOMEM
 */
LQ_API lq_status lq_echem_swv_analyse(const lq_echem_record *rec,
                                      const lq_echem_swv_analysis_options *opt,
                                      lq_echem_swv_analysis **out, lq_diag *diag);
/** Frees an SWV analysis (NULL is a no-op). */
LQ_API void lq_echem_swv_analysis_free(lq_echem_swv_analysis *a);

/* ------------------------------------------------------------------ CA: whole records */

/** Points of the model curves of lq_echem_ca_analysis. */
#define LQ_ECHEM_SH_CURVE_N 200

/** Options of lq_echem_ca_record_analyse; start from lq_echem_ca_analysis_options_default(). */
typedef struct lq_echem_ca_analysis_options {
    lq_echem_ca_options ca; /**< per segment (ca.t0_s is replaced by `t0_s` below) */
    double t0_s;            /**< time of the potential step on the file's axis; NaN (default): one
                                 sampling interval before each segment's first sample */
    size_t segment;         /**< analyse only this segment (1-based); 0: every segment */
} lq_echem_ca_analysis_options;

/** Defaults: lq_echem_ca_options_default(), t0 from each segment, every segment. */
LQ_API lq_echem_ca_analysis_options lq_echem_ca_analysis_options_default(void);

/** One potential step (segment) of a CA record. */
typedef struct lq_echem_ca_segment {
    size_t segment;         /**< 1-based number in the record */
    const char *label;      /**< the segment's label (points into the record) */
    size_t start, count;    /**< samples of the record */
    lq_status status;       /**< LQ_OK, or why it was not analysed (`diag`) */
    lq_diag diag;           /**< on LQ_OK: a warning (warning = 1) when the result is doubtful,
                                 e.g. no Cottrell region */
    double t0_s;            /**< the step time used */
    lq_echem_ca_result res; /**< valid when status is LQ_OK */
    double cot_t_start_s, cot_t_end_s; /**< Cottrell region, time since t0 (NaN without one) */
    double *t_rel_s;                   /**< [count] time since t0, owned */
    const double *I_A;                 /**< [count] current (points into the record) */
    double *cottrell_I_A; /**< [res.cot_end - res.cot_start] the Cottrell line, signed as the
                               peak, on t_rel_s[cot_start..]; NULL without a region */
    size_t n_dimless;     /**< points with t / t_peak <= max_t_over_tm (0 without a peak) */
    double *t_over_tm;    /**< [n_dimless] t / t_peak */
    double *i2_over_im2;  /**< [n_dimless] (I / I_peak)^2 */
} lq_echem_ca_segment;

/** Result of lq_echem_ca_record_analyse (free with lq_echem_ca_analysis_free). */
typedef struct lq_echem_ca_analysis {
    size_t nsegments;
    lq_echem_ca_segment *segments;
    size_t n_analysed; /**< segments with status LQ_OK */
    /** Scharifker-Hills curves (Mg-La study Eqs. 3-4) on t/t_m in [0.05, max_t_over_tm]. */
    double sh_t_over_tm[LQ_ECHEM_SH_CURVE_N];
    double sh_instantaneous[LQ_ECHEM_SH_CURVE_N];
    double sh_progressive[LQ_ECHEM_SH_CURVE_N];
} lq_echem_ca_analysis;

/**
 * Analyses every potential step (segment) of a chronoamperometry record with
 * lq_echem_ca_analyse (nucleation maximum, Scharifker-Hills Eqs. 3-4, Cottrell region and D by
 * Eq. 5 of the Mg-La study), and the arrays its figures draw.
 * Options that lq_echem_ca_analyse refuses (e.g. max_t_over_tm <= 1) make every segment fail
 * with that status.
 * @return LQ_OK (parts may have failed: see each status and n_analysed); LQ_EINVAL (NULL, no time
 *         or current, segment beyond the record); LQ_ENOMEM
 */
LQ_API lq_status lq_echem_ca_record_analyse(const lq_echem_record *rec,
                                            const lq_echem_ca_analysis_options *opt,
                                            lq_echem_ca_analysis **out, lq_diag *diag);
/** Frees a CA analysis (NULL is a no-op). */
LQ_API void lq_echem_ca_analysis_free(lq_echem_ca_analysis *a);

/* ------------------------------------------------------------------ OCP: whole records */

/** Options of lq_echem_ocp_analyse; start from lq_echem_ocp_analysis_options_default(). */
typedef struct lq_echem_ocp_analysis_options {
    lq_echem_ocp_options ocp; /**< plateau detection */
    size_t segment;           /**< analyse only this segment (1-based); 0: every segment */
} lq_echem_ocp_analysis_options;

/** Defaults: lq_echem_ocp_options_default(), every segment. */
LQ_API lq_echem_ocp_analysis_options lq_echem_ocp_analysis_options_default(void);

/** One segment of an OCP record. */
typedef struct lq_echem_ocp_segment {
    size_t segment;    /**< 1-based number in the record */
    const char *label; /**< points into the record */
    lq_status status;  /**< LQ_OK, or why it was not analysed (`diag`) */
    lq_diag diag;
    size_t nplateaus;
    lq_echem_plateau *plateaus; /**< [nplateaus], in time order, owned */
} lq_echem_ocp_segment;

/** Result of lq_echem_ocp_analyse (free with lq_echem_ocp_analysis_free). */
typedef struct lq_echem_ocp_analysis {
    size_t nsegments;
    lq_echem_ocp_segment *segments;
    size_t n_analysed; /**< segments with status LQ_OK */
} lq_echem_ocp_analysis;

/**
 * Finds the potential plateaus (two-phase coexistences, Mg-La study Fig. 5) of every segment of
 * an open-circuit record (lq_echem_ocp_plateaus).
 * @return LQ_OK (parts may have failed: see n_analysed); LQ_EINVAL (NULL, no time or potential,
 *         segment beyond the record); LQ_ENOMEM
 */
LQ_API lq_status lq_echem_ocp_analyse(const lq_echem_record *rec,
                                      const lq_echem_ocp_analysis_options *opt,
                                      lq_echem_ocp_analysis **out, lq_diag *diag);
/** Frees an OCP analysis (NULL is a no-op). */
LQ_API void lq_echem_ocp_analysis_free(lq_echem_ocp_analysis *a);

#ifdef __cplusplus
}
#endif
#endif /* LIQUIDUS_ECHEM_H */
