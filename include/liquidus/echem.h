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
    LQ_ECHEM_FMT_BIOLOGIC_MPR,     /**< BioLogic EC-Lab binary (.mpr), data module versions 0,2,3 */
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

#ifdef __cplusplus
}
#endif
#endif /* LIQUIDUS_ECHEM_H */
