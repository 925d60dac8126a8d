/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Thermal analysis: calorimeter files, DSC baselines, onsets, peak areas, heating-rate series,
 * calibration with reference metals, ZPF datasets and DSC traces predicted from a database. */
#ifndef LIQUIDUS_THERMAL_H
#define LIQUIDUS_THERMAL_H

#include <stddef.h>

#include "liquidus/assess.h"
#include "liquidus/status.h"
#include "liquidus/thermo.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ============================================================================================ */
/* Files (src/thermal/io)                                                                       */
/* ============================================================================================ */

/** Calorimeter export formats; each is one record of the reader table (src/thermal/io/read.c). */
typedef enum lq_thermal_format {
    LQ_THERMAL_FORMAT_AUTO = 0, /**< recognised from the content */
    LQ_THERMAL_FORMAT_NETZSCH,  /**< NETZSCH Proteus ASCII export (#-headed, ##column line) */
    LQ_THERMAL_FORMAT_TA,       /**< TA Instruments Universal Analysis / TRIOS text export */
    LQ_THERMAL_FORMAT_METTLER,  /**< Mettler-Toledo STARe text export (Index t Ts Tr Value) */
    LQ_THERMAL_FORMAT_SETARAM,  /**< Setaram Calisto / SetSoft export (Furnace temperature ...) */
    LQ_THERMAL_FORMAT_PERKINELMER, /**< PerkinElmer Pyris text export */
    LQ_THERMAL_FORMAT_LINSEIS,     /**< Linseis TA-Evaluation text export */
    LQ_THERMAL_FORMAT_CSV,         /**< plain delimited table with named columns */
    LQ_THERMAL_FORMAT_COUNT_
} lq_thermal_format;

/** Short name of a format ("netzsch", "ta", ...), static; "?" out of range. */
LQ_API const char *lq_thermal_format_name(lq_thermal_format f);
/** Format from its short name (case-insensitive); LQ_ENOTFOUND for an unknown name. */
LQ_API lq_status lq_thermal_format_from_name(const char *name, lq_thermal_format *f);

/** Kind of a temperature segment. */
typedef enum lq_thermal_segment_kind {
    LQ_THERMAL_HEATING = 0,
    LQ_THERMAL_COOLING,
    LQ_THERMAL_ISOTHERMAL
} lq_thermal_segment_kind;

/** Name of a segment kind ("heating", "cooling", "isothermal"), static. */
LQ_API const char *lq_thermal_segment_kind_name(lq_thermal_segment_kind k);

/** One segment of a trace: rows [start, start + n). */
typedef struct lq_thermal_segment {
    size_t start, n;
    lq_thermal_segment_kind kind;
    double rate_K_per_s; /**< mean dT/dt over the segment (least squares), K/s */
    int from_file;       /**< 1 when the file states the segment, 0 when found from the data */
} lq_thermal_segment;

/** Unit basis of the heat-flow column as read (converted to SI). */
typedef enum lq_thermal_signal_unit {
    LQ_THERMAL_SIGNAL_W = 0,    /**< heat flow, W */
    LQ_THERMAL_SIGNAL_W_PER_KG, /**< heat flow per sample mass, W/kg (mW/mg, W/g in files) */
    LQ_THERMAL_SIGNAL_V,        /**< uncalibrated thermocouple signal, V (NETZSCH uV) */
    LQ_THERMAL_SIGNAL_V_PER_KG  /**< uncalibrated signal per mass, V/kg (uV/mg) */
} lq_thermal_signal_unit;

/**
 * A calorimeter trace in SI units. Heat flow is kept as written in the file (after the unit
 * conversion); `exo_sign` says its sign convention: +1 exothermic effects positive ("exo up"),
 * -1 exothermic negative ("exo down", endothermic up), 0 not stated by the file nor the options.
 * Free with lq_thermal_trace_free.
 */
typedef struct lq_thermal_trace {
    lq_thermal_format format;
    char file[256];       /**< name in messages */
    char instrument[128]; /**< as the file gives it, or "" */
    char sample[128];     /**< sample name, or "" */
    size_t n;             /**< rows */
    double *t_s;          /**< [n] time, s (from the start of the file's time axis) */
    double *T_K;          /**< [n] sample temperature, K */
    double *hf;           /**< [n] heat flow in `hf_unit` */
    long *line;           /**< [n] line of each row in the file (1-based) */
    lq_thermal_signal_unit hf_unit;
    char hf_label[64];   /**< heat-flow column as written, e.g. "DSC/(mW/mg)" */
    int exo_sign;        /**< +1 exo up, -1 exo down, 0 unknown */
    int has_time;        /**< 0: the file has no time column (t_s from T and the rate) */
    double mass_kg;      /**< sample mass, kg; NaN when not given */
    double rate_K_per_s; /**< heating rate stated in the file, K/s; NaN when not given */
    size_t n_segments;
    lq_thermal_segment *segments; /**< [n_segments] in file order */
    size_t n_warnings;
    char **warnings; /**< [n_warnings] notes on what the reader assumed */
} lq_thermal_trace;

/** Reading options; defaults from lq_thermal_read_options_default. */
typedef struct lq_thermal_read_options {
    lq_thermal_format format; /**< AUTO (default) or one format */
    /** Plain CSV (and any format, to override the guess): column names or 1-based numbers as
     *  text ("2"); NULL means guess from the header. */
    const char *T_column, *time_column, *hf_column;
    /** Units of those columns when the header gives none: "C" or "K"; "s", "min"; "mW", "W",
     *  "W/g", "mW/mg", "uV"; NULL means from the header (default C, s, mW when absent). */
    const char *T_unit, *time_unit, *hf_unit;
    int exo_sign;   /**< +1/-1 forces the sign convention, 0 (default) keeps the file's */
    double mass_kg; /**< > 0 overrides the file's sample mass; NaN (default) keeps it */
    double isothermal_K_per_s; /**< |dT/dt| below this is isothermal (default 0.05 K/min) */
    size_t min_segment_points; /**< shorter runs of one direction are merged (default 10) */
    double backstep_K;         /**< largest return against a segment's direction accepted (noise,
                                    recalescence on crystallisation: TA eicosane file 1.1 K) (5 K) */
} lq_thermal_read_options;

/** Fills the defaults listed in lq_thermal_read_options (NULL is a no-op). */
LQ_API void lq_thermal_read_options_default(lq_thermal_read_options *opt);

/**
 * Reads a calorimeter export: UTF-8 (with or without BOM), Latin-1/Windows-1252 or UTF-16 (with
 * BOM) text, decimal point or comma, tab, semicolon, comma or blank separated. The format is
 * recognised from the content unless opt->format says it. Segments come from the file when it
 * states them (NETZSCH segment column, TA segment markers) and from dT/dt otherwise; the
 * temperature must be monotonic within each heating or cooling segment (steps against it up to
 * opt->backstep_K allowed).
 * @param path  file (in)
 * @param opt   options, or NULL for the defaults
 * @param out   new trace (out), free with lq_thermal_trace_free
 * @param diag  on failure: file, line, column and field (e.g. no heat-flow column, temperature
 *              not monotonic within a segment, an empty segment)
 * @return LQ_OK, LQ_EINVAL, LQ_EIO, LQ_EPARSE, LQ_ENOMEM
 */
LQ_API lq_status lq_thermal_read_file(const char *path, const lq_thermal_read_options *opt,
                                      lq_thermal_trace **out, lq_diag *diag);
/** Same from memory: data [size] bytes (any encoding above); `name` for messages. */
LQ_API lq_status lq_thermal_read_buffer(const char *data, size_t size, const char *name,
                                        const lq_thermal_read_options *opt, lq_thermal_trace **out,
                                        lq_diag *diag);
/** Frees a trace (NULL is a no-op). */
LQ_API void lq_thermal_trace_free(lq_thermal_trace *tr);

/* ============================================================================================ */
/* DSC analysis (src/thermal/dsc)                                                               */
/* ============================================================================================ */

/** Baseline under a peak. */
typedef enum lq_dsc_baseline_kind {
    LQ_DSC_BASELINE_LINEAR = 0, /**< straight line from the start to the end of the peak */
    LQ_DSC_BASELINE_SIGMOIDAL   /**< pre- and post-peak lines weighted by the converted fraction
                                     (ISO 11357-1 sigmoidal baseline; iterated) */
} lq_dsc_baseline_kind;

/** Options of lq_dsc_analyse; defaults from lq_dsc_options_default. */
typedef struct lq_dsc_options {
    long segment; /**< segment index to analyse; -1 (default): the longest heating one */
    lq_dsc_baseline_kind baseline; /**< default LINEAR */
    double smooth_K;        /**< moving-average width for peak search and slopes, K (default 1) */
    double threshold_sigma; /**< a peak exceeds the baseline noise by this many sigma (8) */
    double min_area_frac; /**< peaks smaller than this fraction of the largest are dropped (0.01) */
    double fit_window_K;  /**< pre/post-peak baseline fit windows, K (default 10) */
    size_t baseline_degree; /**< degree of the global baseline polynomial used to find peaks (2) */
    /** Molar mass of the sample, kg/mol (mean per mole of atoms of the alloy) for J/mol; NaN
     *  (default): enthalpies per mole are NaN. lq_thermal_molar_mass computes it. */
    double molar_mass_kg_per_mol;
    /** Calibration applied to temperatures and areas before the analysis, or NULL. */
    const struct lq_dsc_calibration *calibration;
} lq_dsc_options;

/** Fills the defaults listed in lq_dsc_options (NULL is a no-op). */
LQ_API void lq_dsc_options_default(lq_dsc_options *opt);

/** One thermal event of a DSC segment. */
typedef struct lq_dsc_peak {
    int endothermic;           /**< 1 endothermic, 0 exothermic, -1 sign convention unknown */
    int direction;             /**< +1 the signal rises above the baseline, -1 falls below it */
    double T_start_K, T_end_K; /**< integration limits, K (where the signal leaves/rejoins) */
    double T_onset_K;   /**< extrapolated onset: tangent at the leading inflection point crossed
                             with the pre-peak baseline (ISO 11357-1 T_ei, ASTM E794), K */
    double T_onset_u_K; /**< standard uncertainty of T_onset from the tangent fit, K */
    double T_peak_K;    /**< extremum of signal - baseline, K (parabola through 3 points) */
    double T_endset_K;  /**< extrapolated end: trailing tangent crossed with the post-peak
                             baseline (ISO 11357-1 T_ef), K */
    double height;      /**< |signal - baseline| at the peak, signal units */
    /** |Integral of (signal - baseline) dt|: J when the signal is W; J/kg when W/kg or when the
     *  sample mass is known; V s (or V s/kg) for an uncalibrated signal. */
    double area;
    double area_J_per_kg;  /**< enthalpy per mass, J/kg; NaN without a calibrated signal or mass */
    double area_J_per_mol; /**< enthalpy per mole (of atoms), J/mol; NaN without a molar mass */
    size_t i_start, i_peak, i_end; /**< rows of the segment (indices into the trace) */
} lq_dsc_peak;

/** Result of lq_dsc_analyse; free with lq_dsc_result_free. */
typedef struct lq_dsc_result {
    size_t segment;          /**< analysed segment */
    double rate_K_per_s;     /**< its heating rate */
    size_t start, n;         /**< its rows [start, start + n) of the trace */
    double *T_K;             /**< [n] temperature after calibration, K */
    double *signal;          /**< [n] signal, endothermic positive when the convention is known
                                  (else as written), per kg when the mass is known */
    double *baseline;        /**< [n] baseline (global fit outside peaks, peak baselines within) */
    const char *signal_unit; /**< "W/kg", "W", "V/kg" or "V" (static) */
    double noise;            /**< robust standard deviation of signal - baseline off the peaks */
    size_t n_peaks;
    lq_dsc_peak *peaks; /**< [n_peaks] by temperature */
} lq_dsc_result;

/**
 * Finds, integrates and characterises the peaks of one segment of a trace: global baseline by
 * an iteratively trimmed polynomial fit, peaks as runs beyond threshold_sigma noise levels, then
 * per peak a linear or sigmoidal baseline between pre- and post-peak fits, the area by the
 * trapezoidal rule in time, the extrapolated onset and end by tangents at the inflection points
 * (ISO 11357-1:2016 section 3; ASTM E794-06), and the peak temperature.
 * @return LQ_OK, LQ_EINVAL (NULL, bad options, no such segment, an isothermal segment), LQ_EDOM
 *         (a segment of fewer than 20 points), LQ_ENOMEM
 */
LQ_API lq_status lq_dsc_analyse(const lq_thermal_trace *tr, const lq_dsc_options *opt,
                                lq_dsc_result **out, lq_diag *diag);
/** Frees a result (NULL is a no-op). */
LQ_API void lq_dsc_result_free(lq_dsc_result *r);

/**
 * Mean molar mass of an alloy per mole of atoms from its composition: sum x_i M_i (IUPAC 2021
 * standard atomic weights, lq_element_find), with x normalised.
 * @param elements [n] symbols (case-insensitive), x [n] mole fractions > 0
 * @return LQ_OK, LQ_EINVAL, LQ_ENOTFOUND (unknown element)
 */
LQ_API lq_status lq_thermal_molar_mass(const char *const *elements, const double *x, size_t n,
                                       double *M_kg_per_mol);

/* ----- heating-rate series ------------------------------------------------------------------ */

/** Straight-line extrapolation of a transition temperature to zero heating rate. */
typedef struct lq_dsc_rate_fit {
    double T0_K, T0_u_K;       /**< intercept (rate 0) and its standard error, K */
    double slope_s, slope_u_s; /**< dT/d(rate) = thermal lag, s, and its standard error */
    double rms_K;              /**< residual rms, K */
    size_t n;
} lq_dsc_rate_fit;

/**
 * T_i = T0 + tau * rate_i by least squares over n >= 2 runs (lqi_linfit): the thermal lag of a
 * heat-flux DSC grows linearly with the rate (Hoehne, Hemminger, Flammersheim, Differential
 * Scanning Calorimetry, 2nd ed., Springer 2003, section 4.4; ASTM E967 uses the same line).
 * @param rate_K_per_s [n] heating rates (> 0 for heating, < 0 cooling), T_K [n] temperatures
 * @return LQ_OK, LQ_EINVAL (NULL, n < 2, non-finite), LQ_ESINGULAR (all rates equal)
 */
LQ_API lq_status lq_dsc_rate_extrapolate(const double *rate_K_per_s, const double *T_K, size_t n,
                                         lq_dsc_rate_fit *fit);

/* ----- calibration ---------------------------------------------------------------------------- */

/** A reference metal for DSC calibration. */
typedef struct lq_dsc_reference {
    const char *element;    /**< "In", "Sn", "Bi", "Zn", "Al", "Ag" */
    double T_fus_K;         /**< melting temperature, K */
    double dH_fus_J_per_kg; /**< enthalpy of fusion, J/kg; NaN when not tabulated */
    const char *source;     /**< where both numbers come from */
} lq_dsc_reference;

/** The reference metals, in order of melting temperature; *n gets their number. Static. */
LQ_API const lq_dsc_reference *lq_dsc_references(size_t *n);
/** A reference metal by symbol (case-insensitive); NULL when not tabulated. */
LQ_API const lq_dsc_reference *lq_dsc_reference_find(const char *element);

/** Linear temperature correction T_true = a + b T_measured and an enthalpy factor. */
typedef struct lq_dsc_calibration {
    double a_K, b;      /**< T_true = a_K + b * T_measured (identity: 0, 1) */
    double area_factor; /**< true / measured enthalpy (1: none) */
    double rms_K;       /**< residual of the temperature fit over the standards, K */
    size_t n_standards;
} lq_dsc_calibration;

/** The identity calibration (NULL is a no-op). */
LQ_API void lq_dsc_calibration_identity(lq_dsc_calibration *cal);

/**
 * Calibration from measured onsets (and optionally areas) of reference metals: with one standard
 * a shift (b = 1), with two or more a straight line in T (ISO 11357-1 section 8, GEFTA
 * recommendation: Hoehne et al., Thermochim. Acta 160 (1990) 1). The enthalpy factor is the
 * mean of dH_ref / area_measured over the standards with a measured area and a tabulated
 * enthalpy (1 when none).
 * @param elements [n] reference metals; T_onset_K [n] measured onsets, K; area_J_per_kg [n]
 *                 measured enthalpies, J/kg, or NULL (entries may be NaN: not measured)
 * @return LQ_OK, LQ_EINVAL (NULL, n = 0, non-finite onset), LQ_ENOTFOUND (not a reference metal),
 *         LQ_ESINGULAR (two standards with the same onset)
 */
LQ_API lq_status lq_dsc_calibration_fit(const char *const *elements, const double *T_onset_K,
                                        const double *area_J_per_kg, size_t n,
                                        lq_dsc_calibration *cal, lq_diag *diag);
/** Applies a calibration to one temperature, K. */
LQ_API double lq_dsc_calibration_T(const lq_dsc_calibration *cal, double T_measured_K);

/* ----- datasets ------------------------------------------------------------------------------ */

/**
 * ESPEI ZPF dataset of one transition measured by DSC: one phase region at T_K (the onset)
 * with the phases in equilibrium at the invariant or boundary; x_comp[p] is the mole fraction of
 * `comp` in phase p, NaN where unknown (at least one must be known, as ESPEI needs). The
 * uncertainty goes into the dataset's comment ("T = 539.2 +- 1.5 K, DSC onset on heating ...").
 * @return LQ_OK, LQ_EINVAL (NULL, n_phases 0 or > 3, no known composition, T <= 0),
 *         LQ_ENOMEM, or a status of lq_dataset_build_zpf
 */
LQ_API lq_status lq_dsc_zpf_dataset(const char *comp, const char *other, const char *const *phases,
                                    const double *x_comp, size_t n_phases, double T_K, double T_u_K,
                                    const char *reference, const char *comment_extra,
                                    lq_dataset **out, lq_diag *diag);

/* ----- prediction from a database --------------------------------------------------------- */

/** Options of lq_dsc_predict; defaults from lq_dsc_predict_options_default. */
typedef struct lq_dsc_predict_options {
    double T_min_K, T_max_K; /**< range (defaults 400, 1400 K) */
    double dT_K;             /**< equilibrium spacing, K (default 0.5) */
    double rate_K_per_s;     /**< heating rate (default 10 K/min) */
    /** Instrument response: first-order (exponential) lag with time constant tau_s (default 5 s),
     *  the heat-flux DSC response of the Tian equation (Hoehne et al. 2003, section 5.2),
     *  convolved with a Gaussian of standard deviation sigma_K (default 0.5 K). */
    double tau_s, sigma_K;
} lq_dsc_predict_options;

/** Fills the defaults listed in lq_dsc_predict_options (NULL is a no-op). */
LQ_API void lq_dsc_predict_options_default(lq_dsc_predict_options *opt);

/** A predicted DSC trace; free with lq_dsc_prediction_free. */
typedef struct lq_dsc_prediction {
    size_t n;
    double *T_K;         /**< [n] temperatures, K */
    double *H_J_per_mol; /**< [n] enthalpy of the equilibrium state per mole of atoms, J/mol */
    double *cp_app;      /**< [n] apparent heat capacity dH/dT, J/(mol K) (latent heat included) */
    double *signal_W_per_mol; /**< [n] predicted heat flow, endothermic positive: rate * dH/dT
                                   convolved with the instrument response, W per mol of atoms */
    double *cp_frozen; /**< [n] heat capacity at fixed phase amounts (lq_eq_result.Cp), J/(mol K):
                            what a DSC baseline follows */
    double *excess_W_per_mol; /**< [n] rate * (dH/dT - cp_frozen) through the same response: the
                                   heat of transformation alone, comparable with a measured
                                   signal minus its baseline */
    size_t n_transitions;
    double *T_transition_K; /**< [n_transitions] where the set of stable phases changes, K */
    double *dH_transition_J_per_mol; /**< [n_transitions] latent heat absorbed there, J/mol */
    size_t n_failed; /**< temperatures without a converged equilibrium (interpolated over) */
} lq_dsc_prediction;

/**
 * The DSC trace of an alloy of overall composition x predicted from a database: equilibrium
 * (lq_eq_solve) on a grid of temperatures, H(T) of the equilibrium state, the temperatures where
 * the set of stable phases changes located by bisection to 1e-3 K, the latent heat at invariants
 * as the jump of H across them, the apparent heat capacity dH/dT, then rate * dH/dT convolved
 * with the instrument response (first-order lag tau and Gaussian sigma).
 * @return LQ_OK, LQ_EINVAL (NULL, bad range or options), LQ_ENOCONV (no temperature converged),
 *         LQ_ENOMEM
 */
LQ_API lq_status lq_dsc_predict(lq_eq_ws *ws, const double *x, size_t ncomp,
                                const lq_dsc_predict_options *opt, lq_dsc_prediction **out,
                                lq_diag *diag);
/** Frees a prediction (NULL is a no-op). */
LQ_API void lq_dsc_prediction_free(lq_dsc_prediction *p);

#ifdef __cplusplus
}
#endif
#endif /* LIQUIDUS_THERMAL_H */
